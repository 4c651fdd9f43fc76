"""A check report as text (for logs), JSON (for scripts), Markdown (for a pull-request
comment) and SARIF 2.1.0 (for code-scanning uploads). Each names every violation's file,
line and rule; each says which rules were skipped, stopped or failed to run, and counts
warnings apart from the violations that fail the check.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from .. import __version__
from .report import CheckReport, RuleResult, Violation

__all__ = ["FORMATS", "MARKDOWN_MARKER", "SARIF_SCHEMA", "render"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
MARKDOWN_MARKER = "<!-- rlm-code check -->"
"""The first line of the Markdown report, so a workflow can find and update its own comment."""

_NOTE_LEVELS = {"skipped": "warning", "stopped": "warning", "error": "error"}


def render(report: CheckReport, format_name: str) -> str:
    """The report in one of :data:`FORMATS`, ending with a newline."""
    return FORMATS[format_name](report)


def _found(violations: int, warnings: int) -> str:
    """The violations, telling warnings apart: they do not fail the check."""
    if not violations:
        return "no violation"
    if warnings == violations:
        return f"{warnings} warning(s)"
    return f"{violations} violation(s)" + (f", {warnings} of them warning(s)" if warnings else "")


def _headline(report: CheckReport) -> str:
    summary = report.summary()
    parts = [
        _found(summary["violations"], summary["warnings"]),
        f"{summary['failed']} of {summary['rules']} rule(s) failed",
    ]
    parts += [f"{summary[status]} {status}" for status in ("warned", "skipped", "stopped", "error") if summary[status]]
    if report.changed_since is not None:
        changed = len(report.changed_files or [])
        parts.append(f"limited to {changed} file(s) changed since {report.changed_since}")
    return ", ".join(parts)


def _state(result: RuleResult) -> str:
    return {"passed": "pass", "failed": "FAIL"}.get(result.status, result.status)


def to_text(report: CheckReport) -> str:
    lines = [f"{v.path}:{v.line}: {v.severity} [{v.rule}] {v.message}" for v in report.violations]
    if lines:
        lines.append("")
    lines.append(f"rules ({report.rules_file}):")
    width = max(len(r.rule.name) for r in report.results)
    for result in report.results:
        count = f" ({len(result.violations)} violation(s))" if result.violations else ""
        note = f" - {result.detail}" if result.detail else ""
        name = result.rule.name
        lines.append(f"  {_state(result):<8} {name:<{width}}  {result.rule.describe()}{count}{note}")
    lines.append(_headline(report))
    return "\n".join(lines) + "\n"


def to_json(report: CheckReport) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(report: CheckReport) -> str:
    verdict = "failed" if report.exit_code else "passed with warnings" if report.warnings else "passed"
    lines = [MARKDOWN_MARKER, f"### rlm-code check {verdict}: {_cell(_headline(report))}", ""]
    if report.violations:
        lines += ["| Severity | Rule | Where | Problem |", "| --- | --- | --- | --- |"]
        lines += [
            f"| {v.severity} | `{v.rule}` | `{v.path}:{v.line}` | {_cell(v.message)} |" for v in report.violations
        ]
        lines.append("")
    lines += ["<details><summary>Rules</summary>", "", "| Rule | Status | Checks |", "| --- | --- | --- |"]
    for result in report.results:
        note = f" ({_cell(result.detail)})" if result.detail else ""
        lines.append(f"| `{result.rule.name}` | {_state(result)}{note} | {_cell(result.rule.describe())} |")
    lines += ["", f"Rules from `{report.rules_file}`.", "</details>"]
    return "\n".join(lines) + "\n"


def _location(path: str, line: int | None = None) -> dict[str, Any]:
    pure = PurePath(path)
    artifact = {"uri": pure.as_uri()} if pure.is_absolute() else {"uri": quote(path), "uriBaseId": "%SRCROOT%"}
    physical: dict[str, Any] = {"artifactLocation": artifact}
    if line is not None:
        physical["region"] = {"startLine": max(1, line)}
    return {"physicalLocation": physical}


def _sarif_result(violation: Violation, index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": violation.rule,
        "ruleIndex": index,
        "level": violation.severity,
        "message": {"text": violation.message},
        "locations": [_location(violation.path, violation.line)],
    }
    if violation.related:
        result["relatedLocations"] = [
            {"id": number, **_location(path)} for number, path in enumerate(violation.related, 1)
        ]
    return result


def to_sarif(report: CheckReport) -> str:
    rules = []
    for result in report.results:
        rule = result.rule
        entry: dict[str, Any] = {
            "id": rule.name,
            "shortDescription": {"text": rule.describe()},
            "defaultConfiguration": {"level": rule.severity},
            "properties": {"kind": rule.kind, "source": rule.source},
        }
        if rule.message:
            entry["fullDescription"] = {"text": rule.message}
        rules.append(entry)
    index = {result.rule.name: number for number, result in enumerate(report.results)}
    notes = [
        {"level": _NOTE_LEVELS[r.status], "message": {"text": f"{r.rule.name}: {r.detail or r.status}"}}
        for r in report.results
        if r.status in _NOTE_LEVELS
    ]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "rlm-code", "version": __version__, "rules": rules}},
                "invocations": [
                    {"executionSuccessful": report.count("error") == 0, "toolExecutionNotifications": notes}
                ],
                "results": [_sarif_result(v, index[v.rule]) for v in report.violations],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


FORMATS: dict[str, Callable[[CheckReport], str]] = {
    "text": to_text,
    "json": to_json,
    "markdown": to_markdown,
    "sarif": to_sarif,
}
