"""``rlm-code check``: architecture rules checked against a repository, for CI and pre-merge.

Exit codes: 0 clean (warnings and skipped rules allowed), 1 violations, 2 bad rules or input,
3 a budget stopped a question rule, 4 a question rule's model failed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .app import CacheOpt, RepoArg, WorkerModelOpt, app
from .output import open_repo, prepare_output, write_output, write_stdout

__all__ = ["ModelOpt"]

_OPTIONAL_STR = Optional[str]
_OPTIONAL_PATH = Optional[Path]

ModelOpt = Annotated[
    _OPTIONAL_STR,
    typer.Option(
        "--model",
        help="The supervisor model: anthropic:<model>, openai:<model>@<base_url> or"
        " scripted:<file.json> (default: the configuration, else Anthropic when ANTHROPIC_API_KEY is set).",
    ),
]


@app.command()
def check(
    repo: RepoArg,
    rules: Annotated[
        _OPTIONAL_PATH,
        typer.Option(
            "--rules",
            help="A TOML file with a [rules] table (default: the repository's .rlm-code.toml, else"
            " [tool.rlm-code.rules] in its pyproject.toml).",
        ),
    ] = None,
    changed_since: Annotated[
        _OPTIONAL_STR,
        typer.Option(
            "--changed-since",
            help="Only report violations on lines changed since this git revision"
            " (its merge base with HEAD), uncommitted changes included.",
        ),
    ] = None,
    output_format: Annotated[
        str,
        typer.Option(
            "--format", help="text, json, markdown (a pull-request comment) or sarif (2.1.0, for code scanning)."
        ),
    ] = "text",
    sarif: Annotated[_OPTIONAL_PATH, typer.Option("--sarif", help="Also write the SARIF log to this file.")] = None,
    model: ModelOpt = None,
    worker_model: WorkerModelOpt = None,
    cache_dir: CacheOpt = None,
) -> None:
    """Check the repository against its architecture rules."""
    from ..checks import FORMATS, load_rules, render, run_checks
    from ..config import load_settings
    from ..errors import UsageError
    from ..repo.paths import resolve_root

    if output_format not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}, not {output_format!r}")
    root = resolve_root(repo)
    rule_set = load_rules(root, rules)
    given = {"model": model, "worker_model": worker_model}
    settings = load_settings(root, flags=given)
    if sarif is not None:
        prepare_output(sarif)
    opened = open_repo(repo, cache_dir=cache_dir, json_mode=output_format != "text")
    report = run_checks(opened, rule_set, changed_since=changed_since, settings=settings)
    write_stdout(render(report, output_format))
    if sarif is not None:
        write_output(sarif, render(report, "sarif"))
    if report.exit_code:
        raise typer.Exit(report.exit_code)
