"""The README's examples are run, so they cannot rot: every ```console block's commands and
their output, and the ```python example."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.conftest import console_examples, run_cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


@pytest.mark.parametrize(("command", "output"), console_examples(README), ids=[c for c, _ in console_examples(README)])
def test_console_example(command: str, output: str) -> None:
    program, *args = shlex.split(command)
    assert program == "rlm-code"
    result = run_cli(*args, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert [line.rstrip() for line in result.stdout.splitlines()] == output.rstrip("\n").splitlines()


def test_the_first_two_blocks_are_the_install_and_test_commands() -> None:
    blocks = re.findall(r"```sh\n(.*?)```", README, re.DOTALL)
    install, tests = blocks[0].strip(), blocks[1].strip()
    assert "\n" not in install and "\n" not in tests  # .ci/run runs each as one line
    assert "pip install -e '.[dev]'" in install and "rlm-code" in install
    assert "pytest" in tests


def test_python_example(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (code,) = re.findall(r"```python\n(.*?)```", README, re.DOTALL)
    monkeypatch.chdir(ROOT)
    exec(compile(code, "README.md", "exec"), {})
    assert capsys.readouterr().out == "Form.full_clean\n"
