"""Question rules: the verdict and evidence read from an answer, and whole runs with a scripted
supervisor through the real engine and sandbox (no model API is ever reached)."""

from __future__ import annotations

import json

import pytest

from rlm_code.agent.citations import cited_locations
from rlm_code.checks import RuleResult
from rlm_code.checks.questions import check_question, evidence_in, question_prompt, verdict_of
from rlm_code.checks.rules import QuestionRule
from rlm_code.config import Settings
from rlm_code.errors import BudgetExceeded
from rlm_code.llm import Message, ModelBase, Price, RawCompletion, ScriptedModel
from rlm_code.repo import Repo
from tests.failing_models import OVERLOADED, Broken, FailsOnTurn2

RULE = QuestionRule(
    name="validated", kind="question", question="Does every save validate first?", source=".rlm-code.toml:24"
)
LENGTHS = {"ledger/service/accounts.py": 13, "ledger/store/db.py": 13}


def final(text: str) -> str:
    """A supervisor reply that ends the run with ``text`` as the answer."""
    return f"```repl\nFINAL({json.dumps(text)})\n```"


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [
        ("PASS\n- ledger/store/db.py:9: save", "PASS"),
        ("FAIL: save skips validation", "FAIL"),
        ("**FAIL**\nevidence...", "FAIL"),
        ("Verdict: pass. Every save validates.", "PASS"),
        ("> verdict - FAILED", "FAIL"),
        ("`PASS`", "PASS"),
        ("\n\n  fail\n", "FAIL"),
        ("After reading the code, the rule holds.\nPASS", "PASS"),  # one verdict word, not first
        ("It might PASS or FAIL depending on the caller.", None),
        ("Yes, every save validates.", None),
        ("I passed over some files.", None),
        ("", None),
    ],
)
def test_the_verdict_is_read_leniently_but_never_guessed(answer: str, verdict: str | None) -> None:
    assert verdict_of(answer) == verdict


def test_evidence_is_every_cited_repository_location_with_its_remark() -> None:
    answer = (
        "FAIL\n"
        "- `ledger/store/db.py:9`: save() appends without validating\n"
        "- ./ledger/service/accounts.py:12:5 - validate() is called here\n"
        "- docs/elsewhere.md:3: not a file of the repository\n"
        "- ledger/store/db.py:9 (repeated)\n"
        "- ledger/store/db.py:14: one past the last line\n"
        "- ledger/store/db.py:0: no line zero\n"
    )
    assert evidence_in(cited_locations(answer), LENGTHS) == (
        [
            ("ledger/store/db.py", 9, "save() appends without validating"),
            ("ledger/service/accounts.py", 12, "validate() is called here"),
        ],
        ["docs/elsewhere.md:3", "ledger/store/db.py:14", "ledger/store/db.py:0"],
    )


def test_the_prompt_asks_for_a_verdict_and_names_the_changed_files() -> None:
    prompt = question_prompt(RULE)
    assert "Does every save validate first?" in prompt and "PASS" in prompt and "path:line" in prompt
    scoped = question_prompt(RULE, ("main", [f"f{n}.py" for n in range(52)]))
    assert "changed since main" in scoped and "f49.py" in scoped and "f50.py" not in scoped
    assert "and 2 more" in scoped


def test_without_a_model_the_rule_is_skipped_never_passed(layered: Repo) -> None:
    result = check_question(RULE, layered, settings=Settings())
    assert result.status == "skipped" and result.violations == []
    assert "need a model" in result.detail


def run(layered: Repo, *replies: str, settings: Settings | None = None) -> RuleResult:
    return check_question(
        RULE,
        layered,
        settings=settings or Settings(),
        supervisor=ScriptedModel(list(replies)),
        worker=ScriptedModel(["unused"]),
    )


def test_a_pass_keeps_its_evidence(layered: Repo) -> None:
    result = run(layered, final("PASS\n- ledger/service/accounts.py:12: validate(account) before save"))
    assert result.status == "passed" and result.violations == []
    assert result.evidence == ["ledger/service/accounts.py:12: validate(account) before save"]
    assert result.tokens > 0


def test_a_fail_is_a_violation_at_each_cited_place(layered: Repo) -> None:
    result = run(
        layered,
        "```repl\nprint(read_symbol('save')[0]['source'])\n```",
        final("FAIL\n- ledger/store/db.py:10: save() does not validate\n- ledger/store/db.py:11"),
    )
    assert result.status == "failed"
    assert [(v.path, v.line, v.rule, v.message) for v in result.violations] == [
        ("ledger/store/db.py", 10, "validated", "save() does not validate"),
        ("ledger/store/db.py", 11, "validated", "cited as evidence of the failure"),
    ]


def test_evidence_past_a_file_s_end_or_in_no_file_is_rejected_and_said_so(layered: Repo) -> None:
    answer = "FAIL\nledger/store/db.py:5: save does not validate\nledger/nosuch.py:3: bogus\nledger/store/db.py:999: x"
    result = run(layered, final(answer))
    assert result.status == "failed"
    assert [(v.path, v.line) for v in result.violations] == [("ledger/store/db.py", 5)]
    assert result.evidence == ["ledger/store/db.py:5: save does not validate"]
    assert result.rejected_evidence == ["ledger/nosuch.py:3", "ledger/store/db.py:999"]
    assert result.detail == (
        "the model answered FAIL; ignored evidence that names no file or line of the repository:"
        " ledger/nosuch.py:3, ledger/store/db.py:999"
    )
    only_bad = run(layered, final("FAIL\nledger/store/db.py:999: past the end"))
    (violation,) = only_bad.violations
    assert (violation.path, violation.line) == (".rlm-code.toml", 24)
    assert violation.message.startswith(
        "the model answered FAIL citing only places that are not in the repository (ledger/store/db.py:999)"
    )
    passed = run(layered, final("PASS\nledger/store/db.py:13: the last line\nledger/store/db.py:14: past it"))
    assert (passed.status, passed.evidence, passed.rejected_evidence) == (
        "passed",
        ["ledger/store/db.py:13: the last line"],
        ["ledger/store/db.py:14"],
    )


@pytest.mark.parametrize(
    ("answer", "finding"),
    [
        ("FAIL: nothing validates anywhere", "the model answered FAIL without citing a file of the repository"),
        ("The code looks fine to me.", "the model gave no PASS or FAIL verdict"),
    ],
)
def test_a_fail_without_evidence_or_a_missing_verdict_fails_at_the_rule(
    layered: Repo, answer: str, finding: str
) -> None:
    result = run(layered, final(answer))
    assert result.status == "failed"
    (violation,) = result.violations
    assert (violation.path, violation.line) == (".rlm-code.toml", 24)
    assert violation.message == f"{finding}: {answer!r}"


def test_a_budget_stop_is_reported_as_stopped(layered: Repo) -> None:
    result = run(layered, "```repl\nprint('still looking')\n```", settings=Settings(max_iterations=1))
    assert result.status == "stopped" and result.violations == []
    assert result.detail == "stopped by max_iterations: no verdict"


def test_a_failing_model_is_an_error_not_a_pass(layered: Repo) -> None:
    result = check_question(RULE, layered, settings=Settings(), supervisor=Broken(), worker=Broken())
    assert result.status == "error" and result.detail == f"error: {OVERLOADED}"


def test_a_model_that_fails_after_paid_calls_reports_what_the_run_spent(layered: Repo) -> None:
    worker = ScriptedModel(["It does not."], name="worker", price=Price(1.0, 5.0, 1.0, 1.0))
    supervisor = FailsOnTurn2("does save validate?", price=Price(1.0, 5.0, 1.0, 1.0))
    result = check_question(RULE, layered, settings=Settings(), supervisor=supervisor, worker=worker)
    assert result.status == "error" and result.detail == f"error: {OVERLOADED}"
    supervisor_tokens = 1000 + 40
    assert result.tokens > supervisor_tokens  # the first turn and the worker call
    assert result.cost_usd is not None and result.cost_usd > (1000 * 1.0 + 40 * 5.0) / 1e6
    assert result.to_dict()["tokens"] == result.tokens


def test_with_no_changed_file_there_is_nothing_to_ask(layered: Repo) -> None:
    result = check_question(RULE, layered, settings=Settings(), supervisor=ScriptedModel(["x"]), changes=("main", []))
    assert result.status == "skipped" and result.detail == "no file changed since main"


def test_the_supervisor_gets_the_rule_prompt(layered: Repo) -> None:
    supervisor = ScriptedModel([final("PASS")])
    check_question(
        RULE,
        layered,
        settings=Settings(),
        supervisor=supervisor,
        worker=ScriptedModel(["x"]),
        changes=("main", ["ledger/store/db.py"]),
    )
    first = supervisor.calls[0]["messages"][0]["content"]
    assert "Does every save validate first?" in first and "ledger/store/db.py" in first


class _OverBudget(ModelBase):
    """A provider whose own spending guard trips: the run ends as a budget stop."""

    def __init__(self) -> None:
        super().__init__("over", price=None)

    def _send(
        self, messages: list[Message], *, system: str | None, max_tokens: int, stop: list[str] | None
    ) -> RawCompletion:
        raise BudgetExceeded("the account's spending cap was reached")


def test_a_budget_error_is_a_stop_not_a_model_failure(layered: Repo) -> None:
    result = check_question(RULE, layered, settings=Settings(), supervisor=_OverBudget(), worker=_OverBudget())
    assert (result.status, result.detail) == ("stopped", "stopped: the account's spending cap was reached")
