"""``rlm-code cache``: listing the cache folder's indexes and pruning them, on real indexes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import FIXTURES, HOLD_THE_INDEX_LOCK, run_cli


def indexed_copies(tmp_path: Path, *names: str) -> tuple[Path, dict[str, Path]]:
    """Copies of the Python fixture under ``tmp_path``, each indexed in one cache folder."""
    cache = tmp_path / "cache"
    repos = {}
    for name in names:
        repos[name] = tmp_path / name
        shutil.copytree(FIXTURES / "python", repos[name], symlinks=True)
        assert run_cli("index", repos[name], "--json", "--cache-dir", cache).returncode == 0
    return cache, repos


def listed(cache: Path) -> dict[str, dict]:
    result = run_cli("cache", "list", "--json", "--cache-dir", cache)
    assert result.returncode == 0, result.stderr
    return {Path(index["root"]).name: index for index in json.loads(result.stdout)["indexes"]}


def test_list_names_each_repository_and_whether_it_still_exists(tmp_path: Path) -> None:
    cache, repos = indexed_copies(tmp_path, "kept", "gone")
    shutil.rmtree(repos["gone"])
    indexes = listed(cache)
    assert {name: index["repo_exists"] for name, index in indexes.items()} == {"kept": True, "gone": False}
    assert all(index["size"] > 0 and time.time() - index["last_used"] < 600 for index in indexes.values())
    text = run_cli("cache", "list", "--cache-dir", cache).stdout
    assert f"{repos['gone']}  (repository gone)" in text and "2 index(es)" in text


def test_prune_removes_the_indexes_of_repositories_that_are_gone(tmp_path: Path) -> None:
    cache, repos = indexed_copies(tmp_path, "kept", "gone")
    shutil.rmtree(repos["gone"])
    gone = Path(listed(cache)["gone"]["path"])
    dry = json.loads(run_cli("cache", "prune", "--dry-run", "--json", "--cache-dir", cache).stdout)
    assert [Path(index["root"]).name for index in dry["removed"]] == ["gone"] and gone.exists()
    pruned = json.loads(run_cli("cache", "prune", "--json", "--cache-dir", cache).stdout)
    assert [Path(index["root"]).name for index in pruned["removed"]] == ["gone"] and pruned["bytes"] > 0
    assert sorted(p.name for p in gone.parent.iterdir() if p.name.startswith(gone.name)) == []
    assert list(listed(cache)) == ["kept"]


def test_prune_leaves_an_index_that_is_in_use(tmp_path: Path) -> None:
    cache, repos = indexed_copies(tmp_path, "gone")
    shutil.rmtree(repos["gone"])
    index_path = listed(cache)["gone"]["path"]
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_INDEX_LOCK, index_path],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdin is not None and holder.stdout is not None
    try:
        assert holder.stdout.readline() == "held\n"
        busy = json.loads(run_cli("cache", "prune", "--json", "--cache-dir", cache).stdout)
        assert (busy["removed"], [i["path"] for i in busy["in_use"]]) == ([], [index_path])
    finally:
        holder.stdin.close()
        holder.wait()
    assert Path(index_path).exists()
    assert [
        i["path"] for i in json.loads(run_cli("cache", "prune", "--json", "--cache-dir", cache).stdout)["removed"]
    ] == [index_path]


def test_prune_by_days_unused_goes_by_the_last_index_run(tmp_path: Path) -> None:
    cache, repos = indexed_copies(tmp_path, "old", "fresh")
    ten_days_ago = time.time() - 10 * 86400
    for name in ("old", "fresh"):
        index = Path(listed(cache)[name]["path"])
        os.utime(index.with_name(f"{index.name}.lock"), (ten_days_ago, ten_days_ago))
    assert run_cli("callers", repos["fresh"], "Form.full_clean", "--cache-dir", cache).returncode == 0
    assert time.time() - listed(cache)["fresh"]["last_used"] < 600  # any index run counts as a use
    assert (
        json.loads(run_cli("cache", "prune", "--unused-days", "30", "--json", "--cache-dir", cache).stdout)["removed"]
        == []
    )
    pruned = json.loads(run_cli("cache", "prune", "--unused-days", "5", "--json", "--cache-dir", cache).stdout)
    assert [Path(index["root"]).name for index in pruned["removed"]] == ["old"]


def test_an_unreadable_index_is_listed_and_kept_until_it_is_old(tmp_path: Path) -> None:
    cache, _ = indexed_copies(tmp_path, "kept")
    junk = cache / "index" / "junk-0123456789abcdef.sqlite3"
    junk.write_bytes(b"not a database")
    data = json.loads(run_cli("cache", "list", "--json", "--cache-dir", cache).stdout)
    assert {(Path(i["path"]).name, i["root"], i["repo_exists"]) for i in data["indexes"]} >= {(junk.name, None, False)}
    assert json.loads(run_cli("cache", "prune", "--json", "--cache-dir", cache).stdout)["removed"] == []
    a_year_ago = time.time() - 365 * 86400
    os.utime(junk, (a_year_ago, a_year_ago))
    pruned = json.loads(run_cli("cache", "prune", "--unused-days", "90", "--json", "--cache-dir", cache).stdout)
    assert [Path(i["path"]).name for i in pruned["removed"]] == [junk.name] and not junk.exists()
