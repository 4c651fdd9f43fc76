"""The benchmark scripts' shared helpers still fit the library they measure (the scripts
themselves are run by hand, on downloaded projects)."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

from rlm_code.repo import Repo
from tests.conftest import FIXTURES

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def load_bench(name: str = "bench") -> ModuleType:
    path = BENCHMARKS / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # where its dataclasses look up their annotations
    spec.loader.exec_module(module)
    return module


def test_the_benchmark_parses_the_files_the_index_parses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONWARNINGS", os.environ.get("PYTHONWARNINGS", ""))  # bench sets a default
    monkeypatch.syspath_prepend(str(BENCHMARKS))  # as when a script there runs
    root = FIXTURES / "python"
    with Repo(root, cache_dir=tmp_path) as repo:
        indexed = repo.list_files(lang="python").paths
    assert [path for path, _ in load_bench().source_files(root)] == [p for p in indexed if p != "data/blob.py"]


def test_callers_are_judged_by_the_compilers_positions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison with a compiler's answers, on hand-written answers about the Java fixture:
    a site both name is right, one the compiler binds elsewhere is a false positive, one rlm-code
    misses is a false negative, and one the compiler cannot bind counts neither way."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    compare = load_bench("callers_vs_compilers")
    from oracles import Call, Declaration, Facts, Project

    strings, app = "src/main/java/com/shop/util/Strings.java", "src/main/java/com/shop/App.java"
    slug, lower = (strings, 6, 26), (strings, 14, 27)
    facts = Facts(
        [Declaration(*slug, "slug", "method"), Declaration(*lower, "lower", "method")],
        [
            Call(strings, 7, 16, "lower", lower),  # rlm-code reports it: right
            Call(strings, 11, 56, "lower", None),  # unknown to the compiler: not judged
            Call(strings, 15, 21, "lower", lower),  # not a call of lower at all: missed
            Call(app, 22, 46, "slug", None, outside=True),  # the compiler binds it elsewhere
        ],
    )
    project = Project("fixture", "java", lambda cache: FIXTURES / "java", lambda root, cache: facts, ("src/main",))
    result, verdicts = compare.run_project(project, tmp_path, sample=None, seed=0)

    assert result["declarations_unmapped"] == 0 and result["targets"] == 2
    default = result["levels"]["default"]
    assert (default["tp"], default["fp"], default["fn"], default["unknown"]) == (1, 3, 1, 1)
    errors = {(tuple(e["site"]), e["error"], e["compiler"]) for e in verdicts.errors}
    assert errors == {
        ((strings, 15, 21), "fn", f"{strings}:Strings.lower"),
        ((app, 22, 46), "fp", "outside"),
        (("src/main/java/com/shop/Broken.java", 7, 16), "fp", "no call"),  # not in the answers
        (("src/main/java/com/shop/model/Product.java", 24, 43), "fp", "no call"),
    }
