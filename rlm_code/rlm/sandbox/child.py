"""The child process's main loop: read the start frame, confine, then run cells until EOF.

The parent starts it as ``python -I -B -c <bootstrap> <sandbox dir> <command fd> <event fd>``;
the bootstrap (see process.py) loads this folder as a package called ``_rlm_sandbox`` without
importing ``rlm_code``, so only the standard library and the sibling modules ``protocol``,
``landlock``, ``seccomp``, ``confine`` and ``repl`` are loaded before confinement, and nothing
the parent's package imports. Hence these modules use relative imports and the standard
library only.

Output: fds 1 and 2 are the output pipe the parent reads as text. ``sys.stdout`` and
``sys.stderr`` are unbuffered text layers on fd 1, so everything a cell printed is in the pipe,
in order, when the parent learns that the cell ended.

Callbacks: each helper name is a function that sends a ``call`` event and blocks
until the matching ``reply``, with SIGINT held back meanwhile so that a reply is never cut in
half. Processes forked by model code (when allowed) can neither call back nor report: they
exit when their copy of the cell ends.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import os
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

from .confine import Refusal, confine
from .protocol import ProtocolError, read_message, to_json_value, write_message
from .repl import CallbackError, Outcome, Record, Repl

__all__ = ["main"]

_PR_SET_PDEATHSIG = 1
_EXIT_PARENT_GONE = 70


class _Channel:
    def __init__(self, command_fd: int, event_fd: int) -> None:
        self.command_fd, self.event_fd = command_fd, event_fd
        self.pid = os.getpid()
        self._lock = threading.Lock()
        self._calls = 0

    def receive(self) -> dict[str, Any] | None:
        return read_message(self.command_fd)

    def send(self, message: dict[str, Any]) -> None:
        write_message(self.event_fd, message)

    def call(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """Run the parent's helper ``name``; its exceptions become :class:`CallbackError`."""
        if os.getpid() != self.pid:
            raise CallbackError(f"{name}: helpers only work in the sandbox's main process")
        with self._lock:
            self._calls += 1
            message = {
                "type": "call",
                "id": self._calls,
                "name": name,
                "args": to_json_value(list(args)),
                "kwargs": to_json_value(kwargs),
            }
            held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            try:
                try:
                    self.send(message)
                except ProtocolError as exc:
                    raise ValueError(f"{name}: the arguments are too large to send ({exc})") from None
                reply = self._await_reply(self._calls)
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
        if reply.get("ok") is True:
            return _as_records(reply.get("value"))
        raise CallbackError(f"{name}: {reply.get('error')}")

    def _await_reply(self, call_id: int) -> dict[str, Any]:
        while True:
            reply = self.receive()
            if reply is None:
                os._exit(_EXIT_PARENT_GONE)
            if reply["type"] == "reply" and reply.get("id") == call_id:
                return reply  # anything else is a stale reply to an interrupted call


def _as_records(value: Any) -> Any:
    """JSON objects become :class:`Record` (attribute access), all the way down."""
    if isinstance(value, dict):
        return Record({key: _as_records(item) for key, item in value.items()})
    if isinstance(value, list):
        return [_as_records(item) for item in value]
    return value


class _Fd1(io.BufferedIOBase):
    """Unbuffered writes to fd 1 that never stop half-way, so that print, os.write(1, ...)
    and C-level output reach the parent in the order they were made."""

    @property
    def name(self) -> str:
        return "<stdout>"

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return 1

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        while view:
            view = view[os.write(1, view) :]
        return len(data)


class _Streams:
    """sys.stdout and sys.stderr, both unbuffered on fd 1; rebuilt if model code closes them."""

    def __init__(self) -> None:
        self._build()

    def _build(self) -> None:
        self.stdout, self.stderr = (
            io.TextIOWrapper(_Fd1(), encoding="utf-8", errors="backslashreplace", write_through=True) for _ in range(2)
        )

    def install(self) -> None:
        if self.stdout.closed or self.stderr.closed:
            self._build()
        sys.stdout, sys.stderr = self.stdout, self.stderr

    def flush(self) -> None:
        for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
            try:
                if stream is not None:
                    stream.flush()
            except (OSError, ValueError, AttributeError):
                pass


def _make_helper(
    channel: _Channel, name: str, doc: str, parameters: list[Any] | None, returns: str | None
) -> Callable[..., Any]:
    def helper(*args: Any, **kwargs: Any) -> Any:
        return channel.call(name, args, kwargs)

    helper.__name__ = helper.__qualname__ = name
    helper.__module__ = "helpers"
    helper.__doc__ = doc
    if parameters is not None:
        with contextlib.suppress(TypeError, ValueError, KeyError):
            helper.__signature__ = _signature(parameters, returns)  # type: ignore[attr-defined]
    return helper


def _signature(parameters: list[Any], returns: str | None) -> Any:
    """The parent helper's signature, rebuilt from its description (annotations as text)."""
    import inspect

    P = inspect.Parameter
    kinds = {
        int(k): k for k in (P.POSITIONAL_ONLY, P.POSITIONAL_OR_KEYWORD, P.VAR_POSITIONAL, P.KEYWORD_ONLY, P.VAR_KEYWORD)
    }
    empty = inspect.Parameter.empty
    return inspect.Signature(
        [
            inspect.Parameter(
                name, kinds[code], default=default if has_default else empty, annotation=annotation or empty
            )
            for name, code, annotation, has_default, default in parameters
        ],
        return_annotation=returns or empty,
    )


def _die_with_parent(parent: int) -> None:
    """SIGKILL this process if the parent dies (set last: a uid change clears it)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(
            ctypes.c_int(_PR_SET_PDEATHSIG),
            ctypes.c_ulong(signal.SIGKILL),
            ctypes.c_ulong(0),
            ctypes.c_ulong(0),
            ctypes.c_ulong(0),
        )
    if os.getppid() != parent:
        os._exit(_EXIT_PARENT_GONE)


def _done(cell: int, outcome: Outcome) -> dict[str, Any]:
    final = outcome.final
    return {
        "type": "done",
        "id": cell,
        "error": outcome.error,
        "kind": outcome.kind,
        "final": None if final is None else to_json_value(final[0]),
        "has_final": final is not None,
    }


def main(command_fd: int, event_fd: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()
    channel = _Channel(command_fd, event_fd)
    start = channel.receive()
    if start is None or start["type"] != "start":
        return
    config = start["config"]
    try:
        applied, missing = confine(config)
    except Refusal as exc:
        channel.send({"type": "refused", "error": str(exc)})
        return
    _die_with_parent(parent)
    helpers = {description[0]: _make_helper(channel, *description) for description in config["callbacks"]}
    repl = Repl(helpers, memory_limit=config["limits"]["memory_bytes"])
    streams = _Streams()
    channel.send({"type": "ready", "applied": applied, "missing": missing})
    while (message := channel.receive()) is not None:
        if message["type"] != "exec":
            continue
        streams.install()
        outcome = repl.run(message["code"], echo=not message["setup"])
        streams.flush()
        if os.getpid() != channel.pid:
            os._exit(0)
        channel.send(_done(message["id"], outcome))
