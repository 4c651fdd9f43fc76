"""The on-disk index: one SQLite database per repository, in the user's cache folder.

Facts are stored per *content* (a blob, keyed by hash) and files point at blobs, so identical
files are parsed and stored once. Every write happens in a transaction that keeps each file
row consistent with the blob it names: a crash or ``kill -9`` mid-index leaves files that are
either fully indexed or still stale (their fingerprint does not match), never half-written.
This is the only module that speaks SQL.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from ..errors import CacheFolderError, IndexStoreError
from . import packed
from .facts import FileFacts
from .nesting import Nesting

__all__ = ["BlobRecord", "FileRow", "IndexStore", "default_cache_dir", "index_path_for"]

SCHEMA_VERSION = f"4:{packed.FORMAT_VERSION}"

_T = TypeVar("_T")

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE blobs (
    id INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE, lang TEXT NOT NULL,
    lines INTEGER NOT NULL, syntax_errors INTEGER NOT NULL, invalid_utf8 INTEGER NOT NULL,
    scopes BLOB NOT NULL);
CREATE TABLE files (
    path TEXT PRIMARY KEY, lang TEXT, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    blob_id INTEGER, skipped TEXT);
CREATE INDEX files_blob ON files (blob_id);
CREATE TABLE defs (
    blob_id INTEGER NOT NULL, name TEXT NOT NULL, qualname TEXT NOT NULL, kind TEXT NOT NULL,
    line INTEGER NOT NULL, end_line INTEGER NOT NULL, col INTEGER NOT NULL,
    signature TEXT NOT NULL, returns TEXT NOT NULL);
CREATE TABLE refs (
    blob_id INTEGER NOT NULL, name TEXT NOT NULL, receiver TEXT NOT NULL, kind TEXT NOT NULL,
    line INTEGER NOT NULL, col INTEGER NOT NULL, scope TEXT NOT NULL, arity INTEGER NOT NULL);
CREATE TABLE imports (
    blob_id INTEGER NOT NULL, module TEXT NOT NULL, name TEXT NOT NULL, alias TEXT NOT NULL,
    line INTEGER NOT NULL, scope TEXT NOT NULL);
CREATE TABLE bases (blob_id INTEGER NOT NULL, cls TEXT NOT NULL, base TEXT NOT NULL);
CREATE TABLE resolver_facts (blob_id INTEGER PRIMARY KEY, data BLOB NOT NULL);
"""

# Secondary indexes of the fact tables. A large load drops them and builds them afterwards,
# which costs far less than keeping them up to date row by row; opening the store creates any
# that are missing, so a load that was killed midway leaves an index that still works.
_FACT_INDEXES = {
    "defs_name": "defs (name)",
    "defs_blob": "defs (blob_id)",
    "refs_name": "refs (name)",
    "refs_blob": "refs (blob_id)",
    "imports_blob": "imports (blob_id)",
    "imports_name": "imports (name)",
    "imports_alias": "imports (alias)",
    "bases_blob": "bases (blob_id)",
}

_FACT_TABLES = {
    "defs": "INSERT INTO defs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "refs": "INSERT INTO refs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    "imports": "INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?)",
    "bases": "INSERT INTO bases VALUES (?, ?, ?)",
    "resolver_facts": "INSERT INTO resolver_facts VALUES (?, ?)",
}


_RECLAIM_BYTES = 1024 * 1024  # less free space than this is not worth rewriting the file for

_SETTINGS = ("max_file_size",)
"""The ``meta`` keys that hold a choice the user made for this repository, which a rebuild keeps."""


class BlobRecord(NamedTuple):
    """One file's facts as the index stores them: rows for the tables searched by name, the
    resolver's packed record and grep's packed scopes (see :mod:`.packed`). Plain tuples,
    cheap to pickle."""

    definitions: list[tuple[Any, ...]]
    references: list[tuple[Any, ...]]
    imports: list[tuple[Any, ...]]
    bases: list[tuple[Any, ...]]
    resolver_facts: bytes
    scopes: bytes
    lines: int
    syntax_errors: bool

    @classmethod
    def of(cls, facts: FileFacts) -> BlobRecord:
        def rows(records: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
            return [tuple(record) for record in records]

        return cls(
            rows(facts.definitions),
            rows(facts.references),
            rows(facts.imports),
            rows(facts.bases),
            packed.pack(facts),
            packed.pack_scopes(facts),
            facts.lines,
            facts.syntax_errors,
        )


class FileRow(NamedTuple):
    """What the index remembers of a file, to tell whether it changed."""

    path: str
    lang: str | None
    size: int
    mtime_ns: int
    blob_id: int | None
    hash: str | None
    skipped: str | None


def default_cache_dir() -> Path:
    """``$RLM_CODE_CACHE`` if set, else the platform's user cache folder for rlm-code."""
    if override := os.environ.get("RLM_CODE_CACHE"):
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("rlm-code", appauthor=False))


def index_path_for(root: Path, cache_dir: Path | None = None) -> Path:
    """The database file for the repository at absolute path ``root``."""
    digest = hashlib.sha256(str(root).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    safe_name = "".join(c if c.isalnum() or c in "-_." else "_" for c in root.name)[:40]
    return (cache_dir or default_cache_dir()) / "index" / f"{safe_name or 'root'}-{digest}.sqlite3"


class IndexStore:
    """A connection to one repository's index database."""

    def __init__(self, db_path: Path, root: Path, *, facts_version: str = "", rebuild: bool = False) -> None:
        """``facts_version`` names how facts were extracted; an index written with another
        version (or another schema) is rebuilt, since its facts would be stale, and so is
        any index when ``rebuild`` is true. A rebuild keeps the settings the user chose."""
        self.path = db_path
        self.root = root
        try:
            db_path.parent.mkdir(parents=True, exist_ok=True)
            self._version = f"{SCHEMA_VERSION}:{facts_version}"
            self._db = self._open(db_path, root, self._version, rebuild=rebuild)
            self._identity = _identity(db_path)
        except (OSError, sqlite3.Error) as exc:
            raise CacheFolderError(f"cannot open the index at {db_path}: {exc} ({IndexStoreError.HINT})") from exc

    def replaced(self) -> bool:
        """Whether the file at this index's path is no longer the one this connection has
        open: another process rebuilt (deleted and recreated) the index."""
        try:
            return _identity(self.path) != self._identity
        except OSError:
            return True

    @staticmethod
    def _open(db_path: Path, root: Path, version: str, *, rebuild: bool) -> sqlite3.Connection:
        """Open the database, rebuilding it if asked, if it is unreadable or if it is of
        another schema version; a readable one hands its settings on to its replacement."""
        kept: list[tuple[str, str]] = []
        for attempt in range(2):
            # Opened by URI so that borrow_blobs can attach another index read-only.
            db = sqlite3.connect(
                db_path.absolute().as_uri(), uri=True, timeout=30, isolation_level=None, check_same_thread=False
            )
            try:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
                if "meta" in tables:
                    stored = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
                    if stored and stored[0] == version and not rebuild:
                        _create_fact_indexes(db)
                        return db
                    marks = ",".join("?" * len(_SETTINGS))
                    kept = db.execute(f"SELECT key, value FROM meta WHERE key IN ({marks})", _SETTINGS).fetchall()
                elif not tables:
                    db.executescript(_SCHEMA)
                    _create_fact_indexes(db)
                    db.executemany(
                        "INSERT INTO meta VALUES (?, ?)",
                        [("schema", version), ("root", str(root)), *kept],
                    )
                    return db
            except sqlite3.DatabaseError:
                if attempt:
                    raise
            db.close()
            IndexStore.delete(db_path)
            rebuild = False
        raise IndexStoreError(f"cannot create the index at {db_path}")

    def close(self) -> None:
        self._db.close()

    def data_version(self) -> int:
        """A number that changes when another connection (another process indexing the same
        repository) commits a change to the index; this connection's own writes leave it."""
        try:
            version: int = self._db.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error as exc:
            raise IndexStoreError(f"cannot read the index at {self.path}: {exc}") from exc
        return version

    @staticmethod
    def files(db_path: Path) -> list[Path]:
        """The database file and its write-ahead log and shared-memory files."""
        return [Path(f"{db_path}{suffix}") for suffix in ("", "-wal", "-shm")]

    @staticmethod
    def delete(db_path: Path) -> None:
        """Remove a closed index database and its write-ahead log."""
        try:
            for part in IndexStore.files(db_path):
                part.unlink(missing_ok=True)
        except OSError as exc:
            raise IndexStoreError(f"cannot delete the index at {db_path}: {exc}") from exc

    # -- settings -------------------------------------------------------------------------

    def read_setting(self, key: str) -> str | None:
        """A setting remembered for this repository (one of ``_SETTINGS``), if one was."""
        rows = self._rows("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def write_setting(self, key: str, value: str) -> None:
        """Remember a setting for later opens of this repository, by any process."""
        assert key in _SETTINGS, key
        with self.transaction():
            self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # -- writing --------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic batch of writes."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise IndexStoreError(f"cannot write the index at {self.path}: {exc}") from exc

    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        """Write many blobs without maintaining the fact tables' indexes row by row."""
        for name in _FACT_INDEXES:
            self._db.execute(f"DROP INDEX IF EXISTS {name}")
        try:
            yield
        finally:
            _create_fact_indexes(self._db)

    def blob_ids(self, hashes: Iterable[str]) -> dict[str, int]:
        """The blob ids already stored for any of ``hashes``."""
        found: dict[str, int] = {}
        wanted = list(hashes)
        for chunk in _chunks(wanted, 500):
            marks = ",".join("?" * len(chunk))
            found.update(self._db.execute(f"SELECT hash, id FROM blobs WHERE hash IN ({marks})", chunk))
        return found

    def add_blob(self, content_hash: str, lang: str, record: BlobRecord, *, invalid_utf8: bool) -> int:
        """Store one extraction; must run inside :meth:`transaction`."""
        cursor = self._db.execute(
            "INSERT INTO blobs (hash, lang, lines, syntax_errors, invalid_utf8, scopes) VALUES (?, ?, ?, ?, ?, ?)",
            (content_hash, lang, record.lines, record.syntax_errors, invalid_utf8, record.scopes),
        )
        blob_id = cursor.lastrowid
        assert blob_id is not None
        parts: list[Sequence[tuple[Any, ...]]] = [
            record.definitions,
            record.references,
            record.imports,
            record.bases,
            [(record.resolver_facts,)],
        ]
        for insert, rows in zip(_FACT_TABLES.values(), parts, strict=True):
            self._db.executemany(insert, ((blob_id, *row) for row in rows))
        return blob_id

    def borrow_blobs(self, wanted: Mapping[str, str], donor: Path) -> dict[str, int]:
        """Copy from the index at ``donor`` the blobs of ``wanted`` (content hash to language)
        that it holds, with all their facts, and return their ids here.

        Facts depend on nothing but a file's content and language, so what another checkout
        of the repository (a worktree, a clone, a copy under another path) has parsed need
        not be parsed again. A donor of another schema or facts version, or one that cannot be
        read (deleted or being rebuilt meanwhile), gives nothing. Not inside :meth:`transaction`:
        the copy is its own, so a kill leaves either every borrowed blob with its facts or none.
        """
        try:
            self._db.execute("ATTACH ? AS donor", (f"{donor.absolute().as_uri()}?mode=ro",))
        except sqlite3.Error:
            return {}
        try:
            if not self._can_borrow_from_donor():
                return {}
            self._db.execute("CREATE TEMP TABLE wanted (hash TEXT PRIMARY KEY, lang TEXT NOT NULL)")
            self._db.executemany("INSERT INTO temp.wanted VALUES (?, ?)", wanted.items())
            with self.transaction():
                return self._copy_wanted_blobs()
        except (sqlite3.Error, IndexStoreError):  # the donor changed under us: parse instead
            return {}
        finally:
            for table in ("wanted", "borrowed"):
                self._db.execute(f"DROP TABLE IF EXISTS temp.{table}")
            self._db.execute("DETACH donor")

    def _can_borrow_from_donor(self) -> bool:
        """Whether the attached donor holds facts as this index does, with the indexes that
        make copying them one lookup per blob."""
        stored = self._db.execute("SELECT value FROM donor.meta WHERE key = 'schema'").fetchone()
        indexes = {row[0] for row in self._db.execute("SELECT name FROM donor.sqlite_master WHERE type = 'index'")}
        return stored == (self._version,) and indexes >= _FACT_INDEXES.keys()

    def _copy_wanted_blobs(self) -> dict[str, int]:
        """The copy of :meth:`borrow_blobs`, in SQL alone: no fact passes through Python."""
        db = self._db
        db.execute(
            "CREATE TEMP TABLE borrowed AS SELECT d.id AS old, d.hash AS hash, NULL AS new"
            " FROM temp.wanted w JOIN donor.blobs d ON d.hash = w.hash AND d.lang = w.lang"
            " WHERE w.hash NOT IN (SELECT hash FROM main.blobs)"
        )
        db.execute(
            "INSERT INTO main.blobs (hash, lang, lines, syntax_errors, invalid_utf8, scopes)"
            " SELECT d.hash, d.lang, d.lines, d.syntax_errors, d.invalid_utf8, d.scopes"
            " FROM temp.borrowed b JOIN donor.blobs d ON d.id = b.old"
        )
        db.execute("UPDATE temp.borrowed SET new = (SELECT id FROM main.blobs m WHERE m.hash = borrowed.hash)")
        for table in _FACT_TABLES:
            columns = [row[1] for row in db.execute(f"PRAGMA main.table_info({table})") if row[1] != "blob_id"]
            db.execute(
                f"INSERT INTO main.{table} (blob_id, {', '.join(columns)})"
                f" SELECT b.new, {', '.join(f'd.{column}' for column in columns)}"
                f" FROM temp.borrowed b JOIN donor.{table} d ON d.blob_id = b.old"
            )
        return dict(db.execute("SELECT hash, new FROM temp.borrowed"))

    def put_files(self, rows: Iterable[FileRow]) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO files (path, lang, size, mtime_ns, blob_id, skipped) VALUES (?, ?, ?, ?, ?, ?)",
            ((r.path, r.lang, r.size, r.mtime_ns, r.blob_id, r.skipped) for r in rows),
        )

    def delete_files(self, paths: Iterable[str]) -> None:
        self._db.executemany("DELETE FROM files WHERE path = ?", ((p,) for p in paths))

    def delete_orphan_blobs(self) -> int:
        """Drop the facts of contents no file has any more."""
        orphans = [
            row[0]
            for row in self._db.execute(
                "SELECT id FROM blobs WHERE id NOT IN (SELECT blob_id FROM files WHERE blob_id IS NOT NULL)"
            )
        ]
        for chunk in _chunks(orphans, 500):
            marks = ",".join("?" * len(chunk))
            for table in (*_FACT_TABLES, "blobs"):
                column = "id" if table == "blobs" else "blob_id"
                self._db.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", chunk)
        return len(orphans)

    def reclaim_space(self) -> None:
        """Hand back to the file system the pages that deleted facts left free, once they
        are over half the file: SQLite keeps them otherwise, and an index whose big files
        were dropped would stay as large as it ever was. Outside any transaction."""
        (pages,), (free,), (page_size,) = (
            self._rows(f"PRAGMA {name}")[0] for name in ("page_count", "freelist_count", "page_size")
        )
        if free * 2 < pages or free * page_size < _RECLAIM_BYTES:
            return
        try:
            self._db.execute("VACUUM")
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.OperationalError:  # busy: the space is only reused, and reclaimed next time
            pass

    # -- reading --------------------------------------------------------------------------

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise IndexStoreError(f"cannot read the index at {self.path}: {exc}") from exc

    def all_files(self) -> list[tuple[str, str | None, str | None]]:
        """``(path, language, skip reason)`` of every listed file, sorted by path."""
        return self._rows("SELECT path, lang, skipped FROM files ORDER BY path")

    def indexed_files(self) -> list[tuple[str, str | None, int | None]]:
        """``(path, language, blob id)`` of every file, sorted by path."""
        return self._rows("SELECT path, lang, blob_id FROM files WHERE skipped IS NULL ORDER BY path")

    def definitions(self, name: str) -> list[tuple[Any, ...]]:
        """Definition rows ``(blob_id, name, qualname, kind, line, end_line, col, signature,
        returns)`` with the given name."""
        return self._rows("SELECT * FROM defs WHERE name = ?", (name,))

    def definition_names(self) -> list[str]:
        """Every distinct definition name, for suggesting one when a name is not found."""
        return [
            row[0]
            for row in self._rows(
                "SELECT DISTINCT name FROM defs WHERE blob_id IN (SELECT blob_id FROM files WHERE blob_id IS NOT NULL)"
            )
        ]

    def references(
        self, *, name: str | None = None, blob_id: int | None = None, lines: tuple[int, int] | None = None
    ) -> list[tuple[Any, ...]]:
        """Reference rows ``(blob_id, name, receiver, kind, line, col, scope, arity)`` with the given
        name, or of the given blob, in order; with ``lines`` (first, last), only those on
        them: a bundle's function is a few rows among tens of thousands."""
        if name is not None:
            return self._rows("SELECT * FROM refs WHERE name = ?", (name,))
        if lines is not None:
            sql = "SELECT * FROM refs WHERE blob_id = ? AND line BETWEEN ? AND ? ORDER BY line, col"
            return self._rows(sql, (blob_id, *lines))
        return self._rows("SELECT * FROM refs WHERE blob_id = ? ORDER BY line, col", (blob_id,))

    def resolver_facts(self, blob_ids: Iterable[int]) -> dict[int, packed.ResolverFacts]:
        """The packed resolver records of many blobs at once, by blob id."""
        return self._unpacked("SELECT blob_id, data FROM resolver_facts WHERE blob_id IN", blob_ids, packed.unpack)

    def scopes(self, blob_ids: Iterable[int]) -> dict[int, Nesting[str]]:
        """The line spans of the definitions in each blob that can enclose code (not constants,
        variables or fields), by blob id; see :func:`packed.pack_scopes`."""
        return self._unpacked("SELECT id, scopes FROM blobs WHERE id IN", blob_ids, packed.unpack_scopes)

    def _unpacked(self, select: str, blob_ids: Iterable[int], unpack: Callable[[bytes], _T]) -> dict[int, _T]:
        """``select ... IN`` (blob id, packed value) for many blobs, 500 at a time, each value
        unpacked; one that does not unpack means the index is damaged."""
        found: dict[int, _T] = {}
        for chunk in _chunks(list(blob_ids), 500):
            for blob_id, data in self._rows(f"{select} ({','.join('?' * len(chunk))})", chunk):
                try:
                    found[blob_id] = unpack(data)
                except (ValueError, EOFError, TypeError) as exc:
                    raise IndexStoreError(
                        f"the index at {self.path} is damaged; rebuild it with `rlm-code index --rebuild`"
                    ) from exc
        return found

    def imports_named(self, name: str) -> list[tuple[Any, ...]]:
        """Import rows ``(blob_id, module, name, alias, line, scope)`` that import ``name``, or
        bind a module's default export to it (``import mergeConfig from``, ``require``)."""
        return self._rows(
            "SELECT * FROM imports WHERE name = ? UNION ALL SELECT * FROM imports WHERE alias = ? AND name = ''",
            (name, name),
        )

    def imports_mentioning(self, words: Sequence[str]) -> list[tuple[Any, ...]]:
        """Import rows ``(blob_id, module, name, alias, line, scope)`` whose module or name
        contains one of ``words``, in table order: the candidates for "who imports this
        module". Each word costs a substring test of every row."""
        if not words:
            return []
        test = " OR ".join(["module LIKE ? OR name LIKE ?"] * len(words))
        return self._rows(f"SELECT * FROM imports WHERE {test}", [f"%{w}%" for w in words for _ in (0, 1)])

    def all_imports(self) -> list[tuple[Any, ...]]:
        """Every import row ``(blob_id, module, name, alias, line, scope)``."""
        return self._rows("SELECT * FROM imports")

    def all_bases(self) -> list[tuple[Any, ...]]:
        """Every base row ``(blob_id, cls, base)``: a few per class, read whole once rather
        than searched by a suffix no index can serve."""
        return self._rows("SELECT blob_id, cls, base FROM bases")

    def renaming_imports(self, names: Iterable[str]) -> list[tuple[Any, ...]]:
        """Import rows ``(blob_id, module, name, alias, line, scope)`` that bind one of
        ``names`` under another name (``import x as y``, ``export { x as y }``)."""
        found: list[tuple[Any, ...]] = []
        for chunk in _chunks(list(names), 500):
            marks = ",".join("?" * len(chunk))
            found += self._rows(f"SELECT * FROM imports WHERE name IN ({marks}) AND alias NOT IN ('', name)", chunk)
        return found

    def paths_with_syntax_errors(self) -> set[str]:
        """The files whose parse found syntax errors (indexed as far as they parse)."""
        rows = self._rows("SELECT f.path FROM files f JOIN blobs b ON b.id = f.blob_id WHERE b.syntax_errors")
        return {path for (path,) in rows}

    def totals(self) -> dict[str, int]:
        """Counts across the whole index, with every file's facts counted once per file."""
        (files, definitions, references, lines, syntax_errors, invalid_utf8) = self._rows(
            "SELECT count(*), coalesce(sum(d), 0), coalesce(sum(r), 0), coalesce(sum(b.lines), 0),"
            " coalesce(sum(b.syntax_errors), 0), coalesce(sum(b.invalid_utf8), 0) FROM files f"
            " LEFT JOIN blobs b ON b.id = f.blob_id"
            " LEFT JOIN (SELECT blob_id, count(*) AS d FROM defs GROUP BY blob_id) dc"
            " ON dc.blob_id = f.blob_id"
            " LEFT JOIN (SELECT blob_id, count(*) AS r FROM refs GROUP BY blob_id) rc"
            " ON rc.blob_id = f.blob_id"
        )[0]
        return {
            "files": files,
            "definitions": definitions,
            "references": references,
            "lines": lines,
            "syntax_errors": syntax_errors,
            "invalid_utf8": invalid_utf8,
        }

    def size_bytes(self) -> int:
        """The database's size on disk, WAL included."""
        return sum(
            Path(f"{self.path}{suffix}").stat().st_size
            for suffix in ("", "-wal")
            if Path(f"{self.path}{suffix}").exists()
        )

    def file_rows(self) -> dict[str, FileRow]:
        rows = self._db.execute(
            "SELECT f.path, f.lang, f.size, f.mtime_ns, f.blob_id, b.hash, f.skipped"
            " FROM files f LEFT JOIN blobs b ON b.id = f.blob_id"
        )
        return {row[0]: FileRow(*row) for row in rows}


def _create_fact_indexes(db: sqlite3.Connection) -> None:
    for name, columns in _FACT_INDEXES.items():
        db.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {columns}")


def _identity(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_dev, info.st_ino


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
