"""``rlm-code eval``: a question set run against a repository, graded and measured.

Exit codes: 0 the set ran (and scored at least ``--min-score``), 1 the score fell below
``--min-score``, 2 bad input (a malformed question file, an unknown model).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .app import CacheOpt, WorkerModelOpt, app
from .check import ModelOpt
from .output import open_repo, prepare_output, write_output

if TYPE_CHECKING:
    from ..evals import QuestionResult

_OPTIONAL_STR = Optional[str]
_OPTIONAL_PATH = Optional[Path]
_OPTIONAL_FLOAT = Optional[float]


@app.command("eval")
def eval_command(
    questions: Annotated[Path, typer.Argument(help="A JSONL question set (see evals/README.md).", show_default=False)],
    repo: Annotated[Path, typer.Option("--repo", help="The repository the questions are about.", show_default=False)],
    model: ModelOpt = None,
    worker_model: WorkerModelOpt = None,
    judge_model: Annotated[
        _OPTIONAL_STR,
        typer.Option(
            "--judge-model",
            help="The model that grades judge questions (default: the supervisor model; without one they are skipped).",
        ),
    ] = None,
    out: Annotated[_OPTIONAL_PATH, typer.Option("--out", help="Write the JSON report here.")] = None,
    min_score: Annotated[
        _OPTIONAL_FLOAT,
        typer.Option("--min-score", min=0.0, max=1.0, help="Exit 1 when the total score is below this."),
    ] = None,
    cache_dir: CacheOpt = None,
) -> None:
    """Run a question set: score per question and in total, tokens, cost, latency."""
    from ..agent import supervisor_spec
    from ..config import load_settings
    from ..evals import load_questions, run_eval
    from ..llm import make_model
    from ..repo.paths import resolve_root
    from . import render_eval

    asked = load_questions(questions)
    root = resolve_root(repo)
    given = {"model": model, "worker_model": worker_model}
    settings = load_settings(root, flags=given)
    judge_spec = judge_model or supervisor_spec(settings)
    judge = make_model(judge_spec) if judge_spec else None
    if out is not None:
        prepare_output(out)
    opened = open_repo(repo, cache_dir=cache_dir, json_mode=False)
    on_result = _print_progress if sys.stderr.isatty() else None
    report = run_eval(opened, asked, questions_file=str(questions), settings=settings, judge=judge, on_result=on_result)
    render_eval.report(report)
    if out is not None:
        write_output(out, json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n")
    if min_score is not None and (report.score or 0.0) < min_score:
        raise typer.Exit(1)


def _print_progress(result: QuestionResult) -> None:
    from .output import console

    shown = f"{result.score:.2f}" if result.score is not None else result.status
    console(stderr=True).print(f"[dim]{result.id}: {shown}[/dim]", highlight=False)
