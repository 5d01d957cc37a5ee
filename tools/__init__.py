"""Instructor and maintainer tools, run from the repository root; no notebook imports them.

``python -m tools.release`` (the student release and the Otter-Grader autograders),
``python -m tools.otter_grading`` (grade a class with Otter-Grader) and ``python -m tools.bench``
(speed). They are not part of the installed ``l10_utils`` package that students' notebooks use.
"""
