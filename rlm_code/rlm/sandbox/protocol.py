"""The wire protocol between the sandbox's parent process and its child.

Transport: two dedicated pipes, never the child's stdin, stdout or stderr. The parent writes
*commands* to one pipe and reads *events* from the other; whatever the model's code prints
goes to a third pipe (the child's fds 1 and 2) that the parent only ever treats as text. A
printed line can therefore never be taken for a message, whatever it contains: it cannot
fake a ``FINAL``, a callback call or a reply.

Framing, both directions: a 4-byte big-endian unsigned length, then that many bytes of UTF-8
JSON holding one object with a ``"type"`` key. A frame longer than :data:`MAX_FRAME` bytes is
a protocol error.

Commands (parent -> child)::

    {"type": "start", "config": {...}}     first frame only, before confinement: "mode",
        "landlock" (bool), "landlock_abi", "landlock_reason", "read", "execute",
        "read_write_files" (path lists), "scratch", "scratch_bytes", "limits" {"cpu_seconds", "memory_bytes",
        "file_size_bytes", "processes"}, "callbacks" [[name, doc, parameters, returns], ...]
    {"type": "exec", "id": int, "code": str, "setup": bool}
    {"type": "reply", "id": int, "ok": true, "value": <json>}
    {"type": "reply", "id": int, "ok": false, "error": str}

Events (child -> parent)::

    {"type": "ready", "applied": [[layer, description], ...], "missing": [[layer, reason], ...]}
    {"type": "refused", "error": str}        strict mode: a containment layer could not be applied
    {"type": "call", "id": int, "name": str, "args": [<json>], "kwargs": {str: <json>}}
    {"type": "done", "id": int, "error": str | null, "kind": "ok" | "error" | "interrupted"
                     | "memory", "final": <json>, "has_final": bool}

The child is untrusted: the parent parses every event with :func:`parse_event`, which checks
its shape and turns anything else into :class:`ProtocolError`. Replies and ``done`` events carry
ids, so a reply that arrives after its caller was interrupted is recognised as stale and
dropped. This module is imported by both sides and so uses the standard library only.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import numbers
import os
import struct
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "MAX_FRAME",
    "Call",
    "Done",
    "Event",
    "FrameDecoder",
    "ProtocolError",
    "Ready",
    "Refused",
    "encode",
    "parse_event",
    "read_message",
    "to_json_value",
    "write_message",
]

MAX_FRAME = 64 << 20
_HEADER = struct.Struct(">I")
_MAX_DEPTH = 64
_DONE_KINDS = frozenset({"ok", "error", "interrupted", "memory"})


class ProtocolError(Exception):
    """A frame that breaks the format: too long, not JSON, or not a known message."""


def encode(message: Mapping[str, Any]) -> bytes:
    """One frame: the length header and the compact JSON body."""
    body = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
    if len(body) > MAX_FRAME:
        raise ProtocolError(f"a message of {len(body)} bytes is over the {MAX_FRAME}-byte limit")
    return _HEADER.pack(len(body)) + body


def _decode_body(body: bytes, object_hook: Callable[[dict[str, Any]], Any] | None) -> dict[str, Any]:
    try:
        message = json.loads(body.decode("utf-8", "surrogatepass"), object_hook=object_hook)
    except (ValueError, RecursionError) as exc:
        raise ProtocolError(f"a frame is not valid JSON: {exc}") from exc
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        raise ProtocolError("a frame is not a JSON object with a 'type'")
    return message


class FrameDecoder:
    """Splits a byte stream read in arbitrary pieces into messages (the parent's side)."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[dict[str, Any]]:
        self._buffer += data
        messages = []
        while len(self._buffer) >= _HEADER.size:
            (size,) = _HEADER.unpack_from(self._buffer)
            if size > MAX_FRAME:
                raise ProtocolError(f"a frame of {size} bytes is over the {MAX_FRAME}-byte limit")
            if len(self._buffer) < _HEADER.size + size:
                break
            body = bytes(self._buffer[_HEADER.size : _HEADER.size + size])
            del self._buffer[: _HEADER.size + size]
            messages.append(_decode_body(body, None))
        return messages


def write_message(fd: int, message: Mapping[str, Any]) -> None:
    """Write one frame to a blocking file descriptor (the child's side)."""
    view = memoryview(encode(message))
    while view:
        view = view[os.write(fd, view) :]


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks, missing = [], size
    while missing:
        chunk = os.read(fd, min(missing, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def read_message(fd: int, *, object_hook: Callable[[dict[str, Any]], Any] | None = None) -> dict[str, Any] | None:
    """Read one frame from a blocking file descriptor; None at end of file."""
    header = _read_exactly(fd, _HEADER.size)
    if header is None:
        return None
    (size,) = _HEADER.unpack(header)
    if size > MAX_FRAME:
        raise ProtocolError(f"a frame of {size} bytes is over the {MAX_FRAME}-byte limit")
    body = _read_exactly(fd, size)
    if body is None:
        return None
    return _decode_body(body, object_hook)


def to_json_value(value: object, _depth: int = 0) -> Any:
    """``value`` as plain JSON data: mappings and dataclasses become objects, sequences and sets
    become lists, paths become strings, and anything else becomes its ``str``."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if _depth >= _MAX_DEPTH:
        return str(value)
    if isinstance(value, Mapping):
        return {str(key): to_json_value(item, _depth + 1) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json_value(getattr(value, f.name), _depth + 1) for f in dataclasses.fields(value)}
    if isinstance(value, (set, frozenset)):
        items = [to_json_value(item, _depth + 1) for item in value]
        try:
            return sorted(items)
        except TypeError:
            return items
    if isinstance(value, (list, tuple, range, type({}.keys()), type({}.values()))):
        return [to_json_value(item, _depth + 1) for item in value]
    if isinstance(value, os.PathLike):
        path = os.fspath(value)
        return path if isinstance(path, str) else path.decode("utf-8", "replace")
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "replace")
    if isinstance(value, enum.Enum):
        return to_json_value(value.value, _depth + 1)
    return str(value)


# -- events, as the parent sees them ------------------------------------------------------------


@dataclass(frozen=True)
class Ready:
    applied: list[tuple[str, str]]
    missing: list[tuple[str, str]]


@dataclass(frozen=True)
class Refused:
    error: str


@dataclass(frozen=True)
class Call:
    id: int
    name: str
    args: list[Any]
    kwargs: dict[str, Any]


@dataclass(frozen=True)
class Done:
    id: int
    error: str | None
    kind: str
    final: Any
    has_final: bool


Event = Ready | Refused | Call | Done


def _field(message: dict[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    value = message.get(key)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ProtocolError(f"a {message['type']!r} event has a bad {key!r}")
    return value


def _pairs(message: dict[str, Any], key: str) -> list[tuple[str, str]]:
    pairs = _field(message, key, list)
    if not all(isinstance(p, list) and len(p) == 2 and all(isinstance(s, str) for s in p) for p in pairs):
        raise ProtocolError(f"a {message['type']!r} event has a bad {key!r}")
    return [(p[0], p[1]) for p in pairs]


def parse_event(message: dict[str, Any]) -> Event:
    """Check the shape of one event from the (untrusted) child."""
    kind = message["type"]
    if kind == "call":
        kwargs = _field(message, "kwargs", dict)
        return Call(_field(message, "id", int), _field(message, "name", str), _field(message, "args", list), kwargs)
    if kind == "done":
        error = message.get("error")
        done_kind = _field(message, "kind", str)
        if (error is not None and not isinstance(error, str)) or done_kind not in _DONE_KINDS:
            raise ProtocolError("a 'done' event has a bad 'error' or 'kind'")
        has_final = _field(message, "has_final", bool)
        return Done(_field(message, "id", int), error, done_kind, message.get("final"), has_final)
    if kind == "ready":
        return Ready(_pairs(message, "applied"), _pairs(message, "missing"))
    if kind == "refused":
        return Refused(_field(message, "error", str))
    raise ProtocolError(f"unknown event type {kind!r}")
