"""The trajectory of a run, one JSON object per line.

Events, each with ``event``, ``t`` (seconds since the start) and ``depth`` (0 for the root,
1 for a child RLM...):

- ``start``: ``question``, ``model``, ``worker_model``, ``limits``, ``max_depth``,
  ``cost_cap_priced_only`` (the dollar cap counts only the calls of priced models), ``notes``
  (what the caller changed about the run, such as a default cap that gave way)
- ``sandbox``: the REPL of one depth started: ``containment``
- ``turn``: a supervisor reply: ``iteration``, ``prompt_chars``, ``response``, ``code``
  (the blocks found), ``usage``, ``latency_s``, ``budget_left``
- ``cell``: one executed block: ``iteration``, ``code``, ``output``, ``error``, ``seconds``,
  ``restarted``
- ``sub_call``: a worker call: ``kind`` (``llm_query``, ``summarize_file``, ``rlm_query``),
  ``prompt_chars``, ``response_chars``, ``usage``, ``latency_s``, ``cached``, ``error``
- ``stop``: a limit ended the run: ``limit``, ``detail``
- ``closing_error``: the provider failed the best-effort call after a stop, so the answer is
  assembled from the last findings: ``error``, ``error_type``
- ``final``: ``answer``, ``partial``, ``stopped``, ``iterations``, ``sub_calls``, ``usage``,
  ``seconds``
- ``error``: instead of ``final`` when the run failed (a model provider's error, the
  sandbox): ``error`` (the message), ``error_type``, ``iterations``, ``sub_calls``, ``usage``,
  ``seconds``

Writes are serialised, so concurrent worker calls can record safely.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import UsageError
from ..llm import Usage

__all__ = ["Spent", "Trace", "read_trace", "spent_before_failing", "usage_dict", "usage_from_dict"]


def usage_dict(usage: Usage) -> dict[str, Any]:
    return asdict(usage)


def usage_from_dict(recorded: dict[str, Any]) -> Usage:
    """A usage read back from a trace event, whose fields :func:`read_trace` has checked."""
    return Usage(**{name: recorded[name] for name in _USAGE_FIELDS})


class Trace:
    """Appends events to a JSONL file (or nowhere, with ``path=None``)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._started = time.monotonic()
        self._lock = threading.Lock()
        self._file: IO[str] | None = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._file = path.open("w", encoding="utf-8")

    def record(self, event: str, *, depth: int = 0, **fields: Any) -> None:
        entry = {"event": event, "t": round(time.monotonic() - self._started, 3), "depth": depth, **fields}
        line = json.dumps(entry, ensure_ascii=False, default=_jsonable)
        with self._lock:
            if self._file is not None:
                self._file.write(line + "\n")
                self._file.flush()

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None


def _jsonable(value: object) -> object:
    if isinstance(value, Usage):
        return usage_dict(value)
    return str(value)


_NUMBER = (int, float)
_TEXT_OR_NONE = (str, type(None))
_FIELDS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "start": {"question": str, "model": str, "worker_model": str},
    "sandbox": {"containment": str},
    "turn": {"iteration": int, "prompt_chars": int, "response": str, "code": list, "usage": dict, "latency_s": _NUMBER},
    "cell": {"code": str, "output": str, "error": _TEXT_OR_NONE},
    "sub_call": {
        "kind": str,
        "prompt_chars": int,
        "response_chars": int,
        "usage": dict,
        "latency_s": _NUMBER,
        "cached": bool,
        "error": _TEXT_OR_NONE,
    },
    "stop": {"limit": str, "detail": str},
    "closing_error": {"error": str},
    "error": {"error": str},
    "final": {"answer": str, "partial": bool, "iterations": int, "sub_calls": int, "usage": dict, "seconds": _NUMBER},
}
"""The fields each kind of event must have, as the readers of a trace (``trace show``,
``trace html``, eval) use them; an event of another kind is kept as it is."""
_USAGE_FIELDS: dict[str, type | tuple[type, ...]] = {
    "input_tokens": int,
    "output_tokens": int,
    "cache_read_tokens": int,
    "cache_write_tokens": int,
    "cost_usd": (int, float, type(None)),
}


def _misshapen(event: object) -> str | None:
    """What is wrong with one decoded line as a trace event, or None: a file that is not a
    trace rlm-code wrote (or was cut or edited) is bad input, not a crash of its reader."""
    if not isinstance(event, dict) or not isinstance(event.get("event"), str):
        return "no 'event' name"
    kind = event["event"]
    checks = [(event, {"depth": int, **_FIELDS.get(kind, {})})]
    if "usage" in event:
        if not isinstance(event["usage"], dict):
            return f"a {kind!r} event whose 'usage' is not an object"
        checks.append((event["usage"], _USAGE_FIELDS))
    for record, fields in checks:
        for name, wanted in fields.items():
            if not isinstance(record.get(name, 0 if name == "depth" else None), wanted):
                return f"a {kind!r} event without a valid {name!r}"
    return None


def read_trace(path: Path) -> list[dict[str, Any]]:
    """The events of a trace file, in order; a clear error if it is not one."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UsageError(f"cannot read the trace {path}: {exc.strerror}") from exc
    events: list[dict[str, Any]] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UsageError(f"{path}:{number} is not a trace line ({exc.msg})") from exc
        problem = _misshapen(event)
        if problem:
            raise UsageError(f"{path}:{number} is not a trace event ({problem})")
        events.append(event)
    if not events:
        raise UsageError(f"{path} holds no trace events")
    return events


@dataclass(frozen=True)
class Spent:
    """What a run had used: supervisor turns, worker calls, tokens and dollars."""

    iterations: int
    sub_calls: int
    usage: Usage


def spent_before_failing(events: Sequence[dict[str, Any]]) -> Spent | None:
    """What a failed run had spent, from the ``error`` event that ends its trace; None if the
    trace does not end with one. A run that made paid calls before its provider failed must
    not be reported as free: its failure reaches the caller as an exception, with no result."""
    last = events[-1] if events else {}
    if last.get("event") != "error":
        return None
    recorded = last.get("usage", {})  # its fields were checked as the trace was read
    usage = usage_from_dict(recorded) if recorded else Usage()
    return Spent(last.get("iterations", 0), last.get("sub_calls", 0), usage)
