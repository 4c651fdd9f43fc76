"""The benchmark scripts' shared helpers still fit the library they measure (the scripts
themselves are run by hand, on downloaded projects)."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest

from rlm_code.repo import Repo
from tests.conftest import FIXTURES

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def load_bench() -> ModuleType:
    path = BENCHMARKS / "bench.py"
    spec = importlib.util.spec_from_file_location("bench", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_benchmark_parses_the_files_the_index_parses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONWARNINGS", os.environ.get("PYTHONWARNINGS", ""))  # bench sets a default
    monkeypatch.syspath_prepend(str(BENCHMARKS))  # as when a script there runs
    root = FIXTURES / "python"
    with Repo(root, cache_dir=tmp_path) as repo:
        indexed = repo.list_files(lang="python").paths
    assert [path for path, _ in load_bench().source_files(root)] == [p for p in indexed if p != "data/blob.py"]
