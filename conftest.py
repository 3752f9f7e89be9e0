"""Runs the Python examples of README.md and docs/*.md as tests, with Sybil.

A ``python`` code block runs as a script (or as doctests when it holds ``>>>`` prompts); a
``<!-- skip: next -->`` comment before a block skips it (for recipes that need a cluster or
files of your own).
"""

from __future__ import annotations

from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser, SkipParser

pytest_collect_file = Sybil(
    parsers=[PythonCodeBlockParser(), SkipParser()],
    patterns=["*.md"],
    excludes=["changelog.md", "CHANGELOG.md"],
).pytest()
