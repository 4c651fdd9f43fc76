"""Loading question sets: the format, and a one-line error for every malformed line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rlm_code.errors import UsageError
from rlm_code.evals import Question, load_questions


def write(tmp_path: Path, *items: object) -> Path:
    path = tmp_path / "questions.jsonl"
    path.write_text("\n".join(item if isinstance(item, str) else json.dumps(item) for item in items) + "\n")
    return path


def test_a_set_loads_in_order_with_each_scorer(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        {"id": "a", "question": " who calls f? ", "scorer": "set", "expected": ["x.py:1"], "ignore": ["x.py:9"]},
        "",
        {"id": "b", "question": "q", "scorer": "set", "expected": ["f", "C.m"], "note": "why"},
        {"id": "c", "question": "q", "scorer": "contains", "expected": "one"},
        {"id": "d", "question": "q", "scorer": "contains", "expected": ["one", "two"]},
        {"id": "e", "question": "q", "scorer": "exact", "expected": "all of it"},
        {"id": "f", "question": "q", "scorer": "judge", "expected": "a reference"},
        {"id": "g", "question": "q", "scorer": "set", "expected": []},
    )
    assert load_questions(path) == [
        Question("a", "who calls f?", "set", ("x.py:1",), ("x.py:9",)),
        Question("b", "q", "set", ("f", "C.m"), note="why"),
        Question("c", "q", "contains", ("one",)),
        Question("d", "q", "contains", ("one", "two")),
        Question("e", "q", "exact", ("all of it",)),
        Question("f", "q", "judge", ("a reference",)),
        Question("g", "q", "set", ()),
    ]


GOOD = {"id": "a", "question": "q", "scorer": "set", "expected": ["x.py:1"]}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not a JSON object (Expecting property name"),
        ("[1, 2]", "not a JSON object"),
        ({**GOOD, "answer": "x"}, "unknown key 'answer'; known: expected, id, ignore, note, question, scorer"),
        ({"id": "a", "question": "q", "scorer": "set"}, "missing key 'expected'"),
        ({**GOOD, "id": "has space"}, "id must be letters, digits, '-', '_' and '.', not 'has space'"),
        ({**GOOD, "question": "  "}, "question must be a non-empty string"),
        ({**GOOD, "scorer": "fuzzy"}, "scorer must be one of set, contains, exact, judge, not 'fuzzy'"),
        ({**GOOD, "expected": "x.py:1"}, "expected must be a list of path:line locations or of names"),
        ({**GOOD, "expected": ["x.py:1", "f"]}, "expected mixes path:line locations and names"),
        ({**GOOD, "scorer": "exact", "expected": ["a"]}, "expected must be a non-empty string for the exact scorer"),
        ({**GOOD, "scorer": "contains", "expected": []}, "expected must be a string or a non-empty list of strings"),
        ({**GOOD, "scorer": "judge", "expected": "x", "ignore": ["y"]}, "ignore is for the set scorer only"),
        ({**GOOD, "ignore": "x.py:2"}, "ignore must be a list of strings"),
        ({**GOOD, "note": 3}, "note must be a string"),
    ],
)
def test_a_bad_line_is_one_line_naming_file_and_line(tmp_path: Path, line: object, message: str) -> None:
    path = write(tmp_path, GOOD | {"id": "first"}, line)
    with pytest.raises(UsageError) as caught:
        load_questions(path)
    assert str(caught.value).startswith(f"{path}:2: {message}")
    assert "\n" not in str(caught.value)


def test_ids_are_unique_and_a_set_is_not_empty(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"questions.jsonl:2: the id 'a' is used twice"):
        load_questions(write(tmp_path, GOOD, GOOD))
    with pytest.raises(UsageError, match="holds no question"):
        load_questions(write(tmp_path, ""))
    with pytest.raises(UsageError, match="cannot read the questions"):
        load_questions(tmp_path / "missing.jsonl")
