"""The indexing process pool, with real worker processes running functions of this module."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rlm_code.repo.indexer import _hash
from rlm_code.repo.workers import map_in_workers

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="lists child processes through /proc")


def square(n: int) -> int:
    return n * n


def die_on_seven(n: int) -> int:
    if n == 7:
        os._exit(3)
    return n


def children() -> set[int]:
    """This process's live child processes (Linux)."""
    found: set[int] = set()
    for task in Path("/proc/self/task").iterdir():
        try:
            found |= {int(pid) for pid in (task / "children").read_text().split()}
        except FileNotFoundError:  # a thread (the pool's feeder, say) that ended meanwhile
            continue
    return {pid for pid in found if Path(f"/proc/{pid}").exists()}


def test_every_job_comes_back_once_from_several_workers() -> None:
    assert sorted(map_in_workers(square, list(range(100)), 2, chunk=3)) == [n * n for n in range(100)]


def test_a_worker_that_dies_is_an_error_not_a_hang() -> None:
    before = children()
    with pytest.raises(RuntimeError, match="an indexing worker exited with code 3"):
        list(map_in_workers(die_on_seven, list(range(40)), 2, chunk=2))
    assert not children() - before


def test_leaving_early_stops_the_workers() -> None:
    before = children()
    results = map_in_workers(square, list(range(10_000)), 2, chunk=4)
    assert next(results) >= 0
    assert children() - before  # the workers are running
    results.close()
    assert not children() - before


def test_workers_import_the_parents_package_whatever_the_working_folder_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A checkout of another version in the working folder: `python -c` would put it first on
    # the workers' path, and they would extract facts with its code, not the parent's.
    (tmp_path / "rlm_code").mkdir()
    (tmp_path / "rlm_code" / "__init__.py").write_text("raise ImportError('the wrong rlm_code')\n")
    monkeypatch.chdir(tmp_path)
    assert sorted(map_in_workers(_hash, [b"a", b"b", b"c", b"d"], 2, chunk=1)) == sorted(
        _hash(data) for data in (b"a", b"b", b"c", b"d")
    )
