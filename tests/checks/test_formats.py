"""Every output format names each violation's file, line and rule. SARIF is validated against
the SARIF 2.1.0 JSON schema, vendored in tests/checks/data (see its README)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from rlm_code.checks import CheckReport, RuleResult, Violation, load_rules, render, run_checks
from rlm_code.checks.formats import MARKDOWN_MARKER, SARIF_SCHEMA
from rlm_code.checks.rules import NoCycles, QuestionRule
from rlm_code.repo import Repo

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-2.1.0-rtm.5.json").read_text())


@pytest.fixture(scope="module")
def report(layered: Repo) -> CheckReport:
    """The fixture's own rules: three fail, one passes, the question rule is skipped."""
    return run_checks(layered, load_rules(layered.root))


def every_status() -> CheckReport:
    """A hand-made report with one rule in each status, a warning, a pipe in a message and a
    location in a rules file outside the repository."""

    def rule(name: str, severity: str = "error") -> NoCycles:
        return NoCycles(name=name, kind="no-cycles", severity=severity, source=".rlm-code.toml:1")

    asked = QuestionRule(name="asked", kind="question", question="Is it | ok?", source="/etc/ci/rules.toml:4")
    outside = Violation("asked", "/etc/ci/rules.toml", 4, "no verdict", "error")
    return CheckReport(
        root="/repo",
        rules_file="/etc/ci/rules.toml",
        results=[
            RuleResult(rule("ok"), "passed"),
            RuleResult(
                rule("soft", "warning"), "warned", [Violation("soft", "a b.py", 2, "x | y", "warning", ("c.py",))]
            ),
            RuleResult(asked, "failed", [outside], answer="hmm"),
            RuleResult(rule("later"), "skipped", detail="needs a model"),
            RuleResult(rule("costly"), "stopped", detail="stopped by max_cost: no verdict"),
            RuleResult(rule("broken"), "error", detail="error: overloaded"),
        ],
        changed_since="main",
        changed_files=["a b.py"],
    )


def test_text_has_one_compiler_style_line_per_violation(report: CheckReport) -> None:
    text = render(report, "text")
    lines = text.splitlines()
    assert lines[:4] == [
        "ledger/store/cache.py:3: error [layering] ledger/store/cache.py (layer store) imports"
        " ledger/cli/settings.py (layer cli), a layer above it: the store must not know who calls it",
        lines[1],
        lines[2],
        "ledger/service/reports.py:7: error [connect-v1-is-deprecated] monthly calls"
        " ledger/store/legacy.py:connect_v1 (exact); only ledger/store/migrate.py may:"
        " use ledger.store.db.connect",
    ]
    assert lines[1].startswith("ledger/billing/invoice.py:3: error [package-cycles] import cycle")
    assert lines[2].startswith("ledger/cli/main.py:3: error [package-cycles] import cycle")
    assert "  skipped  accounts-are-validated      Does every function" in text
    assert "  pass     store-stays-out-of-billing  ledger/store must not import ledger/billing" in text
    assert lines[-1] == "4 violation(s), 3 of 5 rule(s) failed, 1 skipped"


def test_json_has_the_documented_shape(report: CheckReport) -> None:
    data = json.loads(render(report, "json"))
    assert set(data) == {
        "root",
        "rules_file",
        "changed_since",
        "changed_files",
        "summary",
        "exit_code",
        "rules",
        "violations",
    }
    assert data["summary"] == {
        "rules": 5,
        "passed": 1,
        "failed": 3,
        "warned": 0,
        "skipped": 1,
        "stopped": 0,
        "error": 0,
        "violations": 4,
        "warnings": 0,
    }
    assert data["exit_code"] == 1
    assert data["violations"][0] == {
        "rule": "layering",
        "path": "ledger/store/cache.py",
        "line": 3,
        "severity": "error",
        "message": "ledger/store/cache.py (layer store) imports ledger/cli/settings.py (layer cli), a layer"
        " above it: the store must not know who calls it",
    }
    rule = data["rules"][4]
    assert set(rule) == {
        "name",
        "kind",
        "severity",
        "description",
        "source",
        "status",
        "detail",
        "violations",
        "outside_change",
        "answer",
        "evidence",
        "rejected_evidence",
        "tokens",
        "cost_usd",
    }
    assert (rule["name"], rule["status"], rule["answer"]) == ("accounts-are-validated", "skipped", None)


def test_markdown_is_a_pull_request_comment_with_a_row_per_violation(report: CheckReport) -> None:
    markdown = render(report, "markdown")
    lines = markdown.splitlines()
    assert lines[0] == MARKDOWN_MARKER
    assert lines[1] == "### rlm-code check failed: 4 violation(s), 3 of 5 rule(s) failed, 1 skipped"
    rows = [line for line in lines if line.startswith("| error |")]
    assert [row.split(" | ")[1:3] for row in rows] == [
        ["`layering`", "`ledger/store/cache.py:3`"],
        ["`package-cycles`", "`ledger/billing/invoice.py:3`"],
        ["`package-cycles`", "`ledger/cli/main.py:3`"],
        ["`connect-v1-is-deprecated`", "`ledger/service/reports.py:7`"],
    ]
    assert "| `accounts-are-validated` | skipped (question rules need a model" in markdown


def test_markdown_escapes_pipes_and_says_when_it_passed() -> None:
    markdown = render(every_status(), "markdown")
    assert "| warning | `soft` | `a b.py:2` | x \\| y |" in markdown
    assert "| `asked` | FAIL | Is it \\| ok? |" in markdown
    assert "limited to 1 file(s) changed since main" in markdown
    passing = CheckReport(root="/r", rules_file="r.toml", results=[every_status().results[0]])
    headline = render(passing, "markdown").splitlines()[1]
    assert headline == "### rlm-code check passed: no violation, 0 of 1 rule(s) failed"


def test_warnings_are_counted_apart_and_do_not_fail_the_check() -> None:
    soft = every_status().results[1]
    warned = CheckReport(root="/r", rules_file="r.toml", results=[soft])
    assert warned.exit_code == 0
    text = render(warned, "text").splitlines()
    assert text[-2].startswith("  warned   soft ")
    assert text[-1] == "1 warning(s), 0 of 1 rule(s) failed, 1 warned"
    headline = render(warned, "markdown").splitlines()[1]
    assert headline == "### rlm-code check passed with warnings: 1 warning(s), 0 of 1 rule(s) failed, 1 warned"
    data = json.loads(render(warned, "json"))
    assert (data["rules"][0]["status"], data["exit_code"]) == ("warned", 0)
    assert data["summary"] | {"failed": 0, "warned": 1, "violations": 1, "warnings": 1} == data["summary"]
    assert render(every_status(), "text").splitlines()[-1] == (
        "2 violation(s), 1 of them warning(s), 1 of 6 rule(s) failed, 1 warned, 1 skipped, 1 stopped, 1 error"
        ", limited to 1 file(s) changed since main"
    )


@pytest.mark.parametrize("make", [every_status, None], ids=["every-status", "fixture"])
def test_sarif_is_valid_against_the_2_1_0_schema(report: CheckReport, make: object) -> None:
    log = json.loads(render(every_status() if make else report, "sarif"))
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    assert log["$schema"] == SARIF_SCHEMA and log["version"] == "2.1.0"
    del log["runs"][0]["results"][0]["message"]  # the schema is no rubber stamp
    with pytest.raises(jsonschema.ValidationError, match="'message' is a required property"):
        jsonschema.Draft4Validator(SCHEMA).validate(log)


def test_sarif_names_rules_and_places_every_result(report: CheckReport) -> None:
    (run,) = json.loads(render(report, "sarif"))["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.rule.name for r in report.results]
    assert rules[0]["fullDescription"] == {"text": "the store must not know who calls it"}
    assert rules[0]["defaultConfiguration"] == {"level": "error"}
    assert len(run["results"]) == len(report.violations) == 4
    for result, violation in zip(run["results"], report.violations, strict=True):
        assert result["ruleId"] == violation.rule == rules[result["ruleIndex"]]["id"]
        assert result["level"] == "error" and result["message"]["text"] == violation.message
        (location,) = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact == {"uri": violation.path, "uriBaseId": "%SRCROOT%"}
        assert location["physicalLocation"]["region"] == {"startLine": violation.line}
    assert run["invocations"][0]["toolExecutionNotifications"] == [
        {
            "level": "warning",
            "message": {
                "text": "accounts-are-validated: question rules need a model: set ANTHROPIC_API_KEY or pass --model"
            },
        },
    ]


def test_sarif_escapes_uris_and_reports_what_did_not_run() -> None:
    (run,) = json.loads(render(every_status(), "sarif"))["runs"]
    soft, asked = run["results"]
    assert soft["level"] == "warning"
    assert soft["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "a%20b.py"
    assert soft["relatedLocations"] == [
        {"id": 1, "physicalLocation": {"artifactLocation": {"uri": "c.py", "uriBaseId": "%SRCROOT%"}}},
    ]
    assert asked["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "file:///etc/ci/rules.toml"}
    notes = run["invocations"][0]
    assert notes["executionSuccessful"] is False
    assert [(n["level"], n["message"]["text"]) for n in notes["toolExecutionNotifications"]] == [
        ("warning", "later: needs a model"),
        ("warning", "costly: stopped by max_cost: no verdict"),
        ("error", "broken: error: overloaded"),
    ]


def test_the_exit_code_puts_violations_before_budget_stops_before_model_errors() -> None:
    report = every_status()
    assert report.exit_code == 1
    without_errors = CheckReport("/r", "r", [r for r in report.results if r.rule.name not in ("asked",)])
    assert without_errors.exit_code == 3  # the warning alone does not fail the check

    def only(*kept: str) -> CheckReport:
        return CheckReport("/r", "r", [r for r in report.results if r.status in kept])

    assert only("passed", "error").exit_code == 4
    assert only("passed", "skipped").exit_code == 0
