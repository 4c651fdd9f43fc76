"""Architecture rules: the TOML schema, read strictly.

Rules live in the ``[rules]`` table of a repository's ``.rlm-code.toml`` (or of
``[tool.rlm-code]`` in its ``pyproject.toml``), or in the ``[rules]`` table of a file named
with ``--rules``. Each rule is a named sub-table with a ``kind``; ``docs/checks.md`` documents
every kind with an example. A rule file is a contract checked in CI, so anything unexpected
(an unknown kind or key, a wrong type, a glob that cannot compile) is a :class:`RuleError`
naming the file, the line and the rule, never a silently ignored rule.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from ..config import load_table
from ..errors import PatternError, UsageError
from ..repo.globs import compile_glob

__all__ = [
    "KINDS",
    "AllowedCallers",
    "ForbiddenImport",
    "Layers",
    "NoCycles",
    "QuestionRule",
    "Rule",
    "RuleError",
    "RuleSet",
    "load_rules",
]

SEVERITIES = ("error", "warning")
CONFIDENCES = ("exact", "likely", "name")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


class RuleError(UsageError):
    """A rule file that cannot be used as written: exit code 2, and the message names the rule."""


@dataclass(frozen=True, kw_only=True)
class _Base:
    """What every rule has. ``source`` is ``file:line`` of its table, for messages and as the
    location of a finding that has no better one."""

    name: str
    kind: str
    severity: str = "error"
    message: str = ""
    source: str = ""

    @property
    def source_path(self) -> str:
        return self.source.rpartition(":")[0]

    @property
    def source_line(self) -> int:
        return int(self.source.rpartition(":")[2])


@dataclass(frozen=True, kw_only=True)
class ForbiddenImport(_Base):
    """No file matching ``sources`` (minus ``exempt``) imports a file matching ``targets``.
    Imports inside the ``targets`` area itself never count."""

    sources: tuple[str, ...]
    targets: tuple[str, ...]
    exempt: tuple[str, ...] = ()

    def describe(self) -> str:
        return f"{_globs(self.sources)} must not import {_globs(self.targets)}"


@dataclass(frozen=True, kw_only=True)
class Layers(_Base):
    """``layers`` top first, each a tuple of globs; a file may import its own layer and the
    layers below it, never one above."""

    layers: tuple[tuple[str, ...], ...]
    labels: tuple[str, ...]

    def describe(self) -> str:
        return f"layers, top first: {' > '.join(self.labels)}; nothing imports a layer above it"


@dataclass(frozen=True, kw_only=True)
class NoCycles(_Base):
    """No import cycle between the folders matching ``packages`` (between files without it)."""

    packages: tuple[str, ...] = ()

    def describe(self) -> str:
        return f"no import cycle between {_globs(self.packages) if self.packages else 'files'}"


@dataclass(frozen=True, kw_only=True)
class AllowedCallers(_Base):
    """``symbol`` is called (or, with ``references``, used) only from files matching ``allow``."""

    symbol: str
    allow: tuple[str, ...] = ()
    confidence: str = "likely"
    references: bool = False

    def describe(self) -> str:
        where = f"only from {_globs(self.allow)}" if self.allow else "from nowhere"
        return f"{self.symbol} may be {'used' if self.references else 'called'} {where}"


@dataclass(frozen=True, kw_only=True)
class QuestionRule(_Base):
    """A yes/no question about the code, where yes means the code complies; a model answers."""

    question: str

    def describe(self) -> str:
        return self.question


Rule = ForbiddenImport | Layers | NoCycles | AllowedCallers | QuestionRule


@dataclass(frozen=True)
class RuleSet:
    """The rules of one check run and the file they came from (repo-relative when inside it)."""

    rules: tuple[Rule, ...]
    path: str


def load_rules(root: Path, rules_file: Path | None = None) -> RuleSet:
    """The rules for the repository at ``root``: from ``rules_file`` if given, else from
    ``.rlm-code.toml``, else from ``pyproject.toml``. Raises :class:`RuleError` for a bad rule
    and when there is no rule at all."""
    if rules_file is not None:
        table = _rules_in_file(rules_file)
        candidates = [rules_file]
    else:
        table = load_table(root).get("rules")
        candidates = [root / ".rlm-code.toml", root / "pyproject.toml"]
        if table is None:
            raise RuleError("no rules: add a [rules] table to .rlm-code.toml (see docs/checks.md) or pass --rules")
    locate = _Locator(root, [c for c in candidates if c.is_file()])
    if not isinstance(table, Mapping):
        raise RuleError(f"{locate.file()}: [rules] must be a table of named rules")
    if not table:
        raise RuleError(f"{locate.file()}: the [rules] table holds no rule")
    rules = tuple(_parse(name, body, locate.rule(name)) for name, body in table.items())
    return RuleSet(rules, locate.file())


def _rules_in_file(path: Path) -> Any:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise RuleError(f"no such rules file: {path}") from None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RuleError(f"cannot read the rules file {path}: {exc}") from exc
    table = data.get("rules", data.get("tool", {}).get("rlm-code", {}).get("rules"))
    if table is None:
        raise RuleError(f"{path}: no [rules] table")
    return table


class _Line(NamedTuple):
    """A line of a TOML file and the table it belongs to (for a header, the table it opens);
    ``key`` is the full dotted name a ``key = value`` line sets (its table's name first)."""

    table: str
    number: int
    text: str
    header: bool
    key: str = ""


class _Locator:
    """Finds where a rule's table starts, for messages: TOML parsers keep no positions. It
    reads table headers (``[rules.name]``, ``[tool.rlm-code.rules.name]``), inline tables
    (``name = {...}`` under ``[rules]``) and dotted keys (``name.kind = ...`` under
    ``[rules]``, ``rules.name.kind = ...`` at the top), taking a rule's first line."""

    _SECTIONS = ("rules", "tool.rlm-code.rules")

    def __init__(self, root: Path, files: list[Path]) -> None:
        self._files = [(_shown(root, f), _lines(f)) for f in files]

    def file(self) -> str:
        """The file holding the rules table (the first candidate when none visibly does)."""
        for shown, lines in self._files:
            if any((line.table if line.header else line.key).startswith(self._SECTIONS) for line in lines):
                return shown
        return self._files[0][0] if self._files else "the rules"

    def rule(self, name: str) -> str:
        own = {f"{section}.{name}" for section in self._SECTIONS}
        for shown, lines in self._files:
            for line in lines:
                named = line.table if line.header else line.key
                if named in own or named.startswith(tuple(f"{table}." for table in own)):
                    return f"{shown}:{line.number}"
        return f"{self.file()}:1"


_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]")
_KEY = re.compile(r"""^\s*((?:[\w-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[\w-]+|"[^"]*"|'[^']*'))*)\s*=""")


def _dotted(name: str) -> str:
    """A TOML dotted name as one string: spaces around dots and quotes dropped."""
    return re.sub(r"\s*\.\s*", ".", name).replace('"', "").replace("'", "")


def _lines(path: Path) -> list[_Line]:
    lines: list[_Line] = []
    table = ""
    for number, text in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        header = _HEADER.match(text)
        if header:
            table = _dotted(header.group(1))
        key = _KEY.match(text) if not header else None
        full = f"{table}.{_dotted(key.group(1))}".lstrip(".") if key else ""
        lines.append(_Line(table, number, text, header is not None, full))
    return lines


def _shown(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


class _Table:
    """One rule's table, read key by key; :meth:`done` reports whatever was left unread."""

    def __init__(self, name: str, body: Mapping[str, Any], where: str) -> None:
        self.name, self._body, self._where = name, dict(body), where
        self._read: set[str] = set()

    def fail(self, problem: str) -> RuleError:
        return RuleError(f"{self._where}: rule {self.name!r}: {problem}")

    def get(self, key: str, wanted: type, *, required: bool = False, shape: str = "") -> Any:
        """The value of ``key`` if it is a ``wanted``; ``shape`` names it in messages."""
        self._read.add(key)
        if key not in self._body:
            if required:
                raise self.fail(f"missing key {key!r}")
            return None
        value = self._body[key]
        if not isinstance(value, wanted) or (wanted is not bool and isinstance(value, bool)):
            raise self.fail(f"{key} must be a {shape or _TYPE_NAMES[wanted]}, not {value!r}")
        return value

    def text(self, key: str, *, required: bool = False, choices: tuple[str, ...] = ()) -> str | None:
        value: str | None = self.get(key, str, required=required)
        if value is not None and not value.strip():
            raise self.fail(f"{key} is empty")
        if value is not None and choices and value not in choices:
            raise self.fail(f"{key} must be one of {', '.join(choices)}, not {value!r}")
        return value

    def globs(self, key: str, *, required: bool = False, prefix: str = "") -> tuple[str, ...]:
        """A glob or a list of globs, each checked to compile."""
        value = self._body.get(key)
        items = [value] if isinstance(value, str) else value
        wanted = str if isinstance(value, str) else list
        self.get(key, wanted, required=required, shape="glob or a list of globs")
        if required and not items:
            raise self.fail(f"{key} is empty")
        return tuple(self.glob(item, key, prefix) for item in items or [])

    def glob(self, item: object, key: str, prefix: str = "") -> str:
        if not isinstance(item, str) or not item.strip("/ "):
            raise self.fail(f"{key} must hold non-empty path globs, not {item!r}")
        pattern = f"{prefix.strip('/')}/{item.strip('/')}" if prefix.strip("/") else item
        try:
            compile_glob(pattern)
        except PatternError as exc:
            raise self.fail(f"{key}: {exc}") from None
        return pattern

    def done(self) -> None:
        unknown = sorted(set(self._body) - self._read)
        if unknown:
            known = ", ".join(sorted(self._read))
            raise self.fail(f"unknown key {unknown[0]!r} for kind {self._body['kind']!r}; known: {known}")


_TYPE_NAMES: dict[type, str] = {str: "string", list: "list", bool: "boolean (true or false)"}


def _parse(name: str, body: object, where: str) -> Rule:
    if not _NAME.fullmatch(name):
        raise RuleError(f"{where}: rule {name!r}: a rule name is letters, digits, '-', '_' and '.'")
    if not isinstance(body, Mapping):
        raise RuleError(f"{where}: rule {name!r}: must be a table with a kind, not {body!r}")
    table = _Table(name, body, where)
    kind = table.text("kind", required=True)
    assert kind is not None
    if kind not in KINDS:
        raise table.fail(f"unknown kind {kind!r}; known: {', '.join(KINDS)}")
    common = {
        "name": name,
        "kind": kind,
        "severity": table.text("severity", choices=SEVERITIES) or "error",
        "message": table.text("message") or "",
        "source": where,
    }
    rule = KINDS[kind](table, common)
    table.done()
    return rule


def _forbidden_import(table: _Table, common: dict[str, Any]) -> Rule:
    return ForbiddenImport(
        **common,
        sources=table.globs("from", required=True),
        targets=table.globs("to", required=True),
        exempt=table.globs("except"),
    )


def _layers(table: _Table, common: dict[str, Any]) -> Rule:
    root = table.text("root") or ""
    entries: list[object] = table.get("layers", list, required=True, shape="list of layers, top first")
    if len(entries) < 2:
        raise table.fail("layers needs at least two layers, top first")
    layers: list[tuple[str, ...]] = []
    labels: list[str] = []
    for entry in entries:
        members = entry if isinstance(entry, list) else [entry]
        if not members:
            raise table.fail("a layer in layers is an empty list")
        layers.append(tuple(table.glob(member, "layers", root) for member in members))
        labels.append(" + ".join(str(member) for member in members))
    if len(set(labels)) < len(labels):
        raise table.fail("a layer appears twice in layers")
    return Layers(**common, layers=tuple(layers), labels=tuple(labels))


def _no_cycles(table: _Table, common: dict[str, Any]) -> Rule:
    return NoCycles(**common, packages=table.globs("packages"))


def _allowed_callers(table: _Table, common: dict[str, Any]) -> Rule:
    symbol = table.text("symbol", required=True)
    assert symbol is not None
    references: bool | None = table.get("references", bool)
    return AllowedCallers(
        **common,
        symbol=symbol,
        allow=table.globs("allow"),
        confidence=table.text("confidence", choices=CONFIDENCES) or "likely",
        references=bool(references),
    )


def _question(table: _Table, common: dict[str, Any]) -> Rule:
    question = table.text("question", required=True)
    assert question is not None
    return QuestionRule(**common, question=question.strip())


KINDS: dict[str, Callable[[_Table, dict[str, Any]], Rule]] = {
    "forbidden-import": _forbidden_import,
    "layers": _layers,
    "no-cycles": _no_cycles,
    "allowed-callers": _allowed_callers,
    "question": _question,
}
"""Each rule kind and the reader of its table; error messages list the kinds from here."""


def _globs(globs: tuple[str, ...]) -> str:
    return ", ".join(globs)
