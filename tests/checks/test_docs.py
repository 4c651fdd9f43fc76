"""docs/checks.md stays true: its console examples are run and its TOML examples load."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from rlm_code.checks import KINDS, load_rules
from tests.conftest import console_examples, run_cli

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "checks.md").read_text()


@pytest.mark.parametrize(("command", "output"), console_examples(DOC), ids=[c for c, _ in console_examples(DOC)])
def test_console_example(command: str, output: str) -> None:
    program, *args = shlex.split(command)
    assert program == "rlm-code"
    result = run_cli(*args, cwd=ROOT)
    assert result.returncode in (0, 1), result.stderr
    assert [line.rstrip() for line in result.stdout.splitlines()] == output.rstrip("\n").splitlines()


def test_every_toml_example_is_a_valid_rule_and_every_kind_has_one(tmp_path: Path) -> None:
    kinds = []
    for number, block in enumerate(re.findall(r"```toml\n(.*?)```", DOC, re.DOTALL)):
        path = tmp_path / f"example{number}.toml"
        path.write_text(block)
        kinds += [rule.kind for rule in load_rules(tmp_path, path).rules]
    assert sorted(kinds) == sorted(KINDS)
