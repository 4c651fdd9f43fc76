"""The ``rlm-code`` command line: thin commands over the library.

``main`` is the only place that turns an :class:`RlmCodeError` into stderr text and an exit
code. Heavy modules (Rich, the model SDKs) are imported inside the commands that need them,
so ``rlm-code callers`` starts fast.
"""

from __future__ import annotations

import io
import os
import sys

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the process exit code (also used by ``python -m rlm_code``)."""
    from ..errors import RlmCodeError
    from .app import app

    for stream in (sys.stdout, sys.stderr):  # a console that cannot show a name gets escapes, not a crash
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        _check_text(sys.argv[1:] if argv is None else argv)
        app(args=argv, prog_name="rlm-code")
    except RlmCodeError as exc:
        _print_error(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:  # before typer runs a command
        return _interrupted()
    except SystemExit as exc:  # every normal end, and typer's own usage errors (code 2)
        if _caused_by_interrupt(exc):
            return _interrupted()
        return exc.code if isinstance(exc.code, int) else 1
    except Exception as exc:  # last line of defence: one line, not a traceback
        if os.environ.get("RLM_CODE_DEBUG"):
            raise
        _print_error(f"internal error: {type(exc).__name__}: {exc} (set RLM_CODE_DEBUG=1 for a traceback)")
        return 1
    return 0


def _check_text(arguments: list[str]) -> None:
    """Refuse an argument whose bytes are not UTF-8 (Python hands them over as surrogates):
    every pattern, target, glob and path in rlm-code is text, and such an argument would
    otherwise fail deep inside, as an encoding error."""
    from ..errors import UsageError

    for argument in arguments:
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:
            shown = os.fsencode(argument).decode("utf-8", "backslashreplace")
            raise UsageError(f"an argument is not valid UTF-8: {shown}") from None


def _caused_by_interrupt(exc: BaseException) -> bool:
    """Whether ``exc`` stems from Ctrl-C: typer turns a ``KeyboardInterrupt`` raised in a
    command into a silent exit with code 130, so only the exception's chain still says so."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, KeyboardInterrupt):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _interrupted() -> int:
    """Say in one line that the user stopped the command, and return the shell's code for
    SIGINT (128 + 2). The index stays usable: it is written in small transactions, and the
    next command goes on from what was stored."""
    sys.stderr.write("rlm-code: interrupted\n")
    return 130


def _print_error(message: str) -> None:
    sys.stderr.write(f"rlm-code: error: {message}\n")
