"""The incremental index: what it parses, what it skips, and what survives a crash."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from rlm_code import NotFoundError
from rlm_code.repo import Repo
from tests.conftest import FIXTURES, HOLD_THE_INDEX_LOCK, hears_ctrl_c, run_cli


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every entry under ``root`` with its size and mtime, symlinks not followed."""
    entries = {}
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        entries[str(path.relative_to(root))] = (info.st_size, info.st_mtime_ns)
    return entries


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """A private copy of the Python fixture, outside any git checkout."""
    target = tmp_path / "shop-repo"
    shutil.copytree(FIXTURES / "python", target, symlinks=True)
    return target


def test_indexing_writes_nothing_inside_the_repository(tmp_path: Path) -> None:
    root = FIXTURES / "python"
    before = snapshot(root)
    with Repo(root, cache_dir=tmp_path / "cache") as repo:
        repo.index()
        repo.callers("url_for")
        repo.grep("def ")
    assert snapshot(root) == before
    assert (tmp_path / "cache" / "index").is_dir()


def test_ignored_hidden_and_symlinked_files_stay_out(shop: Path) -> None:
    with Repo(shop) as repo:
        paths = repo.list_files().paths
        assert "build/generated.py" not in paths  # .gitignore, honoured outside git too
        assert "debug.log" not in paths
        assert ".gitignore" not in paths  # hidden
        assert "shop/secret.py" not in paths  # a symlink out of the repository
        with pytest.raises(NotFoundError):
            repo.find_definitions("leaked")
        assert len(repo.find_definitions("url_for")) == 2


def test_bad_files_are_skipped_or_decoded_never_fatal(shop: Path) -> None:
    with Repo(shop) as repo:
        report = repo.index()
        assert report.skipped == {"binary": 1}  # data/blob.py holds NUL bytes
        stats = repo.stats()
        assert stats.invalid_utf8 == 1 and stats.syntax_errors == 1
        assert [d.target for d in repo.find_definitions("legacy")] == ["legacy/latin1.py:legacy"]
        assert [d.target for d in repo.find_definitions("still_works")] == ["scripts/broken.py:still_works"]
    with Repo(shop, max_file_size=100) as small:
        assert small.index().skipped["too large"] >= 5


def test_a_file_name_that_is_not_utf8_is_skipped_and_counted(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "ok.py").write_text("def f():\n    return 1\n")
    with open(os.path.join(os.fsencode(root), b"caf\xe9.py"), "wb") as latin1_name:
        latin1_name.write(b"def f():\n    return 2\n")
    result = run_cli("index", root, "--json", "--cache-dir", tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["files"], report["skipped"]) == (1, {"name not UTF-8": 1})
    found = run_cli("grep", root, "return", "--json", "--cache-dir", tmp_path / "cache")
    assert sorted((m["path"], m["symbol"]) for m in json.loads(found.stdout)["matches"]) == [
        ("caf\ufffd.py", None),  # ripgrep still searches it; its name is shown decoded with replacement
        ("ok.py", "f"),
    ]


def test_reopening_unchanged_parses_nothing(shop: Path) -> None:
    with Repo(shop) as first:
        assert first.index().parsed == 13
    with Repo(shop) as second:
        report = second.index()
        assert (report.parsed, report.removed) == (0, 0)


def test_a_changed_file_is_reindexed_alone(shop: Path) -> None:
    with Repo(shop) as repo:
        repo.index()
        views = shop / "shop" / "views.py"
        views.write_text(views.read_text() + "\n\ndef extra(form: Form):\n    return form.full_clean()\n")
        report = repo.index()
        assert report.parsed == 1
        sites = {(c.path, c.caller) for c in repo.callers("Form.full_clean").callers}
        assert ("shop/views.py", "extra") in sites


def test_a_refresh_that_finds_nothing_new_keeps_what_it_had_loaded(shop: Path) -> None:
    with Repo(shop) as repo:
        assert repo.index().changed  # the first run adds every file
        assert [c.caller for c in repo.callers("Form.full_clean").callers] == ["login", "check"]
        loaded = repo._ready  # the graph, with the facts that query read
        assert not repo.index().changed and repo._ready is loaded
        views = shop / "shop" / "views.py"
        views.write_text(views.read_text().replace("def login(", "def sign_in("))
        assert repo.index().changed and repo._ready is not loaded
        assert [c.caller for c in repo.callers("Form.full_clean").callers] == ["sign_in", "check"]


def test_touching_without_changing_content_parses_nothing(shop: Path) -> None:
    with Repo(shop) as repo:
        repo.index()
        os.utime(shop / "shop" / "app.py", ns=(1, 1))
        assert repo.index().parsed == 0


def test_added_and_deleted_files(shop: Path) -> None:
    with Repo(shop) as repo:
        repo.index()
        (shop / "shop" / "extra.py").write_text(
            "from .helpers import url_for\n\ndef more():\n    return url_for('x')\n"
        )
        (shop / "scripts" / "build.py").unlink()
        report = repo.index()
        assert (report.parsed, report.removed) == (1, 1)
        callers = {c.caller for c in repo.callers("shop/helpers.py:url_for").callers}
        assert "more" in callers and "<module>" not in callers


def test_a_file_that_becomes_too_large_leaves_no_facts_or_space_behind(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "small.py").write_text("def f():\n    return 1\n")
    (root / "big.py").write_text("".join(f"def f{n}(x):\n    return f(x) + {n}\n\n" for n in range(10_000)))
    with Repo(root, max_file_size=10_000_000) as repo:
        assert [d.path for d in repo.find_definitions("f9999")] == ["big.py"]
        full = repo.stats().index_bytes
    with Repo(root, max_file_size=1000) as repo:
        assert repo.index().skipped == {"too large": 1}
        stats = repo.stats()
        assert (stats.definitions, stats.references) == (1, 0)
        assert stats.index_bytes < full / 4  # the dropped file's rows are gone from the file too
        with pytest.raises(NotFoundError) as missing:
            repo.find_definitions("f9999")
        assert str(missing.value) == "no definition named 'f9999'"  # no hint from dropped facts


def test_identical_files_are_parsed_once(tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "same.py").write_text("def twin():\n    return 1\n")
    with Repo(tmp_path) as repo:
        assert repo.index().parsed == 1
        assert sorted(d.path for d in repo.find_definitions("twin")) == [
            "a/same.py",
            "b/same.py",
            "c/same.py",
        ]


def generated_repo(root: Path, files: int, *, padding: int = 0) -> Path:
    """A repository of ``files`` modules, each calling ``target`` once and defining
    ``padding`` more functions to make parsing take longer."""
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "__init__.py").write_text("")
    (root / "pkg" / "core.py").write_text("def target():\n    return 1\n")
    for index in range(files):
        body = textwrap.dedent(f"""\
            from pkg.core import target


            def caller_{index}():
                return target() + {index}
            """)
        body += "".join(f"\n\ndef filler_{index}_{n}(x):\n    return x * {n}\n" for n in range(padding))
        (root / "pkg" / f"mod_{index}.py").write_text(body)
    return root


def test_worker_processes_give_the_same_index_as_one_process(tmp_path: Path) -> None:
    root = generated_repo(tmp_path / "repo", 150)
    with (
        Repo(root, cache_dir=tmp_path / "one", workers=1) as single,
        Repo(root, cache_dir=tmp_path / "many", workers=2) as pool,
    ):
        assert single.index().parsed == pool.index().parsed == 152
        assert single.callers("target").callers == pool.callers("target").callers
        assert len(pool.callers("target").callers) == 150


def test_a_killed_index_run_leaves_an_index_that_still_answers_right(tmp_path: Path) -> None:
    root = generated_repo(tmp_path / "repo", 3000, padding=30)
    cache = tmp_path / "cache"
    script = f"from rlm_code.repo import Repo\nRepo({str(root)!r}, cache_dir={str(cache)!r}).index()\n"
    process = subprocess.Popen([sys.executable, "-c", script], start_new_session=True)
    database = Repo(root, cache_dir=cache).index_path
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if _indexed_files(database) > 50:
            break
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)  # the indexer and its workers, mid-run
    process.wait()
    done_before = _indexed_files(database)
    assert 0 < done_before < 3002, "the kill should land mid-index"

    with Repo(root, cache_dir=cache) as repo:
        report = repo.index()
        assert report.parsed + done_before >= 3002 - 1  # only the rest is parsed again
        callers = repo.callers("target", max_results=5000).callers
        assert len(callers) == 3000
        assert {c.confidence for c in callers} == {"exact"}


def test_progress_counts_every_file_and_ends_complete(tmp_path: Path) -> None:
    root = generated_repo(tmp_path / "repo", 1201)  # not a multiple of the scan's reporting step
    reports: dict[str, list[tuple[int, int]]] = {"scan": [], "parse": []}

    def progress(phase: str, done: int, total: int) -> None:
        reports[phase].append((done, total))

    with Repo(root, cache_dir=tmp_path / "cache") as repo:
        parsed = repo.index(progress=progress).parsed
    listed = reports["scan"][-1][1]
    assert reports["scan"][-1] == (listed, listed)
    assert [done for done, _ in reports["parse"]][:parsed] == list(range(1, parsed + 1))
    assert reports["parse"][-1] == (parsed, parsed)


def test_indexing_waits_while_another_process_indexes(shop: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    repo = Repo(shop, cache_dir=cache)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_INDEX_LOCK, str(repo.index_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdin is not None and holder.stdout is not None
    assert holder.stdout.readline() == "held\n"
    phases: list[str] = []
    waiting = threading.Event()

    def progress(phase: str, done: int, total: int) -> None:
        phases.append(phase)
        if phase == "wait":
            waiting.set()

    indexing = threading.Thread(target=repo.index, kwargs={"progress": progress})
    indexing.start()
    try:
        assert waiting.wait(30)
        assert indexing.is_alive() and phases == ["wait"]  # blocked, having touched nothing
        assert not repo.index_path.exists()
    finally:
        holder.stdin.close()
        holder.wait()
        indexing.join(60)
    assert not indexing.is_alive()
    with repo:
        assert [c.caller for c in repo.callers("Form.full_clean").callers] == ["login", "check"]


def test_an_open_repo_answers_from_what_another_process_indexed(shop: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with Repo(shop, cache_dir=cache) as repo:
        assert [c.caller for c in repo.callers("Form.full_clean").callers] == ["login", "check"]
        views = shop / "shop" / "views.py"
        views.write_text(views.read_text().replace("def login(", "def sign_in("))
        indexed = run_cli("index", shop, "--json", "--cache-dir", cache)
        assert json.loads(indexed.stdout)["parsed"] == 1
        assert [c.caller for c in repo.callers("Form.full_clean").callers] == ["sign_in", "check"]
        assert "sign_in" in [d.qualname for d in repo.outline("shop/views.py").definitions]
        assert repo.last_report is not None and repo.last_report.parsed > 1  # its own run; nothing re-parsed


def test_an_open_repo_follows_a_rebuild_by_another_process(shop: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with Repo(shop, cache_dir=cache) as repo:
        repo.index()
        assert run_cli("index", shop, "--rebuild", "--json", "--cache-dir", cache).returncode == 0
        repo.index()  # finds its database replaced, and opens the new one
        views = shop / "shop" / "views.py"
        views.write_text(views.read_text().replace("def login(", "def sign_in("))
        assert json.loads(run_cli("index", shop, "--json", "--cache-dir", cache).stdout)["parsed"] == 1
        assert [c.caller for c in repo.callers("Form.full_clean").callers] == ["sign_in", "check"]


def test_processes_indexing_at_once_parse_each_file_once(tmp_path: Path) -> None:
    root = generated_repo(tmp_path / "repo", 1500, padding=5)
    cache = tmp_path / "cache"
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "rlm_code", "index", str(root), "--json", "--cache-dir", str(cache)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], [err for _, err in outputs]
    reports = [json.loads(out) for out, _ in outputs]
    assert sorted(report["parsed"] for report in reports) == [0, 0, 1502]
    assert {report["definitions"] for report in reports} == {1501 + 1500 * 5}


def test_ctrl_c_mid_index_exits_130_quietly_and_keeps_the_work_done(tmp_path: Path) -> None:
    root = generated_repo(tmp_path / "repo", 3000, padding=30)
    cache = tmp_path / "cache"
    cli = Path(sys.executable).with_name("rlm-code")
    command = [str(cli), "index", str(root), "--cache-dir", str(cache)]
    process = subprocess.Popen(
        command, stderr=subprocess.PIPE, text=True, start_new_session=True, preexec_fn=hears_ctrl_c
    )
    database = Repo(root, cache_dir=cache).index_path
    deadline = time.monotonic() + 60
    # Interrupt as soon as the first batch is committed, leaving room on a loaded machine.
    while time.monotonic() < deadline and process.poll() is None and _indexed_files(database) == 0:
        time.sleep(0.01)
    assert process.poll() is None, "the index ended before it could be interrupted"
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C sends: the terminal's whole process group
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr == "rlm-code: interrupted\n"  # one line, not a traceback from each indexing worker
    done = _indexed_files(database)
    assert 0 < done < 3002, "the interrupt should land mid-index"
    with Repo(root, cache_dir=cache) as repo:
        assert repo.index().parsed <= 3002 - done + 1


def _indexed_files(database: Path) -> int:
    if not database.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT count(*) FROM files WHERE blob_id IS NOT NULL").fetchone()[0]
    except sqlite3.Error:
        return 0


def indexed_database(root: Path, cache: Path) -> Path:
    """The index file of ``root``, built and closed, for a test to tamper with."""
    with Repo(root, cache_dir=cache) as repo:
        repo.index()
        return repo.index_path


def test_a_damaged_index_file_is_rebuilt(shop: Path, tmp_path: Path) -> None:
    database = indexed_database(shop, tmp_path)
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    database.write_bytes(b"this is not a database" * 100)
    with Repo(shop, cache_dir=tmp_path) as repo:
        assert repo.index().parsed == 13
        assert len(repo.callers("Form.full_clean").callers) == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_files_are_counted(shop: Path) -> None:
    (shop / "shop" / "forms.py").chmod(0)
    try:
        with Repo(shop) as repo:
            assert repo.index().skipped.get("unreadable") == 1
    finally:
        (shop / "shop" / "forms.py").chmod(0o644)


def test_an_index_of_another_extractor_version_is_rebuilt(shop: Path, tmp_path: Path) -> None:
    database = indexed_database(shop, tmp_path)
    with sqlite3.connect(database) as db:
        db.execute("UPDATE meta SET value = 'an-older-version' WHERE key = 'schema'")
    with Repo(shop, cache_dir=tmp_path) as repo:
        assert repo.index().parsed == 13


def test_a_damaged_packed_record_is_a_clear_error_until_rebuilt(shop: Path, tmp_path: Path) -> None:
    database = indexed_database(shop, tmp_path)
    with sqlite3.connect(database) as db:
        db.execute("UPDATE resolver_facts SET data = x'00ff'")
    done = run_cli("callers", shop, "Form.full_clean", "--cache-dir", tmp_path)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert done.stderr.strip().endswith("is damaged; rebuild it with `rlm-code index --rebuild`")
    rebuilt = run_cli("index", shop, "--rebuild", "--json", "--cache-dir", tmp_path)
    assert rebuilt.returncode == 0 and json.loads(rebuilt.stdout)["parsed"] == 13
    assert run_cli("callers", shop, "Form.full_clean", "--cache-dir", tmp_path).returncode == 0


def checkouts(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Two checkouts of one repository, the first indexed in the returned cache folder; the
    second has one file changed and one added."""
    first = generated_repo(tmp_path / "first", 60)
    shutil.copytree(FIXTURES / "python", first / "shop", symlinks=True)
    second = tmp_path / "second"
    shutil.copytree(first, second, symlinks=True)
    (second / "pkg" / "mod_0.py").write_text("from pkg.core import target\n\n\ndef changed():\n    target()\n")
    (second / "pkg" / "added.py").write_text("from pkg import core\n\n\ndef added():\n    core.target()\n")
    cache = tmp_path / "cache"
    with Repo(first, cache_dir=cache) as repo:
        assert repo.index().parsed == 74  # the two empty __init__.py are one content
    return first, second, cache


def test_a_second_checkout_borrows_what_the_first_parsed(tmp_path: Path) -> None:
    first, second, cache = checkouts(tmp_path)
    donor_rows = _row_counts(Repo(first, cache_dir=cache).index_path)
    with Repo(second, cache_dir=cache) as repo:
        report = repo.index()
        assert (report.parsed, report.borrowed) == (2, 74)
        assert report.skipped == {"binary": 1}
        callers = {(c.path, c.caller, c.confidence) for c in repo.callers("pkg/core.py:target").callers}
        assert ("pkg/mod_0.py", "changed", "exact") in callers and ("pkg/added.py", "added", "exact") in callers
        assert ("pkg/mod_0.py", "caller_0", "exact") not in callers and len(callers) == 61
        assert [c.caller for c in repo.callers("Form.full_clean").callers] == ["login", "check"]
    with Repo(first, cache_dir=cache) as repo:
        assert [c.caller for c in repo.callers("Form.full_clean").callers] == ["login", "check"]
    assert _row_counts(Repo(first, cache_dir=cache).index_path) == donor_rows  # read, never written


def test_a_rebuild_borrows_nothing(tmp_path: Path) -> None:
    _, second, cache = checkouts(tmp_path)
    with Repo(second, cache_dir=cache) as repo:
        report = repo.index(rebuild=True)
        assert (report.parsed, report.borrowed) == (75, 0)


@pytest.mark.parametrize("damage", ["another facts version", "not a database", "a missing fact index"])
def test_an_index_that_cannot_lend_its_facts_is_passed_over(tmp_path: Path, damage: str) -> None:
    first, second, cache = checkouts(tmp_path)
    donor = Repo(first, cache_dir=cache).index_path
    if damage == "not a database":
        donor.write_bytes(b"garbage" * 1000)
        for suffix in ("-wal", "-shm"):
            Path(f"{donor}{suffix}").unlink(missing_ok=True)
    else:
        with sqlite3.connect(donor) as db:
            if damage == "another facts version":
                db.execute("UPDATE meta SET value = 'an-older-version' WHERE key = 'schema'")
            else:
                db.execute("DROP INDEX refs_blob")  # as a bulk load in progress leaves it
    with Repo(second, cache_dir=cache) as repo:
        report = repo.index()
        assert (report.parsed, report.borrowed) == (75, 0)
        assert len(repo.callers("pkg/core.py:target").callers) == 61


def test_index_counts_the_borrowed_files(tmp_path: Path) -> None:
    first, second, cache = checkouts(tmp_path)
    done = run_cli("index", second, "--json", "--cache-dir", cache)
    assert done.returncode == 0
    assert {key: json.loads(done.stdout)[key] for key in ("parsed", "borrowed")} == {"parsed": 2, "borrowed": 74}
    third = tmp_path / "third"
    shutil.copytree(first, third, symlinks=True)
    text = run_cli("index", third, "--cache-dir", cache).stdout
    assert "parsed now   0\n" in text and "borrowed     75 (parsed before, for another index" in text
    text = run_cli("index", third, "--rebuild", "--cache-dir", cache).stdout
    assert "parsed now   74\n" in text and "\n  borrowed " not in text


def _row_counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in tables}
