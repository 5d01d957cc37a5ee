/* The course website's own script (site/conf.py loads it deferred, after the theme's).
 *
 * 1. The sidebar buttons work at every width. Work-around for pydata-sphinx-theme #2451
 *    ("Mobile primary-sidebar toggle silently does nothing with some themes", open, impact:
 *    high) and sphinx-book-theme #988: both themes bind their drawer buttons with
 *    document.querySelector(".primary-toggle") and (".secondary-toggle"), i.e. the first such
 *    button of the page. pydata-sphinx-theme's own top bar, which sphinx-book-theme hides, has
 *    one of each whenever it holds anything; the visible buttons of the article header then
 *    get no listener, and below 1200 px tapping ☰ or the section list opens nothing. conf.py
 *    keeps that bar empty (navbar_persistent = []), so the visible buttons come first; should
 *    a theme version add another toggle again, a click on any toggle but the bound one of its
 *    kind is forwarded to the bound one, before any listener of its own runs (a fixed theme
 *    does not open the drawer twice). An open drawer gets a visible "Close" button ("关闭" on
 *    the Chinese edition's pages, <html lang="zh-CN">).
 * 2. The search page's snippets are taken from the article only (not the header's menus or
 *    the print-only contents), with the math as plain text instead of raw LaTeX.
 */
"use strict";

(() => {
  const CHINESE = document.documentElement.lang.startsWith("zh");
  const KINDS = {
    "primary-toggle": {
      dialog: "pst-primary-sidebar-modal",
      label: CHINESE ? "关闭目录" : "Close the contents",
    },
    "secondary-toggle": {
      dialog: "pst-secondary-sidebar-modal",
      label: CHINESE ? "关闭本页各节" : "Close the sections",
    },
  };
  const CLOSE = CHINESE ? "关闭" : "Close";

  const SELECTOR = Object.keys(KINDS).map((name) => `.${name}`).join(", ");

  /** A visible "Close" button at the top of an open drawer; removed when it closes. */
  const addCloseButton = (dialog, label) => {
    if (!dialog || !dialog.open || dialog.querySelector(".l10-drawer-close")) {
      return;
    }
    const button = document.createElement("button");
    button.type = "button";
    button.className = "l10-drawer-close";
    button.setAttribute("aria-label", label);
    button.innerHTML = `<span aria-hidden="true">✕</span> ${CLOSE}`;
    button.addEventListener("click", () => dialog.close());
    dialog.prepend(button);
    // the theme's own "close" listener moves the drawer's nodes back to the sidebar first
    dialog.addEventListener("close", () => button.remove(), { once: true });
    button.focus();
  };

  document.addEventListener(
    "click",
    (event) => {
      const button = event.target.closest && event.target.closest(SELECTOR);
      if (!button) {
        return;
      }
      const kind = Object.keys(KINDS).find((name) => button.classList.contains(name));
      const bound = document.querySelector(`.${kind}`); // the one the themes listen to
      if (button !== bound && bound) {
        event.preventDefault();
        event.stopImmediatePropagation();
        bound.click(); // runs the themes' listeners (a drawer below 992/1200 px, else collapse)
      }
      // after the themes' listeners, whichever button they listen to
      const { dialog, label } = KINDS[kind];
      setTimeout(() => addCloseButton(document.getElementById(dialog), label));
    },
    true,
  );

  // ---------------------------------------------------------------- search snippets
  const SYMBOLS = {
    alpha: "α", beta: "β", gamma: "γ", delta: "δ", Delta: "Δ", epsilon: "ε", varepsilon: "ε",
    eta: "η", theta: "θ", lambda: "λ", mu: "μ", sigma: "σ", Sigma: "Σ", tau: "τ", phi: "φ",
    pi: "π", rho: "ρ", omega: "ω", nabla: "∇", partial: "∂", sum: "Σ", prod: "Π", cdot: "·",
    times: "×", le: "≤", leq: "≤", ge: "≥", geq: "≥", ne: "≠", neq: "≠", approx: "≈", to: "→",
    rightarrow: "→", leftarrow: "←", gets: "←", infty: "∞", in: "∈", pm: "±", lVert: "‖",
    rVert: "‖", Vert: "‖", lvert: "|", rvert: "|", top: "ᵀ", ell: "ℓ", odot: "⊙",
    ldots: "…", dots: "…", cdots: "⋯", min: "min", max: "max", log: "log", exp: "exp",
    arg: "arg", sim: "∼", propto: "∝", mid: "|", quad: " ", qquad: " ", lbrace: "{", rbrace: "}",
  };
  const SUPERSCRIPTS = { 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", n: "ⁿ", T: "ᵀ", "ᵀ": "ᵀ" };
  const SUBSCRIPTS = { 0: "₀", 1: "₁", 2: "₂", 3: "₃", 4: "₄", i: "ᵢ", j: "ⱼ", n: "ₙ" };

  /** TeX as plain text for a search snippet, e.g. λ/(2n)‖w‖₂²: no backslash left. */
  const plainMath = (tex) => {
    const ARG = String.raw`(\{[^{}]*\}|[^\s{}\\])`; // a {group} or one character
    const bare = (s) => s.replace(/^\{([^{}]*)\}$/, "$1").trim();
    const wrap = (s) => (/^([\p{L}]|[\p{N}.]+)$/u.test(s) || /^\([^()]*\)$/.test(s) ? s : `(${s})`);
    const script = (table, mark) => (_, a) => {
      const arg = bare(a);
      return arg.length === 1 && table[arg] ? table[arg] : `${mark}${wrap(arg)}`;
    };
    let text = tex
      .replace(/^\s*(\\\(|\\\[|\$\$?)/, "")
      .replace(/(\\\)|\\\]|\$\$?)\s*$/, "")
      .replace(/\\(left|right|[bB]igg?[lr]?)\b/g, "")
      .replace(/\\([A-Za-z]+)/g, (command, name) => SYMBOLS[name] ?? command);
    const FONTS = "mathbf|mathrm|mathit|mathcal|mathbb|boldsymbol|operatorname|textrm|text";
    const ACCENTS = "boxed|hat|tilde|bar|vec";
    const rule = (source) => new RegExp(source, "g");
    const rules = [
      [rule(String.raw`\\(?:${FONTS}|${ACCENTS})\s*${ARG}`), (_, a) => bare(a)],
      [rule(String.raw`\\(?:under|over)brace\s*\{([^{}]*)\}(?:\s*[_^]\s*\{[^{}]*\})?`), "$1"],
      [
        rule(String.raw`\\[dt]?frac\s*${ARG}\s*${ARG}`),
        (_, a, b) => `${wrap(bare(a))}/${wrap(bare(b))}`,
      ],
      [rule(String.raw`\\sqrt\s*${ARG}`), (_, a) => `√${wrap(bare(a))}`],
      // written with stand-ins for ^ and _, so that no rule matches its own output again
      [rule(String.raw`\^\s*${ARG}`), script(SUPERSCRIPTS, "\u0001")],
      [rule(String.raw`_\s*${ARG}`), script(SUBSCRIPTS, "\u0002")],
    ];
    let before;
    do {
      before = text;
      for (const [pattern, replacement] of rules) {
        text = text.replace(pattern, replacement);
      }
    } while (text !== before);
    return text
      .replace(/\u0001/g, "^")
      .replace(/\u0002/g, "_")
      .replace(/\\[,;:!> ]/g, " ")
      .replace(/\\\\/g, " ")
      .replace(/\\([{}|%$&#_])/g, "$1")
      .replace(/\\[A-Za-z]+/g, "")
      .replace(/[{}&]/g, "")
      .replace(/\s+/g, " ")
      .trim();
  };

  /** The text of a page's article for the search snippets: no menus, math as plain text. */
  const articleText = (htmlString, anchor) => {
    const doc = new DOMParser().parseFromString(htmlString, "text/html");
    const drop = ".headerlink, script, style, button, .l10-page-facts, .l10-figure-caption";
    doc.querySelectorAll(drop).forEach((el) => el.remove());
    doc.querySelectorAll(".math").forEach((el) => el.replaceWith(` ${plainMath(el.textContent)} `));
    const article = doc.querySelector("article.bd-article") || doc.querySelector('[role="main"]');
    if (!article) {
      return "";
    }
    const block = anchor ? article.querySelector(anchor) : null;
    return (block || article).textContent.replace(/\s+/g, " ");
  };

  if (typeof Search !== "undefined" && Search.htmlToText) {
    Search.htmlToText = articleText;
  }
  window.l10PlainMath = plainMath; // for the site's tests
})();
