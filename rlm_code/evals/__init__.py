"""The evaluation harness: question sets with known answers, run through ``ask``, graded, and
measured (tokens, cost, worker calls, turns, latency, and the share of the repository read).

``rlm-code eval QUESTIONS.jsonl --repo REPO`` is its command line. Like ``rlm_code.checks``
it sits above the agent: it uses the library, and nothing below imports it.
"""

from __future__ import annotations

from .questions import Question, load_questions
from .reading import DEFINITION, repository_tokens, tokens_read
from .report import METRICS, EvalReport, QuestionResult, percentile
from .runner import run_eval
from .scorers import SCORERS, Score, Scoring

__all__ = [
    "DEFINITION",
    "METRICS",
    "SCORERS",
    "EvalReport",
    "Question",
    "QuestionResult",
    "Score",
    "Scoring",
    "load_questions",
    "percentile",
    "repository_tokens",
    "run_eval",
    "tokens_read",
]
