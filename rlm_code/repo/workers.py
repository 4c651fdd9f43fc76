"""A small process pool for parsing, built on plain subprocesses.

``multiprocessing`` would either fork (unsafe once the caller has threads, such as a progress
bar or an MCP server) or re-import the caller's ``__main__`` (which breaks scripts without a
``__name__ == "__main__"`` guard). Workers here are fresh ``python`` processes running
:func:`serve`, so the pool behaves the same whoever embeds the library.

Wire format, both directions: a 4-byte big-endian length, then a pickled list. The parent
sends lists of jobs, a worker answers each with the list of ``_extract_job`` results, and an
empty list tells it to exit.
"""

from __future__ import annotations

import os
import pickle
import selectors
import struct
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, TypeVar

__all__ = ["map_in_workers", "serve"]

_T = TypeVar("_T")
_R = TypeVar("_R")
_HEADER = struct.Struct(">I")


def _send(stream: IO[bytes], items: list[Any]) -> None:
    payload = pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(payload)) + payload)
    stream.flush()


def _receive(stream: IO[bytes]) -> list[Any] | None:
    header = _read_exactly(stream, _HEADER.size)
    if header is None:
        return None
    (size,) = _HEADER.unpack(header)
    payload = _read_exactly(stream, size)
    if payload is None:
        return None
    items: list[Any] = pickle.loads(payload)  # only our own processes write to these pipes
    return items


def _read_exactly(stream: IO[bytes], size: int) -> bytes | None:
    """``size`` bytes, or None at end of stream. The parent reads its workers unbuffered, so
    reading one message never pulls the next into a buffer the selector cannot see."""
    chunks = []
    while size:
        chunk = stream.read(size)
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def map_in_workers(
    function: Callable[[_T], _R], jobs: Sequence[_T], workers: int, *, chunk: int = 8, ahead: int = 3
) -> Iterator[_R]:
    """Apply a module-level ``function`` to every job in ``workers`` processes.

    Each worker has up to ``ahead`` batches of ``chunk`` jobs queued, so it never waits for
    the caller, who may be busy writing the previous results. Results come back in
    completion order. A worker that dies makes this raise ``RuntimeError``; results already
    received stay valid.
    """
    target = f"{function.__module__}:{function.__qualname__}"
    env = _worker_environment()
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", f"from {__name__} import serve; serve({target!r})"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            bufsize=0,
        )
        for _ in range(min(workers, max(1, len(jobs) // chunk)))
    ]
    pending = iter([list(jobs[i : i + chunk]) for i in range(0, len(jobs), chunk)])
    in_flight: dict[subprocess.Popen[bytes], int] = {}
    selector = selectors.DefaultSelector()

    def feed(process: subprocess.Popen[bytes]) -> None:
        """Queue the next batch for ``process``, or tell it to exit once it has none left."""
        assert process.stdin is not None and process.stdout is not None
        batch = next(pending, None)
        if batch is not None:
            _send(process.stdin, batch)
            in_flight[process] += 1
        elif in_flight[process] == 0:
            _send(process.stdin, [])
            selector.unregister(process.stdout)

    try:
        for process in processes:
            assert process.stdout is not None
            in_flight[process] = 0
            selector.register(process.stdout, selectors.EVENT_READ, process)
            for _ in range(ahead):
                feed(process)
        while selector.get_map():
            for key, _ in selector.select():
                process = key.data
                results = _receive(key.fileobj)  # type: ignore[arg-type]
                if results is None:
                    raise RuntimeError(f"an indexing worker exited with code {process.wait()}")
                in_flight[process] -= 1
                feed(process)
                yield from results
    finally:
        selector.close()
        for process in processes:
            if process.poll() is None:
                process.kill()
            process.wait()
            for stream in (process.stdin, process.stdout):
                if stream is not None:
                    stream.close()


def _worker_environment() -> dict[str, str]:
    """This environment, with the folder holding the ``rlm_code`` package first on the path,
    so workers import the same code as the parent even when it is not installed."""
    package_home = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_home, env.get("PYTHONPATH")]))
    return env


def serve(target: str) -> None:
    """Worker main loop: run ``target`` on each job batch until an empty batch arrives."""
    import importlib

    module_name, _, function_name = target.partition(":")
    function = getattr(importlib.import_module(module_name), function_name)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while batch := _receive(stdin):
        _send(stdout, [function(job) for job in batch])
