"""``run_eval`` end to end through the real engine and sandbox: offline, with scripted models,
and when a budget stops a run or a model fails."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from rlm_code.config import Settings
from rlm_code.errors import UsageError
from rlm_code.evals import Question, run_eval
from rlm_code.llm import ScriptedModel
from rlm_code.repo import Repo
from tests.failing_models import OVERLOADED, Broken, FailsOnTurn2

CALLERS = Question(
    "callers", "who calls Form.full_clean?", "set", ("shop/views.py:21", "shop/views.py:26"), ("shop/forms.py:5",)
)
WHY = Question("why", "Why does Model.save validate first?", "contains", ("full_clean",))
JUDGED = Question("judged", "How does saving reach persist?", "judge", ("Model.save calls persist(self).",))


def final(text: str) -> str:
    return f"```repl\nFINAL({json.dumps(text)})\n```"


def test_offline_answers_structural_questions_and_skips_the_rest(python_repo: Repo, tmp_path: Path) -> None:
    report = run_eval(python_repo, [CALLERS, WHY, JUDGED], questions_file="set.jsonl", trace_dir=tmp_path)
    callers, why, judged = report.results
    assert (callers.status, callers.score, callers.model) == ("scored", 1.0, "offline")
    assert callers.tokens_read == 0  # the offline supervisor reads nothing into a prompt
    assert callers.trace == str(tmp_path / "callers.jsonl") and (tmp_path / "callers.jsonl").exists()
    assert (why.status, why.reason) == (
        "skipped",
        "needs a model: the offline supervisor answers only structural questions",
    )
    assert (judged.status, judged.reason) == ("skipped", "the judge scorer needs a model")
    assert report.model == "offline" and report.score == 1.0 and report.repo_tokens > 0


def test_a_scripted_run_is_graded_and_measured(python_repo: Repo, tmp_path: Path) -> None:
    explore = (
        "```repl\nprint(read_file('shop/models.py', 11, 13)['text'])\nprint(llm_query('Summarise: ' + 'x' * 40))\n```"
    )
    supervisor = ScriptedModel([explore, final("It calls full_clean at shop/models.py:12 first.")])
    worker = ScriptedModel(["It validates, then persists."])
    seen = []
    report = run_eval(
        python_repo, [WHY], supervisor=supervisor, worker=worker, trace_dir=tmp_path, on_result=seen.append
    )
    (why,) = report.results
    assert seen == [why]
    assert (why.status, why.score, why.model, why.partial) == ("scored", 1.0, "scripted", False)
    assert (why.iterations, why.sub_calls) == (2, 1)
    replies = [call["reply"] for call in supervisor.calls + worker.calls]
    assert why.usage.output_tokens == sum(math.ceil(len(reply) / 4) for reply in replies)  # scripted counting
    assert why.usage.total_tokens > why.usage.output_tokens
    source = "    def save(self):\n        self.full_clean()\n        return persist(self)\n"
    shown = f"{source}It validates, then persists.\n"
    assert why.tokens_read == math.ceil((len(shown) + len("Summarise: " + "x" * 40)) / 4)
    assert why.latency_s > 0 and report.model == "scripted"


def test_a_judge_grades_and_its_spending_is_reported(python_repo: Repo, tmp_path: Path) -> None:
    supervisor = ScriptedModel([final("Model.save calls persist(self) after full_clean().")])
    judge = ScriptedModel(["SCORE: 0.9\nright, a little terse"])
    report = run_eval(
        python_repo, [JUDGED], supervisor=supervisor, worker=ScriptedModel(["-"]), judge=judge, trace_dir=tmp_path
    )
    (judged,) = report.results
    assert (judged.status, judged.score) == ("scored", 0.9)
    assert judged.detail == {"judge": "SCORE: 0.9\nright, a little terse"}
    assert report.judge_usage.total_tokens > 0
    assert report.to_dict()["judge"]["tokens"] == report.judge_usage.total_tokens


def test_a_budget_stop_is_scored_as_partial(python_repo: Repo, tmp_path: Path) -> None:
    supervisor = ScriptedModel(["```repl\nprint('looking')\n```"])
    report = run_eval(
        python_repo,
        [WHY],
        settings=Settings(max_iterations=1),
        supervisor=supervisor,
        worker=ScriptedModel(["-"]),
        trace_dir=tmp_path,
    )
    (why,) = report.results
    assert (why.status, why.partial, why.stopped) == ("scored", True, "max_iterations")
    assert why.score == 0.0 and why.tokens_read > 0  # 'looking' came back into the prompt


def test_a_run_that_fails_after_paid_calls_reports_what_it_spent(python_repo: Repo, tmp_path: Path) -> None:
    worker = ScriptedModel(["It is."], name="scripted-worker")
    report = run_eval(
        python_repo, [WHY], supervisor=FailsOnTurn2("Is Model.save validated?"), worker=worker, trace_dir=tmp_path
    )
    (why,) = report.results
    assert (why.status, why.reason) == ("error", OVERLOADED)
    assert (why.iterations, why.sub_calls) == (2, 1)  # the second turn was asked for, and failed
    assert why.usage.input_tokens >= 1000 and why.usage.output_tokens >= 40
    assert why.trace == str(tmp_path / "why.jsonl") and why.tokens_read > 0


def test_a_failing_model_or_judge_is_an_error_scored_0(python_repo: Repo, tmp_path: Path) -> None:
    report = run_eval(python_repo, [WHY], supervisor=Broken(), worker=Broken(), trace_dir=tmp_path)
    (why,) = report.results
    assert (why.status, why.score, why.reason) == ("error", 0.0, OVERLOADED)
    judged = run_eval(
        python_repo,
        [JUDGED],
        supervisor=ScriptedModel([final("x")]),
        worker=Broken(),
        judge=Broken(),
        trace_dir=tmp_path,
    ).results[0]
    assert (judged.status, judged.score, judged.reason) == ("error", 0.0, OVERLOADED)
    assert judged.answer == "x"


def test_a_bad_model_spec_is_bad_input(python_repo: Repo) -> None:
    with pytest.raises(UsageError, match="unknown provider 'nosuch'"):
        run_eval(python_repo, [WHY], settings=Settings(model="nosuch:model"))
