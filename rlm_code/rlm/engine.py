"""The recursive engine: a supervisor model writes code, a sandboxed REPL runs it, repeat.

One turn: the supervisor replies; the ```repl blocks in the reply run in the sandbox, in
order; their output (cut to a limit) is the next user message. The run ends when code calls
``FINAL(answer)`` or ``FINAL_VAR(name)`` (or, as a fallback, the reply says ``FINAL(...)``
in prose), or when a budget stops it; then a best-effort answer is asked for or assembled
and marked partial.

The engine knows nothing of repositories: an :class:`Environment` brings the prompts, the
helper functions the REPL gets and the paths it may read. Worker calls (``llm_query``,
``llm_query_batched``, ``rlm_query``) are added here, because only the parent process talks
to models.
"""

from __future__ import annotations

import ast
import itertools
import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BudgetExceeded, ModelError, UnenforceableCap
from ..llm import Completion, Message, Model, Usage, is_priced
from .budget import Budget, BudgetLimits, Exhausted
from .sandbox import CellResult, Limits, Sandbox
from .trace import Trace

__all__ = ["EngineConfig", "Environment", "Progress", "RunResult", "WorkerCalls", "refuse_unenforceable", "run"]

Progress = Callable[[str, dict[str, Any]], None]
"""``progress(kind, data)`` with kinds ``note``, ``turn``, ``code``, ``cell``, ``sub_call``, ``stop``."""

_CODE_BLOCK = re.compile(r"```(?:repl|python|py)?[ \t]*\n(.*?)```", re.DOTALL)
_ANY_FENCE = re.compile(r"```[^\n]*\n(.*?)(?:```|\Z)", re.DOTALL)
"""A fenced block of any language, or one left open to the end of the reply (a closing reply)."""
_FINAL_LINE = re.compile(r"^[ \t]*FINAL\((.*)\)[ \t]*$", re.MULTILINE)
_ANY_FINAL_LINE = re.compile(r"^[ \t]*FINAL(?:_VAR)?\(.*$\n?", re.MULTILINE)
_PROSE_FINAL = re.compile(r"^\s*FINAL\((.*)\)\s*$", re.DOTALL | re.MULTILINE)
_PROSE_FINAL_VAR = re.compile(r"^\s*FINAL_VAR\(\s*['\"]?(\w+)['\"]?\s*\)\s*$", re.MULTILINE)
_NO_CODE = (
    "No ```repl block found. Explore with Python in a ```repl block, or call FINAL(answer) in one when you are done."
)


@dataclass(frozen=True)
class EngineConfig:
    """Models, budgets and sandbox settings for one question."""

    supervisor: Model
    worker: Model
    limits: BudgetLimits = field(default_factory=BudgetLimits)
    max_depth: int = 1
    batch_concurrency: int = 8
    sandbox_mode: str = "auto"
    sandbox_limits: Limits = field(default_factory=Limits)
    supervisor_max_tokens: int = 4096
    worker_max_tokens: int = 2048
    feedback_chars: int = 8000
    full_turns: int = 4
    """How many of the latest turns (reply and REPL output) the supervisor sees in full. The
    ``shortened_turns`` before them are shown with reply and output each cut to
    ``old_feedback_chars``, and turns older still are left out, so the prompt stops growing
    after ``full_turns + shortened_turns`` turns (variables persist, so nothing is lost that
    cannot be printed again)."""
    shortened_turns: int = 8
    old_feedback_chars: int = 800
    cost_cap_priced_only: bool = False
    """Whether the dollar cap counts only the calls of priced models, the others running
    uncounted. Without it, a model with no price under a cap is refused (the cap could not
    be enforced); with it, the caller must say so in ``notes``."""
    notes: tuple[str, ...] = ()
    """What the caller changed about the run that its outputs must say (a default cap that
    gave way): recorded in the trace's ``start`` event, sent as ``note`` progress, returned."""


@dataclass(frozen=True)
class Environment:
    """What the REPL holds for one task, provided by the layer above."""

    system_prompt: str
    first_message: Callable[[str], str]
    helpers: Callable[[WorkerCalls], Mapping[str, Callable[..., Any]]]
    read_only: Sequence[Path] = ()
    setup_code: str = ""
    on_helper_error: Callable[[Exception], None] | None = None
    """Hears of each exception a helper raised, which the REPL sees only as a message: for a
    caller that must report the error itself (the offline supervisor's, as the CLI would)."""


@dataclass(frozen=True)
class RunResult:
    answer: str
    partial: bool
    stopped: str | None
    iterations: int
    sub_calls: int
    usage: Usage
    sandbox: str
    model: str
    worker_model: str
    trace: str | None
    seconds: float
    notes: tuple[str, ...] = ()


class WorkerCalls:
    """Budgeted, traced calls to the worker model, for helpers such as ``summarize_file``."""

    def __init__(self, run: _Run) -> None:
        self._run = run

    def query(self, prompt: str, *, system: str | None = None, kind: str = "llm_query") -> str:
        return self._run.worker_query(str(prompt), system=system, kind=kind)

    def record_cached(self, kind: str, prompt_chars: int, response_chars: int) -> None:
        """Note a call answered from a cache: no tokens spent, but visible in the trace."""
        self._run.record_sub_call(kind, prompt_chars, response_chars, Usage(), latency_s=0.0, cached=True, error=None)


def run(
    question: str,
    config: EngineConfig,
    environment: Environment,
    *,
    trace: Trace,
    progress: Progress | None = None,
) -> RunResult:
    """Answer ``question`` with a recursive language model over ``environment``."""
    refuse_unenforceable(config)
    budget = Budget(config.limits)
    started = time.monotonic()
    root = _Run(config, environment, budget, trace, progress, depth=0, supervisor=config.supervisor)
    trace.record(
        "start",
        question=question,
        model=config.supervisor.name,
        worker_model=config.worker.name,
        limits=asdict(config.limits),
        max_depth=config.max_depth,
        cost_cap_priced_only=config.cost_cap_priced_only,
        notes=list(config.notes),
    )
    for note in config.notes:
        root._notify("note", text=note)
    try:
        answer, partial = root.solve(question)
    except BaseException as exc:  # a provider or sandbox failure: the trace still says how it ended
        trace.record(
            "error",
            error=str(exc) or type(exc).__name__,
            error_type=type(exc).__name__,
            iterations=budget.iterations,
            sub_calls=budget.sub_calls,
            usage=budget.usage,
            seconds=round(time.monotonic() - started, 3),
        )
        raise
    stopped = budget.stopped.limit if budget.stopped else None
    result = RunResult(
        answer=answer,
        partial=partial,
        stopped=stopped,
        iterations=budget.iterations,
        sub_calls=budget.sub_calls,
        usage=budget.usage,
        sandbox=root.containment,
        model=config.supervisor.name,
        worker_model=config.worker.name,
        trace=str(trace.path) if trace.path else None,
        seconds=round(time.monotonic() - started, 3),
        notes=config.notes,
    )
    trace.record(
        "final",
        answer=answer,
        partial=partial,
        stopped=stopped,
        iterations=result.iterations,
        sub_calls=result.sub_calls,
        usage=result.usage,
        seconds=result.seconds,
    )
    return result


def refuse_unenforceable(config: EngineConfig) -> None:
    """Raise :class:`UnenforceableCap` if the config has a dollar cap over all calls and a
    model without a price. :func:`run` checks this itself; a caller checks first to refuse
    before it opens anything, such as a trace file that would be left empty (or truncated)."""
    if config.limits.max_cost is not None and not config.cost_cap_priced_only:
        for model in (config.supervisor, config.worker):
            if not is_priced(model):
                raise UnenforceableCap(model.name)


class _Run:
    """One RLM at one depth: its own sandbox and conversation, the shared budget."""

    def __init__(
        self,
        config: EngineConfig,
        environment: Environment,
        budget: Budget,
        trace: Trace,
        progress: Progress | None,
        *,
        depth: int,
        supervisor: Model,
        context: str | None = None,
    ) -> None:
        self.config = config
        self.environment = environment
        self.budget = budget
        self.trace = trace
        self.progress = progress
        self.depth = depth
        self.supervisor = supervisor
        self.context = context
        self.containment = "not started"
        self.unread: list[str] = []
        """This turn's cell outputs, not yet sent to the supervisor: if a limit stops the run
        mid-turn, the closing prompt carries them, so what the last cell found is not lost."""

    # -- the loop -----------------------------------------------------------------------------

    def solve(self, question: str) -> tuple[str, bool]:
        """The answer and whether it is partial (a limit stopped the run first)."""
        callbacks = dict(self.environment.helpers(WorkerCalls(self)))
        callbacks.update(
            llm_query=self._llm_query,
            llm_query_batched=self._llm_query_batched,
            rlm_query=self._rlm_query,
        )
        setup = self.environment.setup_code
        if self.context is not None:
            setup += f"\ncontext = {self.context!r}\n"
        messages: list[Message] = [{"role": "user", "content": self._opening(question)}]
        sandbox = Sandbox(
            read_only=self.environment.read_only,
            callbacks=callbacks,
            limits=self.config.sandbox_limits,
            mode=self.config.sandbox_mode,  # type: ignore[arg-type]
            setup_code=setup,
            on_callback_error=self.environment.on_helper_error,
        )
        with sandbox:
            sandbox.start()
            self.containment = sandbox.containment
            self.trace.record("sandbox", depth=self.depth, containment=sandbox.containment)
            try:
                return self._loop(sandbox, messages), False
            except Exhausted as stop:
                self.trace.record("stop", depth=self.depth, limit=stop.limit, detail=stop.detail)
                self._notify("stop", limit=stop.limit, detail=stop.detail)
                if self.depth > 0:
                    raise
                return self._best_effort(messages, stop), True

    def _opening(self, question: str) -> str:
        if self.context is None:
            return self.environment.first_message(question)
        return (
            f"{self.environment.first_message(question)}\n\nThe variable `context` in the REPL holds"
            f" {len(self.context)} characters given to you by the calling model. Answer from it."
        )

    def _loop(self, sandbox: Sandbox, messages: list[Message]) -> str:
        while True:
            iteration = self.budget.start_iteration()
            self._notify("turn", iteration=iteration)
            completion = self._supervise(messages, iteration)
            messages.append({"role": "assistant", "content": completion.text})
            blocks = [block.strip() for block in _CODE_BLOCK.findall(completion.text) if block.strip()]
            self.unread = []
            for number, code in enumerate(blocks, 1):
                self._notify("code", iteration=iteration, code=code)
                result = self._run_cell(sandbox, code, iteration)
                self.unread.append(self._feedback(number, result))
                self.budget.check()
                if result.has_final:
                    return _answer_text(result.final)
            if not blocks:
                final = self._prose_final(sandbox, completion.text, iteration)
                if final is not None:
                    return final
                self.unread.append(_NO_CODE)
            messages.append({"role": "user", "content": "\n\n".join(self.unread)})
            self.unread = []

    def _supervise(self, messages: list[Message], iteration: int, *, closing: bool = False) -> Completion:
        system = self.environment.system_prompt
        config = self.config
        messages = _compact(
            messages, keep=config.full_turns, shorten=config.shortened_turns, limit=config.old_feedback_chars
        )
        completion = self.budget.call(
            self.supervisor,
            messages,
            system=system,
            max_tokens=self.config.supervisor_max_tokens,
            sub_call=False,
            closing=closing,
        )
        self.trace.record(
            "turn",
            depth=self.depth,
            iteration=iteration,
            prompt_chars=sum(len(m["content"]) for m in messages) + len(system),
            response=completion.text,
            code=_CODE_BLOCK.findall(completion.text),
            usage=completion.usage,
            latency_s=completion.latency_s,
            budget_left=self.budget.remaining(),
        )
        return completion

    def _run_cell(self, sandbox: Sandbox, code: str, iteration: int) -> CellResult:
        """Run one cell, for at most the cell limit *and* the run's time left: a cell still
        running when the run's time is up is interrupted, and the run stops for its timeout."""
        started = time.monotonic()
        left = self.budget.seconds_left()
        timer: threading.Timer | None = None
        out_of_time: threading.Event | None = None
        try:
            if left is None:  # no time cap: nothing cancels the cell, so the sandbox need not watch
                result = sandbox.run(code)
            else:
                out_of_time = threading.Event()
                timer = threading.Timer(left, out_of_time.set)
                timer.start()
                limit = self.budget.limits.timeout or 0.0
                stopped = f"Stopped: the run's time limit of {limit:g} seconds was reached while the cell ran"
                result = sandbox.run(code, cancel=out_of_time, cancelled=stopped)
        except BudgetExceeded as exc:  # the REPL's CPU allowance for the session is spent
            raise self.budget.stop("cpu_seconds", str(exc)) from exc
        finally:
            if timer is not None:
                timer.cancel()
        self.trace.record(
            "cell",
            depth=self.depth,
            iteration=iteration,
            code=code,
            output=result.output,
            error=result.error,
            seconds=round(time.monotonic() - started, 3),
            restarted=result.restarted,
        )
        self._notify("cell", iteration=iteration, output_chars=len(result.output), error=result.error is not None)
        if out_of_time is not None and out_of_time.is_set():  # noted; the next budget check raises it
            timeout = self.budget.limits.timeout
            self.budget.stop("timeout", f"a REPL cell was still running when the run passed {timeout:g} seconds")
        return result

    def _feedback(self, number: int, result: CellResult) -> str:
        limit = self.config.feedback_chars
        parts = [f"[cell {number} output]\n{_cut(result.output, limit) or '(nothing printed)'}"]
        if result.error:
            parts.append(f"[cell {number} error]\n{_cut(result.error, limit)}")
        if result.has_final:  # seen only when a limit stopped the run as the cell ended
            parts.append(f"[cell {number} called FINAL with]\n{_cut(_answer_text(result.final), limit)}")
        return "\n".join(parts)

    def _prose_final(self, sandbox: Sandbox, text: str, iteration: int) -> str | None:
        """The fallback for a reply that gives ``FINAL(...)`` outside any code block."""
        if match := _PROSE_FINAL_VAR.search(text):
            result = self._run_cell(sandbox, f"FINAL_VAR({match.group(1)!r})", iteration)
            return _answer_text(result.final) if result.has_final else None
        if match := _PROSE_FINAL.search(text):
            return match.group(1).strip().strip("\"'")
        return None

    def _best_effort(self, messages: list[Message], stop: Exhausted) -> str:
        """Ask once more for an answer from what was found, with the outputs the supervisor has
        not answered yet in the same message; assemble an answer from the last outputs if that
        call is not allowed, or if its reply is only code (nothing runs after a stop)."""
        if len(messages) == 1:  # stopped before the first reply: nothing was found to answer from
            return _assembled(stop, "")
        unanswered = "\n\n".join(self.unread)
        if not unanswered and messages[-1]["role"] == "user":
            unanswered = messages.pop()["content"]
        closing = (
            f"The run was stopped ({stop}). Do not write code. Reply with your best answer"
            " from what you have found so far, and say what is unverified."
        )
        messages.append({"role": "user", "content": "\n\n".join(filter(None, [unanswered, closing]))})
        last = unanswered or next((m["content"] for m in reversed(messages[1:-1]) if m["role"] == "user"), "")
        try:
            completion = self._supervise(messages, self.budget.iterations, closing=True)
        except Exhausted:
            return _assembled(stop, last)
        except ModelError as exc:  # the provider failed this one call: the findings still stand
            self.trace.record("closing_error", depth=self.depth, error=str(exc), error_type=type(exc).__name__)
            return _assembled(stop, last)
        return _without_code(completion.text) or _assembled(stop, last)

    # -- worker calls -------------------------------------------------------------------------

    def worker_query(self, prompt: str, *, system: str | None, kind: str) -> str:
        """One budgeted worker call. A call the budget refuses raises :class:`Exhausted` and is
        no ``sub_call`` in the trace (it was never sent; the ``stop`` event says why); a call
        that was sent is traced, with its error if it failed or was abandoned."""
        messages: list[Message] = [{"role": "user", "content": prompt}]
        worker, max_tokens = self.config.worker, self.config.worker_max_tokens
        reserved = self.budget.reserve(worker, messages, system=system, max_tokens=max_tokens, sub_call=True)
        started = time.monotonic()
        error = None
        completion: Completion | None = None
        try:
            completion = self.budget.send(reserved)
            return completion.text
        except Exception as exc:
            error = str(exc)
            raise
        finally:
            self.record_sub_call(
                kind,
                len(prompt) + len(system or ""),
                len(completion.text) if completion else 0,
                completion.usage if completion else Usage(),
                latency_s=round(time.monotonic() - started, 3),
                cached=False,
                error=error,
            )
            self._notify("sub_call", kind=kind, sub_calls=self.budget.sub_calls, usage=self.budget.usage)

    def record_sub_call(
        self,
        kind: str,
        prompt_chars: int,
        response_chars: int,
        usage: Usage,
        *,
        latency_s: float,
        cached: bool,
        error: str | None,
    ) -> None:
        """The trace's one shape of a worker call, made or answered from a cache."""
        self.trace.record(
            "sub_call",
            depth=self.depth,
            kind=kind,
            prompt_chars=prompt_chars,
            response_chars=response_chars,
            usage=usage,
            latency_s=latency_s,
            cached=cached,
            error=error,
        )

    def _llm_query(self, prompt: str) -> str:
        return self.worker_query(str(prompt), system=None, kind="llm_query")

    def _llm_query_batched(self, prompts: Sequence[str]) -> list[str]:
        """Run prompts concurrently; a failed item becomes an error string, not a failed batch.
        An item a budget refuses is an error string too, so the answers that came back are not
        lost; the budget's stop still ends the run once the cell is done."""
        prompts = [str(p) for p in prompts]

        def one(prompt: str) -> str:
            try:
                return self.worker_query(prompt, system=None, kind="llm_query")
            except Exhausted as exc:
                return f"ERROR: not run, the run was stopped ({exc})"
            except Exception as exc:  # the model sees the failure and can retry that item
                return f"ERROR: {exc}"

        if not prompts:
            return []
        workers = max(1, min(self.config.batch_concurrency, len(prompts)))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(one, prompts))

    def _rlm_query(self, prompt: str, context: object = None) -> str:
        """A child RLM with its own REPL over ``context``; past ``max_depth``, a plain worker call."""
        text = "" if context is None else context if isinstance(context, str) else repr(context)
        if self.depth + 1 >= self.config.max_depth:
            joined = f"{prompt}\n\n{text}" if text else str(prompt)
            return self.worker_query(joined, system=None, kind="rlm_query")
        child = _Run(
            self.config,
            self.environment,
            self.budget,
            self.trace,
            self.progress,
            depth=self.depth + 1,
            supervisor=self.config.worker,
            context=text,
        )
        answer, _ = child.solve(str(prompt))
        return answer

    # -- plumbing -----------------------------------------------------------------------------

    def _notify(self, event: str, **data: Any) -> None:
        if self.progress is not None:
            self.progress(event, {"depth": self.depth, **data})


def _compact(messages: list[Message], *, keep: int, shorten: int, limit: int) -> list[Message]:
    """The conversation as the supervisor sees it: the first message (the question) whole; the
    last ``keep`` turns (a reply and the outputs after it) whole; the ``shorten`` turns before
    them with each message cut to ``limit`` characters; older turns left out, with a note after
    the question. So the prompt has a ceiling however long the run."""
    turn_of = list(itertools.accumulate(int(m["role"] == "assistant") for m in messages))
    last = turn_of[-1]
    left_out = max(0, last - keep - shorten)
    compacted: list[Message] = [messages[0]]
    if left_out:
        note = f"[turns 1-{left_out} are left out to keep the prompt small; their variables persist]"
        compacted = [{"role": "user", "content": f"{messages[0]['content']}\n\n{note}"}]
    for message, turn in zip(messages[1:], turn_of[1:], strict=True):
        if turn <= left_out:
            continue
        old = turn <= last - keep
        compacted.append({"role": message["role"], "content": _cut_old(message["content"], limit)} if old else message)
    return compacted


def _cut_old(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]}\n... (an older message, shortened; print again what you still need)"


def _without_code(reply: str) -> str:
    """A closing reply as an answer. Nothing runs after a stop, so: a line ``FINAL(<literal>)``
    gives that literal (first in the prose, then unindented in a fenced block), as the main
    loop would; otherwise every fenced block of any language (one left open runs to the end)
    and every other ``FINAL``/``FINAL_VAR`` line are dropped and the prose is kept; "" if
    nothing is left, so the caller assembles an answer from the findings."""
    prose = _ANY_FENCE.sub("", reply).replace("```", "")
    blocks = _ANY_FENCE.findall(reply)
    lines = [m.group(1) for m in _FINAL_LINE.finditer(prose)]
    lines += [m.group(1) for block in blocks for m in _FINAL_LINE.finditer(block) if m.group(0)[:1] == "F"]
    for argument in lines:
        try:
            value = ast.literal_eval(argument.strip())
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            continue
        return _answer_text(value).strip()
    return _ANY_FINAL_LINE.sub("", prose).strip()


def _assembled(stop: Exhausted, findings: str) -> str:
    found = _cut(findings, 2000) if findings.strip() else "(none)"
    return f"Stopped by {stop.limit} before an answer ({stop.detail}). Last findings:\n{found}"


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]}\n... ({len(text) - limit} more characters cut; print less, or slice)"


def _answer_text(value: object) -> str:
    return value if isinstance(value, str) else repr(value) if value is not None else ""
