"""The plain data the engine and the sandbox exchange: limits in, one result per cell out."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CellResult", "Limits"]


@dataclass(frozen=True)
class Limits:
    """What model-written code may use. Time spent waiting on callbacks never counts."""

    cell_timeout: float = 30.0  # wall clock per cell, callbacks excluded
    cpu_seconds: int = 120  # CPU of the whole session, restarts included (RLIMIT_CPU)
    memory_bytes: int = 1 << 30  # address space (RLIMIT_AS)
    file_size_bytes: int = 16 << 20  # largest file it may write (RLIMIT_FSIZE); scratch holds 4x
    processes: int = 0  # extra processes *or threads* it may start (0: none)
    output_chars: int = 20_000  # stdout+stderr kept per cell; the rest is cut with a note


@dataclass(frozen=True)
class CellResult:
    """What one cell did."""

    output: str  # what it printed (stdout and stderr, in order), cut with a note past the limit
    error: str | None  # a short traceback of the cell's own frames, or a note about a limit hit
    final: object | None  # the value given to FINAL / FINAL_VAR, as JSON data (str if need be)
    has_final: bool
    restarted: bool  # the process had to be replaced: variables are gone (the error says so)
    output_cut: int = 0  # characters printed past the limit, left out of ``output``
