"""Pre-merge architecture checks: rules from a TOML file, checked against a repository.

Deterministic rules (forbidden imports, layers, import cycles, allowed callers) are answered
exactly and for free from the index's import and call graphs; question rules are yes/no
questions answered by the recursive language model, and skipped without one. This package
sits beside ``rlm_code.agent``'s callers: it uses the library and nothing below imports it.
"""

from __future__ import annotations

from .changes import Changes, changed_files, changes_since
from .formats import FORMATS, render
from .report import CheckReport, RuleResult, Violation
from .rules import KINDS, Rule, RuleError, RuleSet, load_rules
from .run import run_checks

__all__ = [
    "FORMATS",
    "KINDS",
    "Changes",
    "CheckReport",
    "Rule",
    "RuleError",
    "RuleResult",
    "RuleSet",
    "Violation",
    "changed_files",
    "changes_since",
    "load_rules",
    "render",
    "run_checks",
]
