"""``rlm-code eval`` as a real subprocess: the shipped sets offline, scripted models, exit codes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import FIXTURES, run_cli

EVALS = Path(__file__).resolve().parents[2] / "evals"


def test_piped_the_table_is_as_wide_as_its_cells_not_folded_to_the_window(tmp_path: Path) -> None:
    questions = tmp_path / "q.jsonl"
    line = EVALS.joinpath("python.jsonl").read_text().splitlines()[0]
    questions.write_text(line + "\n")
    result = run_cli("eval", questions, "--repo", FIXTURES / "python", env={"COLUMNS": "50"})
    assert result.returncode == 0, result.stderr
    row = next(line for line in result.stdout.splitlines() if "callers-form-full-clean" in line)
    assert re.match(r"│ callers-form-full-clean +│ set +│ +1\.00 │ +0 │ 0\.0000 │ +0 │ +1 │ .* │ +0 \(0\.0%\) │$", row)


def test_a_shipped_set_runs_offline_prints_a_table_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = run_cli("eval", EVALS / "python.jsonl", "--repo", FIXTURES / "python", "--out", out, "--min-score", "1.0")
    assert result.returncode == 0, result.stderr
    assert "callers-form-full-clean" in result.stdout and "│ save-explained " in result.stdout
    assert "score 1.000 over 11 question(s) run (2 skipped, 0 error(s))" in result.stdout
    assert re.search(r"│ tokens read +│ +0 │", result.stdout) and "repository: " in result.stdout
    data = json.loads(out.read_text())
    assert set(data) == {"questions_file", "root", "model", "summary", "stats", "reading", "judge", "questions"}
    assert data["summary"] == {"questions": 13, "scored": 11, "skipped": 2, "errors": 0, "score": 1.0}
    assert set(data["stats"]) == {"tokens", "cost_usd", "sub_calls", "iterations", "latency_s", "tokens_read"}
    assert set(data["stats"]["latency_s"]) == {"median", "p95", "max", "total"}
    assert set(data["questions"][0]) >= {
        "id",
        "score",
        "tokens",
        "cost_usd",
        "sub_calls",
        "iterations",
        "latency_s",
        "tokens_read",
        "read_share",
        "trace",
    }


def test_a_score_below_min_score_exits_1(tmp_path: Path) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        json.dumps(
            {"id": "wrong", "question": "where is Router defined?", "scorer": "set", "expected": ["shop/app.py:1"]}
        )
        + "\n"
    )
    assert run_cli("eval", questions, "--repo", FIXTURES / "python").returncode == 0
    result = run_cli("eval", questions, "--repo", FIXTURES / "python", "--min-score", "0.5")
    assert result.returncode == 1 and "score 0.000" in result.stdout


def test_scripted_models_answer_and_judge(tmp_path: Path) -> None:
    questions = tmp_path / "q.jsonl"
    judged = {
        "id": "judged",
        "question": "How does saving reach persist?",
        "scorer": "judge",
        "expected": "Model.save calls persist(self).",
    }
    questions.write_text(json.dumps(judged) + "\n")
    replies = tmp_path / "replies.json"
    replies.write_text(json.dumps(["```repl\nFINAL('Model.save calls persist.')\n```"]))
    grades = tmp_path / "grades.json"
    grades.write_text(json.dumps(["SCORE: 0.8\nclose"]))
    out = tmp_path / "report.json"
    result = run_cli(
        "eval",
        questions,
        "--repo",
        FIXTURES / "python",
        "--model",
        f"scripted:{replies}",
        "--worker-model",
        f"scripted:{replies}",
        "--judge-model",
        f"scripted:{grades}",
        "--out",
        out,
    )
    assert result.returncode == 0, result.stderr
    (judged,) = json.loads(out.read_text())["questions"]
    assert (judged["status"], judged["score"], judged["model"]) == ("scored", 0.8, "scripted")


def test_bad_input_exits_2_with_one_line(tmp_path: Path) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"id": "a", "question": "q", "scorer": "fuzzy", "expected": "x"}\n')
    result = run_cli("eval", questions, "--repo", FIXTURES / "python")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert f"{questions}:1: scorer must be one of set, contains, exact, judge" in result.stderr
    missing = run_cli("eval", tmp_path / "none.jsonl", "--repo", FIXTURES / "python")
    assert missing.returncode == 2 and "cannot read the questions" in missing.stderr
    no_repo = run_cli("eval", EVALS / "go.jsonl", "--repo", tmp_path / "nowhere")
    assert no_repo.returncode == 2 and "no such folder" in no_repo.stderr


def test_out_creates_its_folders_and_an_unwritable_out_fails_before_any_question(tmp_path: Path) -> None:
    out = tmp_path / "new" / "folders" / "report.json"
    result = run_cli("eval", EVALS / "go.jsonl", "--repo", FIXTURES / "go", "--out", out)
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text())["summary"]["questions"] == 8
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    replies = tmp_path / "replies.json"
    replies.write_text(json.dumps(["```repl\nFINAL('paid for')\n```"]))
    cache = tmp_path / "cache"
    result = run_cli(
        "eval",
        EVALS / "go.jsonl",
        "--repo",
        FIXTURES / "go",
        "--model",
        f"scripted:{replies}",
        "--out",
        blocker / "report.json",
        env={"RLM_CODE_CACHE": str(cache)},
    )
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert f"cannot write {blocker / 'report.json'}: {blocker} is not a folder" in result.stderr
    assert result.stdout == "" and not (cache / "evals").exists()


def test_out_that_fails_at_the_end_still_prints_the_table(tmp_path: Path) -> None:
    """The folder of --out turns into a file while the question runs: the run's table is
    printed all the same, then the write fails with exit 2."""
    questions = tmp_path / "q.jsonl"
    questions.write_text(json.dumps({"id": "slow", "question": "q", "scorer": "contains", "expected": "done"}) + "\n")
    replies = tmp_path / "replies.json"
    replies.write_text(json.dumps({"replies": ["```repl\nFINAL('done')\n```"], "delay": 2.0}))
    folder, cache = tmp_path / "out", tmp_path / "cache"
    command = [sys.executable, "-m", "rlm_code", "eval", str(questions), "--repo", str(FIXTURES / "python")]
    command += ["--model", f"scripted:{replies}", "--out", str(folder / "report.json")]
    env = {**os.environ, "COLUMNS": "120", "RLM_CODE_CACHE": str(cache)}
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as process:
        deadline = time.monotonic() + 60
        while not list(cache.glob("evals/*/slow.jsonl")) and time.monotonic() < deadline:
            time.sleep(0.05)
        folder.rmdir()
        folder.write_text("now a file\n")
        stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 2, stderr
    assert "│ slow " in stdout and "score 1.000 over 1 question(s) run" in stdout
    assert f"cannot write {folder / 'report.json'}: Not a directory" in stderr


def test_the_configuration_names_its_file_and_reads_model_files_beside_it(tmp_path: Path) -> None:
    """A relative ``scripted:`` model in .rlm-code.toml is found beside that file, whatever
    folder rlm-code runs from; a bad key's message names the file it is in."""
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "python", repo)
    (repo / "models").mkdir()
    (repo / "models" / "replies.json").write_text(json.dumps(["```repl\nFINAL('from the config model')\n```"]))
    config = repo / ".rlm-code.toml"
    config.write_text('model = "scripted:models/replies.json"\nworker_model = "scripted:models/replies.json"\n')
    questions = tmp_path / "q.jsonl"
    questions.write_text(json.dumps({"id": "q", "question": "q", "scorer": "contains", "expected": "config"}) + "\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run_cli("eval", questions, "--repo", repo, "--out", tmp_path / "r.json", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "r.json").read_text())["questions"][0]["score"] == 1.0
    config.write_text("bogus_key = 1\n")
    result = run_cli("eval", questions, "--repo", repo)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert f"unknown setting 'bogus_key' in {config}; known: " in result.stderr
