"""The ``allowed-callers`` rule: a definition (typically a deprecated one) that only some files
may call, answered from the index's call graph with its confidences."""

from __future__ import annotations

import sys

from ..errors import RlmCodeError
from ..repo import Repo
from .imports import matcher
from .report import Violation
from .rules import CONFIDENCES, AllowedCallers, RuleError

__all__ = ["check_allowed_callers"]


def check_allowed_callers(rule: AllowedCallers, repo: Repo) -> list[Violation]:
    """Every call (or use) of the rule's symbol from outside ``allow``, counting sites whose
    confidence is ``rule.confidence`` or better."""
    sites = repo.references if rule.references else repo.callers
    try:
        found = sites(rule.symbol, include_name_matches=rule.confidence == "name", max_results=sys.maxsize)
    except RlmCodeError as exc:
        raise RuleError(f"{rule.source}: rule {rule.name!r}: {exc}") from exc
    counted = CONFIDENCES[: CONFIDENCES.index(rule.confidence) + 1]
    allowed = matcher(rule.allow)
    homes = tuple(sorted({d.path for d in found.definitions}))
    where = f"only {', '.join(rule.allow)} may" if rule.allow else "nothing may"
    violations = []
    for site in found.callers:
        if site.confidence not in counted or allowed(site.path):
            continue
        verb = "calls" if site.kind == "call" else "uses"
        finding = f"{site.caller} {verb} {site.callee or rule.symbol} ({site.confidence}); {where}"
        violations.append(Violation.of(rule, site.path, site.line, finding, homes))
    return violations
