"""The checks and evals packages' place in the layers: they use the library, and nothing below
uses them."""

from __future__ import annotations

from pathlib import Path

import pytest

import rlm_code.checks
import rlm_code.evals

PACKAGE = Path(rlm_code.checks.__file__).resolve().parent.parent
BELOW = ["repo", "llm", "rlm", "agent", "config.py", "errors.py"]


@pytest.mark.parametrize("part", BELOW)
def test_nothing_below_imports_checks_or_evals(part: str) -> None:
    where = PACKAGE / part
    for path in [where] if where.is_file() else where.rglob("*.py"):
        text = path.read_text()
        for upper in ("rlm_code.checks", "rlm_code.evals", "from ..checks", "from ..evals", "from ...checks"):
            assert upper not in text, f"{path} imports {upper}"


@pytest.mark.parametrize("package", [rlm_code.checks, rlm_code.evals], ids=["checks", "evals"])
def test_every_public_name_exists(package: object) -> None:
    for name in package.__all__:  # type: ignore[attr-defined]
        assert hasattr(package, name), name
