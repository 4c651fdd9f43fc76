"""The tools that call models: ``ask`` (a whole RLM run) and ``summarize_file`` (one worker call).

``ask`` runs ``rlm_code.agent.ask`` in a worker thread with the models :mod:`.choice` picks,
relays the engine's progress events (turns, code, cells, worker calls, stops) as MCP progress
notifications, and returns the answer with its usage and trace id. A client may tighten the
server's budgets, never loosen them. If the client cancels the call, the next progress event
stops the run.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path as FsPath
from typing import Annotated, Any

import anyio
import anyio.from_thread
import anyio.lowlevel
import anyio.to_thread
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations
from pydantic import Field

from rlm_code.agent import Answer
from rlm_code.agent import ask as ask_question
from rlm_code.agent.offline import OfflineSupervisor
from rlm_code.agent.tools import RepoTools
from rlm_code.config import Settings
from rlm_code.errors import BudgetExceeded, RlmCodeError, UnenforceableCap, UsageError
from rlm_code.rlm.budget import Budget

from . import results as r
from .choice import SAMPLING_NOTE, CallModels
from .paging import cut_field, joined
from .service import Service, tool_description, tool_error
from .workers import MeteredWorker, worker_limits

__all__ = ["MODEL_TOOLS", "register_model_tools"]

MODEL_TOOLS = ("summarize_file", "ask")

_Cap = Annotated[int | None, Field(ge=1, description="Lower the server's cap (never raise it).")]


def register_model_tools(server: MCPServer, service: Service, enabled: set[str]) -> None:
    """Add the enabled model tools to ``server``."""

    async def summarize_file(
        ctx: Context[Any, Any],
        path: Annotated[str, Field(description="A file path relative to the repository root.")],
    ) -> r.SummaryResult:
        """A worker model's summary of one file (purpose, main definitions, dependencies), cached."""
        service.check_path(await service.scope(ctx), path)
        models = service.models.for_call(ctx)
        worker = MeteredWorker(Budget(worker_limits(service.options.settings)), missing=models.missing("worker"))
        worker.model = models.worker

        def summarize(repo: Any) -> str:
            tools = RepoTools(repo, worker, summaries=service.summaries, worker_model=service.worker_model_name)
            return tools.summarize_file(path)

        summary = await service.call(ctx, summarize)
        model = service.worker_model_name
        result = r.SummaryResult(
            path=path,
            summary=summary,
            cached=worker.cached,
            model=model,
            note=SAMPLING_NOTE if models.sampled and not worker.cached else None,
        )
        text = cut_field(result, "summary", service.budget, margin=100)
        if text is not None:
            result = result.model_copy(update={"summary": text, "note": "The summary was cut to the output budget."})
        return result

    async def ask(
        ctx: Context[Any, Any],
        question: Annotated[str, Field(description="A question about the code, in plain words.")],
        max_iterations: _Cap = None,
        max_sub_calls: _Cap = None,
        max_tokens: _Cap = None,
        max_cost: Annotated[float | None, Field(gt=0, description="US dollars; lowers the server's cap.")] = None,
        timeout: Annotated[float | None, Field(gt=0, description="Seconds; lowers the server's cap.")] = None,
        max_depth: _Cap = None,
    ) -> r.AskResult:
        """Answer a question about the code with a Recursive Language Model: a supervisor model explores
        the repository in a sandboxed REPL and delegates reading to worker calls, within budgets.
        Reports progress; returns the answer, usage and a trace id."""
        repo = await service.ready(ctx)
        models = service.models.for_call(ctx)
        caps = {
            "max_iterations": max_iterations,
            "max_sub_calls": max_sub_calls,
            "max_tokens": max_tokens,
            "max_cost": max_cost,
            "timeout": timeout,
            "max_depth": max_depth,
        }
        settings = _tightened(service.options.settings, caps)
        relay = _ProgressRelay(ctx, anyio.lowlevel.current_token())
        run = functools.partial(
            ask_question,
            repo,
            question,
            settings=settings,
            supervisor=models.supervisor or OfflineSupervisor(),
            worker=models.worker,
            progress=relay,
        )
        try:
            answer = await anyio.to_thread.run_sync(run, abandon_on_cancel=True)
        except UnenforceableCap as exc:  # a client cannot pass flags: say what it, or the server, can do
            advice = "omit max_cost" if max_cost is not None else "start the server with RLM_CODE_MAX_COST=none"
            raise tool_error(UnenforceableCap(exc.model, advice)) from exc
        except UsageError as exc:
            if models.supervisor is None and "needs a model" in str(exc):
                raise ToolError(f"this question needs a model, and there is {models.missing('supervisor')}") from exc
            raise tool_error(exc) from exc
        except RlmCodeError as exc:
            raise tool_error(exc) from exc
        finally:
            relay.cancelled = True  # a call that ended, or was cancelled, stops the run at its next event
            models.withdraw()  # and no abandoned model call keeps waiting on the host
        return _fitted(_result(answer, _note(models)), service.budget)

    tools: dict[str, Callable[..., Any]] = {"summarize_file": summarize_file, "ask": ask}
    annotations = ToolAnnotations(read_only_hint=True, destructive_hint=False, open_world_hint=True)
    for name, function in tools.items():
        if name in enabled:
            server.add_tool(function, name=name, description=tool_description(function), annotations=annotations)


def _tightened(settings: Settings, caps: dict[str, Any]) -> Settings:
    """``settings`` with each given cap applied where it is lower than the server's."""
    changes = {
        name: value
        for name, value in caps.items()
        if value is not None and (getattr(settings, name) is None or value < getattr(settings, name))
    }
    return replace(settings, **changes)


def _note(models: CallModels) -> str | None:
    if models.supervisor is None:
        return f"Answered by the offline supervisor (structural questions only): {models.missing('supervisor')}."
    if models.worker is None:
        return f"Worker calls failed in this run: {models.missing('worker')}."
    return SAMPLING_NOTE if models.sampled else None


def _result(answer: Answer, note: str | None) -> r.AskResult:
    data = answer.to_dict()
    data["trace_id"] = FsPath(answer.trace).stem if answer.trace else None
    data["note"] = joined(note, *(f"Note: {text}." for text in answer.notes))
    return r.AskResult.model_validate(data)


def _fitted(result: r.AskResult, budget: int) -> r.AskResult:
    text = cut_field(result, "answer", budget, margin=200)
    if text is None:
        return result
    cut = "The answer was cut to the output budget; the full answer is in the trace."
    return result.model_copy(update={"answer": text, "note": f"{result.note or ''} {cut}".strip()})


class _ProgressRelay:
    """The engine's progress events as MCP progress notifications, sent from engine threads."""

    def __init__(self, context: Context[Any, Any], token: anyio.lowlevel.EventLoopToken) -> None:
        self._context = context
        self._token = token
        self._count = 0
        self._lock = threading.Lock()
        self.cancelled = False

    def __call__(self, kind: str, data: dict[str, Any]) -> None:
        if self.cancelled:
            raise BudgetExceeded("the client cancelled the call")
        with self._lock:
            self._count += 1
            count = self._count
        message = _describe(kind, data)
        try:
            anyio.from_thread.run(
                functools.partial(self._context.report_progress, count, None, message), token=self._token
            )
        except Exception:  # progress is advisory: a closed stream must not fail the run
            return


def _describe(kind: str, data: dict[str, Any]) -> str:
    """One line per engine event, as the CLI's progress printer says it."""
    depth = f"[depth {data['depth']}] " if data.get("depth") else ""
    if kind == "turn":
        return f"{depth}turn {data['iteration']}"
    if kind == "code":
        lines = str(data["code"]).splitlines() or [""]
        more = f" (+{len(lines) - 1} lines)" if len(lines) > 1 else ""
        return f"{depth}running: {lines[0][:100]}{more}"
    if kind == "cell":
        return f"{depth}cell: " + ("error" if data["error"] else f"{data['output_chars']} characters printed")
    if kind == "sub_call":
        usage = data["usage"]
        cost = f"${usage.cost_usd:.4f}" if usage.cost_usd is not None else "unpriced"
        tokens = usage.input_tokens + usage.output_tokens
        return f"{depth}worker calls {data['sub_calls']}, {tokens} tokens, {cost}"
    if kind == "stop":
        return f"{depth}stopped: {data['detail']}"
    return f"{depth}{kind}"
