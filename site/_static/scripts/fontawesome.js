/* The course website's replacement for pydata-sphinx-theme's _static/scripts/fontawesome.js
   (site/conf.py, issue 35). The theme's file is Font Awesome's SVG-and-JS bundle, 1.56 MB, the
   largest file of a first visit; its own CSS already draws every icon the pages use
   (<i class="fa-solid fa-bars"> and the like) from Font Awesome's web fonts in
   _static/vendor/fontawesome/webfonts/, so this file is empty on purpose: the site's static
   folder overrides the theme's file of the same name. */
