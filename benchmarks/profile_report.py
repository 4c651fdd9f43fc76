#!/usr/bin/env python3
# ruff: noqa: RUF001, RUF002 - the report prints multiplication signs and dashes on purpose
"""Where rlm-code's time goes, on the same Django 5.2 corpus as ``bench.py``.

    python benchmarks/profile_report.py                # all but patterns (about 4 minutes on 2 cores)
    python benchmarks/profile_report.py --only worker parent sqlite
    python benchmarks/profile_report.py --only patterns  # under callgrind, about 10 minutes

Sections (each prints its numbers; all go to ``benchmarks/.cache/profile.json``):

* ``worker``  -- one process, every distinct source content: read+hash, tree-sitter parse,
  query matching, Python extraction, result conversion, pickling; and which groups of query
  patterns make the matches.
* ``parent``  -- cProfile of the parent during a cold index: waiting on workers, SQLite,
  unpickling, scanning.
* ``sqlite``  -- the same facts written into a scratch store three ways: as the indexer does,
  with the secondary indexes created after the bulk load, and with a larger page cache; at
  1× and at ``--sqlite-copies``× Django (the growth that hurts the 85k-file test).
* ``startup`` -- ``python -X importtime`` and a cProfile of a whole ``rlm-code callers`` process.
* ``callers`` -- cProfile of the first ``Repo.callers`` per target on a warm Repo.
* ``grep``    -- cProfile of ``Repo.grep`` on an output-heavy query.
* ``scale``   -- cProfile of the parent indexing ``--scale-copies`` unique copies.
* ``patterns`` -- what each pattern of one language's tags query costs, in instructions that
  callgrind counts (needs valgrind; only when asked for).

It measures the library as it is, from outside: nothing in ``rlm_code/`` is changed (the sqlite
section drops indexes in a scratch database of its own).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pickle
import pstats
import re
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench

HOME = bench.DEFAULT_CACHE / bench.PRIVATE  # shared with bench.py: the corpus and scratch trees
SECTIONS = ("worker", "parent", "sqlite", "startup", "callers", "grep", "scale", "patterns")
RESULTS: dict[str, Any] = {}


def say(text: str = "") -> None:
    print(text, flush=True)


def top_functions(profile: cProfile.Profile, *, sort: str = "tottime", limit: int = 15) -> list[dict[str, Any]]:
    stats = pstats.Stats(profile)
    rows = []
    for (filename, line, name), (_cc, calls, tottime, cumtime, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        short = filename
        for marker in ("/rlm_code/", "/site-packages/", "/lib/python3"):
            if marker in filename:
                short = filename[filename.index(marker) + 1 :]
                break
        rows.append({"function": f"{short}:{line}({name})", "calls": calls, "tottime": tottime, "cumtime": cumtime})
    rows.sort(key=lambda r: r[sort], reverse=True)
    return rows[:limit]


def print_top(rows: list[dict[str, Any]], total: float) -> None:
    for r in rows:
        say(
            f"    {r['tottime']:7.3f} s self {r['cumtime']:7.3f} s cum {100 * r['tottime'] / total:5.1f}%"
            f"  {r['calls']:>8}×  {r['function']}"
        )


def cumulative(profile: cProfile.Profile, pattern: str) -> float:
    """Summed cumtime of functions whose ``file:line(name)`` matches ``pattern`` (outermost only
    is not tracked, so pick patterns that do not nest)."""
    stats = pstats.Stats(profile)
    total = 0.0
    for (filename, line, name), (_cc, _calls, _tt, cumtime, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if re.search(pattern, f"{filename}:{line}({name})"):
            total += cumtime
    return total


def selftime(profile: cProfile.Profile, pattern: str) -> float:
    stats = pstats.Stats(profile)
    return sum(
        tottime
        for (filename, line, name), (_cc, _calls, tottime, _cum, _callers) in stats.stats.items()  # type: ignore[attr-defined]
        if re.search(pattern, f"{filename}:{line}({name})")
    )


# --------------------------------------------------------------------------------------------


def distinct_sources(root: Path) -> list[tuple[str, str, bytes]]:
    seen: set[bytes] = set()
    out = []
    for path, lang in bench.source_files(root):
        data = (root / path).read_bytes()
        if data not in seen:
            seen.add(data)
            out.append((path, lang, data))
    return out


def section_worker(root: Path, repeat: int) -> list[Any]:
    """The worker's job, split into its parts, in one process."""
    from rlm_code.repo import indexer, treesitter
    from rlm_code.repo.extract import extract_facts

    sources = distinct_sources(root)
    for lang in {lang for _, lang, _ in sources}:  # grammar load and query compile, once
        t = time.process_time()
        treesitter._query(lang)
        say(f"  query compile {lang}: {1000 * (time.process_time() - t):.0f} ms")
    parts: dict[str, list[float]] = defaultdict(list)
    results: list[Any] = []
    for rep in range(repeat):
        read = parse = query = extract = job = 0.0
        for path, lang, _ in sources:
            t0 = time.process_time()
            data = (root / path).read_bytes()
            indexer._hash(data)
            t1 = time.process_time()
            tree = treesitter.parse(lang, data)
            t2 = time.process_time()
            treesitter.query_matches(lang, tree.root_node)
            t3 = time.process_time()
            extract_facts(lang, data)
            t4 = time.process_time()
            full = str(root / path)
            content_hash, _, plain, invalid = indexer._extract_job((indexer._hash(data), lang, full))
            t5 = time.process_time()
            read += t1 - t0
            parse += t2 - t1
            query += t3 - t2
            extract += t4 - t3
            job += t5 - t4
            if rep == 0:
                results.append((content_hash, lang, path, plain, invalid))  # the path names copies later
        parts["read_hash"].append(read)
        parts["parse"].append(parse)
        parts["query"].append(query)
        parts["extract_facts"].append(extract)
        parts["extract_job"].append(job)
    b = {k: min(v) for k, v in parts.items()}
    py_extract = b["extract_facts"] - b["parse"] - b["query"]
    convert = b["extract_job"] - b["extract_facts"] - b["read_hash"]
    chunks = [results[i : i + 8] for i in range(0, len(results), 8)]
    t = time.process_time()
    payloads = [pickle.dumps(c, protocol=pickle.HIGHEST_PROTOCOL) for c in chunks]
    dumps = time.process_time() - t
    t = time.process_time()
    for p in payloads:
        pickle.loads(p)
    loads = time.process_time() - t
    rows = Counter()
    for r in results:
        if r[3] is not None:
            for name, part in zip(("defs", "refs", "imports", "bases"), r[3][:4], strict=True):
                rows[name] += len(part)
            rows["packed records"] += 1
    job_total = b["extract_job"]
    say(
        f"  {len(sources):,} distinct source contents, {sum(len(d) for *_, d in sources) / 1e6:.1f} MB, "
        f"best of {repeat}, one process, CPU seconds:"
    )
    for label, value in (
        ("read + blake2b", b["read_hash"]),
        ("tree-sitter parse", b["parse"]),
        ("query matching (QueryCursor.matches)", b["query"]),
        ("Python extraction (extract.py after matching)", py_extract),
        ("shaping for storage (rows, packing, utf-8 check)", convert),
    ):
        say(f"    {label:48} {value:6.2f} s  {100 * value / job_total:5.1f}%")
    say(f"    {'= _extract_job, whole':48} {job_total:6.2f} s  (conversion is what is left; ~0 is noise)")
    say(
        f"    pickle.dumps in the worker {dumps:.2f} s, pickle.loads in the parent {loads:.2f} s, "
        f"{sum(map(len, payloads)) / 1e6:.0f} MB over the pipes"
    )
    say(f"    rows extracted: {dict(rows)}")
    RESULTS["worker"] = {
        "distinct": len(sources),
        "best_s": b,
        "python_extraction_s": py_extract,
        "conversion_s": convert,
        "pickle_dumps_s": dumps,
        "pickle_loads_s": loads,
        "pickle_bytes": sum(map(len, payloads)),
        "rows": dict(rows),
    }
    section_query_groups(sources, repeat)
    return results


def _group_of(source: str) -> str:
    for marker, group in (
        ("@definition.", "definitions"),
        ("@reference.call", "calls"),
        ("@reference.ref", "refs (passed/assigned/returned)"),
        ("@reference.type", "type refs"),
        ("@import", "imports"),
        ("@inherit.", "class bases"),
        ("@bind.call", "typed bindings"),
        ("@bind.type", "typed bindings"),
        ("@bind.value", "typed bindings"),
        ("@bind.param", "parameter bindings"),
        ("@bind.target", "local-name bindings"),
    ):
        if marker in source:
            return group
    return "other"


def section_query_groups(sources: list[tuple[str, str, bytes]], repeat: int) -> None:
    """Which Python pattern groups produce the matches (what each costs: ``--only patterns``)."""
    import tree_sitter

    from rlm_code.repo import treesitter

    python = [treesitter.parse("python", d) for _, lang, d in sources if lang == "python"]
    text = treesitter.read_query_source("python")
    query = tree_sitter.Query(treesitter._language("python"), text)
    group_of = [
        _group_of(text[query.start_byte_for_pattern(i) : query.end_byte_for_pattern(i)])
        for i in range(query.pattern_count)
    ]
    matches: Counter[str] = Counter()
    for tree in python:
        for index, _caps in tree_sitter.QueryCursor(query).matches(tree.root_node):
            matches[group_of[index]] += 1
    say(f"  Python query: {query.pattern_count} patterns, {sum(matches.values()):,} matches over {len(python):,} files")
    for group, count in matches.most_common():
        say(f"    {group:32} {group_of.count(group):2} patterns {count:>8,} matches")
    RESULTS["query_groups"] = {"matches": dict(matches)}


# Run under callgrind by section_patterns: the tags query over every STEP-th file of a language,
# with one pattern disabled (or none, for -1).
_PATTERN_PROBE = """
import sys
from pathlib import Path
import tree_sitter
from rlm_code.repo import languages, treesitter
root, language, step, disabled = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
paths = sorted(p for p in root.rglob("*") if p.is_file() and languages.language_for_path(str(p)) == language)
trees = [treesitter.parse(language, p.read_bytes()) for p in paths[::step]]
query = tree_sitter.Query(treesitter._language(language), treesitter.read_query_source(language))
if disabled >= 0:
    query.disable_pattern(disabled)
for tree in trees:
    tree_sitter.QueryCursor(query).matches(tree.root_node)
"""


def section_patterns(root: Path, language: str, step: int) -> None:
    """What each pattern of a language's tags query costs, in instructions counted by callgrind
    inside py-tree-sitter's ``QueryCursor.matches`` (the same count every run, unlike seconds
    on a busy machine): the query once whole and once without each pattern."""
    import concurrent.futures

    from rlm_code.repo import treesitter

    if shutil.which("valgrind") is None:
        say("  skipped: valgrind is not installed")
        return
    probe = HOME / "work" / "pattern_probe.py"
    probe.parent.mkdir(parents=True, exist_ok=True)
    probe.write_text(_PATTERN_PROBE)
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONPATH=str(Path(__file__).resolve().parents[1]))

    def instructions(disabled: int) -> int:
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
             "--toggle-collect=query_cursor_matches",
             sys.executable, str(probe), str(root), language, str(step), str(disabled)],
            capture_output=True, text=True, env=env, check=True,
        )  # fmt: skip
        return int(re.search(r"Collected : (\d+)", done.stderr)[1])  # type: ignore[index]

    text = treesitter.read_query_source(language)
    query = treesitter._query(language)
    count = query.pattern_count
    with concurrent.futures.ThreadPoolExecutor(bench._cpu_count()) as pool:
        full, *without = pool.map(instructions, range(-1, count))
    say(f"  {language} query over every {step}th file: {full / 1e6:,.0f} M instructions; cost of each pattern:")
    rows = []
    for index, rest in enumerate(without):
        source = text[query.start_byte_for_pattern(index) : query.end_byte_for_pattern(index)]
        head = " ".join(line.strip() for line in source.splitlines() if not line.strip().startswith(";"))
        rows.append({"pattern": index, "share": (full - rest) / full, "source": head[:100]})
    for row in sorted(rows, key=lambda r: -r["share"])[:12]:
        say(f"    {100 * row['share']:5.1f}%  #{row['pattern']:<3} {row['source']}")
    RESULTS["patterns"] = {"language": language, "step": step, "instructions": full, "patterns": rows}


def section_parent(root: Path, workers: int) -> None:
    from rlm_code import Repo

    cache = HOME / "work" / "profile-parent"
    shutil.rmtree(cache, ignore_errors=True)
    repo = Repo(root, cache_dir=cache, workers=workers)
    profile = cProfile.Profile()
    t = time.perf_counter()
    cpu = time.process_time()
    profile.enable()
    repo.index()
    profile.disable()
    wall, cpu = time.perf_counter() - t, time.process_time() - cpu
    repo.close()
    shutil.rmtree(cache, ignore_errors=True)
    parts = {
        "waiting on workers (selector poll)": selftime(profile, r"\(poll\)|method 'poll'"),
        "SQLite executemany (fact rows)": selftime(profile, r"executemany"),
        "SQLite execute (BEGIN/COMMIT, blobs rows)": selftime(profile, r"method 'execute'"),
        "pickle.loads of worker results": selftime(profile, r"_pickle.loads"),
        "pipe write/flush to workers": selftime(profile, r"method 'flush'|method 'write'"),
        "scan (stat, read, hash, paths)": cumulative(profile, r"indexer\.py:\d+\(_scan\)"),
        "rg --files (waiting for the listing)": cumulative(profile, r"ripgrep\.py:\d+\(paths\)"),
    }
    say(f"  cold index of Django, parent under cProfile: {wall:.2f} s wall, parent CPU {cpu:.2f} s")
    for label, value in parts.items():
        say(f"    {label:44} {value:6.2f} s  {100 * value / wall:5.1f}% of wall")
    say("  top self time:")
    rows = top_functions(profile)
    print_top(rows[:10], wall)
    flush = cumulative(profile, r"indexer\.py:\d+\(flush\)")
    say(f"  time inside flush() (workers can only finish their one in-flight chunk): {flush:.2f} s")
    RESULTS["parent"] = {"wall_s": wall, "cpu_s": cpu, "parts_s": parts, "flush_s": flush, "top": rows}


def _scratch_store(path: Path, *, cache_kib: int | None = None):  # type: ignore[no-untyped-def]
    from rlm_code.repo.store import IndexStore

    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    store = IndexStore(path, Path("/nonexistent"))
    if cache_kib:
        store._db.execute(f"PRAGMA cache_size=-{cache_kib}")
    return store


def _create_indexes(store, specs: list[str]) -> None:  # type: ignore[no-untyped-def]
    for spec in specs:
        store._db.execute(f"CREATE INDEX {spec}")


def section_sqlite(results: list[Any], copies: int) -> None:
    """Write the worker results into a scratch store the indexer's way, and two other ways."""
    from rlm_code.repo.store import BlobRecord, FileRow

    scratch = HOME / "work" / "profile-sqlite"
    scratch.mkdir(parents=True, exist_ok=True)
    good = [r for r in results if r[3] is not None]

    def load(store, times: int, batch: int = 400) -> None:  # type: ignore[no-untyped-def]
        pending = []
        for n in range(times):
            for content_hash, lang, path, plain, invalid in good:
                pending.append((f"{content_hash}-{n}", lang, f"copy{n}/{path}", plain, invalid))
        for start in range(0, len(pending), batch):
            with store.transaction():
                for content_hash, lang, path, plain, invalid in pending[start : start + batch]:
                    blob = store.add_blob(content_hash, lang, BlobRecord(*plain), invalid_utf8=invalid)
                    store.put_files([FileRow(path, lang, 1, 1, blob, None, None)])

    secondary = [
        "files_blob ON files (blob_id)",
        "defs_name ON defs (name)",
        "defs_blob ON defs (blob_id)",
        "refs_name ON refs (name)",
        "refs_blob ON refs (blob_id)",
        "imports_blob ON imports (blob_id)",
        "bases_blob ON bases (blob_id)",
    ]
    out: dict[str, dict[str, float]] = {}
    for times in (1, copies):
        # CPU seconds (the machine may be shared; SQLite here is CPU-bound, WAL writes are
        # buffered by the OS); wall seconds go to the JSON too.
        row: dict[str, float] = {}
        as_is = _scratch_store(scratch / "as-is.sqlite3")
        late = _scratch_store(scratch / "late-index.sqlite3")
        big = _scratch_store(scratch / "big-cache.sqlite3", cache_kib=256 * 1024)
        for spec in secondary:
            late._db.execute(f"DROP INDEX {spec.split()[0]}")
        for key, step in (
            ("as_is", partial(load, as_is, times)),
            ("late_index_load_only", partial(load, late, times)),
            ("create_index", partial(_create_indexes, late, secondary)),
            ("cache_256mib", partial(load, big, times)),
        ):
            wall, cpu = time.perf_counter(), time.process_time()
            step()
            row[f"{key}_s"] = time.process_time() - cpu
            row[f"{key}_wall_s"] = time.perf_counter() - wall
        row["late_index_s"] = row["late_index_load_only_s"] + row["create_index_s"]
        for store in (as_is, late, big):
            store.close()
        out[f"{times}x"] = row
        say(
            f"  writing {times}× Django's facts ({times * len(good):,} blobs), CPU s: as the indexer does "
            f"{row['as_is_s']:.2f}; indexes created after the load {row['late_index_s']:.2f} "
            f"(load {row['late_index_load_only_s']:.2f} + CREATE INDEX "
            f"{row['late_index_s'] - row['late_index_load_only_s']:.2f}); 256 MiB page cache "
            f"{row['cache_256mib_s']:.2f}"
        )
    shutil.rmtree(scratch, ignore_errors=True)
    RESULTS["sqlite"] = out


def _importtime(command: list[str]) -> tuple[float, list[tuple[str, int, int]]]:
    env = dict(os.environ, PYTHONPROFILEIMPORTTIME="1")
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    rows = []
    for line in done.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if m:
            rows.append((m.group(4), int(m.group(1)), int(m.group(2)), len(m.group(3))))
    total = sum(r[1] for r in rows) / 1e6
    return total, [(name, own, cum) for name, own, cum, _ in rows]


def section_startup(root: Path, cache: Path) -> None:
    cli = bench.rlm_code_command()
    target = "get_object_or_404"
    base = [cli[0]] if len(cli) == 1 else cli
    samples = {
        "python -c pass": [],
        "python -c 'import rlm_code.cli.app'": [],
        "rlm-code --help": [],
        "rlm-code callers --json": [],
    }
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import rlm_code.cli.app'": [sys.executable, "-c", "import rlm_code.cli.app"],
        "rlm-code --help": [*base, "--help"],
        "rlm-code callers --json": [*base, "callers", str(root), target, "--json", "--cache-dir", str(cache)],
    }
    for _ in range(5):
        for label, command in commands.items():
            elapsed, _ = bench.timed_run(command, check=False)
            samples[label].append(elapsed)
    say("  whole-process wall times, best of 5:")
    for label, values in samples.items():
        say(f"    {label:40} {min(values) * 1000:6.0f} ms")
    total, rows = _importtime(
        [sys.executable, "-m", "rlm_code", "callers", str(root), target, "--json", "--cache-dir", str(cache)]
    )
    by_top: Counter[str] = Counter()
    for name, own, _cum in rows:
        by_top[name.split(".")[0]] += own
    say(f"  python -X importtime, rlm-code callers: {total * 1000:.0f} ms of imports; by top-level package:")
    for name, micros in by_top.most_common(10):
        say(f"    {name:28} {micros / 1000:6.1f} ms")
    heavy = sorted(rows, key=lambda r: -r[2])
    say("  largest cumulative imports:")
    for name, own, cum in heavy[:12]:
        say(f"    {name:44} {cum / 1000:6.1f} ms cum {own / 1000:6.1f} ms self")
    # The process's own work, timed phase by phase with wrappers installed at run time (no
    # profiler overhead); best of 5 fresh processes.
    code = (
        "import json, sys, time\n"
        "T = {}\n"
        "t0 = time.perf_counter()\n"
        "from rlm_code.cli import main\n"
        "from rlm_code.cli import app as _app\n"
        "T['import rlm_code.cli + app (typer)'] = time.perf_counter() - t0\n"
        "t = time.perf_counter()\n"
        "import rlm_code.repo as _repo_pkg\n"
        "from rlm_code.repo import indexer, repo as _repo, store, symbols\n"
        "T['import rlm_code.repo (already in: rlm_code/__init__ imports it)'] = time.perf_counter() - t\n"
        "def wrap(owner, name, label):\n"
        "    original = getattr(owner, name)\n"
        "    def timed(*a, **k):\n"
        "        s = time.perf_counter()\n"
        "        try:\n"
        "            return original(*a, **k)\n"
        "        finally:\n"
        "            T[label] = T.get(label, 0.0) + time.perf_counter() - s\n"
        "    setattr(owner, name, timed)\n"
        "wrap(indexer.FileListing, 'paths', 'rg --files (waiting for the listing)')\n"
        "wrap(indexer, '_scan', 'scan: stat every listed file')\n"
        "wrap(store.IndexStore, 'file_rows', 'read the files table')\n"
        "wrap(store.IndexStore, '__init__', 'open the SQLite index')\n"
        "wrap(symbols.SymbolTable, '__init__', 'SymbolTable()')\n"
        "wrap(_repo.Repo, 'callers', 'Repo.callers (incl. lazy resolver imports)')\n"
        "wrap(_repo, 'update_index', 'update_index, whole')\n"
        "from rlm_code.cli import output as _output\n"
        "wrap(_app, 'emit_json', 'emit_json')\n"
        "t = time.perf_counter()\n"
        f"main(['callers', {str(root)!r}, {target!r}, '--json', '--cache-dir', {str(cache)!r}])\n"
        "T['main(), whole'] = time.perf_counter() - t\n"
        "T['process so far'] = time.perf_counter() - t0\n"
        "print(json.dumps(T), file=sys.stderr)\n"
    )
    runs = []
    for _ in range(5):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
        runs.append(json.loads(done.stderr.strip().splitlines()[-1]))
    phases = {k: min(r[k] for r in runs if k in r) for k in runs[0]}
    say(
        "  inside the process (best of 5, wrappers, no profiler); python start-up itself is the "
        "'python -c pass' line above:"
    )
    for label, value in phases.items():
        say(f"    {label:44} {value * 1000:6.0f} ms")
    RESULTS["startup"] = {
        "process_best_s": {k: min(v) for k, v in samples.items()},
        "import_total_s": total,
        "imports_by_package_ms": {k: v / 1000 for k, v in by_top.items()},
        "largest_imports": heavy[:12],
        "phases_s": phases,
    }


def section_callers(root: Path, cache: Path) -> None:
    from rlm_code import Repo

    repo = Repo(root, cache_dir=cache)
    repo.index()
    repo.callers(bench.CALLERS_WARMUP)
    profile = cProfile.Profile()
    per_target = {}
    for target in bench.CALLERS_TARGETS:
        t = time.perf_counter()
        profile.enable()
        repo.callers(target)
        profile.disable()
        per_target[target] = time.perf_counter() - t
    repo.close()
    total = sum(per_target.values())
    say(
        "  first call per target on a warm Repo, under cProfile: "
        + ", ".join(f"{t} {1000 * s:.0f} ms" for t, s in per_target.items())
    )
    parts = {
        "SQLite reads (execute/fetchall)": selftime(profile, r"method 'execute'|method 'fetchall'"),
        "SymbolTable.file (load a file's facts)": cumulative(profile, r"symbols\.py:\d+\(file\)"),
        "resolver.resolve": cumulative(profile, r"python\.py:\d+\(resolve\)"),
        "store.references(name=...)": cumulative(profile, r"store\.py:\d+\(references\)"),
        "definitions_named": cumulative(profile, r"symbols\.py:\d+\(definitions_named\)"),
    }
    for label, value in parts.items():
        say(f"    {label:44} {value:6.3f} s  {100 * value / total:5.1f}%")
    say("  top self time:")
    rows = top_functions(profile)
    print_top(rows[:12], total)
    RESULTS["callers"] = {"first_call_s": per_target, "parts_s": parts, "top": rows}


def section_grep(root: Path, cache: Path) -> None:
    from rlm_code import Repo

    pattern = bench.GREP_QUERIES[-1][0]
    repo = Repo(root, cache_dir=cache)
    repo.index()
    profile = cProfile.Profile()
    t = time.perf_counter()
    profile.enable()
    result = repo.grep(pattern, max_results=1_000_000)
    profile.disable()
    wall = time.perf_counter() - t
    repo.close()
    files = len({m.path for m in result.matches})
    parts = {
        "json.loads of rg events": cumulative(profile, r"json/__init__\.py:\d+\(loads\)"),
        "_events (decode, columns)": selftime(profile, r"grep\.py:\d+\(_events\)"),
        "enclosing definition lookup": cumulative(profile, r"repo\.py:\d+\(enclosing\)"),
        "  of which SymbolTable.file": cumulative(profile, r"symbols\.py:\d+\(file\)"),
        "reading rg's pipe": selftime(profile, r"method 'readline'|method 'read'|__next__"),
    }
    say(f"  Repo.grep {pattern!r}: {len(result.matches):,} hits in {files:,} files, {wall:.2f} s under cProfile")
    for label, value in parts.items():
        say(f"    {label:44} {value:6.3f} s  {100 * value / wall:5.1f}%")
    rows = top_functions(profile)
    print_top(rows[:10], wall)
    RESULTS["grep"] = {
        "pattern": pattern,
        "hits": len(result.matches),
        "files": files,
        "wall_s": wall,
        "parts_s": parts,
        "top": rows,
    }


def section_scale(root: Path, copies: int, workers: int) -> None:
    """The parent's profile while indexing ``copies`` unique copies (hard links into the
    bench's unique scale tree, built if missing)."""
    from rlm_code import Repo

    files = bench.source_files(root)
    full = bench.build_scale_tree(HOME / "scale" / "unique", root, files, 30, unique=True)
    tree = HOME / "work" / f"profile-scale-{copies}"
    shutil.rmtree(tree, ignore_errors=True)
    tree.mkdir(parents=True)
    for n in range(copies):
        subprocess.run(["cp", "-al", str(full / f"copy{n:02d}"), str(tree)], check=True)
    cache = HOME / "work" / "profile-scale-cache"
    shutil.rmtree(cache, ignore_errors=True)
    repo = Repo(tree, cache_dir=cache, workers=workers)
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    profile = cProfile.Profile()
    t = time.perf_counter()
    cpu = time.process_time()
    profile.enable()
    report = repo.index()
    profile.disable()
    wall, cpu = time.perf_counter() - t, time.process_time() - cpu
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    repo.close()
    kids = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    size = sum(f.stat().st_size for f in cache.rglob("*.sqlite3*"))
    parts = {
        "waiting on workers (selector poll)": selftime(profile, r"method 'poll'"),
        "SQLite executemany (fact rows)": selftime(profile, r"executemany"),
        "SQLite execute (BEGIN/COMMIT, blobs rows)": selftime(profile, r"method 'execute'"),
        "pickle.loads": selftime(profile, r"_pickle.loads"),
        "scan (stat, read, hash)": cumulative(profile, r"indexer\.py:\d+\(_scan\)"),
        "inside flush() (workers mostly idle)": cumulative(profile, r"indexer\.py:\d+\(flush\)"),
    }
    say(
        f"  {copies} unique copies, {report.files:,} files, {report.parsed:,} parsed: {wall:.1f} s wall, "
        f"parent CPU {cpu:.1f} s, workers CPU {kids:.1f} s, index {size / 1e6:.0f} MB; load average "
        f"{os.getloadavg()[0]:.1f}"
    )
    for label, value in parts.items():
        say(f"    {label:44} {value:6.2f} s  {100 * value / wall:5.1f}% of wall")
    print_top(top_functions(profile)[:8], wall)
    shutil.rmtree(tree, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    RESULTS["scale"] = {
        "copies": copies,
        "files": report.files,
        "parsed": report.parsed,
        "wall_s": wall,
        "parent_cpu_s": cpu,
        "workers_cpu_s": kids,
        "index_bytes": size,
        "parts_s": parts,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=[s for s in SECTIONS if s != "patterns"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--sqlite-copies", type=int, default=10)
    parser.add_argument("--scale-copies", type=int, default=10)
    parser.add_argument("--pattern-language", default="python", help="the language whose patterns to cost")
    parser.add_argument("--pattern-step", type=int, default=30, help="cost the query over every Nth file")
    args = parser.parse_args()
    workers = args.workers or bench._cpu_count()
    root = bench.fetch_django(HOME)
    RESULTS["environment"] = bench.environment(root, workers)
    say(f"profiling on {root.name}, {workers} workers, load average {os.getloadavg()[0]:.1f}")
    results = None
    if "worker" in args.only or "sqlite" in args.only:
        say("\n[worker] the worker's job, split")
        results = section_worker(root, args.repeat)
    if "parent" in args.only:
        say("\n[parent] the parent process during a cold index")
        section_parent(root, workers)
    if "sqlite" in args.only:
        say("\n[sqlite] writing the facts")
        section_sqlite(results or [], args.sqlite_copies)
    cache = HOME / "work" / "profile-warm"
    if {"startup", "callers", "grep"} & set(args.only):
        from rlm_code import Repo

        Repo(root, cache_dir=cache, workers=workers).index()
    if "startup" in args.only:
        say("\n[startup] a whole rlm-code callers process")
        section_startup(root, cache)
    if "callers" in args.only:
        say("\n[callers] in-process callers")
        section_callers(root, cache)
    if "grep" in args.only:
        say("\n[grep] in-process grep, output-heavy query")
        section_grep(root, cache)
    if "scale" in args.only:
        say("\n[scale] the parent while indexing many unique files")
        section_scale(root, args.scale_copies, workers)
    if "patterns" in args.only:
        say(f"\n[patterns] what each {args.pattern_language} query pattern costs, under callgrind")
        section_patterns(root, args.pattern_language, args.pattern_step)
    shutil.rmtree(HOME / "work", ignore_errors=True)
    out = bench.DEFAULT_CACHE / "profile.json"
    out.write_text(json.dumps(RESULTS, indent=2, default=str) + "\n")
    say(f"\nprofile: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
