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

import pickle
import queue
import selectors
import struct
import subprocess
import sys
import threading
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

    A thread keeps each worker with up to ``ahead`` batches of ``chunk`` jobs queued and reads
    their results as they come, so workers never wait for the caller, who may be busy
    writing earlier results (a worker blocked on a full pipe would sit idle). Results come
    back in completion order. A worker that dies makes this raise ``RuntimeError``; results
    already received stay valid. Leaving the loop early stops the workers.
    """
    batches = [list(jobs[i : i + chunk]) for i in range(0, len(jobs), chunk)]
    pool = _Pool(function, min(workers, max(1, len(jobs) // chunk)), batches, ahead)
    reader = threading.Thread(target=pool.run, name="rlm-code indexing workers", daemon=True)
    reader.start()
    try:
        while (results := pool.results.get()) is not None:
            if isinstance(results, BaseException):
                raise results
            yield from results
    finally:
        pool.stopping.set()
        reader.join()


class _Pool:
    """The worker processes and the loop, run in its own thread, that feeds them batches and
    reads their results into :attr:`results` (a list per batch; an exception if a worker
    died; None at the end)."""

    def __init__(self, function: Callable[..., Any], workers: int, batches: list[list[Any]], ahead: int) -> None:
        target = f"{function.__module__}:{function.__qualname__}"
        self.processes = [
            subprocess.Popen(
                [sys.executable, "-c", _worker_code(target)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                bufsize=0,
                process_group=0,  # out of the terminal's reach: Ctrl-C is the parent's to answer
            )
            for _ in range(workers)
        ]
        self.pending = iter(batches)
        self.ahead = ahead
        self.in_flight: dict[subprocess.Popen[bytes], int] = {}
        self.selector = selectors.DefaultSelector()
        self.results: queue.SimpleQueue[list[Any] | BaseException | None] = queue.SimpleQueue()
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            self._serve()
        except BaseException as exc:  # handed to the caller's thread, which raises it
            self.results.put(exc)
        else:
            self.results.put(None)
        finally:
            self._close()

    def _serve(self) -> None:
        for process in self.processes:
            assert process.stdout is not None
            self.in_flight[process] = 0
            self.selector.register(process.stdout, selectors.EVENT_READ, process)
            for _ in range(self.ahead):
                self._feed(process)
        while self.selector.get_map() and not self.stopping.is_set():
            for key, _ in self.selector.select(timeout=0.1):
                process = key.data
                results = _receive(key.fileobj)  # type: ignore[arg-type]
                if results is None:
                    raise RuntimeError(f"an indexing worker exited with code {process.wait()}")
                self.in_flight[process] -= 1
                self._feed(process)
                self.results.put(results)

    def _feed(self, process: subprocess.Popen[bytes]) -> None:
        """Queue the next batch for ``process``, or tell it to exit once it has none left."""
        assert process.stdin is not None and process.stdout is not None
        batch = next(self.pending, None)
        if batch is not None:
            _send(process.stdin, batch)
            self.in_flight[process] += 1
        elif self.in_flight[process] == 0:
            _send(process.stdin, [])
            self.selector.unregister(process.stdout)

    def _close(self) -> None:
        self.selector.close()
        for process in self.processes:
            if process.poll() is None:
                process.kill()
            process.wait()
            for stream in (process.stdin, process.stdout):
                if stream is not None:
                    stream.close()


def _worker_code(target: str) -> str:
    """The ``python -c`` program of a worker serving ``target``. It puts the folder holding
    this ``rlm_code`` package first on the path, so workers import the same code as the
    parent even when it is not installed, or when the working folder holds another
    ``rlm_code`` (a checkout: ``-c`` puts the working folder before ``PYTHONPATH``)."""
    package_home = str(Path(__file__).resolve().parents[2])
    return f"import sys; sys.path.insert(0, {package_home!r}); from {__name__} import serve; serve({target!r})"


def serve(target: str) -> None:
    """Worker main loop: run ``target`` on each job batch until an empty batch arrives."""
    import gc
    import importlib

    # A worker makes millions of short-lived objects and no reference cycles: the cycle
    # collector's passes over them are pure cost (8% of extraction, counted under callgrind).
    gc.disable()
    module_name, _, function_name = target.partition(":")
    function = getattr(importlib.import_module(module_name), function_name)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    try:
        while batch := _receive(stdin):
            _send(stdout, [function(job) for job in batch])
    except BrokenPipeError:  # the parent is gone (killed, say): nobody is left to tell
        pass
