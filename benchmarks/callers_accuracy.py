#!/usr/bin/env python3
"""How right is ``callers(X)`` on real Python projects? rlm-code against jedi, site by site.

For each project (flask, requests, a sample of Django) this script

1. fetches the sdist with ``pip download --no-deps --no-binary :all:`` into
   ``benchmarks/.cache/sdists`` and unpacks it into ``benchmarks/.cache/src``, and installs the
   project's runtime dependencies (pinned, ``--no-deps``) into ``benchmarks/.cache/deps/<p>``
   so that jedi can see them (never the project itself: jedi reads the project from the sdist);
2. indexes it with rlm-code (index in ``benchmarks/.cache/rlm-index``);
3. lists the targets: every function and method defined in the library package (flask:
   ``src/flask``, requests: ``src/requests``, Django: a fixed-seed random sample of
   ``django/``), read with :mod:`ast`, independently of rlm-code's own extraction;
4. lists candidate call sites with :mod:`ast` over the whole project (tests, examples, docs):
   every call ``f(...)`` / ``x.f(...)`` and every bare decorator ``@f`` / ``@x.f`` whose called
   name is a target's name or a name the target is imported as. The union with every site
   rlm-code reports (at any confidence) is the universe of sites judged for that target, so it
   contains the sites rlm-code rejects as well as the ones it keeps;
5. asks jedi what each site's name resolves to: ``Script.goto(follow_imports=True)``, and
   ``Script.infer`` when goto stops at a variable or a parameter. A site calls the target when
   jedi's definition is the target (same file, same qualified name). Every site gets a fresh
   ``Script`` (one Script's caches make answers depend on the order of questions), and jedi
   reads the project from its source, never from the stubs it bundles (django-stubs for an
   older Django, typeshed's requests stubs);
6. compares, micro-averaged over (target, site) pairs: rlm-code ``exact`` only, the default
   output (``exact`` + ``likely``) and everything (``name`` matches included);
7. reruns ``callers`` with one resolver behaviour changed at a time (``WHAT_IFS``, patched at
   run time in this process only) to measure what each fix would gain, and labels every error
   of the default output with a root cause (``categorize``, ``MANUAL_REVIEW``).

Constructors. ``__init__`` methods are targets. A call of a class, ``C(...)``, counts as a call
of the first ``__init__`` on ``C``'s MRO (as jedi computes it) - the rule rlm-code itself uses.
So the candidates of ``C.__init__`` are the calls named ``__init__`` (``super().__init__()``),
the calls named ``C``, named any class that syntactically derives from ``C`` (they may inherit
its ``__init__``), named an import alias of one of those, and ``cls(...)`` calls.

Unresolved sites. When jedi finds no definition at all (goto and infer empty, or a timeout)
the site is *unknown*: it counts neither as a positive (so it is never a false negative) nor as
a negative (so reporting it is never a false positive). The report counts how many sites each
rlm-code confidence puts on unknown sites, and gives precision bounds as if all of them were
right or all wrong. A site jedi resolves to anything outside the project (stdlib, a
dependency, a builtin) is a resolved negative for every target. A site jedi resolves only to a
``typing.Protocol`` member is unknown too: the method that runs is some implementation.

Outputs: ``benchmarks/.cache/report.json`` (numbers, per target counts, timings, versions),
``benchmarks/.cache/errors.jsonl`` (every false positive and false negative of the default
output, with the source line, what jedi says, what rlm-code says and a root-cause category)
and ``benchmarks/.cache/errors.md`` (the same grouped by category), and a Markdown table on
stdout; also ``benchmarks/.cache/unknown.jsonl``, the exact/likely sites jedi could not resolve.
Jedi answers are cached per file content in ``benchmarks/.cache/jedi``: a cold run takes about
13 minutes on 2 cores (Django's 20k sites are most of it), a warm rerun under 30 seconds.

Run: ``/work/venv/bin/python benchmarks/callers_accuracy.py`` (needs ``pip install jedi``);
``--projects flask,requests``, ``--django-sample 300``, ``--sample N`` (every project),
``--seed``, ``--workers``, ``--no-cache``, ``--json PATH``.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import multiprocessing
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import tokenize
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from sdists import pip_download_sdist, unpack_sdist

HERE = Path(__file__).resolve().parent
DEFAULT_CACHE = HERE / ".cache"
JEDI_TIMEOUT = 10  # seconds for one site; a site past it is unresolved


@dataclass(frozen=True)
class Project:
    name: str
    dist: str  # the name pip downloads
    version: str
    package: str  # the library package's folder, relative to the sdist root
    sys_path: tuple[str, ...]  # folders, relative to the sdist root, jedi imports from
    deps: tuple[str, ...]  # runtime dependencies (and pytest, for the fixtures in tests)
    sample: int | None = None  # how many targets to draw; None means all


PROJECTS: dict[str, Project] = {
    "flask": Project(
        "flask",
        "flask",
        "3.1.3",
        "src/flask",
        ("src",),
        (
            "blinker==1.9.0",
            "click==8.5.1",
            "itsdangerous==2.2.0",
            "Jinja2==3.1.6",
            "MarkupSafe==3.0.4",
            "Werkzeug==3.1.9",
            "pytest==9.2.0",
        ),
    ),
    "requests": Project(
        "requests",
        "requests",
        "2.34.2",
        "src/requests",
        ("src",),
        ("charset-normalizer==3.5.2", "idna==3.20", "urllib3==2.8.0", "certifi==2026.10.19.post1", "pytest==9.2.0"),
    ),
    "django": Project(
        "django",
        "django",
        "5.2.19",
        "django",
        (".", "tests"),
        ("asgiref==3.13.0", "sqlparse==0.6.1"),
        sample=300,
    ),
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- fetching ------------------------------------------------------------------------------------


def fetch_sdist(project: Project, cache: Path) -> tuple[Path, str]:
    """The unpacked sdist's root folder and the tarball's sha256."""
    sdists = cache / "sdists"
    sdists.mkdir(parents=True, exist_ok=True)
    stem = f"{project.dist}-{project.version}"
    tarball = sdists / f"{stem}.tar.gz"
    if not tarball.exists():
        log(f"[{project.name}] pip download {project.dist}=={project.version}")
        pip_download_sdist(f"{project.dist}=={project.version}", sdists)
        found = [p for p in sdists.iterdir() if p.name.lower() == tarball.name.lower()]
        if not found:
            raise SystemExit(f"pip download gave no {tarball.name} in {sdists}")
        tarball = found[0]
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    target = cache / "src"
    root = target / stem
    if not (root / ".unpacked").exists():
        log(f"[{project.name}] unpacking {tarball.name}")
        unpack_sdist(tarball, root)
        (root / ".unpacked").write_text(digest)
    return root, digest


def install_deps(project: Project, cache: Path) -> Path:
    """Install the pinned dependencies, without their own dependencies, for jedi to read."""
    folder = cache / "deps" / project.name
    marker = folder / ".pins"
    pins = "\n".join(project.deps)
    if marker.exists() and marker.read_text() == pins:
        return folder
    log(f"[{project.name}] pip install --target {folder} {' '.join(project.deps)}")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--no-compile",
            "--target",
            str(folder),
            *project.deps,
        ],
        check=True,
    )
    marker.write_text(pins)
    return folder


# -- reading the project with ast ------------------------------------------------------------------


@dataclass
class Def:
    path: str
    qualname: str
    name: str
    kind: str  # function, method, class
    line: int
    bases: list[str] = field(default_factory=list)  # for classes: last component of each base


@dataclass
class CallSite:
    path: str
    line: int
    column: int  # 1-based, in characters, of the called name (rlm-code's convention)
    name: str
    receiver: str  # source of what precedes ``.name``, "" for a bare name
    kind: str  # call or decorator
    scope: str  # qualname of the enclosing definition, "" at module level


@dataclass
class Source:
    files: dict[str, list[str]] = field(default_factory=dict)  # path -> text lines
    defs: dict[tuple[str, int], Def] = field(default_factory=dict)  # (path, line) -> def
    calls_by_name: dict[str, list[CallSite]] = field(default_factory=lambda: defaultdict(list))
    aliases: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    classes_by_name: dict[str, list[Def]] = field(default_factory=lambda: defaultdict(list))
    params: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # (path, qualname) -> names
    fixtures: set[str] = field(default_factory=set)  # names of functions decorated as pytest fixtures
    def_lines: dict[tuple[str, str], int] = field(default_factory=dict)  # (path, qualname) -> line
    unparsable: list[str] = field(default_factory=list)


def python_files(root: Path) -> list[str]:
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(".py"):
                found.append((Path(folder) / name).relative_to(root).as_posix())
    return found


def decode(data: bytes) -> str:
    try:
        encoding, _ = tokenize.detect_encoding(BytesIO(data).readline)
        return data.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError):
        return data.decode("utf-8", "replace")


class _Walker(ast.NodeVisitor):
    def __init__(self, path: str, lines: list[bytes], source: Source) -> None:
        self.path = path
        self.lines = lines
        self.source = source
        self.stack: list[tuple[str, str]] = []  # (name, kind)

    def _qualname(self, name: str) -> str:
        return ".".join([n for n, _ in self.stack] + [name])

    def _char_column(self, line: int, byte_col: int) -> int:
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else b""
        return len(text[:byte_col].decode("utf-8", "replace")) + 1

    def _def(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef, kind: str) -> None:
        for decorator in node.decorator_list:
            self._decorator(decorator)
            self.visit(decorator)
        if isinstance(node, ast.ClassDef):
            for base in node.bases:
                self.visit(base)
            for keyword in node.keywords:
                self.visit(keyword)
        else:
            self.visit(node.args)
            if node.returns:
                self.visit(node.returns)
            a = node.args
            self.source.params[(self.path, self._qualname(node.name))] = {
                x.arg for x in [*a.posonlyargs, *a.args, *a.kwonlyargs, *filter(None, [a.vararg, a.kwarg])]
            }
            if any("fixture" in ast.unparse(d) for d in node.decorator_list):
                self.source.fixtures.add(node.name)
        qualname = self._qualname(node.name)
        bases = []
        if isinstance(node, ast.ClassDef):
            for base in node.bases:
                if isinstance(base, ast.Subscript):  # Protocol[T], Generic[T]
                    base = base.value
                if isinstance(base, ast.Name):
                    bases.append(base.id)
                elif isinstance(base, ast.Attribute):
                    bases.append(base.attr)
        definition = Def(self.path, qualname, node.name, kind, node.lineno, bases)
        self.source.defs.setdefault((self.path, node.lineno), definition)
        self.source.def_lines.setdefault((self.path, qualname), node.lineno)
        if kind == "class":
            self.source.classes_by_name[node.name].append(definition)
        self.stack.append((node.name, kind))
        for statement in node.body:
            self.visit(statement)
        self.stack.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        in_class = bool(self.stack) and self.stack[-1][1] == "class"
        self._def(node, "method" if in_class else "function")

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._def(node, "class")

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self.generic_visit(node)

    def _site(self, func: ast.expr, kind: str) -> None:
        if isinstance(func, ast.Name):
            line, col, name, receiver = func.lineno, func.col_offset, func.id, ""
        elif isinstance(func, ast.Attribute) and func.end_lineno is not None and func.end_col_offset is not None:
            name = func.attr
            line = func.end_lineno
            col = func.end_col_offset - len(name.encode("utf-8"))
            receiver = ast.unparse(func.value) if len(name) < 200 else ""
        else:
            return
        scope = ".".join(n for n, _ in self.stack)
        site = CallSite(self.path, line, self._char_column(line, col), name, receiver, kind, scope)
        self.source.calls_by_name[name].append(site)

    def _decorator(self, decorator: ast.expr) -> None:
        if isinstance(decorator, ast.Name | ast.Attribute):
            self._site(decorator, "decorator")

    def visit_Call(self, node: ast.Call) -> None:
        self._site(node.func, "call")
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            if alias.asname and alias.asname != alias.name:
                self.source.aliases[alias.name].add(alias.asname)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.asname:
                self.source.aliases[alias.name.rpartition(".")[2]].add(alias.asname)


def read_source(root: Path) -> Source:
    source = Source()
    for path in python_files(root):
        data = (root / path).read_bytes()
        text = decode(data)
        source.files[path] = text.splitlines()
        try:
            tree = ast.parse(data, filename=path)
        except (SyntaxError, ValueError):
            source.unparsable.append(path)
            continue
        _Walker(path, data.splitlines(), source).visit(tree)
    return source


# -- targets -------------------------------------------------------------------------------------


@dataclass
class Target:
    path: str
    qualname: str
    name: str
    lines: list[int]

    @property
    def key(self) -> str:
        return f"{self.path}:{self.qualname}"


def list_targets(project: Project, source: Source, sample: int | None, seed: int) -> tuple[list[Target], int]:
    """The targets, and how many functions and methods the package defines in all."""
    grouped: dict[tuple[str, str], Target] = {}
    prefix = project.package.rstrip("/") + "/"
    for (path, line), definition in sorted(source.defs.items()):
        if not path.startswith(prefix) or definition.kind == "class":
            continue
        key = (path, definition.qualname)
        if key in grouped:  # @overload stubs, or one name defined in two branches
            grouped[key].lines.append(line)
        else:
            grouped[key] = Target(path, definition.qualname, definition.name, [line])
    targets = sorted(grouped.values(), key=lambda t: (t.path, t.lines[0]))
    total = len(targets)
    if sample is not None and sample < total:
        targets = sorted(random.Random(seed).sample(targets, sample), key=lambda t: (t.path, t.lines[0]))
    return targets, total


def candidate_names(target: Target, source: Source) -> set[str]:
    """The called names that may reach ``target``: its own, and import aliases; for an
    ``__init__`` also the class, every class syntactically derived from it, and ``cls``."""
    names = {target.name}
    if target.name == "__init__":
        owner = target.qualname.rpartition(".")[0].rpartition(".")[2]
        if owner:
            children: dict[str, set[str]] = defaultdict(set)
            for class_name, classes in source.classes_by_name.items():
                for cls in classes:
                    for base in cls.bases:
                        children[base].add(class_name)
            pending = [owner]
            while pending:
                current = pending.pop()
                if current not in names:
                    names.add(current)
                    pending.extend(children.get(current, ()))
            names.add("cls")
    for name in list(names):
        names.update(source.aliases.get(name, ()))
    return names


# -- jedi ----------------------------------------------------------------------------------------

_JEDI: dict[str, Any] = {}


def _jedi_init(root: str, sys_path: list[str], excluded: list[str], own: list[str], cache_directory: str) -> None:
    import jedi
    from jedi.inference.gradual import typeshed

    # Read the project from its own source, never from stubs: jedi bundles django-stubs (for
    # an older Django) and typeshed has stubs for requests; a definition found in a stub is
    # not the project's, and goto cannot always map it back to the source.
    load_stub = typeshed._try_to_load_stub

    def no_stub_for_the_project(inference_state: Any, import_names: Any, *rest: Any) -> Any:
        if import_names and import_names[0] in own:
            return None
        return load_stub(inference_state, import_names, *rest)

    typeshed._try_to_load_stub = no_stub_for_the_project
    # parso drops parse trees from its memory cache past 600 files while jedi still holds
    # their paths (a KeyError on Django); keep them all, and the disk cache in ours.
    import parso.cache

    parso.cache._CACHED_SIZE_TRIGGER = 10**9
    jedi.settings.cache_directory = cache_directory
    _JEDI["project"] = jedi.Project(root, sys_path=sys_path, smart_sys_path=True)
    _JEDI["root"] = Path(root)
    _JEDI["excluded"] = [Path(p) for p in excluded]


class _Timeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _Timeout


def _where(module_path: Any) -> str | None:
    """A jedi module path as a project-relative path, or None if it is outside the project."""
    if module_path is None:
        return None
    path = Path(module_path)
    if any(path == p or p in path.parents for p in _JEDI["excluded"]):
        return None
    try:
        return path.relative_to(_JEDI["root"]).as_posix()
    except ValueError:
        return None


def _constructor(name: Any) -> Any:
    """``[path, line]`` of the first ``__init__`` on a class's MRO, "outside", or None."""
    try:
        for value in name._name.infer():
            for init in value.py__getattribute__("__init__"):
                node = getattr(init, "tree_node", None)
                file = init.get_root_context().py__file__()
                where = _where(file)
                if node is None or where is None:
                    return "outside"
                return [where, node.start_pos[0]]
    except Exception:
        return None
    return None


def _describe(names: list[Any]) -> tuple[list[list[Any]], bool, list[str]]:
    """The project definitions among jedi names, whether any lies outside, and the names'
    types that are neither (variables, parameters) and need inference."""
    defs: list[list[Any]] = []
    outside = False
    pending: list[str] = []
    for name in names:
        where = _where(name.module_path)
        if name.type in ("function", "class", "property"):
            if where is None:
                outside = True
            else:
                ctor = _constructor(name) if name.type == "class" else None
                defs.append([where, name.line, name.type, ctor])
        elif name.type == "module":
            outside = outside or where is None
            if where is not None:
                defs.append([where, 0, "module", None])
        elif name.type == "instance":
            # a callable object: its __call__ runs; no target of ours is reached by name
            if where is None:
                outside = True
            else:
                defs.append([where, name.line, "instance", None])
        else:
            pending.append(name.type)
    return defs, outside, pending


def _jedi_file(job: tuple[str, list[tuple[int, int]]]) -> tuple[str, dict[str, Any], float]:
    """Resolve the sites ``(line, column)`` of one file. Runs in a worker process."""
    import jedi

    path, sites = job
    started = time.perf_counter()
    root: Path = _JEDI["root"]
    results: dict[str, Any] = {}
    try:
        code = decode((root / path).read_bytes())
    except Exception as exc:
        return path, {f"{line}:{col}": {"error": repr(exc)[:200]} for line, col in sites}, 0.0
    signal.signal(signal.SIGALRM, _alarm)
    for line, column in sites:
        key = f"{line}:{column}"
        for _ in range(2):  # a crash (a parso cache race between workers) is retried once
            signal.alarm(JEDI_TIMEOUT)
            try:
                results[key] = _jedi_site(jedi, code, root / path, line, column)
                break
            except _Timeout:
                results[key] = {"error": "timeout"}
                break
            except Exception as exc:
                results[key] = {"error": repr(exc)[:200]}
            finally:
                signal.alarm(0)
    return path, results, time.perf_counter() - started


def _jedi_site(jedi: Any, code: str, path: Path, line: int, column: int) -> dict[str, Any]:
    # A fresh Script for every site: one Script's inference caches make its answers depend
    # on the order of the questions (a pytest fixture parameter resolves alone, and not after
    # another site of the same file was inferred).
    script = jedi.Script(code, path=str(path), project=_JEDI["project"])
    names = script.goto(line, column - 1, follow_imports=True)
    defs, outside, pending = _describe(names)
    how = "goto"
    if not defs and not outside and pending:
        defs, outside, _ = _describe(script.infer(line, column - 1))
        how = "infer"
    return {"defs": defs, "outside": outside, "how": how, "goto_types": sorted({n.type for n in names})}


def resolve_with_jedi(
    root: Path,
    project: Project,
    deps: Path,
    wanted: dict[str, set[tuple[int, int]]],
    cache: Path,
    workers: int,
    use_cache: bool,
) -> tuple[dict[tuple[str, int, int], Any], dict[str, Any]]:
    import jedi

    stdlib = [
        p
        for p in sys.path
        if p
        and "site-packages" not in p
        and "dist-packages" not in p
        and Path(p).resolve() != HERE.parent.resolve()
        and Path(p).exists()
    ]
    sys_path = [str(root / p) for p in project.sys_path] + [str(deps)] + stdlib
    fingerprint = hashlib.sha256(
        json.dumps([jedi.__version__, project.deps, sys_path, JEDI_TIMEOUT, 6]).encode()
    ).hexdigest()[:12]
    cache_file = cache / "jedi" / f"{project.name}-{project.version}-{fingerprint}.json"
    stored: dict[str, Any] = {}
    if use_cache and cache_file.exists():
        stored = json.loads(cache_file.read_text())
    results: dict[tuple[str, int, int], Any] = {}
    jobs: list[tuple[str, list[tuple[int, int]]]] = []
    hashes: dict[str, str] = {}
    for path, sites in wanted.items():
        digest = hashlib.sha1((root / path).read_bytes()).hexdigest()
        hashes[path] = digest
        entry = stored.get(path)
        known = entry["sites"] if entry and entry["sha"] == digest else {}
        missing = []
        for line, column in sites:
            if f"{line}:{column}" in known:
                results[(path, line, column)] = known[f"{line}:{column}"]
            else:
                missing.append((line, column))
        if missing:
            jobs.append((path, sorted(missing)))
    total_sites = sum(len(s) for _, s in jobs)
    stats = {
        "sites": sum(len(s) for s in wanted.values()),
        "computed": total_sites,
        "files": len(wanted),
        "seconds": 0.0,
    }
    if jobs:
        log(
            f"[{project.name}] jedi: {total_sites} sites in {len(jobs)} files "
            f"({stats['sites'] - total_sites} cached), {workers} workers"
        )
        started = time.perf_counter()
        jobs.sort(key=lambda j: -len(j[1]))
        excluded = [str(deps), str(cache)] if cache not in root.parents else [str(deps)]
        context = multiprocessing.get_context("fork")
        done = 0
        last = started
        own = [project.package.rstrip("/").rpartition("/")[2]]
        init = (str(root), sys_path, excluded, own, str(cache / "parso"))
        with context.Pool(workers, _jedi_init, init) as pool:
            for path, found, _ in pool.imap_unordered(_jedi_file, jobs):
                done += len(found)
                for key, value in found.items():
                    line, column = map(int, key.split(":"))
                    results[(path, line, column)] = value
                entry = stored.get(path)
                if not entry or entry["sha"] != hashes[path]:
                    entry = stored[path] = {"sha": hashes[path], "sites": {}}
                entry["sites"].update(found)
                if time.perf_counter() - last > 20:
                    last = time.perf_counter()
                    log(f"[{project.name}] jedi: {done}/{total_sites} sites, {last - started:.0f}s")
                    _write_json(cache_file, stored)
        stats["seconds"] = round(time.perf_counter() - started, 1)
        _write_json(cache_file, stored)
    return results, stats


def _write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(data))
    temporary.replace(path)


# -- rlm-code --------------------------------------------------------------------------------------

Reported = dict[str, dict[tuple[str, int, int], tuple[str, str | None]]]


def rlm_callers(repo: Any, targets: list[Target]) -> tuple[Reported, list[str]]:
    """target key -> site -> (confidence, callee), everything callers() reports."""
    from rlm_code import RlmCodeError

    found: Reported = {}
    missing: list[str] = []
    for target in targets:
        try:
            result = repo.callers(target.key, include_name_matches=True, max_results=10**7)
        except RlmCodeError:
            missing.append(target.key)
            found[target.key] = {}
            continue
        found[target.key] = {(s.path, s.line, s.column): (s.confidence, s.callee) for s in result.callers}
    return found, missing


class RlmExplainer:
    """What rlm-code's resolver makes of one site, for the error analysis. It reads library
    internals; the metrics never depend on it."""

    def __init__(self, repo: Any) -> None:
        self.repo = repo
        self._refs: dict[str, dict[tuple[str, int, int], tuple[str, str, str]]] = {}

    def explain(self, path: str, line: int, column: int, name: str) -> dict[str, Any]:
        try:
            if name not in self._refs:
                table = self.repo._table
                rows: dict[tuple[str, int, int], tuple[str, str, str]] = {}
                for blob_id, _, receiver, kind, at_line, col, scope in self.repo._store.references(name=name):
                    for p in table.paths_of_blob(blob_id):
                        rows[(p, at_line, col)] = (receiver, kind, scope)
                self._refs[name] = rows
            row = self._refs[name].get((path, line, column))
            if row is None:
                return {"indexed": False}
            receiver, kind, scope = row
            out: dict[str, Any] = {"indexed": True, "receiver": receiver, "kind": kind, "scope": scope}
            resolver = self.repo._ready.resolver("python")
            resolution = resolver.resolve(path, scope, receiver, name)
            out["resolved"] = resolution.symbol.target if resolution.symbol else None
            out["outside"] = resolution.outside
            out["receiver_class"] = resolution.receiver_class.target if resolution.receiver_class else None
            if receiver:
                out["receiver_value"] = _value_text(resolver.evaluate(path, scope, receiver))
            return out
        except Exception as exc:
            return {"error": repr(exc)[:200]}


def _value_text(value: Any) -> str:
    symbol = getattr(value, "symbol", None)
    if symbol is not None:
        return f"{type(value).__name__}({symbol.target})"
    if hasattr(value, "name"):
        return f"{type(value).__name__}({value.name})"
    return str(getattr(value, "label", value))


# -- what-if: the same index, one resolver behaviour changed at a time ------------------------------
#
# Each patch below changes one thing in a fresh Repo (library code is untouched) and the metrics
# are recomputed. An error that disappears under a patch is attributed to what the patch fixes.


def _patch_subclass_constructors(repo: Any, source: Source) -> None:
    """Let ``callers(C.__init__)`` look at calls of every class derived from ``C``."""
    graph = repo._ready
    original = graph._names_reaching

    def names_reaching(target: Any) -> dict[str, bool]:
        names = original(target)
        if target.name == "__init__":
            fake = Target(target.path, target.qualname, target.name, [target.line])
            names |= dict.fromkeys(candidate_names(fake, source) - {"cls"} - names.keys(), False)
        return names

    graph._names_reaching = names_reaching


def _patch_external_receivers_unknown(repo: Any, source: Source) -> None:
    """A method call on a receiver typed as outside the project counts as unknown, not
    outside, so the ``likely`` rules may still fire (and ``name`` is kept)."""
    from rlm_code.repo.resolve.values import Resolution

    graph = repo._ready
    resolver = graph.resolver("python")
    original = resolver.resolve

    def resolve(path: str, scope: str, receiver: str, name: str) -> Any:
        result = original(path, scope, receiver, name)
        if receiver and result.outside and result.symbol is None:
            return Resolution()
        return result

    resolver.resolve = resolve


def _patch_cls_attributes(repo: Any, source: Source) -> None:
    """Type ``self.x`` also from ``cls.x = Foo()`` in a classmethod (``setUpClass``,
    ``setUpTestData``), as from ``self.x = Foo()`` in a method."""
    from rlm_code.repo.resolve.values import UNKNOWN

    resolver = repo._ready.resolver("python")
    original = resolver._instance_attribute

    def instance_attribute(cls: Any, name: str) -> Any:
        value = original(cls, name)
        symbols = resolver.table.file(cls.path)
        if value is not UNKNOWN or symbols is None:
            return value
        prefix = f"{cls.qualname}."
        values = {
            resolver._binding_value(cls.path, scope, bound)
            for scope, targets in symbols.bindings.items()
            if scope.startswith(prefix) and (bound := targets.get(f"cls.{name}"))
        }
        values.discard(UNKNOWN)
        return values.pop() if len(values) == 1 else UNKNOWN

    resolver._instance_attribute = instance_attribute


WHAT_IFS = {
    "subclass_constructors": (_patch_subclass_constructors,),
    "cls_attributes": (_patch_cls_attributes,),
    "external_receivers_unknown": (_patch_external_receivers_unknown,),
    "subclass_constructors+cls_attributes": (_patch_subclass_constructors, _patch_cls_attributes),
}


# -- judging ---------------------------------------------------------------------------------------

VARIANTS = {"exact": ("exact",), "default": ("exact", "likely"), "all": ("exact", "likely", "name")}


def truth_of(result: Any, source: Source) -> tuple[str, set[str]]:
    """``("resolved", {target keys})`` or ``("unknown", set())`` for one jedi answer."""
    if not result or "error" in result:
        return "unknown", set()
    keys: set[str] = set()
    interface_only = True  # every definition found is a typing.Protocol member
    for path, line, kind, ctor in result["defs"]:
        if kind == "class":
            if ctor is None:  # jedi could not work out the class's __init__: it does not know
                return "unknown", set()
            interface_only = False
            if isinstance(ctor, list):
                definition = source.defs.get((ctor[0], ctor[1]))
                if definition is not None:
                    keys.add(f"{definition.path}:{definition.qualname}")
            continue
        definition = source.defs.get((path, line))
        if definition is not None and _is_protocol_member(definition, source):
            continue
        interface_only = False
        if definition is not None:
            keys.add(f"{definition.path}:{definition.qualname}")
    if result["defs"] and interface_only and not result["outside"]:
        # jedi stopped at an interface (``body: SupportsRead`` -> ``SupportsRead.read``): the
        # method that runs is some implementation, so jedi does not know the callee
        return "unknown", set()
    if keys or result["defs"] or result["outside"]:
        return "resolved", keys
    return "unknown", set()


def _is_protocol_member(definition: Def, source: Source) -> bool:
    owner = definition.qualname.rpartition(".")[0]
    if not owner:
        return False
    classes = source.classes_by_name.get(owner.rpartition(".")[2], [])
    return any(c.path == definition.path and c.qualname == owner and "Protocol" in c.bases for c in classes)


@dataclass
class Truth:
    """Per target: the universe of sites, the ones jedi says call it, the ones it can't tell."""

    universe: dict[str, set[tuple[str, int, int]]]
    positives: dict[str, set[tuple[str, int, int]]]
    unknown: dict[str, set[tuple[str, int, int]]]


def judge(
    targets: list[Target], truth: Truth, reported: Reported
) -> tuple[dict[str, Counter[str]], list[tuple[str, tuple[str, int, int], str]], list[dict[str, Any]]]:
    """Counts per variant, the errors of the default output ``(target, site, FP|FN)``, and
    per-target rows."""
    counts: dict[str, Counter[str]] = {v: Counter() for v in VARIANTS}
    errors: list[tuple[str, tuple[str, int, int], str]] = []
    rows = []
    for target in targets:
        key = target.key
        positives, unknown = truth.positives[key], truth.unknown[key]
        sites = reported.get(key, {})
        row: dict[str, Any] = {
            "target": key,
            "candidates": len(truth.universe[key]),
            "positives": len(positives),
            "unknown": len(unknown),
        }
        for variant, confidences in VARIANTS.items():
            kept = {k for k, (c, _) in sites.items() if c in confidences}
            tp, fp, fn = kept & positives, kept - positives - unknown, positives - kept
            counts[variant].update(tp=len(tp), fp=len(fp), fn=len(fn), unknown=len(kept & unknown))
            row[variant] = [len(tp), len(fp), len(fn)]
            if variant == "default":
                errors += [(key, site, "FP") for site in sorted(fp)]
                errors += [(key, site, "FN") for site in sorted(fn)]
        counts["all"].update(pairs=len(truth.universe[key]))
        rows.append(row)
    return counts, errors, rows


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(counts: dict[str, int]) -> dict[str, Any]:
    tp, fp, fn = counts.get("tp", 0), counts.get("fp", 0), counts.get("fn", 0)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    unknown = counts.get("unknown", 0)
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "unknown": unknown,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1(precision, recall), 4),
        # as if every reported site jedi could not resolve were right / wrong
        "precision_if_unknown_right": round((tp + unknown) / (tp + fp + unknown), 4) if tp + fp + unknown else 1.0,
        "precision_if_unknown_wrong": round(tp / (tp + fp + unknown), 4) if tp + fp + unknown else 1.0,
    }


# -- root causes -----------------------------------------------------------------------------------


# Sites checked by hand where jedi's answer is wrong or not a runtime fact; the verdict
# replaces the mechanical category. Keyed by (project, site, target).
MANUAL_REVIEW: dict[tuple[str, str, str], tuple[str]] = {
    **{
        ("flask", f"tests/test_cli.py:{site}", "src/flask/cli.py:AppGroup.command"): (
            "jedi wrong: `@click.group(cls=AppGroup)` makes an AppGroup; jedi types it click.Group",
        )
        for site in ("325:10", "333:15", "356:10", "376:10")
    },
}


def categorize(error: dict[str, Any], target: Target, source: Source) -> str:
    """A mechanical root-cause label, checked by hand on samples; errors.md groups by it."""
    kind, name, receiver = error["error"], error["name"], error["receiver"]
    conf, rlm, fixed_by = error["rlm_confidence"], error.get("rlm", {}), error["fixed_by"]
    review = MANUAL_REVIEW.get((error["project"], error["site"], error["target"]))
    if review:
        return f"{kind} {review[0]}"
    if kind == "FP":
        if conf == "likely":
            if receiver.startswith("super("):
                return "FP likely: super() call credited to an override in a subclass (subclass-only rule)"
            if rlm.get("receiver_class"):
                return "FP likely: subclass-only rule (self.m() where only a subclass defines m)"
            if error["jedi_outside"] and not error["jedi_targets"]:
                return "FP likely: unique-name rule on a receiver jedi types as stdlib/dependency"
            return "FP likely: unique-name rule, jedi resolves to another project definition"
        if target.name == "__init__" and name != "__init__":
            return "FP exact: class call mapped to the wrong __init__"
        if error["jedi_outside"] and not error["jedi_targets"]:
            return "FP exact: rlm-code resolves into the project, jedi outside"
        return "FP exact: resolved to a different project definition"
    # false negatives
    if target.name == "__init__" and name != "__init__":
        if name == "cls":
            return "FN constructor: cls(...) in a classmethod is not a call of the class"
        if "subclass_constructors" in fixed_by or conf is None:
            return "FN constructor: a subclass that inherits __init__ is instantiated"
        return f"FN constructor: class call left at {conf}"
    if name != target.name:
        return "FN aliased import name not followed"
    if conf is None:
        if not rlm.get("indexed", True):
            return "FN site not in rlm-code's index"
        if rlm.get("resolved"):
            return "FN resolver picks another definition"
        if rlm.get("outside"):
            if "cls_attributes" in fixed_by:
                return (
                    "FN dropped as 'outside': self.x typed only by `cls.x = Foo()` in a classmethod "
                    "(setUpTestData/setUpClass); class has a base outside the project"
                )
            if receiver.startswith(("self.", "cls.")) and rlm.get("receiver_value") == "external":
                return (
                    "FN dropped as 'outside': self attribute not found on a class with a base "
                    "outside the project (unittest.TestCase, jinja2.BaseLoader), so taken for external"
                )
            if receiver and rlm.get("receiver_value") == "external":
                return "FN dropped as 'outside': receiver typed through a stdlib/dependency call or annotation"
            if receiver:
                return "FN dropped as 'outside': attribute not found on a class with bases outside the project"
            return "FN dropped as 'outside': bare name"
        return "FN dropped (unresolved, not even a name match)"
    # reported as a name match only
    if not receiver:
        if error.get("receiver_origin") or name in source.params.get((error["site"].split(":")[0], error["scope"]), ()):
            return "FN name: bare name bound to a function object (f = Cls.method; f()) not followed"
        return "FN name: bare name not resolved"
    if receiver.startswith("super("):
        return "FN name: super() not resolved"
    if receiver in ("self", "cls"):
        return "FN name: method on self/cls not found on the class's MRO"
    if receiver.startswith(("self.", "cls.")):
        return "FN name: attribute of self not typed (self.x = param, or a call with no return annotation)"
    if receiver.endswith(")"):
        return "FN name: receiver is a call whose return type is not inferred"
    head = re.match(r"[A-Za-z_]\w*", receiver)
    in_tests = "test" in error["site"].rpartition("/")[2] or "conftest" in error["site"]
    if head and error.get("receiver_is_param"):
        if head.group(0) in source.fixtures and in_tests:
            return "FN name: receiver is a pytest fixture parameter"
        return "FN name: receiver is an untyped parameter (jedi infers it from the call sites)"
    if "." in receiver.split("(")[0].split("[")[0]:
        if head and head.group(0) in source.classes_by_name:
            return "FN name: class attribute read through the class (Model.objects) not typed"
        return "FN name: attribute of a local or parameter not typed (incl. Django model fields)"
    origin = error.get("receiver_origin")
    if origin == "call":
        return "FN name: receiver is a local assigned from a call with no return annotation"
    if origin == "fixture":
        return "FN name: receiver is a local assigned from a call on a pytest fixture parameter"
    if origin == "several":
        return "FN name: receiver is a local bound more than once (types disagree or one is unknown)"
    if origin == "loop":
        return "FN name: receiver is a loop variable over a typed container"
    if origin == "with":
        return "FN name: receiver is a with-statement target"
    if origin is None and error.get("receiver_is_module_global"):
        return "FN name: receiver is a module-level name not typed"
    return "FN name: receiver is a local variable not typed"


# -- one project -------------------------------------------------------------------------------------


def run_project(project: Project, args: argparse.Namespace, cache: Path) -> dict[str, Any]:
    from rlm_code.repo import Repo

    timings: dict[str, float] = {}
    started = time.perf_counter()
    root, digest = fetch_sdist(project, cache)
    deps = install_deps(project, cache)
    timings["fetch"] = round(time.perf_counter() - started, 1)

    t = time.perf_counter()
    repo = Repo(root, cache_dir=cache / "rlm-index")
    report = repo.index()
    timings["rlm_index"] = round(time.perf_counter() - t, 1)
    log(f"[{project.name}] rlm-code index: {report.files} files, parsed {report.parsed}, {timings['rlm_index']}s")

    t = time.perf_counter()
    source = read_source(root)
    timings["ast"] = round(time.perf_counter() - t, 1)
    sample = args.django_sample if project.name == "django" else project.sample
    if args.sample is not None:
        sample = args.sample
    targets, total = list_targets(project, source, sample, args.seed)
    log(
        f"[{project.name}] {len(targets)} targets of {total}; "
        f"{len(source.files)} python files, {len(source.unparsable)} unparsable by ast"
    )

    t = time.perf_counter()
    reported, missing = rlm_callers(repo, targets)
    timings["rlm_callers"] = round(time.perf_counter() - t, 2)

    # the universe of sites per target: syntactic candidates and whatever rlm-code reports
    universe: dict[str, set[tuple[str, int, int]]] = {}
    site_info: dict[tuple[str, int, int], CallSite] = {}
    extra_rlm_sites = 0
    for target in targets:
        sites = set()
        for name in candidate_names(target, source):
            for site in source.calls_by_name.get(name, ()):
                key = (site.path, site.line, site.column)
                sites.add(key)
                site_info[key] = site
        for key in reported[target.key]:
            if key not in sites:
                extra_rlm_sites += 1
                sites.add(key)
        universe[target.key] = sites
    wanted: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for sites in universe.values():
        for path, line, column in sites:
            wanted[path].add((line, column))
    jedi_results, jedi_stats = resolve_with_jedi(root, project, deps, wanted, cache, args.workers, not args.no_cache)
    timings["jedi"] = jedi_stats["seconds"]

    truth_cache: dict[tuple[str, int, int], tuple[str, set[str]]] = {}
    truth = Truth(universe, {}, {})
    for target in targets:
        positives, unknown = set(), set()
        for key in universe[target.key]:
            if key not in truth_cache:
                truth_cache[key] = truth_of(jedi_results.get(key), source)
            status, keys = truth_cache[key]
            if status == "unknown":
                unknown.add(key)
            elif target.key in keys:
                positives.add(key)
        truth.positives[target.key], truth.unknown[target.key] = positives, unknown

    counts, error_keys, per_target = judge(targets, truth, reported)
    unknown_reported: Counter[str] = Counter()
    unknown_sites: list[dict[str, Any]] = []
    for target in targets:
        for key in sorted(truth.unknown[target.key]):
            if key in reported[target.key]:
                confidence = reported[target.key][key][0]
                unknown_reported[confidence] += 1
                if confidence != "name":
                    unknown_sites.append(
                        {
                            "project": project.name,
                            "target": target.key,
                            "site": f"{key[0]}:{key[1]}:{key[2]}",
                            "confidence": confidence,
                            "code": _line(source, key[0], key[1]),
                            "jedi": jedi_results.get(key),
                        }
                    )

    # what-ifs, and which errors each one removes
    t = time.perf_counter()
    what_ifs: dict[str, Any] = {}
    fixed: dict[tuple[str, tuple[str, int, int], str], list[str]] = defaultdict(list)
    baseline_errors = set(error_keys)
    for label, patches in WHAT_IFS.items():
        variant_repo = Repo(root, cache_dir=cache / "rlm-index")
        try:
            variant_repo.index()
            for patch in patches:
                patch(variant_repo, source)
            variant_reported, _ = rlm_callers(variant_repo, targets)
        except Exception as exc:
            log(f"[{project.name}] what-if {label} skipped: {exc!r}")
            what_ifs[label] = {"error": repr(exc)[:200]}
            continue
        finally:
            variant_repo.close()
        variant_counts, variant_errors, _ = judge(targets, truth, variant_reported)
        if len(patches) == 1:
            for error in baseline_errors - set(variant_errors):
                fixed[error].append(label)
        what_ifs[label] = {
            "metrics": {v: score(dict(c)) for v, c in variant_counts.items()},
            "fixed_errors": len(baseline_errors - set(variant_errors)),
            "new_errors": len(set(variant_errors) - baseline_errors),
        }
    timings["what_ifs"] = round(time.perf_counter() - t, 1)

    explainer = RlmExplainer(repo)
    by_key = {t.key: t for t in targets}
    errors: list[dict[str, Any]] = []
    for target_key, key, kind in error_keys:
        target = by_key[target_key]
        path, line, column = key
        site = site_info.get(key)
        name = site.name if site else _name_at(source, path, line, column, target.name)
        jedi = jedi_results.get(key) or {}
        conf, callee = reported[target_key].get(key, (None, None))
        error: dict[str, Any] = {
            "project": project.name,
            "error": kind,
            "target": target_key,
            "site": f"{path}:{line}:{column}",
            "code": _line(source, path, line),
            "name": name,
            "receiver": site.receiver if site else "",
            "site_kind": site.kind if site else "?",
            "scope": site.scope if site else "",
            "rlm_confidence": conf,
            "rlm_callee": callee,
            "jedi_targets": sorted(truth_cache[key][1]),
            "jedi_outside": bool(jedi.get("outside")),
            "jedi_how": jedi.get("how"),
            "jedi_defs": jedi.get("defs"),
            "rlm": explainer.explain(path, line, column, name),
            "fixed_by": fixed.get((target_key, key, kind), []),
        }
        head = re.match(r"[A-Za-z_]\w*", error["receiver"])
        if site and (head or not error["receiver"]) and not error["receiver"].startswith(("self", "cls")):
            head = head or re.match(r"[A-Za-z_]\w*", name)
            error["receiver_is_param"] = _is_parameter(source, site, head.group(0))
            error["receiver_is_module_global"] = _is_module_global(source, path, head.group(0))
            error["receiver_origin"] = _local_origin(source, site, head.group(0))
        error["category"] = categorize(error, target, source)
        errors.append(error)

    return {
        "project": project.name,
        "version": project.version,
        "sdist_sha256": digest,
        "deps": list(project.deps),
        "root": str(root),
        "targets": len(targets),
        "targets_total": total,
        "sample": sample,
        "seed": args.seed,
        "targets_missing_in_rlm": missing,
        "python_files": len(source.files),
        "unparsable_by_ast": source.unparsable,
        "pairs": counts["all"]["pairs"],
        "positives": sum(len(p) for p in truth.positives.values()),
        "jedi_unknown_pairs": sum(len(u) for u in truth.unknown.values()),
        "unknown_reported_by_confidence": dict(unknown_reported),
        "rlm_sites_outside_candidates": extra_rlm_sites,
        "jedi": jedi_stats,
        "metrics": {v: score(dict(c)) for v, c in counts.items()},
        "what_ifs": what_ifs,
        "timings": timings,
        "targets_with_fn": sum(1 for r in per_target if r["default"][2]),
        "targets_with_fp": sum(1 for r in per_target if r["default"][1]),
        "worst_targets": [
            {"target": r["target"], "fn": r["default"][2], "fp": r["default"][1], "positives": r["positives"]}
            for r in sorted(per_target, key=lambda r: -(r["default"][1] + r["default"][2]))[:10]
            if r["default"][1] + r["default"][2]
        ],
        "per_target": per_target,
        "errors": errors,
        "unknown_sites": unknown_sites,
    }


def _line(source: Source, path: str, line: int) -> str:
    lines = source.files.get(path, [])
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def _name_at(source: Source, path: str, line: int, column: int, default: str) -> str:
    lines = source.files.get(path, [])
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    match = re.match(r"[A-Za-z_]\w*", text[column - 1 :])
    return match.group(0) if match else default


def _is_parameter(source: Source, site: CallSite, name: str) -> bool:
    scope = site.scope
    while scope:
        if name in source.params.get((site.path, scope), ()):
            return True
        scope = scope.rpartition(".")[0]
    return False


def _local_origin(source: Source, site: CallSite, name: str) -> str | None:
    """How local ``name`` got its value before ``site``, read from the enclosing function's
    lines: ``loop``, ``with``, ``several`` assignments, or ``fixture`` (assigned from a call
    on a pytest fixture parameter), else None."""
    start = source.def_lines.get((site.path, site.scope))
    lines = source.files.get(site.path, [])
    if start is None:
        return None
    body = lines[start - 1 : site.line]
    word = re.escape(name)
    if any(re.search(rf"\bfor\s+[\w\s,()]*\b{word}\b[\w\s,()]*\bin\b", text) for text in body):
        return "loop"
    body = body[:-1]
    if any(re.search(rf"\bas\s+{word}\s*[:,)]", text) for text in body):
        return "with"
    assigned = [m.group(1) for text in body if (m := re.match(rf"\s*{word}\s*(?::[^=]+)?=(?!=)\s*(.+)", text))]
    if len(assigned) > 1:
        return "several"
    if assigned:
        head = re.match(r"[A-Za-z_]\w*", assigned[0])
        params = source.params.get((site.path, site.scope), set())
        in_tests = "test" in site.path.rpartition("/")[2] or "conftest" in site.path
        if head and head.group(0) in params and head.group(0) in source.fixtures and in_tests:
            return "fixture"
        if re.match(r"[\w.]+\(", assigned[0]):
            return "call"
        if re.fullmatch(r"[\w.]+", assigned[0].strip()):
            return "alias"
    return None


def _is_module_global(source: Source, path: str, name: str) -> bool:
    pattern = re.compile(
        rf"^(?:{re.escape(name)}\s*[:=]|from\s+\S+\s+import\s+.*\b{re.escape(name)}\b"
        rf"|import\s+.*\b{re.escape(name)}\b)"
    )
    return any(pattern.match(line) for line in source.files.get(path, ()))


# -- output ----------------------------------------------------------------------------------------


def markdown(results: list[dict[str, Any]], overall: dict[str, Any]) -> str:
    head = (
        "| project | targets | pairs | jedi positives | jedi unknown | variant | TP | FP | FN "
        "| precision | recall | F1 | reported unknown |\n|" + "---|" * 13
    )
    rows = [head]
    for result in [*results, overall]:
        for variant in VARIANTS:
            m = result["metrics"][variant]
            rows.append(
                f"| {result['project']} | {result['targets']} | {result['pairs']} | {result['positives']} "
                f"| {result['jedi_unknown_pairs']} | {variant} | {m['tp']} | {m['fp']} | {m['fn']} "
                f"| {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['unknown']} |"
            )
    return "\n".join(rows)


def what_if_markdown(results: list[dict[str, Any]], overall: dict[str, Any]) -> str:
    """Default-output precision / recall with one resolver behaviour changed (see WHAT_IFS)."""
    columns = [*results, overall]
    rows = [
        "| default output, P / R | " + " | ".join(r["project"] for r in columns) + " |",
        "|---|" + "---|" * len(columns),
    ]

    def cell(result: dict[str, Any]) -> str:
        if "metrics" not in result:
            return "n/a"
        m = result["metrics"]["default"]
        return f"{m['precision']:.3f} / {m['recall']:.3f}"

    rows.append("| as is | " + " | ".join(cell(r) for r in columns) + " |")
    for label in WHAT_IFS:
        rows.append(f"| what if: {label} | " + " | ".join(cell(r["what_ifs"][label]) for r in columns) + " |")
    return "\n".join(rows)


def errors_markdown(errors: list[dict[str, Any]]) -> str:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for error in errors:
        grouped[error["category"]].append(error)
    out = ["# False positives and false negatives of the default output (exact + likely)", ""]
    out.append("| category | count |")
    out.append("|---|---|")
    for category, items in sorted(grouped.items(), key=lambda kv: -len(kv[1])):
        out.append(f"| {category} | {len(items)} |")
    for category, items in sorted(grouped.items(), key=lambda kv: -len(kv[1])):
        out += ["", f"## {category} ({len(items)})", ""]
        for e in items:
            jedi = ", ".join(e["jedi_targets"]) or ("outside the project" if e["jedi_outside"] else "a non-function")
            rlm = e["rlm"]
            rlm_says = f"{e['rlm_confidence'] or 'not reported'}"
            if rlm.get("resolved"):
                rlm_says += f"; resolver -> {rlm['resolved']}"
            elif rlm.get("outside"):
                rlm_says += "; resolver -> outside"
            if rlm.get("receiver_value"):
                rlm_says += f"; receiver -> {rlm['receiver_value']}"
            out.append(
                f"- `{e['site']}` [{e['project']}] target `{e['target']}`: `{e['code'][:140]}`  \n"
                f"  jedi ({e['jedi_how']}): {jedi}; rlm-code: {rlm_says}"
            )
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--projects", default="flask,requests,django", help="comma-separated, of: " + ", ".join(PROJECTS)
    )
    parser.add_argument(
        "--django-sample",
        type=int,
        default=PROJECTS["django"].sample,
        help="how many Django functions and methods to draw (default %(default)s)",
    )
    parser.add_argument(
        "--sample",
        type=int,
        default=None,
        help="draw this many targets in every project (default: all, Django sampled)",
    )
    parser.add_argument("--seed", type=int, default=1729)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--no-cache", action="store_true", help="recompute jedi's answers")
    parser.add_argument("--json", type=Path, default=None, help="report path (default CACHE/report.json)")
    args = parser.parse_args(argv)
    try:
        import jedi
    except ImportError:
        raise SystemExit("jedi is needed: pip install jedi") from None
    cache: Path = args.cache_dir.resolve()
    cache.mkdir(parents=True, exist_ok=True)
    chosen = [p.strip() for p in args.projects.split(",") if p.strip()]
    unknown = [p for p in chosen if p not in PROJECTS]
    if unknown:
        raise SystemExit(f"unknown projects: {', '.join(unknown)}")
    started = time.perf_counter()
    results = [run_project(PROJECTS[name], args, cache) for name in chosen]
    overall_counts = {v: Counter() for v in VARIANTS}
    for result in results:
        for variant in VARIANTS:
            m = result["metrics"][variant]
            overall_counts[variant].update({k: m[k] for k in ("tp", "fp", "fn", "unknown")})
    overall_what_ifs = {}
    for label in WHAT_IFS:
        total: Counter[str] = Counter()
        if any("error" in result["what_ifs"][label] for result in results):
            overall_what_ifs[label] = {"error": "skipped in some project"}
            continue
        for result in results:
            m = result["what_ifs"][label]["metrics"]["default"]
            total.update({k: m[k] for k in ("tp", "fp", "fn", "unknown")})
        overall_what_ifs[label] = {"metrics": {"default": score(dict(total))}}
    overall = {
        "project": "overall",
        "targets": sum(r["targets"] for r in results),
        "pairs": sum(r["pairs"] for r in results),
        "positives": sum(r["positives"] for r in results),
        "jedi_unknown_pairs": sum(r["jedi_unknown_pairs"] for r in results),
        "metrics": {v: score(dict(c)) for v, c in overall_counts.items()},
        "what_ifs": overall_what_ifs,
    }
    errors = [e for r in results for e in r.pop("errors")]
    unknown_sites = [u for r in results for u in r.pop("unknown_sites")]
    categories = Counter(e["category"] for e in errors)
    from importlib.metadata import version as dist_version

    report = {
        "tool": "benchmarks/callers_accuracy.py",
        "jedi": jedi.__version__,
        "rlm_code": dist_version("rlm-code"),
        "python": sys.version.split()[0],
        "seconds": round(time.perf_counter() - started, 1),
        "overall": overall,
        "projects": results,
        "error_categories": dict(categories.most_common()),
    }
    _write_json(args.json or cache / "report.json", report)
    with open(cache / "errors.jsonl", "w") as handle:
        for error in errors:
            handle.write(json.dumps(error) + "\n")
    (cache / "errors.md").write_text(errors_markdown(errors))
    with open(cache / "unknown.jsonl", "w") as handle:  # reported exact/likely, jedi has no answer
        for site in unknown_sites:
            handle.write(json.dumps(site) + "\n")
    print(markdown(results, overall))
    print()
    print(what_if_markdown(results, overall))
    print()
    names = [r["project"] for r in results]
    print("| error category (default output) | " + " | ".join(names) + " | total |")
    print("|---|" + "---|" * (len(names) + 1))
    for category, count in categories.most_common():
        per = Counter(e["project"] for e in errors if e["category"] == category)
        print(f"| {category} | " + " | ".join(str(per[n]) for n in names) + f" | {count} |")
    print(
        f"\nreport: {args.json or cache / 'report.json'}; errors: {cache / 'errors.md'}, "
        f"{cache / 'errors.jsonl'}; {report['seconds']}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
