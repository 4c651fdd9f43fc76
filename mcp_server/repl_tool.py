"""The ``repl`` tool: the host's own model becomes the RLM supervisor.

The host's model writes Python against the repository, the server runs it in a persistent
sandboxed REPL (:mod:`.repl`) with the supervisor's helpers and keeps the variables between
calls. ``llm_query`` there is served by the configured worker model, else by the client's
model through sampling, else it answers with an ``ERROR:`` string saying why.

A cell outlives no call: when the client cancels one, the cell is interrupted and its
sampling requests withdrawn, so the next call does not wait behind it.
"""

from __future__ import annotations

import functools
import threading
from typing import Annotated, Any

import anyio
import anyio.to_thread
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations
from pydantic import Field

from rlm_code.errors import BudgetExceeded, RlmCodeError
from rlm_code.rlm.sandbox import CellResult

from . import results as r
from .paging import cut_field, joined
from .service import Service, tool_error

__all__ = ["register_repl"]

_DESCRIPTION = """\
Run Python in a persistent, sandboxed REPL over the repository (no network, files read-only); \
variables persist across calls of one session. Only what the code prints comes back; a trailing \
expression is echoed. Helpers, returning dicts (attribute access works too; definitions and \
read_symbol return lists): stats(), \
list_files(glob, lang), grep(pattern, glob), read_file(path, start, end), outline(path), \
definitions(name), read_symbol(name), callers(target), callees(target), references(target), \
importers(module, inside), import_path(source, target), summarize_file(path), llm_query(prompt), \
llm_query_batched(prompts), format_callers(r) and other format_* helpers; help(callers) shows \
one (pass the helper, not its name). \
Pass back `session` to keep the variables (required on stateless connections); reset=true starts \
afresh; close=true ends it."""


def register_repl(server: MCPServer, service: Service) -> None:
    """Add the ``repl`` tool to ``server``."""

    async def repl(
        ctx: Context[Any, Any],
        code: Annotated[str, Field(description="Python to run; may be empty with close=true.")] = "",
        session: Annotated[str | None, Field(description="The session returned by an earlier call.")] = None,
        reset: Annotated[bool, Field(description="End the session and start a fresh one.")] = False,
        close: Annotated[bool, Field(description="End the session (its sandbox process stops).")] = False,
    ) -> r.ReplResult:
        await service.ready(ctx)  # the helpers read the index
        if close or reset:
            closed = await service.close_session(ctx, session)
            if close:
                note = "The session is closed; its sandbox process has ended." if closed else "No session was open."
                return r.ReplResult(session=closed or session or "", output="", error=None, restarted=False, note=note)
            session = None
        if not code.strip():
            raise ToolError("no code to run")
        current, fresh = service.session_for(ctx, session)
        models = service.models.for_call(ctx)
        cancel = threading.Event()
        run = functools.partial(
            current.run, code, worker=models.worker, missing=models.missing("worker"), cancel=cancel
        )
        try:
            cell, notice = await anyio.to_thread.run_sync(run, abandon_on_cancel=True)
        except anyio.get_cancelled_exc_class():
            cancel.set()  # the client gave up on the call: stop the cell rather than let it run on
            raise
        except BudgetExceeded as exc:
            raise ToolError(f"{exc}; start a fresh session with reset=true") from exc
        except RlmCodeError as exc:
            raise tool_error(exc) from exc
        finally:
            models.withdraw()  # a cancelled cell's llm_query stops waiting on the host
        result = _fitted(current.handle, cell, service.budget)
        started = (
            f"A new session started; pass session={current.handle!r} to run more code with these variables."
            if fresh
            else None
        )
        return result.model_copy(update={"note": joined(notice, result.note, started)})

    server.add_tool(
        repl,
        name="repl",
        description=_DESCRIPTION,
        annotations=ToolAnnotations(
            read_only_hint=False, destructive_hint=False, idempotent_hint=False, open_world_hint=True
        ),
    )


def _fitted(handle: str, cell: CellResult, budget: int) -> r.ReplResult:
    result = r.ReplResult(
        session=handle, output=cell.output, error=cell.error, final=cell.final, restarted=cell.restarted
    )
    text = cut_field(result, "output", budget, margin=200)
    if text is None:
        return result
    return result.model_copy(
        update={
            "output": text,
            "truncated": True,
            "note": f"The output was cut to the output budget ({_cut_in_all(cell, text):,} characters cut in all);"
            " print less, or slice.",
        }
    )


def _cut_in_all(cell: CellResult, shown: str) -> int:
    """Characters the cell printed that the client does not see: cut here, and cut by the
    sandbox before (its own note on that, at the end of the output, is cut here too)."""
    marker = cell.output.rfind("\n[... ") if cell.output_cut else -1
    printed = cell.output[:marker] if marker != -1 else cell.output
    return max(0, len(printed) - len(shown)) + cell.output_cut
