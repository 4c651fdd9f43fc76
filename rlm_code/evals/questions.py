"""Question sets: JSONL files of questions about one repository with answers known in advance.

One JSON object per line (blank lines are allowed)::

    {"id": "callers-full-clean", "question": "who calls Form.full_clean?", "scorer": "set",
     "expected": ["shop/views.py:21", "shop/views.py:26"], "ignore": ["shop/forms.py:5"],
     "note": "why these are the answers"}

``scorer`` says how an answer is graded (see :mod:`rlm_code.evals.scorers`); ``expected``
is a list of ``path:line`` locations or of names for ``set``, a string or a list of strings
for ``contains``, and a string for ``exact`` and ``judge``. ``ignore`` (``set`` only) lists
items an answer may mention without being wrong or right, such as the definition a callers
question is about. A set is read strictly: a bad line is a :class:`UsageError` naming the
file and line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..agent.citations import LOCATION
from ..errors import UsageError
from .scorers import SCORERS

__all__ = ["Question", "load_questions"]

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_KEYS = {"id", "question", "scorer", "expected", "ignore", "note"}


@dataclass(frozen=True)
class Question:
    """One question with its expected answer; ``expected`` is a tuple for ``set`` and
    ``contains`` and a one-item tuple for ``exact`` and ``judge``."""

    id: str
    question: str
    scorer: str
    expected: tuple[str, ...]
    ignore: tuple[str, ...] = ()
    note: str = ""


def load_questions(path: Path) -> list[Question]:
    """The questions of a JSONL file, in order; ids must be unique."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UsageError(f"cannot read the questions {path}: {exc.strerror or exc}") from exc
    questions: list[Question] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UsageError(f"{where}: not a JSON object ({exc.msg})") from None
        question = _question(data, where)
        if any(q.id == question.id for q in questions):
            raise UsageError(f"{where}: the id {question.id!r} is used twice")
        questions.append(question)
    if not questions:
        raise UsageError(f"{path} holds no question")
    return questions


def _question(data: Any, where: str) -> Question:
    if not isinstance(data, dict):
        raise UsageError(f"{where}: not a JSON object")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise UsageError(f"{where}: unknown key {unknown[0]!r}; known: {', '.join(sorted(_KEYS))}")
    for key in ("id", "question", "scorer", "expected"):
        if key not in data:
            raise UsageError(f"{where}: missing key {key!r}")
    identifier, text, scorer = data["id"], data["question"], data["scorer"]
    if not isinstance(identifier, str) or not _ID.fullmatch(identifier):
        raise UsageError(f"{where}: id must be letters, digits, '-', '_' and '.', not {identifier!r}")
    if not isinstance(text, str) or not text.strip():
        raise UsageError(f"{where}: question must be a non-empty string")
    if scorer not in SCORERS:
        raise UsageError(f"{where}: scorer must be one of {', '.join(SCORERS)}, not {scorer!r}")
    expected = _expected(scorer, data["expected"], where)
    ignore = data.get("ignore", [])
    if ignore and scorer != "set":
        raise UsageError(f"{where}: ignore is for the set scorer only")
    if not _strings(ignore):
        raise UsageError(f"{where}: ignore must be a list of strings")
    note = data.get("note", "")
    if not isinstance(note, str):
        raise UsageError(f"{where}: note must be a string")
    return Question(identifier, text.strip(), scorer, expected, tuple(ignore), note)


def _expected(scorer: str, value: object, where: str) -> tuple[str, ...]:
    if scorer == "set":
        if not _strings(value):
            raise UsageError(f"{where}: expected must be a list of path:line locations or of names")
        assert isinstance(value, list)
        kinds = {bool(LOCATION.fullmatch(item)) for item in value}
        if len(kinds) > 1:
            raise UsageError(f"{where}: expected mixes path:line locations and names")
        return tuple(value)
    if scorer == "contains" and _strings(value) and value:
        assert isinstance(value, list)
        return tuple(value)
    if not isinstance(value, str) or not value.strip():
        wanted = "a string or a non-empty list of strings" if scorer == "contains" else "a non-empty string"
        raise UsageError(f"{where}: expected must be {wanted} for the {scorer} scorer")
    return (value,)


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) and item.strip() for item in value)
