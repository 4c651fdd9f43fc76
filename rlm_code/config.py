"""Settings for questions to a repository, from five sources, each overriding the one before:
built-in defaults, the repository's ``pyproject.toml`` ``[tool.rlm-code]`` table, its
``.rlm-code.toml``, ``RLM_CODE_*`` environment variables, and command-line flags.

The files are read from the repository root and never written. A key nobody knows is an
error naming the file it is in, so a typo never silently falls back to a default. A relative
``scripted:`` model file named in a file is read from that file's folder.
"""

from __future__ import annotations

import math
import os
import tomllib
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import UsageError

__all__ = ["Settings", "load_settings", "load_table"]

# Tables other features read from the same files; settings ignore them.
_OTHER_TABLES = frozenset({"rules", "prices"})


@dataclass(frozen=True)
class Settings:
    """``None`` for a limit means no cap; for a model, the default provider (or offline)."""

    model: str | None = None
    worker_model: str | None = None
    max_iterations: int | None = 30
    max_sub_calls: int | None = 200
    max_tokens: int | None = 2_000_000
    max_cost: float | None = 2.0
    timeout: float | None = 900.0
    max_depth: int = 1
    sandbox: str = "auto"
    given: frozenset[str] = field(default=frozenset(), compare=False)
    """The settings a source named (a file, the environment, a flag), whatever their value."""

    def is_default(self, name: str) -> bool:
        """Whether setting ``name`` is the built-in default rather than a user's choice: no
        source named it and it holds the default value (so ``Settings(max_cost=5.0)`` built in
        code counts as chosen). A default may give way where it cannot apply (the dollar cap
        for an unpriced model); a choice never does."""
        return name not in self.given and getattr(self, name) == getattr(_DEFAULTS, name)


_DEFAULTS = Settings()
# Each setting's type, and which may be None, read off the Settings annotations.
_HINTS = {name: hint for name, hint in typing.get_type_hints(Settings).items() if name != "given"}
_TYPES: dict[str, type] = {
    name: next(arg for arg in typing.get_args(hint) or (hint,) if arg is not type(None))
    for name, hint in _HINTS.items()
}
_NULLABLE = frozenset(name for name, hint in _HINTS.items() if type(None) in typing.get_args(hint))
_SANDBOX_MODES = ("auto", "strict", "off")


def load_table(root: Path | None) -> dict[str, Any]:
    """The merged ``[tool.rlm-code]`` table of a repository: pyproject first, then
    ``.rlm-code.toml`` (whose top level is the table) on top."""
    merged: dict[str, Any] = {}
    for _, table in _config_files(root):
        merged.update(table)
    return merged


def load_settings(
    root: Path | None,
    *,
    flags: Mapping[str, object] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """The settings for a repository; ``flags`` holds the command line's options, None for
    one the user did not give."""
    environ = os.environ if environ is None else environ
    settings = Settings()
    for path, table in _config_files(root):
        table = {k.replace("-", "_"): v for k, v in table.items() if k not in _OTHER_TABLES}
        settings = _apply(settings, _anchored(table, path.parent), source=str(path))
    from_env = {name: environ[f"RLM_CODE_{name.upper()}"] for name in _TYPES if f"RLM_CODE_{name.upper()}" in environ}
    settings = _apply(settings, from_env, source="the environment")
    given = {name: value for name, value in (flags or {}).items() if value is not None}
    return _apply(settings, given, source="the command line")


def _config_files(root: Path | None) -> list[tuple[Path, dict[str, Any]]]:
    """Each configuration file's ``[tool.rlm-code]`` table, lowest precedence first, so a
    message can name the file a bad key is in."""
    if root is None:
        return []
    pyproject = root / "pyproject.toml"
    return [
        (pyproject, _read_toml(pyproject).get("tool", {}).get("rlm-code", {})),
        (root / ".rlm-code.toml", _read_toml(root / ".rlm-code.toml")),
    ]


def _anchored(table: dict[str, Any], folder: Path) -> dict[str, Any]:
    """A file's table with a relative ``scripted:`` model file made relative to the file's
    own folder: a configuration must mean the same from whatever folder rlm-code is run."""
    anchored = dict(table)
    for name in ("model", "worker_model"):
        value = table.get(name)
        if isinstance(value, str) and value.startswith("scripted:") and not Path(value[9:]).is_absolute():
            anchored[name] = f"scripted:{folder / value[9:]}"
    return anchored


def _apply(settings: Settings, values: Mapping[str, object], *, source: str) -> Settings:
    known = _TYPES.keys()
    unknown = sorted(set(values) - known)
    if unknown:
        raise UsageError(f"unknown setting {unknown[0]!r} in {source}; known: {', '.join(sorted(known))}")
    changes: dict[str, Any] = {name: _convert(name, value, source) for name, value in values.items()}
    return replace(settings, **changes, given=settings.given | changes.keys())


_MAX_TIMEOUT = 365 * 24 * 3600.0
"""Seconds: longer waits overflow the clocks and timers a run is measured with."""
_AT_LEAST_ONE = frozenset({"max_depth", "max_iterations"})
_KINDS = {int: "a whole number", float: "a number", str: "a string"}


def _convert(name: str, value: object, source: str) -> object:
    """``value`` as setting ``name`` holds it. ``none``, ``off`` and an empty string mean None
    (no cap, the default model) only for a setting that may be None: for any other, ``off`` is
    a value like the rest (``sandbox = "off"``)."""
    wanted = _TYPES[name]
    blank = value is None or (isinstance(value, str) and not value.strip())
    if name in _NULLABLE and (blank or (isinstance(value, str) and value.strip().lower() in ("none", "off"))):
        return None
    if blank:
        raise UsageError(f"{name} in {source} needs a value")
    wrong = UsageError(f"{name} in {source} must be {_KINDS[wanted]}, not {value!r}")
    # a TOML file gives typed values: true, 2.5 or 3 where a string is wanted is a mistake, not 1, 2 or '3'
    if isinstance(value, bool) or (wanted is str and not isinstance(value, str)):
        raise wrong
    if wanted is int and isinstance(value, float) and not value.is_integer():
        raise wrong
    try:
        converted = wanted(value)
    except (TypeError, ValueError, OverflowError):
        raise wrong from None
    if isinstance(converted, float) and not math.isfinite(converted):
        raise UsageError(f"{name} in {source} must be a finite number, not {value!r} (none means no limit)")
    if isinstance(converted, int | float) and converted < 0:
        raise UsageError(f"{name} in {source} cannot be negative")
    if name in _AT_LEAST_ONE and isinstance(converted, int) and converted < 1:
        raise UsageError(f"{name} in {source} must be at least 1")
    if name == "sandbox" and converted not in _SANDBOX_MODES:
        raise UsageError(f"sandbox in {source} must be one of {', '.join(_SANDBOX_MODES)}, not {value!r}")
    if name == "timeout" and isinstance(converted, float) and converted > _MAX_TIMEOUT:
        raise UsageError(f"timeout in {source} must be at most {_MAX_TIMEOUT:.0f} seconds (none means no limit)")
    return converted


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"cannot read {path.name}: {exc}") from exc
