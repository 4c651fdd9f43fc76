"""libclang as the judge of C and C++ callers: what every call in the project is bound to.

The toolchain is the ``libclang`` wheel (its bundled ``libclang.so`` and ``clang.cindex``),
installed with pip into a folder of the cache so the project's venv is left alone, plus clang's
own builtin headers (``stddef.h``, ``stdarg.h``, the intrinsics), which the wheel lacks, from
Debian's ``libclang-common-16-dev`` package unpacked with ``apt-get download`` and
``dpkg-deb``. Both are pinned: a rerun measures the same thing.

Every source file of the project is parsed as a translation unit (C as ``-std=gnu11``, C++ as
``-std=gnu++17``) and walked:

* a function, method or constructor declared in a project file is a :class:`Declaration`, at
  the position rlm-code defines it: its definition's name when the project has one (a
  prototype in a header is not where rlm-code finds the function), else its first declaration;
* a ``CALL_EXPR`` is a :class:`Call` at the called name (``b`` in ``a.b()``, ``Foo`` in
  ``new ns::Foo(1)`` and ``ns::Foo x(1)``), bound to that same position of its callee, or
  outside (a system header, a builtin), or unknown: a call through a pointer, a dependent call
  in a template, a call the compiler could not resolve, a name spelled by a macro, and a site
  whose contexts disagree (a header read under different macros).

A header is walked in the first translation unit that includes it (the sources are listed
library first), which keeps big header-only libraries from being walked once per file.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import importlib
import json
import re
import subprocess
import sys
import sysconfig
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from . import Call, Declaration, Facts, Position, Project
from .debian import unpack_deb

LIBCLANG = "18.1.1"
"""The ``libclang`` wheel: clang 18's front end."""
BUILTIN_HEADERS = ("libclang-common-16-dev", "1:16.0.6-15~deb12u1", "usr/lib/llvm-16/lib/clang/16")
"""Debian package, version and resource folder inside it of clang's builtin headers: the
wheel has none, and older builtin headers are safe with a newer front end."""

FATAL = 4  # CXDiagnostic_Fatal: a missing include, after which clang reads on blind
KEEP_GOING = 0x200  # CXTranslationUnit_KeepGoing: an error does not end the walk
DETAILED_RECORD = 0x1  # CXTranslationUnit_DetailedPreprocessingRecord: macro expansions as cursors
C_SUFFIXES = (".c",)
CPP_SUFFIXES = (".cc", ".cpp", ".cxx")
IDENTIFIER = re.compile(rb"[A-Za-z_]\w*")
CALL_LIKE = re.compile(rb"\b([A-Za-z_]\w*)\s*\(")
NOT_CALLED = {
    b"if",
    b"while",
    b"for",
    b"switch",
    b"return",
    b"sizeof",
    b"defined",
    b"alignof",
    b"_Alignof",
    b"alignas",
    b"_Alignas",
    b"decltype",
    b"typeof",
    b"__typeof__",
    b"__attribute__",
    b"catch",
    b"static_assert",
    b"_Static_assert",
    b"noexcept",
    b"throw",
    b"case",
    b"__declspec",
}  # words before `(` that never name a callee
QUALIFIED = re.compile(rb"(?:[A-Za-z_]\w*\s*::\s*)*([A-Za-z_]\w*)")
BytePosition = tuple[str, int, int]  # (path, line, byte column): libclang's columns count bytes


# -- the toolchain ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Toolchain:
    site: Path  # the folder ``clang.cindex`` is imported from
    resource_dir: Path  # clang's resource folder: its ``include`` holds the builtin headers


def toolchain_at(cache: Path) -> Toolchain:
    return Toolchain(cache / "clang" / f"libclang-{LIBCLANG}", _headers_package(cache) / BUILTIN_HEADERS[2])


def _headers_package(cache: Path) -> Path:
    """Where the builtin headers' package is unpacked."""
    return cache / "clang" / f"{BUILTIN_HEADERS[0]}-{BUILTIN_HEADERS[1].replace(':', '_')}"


def find_toolchain(cache: Path) -> Toolchain | None:
    """The toolchain under ``cache`` if it was installed; never downloads (the tests use it)."""
    tools = toolchain_at(cache)
    ready = (tools.site / "clang" / "cindex.py").is_file() and (tools.resource_dir / "include" / "stddef.h").is_file()
    return tools if ready else None


def install_toolchain(cache: Path) -> Toolchain:
    """Install the pinned wheel and builtin headers under ``cache`` once."""
    tools = toolchain_at(cache)
    if not (tools.site / "clang" / "cindex.py").is_file():
        pip = [sys.executable, "-m", "pip", "install", "--disable-pip-version-check", "--quiet", "--no-deps"]
        subprocess.run([*pip, "--target", str(tools.site), f"libclang=={LIBCLANG}"], check=True)
    if not (tools.resource_dir / "include" / "stddef.h").is_file():
        package, version, _ = BUILTIN_HEADERS
        unpack_deb(f"{package}={version}", _headers_package(cache))
    return tools


def load_cindex(tools: Toolchain) -> ModuleType:
    """``clang.cindex`` from the toolchain's folder, with the location functions it lacks."""
    if str(tools.site) not in sys.path:
        sys.path.insert(0, str(tools.site))
    cindex = importlib.import_module("clang.cindex")
    lib = cindex.conf.lib
    out = [ctypes.POINTER(cindex.c_object_p)] + [ctypes.POINTER(ctypes.c_uint)] * 3
    lib.clang_getFileLocation.argtypes = [cindex.SourceLocation, *out]
    lib.clang_getFileLocation.restype = None
    lib.clang_getOverriddenCursors.argtypes = [
        cindex.Cursor,
        ctypes.POINTER(ctypes.POINTER(cindex.Cursor)),
        ctypes.POINTER(ctypes.c_uint),
    ]
    lib.clang_getOverriddenCursors.restype = None
    lib.clang_disposeOverriddenCursors.argtypes = [ctypes.POINTER(cindex.Cursor)]
    lib.clang_disposeOverriddenCursors.restype = None
    lib.clang_getSkippedRanges.argtypes = [cindex.TranslationUnit, cindex.File]
    lib.clang_getSkippedRanges.restype = ctypes.POINTER(_range_list(cindex))
    lib.clang_disposeSourceRangeList.argtypes = [ctypes.POINTER(_range_list(cindex))]
    lib.clang_disposeSourceRangeList.restype = None
    return cindex


@functools.cache
def _range_list(cindex: ModuleType) -> type[ctypes.Structure]:
    """``CXSourceRangeList``, which the bindings do not declare."""
    fields = [("count", ctypes.c_uint), ("ranges", ctypes.POINTER(cindex.SourceRange))]
    return type("CXSourceRangeList", (ctypes.Structure,), {"_fields_": fields})


# -- how one project compiles ----------------------------------------------------------------------


@dataclass(frozen=True)
class Build:
    """The translation units of a project and the flags its build gives them."""

    sources: tuple[str, ...]  # globs, library first: a header is walked in its first unit
    include_dirs: tuple[str, ...] = ()
    defines: tuple[str, ...] = ()
    generated: dict[str, Callable[[Path], bytes]] = field(default_factory=dict)
    """Headers the build writes (name -> content from the root), written under the cache."""

    def units(self, root: Path) -> list[Path]:
        seen: dict[Path, None] = {}
        for pattern in self.sources:
            for path in sorted(root.glob(pattern)):
                if path.suffix in C_SUFFIXES + CPP_SUFFIXES:
                    seen.setdefault(path)
        return list(seen)

    def flags(self, root: Path, generated_dir: Path, tools: Toolchain, unit: Path) -> list[str]:
        language = ["-x", "c", "-std=gnu11"] if unit.suffix in C_SUFFIXES else ["-x", "c++", "-std=gnu++17"]
        includes = [f"-I{root / folder}" for folder in self.include_dirs] + [f"-I{generated_dir}"]
        python = sysconfig.get_paths()["include"]
        if (Path(python) / "Python.h").is_file():  # the bindings' sources; without it they are unknown
            includes.append(f"-I{python}")
        defines = [f"-D{define}" for define in self.defines]
        return [*language, "-resource-dir", str(tools.resource_dir), *includes, *defines, "-w"]


# -- the walk --------------------------------------------------------------------------------------

FUNCTION_KINDS = {"FUNCTION_DECL": "function", "CXX_METHOD": "method", "CONSTRUCTOR": "constructor"}
CALLABLE_KINDS = {*FUNCTION_KINDS, "FUNCTION_TEMPLATE"}
CLASS_KINDS = {"CLASS_DECL", "STRUCT_DECL", "UNION_DECL", "CLASS_TEMPLATE", "CLASS_TEMPLATE_PARTIAL_SPECIALIZATION"}
REFERENCE_KINDS = {"DECL_REF_EXPR", "MEMBER_REF_EXPR", "OVERLOADED_DECL_REF"}
OUTSIDE = "outside"
UNKNOWN = "unknown"


@dataclass
class _Entity:
    """One function as the compiler names it (its USR), over all translation units."""

    name: str
    kind: str
    definitions: set[BytePosition] = field(default_factory=set)
    declarations: set[BytePosition] = field(default_factory=set)
    overrides: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class _Bound:
    """A call's callee as one translation unit saw it, placed once every unit is read."""

    definition: BytePosition | None  # the definition this unit sees, if any
    usr: str
    declaration: BytePosition


class _Sources:
    """The project's files as bytes: paths relative to the root, names at byte positions."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._relative: dict[str, str | None] = {}
        self._lines: dict[str, list[bytes]] = {}

    def relative(self, name: str) -> str | None:
        if name not in self._relative:
            path = Path(name).resolve()
            inside = path.is_relative_to(self.root) and path.is_file()
            self._relative[name] = path.relative_to(self.root).as_posix() if inside else None
        return self._relative[name]

    def line(self, path: str, line: int) -> bytes:
        if path not in self._lines:
            self._lines[path] = (self.root / path).read_bytes().split(b"\n")
        lines = self._lines[path]
        return lines[line - 1] if 0 < line <= len(lines) else b""

    def line_count(self, path: str) -> int:
        self.line(path, 1)
        return len(self._lines[path])

    def identifier_at(self, position: BytePosition) -> str | None:
        match = IDENTIFIER.match(self.line(position[0], position[1]), position[2] - 1)
        return match.group().decode() if match else None

    def followed_by(self, position: BytePosition, name: str) -> bytes:
        """The first non-blank byte after ``name`` at ``position`` on its line."""
        rest = self.line(position[0], position[1])[position[2] - 1 + len(name.encode()) :].lstrip()
        return rest[:1]

    def qualified_name_at(self, position: BytePosition) -> BytePosition | None:
        """Where the last name of ``ns::Foo`` starting at ``position`` is."""
        match = QUALIFIED.match(self.line(position[0], position[1]), position[2] - 1)
        return (position[0], position[1], match.start(1) + 1) if match else None

    def identifier_ending_at(self, position: BytePosition) -> BytePosition | None:
        """The identifier whose last byte ends just before ``position`` (an extent's end)."""
        text = _without_template_arguments(self.line(position[0], position[1])[: position[2] - 1].rstrip())
        match = re.search(rb"[A-Za-z_]\w*$", text)
        return (position[0], position[1], match.start() + 1) if match else None

    def column(self, position: BytePosition) -> int:
        """The 1-based column in code points of a byte position."""
        return len(self.line(position[0], position[1])[: position[2] - 1].decode("utf-8", "replace")) + 1


def _plain_name(spelling: str) -> str:
    """A class template's constructor is spelled ``Foo<T>``; its name is ``Foo``."""
    return spelling if spelling.startswith("operator") else spelling.split("<")[0]


def _spelled(identifier: str | None, name: str) -> bool:
    """Whether the name at a declaration is its own (``operator<<`` starts with ``operator``),
    not one a macro made (brotli's ``FN(Store)``)."""
    return identifier == name or (identifier == "operator" and name.startswith("operator"))


def _without_template_arguments(text: bytes) -> bytes:
    """``alloc->make<T, U>`` without its ``<T, U>``: the name ends before them."""
    if not text.endswith(b">"):
        return text
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        depth += {ord(">"): 1, ord("<"): -1}.get(text[index], 0)
        if depth == 0:
            return text[:index].rstrip()
    return text


class _Walker:
    """Reads every translation unit and gathers the entities and the calls' observations."""

    def __init__(self, cindex: ModuleType, sources: _Sources) -> None:
        self.cindex = cindex
        self.kinds = cindex.CursorKind
        self.sources = sources
        self.entities: dict[str, _Entity] = {}
        self.usrs_at: dict[BytePosition, set[str]] = defaultdict(set)
        self.seen: dict[BytePosition, list[_Bound | str]] = defaultdict(list)
        self.macro_sites: set[BytePosition] = set()
        self.unseen: list[tuple[BytePosition, BytePosition]] = []  # text the compiler did not see as code
        self.walked_headers: set[str] = set()

    def walk_unit(self, tu: Any, unit: str) -> None:
        """Walk the unit's own file and the project headers no earlier unit walked."""
        this_unit = {unit}
        for top in tu.cursor.get_children():
            kind = top.kind.name
            if kind == "MACRO_INSTANTIATION":
                if position := self.position(top.location):
                    self.macro_sites.add(position)
                    self.add_unseen(top.extent)  # arguments a macro drops (`BROTLI_DCHECK(f(x))`)
                continue
            if kind == "MACRO_DEFINITION":
                self.add_unseen(top.extent)  # a call in a body is bound per expansion, not here
                continue
            if kind == "INCLUSION_DIRECTIVE":
                continue
            path = self.path_of(top.location)
            if path is None or (path in self.walked_headers and path not in this_unit):
                continue
            this_unit.add(path)
            self.walk(top)
        for path in this_unit:
            self.skipped(tu, path)
        if any(diagnostic.severity >= FATAL for diagnostic in tu.diagnostics):
            self.unseen_file(unit)  # `gtest/gtest.h` not found: what it would have bound is unknown
        self.walked_headers |= this_unit

    def unseen_file(self, path: str) -> None:
        last = self.sources.line_count(path)
        self.unseen.append(((path, 1, 1), (path, last, len(self.sources.line(path, last)) + 1)))

    def skipped(self, tu: Any, path: str) -> None:
        """The branches the preprocessor left out of ``path`` in this unit."""
        lib = self.cindex.conf.lib
        ranges = lib.clang_getSkippedRanges(tu, tu.get_file(str(self.sources.root / path)))
        for i in range(ranges.contents.count):
            self.add_unseen(ranges.contents.ranges[i])
        lib.clang_disposeSourceRangeList(ranges)

    def add_unseen(self, extent: Any) -> None:
        start, end = self.position(extent.start), self.position(extent.end)
        if start is not None and end is not None and start[0] == end[0]:
            self.unseen.append((start, end))

    def fill_unseen(self) -> None:
        """A call-like name in text the compiler did not compile is unknown, not "no call"."""
        for start, end in self.unseen:
            for line in range(start[1], end[1] + 1):
                text = self.sources.line(start[0], line)
                first = start[2] - 1 if line == start[1] else 0
                last = end[2] - 1 if line == end[1] else len(text)
                for match in CALL_LIKE.finditer(text, first, last):
                    if match.group(1) not in NOT_CALLED:
                        self.seen[(start[0], line, match.start(1) + 1)].append(UNKNOWN)

    def walk(self, top: Any) -> None:
        stack: list[tuple[Any, Any]] = [(top, None)]
        while stack:
            cursor, parent = stack.pop()
            kind = cursor.kind.name
            if kind in FUNCTION_KINDS or kind == "FUNCTION_TEMPLATE":
                self.declaration(cursor, kind)
            elif kind == "CALL_EXPR":
                self.call(cursor, parent)
            elif kind == "OVERLOADED_DECL_REF" and parent is not None and parent.kind.name == "DECL_REF_EXPR":
                self.unresolved_name(cursor)
            stack.extend((child, cursor) for child in cursor.get_children())

    # positions

    def file_location(self, location: Any) -> tuple[str, int, int] | None:
        """Where ``location`` is in a file: a macro argument's own text, a macro body's expansion."""
        handle, line, column, offset = self.cindex.c_object_p(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
        self.cindex.conf.lib.clang_getFileLocation(
            location, ctypes.byref(handle), ctypes.byref(line), ctypes.byref(column), ctypes.byref(offset)
        )
        if not handle:
            return None
        return self.cindex.File(handle).name, line.value, column.value

    def position(self, location: Any) -> BytePosition | None:
        """The project position of ``location``, or None outside the project."""
        found = self.file_location(location)
        if found is None:
            return None
        path = self.sources.relative(found[0])
        return (path, found[1], found[2]) if path else None

    def path_of(self, location: Any) -> str | None:
        return self.sources.relative(location.file.name) if location.file else None

    # declarations

    def declaration(self, cursor: Any, kind: str) -> None:
        position = self.position(cursor.location)
        usr = cursor.get_usr()
        if position is None or not usr:
            return
        entity = self.entities.get(usr)
        if entity is None:
            entity = self.entities[usr] = _Entity(_plain_name(cursor.spelling), self.kind_of(cursor, kind))
        (entity.definitions if cursor.is_definition() else entity.declarations).add(position)
        self.usrs_at[position].add(usr)
        if kind == "CXX_METHOD":
            entity.overrides |= {overridden.get_usr() for overridden in self.overridden(cursor)}

    def kind_of(self, cursor: Any, kind: str) -> str:
        if kind != "FUNCTION_TEMPLATE":
            return FUNCTION_KINDS[kind]
        parent = cursor.semantic_parent
        return "method" if parent is not None and parent.kind.name in CLASS_KINDS else "function"

    def overridden(self, cursor: Any) -> list[Any]:
        lib = self.cindex.conf.lib
        found, count = ctypes.POINTER(self.cindex.Cursor)(), ctypes.c_uint()
        lib.clang_getOverriddenCursors(cursor, ctypes.byref(found), ctypes.byref(count))
        cursors = [self.cindex.Cursor.from_buffer_copy(found[i]) for i in range(count.value)]
        if count.value:
            lib.clang_disposeOverriddenCursors(found)
        return cursors

    # calls

    def call(self, cursor: Any, parent: Any) -> None:
        callee = cursor.referenced
        if callee is not None and callee.kind.name == "CONSTRUCTOR":
            self.construction(cursor, parent, callee)
            return
        site = self.called_name(cursor)
        if site is None:
            return
        name = self.sources.identifier_at(site)
        if name is None:
            return
        bound = callee is not None and callee.kind.name in CALLABLE_KINDS
        if bound and name == callee.spelling:
            self.seen[site].append(self.binding(callee, site))
        else:  # a pointer, a functor, a lambda, a dependent or unresolved call, a macro's name
            self.seen[site].append(UNKNOWN)

    def called_name(self, cursor: Any) -> BytePosition | None:
        """The called name's position: the callee expression's name, under implicit casts."""
        children = list(cursor.get_children())
        if not children:
            return None
        callee = children[0]
        while callee.kind.name == "UNEXPOSED_EXPR" and callee.spelling:
            inner = next(iter(callee.get_children()), None)
            if inner is None:
                break
            callee = inner
        if callee.kind.name in REFERENCE_KINDS and callee.spelling:
            return self.position(callee.location)
        end = self.position(callee.extent.end)  # `t.foo` in a template, `s->nosuch`
        return self.sources.identifier_ending_at(end) if end else None

    def construction(self, cursor: Any, parent: Any, constructor: Any) -> None:
        """``new ns::Foo(1)``, ``ns::Foo(1)``, ``Base(1)`` and ``ns::Foo x(1)`` at ``Foo``."""
        start = self.position(cursor.location)
        if start is None:
            return
        site = self.sources.qualified_name_at(start)
        if (
            parent is not None
            and parent.kind.name in {"VAR_DECL", "FIELD_DECL"}
            and start == self.position(parent.location)
        ):
            if self.sources.followed_by(start, parent.spelling) not in {b"(", b"{"}:
                return  # `Foo x;`, `Foo x = y;`: no call is written
            site = self.declared_type(parent, start)
        class_name = _plain_name(constructor.spelling)
        if site is not None and self.sources.identifier_at(site) == class_name:
            self.seen[site].append(self.binding(constructor, site))

    def declared_type(self, variable: Any, name: BytePosition) -> BytePosition | None:
        """The type's name in ``ns::Foo x(1)``: the last type reference before the variable."""
        found = None
        for child in variable.get_children():
            if child.kind.name in {"TYPE_REF", "TEMPLATE_REF"}:
                position = self.position(child.location)
                if position is not None and position[:2] == name[:2] and position[2] < name[2]:
                    found = position
        return found

    def unresolved_name(self, cursor: Any) -> None:
        """A call of a name the compiler could not look up (``undeclared(1)``) is unknown."""
        site = self.position(cursor.location)
        if site is not None and self.sources.followed_by(site, cursor.spelling) == b"(":
            self.seen[site].append(UNKNOWN)

    def binding(self, callee: Any, site: BytePosition) -> _Bound | str:
        declaration = self.position(callee.location)
        if callee.location.file is None:
            return OUTSIDE  # a builtin
        if declaration is None:
            return OUTSIDE if self.path_of(callee.location) is None else UNKNOWN
        if declaration == site:
            return UNKNOWN  # C's implicit declaration of an undeclared function
        definition = callee.get_definition()
        defined_at = self.position(definition.location) if definition is not None else None
        return _Bound(defined_at, self.usr_of(callee), declaration)

    def usr_of(self, callee: Any) -> str:
        """A template's specialization is named by its template."""
        template = self.cindex.conf.lib.clang_getSpecializedCursorTemplate(callee)
        usr: str = (template.get_usr() if template is not None else "") or callee.get_usr()
        return usr


# -- placing what was seen -------------------------------------------------------------------------


class _Placer:
    """Puts each function at the position rlm-code defines it, and each call's callee there."""

    def __init__(self, walker: _Walker) -> None:
        self.walker = walker
        self.home: dict[str, BytePosition | None] = {usr: self._home(e) for usr, e in walker.entities.items()}

    @staticmethod
    def _home(entity: _Entity) -> BytePosition | None:
        """The definition's name; the first declaration without one; none when several
        definitions share the name (a ``main`` per tool): the linker, not the compiler, picks."""
        if len(entity.definitions) > 1:
            return None
        return min(entity.definitions or entity.declarations)

    def callee(self, bound: _Bound) -> BytePosition | str:
        if bound.definition is not None and bound.definition in self.walker.usrs_at:
            return bound.definition
        usrs = {bound.usr} & self.home.keys() or self.walker.usrs_at.get(bound.declaration, set())
        homes = {self.home[usr] for usr in usrs}
        if len(homes) == 1 and (home := homes.pop()) is not None:
            return home
        return UNKNOWN if usrs else bound.declaration  # an implicit member: the class's name

    def outcome(self, site: BytePosition, seen: list[_Bound | str]) -> BytePosition | str:
        """One answer per site: unknown where a macro spells the call or contexts disagree."""
        if site in self.walker.macro_sites:
            return UNKNOWN
        answers = {self.callee(s) if isinstance(s, _Bound) else s for s in seen} - {UNKNOWN}
        return answers.pop() if len(answers) == 1 else UNKNOWN

    def facts(self) -> Facts:
        sources = self.walker.sources
        place = {usr: home for usr, home in self.home.items() if home is not None}
        declarations = [
            Declaration(
                home[0],
                home[1],
                sources.column(home),
                entity.name,
                entity.kind,
                tuple(sorted(self._final(place[u]) for u in entity.overrides if u in place)),
            )
            for usr, entity in self.walker.entities.items()
            if (home := place.get(usr)) and _spelled(sources.identifier_at(home), entity.name)
        ]
        calls = []
        for site, seen in self.walker.seen.items():
            name = sources.identifier_at(site) or ""
            answer = self.outcome(site, seen)
            callee = self._final(answer) if isinstance(answer, tuple) else None
            calls.append(Call(site[0], site[1], sources.column(site), name, callee, answer == OUTSIDE))
        return Facts(sorted(set(declarations), key=_order), sorted(calls, key=_order))

    def _final(self, position: BytePosition) -> Position:
        return (position[0], position[1], self.walker.sources.column(position))


def _order(item: Declaration | Call) -> Position:
    return item.position


def judge_tree(root: Path, build: Build, tools: Toolchain, scratch: Path) -> Facts:
    """Parse every unit of ``build`` under ``root`` and say what each call is bound to;
    generated headers go to ``scratch``, nothing is written under ``root``."""
    cindex = load_cindex(tools)
    scratch.mkdir(parents=True, exist_ok=True)
    for name, content in build.generated.items():
        (scratch / name).write_bytes(content(root))
    walker = _Walker(cindex, _Sources(root))
    index = cindex.Index.create()
    for unit in build.units(root):
        tu = index.parse(str(unit), args=build.flags(root, scratch, tools, unit), options=KEEP_GOING | DETAILED_RECORD)
        walker.walk_unit(tu, unit.resolve().relative_to(walker.sources.root).as_posix())
    walker.fill_unseen()
    return _Placer(walker).facts()


# -- the projects ----------------------------------------------------------------------------------


def _fetch(spec: str) -> Callable[[Path], Path]:
    """Download and unpack the sdist ``spec`` (``brotli==1.2.1``) under ``cache`` once."""

    def fetch(cache: Path) -> Path:
        from sdists import pip_download_sdist, unpack_sdist

        folder = spec.replace("==", "-")
        root = cache / "clang" / "src" / folder
        if not root.is_dir():
            downloads = cache / "clang" / "sdists" / folder
            pip_download_sdist(spec, downloads)
            (tarball,) = downloads.glob("*.tar.gz")
            unpack_sdist(tarball, root)
        return root

    return fetch


def _judge(name: str, build: Build) -> Callable[[Path, Path], Facts]:
    """The judge of one project, its answers cached under ``cache`` per toolchain and judge."""

    def judge(root: Path, cache: Path) -> Facts:
        tools = install_toolchain(cache)
        stamp = hashlib.sha256(Path(__file__).read_bytes() + repr((LIBCLANG, BUILTIN_HEADERS, str(root))).encode())
        answers = cache / "clang" / "facts" / f"{name}-{stamp.hexdigest()[:16]}.json"
        if answers.is_file():
            return facts_from_json(json.loads(answers.read_text()))
        facts = judge_tree(root, build, tools, cache / "clang" / "generated" / name)
        answers.parent.mkdir(parents=True, exist_ok=True)
        answers.write_text(json.dumps(facts_to_json(facts)))
        return facts

    return judge


def facts_to_json(facts: Facts) -> dict[str, Any]:
    return {"declarations": [asdict(d) for d in facts.declarations], "calls": [asdict(c) for c in facts.calls]}


def facts_from_json(data: dict[str, Any]) -> Facts:
    def position(value: list[Any] | None) -> Position | None:
        return (value[0], value[1], value[2]) if value else None

    declarations = [
        Declaration(**{**d, "overrides": tuple(p for p in map(position, d["overrides"]) if p)})
        for d in data["declarations"]
    ]
    calls = [Call(**{**c, "callee": position(c["callee"])}) for c in data["calls"]]
    return Facts(declarations, calls)


def _jsonnet_stdlib(root: Path) -> bytes:
    """``core/std.jsonnet.h`` as jsonnet's setup.py writes it: the stdlib's bytes, listed."""
    return (",".join(str(byte) for byte in (root / "stdlib" / "std.jsonnet").read_bytes()) + ",0\n\n").encode()


def _project(name: str, language: str, spec: str, build: Build, targets: tuple[str, ...], notes: str) -> Project:
    return Project(name, language, _fetch(spec), _judge(name, build), targets, notes)


PROJECTS: list[Project] = [
    _project(
        "c-brotli",
        "c",
        "brotli==1.2.1",
        Build(
            sources=("c/common/*.c", "c/dec/*.c", "c/enc/*.c", "c/tools/*.c", "python/*.c"),
            include_dirs=("c/include",),
            defines=("BROTLI_EXPERIMENTAL", "BROTLI_DEBUG"),  # the most code the build options compile
        ),
        ("c/",),
        "brotli's C library, its tool and its Python binding; libclang 18",
    ),
    _project(
        "cpp-jsonnet",
        "cpp",
        "jsonnet==0.22.0",
        Build(
            sources=("core/*.cpp", "third_party/md5/*.cpp", "third_party/rapidyaml/*.cpp", "python/*.c"),
            include_dirs=("include", "core", "third_party/md5", "third_party/json", "third_party/rapidyaml"),
            generated={"std.jsonnet.h": _jsonnet_stdlib},
        ),
        ("core/",),
        "jsonnet's C++ core (its tests lack gtest: their calls of gtest are unknown); libclang 18",
    ),
    _project(
        "cpp-marisa",
        "cpp",
        "marisa-trie==1.4.1",
        Build(
            sources=("marisa-trie/lib/marisa/**/*.cc", "src/*.cpp"),
            include_dirs=("marisa-trie/include", "marisa-trie/lib"),
        ),
        ("marisa-trie/",),
        "marisa-trie's C++ library and its Cython-generated binding; libclang 18",
    ),
]
