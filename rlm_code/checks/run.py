"""One check run: every rule of a rule set against one repository, optionally limited to what
a branch changed.

Deterministic rules run first, so a rule that does not fit the repository (a glob matching no
file, an unknown symbol) stops the run before any model is paid for. With ``changed_since``,
a deterministic violation is kept only when the change added or rewrote a line it is made of
(its import or call; for a cycle, any import of the cycle), so a violation that was there
before the branch, in a file the branch merely edits or imports, does not block it. A
question rule is instead asked about the changed files, and its findings are kept as the
model gives them.
"""

from __future__ import annotations

import sys
from functools import cached_property

from ..config import Settings
from ..llm import Model
from ..repo import ImportEdge, Repo
from .callers import check_allowed_callers
from .changes import Changes, changes_since
from .imports import check_cycles, check_forbidden_import, check_layers
from .questions import check_question
from .report import CheckReport, RuleResult, Violation, status_of
from .rules import AllowedCallers, ForbiddenImport, Layers, NoCycles, QuestionRule, Rule, RuleSet

__all__ = ["run_checks"]


class _Facts:
    """What the deterministic rules read from the index, each computed once when first needed."""

    def __init__(self, repo: Repo) -> None:
        self.repo = repo

    @cached_property
    def files(self) -> list[str]:
        return self.repo.list_files(limit=sys.maxsize).paths

    @cached_property
    def edges(self) -> list[ImportEdge]:
        return self.repo.import_graph()


def run_checks(
    repo: Repo,
    rule_set: RuleSet,
    *,
    changed_since: str | None = None,
    settings: Settings | None = None,
    supervisor: Model | None = None,
    worker: Model | None = None,
) -> CheckReport:
    """Check every rule; ``supervisor``/``worker`` override the models ``settings`` name (tests
    pass scripted ones). Raises :class:`RuleError` for a rule that does not fit the repository,
    and :class:`UsageError` for a bad ``changed_since``."""
    changes = changes_since(repo.root, changed_since) if changed_since is not None else None
    facts = _Facts(repo)
    results: dict[str, RuleResult] = {}
    for rule in rule_set.rules:
        if not isinstance(rule, QuestionRule):
            results[rule.name] = _filtered(rule, _violations(rule, facts, changes), changes)
    scope = (changed_since, changes.files) if changed_since is not None and changes is not None else None
    for rule in rule_set.rules:
        if isinstance(rule, QuestionRule):
            results[rule.name] = check_question(
                rule,
                repo,
                settings=settings or Settings(),
                supervisor=supervisor,
                worker=worker,
                changes=scope,
            )
    return CheckReport(
        root=str(repo.root),
        rules_file=rule_set.path,
        results=[results[rule.name] for rule in rule_set.rules],
        changed_since=changed_since,
        changed_files=changes.files if changes is not None else None,
    )


def _violations(rule: Rule, facts: _Facts, changes: Changes | None) -> list[Violation]:
    match rule:
        case ForbiddenImport():
            return check_forbidden_import(rule, facts.edges, facts.files)
        case Layers():
            return check_layers(rule, facts.edges, facts.files)
        case NoCycles():
            return check_cycles(rule, facts.edges, facts.files, changes.touches if changes else None)
        case AllowedCallers():
            return check_allowed_callers(rule, facts.repo)
    raise AssertionError(f"no deterministic check for {rule.kind}")


def _filtered(rule: Rule, violations: list[Violation], changes: Changes | None) -> RuleResult:
    """The rule's result, keeping only violations on lines the change touched when
    ``changes`` is given."""
    outside = 0
    if changes is not None:
        kept = [v for v in violations if any(changes.touches(path, line) for path, line in v.places)]
        outside, violations = len(violations) - len(kept), kept
    detail = f"{outside} violation(s) on lines this change did not touch" if outside else ""
    return RuleResult(rule, status_of(rule, violations), violations, detail, outside_change=outside)
