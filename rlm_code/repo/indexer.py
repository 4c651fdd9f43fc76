"""Bring a repository's index up to date, doing only the work that changed.

A file is unchanged when its size and mtime match the index; otherwise it is read and hashed,
and parsed only if no stored blob has that hash. Parsing runs in worker processes, one per
core, and results are written in small transactions, so an interrupted run keeps what it
finished and the next run picks up the rest.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cache import other_indexes
from .extract import extract_facts
from .languages import language_for_file, language_for_path, may_have_language
from .ripgrep import FileListing
from .store import BlobRecord, FileRow, IndexStore
from .workers import map_in_workers

__all__ = ["DEFAULT_MAX_FILE_SIZE", "IndexReport", "Progress", "update_index"]

DEFAULT_MAX_FILE_SIZE = 1024 * 1024
_BINARY_SNIFF = 8192
_IN_PROCESS_LIMIT = 48  # below this many files to parse, worker start-up costs more than it saves
_BATCH_SECONDS = 0.5
_SCAN_STEP = 500  # files between two reports of the scan's progress
_BULK_LOAD = 1000  # from this many files to parse, indexes are rebuilt after the load
_BORROW_FROM = _IN_PROCESS_LIMIT  # fewer files to parse are parsed sooner than looked for elsewhere
_DONORS = 8  # other indexes looked into, the most recently used first

Progress = Callable[[str, int, int], None]
"""``progress(phase, done, total)``; phases are ``scan`` and ``parse``, and ``wait`` (0 of 0)
when :meth:`Repo.index` waits for another process indexing the same repository."""

_Job = tuple[str, str, str]  # (content hash, language, absolute path)
_Result = tuple[str, str, "tuple[Any, ...] | None", bool]  # (hash, language, BlobRecord fields, invalid UTF-8)


@dataclass
class IndexReport:
    """What an update found and did. ``skipped`` counts source files left out, by reason;
    ``changed`` says whether any file was added, removed or changed (else facts read from
    the index before the update are still current)."""

    files: int = 0
    languages: dict[str, int] = field(default_factory=dict)
    parsed: int = 0
    reused: int = 0
    borrowed: int = 0  # files whose facts were copied from another index
    removed: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    changed: bool = False


def update_index(
    root: Path,
    store: IndexStore,
    *,
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
    progress: Progress | None = None,
    workers: int | None = None,
    borrow: bool = True,
) -> IndexReport:
    """Synchronise ``store`` with the files under ``root``. With ``borrow``, content that
    another index in the cache folder has parsed is copied from there instead of parsed."""
    started = time.perf_counter()
    report = IndexReport()
    listing = FileListing(root)
    try:
        known = store.file_rows()  # read while ripgrep walks the tree
    finally:
        listed, undecodable = listing.paths()
    scan = _scan(root, listed, known, max_file_size, report, progress, undecodable=undecodable)

    stale = set(known) - set(listed)
    report.changed = bool(stale or scan.ready or scan.pending)
    with store.transaction():
        store.delete_files(stale)
        store.put_files(scan.ready)
    report.removed = len(stale)

    stored = store.blob_ids(scan.pending)
    with store.transaction():
        store.put_files(row._replace(blob_id=stored[h]) for h in stored for row in scan.pending.pop(h))
        report.reused += len(stored)

    bulk = store.bulk_load() if len(scan.pending) >= _BULK_LOAD else contextlib.nullcontext()
    with bulk:
        if borrow and len(scan.pending) >= _BORROW_FROM:
            _borrow(store, scan.pending, report)
        jobs = [(h, rows[0].lang or "", str(root / rows[0].path)) for h, rows in scan.pending.items()]
        _store_results(store, _run_jobs(jobs, workers), scan.pending, report, progress)
    if stale or scan.replaced:
        with store.transaction():
            store.delete_orphan_blobs()
        store.reclaim_space()
    report.seconds = time.perf_counter() - started
    return report


@dataclass
class _Scan:
    ready: list[FileRow] = field(default_factory=list)  # rows to write as they are
    pending: dict[str, list[FileRow]] = field(default_factory=lambda: defaultdict(list))
    replaced: bool = False  # an existing file lost the blob it had (new content, or now skipped)


def _scan(
    root: Path,
    listed: list[str],
    known: dict[str, FileRow],
    max_file_size: int,
    report: IndexReport,
    progress: Progress | None,
    *,
    undecodable: int = 0,
) -> _Scan:
    """Sort listed files into unchanged, metadata-only and needs-a-blob; ``undecodable``
    counts the files ripgrep found that could not be listed, their names not being UTF-8."""
    scan = _Scan()
    languages: Counter[str] = Counter()
    skipped: Counter[str] = Counter({"name not UTF-8": undecodable} if undecodable else {})
    scan_progress = progress if len(listed) >= _SCAN_STEP else None  # a smaller scan is over at once
    for done, path in enumerate(listed, 1):
        if scan_progress is not None and (done % _SCAN_STEP == 0 or done == len(listed)):
            scan_progress("scan", done, len(listed))
        old = known.get(path)
        row, reason = _examine(root, path, language_for_path(path), old, max_file_size)
        if reason:
            skipped[reason] += 1
        elif row.lang:
            languages[row.lang] += 1
        if row == old:
            continue
        if old is not None and old.blob_id is not None and row.blob_id != old.blob_id:
            scan.replaced = True
        if row.hash is not None and row.blob_id is None:
            scan.pending[row.hash].append(row)
        else:
            scan.ready.append(row)
    report.files = len(listed)
    report.languages = dict(sorted(languages.items()))
    report.skipped = dict(sorted(skipped.items()))
    return scan


def _examine(
    root: Path, path: str, lang: str | None, old: FileRow | None, max_file_size: int
) -> tuple[FileRow, str | None]:
    """The row ``path`` should have now, and why it is skipped if it is.

    A returned row with a hash but no blob id still needs its blob. ``lang`` is the
    extension's language; the row's may differ once the text is read (a C++ ``.h`` header).
    """
    full = f"{root}/{path}"  # not a Path: this runs for every file on every refresh
    try:
        info = os.stat(full, follow_symlinks=False)
    except OSError:
        info = None
    if info is None or not stat.S_ISREG(info.st_mode):
        return FileRow(path, lang, -1, -1, None, None, "unreadable"), "unreadable"
    too_large = info.st_size > max_file_size
    if (
        old is not None
        and (old.size, old.mtime_ns) == (info.st_size, info.st_mtime_ns)
        and may_have_language(lang, old.lang)
        and (old.skipped == "too large") == (too_large and lang is not None)
    ):
        return old, old.skipped
    row = FileRow(path, lang, info.st_size, info.st_mtime_ns, None, None, None)
    if lang is None:
        return row, None
    if too_large:
        return row._replace(skipped="too large"), "too large"
    try:
        with open(full, "rb") as file:
            data = file.read()
    except OSError:
        return row._replace(skipped="unreadable"), "unreadable"
    if b"\0" in data[:_BINARY_SNIFF]:
        return row._replace(skipped="binary"), "binary"
    row = row._replace(lang=language_for_file(path, data))
    content_hash = _hash(data)
    if old is not None and old.hash == content_hash and old.lang == row.lang:
        return row._replace(blob_id=old.blob_id, hash=content_hash), None
    return row._replace(hash=content_hash), None


def _hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _extract_job(job: _Job) -> _Result:
    """Worker: re-read, check the hash still matches, parse, and shape the facts for storing.
    Plain tuples pickle fastest."""
    content_hash, lang, full_path = job
    try:
        data = Path(full_path).read_bytes()
    except OSError:
        return content_hash, lang, None, False
    if _hash(data) != content_hash:  # changed since the scan; the next update will take it
        return content_hash, lang, None, False
    facts = extract_facts(lang, data)
    try:
        data.decode("utf-8")
        invalid_utf8 = False
    except UnicodeDecodeError:
        invalid_utf8 = True
    return content_hash, lang, tuple(BlobRecord.of(facts)), invalid_utf8


def _run_jobs(jobs: list[_Job], workers: int | None) -> Iterator[_Result]:
    workers = workers or _cpu_count()
    if len(jobs) < _IN_PROCESS_LIMIT or workers < 2:
        yield from map(_extract_job, jobs)
        return
    yield from map_in_workers(_extract_job, jobs, workers)


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _borrow(store: IndexStore, pending: dict[str, list[FileRow]], report: IndexReport) -> None:
    """Take from other indexes the pending contents they have parsed (see
    :meth:`IndexStore.borrow_blobs`), and remove those from ``pending``."""
    for donor in other_indexes(store.path)[:_DONORS]:
        found = store.borrow_blobs({h: rows[0].lang or "" for h, rows in pending.items()}, donor)
        with store.transaction():
            for content_hash, blob_id in found.items():
                rows = pending.pop(content_hash)
                store.put_files(row._replace(blob_id=blob_id) for row in rows)
                report.borrowed += len(rows)
        if not pending:
            return


def _store_results(
    store: IndexStore,
    results: Iterator[_Result],
    pending: dict[str, list[FileRow]],
    report: IndexReport,
    progress: Progress | None,
) -> None:
    """Write blobs and their files in batches, each batch one transaction."""
    total = len(pending)
    batch: list[_Result] = []
    last_commit = time.monotonic()

    def flush() -> None:
        with store.transaction():
            for content_hash, lang, plain, invalid_utf8 in batch:
                if plain is None:
                    continue
                blob_id = store.add_blob(content_hash, lang, BlobRecord(*plain), invalid_utf8=invalid_utf8)
                store.put_files(row._replace(blob_id=blob_id) for row in pending[content_hash])
                report.parsed += 1
        batch.clear()

    for done, result in enumerate(results, 1):
        batch.append(result)
        if progress is not None:
            progress("parse", done, total)  # Rich redraws at its own pace, so every file may report
        if time.monotonic() - last_commit > _BATCH_SECONDS:
            flush()
            last_commit = time.monotonic()
    if batch:
        flush()
    if progress is not None and total:
        progress("parse", total, total)
