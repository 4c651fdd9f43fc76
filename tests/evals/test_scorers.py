"""The scorers on answers written for the purpose, and the judge with a scripted model."""

from __future__ import annotations

import pytest

from rlm_code.errors import ModelError
from rlm_code.evals import SCORERS, Question, Scoring
from rlm_code.evals.scorers import judge_prompt
from rlm_code.llm import ScriptedModel
from rlm_code.repo import Repo


@pytest.fixture(scope="module")
def scoring(python_repo: Repo) -> Scoring:
    return Scoring(python_repo)


def grade(scoring: Scoring, question: Question, answer: str) -> tuple[float, dict[str, object]]:
    score = SCORERS[question.scorer](question, answer, scoring)
    return score.value, score.detail


CALLERS = Question(
    "c", "who calls Form.full_clean?", "set", ("shop/views.py:21", "shop/views.py:26"), ("shop/forms.py:5",)
)


def test_a_location_set_is_f1_over_cited_locations(scoring: Scoring) -> None:
    assert grade(
        scoring, CALLERS, "Form.full_clean (shop/forms.py:5) is called at shop/views.py:21 and shop/views.py:26."
    ) == (1.0, {"precision": 1.0, "recall": 1.0, "missing": [], "extra": []})
    value, detail = grade(scoring, CALLERS, "shop/views.py:21, shop/views.py:36 and shop/models.py:12")
    assert detail == {
        "precision": 0.3333,
        "recall": 0.5,
        "missing": ["shop/views.py:26"],
        "extra": ["shop/models.py:12", "shop/views.py:36"],
    }
    assert value == 0.4  # 2 * (1/3) * (1/2) / (1/3 + 1/2)
    assert grade(scoring, CALLERS, "Nobody calls it.")[0] == 0.0


def test_an_empty_set_is_right_only_when_nothing_is_named(scoring: Scoring) -> None:
    nothing = Question("n", "who calls capitalize?", "set", ())
    assert grade(scoring, nothing, "No call sites were found.")[0] == 1.0
    assert grade(scoring, nothing, "shop/views.py:3 calls it")[0] == 0.0


def test_a_name_set_counts_repository_names_except_the_question_s_and_paths(scoring: Scoring) -> None:
    callees = Question("l", "what does views.login call?", "set", ("LoginForm", "Form.full_clean", "url_for"))
    answer = (
        "login (shop/views.py:19) calls:\n- line 20: LoginForm -> shop/forms.py:LoginForm\n"
        "- line 21: form.full_clean -> shop/forms.py:Form.full_clean\n- line 22: h.url_for -> url_for"
    )
    assert grade(scoring, callees, answer)[0] == 1.0  # 'login' is the question's; shop/... are paths
    value, detail = grade(scoring, callees, "It calls full_clean, and also Router and persist.")
    assert detail == {
        "precision": 0.3333,
        "recall": 0.3333,
        "missing": ["LoginForm", "url_for"],
        "extra": ["Router", "persist"],
    }  # full_clean matches Form.full_clean as a suffix
    assert value == 0.3333


def test_contains_and_exact_ignore_case_or_whitespace_as_documented(scoring: Scoring) -> None:
    contains = Question("s", "show Model.save", "contains", ("def save(self):", "RETURN  persist(self)", "nope"))
    assert grade(scoring, contains, "def save(self):\n    return persist(self)") == (0.6667, {"missing": ["nope"]})
    exact = Question("e", "q", "exact", ("No match for 'x'.",))
    assert grade(scoring, exact, "  No match  for 'x'.\n")[0] == 1.0
    assert grade(scoring, exact, "no match for 'x'.")[0] == 0.0


JUDGED = Question("j", "How does saving reach persist?", "judge", ("Model.save calls persist(self).",))


@pytest.mark.parametrize(
    ("reply", "value"),
    [("SCORE: 0.75\nmostly right", 0.75), ("score=1", 1.0), ("**SCORE: 0**", 0.0)],
)
def test_the_judge_grades_from_its_reply_and_its_cost_adds_up(python_repo: Repo, reply: str, value: float) -> None:
    judge = ScriptedModel([reply])
    scoring = Scoring(python_repo, judge=judge)
    assert grade(scoring, JUDGED, "It calls persist.") == (value, {"judge": reply.strip()})
    prompt = judge.calls[0]["messages"][0]["content"]
    assert prompt == judge_prompt(JUDGED, "It calls persist.")
    assert "Model.save calls persist(self)." in prompt and "It calls persist." in prompt
    assert scoring.judge_usage.total_tokens > 0


@pytest.mark.parametrize("reply", ["Looks right to me.", "SCORE: 7"])
def test_a_judge_without_a_score_from_0_to_1_is_an_error(python_repo: Repo, reply: str) -> None:
    with pytest.raises(ModelError, match="the judge gave no SCORE from 0 to 1"):
        grade(Scoring(python_repo, judge=ScriptedModel([reply])), JUDGED, "answer")
    with pytest.raises(ModelError, match="the judge scorer needs a model"):
        grade(Scoring(python_repo), JUDGED, "answer")
