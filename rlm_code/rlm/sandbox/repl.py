"""One cell at a time in a namespace that persists, like a notebook (runs in the child).

- A cell whose last statement is an expression echoes its ``repr`` (unless it is None), as a
  notebook would; ``print`` output and the echo go to the same place.
- ``FINAL(answer)`` and ``FINAL_VAR(name)`` end the cell at once and hand a value back. They
  raise a ``BaseException`` so that ``except Exception`` in model code cannot swallow them;
  even a bare ``except:`` cannot lose the answer, since it is recorded before the raise.
- Errors come back as short tracebacks made of the frames of cell code only (``<cell-N>``,
  whose source is kept in ``linecache``), never of the sandbox's own code.
- SIGINT is how the parent stops a cell that ran out of time; it is honoured only while a cell
  runs, and raises :class:`_Interrupted` (a ``KeyboardInterrupt``), so that a cell that raises
  ``KeyboardInterrupt`` itself is reported as the error it is, not as the parent's stop.
- A ``MemoryError`` frees a reserve first, so the error can still be reported, then checks that
  memory is usable again; if not, the parent is told to restart the process.

Standard library only (see child.py).
"""

from __future__ import annotations

import ast
import builtins
import gc
import linecache
import signal
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

__all__ = ["CallbackError", "Outcome", "Record", "Repl"]

_MAX_ERROR_CHARS = 4000
_RESERVE_BYTES = 4 << 20
_HEADROOM_BYTES = 16 << 20


class CallbackError(Exception):
    """A helper that runs in the parent process failed; the message says why."""


class _FinalSignal(BaseException):
    """Raised by FINAL to end the cell."""


class _Interrupted(KeyboardInterrupt):
    """The parent's SIGINT: a ``KeyboardInterrupt`` to model code, told apart from one it raised."""


def _interrupt(signum: int, frame: object) -> NoReturn:
    raise _Interrupted


class Record(dict[str, Any]):
    """A JSON object from the parent: a dict whose keys also read as attributes.

    Keys win over dict methods (``r.values`` is the "values" field when there is one), since
    these are records, not containers; ``dict.values(r)`` still works.
    """

    __slots__ = ()

    def __getattribute__(self, name: str) -> Any:
        if not name.startswith("__") and dict.__contains__(self, name):
            return dict.__getitem__(self, name)
        return super().__getattribute__(name)

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(f"no field {name!r}; the fields are: {', '.join(map(str, self)) or '(none)'}")

    def __setattr__(self, name: str, value: Any) -> None:
        self[name] = value

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *map(str, self)})


@dataclass(frozen=True)
class Outcome:
    kind: str  # "ok", "error", "interrupted" (the parent's SIGINT) or "memory" (restart needed)
    error: str | None
    final: tuple[object] | None


def _format_error(exc: BaseException, *, with_message: bool = True) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith("<cell-")]
    lines = []
    if frames:
        lines += ["Traceback (most recent call last):\n", *traceback.StackSummary.from_list(frames).format()]
    if with_message:
        lines += traceback.format_exception_only(type(exc), exc)
    text = "".join(lines).rstrip()
    if len(text) > _MAX_ERROR_CHARS:
        text = "... (earlier lines cut)\n" + text[-_MAX_ERROR_CHARS:]
    return text


class Repl:
    """The namespace and the cell runner. ``names`` are put in the namespace once."""

    def __init__(self, names: dict[str, Any], *, memory_limit: int) -> None:
        self.namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": builtins}
        self.namespace.update(CallbackError=CallbackError, **names)
        self._cells = 0
        self._final: tuple[object] | None = None
        self._memory_limit = memory_limit
        self._reserve: bytearray | None = bytearray(_RESERVE_BYTES)

    # -- FINAL and FINAL_VAR, as the model sees them -------------------------------------------

    def _make_final(self) -> Callable[[object], NoReturn]:
        def FINAL(answer: object) -> NoReturn:
            """End the cell and give ``answer`` as the final answer."""
            self._final = (answer,)
            raise _FinalSignal

        return FINAL

    def _make_final_var(self) -> Callable[[str], NoReturn]:
        def FINAL_VAR(name: str) -> NoReturn:
            """End the cell and give the variable called ``name`` as the final answer."""
            if not isinstance(name, str):
                raise TypeError(
                    "FINAL_VAR takes the name of a variable as a string, e.g. FINAL_VAR('answer');"
                    " to give a value directly, use FINAL(value)"
                )
            key = name.strip()
            if not key.isidentifier():
                raise ValueError(
                    f"FINAL_VAR takes the name of a variable, and {key!r} is not a name;"
                    " to give a value directly, use FINAL(value)"
                )
            caller = sys._getframe(1).f_locals
            if key in caller:
                value = caller[key]
            elif key in self.namespace:
                value = self.namespace[key]
            else:
                raise NameError(f"FINAL_VAR: there is no variable named {key!r}; assign it first, or use FINAL(value)")
            self._final = (value,)
            raise _FinalSignal

        return FINAL_VAR

    # -- running --------------------------------------------------------------------------------

    def run(self, code: str, *, echo: bool) -> Outcome:
        self._cells += 1
        filename = f"<cell-{self._cells}>"
        linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
        self._final = None
        self.namespace.update(FINAL=self._make_final(), FINAL_VAR=self._make_final_var())
        kind, error = "ok", None
        try:
            try:
                signal.signal(signal.SIGINT, _interrupt)
                self._execute(code, filename, echo=echo)
            finally:
                signal.signal(signal.SIGINT, signal.SIG_IGN)
        except _FinalSignal:
            pass
        except _Interrupted as exc:
            kind, error = "interrupted", _format_error(exc, with_message=False)
        except MemoryError as exc:
            kind, error = self._out_of_memory(exc)
        except SystemExit:
            kind, error = "error", "SystemExit: the sandbox does not exit; call FINAL(answer) to finish"
        except BaseException as exc:
            kind, error = "error", _format_error(exc)
        return Outcome(kind, error, self._final)

    def _execute(self, code: str, filename: str, *, echo: bool) -> None:
        tree = ast.parse(code, filename, "exec")
        last = None
        if echo and tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body[-1].value)
            del tree.body[-1]
        exec(compile(tree, filename, "exec"), self.namespace)
        if last is not None:
            value = eval(compile(last, filename, "eval"), self.namespace)
            if value is not None:
                print(repr(value))

    def _out_of_memory(self, exc: MemoryError) -> tuple[str, str]:
        self._reserve = None
        gc.collect()
        limit = f"{self._memory_limit / (1 << 20):.0f} MiB"
        text = f"{_format_error(exc)}\nThe cell hit the sandbox's memory limit ({limit})."
        try:
            bytearray(_HEADROOM_BYTES)
            self._reserve = bytearray(_RESERVE_BYTES)
        except MemoryError:
            return "memory", text
        return "error", text + " Variables are kept: delete large ones (del name) to free memory."
