"""The package as a whole: its public surface, its start-up cost and its types."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import rlm_code

ROOT = Path(__file__).resolve().parent.parent


def test_all_lists_every_public_name() -> None:
    public = {name for name in vars(rlm_code) if not name.startswith("_") and name != "annotations"}
    modules = {name for name in public if type(getattr(rlm_code, name)).__name__ == "module"}
    assert public - modules <= set(rlm_code.__all__)
    for name in rlm_code.__all__:  # `ask` and `Answer` load lazily, on first use
        assert getattr(rlm_code, name) is not None, name


@pytest.mark.parametrize("module", ["rlm_code.repo", "rlm_code.errors"])
def test_submodule_all_names_exist(module: str) -> None:
    imported = importlib.import_module(module)
    for name in imported.__all__:
        assert hasattr(imported, name), name


def test_the_cli_imports_no_heavy_modules() -> None:
    """`rlm-code callers` must start fast: no Rich, tree-sitter, SDKs or servers at import."""
    code = "import sys, rlm_code.cli.app; print('\\n'.join(sorted(sys.modules)))"
    loaded = set(
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    )
    heavy = {"rich", "tree_sitter", "anthropic", "mcp", "httpx", "pydantic", "multiprocessing"}
    assert not {name.split(".")[0] for name in loaded} & heavy


def test_layers_only_import_downwards() -> None:
    """repo knows nothing of the layers above it (see DESIGN.md)."""
    for path in (ROOT / "rlm_code" / "repo").rglob("*.py"):
        text = path.read_text()
        for upper in (
            "rlm_code.cli",
            "rlm_code.llm",
            "rlm_code.rlm",
            "rlm_code.agent",
            "from ...cli",
            "from ..cli",
        ):
            assert upper not in text, f"{path} imports {upper}"


@pytest.mark.skipif(shutil.which("mypy", path=str(Path(sys.executable).parent)) is None, reason="mypy not installed")
def test_the_package_passes_strict_mypy() -> None:
    mypy = shutil.which("mypy", path=str(Path(sys.executable).parent))
    assert mypy is not None
    result = subprocess.run([mypy, "rlm_code"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
