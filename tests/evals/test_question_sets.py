"""The shipped question sets (evals/<fixture>.jsonl), run with the offline supervisor: every
structural question scores 1.0 and every question that needs a model is skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from rlm_code.evals import load_questions, run_eval
from rlm_code.repo import Repo
from tests.conftest import FIXTURES

EVALS = Path(__file__).resolve().parents[2] / "evals"

# set -> the questions that need a model (skipped offline)
NEEDS_A_MODEL = {
    "python": {"save-validates-first", "save-explained"},
    "python_flow": {"gone-hierarchy"},
    "go": {"embedded-logger"},
    "typescript": {"register-saves"},
}


def test_every_set_is_listed_and_runs_on_its_fixture() -> None:
    assert {p.stem for p in EVALS.glob("*.jsonl")} == set(NEEDS_A_MODEL)
    assert all((FIXTURES / name).is_dir() for name in NEEDS_A_MODEL)


@pytest.mark.parametrize("name", sorted(NEEDS_A_MODEL))
def test_offline_scores_are_perfect_on_structural_questions(name: str, session_cache: Path, tmp_path: Path) -> None:
    questions = load_questions(EVALS / f"{name}.jsonl")
    with Repo(FIXTURES / name, cache_dir=session_cache) as repo:
        report = run_eval(repo, questions, trace_dir=tmp_path)
    skipped = {r.id for r in report.results if r.status == "skipped"}
    assert skipped == NEEDS_A_MODEL[name]
    wrong = {r.id: (r.score, r.detail, r.reason) for r in report.results if r.ran and r.score != 1.0}
    assert wrong == {}
    assert report.score == 1.0 and report.count("scored") >= 6


def test_the_readme_table_counts_each_set() -> None:
    readme = (EVALS / "README.md").read_text()
    for name, skipped in NEEDS_A_MODEL.items():
        total = len(load_questions(EVALS / f"{name}.jsonl"))
        row = f"| `{name}.jsonl` | `fixtures/{name}` | {total} | {total - len(skipped)} |"
        assert row in readme
