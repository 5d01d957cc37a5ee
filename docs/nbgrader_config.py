"""nbgrader configuration for this bundle: copy it into your nbgrader course folder.

The solution notebooks end with worked answers to their questions, in cells tagged
``worked-answer`` that are for instructors only. ``python -m tools.release`` leaves them
out of the student notebooks; with this file nbgrader's ``generate_assignment`` does the same
(tests/test_release.py checks both give the same student notebooks).
"""

from nbconvert.preprocessors import TagRemovePreprocessor
from nbgrader.converters import GenerateAssignment

c = get_config()  # noqa: F821 - defined by traitlets when it loads this file
c.GenerateAssignment.preprocessors = [TagRemovePreprocessor, *GenerateAssignment().preprocessors]
c.TagRemovePreprocessor.enabled = True
c.TagRemovePreprocessor.remove_cell_tags = {"worked-answer"}
# Every notebook calls use_threads(); notebook 4's sweeps take several seconds a cell: leave
# room on a busy grading machine (nbgrader's default is 30 s per cell).
c.Execute.timeout = 300
