"""Java's judge: javac's own attribution of every call, through ``JavaCalls.java``.

The projects are Debian bookworm's source packages (the upstream tarball as Debian ships it,
pinned by version and checksum), fetched with ``apt-get source`` through a private apt
configuration under the cache, so the system's own apt state is neither needed nor touched.
Their test dependencies are Debian's binary packages of the same release (``apt-get
download``, pinned, unpacked with ``dpkg-deb``): the tests are where most calls into a library
are, and with JUnit and the rest on the classpath javac binds them instead of leaving them
unknown. Versions differ a little from the projects' poms (JUnit 5.9.2 for 5.7.1, EasyMock 5.1
for 4.2, ...); that only moves calls among outside declarations. What Debian lacks (JUnit
Pioneer and JMH, used by a few commons-lang tests) stays missing, and the calls javac cannot
bind without it are unknown.

``JavaCalls.java`` runs as a single-file program with the JDK on the PATH (``java``, 11 or
newer); its answers are cached per input (the program, the JDK, the classpath and every
source file's content) under ``<cache>/java/facts``.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from sdists import unpack_sdist

from . import Call, Declaration, Facts, Position, Project
from .debian import unpack_deb

JAVA_CALLS = Path(__file__).with_name("JavaCalls.java")
JAVA = ("java", "--add-exports", "jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED")
SOURCE_ROOTS = ("src/main/java", "src/test/java")
SYSTEM_SOURCES = Path("/etc/apt/sources.list.d")


@dataclass(frozen=True)
class DebianSource:
    """A Debian source package, pinned: its upstream tarball is the project measured."""

    package: str
    version: str
    orig_sha256: str


@dataclass(frozen=True)
class JavaProject:
    name: str
    source: DebianSource
    classpath: tuple[str, ...]  # Debian binary packages, "name=version", whose jars javac sees


JUNIT = ("junit5=5.9.2-1", "libopentest4j-java=1.2.0-4", "libapiguardian-java=1.1.2-1")
JAVA_PROJECTS = (
    JavaProject(
        "commons-lang",
        DebianSource(
            "libcommons-lang3-java",
            "3.12.0-2+deb12u1",
            "f7c22574707611b63bae19ff17f59e24cdd32e2b0e61a50ec9b1b525fbc909d1",
        ),
        (*JUNIT, "libhamcrest-java=2.2-1", "libeasymock-java=5.1.0-1", "libjsr305-java=0.1~+svn49-11"),
    ),
    JavaProject(
        "jsoup",
        DebianSource("jsoup", "1.15.3-1", "052511f0be47511f9b2a17d44fc1eccc4b5373e77cc5a3221e34b6af437e1e2e"),
        (
            *JUNIT,
            "libjsr305-java=0.1~+svn49-11",
            "libgoogle-gson-java=2.10-1",
            "libjetty9-java=9.4.57-1.1~deb12u1",
            "libservlet-api-java=4.0.1-2",
        ),
    ),
)


# -- fetching --------------------------------------------------------------------------------------


def apt_options(cache: Path) -> list[str]:
    """apt's options for a private configuration under ``cache``: its own sources (deb and
    deb-src), package lists and archive folder, and no lock on the system's state."""
    apt = cache / "java" / "apt"
    return [
        "-qq",
        "-o",
        f"Dir::State::Lists={apt / 'lists'}",
        "-o",
        "Dir::Etc::SourceList=/dev/null",
        "-o",
        f"Dir::Etc::SourceParts={apt / 'sources.list.d'}",
        "-o",
        f"Dir::Cache={apt / 'cache'}",
        "-o",
        "Debug::NoLocking=1",
        "-o",
        "APT::Sandbox::User=root",
    ]


def private_sources(system: Iterable[str]) -> str:
    """The system's deb822 source stanzas with both package types: the same archives (and
    keys) for sources and binaries."""
    return "".join(re.sub(r"(?m)^Types:.*$", "Types: deb deb-src", text.strip()) + "\n\n" for text in system)


def prepare_apt(cache: Path) -> list[str]:
    """Write the private apt configuration and read the archives' package lists, once."""
    apt = cache / "java" / "apt"
    options = apt_options(cache)
    if (apt / "ready").exists():
        return options
    system = sorted(SYSTEM_SOURCES.glob("*.sources"))
    if not system:
        raise SystemExit(f"no deb822 apt sources in {SYSTEM_SOURCES}: cannot fetch the Java projects")
    (apt / "sources.list.d").mkdir(parents=True, exist_ok=True)
    (apt / "lists" / "partial").mkdir(parents=True, exist_ok=True)
    (apt / "cache" / "archives" / "partial").mkdir(parents=True, exist_ok=True)
    (apt / "sources.list.d" / "debian.sources").write_text(private_sources(p.read_text() for p in system))
    subprocess.run(["apt-get", *options, "update"], check=True)
    (apt / "ready").touch()
    return options


def fetch_project(project: JavaProject, cache: Path) -> Path:
    """Unpack the project's upstream tarball under ``cache/java/src`` (once) and return it."""
    source = project.source
    root = cache / "java" / "src" / f"{project.name}-{source.version}"
    if root.is_dir():
        return root
    options = prepare_apt(cache)
    downloads = cache / "java" / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["apt-get", *options, "source", "--download-only", f"{source.package}={source.version}"],
        cwd=downloads,
        check=True,
    )
    upstream = source.version.split("-")[0].split(":")[-1]
    (tarball,) = downloads.glob(f"{source.package}_{upstream}.orig.tar.*")
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    if digest != source.orig_sha256:
        raise SystemExit(f"{tarball} has sha256 {digest}, not the pinned {source.orig_sha256}")
    unpack_sdist(tarball, root)
    return root


def fetch_jars(packages: Sequence[str], cache: Path) -> list[Path]:
    """The jars of Debian binary packages (``name=version``), downloaded and unpacked once
    under ``cache/java/deps``."""
    jars: list[Path] = []
    for spec in packages:
        folder = cache / "java" / "deps" / spec.replace("=", "_").replace(":", "_")
        if not folder.is_dir():
            unpack_deb(spec, folder, prepare_apt(cache))
        jars += sorted(p for p in (folder / "usr" / "share" / "java").glob("*.jar") if not p.is_symlink())
    return jars


# -- judging ---------------------------------------------------------------------------------------


def source_files(root: Path) -> list[str]:
    """The project's main and test sources, repository-relative."""
    return sorted(
        path.relative_to(root).as_posix() for folder in SOURCE_ROOTS for path in (root / folder).rglob("*.java")
    )


def judge_tree(root: Path, cache: Path, classpath: Sequence[Path] = ()) -> Facts:
    """javac's declarations and calls for the sources under ``root``'s source roots, compiled
    over ``classpath``; cached per input under ``cache/java/facts``."""
    files = source_files(root)
    answer = cache / "java" / "facts" / f"{input_digest(root, files, classpath)}.tsv"
    if not answer.exists():
        run_java_calls(root, files, classpath, answer)
    return parse_facts(answer.read_text(encoding="utf-8"))


def input_digest(root: Path, files: Sequence[str], classpath: Sequence[Path]) -> str:
    """What the answer depends on: the program, the JDK, the classpath and the sources."""
    digest = hashlib.sha256(JAVA_CALLS.read_bytes())
    digest.update(subprocess.run(["java", "-version"], capture_output=True, check=True).stderr)
    for jar in classpath:
        digest.update(f"{jar.name}\0{jar.stat().st_size}\0".encode())
    for name in files:
        digest.update(name.encode() + b"\0" + hashlib.sha256((root / name).read_bytes()).digest())
    return digest.hexdigest()


def run_java_calls(root: Path, files: Sequence[str], classpath: Sequence[Path], answer: Path) -> None:
    """Run ``JavaCalls.java`` over ``files`` and write its answer to ``answer``."""
    answer.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=answer.parent) as scratch:
        listing = Path(scratch) / "files"
        listing.write_text("".join(f"{name}\n" for name in files), encoding="utf-8")
        output = Path(scratch) / "facts.tsv"
        command = [*JAVA, str(JAVA_CALLS), str(root), str(output), ":".join(map(str, classpath)), str(listing)]
        subprocess.run(command, check=True)
        output.rename(answer)


def parse_facts(text: str) -> Facts:
    """Read ``JavaCalls.java``'s answer (its format is in its header). A call bound to an
    implicit member (a default constructor, an enum's ``values()``) is outside: no declaration
    of the project is called."""
    declarations: list[Declaration] = []
    calls: list[Call] = []
    for line in text.splitlines():
        record, path, row, column, name, what, *rest = line.split("\t")
        if record == "D":
            declarations.append(Declaration(path, int(row), int(column), name, what, tuple(positions(rest))))
        elif what == "inside":
            (callee,) = positions(rest)
            calls.append(Call(path, int(row), int(column), name, callee))
        else:
            calls.append(Call(path, int(row), int(column), name, None, outside=what in ("outside", "implicit")))
    return Facts(declarations, calls)


def positions(fields: Sequence[str]) -> list[Position]:
    """``path line column`` triples."""
    return [(fields[i], int(fields[i + 1]), int(fields[i + 2])) for i in range(0, len(fields), 3)]


def judge(project: JavaProject, root: Path, cache: Path) -> Facts:
    return judge_tree(root, cache, fetch_jars(project.classpath, cache))


def has_java() -> bool:
    """Whether a JDK that can run ``JavaCalls.java`` is on the PATH."""
    return shutil.which("java") is not None and shutil.which("javac") is not None


PROJECTS: list[Project] = [
    Project(
        name=project.name,
        language="java",
        fetch=partial(fetch_project, project),
        judge=partial(judge, project),
        targets_under=("src/main/java",),
        notes=f"Debian bookworm {project.source.package} {project.source.version}; main and test sources",
    )
    for project in JAVA_PROJECTS
]
