"""Scorers: how an answer is graded against a question's expected answer, from 0 to 1.

- ``set``: F1 over the items the answer names. For ``path:line`` items these are every
  location the answer cites. For names they are the words of the answer that name a
  definition of the repository (paths and the question's own names left out); a name matches
  an expected one when they are equal or one is a dotted suffix of the other, so
  ``describe`` matches ``Scaffold.describe``. Items in ``ignore`` count neither way. An
  empty expected set means the answer should name nothing: 1 if it cites no location and no
  name, else 0.
- ``contains``: the share of the expected strings found in the answer (case and runs of
  whitespace ignored).
- ``exact``: 1 if the answer is the expected string (surrounding and repeated whitespace
  ignored), else 0.
- ``judge``: a model compares the answer with the expected one and replies ``SCORE: x``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..agent.citations import LOCATION, cited_locations
from ..errors import ModelError, RlmCodeError
from ..llm import Model, Usage
from ..repo import Repo
from ..repo.languages import language_for_path

if TYPE_CHECKING:
    from .questions import Question

__all__ = ["SCORERS", "Score", "Scoring", "judge_prompt"]

_PATH = re.compile(r"[\w.-]*(?:/[\w.-]+)+")
_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
_SCORE = re.compile(r"SCORE\s*[:=]\s*([0-9]*\.?[0-9]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Score:
    """A grade from 0 to 1 and how it was reached (precision and recall, what was missed...)."""

    value: float
    detail: dict[str, Any] = field(default_factory=dict)


class Scoring:
    """What grading needs beyond the answer: the repository's definition names (read once,
    only if a names set asks) and the judge model, whose spending adds up in ``judge_usage``."""

    def __init__(self, repo: Repo, *, judge: Model | None = None) -> None:
        self.repo = repo
        self.judge = judge
        self.judge_usage = Usage()

    @cached_property
    def names(self) -> frozenset[str]:
        names: set[str] = set()
        for path in self.repo.list_files(limit=sys.maxsize).paths:
            if language_for_path(path) is None:
                continue
            try:
                definitions = self.repo.outline(path).definitions
            except RlmCodeError:  # skipped as binary or too large
                continue
            names.update(n for d in definitions for n in (d.qualname, d.qualname.rpartition(".")[2]))
        return frozenset(names)


def _f1(found: set[str], expected: set[str], matches: Callable[[str, str], bool]) -> Score:
    hits = {e for e in expected if any(matches(f, e) for f in found)}
    right = {f for f in found if any(matches(f, e) for e in expected)}
    precision = len(right) / len(found) if found else 1.0
    recall = len(hits) / len(expected) if expected else 1.0
    value = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    detail = {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "missing": sorted(expected - hits),
        "extra": sorted(found - right),
    }
    return Score(round(value, 4), detail)


def score_set(question: Question, answer: str, scoring: Scoring) -> Score:
    expected, ignore = set(question.expected), set(question.ignore)
    locations = {f"{path}:{line}" for path, line, _ in cited_locations(answer)} - ignore
    if expected and all(LOCATION.fullmatch(item) for item in expected):
        return _f1(locations, expected, str.__eq__)
    asked = {part for token in _NAME.findall(question.question) for part in _suffixes(token)}
    words = set(_NAME.findall(_PATH.sub(" ", answer)))
    names = {w for w in words if w in scoring.names and w not in asked} - ignore
    if not expected:  # the right answer names nothing at all
        return _f1(locations | names, expected, str.__eq__)
    return _f1(names, expected, _same_name)


def _suffixes(dotted: str) -> set[str]:
    parts = dotted.split(".")
    return {".".join(parts[start:]) for start in range(len(parts))}


def _same_name(found: str, expected: str) -> bool:
    return found == expected or expected.endswith(f".{found}") or found.endswith(f".{expected}")


def _normal(text: str) -> str:
    return " ".join(text.split())


def score_contains(question: Question, answer: str, scoring: Scoring) -> Score:
    text = _normal(answer).casefold()
    missing = [item for item in question.expected if _normal(item).casefold() not in text]
    found = len(question.expected) - len(missing)
    return Score(round(found / len(question.expected), 4), {"missing": missing})


def score_exact(question: Question, answer: str, scoring: Scoring) -> Score:
    return Score(float(_normal(answer) == _normal(question.expected[0])))


def judge_prompt(question: Question, answer: str) -> str:
    return (
        "You grade an answer to a question about a code repository against a reference answer.\n\n"
        f"Question:\n{question.question}\n\nReference answer:\n{question.expected[0]}\n\n"
        f"Answer to grade:\n{answer}\n\n"
        "Reply with one line `SCORE: x`, where x runs from 0 (wrong or missing) to 1 (everything the"
        " reference says, and nothing that contradicts it), then one line with your reasons."
    )


def score_judge(question: Question, answer: str, scoring: Scoring) -> Score:
    """The judge model's grade; a :class:`ModelError` when it gives none from 0 to 1."""
    if scoring.judge is None:
        raise ModelError("the judge scorer needs a model")
    prompt = judge_prompt(question, answer)
    reply = scoring.judge.complete([{"role": "user", "content": prompt}], max_tokens=300)
    scoring.judge_usage += reply.usage
    match = _SCORE.search(reply.text)
    value = float(match.group(1)) if match else -1.0
    if not 0.0 <= value <= 1.0:
        raise ModelError(f"the judge gave no SCORE from 0 to 1: {reply.text.strip()[:200]!r}")
    return Score(value, {"judge": reply.text.strip()})


SCORERS: dict[str, Callable[[Question, str, Scoring], Score]] = {
    "set": score_set,
    "contains": score_contains,
    "exact": score_exact,
    "judge": score_judge,
}
"""Each scorer by the name a question file gives."""
