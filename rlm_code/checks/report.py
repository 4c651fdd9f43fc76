"""What a check run found: violations, one result per rule, and the run's exit code.

Every violation has a file and a line, whatever its rule, so every output format can point
at code. A rule with violations is ``failed`` when its severity is ``error`` and ``warned``
when it is ``warning``: only failed rules fail the check, so no summary calls a rule that did
not fail the check failed. A rule's ``status`` never turns a rule that was not checked into a
pass: ``skipped`` (a question rule without a model), ``stopped`` (a budget ended its run) and
``error`` (its model failed) are reported as such.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .rules import Rule

__all__ = ["STATUSES", "CheckReport", "RuleResult", "Violation", "status_of"]

STATUSES = ("passed", "failed", "warned", "skipped", "stopped", "error")


def status_of(rule: Rule, violations: list[Violation]) -> str:
    """``passed`` without violations; else ``failed``, or ``warned`` for a warning-severity
    rule, whose violations are reported without failing the check."""
    if not violations:
        return "passed"
    return "warned" if rule.severity == "warning" else "failed"


@dataclass(frozen=True)
class Violation:
    """One breach of a rule at ``path:line``. ``related`` lists the other files involved (the
    imported file, the files of a cycle, a called definition's file), shown as related
    locations. ``made_of`` lists the ``(path, line)`` places the breach consists of when they
    are more than ``path:line`` (every import of a cycle): ``--changed-since`` keeps a
    violation only when the change touched one of them, so a breach the change did not write
    never blocks it."""

    rule: str
    path: str
    line: int
    message: str
    severity: str
    related: tuple[str, ...] = ()
    made_of: tuple[tuple[str, int], ...] = ()

    @classmethod
    def of(
        cls,
        rule: Rule,
        path: str,
        line: int,
        finding: str,
        related: tuple[str, ...] = (),
        made_of: tuple[tuple[str, int], ...] = (),
    ) -> Violation:
        """A violation of ``rule``, its message the finding followed by the rule's own message."""
        message = f"{finding}: {rule.message}" if rule.message else finding
        return cls(rule.name, path, line, message, rule.severity, related, made_of)

    @property
    def places(self) -> tuple[tuple[str, int], ...]:
        """The lines a change must touch for this violation to be the change's."""
        return self.made_of or ((self.path, self.line),)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "path": self.path,
            "line": self.line,
            "message": self.message,
            "severity": self.severity,
        }


@dataclass(frozen=True)
class RuleResult:
    """How one rule fared. ``outside_change`` counts violations left out by
    ``--changed-since``; ``evidence`` and ``answer`` come from a question rule's model, and
    ``rejected_evidence`` lists the places it cited that do not exist (no such file of the
    repository, or a line past its end), which are never taken as evidence."""

    rule: Rule
    status: str
    violations: list[Violation] = field(default_factory=list)
    detail: str = ""
    outside_change: int = 0
    evidence: list[str] = field(default_factory=list)
    rejected_evidence: list[str] = field(default_factory=list)
    answer: str | None = None
    cost_usd: float | None = None
    tokens: int = 0

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.rule.name,
            "kind": self.rule.kind,
            "severity": self.rule.severity,
            "description": self.rule.describe(),
            "source": self.rule.source,
            "status": self.status,
            "detail": self.detail,
            "violations": [v.to_dict() for v in self.violations],
            "outside_change": self.outside_change,
        }
        if self.rule.kind == "question":
            data.update(
                answer=self.answer,
                evidence=self.evidence,
                rejected_evidence=self.rejected_evidence,
                tokens=self.tokens,
                cost_usd=self.cost_usd,
            )
        return data


@dataclass(frozen=True)
class CheckReport:
    """Every rule's result for one repository; ``changed_files`` is set with ``--changed-since``."""

    root: str
    rules_file: str
    results: list[RuleResult]
    changed_since: str | None = None
    changed_files: list[str] | None = None

    @property
    def violations(self) -> list[Violation]:
        return [v for result in self.results for v in result.violations]

    def count(self, status: str) -> int:
        return sum(result.status == status for result in self.results)

    @property
    def exit_code(self) -> int:
        """1 for an error-severity violation; else 3 if a budget stopped a rule; else 4 if a
        rule's model failed; else 0 (warnings and skipped rules leave it at 0)."""
        if any(v.severity == "error" for v in self.violations):
            return 1
        if self.count("stopped"):
            return 3
        if self.count("error"):
            return 4
        return 0

    @property
    def warnings(self) -> int:
        """How many of the violations are warnings (of warning-severity rules)."""
        return sum(v.severity == "warning" for v in self.violations)

    def summary(self) -> dict[str, int]:
        counts = {status: self.count(status) for status in STATUSES}
        return {"rules": len(self.results), **counts, "violations": len(self.violations), "warnings": self.warnings}

    def to_dict(self) -> dict[str, Any]:
        return {
            "root": self.root,
            "rules_file": self.rules_file,
            "changed_since": self.changed_since,
            "changed_files": self.changed_files,
            "summary": self.summary(),
            "exit_code": self.exit_code,
            "rules": [result.to_dict() for result in self.results],
            "violations": [v.to_dict() for v in self.violations],
        }
