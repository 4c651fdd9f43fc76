#!/usr/bin/env python3
# ruff: noqa: RUF001 - the Markdown table uses multiplication signs, dashes and <= signs
"""rlm-code's performance benchmark: the numbers in the README come from here.

    python benchmarks/bench.py            # full run: ~5 min on a quiet 2-core machine (~10 if busy)
    python benchmarks/bench.py --quick    # fewer repetitions, no scale test (1 to 2 minutes)
    python benchmarks/bench.py --skip-scale

It fetches the Django 5.2 sdist with ``pip download`` into ``benchmarks/.cache/bench/``
(gitignored; a folder of its own, as other scripts share ``.cache``), unpacks it, and
measures, in one run and as ratios against a baseline measured in the same run:

* cold index (fresh cache dir, new process) against ``ctags -R`` and against bare tree-sitter
  parsing of the same source files (one process, and that time split ideally over the cores);
* warm re-open (new ``Repo`` + ``index()``, nothing changed) and one touched file;
* the cold index of a second checkout (a copy under another path) beside the first's index,
  whose facts it borrows;
* ``Repo.grep`` in-process against a raw ``rg --json`` process (equal hit counts asserted),
  and the whole ``rlm-code grep`` process against the whole ``rg`` process;
* ``callers``: in-process on a warm ``Repo`` and as a whole ``rlm-code callers`` process;
* peak RSS of the cold index, parent and workers together;
* a scale test on ~88k files (Django's source files copied 30 times), once with identical
  copies (stored once: rlm-code deduplicates contents) and once with every copy made unique.

Every timing is the best of ``--repeat`` runs unless it says otherwise; the machine may be
noisy, so ratios are measured with both sides interleaved in the same run. It prints a
Markdown table, PASS/FAIL per target, and writes ``benchmarks/.cache/results.json``.
Standard library only, plus rlm-code itself (and its tree-sitter dependency).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import sysconfig
import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sdists import pip_download_sdist, unpack_sdist

HERE = Path(__file__).resolve().parent
DEFAULT_CACHE = HERE / ".cache"
PRIVATE = "bench"  # <cache>/bench/: this script's downloads, sources and scratch trees
DJANGO_SPEC = "django==5.2.*"
MIB = 1024 * 1024

# The runpy "found in sys.modules" RuntimeWarning that every indexing worker prints (see the
# report) would flood the output; it changes nothing else, so it is silenced for children.
os.environ.setdefault("PYTHONWARNINGS", "ignore::RuntimeWarning:runpy")

GREP_QUERIES = [  # (pattern, why) -- hit counts on Django 5.2 from 1 to ~18k lines
    ("def get_object_or_404", "one hit: pure latency"),
    ("TODO", "few hits"),
    ("raise ValidationError", "~175 hits"),
    (r"class \w+Form\(", "~500 hits"),
    (r"self\.assertEqual\(", "~18k hits: output-bound"),
]
CALLERS_TARGETS = [
    "get_object_or_404",
    "render_to_string",
    "slugify",
    "reverse",
    "format_html",
    "mark_safe",
    "timezone.now",
    "Model.save",
    "QuerySet.filter",
    "cached_property",
]
CALLERS_WARMUP = "Field.deconstruct"  # asked first on every fresh Repo, never measured
TOUCHED_FILE = "django/db/models/query.py"

# --------------------------------------------------------------------------------------------
# Child programs, run with this interpreter so start-up cost is measured like a user's.

INDEX_CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from rlm_code import Repo
t1 = time.perf_counter()
workers = int(sys.argv[3]) or None
repo = Repo(sys.argv[1], cache_dir=sys.argv[2], workers=workers)
report = repo.index()
t2 = time.perf_counter()
repo.close()
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "import_s": t1 - t0, "index_s": t2 - t1, "report_s": report.seconds,
    "files": report.files, "parsed": report.parsed, "reused": report.reused, "borrowed": report.borrowed,
    "languages": report.languages, "skipped": report.skipped,
    "parent_maxrss_kb": me.ru_maxrss, "child_maxrss_kb": kids.ru_maxrss,
    "parent_cpu_s": me.ru_utime + me.ru_stime, "children_cpu_s": kids.ru_utime + kids.ru_stime,
}))
"""

PARSE_CHILD = r"""
import importlib, json, sys, time
import tree_sitter
from rlm_code.repo.languages import LANGUAGES
spec = json.load(sys.stdin)
root, files, repeat = spec["root"], spec["files"], spec["repeat"]
parsers = {}
for lang in sorted({lang for _, lang in files}):
    module, function = LANGUAGES[lang].grammar
    language = tree_sitter.Language(getattr(importlib.import_module(module), function)())
    parsers[lang] = tree_sitter.Parser(language)
passes = []
for _ in range(repeat):
    seen = set()
    read_s = parse_s = unique_parse_s = 0.0
    cpu0 = time.process_time()
    for path, lang in files:
        t0 = time.perf_counter()
        with open(f"{root}/{path}", "rb") as handle:
            data = handle.read()
        t1 = time.perf_counter()
        parsers[lang].parse(data)
        t2 = time.perf_counter()
        read_s += t1 - t0
        parse_s += t2 - t1
        if data not in seen:
            seen.add(data)
            unique_parse_s += t2 - t1
    passes.append({"read_s": read_s, "parse_s": parse_s, "unique_parse_s": unique_parse_s,
                   "cpu_s": time.process_time() - cpu0, "unique": len(seen)})
print(json.dumps(passes))
"""


# --------------------------------------------------------------------------------------------
# Small helpers


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def best(samples: Sequence[float]) -> float:
    return min(samples)


def timed_run(
    command: Sequence[str],
    *,
    cwd: Path | None = None,
    input_bytes: bytes | None = None,
    check: bool = True,
    ok: tuple[int, ...] = (0, 1),
) -> tuple[float, subprocess.CompletedProcess[bytes]]:
    """Run a whole process, its output captured (read to the end), and time it. The process's
    CPU seconds (user + system, itself and what it waited for) are left in ``done.cpu_s``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(list(command), cwd=cwd, input=input_bytes, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    done.cpu_s = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)  # type: ignore[attr-defined]
    if check and done.returncode not in ok:
        raise RuntimeError(f"{command[0]} failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
    return elapsed, done


class TreeRss:
    """Samples the summed resident memory of a process and all its descendants (Linux /proc).

    ``getrusage`` only gives each process's own peak; the sum of the processes alive at the
    same moment is what a machine must hold, so it is sampled here.
    """

    def __init__(self, pid: int, interval: float) -> None:
        self.pid = pid
        self.interval = interval
        self.peak_bytes = 0
        self.peak_processes = 0
        self.available = Path("/proc/self/statm").exists()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._page = os.sysconf("SC_PAGE_SIZE") if self.available else 0

    def __enter__(self) -> TreeRss:
        if self.available:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self.available:
            self._thread.join()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = defaultdict(list)
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            try:
                with open(f"/proc/{name}/stat", "rb") as handle:
                    stat = handle.read()
            except OSError:
                continue
            ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
            children[ppid].append(int(name))
        tree, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(children.get(pid, ()))
        return tree

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            tree = self._tree()
            for pid in tree:
                try:
                    with open(f"/proc/{pid}/statm", "rb") as handle:
                        total += int(handle.read().split()[1]) * self._page
                except (OSError, IndexError, ValueError):
                    continue
            if total > self.peak_bytes:
                self.peak_bytes, self.peak_processes = total, len(tree)
            self._stop.wait(self.interval)


def index_in_child(
    root: Path, cache_dir: Path, workers: int, *, rss_interval: float | None = None, timeout: float = 3600
) -> dict[str, Any]:
    """Cold-index ``root`` in a fresh process; wall time, the child's own report, and memory."""
    command = [sys.executable, "-c", INDEX_CHILD, str(root), str(cache_dir), str(workers)]
    load_before = _load()
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sampler = TreeRss(process.pid, rss_interval or 1.0)
    if rss_interval:
        sampler.__enter__()
    try:
        out, err = process.communicate(timeout=timeout)
    finally:
        if rss_interval:
            sampler.__exit__()
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"indexing child failed: {err.decode()[-3000:]}")
    result: dict[str, Any] = json.loads(out.decode().strip().splitlines()[-1])
    result["wall_s"] = wall
    result["load_average_1min"] = [load_before, _load()]
    if rss_interval and sampler.available:
        result["tree_peak_rss_bytes"] = sampler.peak_bytes
        result["tree_peak_processes"] = sampler.peak_processes
    return result


def machine_busy_s() -> float | None:
    """CPU seconds every process on the machine has used since boot (Linux /proc/stat)."""
    try:
        with open("/proc/stat", encoding="ascii") as handle:
            fields = [int(x) for x in handle.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    # user nice system idle iowait irq softirq steal ...: all but idle and iowait are busy.
    busy = sum(fields[:3]) + sum(fields[5:8])
    return busy / os.sysconf("SC_CLK_TCK")


def own_cpu_s() -> float:
    """CPU seconds used by this process and every child it has waited for."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


class Contention:
    """How much CPU other processes took while a measurement ran: the machine's busy time minus
    our own (this process and its children). Wall times are only comparable when it is small."""

    def __init__(self) -> None:
        self.busy, self.own, self.wall = machine_busy_s(), own_cpu_s(), time.perf_counter()

    def foreign_share(self, cpus: int) -> float | None:
        """Other processes' CPU as a share of the whole machine's capacity over the interval."""
        busy = machine_busy_s()
        if busy is None or self.busy is None:
            return None
        foreign = max(0.0, (busy - self.busy) - (own_cpu_s() - self.own))
        return foreign / max(1e-9, (time.perf_counter() - self.wall) * cpus)


def rlm_code_command() -> list[str]:
    scripts = sysconfig.get_path("scripts")
    for candidate in ([Path(scripts, "rlm-code")] if scripts else []) + [
        Path(p) for p in [shutil.which("rlm-code")] if p
    ]:
        if candidate.is_file():
            return [str(candidate)]
    return [sys.executable, "-m", "rlm_code"]


def tool_version(command: Sequence[str]) -> str | None:
    try:
        done = subprocess.run(list(command), capture_output=True, text=True, check=False)
    except OSError:
        return None
    return (done.stdout or done.stderr).strip().splitlines()[0] if (done.stdout or done.stderr) else None


def fmt_s(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


def fmt_mib(size: float | None) -> str:
    return "–" if size is None else f"{size / MIB:.0f} MiB"


def fmt_x(ratio: float | None) -> str:
    return "–" if ratio is None else f"{ratio:.2f}×"


# --------------------------------------------------------------------------------------------
# The corpus


def fetch_django(cache: Path) -> Path:
    """The unpacked Django sdist, downloaded with pip on first use."""
    downloads = cache / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    archives = sorted(downloads.glob("[Dd]jango-5.2*.tar.gz"))
    if not archives:
        log(f"downloading {DJANGO_SPEC} (sdist) with pip ...")
        pip_download_sdist(DJANGO_SPEC, downloads)
        archives = sorted(downloads.glob("[Dd]jango-5.2*.tar.gz"))
        if not archives:
            raise SystemExit(f"pip did not leave a Django 5.2 sdist in {downloads}")
    archive = archives[-1]
    name = archive.name.removesuffix(".tar.gz")
    root = cache / "src" / name
    if not (root / "django" / "__init__.py").is_file():
        log(f"unpacking {archive.name} ...")
        unpack_sdist(archive, root)
    return root


def source_files(root: Path) -> list[tuple[str, str]]:
    """``(path, language)`` of the files rlm-code parses: listed by ripgrep, a known language,
    not too large, not binary."""
    from rlm_code.repo.indexer import DEFAULT_MAX_FILE_SIZE
    from rlm_code.repo.languages import language_for_path
    from rlm_code.repo.ripgrep import FileListing

    found = []
    listed, _ = FileListing(root).paths()  # names that are not UTF-8 are not indexed either
    for path in listed:
        lang = language_for_path(path)
        if lang is None:
            continue
        full = root / path
        if full.stat().st_size > DEFAULT_MAX_FILE_SIZE:
            continue
        with open(full, "rb") as handle:
            if b"\0" in handle.read(8192):
                continue
        found.append((path, lang))
    return found


# --------------------------------------------------------------------------------------------
# Measurements


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.repeat: int = args.repeat
        self.cache: Path = args.cache_dir / PRIVATE
        self.work = self.cache / "work"
        self.workers: int = args.workers or _cpu_count()
        self.results: dict[str, Any] = {}
        self.cli = rlm_code_command()
        from rlm_code.repo.ripgrep import RG_ARGS, rg_binary

        self.rg = rg_binary()
        self.rg_args = list(RG_ARGS)
        self.ctags = shutil.which("ctags")

    def fresh_dir(self, name: str) -> Path:
        path = self.work / name
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        return path

    # -- cold index ---------------------------------------------------------------------------

    def cold_index(self, root: Path, files: list[tuple[str, str]]) -> None:
        log(f"cold index vs ctags -R vs bare tree-sitter parse, best of {self.repeat} (interleaved) ...")
        runs, ctags_s, ctags_cpu, passes = [], [], [], []
        spec = json.dumps({"root": str(root), "files": files, "repeat": 1}).encode()
        for i in range(self.repeat):
            watch = Contention()
            result = index_in_child(root, self.fresh_dir(f"cold-{i}"), self.workers)
            result["foreign_cpu_share"] = watch.foreign_share(_cpu_count())
            runs.append(result)
            shutil.rmtree(self.work / f"cold-{i}", ignore_errors=True)
            if self.ctags:
                tags = self.work / "tags"
                elapsed, done = timed_run([self.ctags, "-R", "-f", str(tags), "."], cwd=root)
                ctags_s.append(elapsed)
                ctags_cpu.append(done.cpu_s)  # type: ignore[attr-defined]
                tags.unlink(missing_ok=True)
            _, done = timed_run([sys.executable, "-c", PARSE_CHILD], input_bytes=spec, ok=(0,))
            passes += json.loads(done.stdout)
        log("peak memory of a cold index (separate, sampled run) ...")
        memory = index_in_child(root, self.fresh_dir("cold-rss"), self.workers, rss_interval=0.02)
        shutil.rmtree(self.work / "cold-rss", ignore_errors=True)

        first = runs[0]
        parse_read = min(p["read_s"] + p["parse_s"] for p in passes)
        self.results["cold"] = {
            "files": first["files"],
            "source_files": len(files),
            "parsed": first["parsed"],
            "languages": first["languages"],
            "workers": self.workers,
            "wall_s": [r["wall_s"] for r in runs],
            "index_s": [r["index_s"] for r in runs],
            "import_s": [r["import_s"] for r in runs],
            "parent_cpu_s": [r["parent_cpu_s"] for r in runs],
            "children_cpu_s": [r["children_cpu_s"] for r in runs],
            "cpu_s": [r["parent_cpu_s"] + r["children_cpu_s"] for r in runs],
            "load_average_1min": [r["load_average_1min"] for r in runs],
            "foreign_cpu_share": [r["foreign_cpu_share"] for r in runs],
            "ctags_s": ctags_s,
            "ctags_cpu_s": ctags_cpu,
            "bare_parse": {
                "files": len(files),
                "unique_contents": passes[0]["unique"],
                "read_and_parse_s": parse_read,
                "cpu_s": min(p["cpu_s"] for p in passes),
                "parse_s": min(p["parse_s"] for p in passes),
                "unique_parse_s": min(p["unique_parse_s"] for p in passes),
                "ideal_parallel_s": parse_read / self.workers,
                "passes": passes,
            },
            "memory": {
                "tree_peak_rss_bytes": memory.get("tree_peak_rss_bytes"),
                "tree_peak_processes": memory.get("tree_peak_processes"),
                "parent_peak_rss_bytes": memory["parent_maxrss_kb"] * 1024,
                "largest_child_peak_rss_bytes": memory["child_maxrss_kb"] * 1024,
                "upper_bound_bytes": (memory["parent_maxrss_kb"] + self.workers * memory["child_maxrss_kb"]) * 1024,
            },
        }

    # -- warm re-open and a touched file -------------------------------------------------------

    def warm(self, root: Path) -> None:
        from rlm_code import Repo

        log(f"warm re-open, best of {self.repeat} ...")
        cache = self.fresh_dir("warm")
        Repo(root, cache_dir=cache, workers=self.workers).index()
        samples = []
        for _ in range(self.repeat):
            started = time.perf_counter()
            repo = Repo(root, cache_dir=cache, workers=self.workers)
            report = repo.index()
            samples.append(time.perf_counter() - started)
            repo.close()
            assert report.parsed == 0, report
        self.results["reopen"] = {"seconds": samples}
        self.warm_cache = cache

    def touched(self, root: Path) -> None:
        from rlm_code import Repo

        log(f"one touched file in a private copy, best of {self.repeat} ...")
        tree = self.work / "touch-tree"
        shutil.rmtree(tree, ignore_errors=True)
        shutil.copytree(root, tree, symlinks=True)
        target = tree / TOUCHED_FILE
        cache = self.fresh_dir("touch-cache")
        Repo(tree, cache_dir=cache, workers=self.workers).index()
        reopen, same = [], []
        held = Repo(tree, cache_dir=cache, workers=self.workers)
        held.index()
        for i in range(self.repeat):
            with open(target, "a", encoding="utf-8") as handle:
                handle.write(f"# touched {i}\n")
            started = time.perf_counter()
            repo = Repo(tree, cache_dir=cache, workers=self.workers)
            report = repo.index()
            reopen.append(time.perf_counter() - started)
            repo.close()
            assert report.parsed == 1, report
            with open(target, "a", encoding="utf-8") as handle:
                handle.write(f"# touched again {i}\n")
            started = time.perf_counter()
            report = held.index()
            same.append(time.perf_counter() - started)
            assert report.parsed == 1, report
        held.close()
        lines = target.read_bytes().count(b"\n")
        self.results["touched"] = {"file": TOUCHED_FILE, "file_lines": lines, "new_repo_s": reopen, "same_repo_s": same}
        shutil.rmtree(tree, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)

    def second_checkout(self, root: Path) -> None:
        """A second checkout of the repository (a worktree, a clone) indexed cold beside the
        first one's index: its facts are borrowed from that index instead of parsed."""
        log(f"a second checkout beside an indexed one, best of {self.repeat} ...")
        tree = self.work / "second-checkout"
        shutil.rmtree(tree, ignore_errors=True)
        shutil.copytree(root, tree, symlinks=True)
        runs = []
        for i in range(self.repeat):
            cache = self.fresh_dir(f"second-{i}")
            shutil.copytree(self.warm_cache / "index", cache / "index")  # the first checkout's index
            result = index_in_child(tree, cache, self.workers)
            assert result["parsed"] == 0 and result["borrowed"] > 0, result
            runs.append(result)
            shutil.rmtree(cache, ignore_errors=True)
        self.results["second_checkout"] = {
            "files": runs[0]["files"],
            "borrowed": runs[0]["borrowed"],
            "wall_s": [r["wall_s"] for r in runs],
            "cpu_s": [r["parent_cpu_s"] + r["children_cpu_s"] for r in runs],
        }
        shutil.rmtree(tree, ignore_errors=True)

    # -- grep -----------------------------------------------------------------------------------

    def rg_json(self, root: Path, pattern: str) -> tuple[float, int]:
        command = [self.rg, "--json", *self.rg_args, "--regexp", pattern, "--", "./"]
        elapsed, done = timed_run(command, cwd=root)
        hits = sum(1 for line in done.stdout.splitlines() if line.startswith(b'{"type":"match"'))
        return elapsed, hits

    def grep(self, root: Path) -> None:
        from rlm_code import Repo

        log(f"grep: Repo.grep vs rg --json, and the two processes, best of {self.repeat} ...")
        cache = self.warm_cache
        queries = []
        for pattern, why in GREP_QUERIES:
            lib_s, rg_s, cli_s, rgp_s = [], [], [], []
            hits = None
            for _ in range(self.repeat):
                repo = Repo(root, cache_dir=cache, workers=self.workers)
                repo.index()  # not timed: the first grep on an open Repo is
                started = time.perf_counter()
                result = repo.grep(pattern, max_results=1_000_000)
                lib_s.append(time.perf_counter() - started)
                repo.close()
                assert not result.truncated
                elapsed, rg_hits = self.rg_json(root, pattern)
                rg_s.append(elapsed)
                if len(result.matches) != rg_hits:
                    found = len(result.matches)
                    raise AssertionError(f"grep {pattern!r}: rlm-code {found} hits, rg {rg_hits}")
                hits = rg_hits
                elapsed, done = timed_run(
                    [*self.cli, "grep", str(root), pattern, "--json", "--max", "1000000", "--cache-dir", str(cache)]
                )
                cli_hits = len(json.loads(done.stdout)["matches"])
                assert cli_hits == hits, (pattern, cli_hits, hits)
                cli_s.append(elapsed)
                elapsed, _ = self.rg_json(root, pattern)
                rgp_s.append(elapsed)
            queries.append(
                {
                    "pattern": pattern,
                    "why": why,
                    "hits": hits,
                    "repo_grep_s": lib_s,
                    "rg_json_s": rg_s,
                    "cli_process_s": cli_s,
                    "rg_process_s": rgp_s,
                }
            )
        self.results["grep"] = {"queries": queries}

    # -- callers --------------------------------------------------------------------------------

    def callers(self, root: Path) -> None:
        from rlm_code import Repo

        log(f"callers in-process ({len(CALLERS_TARGETS)} targets) and as a process, best of {self.repeat} ...")
        cache = self.warm_cache
        first: dict[str, list[float]] = defaultdict(list)
        again: dict[str, list[float]] = defaultdict(list)
        found: dict[str, int] = {}
        for _ in range(self.repeat):
            repo = Repo(root, cache_dir=cache, workers=self.workers)
            repo.index()
            repo.callers(CALLERS_WARMUP)  # the Repo is warm: resolvers built, imports done
            for target in CALLERS_TARGETS:
                started = time.perf_counter()
                result = repo.callers(target)
                first[target].append(time.perf_counter() - started)
                found[target] = len(result.callers)
                started = time.perf_counter()
                repo.callers(target)
                again[target].append(time.perf_counter() - started)
            repo.close()
        process: dict[str, list[float]] = defaultdict(list)
        for _ in range(self.repeat):
            for target in CALLERS_TARGETS:
                elapsed, done = timed_run(
                    [*self.cli, "callers", str(root), target, "--json", "--cache-dir", str(cache)]
                )
                assert done.returncode == 0, done.stderr
                process[target].append(elapsed)
        self.results["callers"] = {
            "targets": {
                t: {"callers": found[t], "first_s": first[t], "again_s": again[t], "process_s": process[t]}
                for t in CALLERS_TARGETS
            },
            "first_median_s": statistics.median(best(first[t]) for t in CALLERS_TARGETS),
            "first_max_s": max(best(first[t]) for t in CALLERS_TARGETS),
            "again_median_s": statistics.median(best(again[t]) for t in CALLERS_TARGETS),
            "process_median_s": statistics.median(best(process[t]) for t in CALLERS_TARGETS),
            "process_max_s": max(best(process[t]) for t in CALLERS_TARGETS),
        }

    # -- scale ----------------------------------------------------------------------------------

    def scale(self, root: Path, files: list[tuple[str, str]], copies: int) -> None:
        results = {}
        for unique in (False, True):
            label = "unique" if unique else "identical"
            tree = build_scale_tree(self.cache / "scale" / label, root, files, copies, unique=unique)
            # Indexing is measured, not the disk: a tree built by an earlier run may have left
            # the page cache, and reading 800 MB back from disk doubled the identical run.
            read_tree(tree)
            log(f"scale test, {copies} {label} copies ({copies * len(files):,} files), one run ...")
            cache = self.fresh_dir(f"scale-{label}")
            watch = Contention()
            result = index_in_child(tree, cache, self.workers, rss_interval=0.25)
            result["foreign_cpu_share"] = watch.foreign_share(_cpu_count())
            result["index_bytes"] = sum(f.stat().st_size for f in cache.rglob("*.sqlite3*"))
            # Then re-open it, nothing changed: a new process, new Repo + index(), best of 3.
            result["reopen_s"] = best([index_in_child(tree, cache, self.workers)["index_s"] for _ in range(3)])
            shutil.rmtree(cache, ignore_errors=True)
            results[label] = result
        self.results["scale"] = {"copies": copies, "files_per_copy": len(files), **results}


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


_COMMENT = {"python": b"#"}


def read_tree(tree: Path) -> None:
    """Read every file under ``tree`` once, so the run that follows finds them in memory."""
    for folder, _, names in os.walk(tree):
        for name in names:
            with open(os.path.join(folder, name), "rb") as file:
                while file.read(1 << 20):
                    pass


def build_scale_tree(dest: Path, root: Path, files: list[tuple[str, str]], copies: int, *, unique: bool) -> Path:
    """``copies`` copies of Django's source files under ``dest/copyNN/``, reused when a stamp
    says the tree is already as wanted. Unique copies get ``# copy N`` appended to every file
    (``// copy N`` for the C-like languages)."""
    stamp = dest.with_name(dest.name + ".stamp")
    wanted = {"source": root.name, "copies": copies, "files": len(files), "unique": unique}
    if stamp.is_file() and json.loads(stamp.read_text()) == wanted and dest.is_dir():
        return dest
    log(f"building {dest.name} scale tree ({copies} × {len(files):,} files) ...")
    stamp.unlink(missing_ok=True)
    shutil.rmtree(dest, ignore_errors=True)
    contents = [(path, lang, (root / path).read_bytes()) for path, lang in files]
    folders = sorted({str(Path(path).parent) for path, _ in files})
    for n in range(copies):
        base = dest / f"copy{n:02d}"
        for folder in folders:
            (base / folder).mkdir(parents=True, exist_ok=True)
        for path, lang, data in contents:
            if unique:
                marker = _COMMENT.get(lang, b"//")
                newline = b"" if data.endswith(b"\n") or not data else b"\n"
                data = data + newline + marker + f" copy {n}\n".encode()
            (base / path).write_bytes(data)
    stamp.write_text(json.dumps(wanted))
    return dest


# --------------------------------------------------------------------------------------------
# Verdicts and the table


def _load() -> float | None:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else None


def _scale_rss(run: dict[str, Any], workers: int) -> int:
    """The sampled peak of parent + workers, or an upper bound from each one's own peak."""
    sampled = run.get("tree_peak_rss_bytes")
    return int(sampled or (run["parent_maxrss_kb"] + workers * run["child_maxrss_kb"]) * 1024)


def checks(r: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    def check(name: str, value: float | None, limit: float, unit: str, detail: str = "") -> None:
        out.append(
            {
                "target": name,
                "value": value,
                "limit": limit,
                "unit": unit,
                "pass": value is not None and value <= limit,
                "detail": detail,
            }
        )

    cold = r["cold"]
    if cold["ctags_s"]:
        ratio = best(cold["wall_s"]) / best(cold["ctags_s"])
        check("cold Django index ≤ 2× ctags -R (wall)", ratio, 2.0, "×")
    check("warm re-open ≤ 0.3 s", best(r["reopen"]["seconds"]), 0.3, "s")
    check(
        "one file touched ≤ 0.3 s",
        best(r["touched"]["new_repo_s"]),
        0.3,
        "s",
        "new Repo + index(); same-Repo index() is in the JSON",
    )
    queries = r["grep"]["queries"]
    ratios = [best(q["repo_grep_s"]) / best(q["rg_json_s"]) for q in queries]
    worst = max(range(len(queries)), key=ratios.__getitem__)
    check(
        "Repo.grep ≤ 1.2× rg --json (every query)",
        ratios[worst],
        1.2,
        "×",
        f"per query: {', '.join(f'{x:.2f}' for x in ratios)}; worst {queries[worst]['pattern']!r}",
    )
    check("in-process callers ≤ 20 ms (median of targets)", r["callers"]["first_median_s"], 0.020, "s")
    check(
        "rlm-code callers process ≤ 0.6 s (median of targets)",
        r["callers"]["process_median_s"],
        0.6,
        "s",
        f"slowest target {fmt_s(r['callers']['process_max_s'])}",
    )
    if "scale" in r:
        s = r["scale"]
        total = s["copies"] * s["files_per_copy"]
        for label in ("identical", "unique"):
            run = s[label]
            check(f"{total:,} files ({label}) ≤ 60 s", run["wall_s"], 60.0, "s")
            rss = _scale_rss(run, cold["workers"])
            check(f"{total:,} files ({label}) ≤ 1 GiB RSS", rss / MIB, 1024.0, "MiB")
    return out


def _foreign_note(share: float | None) -> str:
    if share is None or share <= 0.05:
        return ""
    return f" (other processes took {100 * share:.0f}% of the CPU meanwhile)"


def table(r: dict[str, Any], verdicts: list[dict[str, Any]]) -> str:
    ok = {v["target"]: ("PASS" if v["pass"] else "**FAIL**") for v in verdicts}

    def verdict(prefix: str) -> str:
        return next((ok[k] for k in ok if k.startswith(prefix)), "")

    def row(*cells: str) -> None:
        rows.append("| " + " | ".join(cells) + " |")

    cold = r["cold"]
    bp = cold["bare_parse"]
    w = cold["workers"]
    rows = [
        "| Measurement (Django 5.2 sdist) | rlm-code | Baseline | Ratio | Target | Result |",
        "|---|---:|---:|---:|---|---|",
    ]
    wall, idx, cpu = best(cold["wall_s"]), best(cold["index_s"]), best(cold["cpu_s"])
    if cold["ctags_s"]:
        ct, ctc = best(cold["ctags_s"]), best(cold["ctags_cpu_s"])
        row(
            f"Cold index, new process, {cold['files']:,} files ({cold['source_files']:,} source, "
            f"{cold['parsed']:,} distinct)",
            fmt_s(wall),
            f"`ctags -R` {fmt_s(ct)}",
            fmt_x(wall / ct),
            "≤ 2×",
            verdict("cold Django"),
        )
        row(
            f"Cold index, CPU seconds (parent + {w} workers; robust to a busy machine)",
            fmt_s(cpu),
            f"`ctags -R` {fmt_s(ctc)}",
            fmt_x(cpu / ctc),
            "–",
            "",
        )
    row("〃", fmt_s(cpu), f"bare tree-sitter read+parse {fmt_s(bp['cpu_s'])}", fmt_x(cpu / bp["cpu_s"]), "–", "")
    row(
        "Cold index, in-process wall time",
        fmt_s(idx),
        f"bare tree-sitter read+parse, 1 process {fmt_s(bp['read_and_parse_s'])}",
        fmt_x(idx / bp["read_and_parse_s"]),
        "–",
        "",
    )
    row(
        "〃",
        fmt_s(idx),
        f"same, ideal {w}-core {fmt_s(bp['ideal_parallel_s'])}",
        fmt_x(idx / bp["ideal_parallel_s"]),
        "–",
        "",
    )
    mem = cold["memory"]
    row(
        f"Cold index peak RSS, parent + {w} workers",
        fmt_mib(mem["tree_peak_rss_bytes"]),
        f"parent alone {fmt_mib(mem['parent_peak_rss_bytes'])}, one worker "
        f"{fmt_mib(mem['largest_child_peak_rss_bytes'])}",
        "–",
        "–",
        "",
    )
    row(
        "Re-open, nothing changed (new `Repo` + `index()`)",
        fmt_s(best(r["reopen"]["seconds"])),
        "–",
        "–",
        "≤ 0.3 s",
        verdict("warm re-open"),
    )
    t = r["touched"]
    row(
        f"One file touched ({t['file_lines']:,}-line `{Path(t['file']).name}`), new `Repo` + `index()`",
        fmt_s(best(t["new_repo_s"])),
        f"same `Repo`, `index()` again {fmt_s(best(t['same_repo_s']))}",
        "–",
        "≤ 0.3 s",
        verdict("one file touched"),
    )
    if "second_checkout" in r:
        second = r["second_checkout"]
        row(
            "Cold index of a second checkout beside the first's index (facts borrowed, none parsed)",
            fmt_s(best(second["wall_s"])),
            f"{second['borrowed']:,} files borrowed; the first checkout's cold index {fmt_s(best(cold['wall_s']))}",
            fmt_x(best(second["wall_s"]) / best(cold["wall_s"])),
            "–",
            "",
        )
    for q in r["grep"]["queries"]:
        lib, rg = best(q["repo_grep_s"]), best(q["rg_json_s"])
        hits = f"{q['hits']:,} hit{'' if q['hits'] == 1 else 's'}"
        row(
            f"`Repo.grep` `{q['pattern']}` ({hits}), first call on an open Repo",
            fmt_s(lib),
            f"`rg --json` process {fmt_s(rg)}",
            fmt_x(lib / rg),
            "≤ 1.2×",
            "PASS" if lib / rg <= 1.2 else "**FAIL**",
        )
    for q in r["grep"]["queries"]:
        cli, rgp = best(q["cli_process_s"]), best(q["rg_process_s"])
        row(
            f"`rlm-code grep` process `{q['pattern']}`",
            fmt_s(cli),
            f"`rg --json` process {fmt_s(rgp)}",
            fmt_x(cli / rgp),
            "–",
            "",
        )
    c = r["callers"]
    n = len(c["targets"])
    row(
        f"`Repo.callers`, first call per target on a warm Repo, median of {n} targets",
        f"{fmt_s(c['first_median_s'])} (slowest {fmt_s(c['first_max_s'])})",
        f"repeated call (memoised) {fmt_s(c['again_median_s'])}",
        "–",
        "≤ 20 ms",
        verdict("in-process callers"),
    )
    row(
        f"`rlm-code callers --json` process, median of {n} targets",
        f"{fmt_s(c['process_median_s'])} (slowest {fmt_s(c['process_max_s'])})",
        "–",
        "–",
        "≤ 0.6 s",
        verdict("rlm-code callers"),
    )
    if "scale" in r:
        s = r["scale"]
        total = s["copies"] * s["files_per_copy"]
        for label, what in (("identical", "identical copies, stored once"), ("unique", "every copy unique")):
            run = s[label]
            run_cpu = run["parent_cpu_s"] + run["children_cpu_s"]
            row(
                f"Scale: {total:,} files, {s['copies']}× Django sources, {what} ({run['parsed']:,} parsed)",
                f"{fmt_s(run['wall_s'])}, {fmt_mib(_scale_rss(run, w))} RSS",
                f"CPU: parent {run['parent_cpu_s']:.0f} s + workers {run['children_cpu_s']:.0f} s "
                f"= {run_cpu:.0f} s{_foreign_note(run.get('foreign_cpu_share'))}",
                "–",
                "≤ 60 s, ≤ 1 GiB",
                f"{verdict(f'{total:,} files ({label}) ≤ 60')} / {verdict(f'{total:,} files ({label}) ≤ 1 GiB')}",
            )
        if "reopen_s" in s["identical"]:
            row(
                f"Scale: re-open the {total:,}-file index, nothing changed (new `Repo` + `index()`)",
                fmt_s(s["identical"]["reopen_s"]),
                "–",
                "–",
                "–",
                "",
            )
    return "\n".join(rows)


def environment(root: Path, workers: int) -> dict[str, Any]:
    def version(package: str) -> str | None:
        try:
            return importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            return None

    from rlm_code.repo.ripgrep import rg_binary

    commit = tool_version(["git", "-C", str(HERE.parent), "rev-parse", "--short", "HEAD"])
    try:  # uncommitted library changes make the commit alone an incomplete record
        dirty = subprocess.run(
            ["git", "-C", str(HERE.parent), "status", "--porcelain", "--", "rlm_code"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.splitlines()
    except OSError:
        dirty = []
    return {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "django": root.name,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": _cpu_count(),
        "workers": workers,
        "load_average_at_start": _load(),
        "rlm_code_commit": commit,
        "rlm_code_uncommitted": dirty,
        "rlm_code": version("rlm-code"),
        "tree_sitter": version("tree-sitter"),
        "ripgrep": tool_version([rg_binary(), "--version"]),
        "ctags": tool_version(["ctags", "--version"]) if shutil.which("ctags") else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--repeat", type=int, default=None, help="runs per measurement, the best kept (default 5; 2 with --quick)"
    )
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and no scale test")
    parser.add_argument("--skip-scale", action="store_true", help="skip the ~88k-file scale test")
    parser.add_argument("--copies", type=int, default=30, help="copies of Django in the scale test (default 30)")
    parser.add_argument("--workers", type=int, default=None, help="indexing workers (default: one per core)")
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=DEFAULT_CACHE,
        help=f"results go here, downloads and scratch trees under its bench/ (default {DEFAULT_CACHE})",
    )
    parser.add_argument(
        "--json", type=Path, default=None, help="where to write the results (default <cache-dir>/results.json)"
    )
    args = parser.parse_args(argv)
    args.repeat = args.repeat or (2 if args.quick else 5)
    args.cache_dir = args.cache_dir.resolve()
    started = time.perf_counter()
    watch = Contention()

    root = fetch_django(args.cache_dir / PRIVATE)
    files = source_files(root)
    bench = Bench(args)
    bench.results["environment"] = environment(root, bench.workers)
    bench.results["settings"] = {
        "repeat": args.repeat,
        "quick": args.quick,
        "skip_scale": args.skip_scale,
        "copies": args.copies,
    }
    if not bench.ctags:
        log("ctags not found: the ctags comparison is skipped")
    bench.cold_index(root, files)
    bench.warm(root)
    bench.touched(root)
    bench.second_checkout(root)
    bench.grep(root)
    bench.callers(root)
    if not (args.quick or args.skip_scale):
        bench.scale(root, files, args.copies)
    shutil.rmtree(bench.work, ignore_errors=True)

    verdicts = checks(bench.results)
    bench.results["checks"] = verdicts
    bench.results["total_s"] = time.perf_counter() - started
    env = bench.results["environment"]
    env["load_average_at_end"] = _load()
    env["foreign_cpu_share"] = watch.foreign_share(env["cpus"])
    output = args.json or args.cache_dir / "results.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(bench.results, indent=2, default=str) + "\n")

    load = f"1-min load average {env['load_average_at_start']:.1f} at start, {env['load_average_at_end']:.1f} at end"
    dirty = " + uncommitted changes" if env["rlm_code_uncommitted"] else ""
    print(
        f"\nrlm-code {env['rlm_code']} ({env['rlm_code_commit']}{dirty}), {env['django']}, "
        f"Python {env['python']}, {env['cpus']} CPUs, {bench.workers} workers, "
        f"best of {args.repeat}; {load}\n"
    )
    print(table(bench.results, verdicts))
    print()
    foreign = env["foreign_cpu_share"]
    if foreign is not None:
        shares = [x for x in bench.results["cold"]["foreign_cpu_share"] if x is not None]
        per_run = ", ".join(f"{100 * x:.0f}%" for x in shares)
        print(
            f"Other processes used {100 * foreign:.0f}% of the machine's CPU during the run "
            f"(during the cold-index runs: {per_run})."
        )
        if foreign > 0.1:
            print(
                "WARNING: the machine was busy: wall times are inflated (the indexer's pipeline more "
                "than ctags or rg); the CPU-second rows are the robust comparison. Rerun on a quiet "
                "machine for README numbers."
            )
        print()
    for v in verdicts:
        unit, value = v["unit"], v["value"]
        if value is None:
            shown = "n/a"
        elif unit == "s":
            shown = fmt_s(value)
        elif unit == "×":
            shown = f"{value:.2f}×"
        else:
            shown = f"{value:.0f} {unit}"
        detail = f"  ({v['detail']})" if v["detail"] else ""
        print(f"{'PASS' if v['pass'] else 'FAIL'}  {v['target']}: {shown}{detail}")
    print(f"\nresults: {output}  (run took {time.perf_counter() - started:.0f} s)")
    return 0 if all(v["pass"] for v in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
