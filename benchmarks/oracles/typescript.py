"""The TypeScript compiler as the judge of TypeScript and JavaScript projects.

``typescript_calls.mjs`` (next to this file) builds a ``ts.Program`` over a project's source
files with ``allowJs``, so JavaScript is judged too, and asks the checker what each call is
bound to (``getResolvedSignature``; see the script's header for what counts as outside and
as unknown). This module fetches the projects and the toolchain, runs the script with
``node`` and turns its answer into :class:`~oracles.Facts`.

Everything is pinned and lives under ``<cache>/typescript``: the compiler and the Node type
declarations in ``node/`` (``npm install --prefix``), each project's npm tarball in
``tarballs/`` (``npm pack``), unpacked into ``src/<name>-<version>``, and the judge's answer
per project in ``facts/``, keyed by everything that can change it, so a rerun reads it back.

A project is unpacked with only its sources: the published builds (``dist/``, the compiled
``.js``/``.d.ts`` next to zod's and rxjs's ``src/``) are left in the tarball, so that rlm-code
and the compiler read the same files and no call is found twice. The projects' own
dependencies are not installed: a call into one (axios's ``follow-redirects``) is unknown,
while a call into Node's or the browser's API is outside (``@types/node`` and the DOM
library are in the program).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any

from . import Call, Declaration, Facts, Position, Project

TOOLCHAIN = ("typescript@5.9.3", "@types/node@20.19.9", "undici-types@6.21.0")
"""What ``node/`` holds, exact versions (undici-types is @types/node's own dependency)."""

HELPER = Path(__file__).with_name("typescript_calls.mjs")
SOURCE_SUFFIXES = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")
DECLARATION_SUFFIXES = (".d.ts", ".d.mts", ".d.cts")


class ToolchainMissing(RuntimeError):
    """``node`` or ``npm`` is not on this machine."""


@dataclass(frozen=True)
class NpmProject:
    """A project measured from its npm tarball: which top-level entries of the package are its
    sources (``keep``) and how its own imports of itself resolve (``conditions``: export
    conditions that point at sources, ``paths``: tsconfig-style path mappings)."""

    package: str
    version: str
    keep: tuple[str, ...]
    conditions: tuple[str, ...] = ()
    paths: dict[str, list[str]] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return f"{self.package}-{self.version}"


def workspace(cache: Path) -> Path:
    return cache / "typescript"


def toolchain_dir(cache: Path) -> Path:
    """Where the pinned compiler is installed (a folder holding ``node_modules``)."""
    return workspace(cache) / "node"


def toolchain_ready(toolchain: Path) -> bool:
    """Whether ``toolchain`` holds the pinned compiler (so nothing needs downloading)."""
    manifest = toolchain / "node_modules" / "typescript" / "package.json"
    if not manifest.is_file():
        return False
    return f"typescript@{json.loads(manifest.read_text())['version']}" == TOOLCHAIN[0]


def run_tool(*args: str, cwd: Path | None = None) -> str:
    """Run ``node`` or ``npm`` and return its output; a missing binary is ToolchainMissing."""
    if shutil.which(args[0]) is None:
        raise ToolchainMissing(f"{args[0]} is not installed: the TypeScript judge needs Node.js and npm")
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr[-4000:]}")
    return done.stdout


def install_toolchain(cache: Path) -> Path:
    """Install the pinned compiler under ``cache`` once; return its folder."""
    target = toolchain_dir(cache)
    if not toolchain_ready(target):
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        run_tool(
            "npm",
            "install",
            "--prefix",
            str(target),
            "--no-audit",
            "--no-fund",
            "--ignore-scripts",
            "--save-exact",
            *TOOLCHAIN,
        )
    return target


def fetch_project(project: NpmProject, cache: Path) -> Path:
    """Download the pinned tarball once and unpack its sources into ``src/<slug>``."""
    root = workspace(cache) / "src" / project.slug
    if root.is_dir():
        return root
    tarballs = workspace(cache) / "tarballs"
    tarballs.mkdir(parents=True, exist_ok=True)
    spec = f"{project.package}@{project.version}"
    name = run_tool("npm", "pack", spec, "--silent", "--pack-destination", str(tarballs)).strip().splitlines()[-1]
    unpack_sources(tarballs / name, root, project.keep)
    return root


def unpack_sources(tarball: Path, root: Path, keep: tuple[str, ...]) -> None:
    """Extract the entries of ``tarball``'s ``package/`` folder named in ``keep`` into
    ``root``; a half-finished extraction never stands at ``root``."""
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=root.parent, prefix="unpack-"))
    try:
        with tarfile.open(tarball) as archive:
            members = [m for m in archive.getmembers() if _kept(m.name, keep)]
            archive.extractall(staging, members=members, filter="data")
        (staging / "package").rename(root)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _kept(member: str, keep: tuple[str, ...]) -> bool:
    parts = PurePosixPath(member).parts
    return len(parts) > 1 and parts[0] == "package" and parts[1] in keep


def source_files(root: Path) -> list[str]:
    """The project's JavaScript and TypeScript sources (no declaration files, no
    node_modules), repo-relative, sorted."""
    found = []
    for path in root.rglob("*"):
        rel = path.relative_to(root).as_posix()
        if (
            path.is_file()
            and rel.endswith(SOURCE_SUFFIXES)
            and not rel.endswith(DECLARATION_SUFFIXES)
            and "node_modules" not in rel.split("/")
        ):
            found.append(rel)
    return sorted(found)


def run_compiler(
    root: Path, toolchain: Path, *, conditions: tuple[str, ...] = (), paths: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    """The helper script's raw answer about the project at ``root``."""
    request = {
        "root": str(root.resolve()),
        "files": source_files(root),
        "toolchain": str(toolchain.resolve()),
        "conditions": list(conditions),
        "paths": paths or None,
    }
    with tempfile.TemporaryDirectory(prefix="ts-judge-") as scratch:
        request_path, answer_path = Path(scratch) / "request.json", Path(scratch) / "answer.json"
        request_path.write_text(json.dumps(request))
        run_tool("node", "--max-old-space-size=4096", str(HELPER), str(request_path), str(answer_path))
        answer: dict[str, Any] = json.loads(answer_path.read_text())
    return answer


def facts_from(answer: dict[str, Any]) -> Facts:
    """The helper's JSON as the contract's dataclasses."""

    def position(value: list[Any] | None) -> Position | None:
        return None if value is None else (value[0], value[1], value[2])

    declarations = [
        Declaration(
            d["path"],
            d["line"],
            d["column"],
            d["name"],
            d["kind"],
            tuple(p for p in map(position, d["overrides"]) if p is not None),
        )
        for d in answer["declarations"]
    ]
    calls = [
        Call(c["path"], c["line"], c["column"], c["name"], position(c["callee"]), c["outside"]) for c in answer["calls"]
    ]
    return Facts(declarations, calls)


def judge_project(project: NpmProject, root: Path, cache: Path) -> Facts:
    """The compiler's facts about ``project``, computed once per helper script, toolchain and
    settings and then read back from ``facts/``."""
    settings = json.dumps([TOOLCHAIN, project.conditions, project.paths, source_files(root)])
    key = hashlib.sha256(HELPER.read_bytes() + settings.encode()).hexdigest()[:16]
    stored = workspace(cache) / "facts" / f"{project.slug}-{key}.json"
    if not stored.is_file():
        toolchain = install_toolchain(cache)
        answer = run_compiler(root, toolchain, conditions=project.conditions, paths=project.paths)
        stored.parent.mkdir(parents=True, exist_ok=True)
        partial_path = stored.with_suffix(".partial")
        partial_path.write_text(json.dumps(answer))
        partial_path.replace(stored)
    return facts_from(json.loads(stored.read_text()))


def npm_project(project: NpmProject, language: str, targets_under: tuple[str, ...], notes: str) -> Project:
    return Project(
        name=project.package,
        language=language,
        fetch=partial(fetch_project, project),
        judge=partial(judge_project, project),
        targets_under=targets_under,
        notes=notes,
    )


ZOD = NpmProject("zod", "4.6.7", keep=("src", "package.json"), conditions=("@zod/source",))
RXJS = NpmProject(
    "rxjs",
    "7.8.1",
    keep=("src", "package.json"),
    paths={"rxjs": ["./src/index"], "rxjs/*": ["./src/*/index"], "rxjs/internal/*": ["./src/internal/*"]},
)
AXIOS = NpmProject("axios", "1.21.1", keep=("lib", "index.js", "package.json"))
COMMANDER = NpmProject("commander", "14.0.3", keep=("lib", "index.js", "esm.mjs", "package.json"))

PROJECTS: list[Project] = [
    npm_project(ZOD, "typescript", ("src/",), "src/ only; tests' imports of zod/* resolve to src"),
    npm_project(RXJS, "typescript", ("src/",), "src/ only (the published dist/ builds are left out)"),
    npm_project(AXIOS, "javascript", ("lib/",), "lib/ and index.js; dependencies not installed (unknown)"),
    npm_project(COMMANDER, "javascript", ("lib/",), "lib/, index.js and esm.mjs (typings/ left out)"),
]
