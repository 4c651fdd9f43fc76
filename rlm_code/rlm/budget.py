"""Hard budgets shared by a whole recursion tree: the answer to the RLM paper's heavy cost tail.

Every model call is *authorised* before it is sent, against its worst case (the prompt as
estimated plus ``max_tokens`` of output, at the model's price), and *settled* with the real
usage afterwards. Concurrent calls reserve their worst case together, so no cap can be
overrun, whatever the root, a child RLM or a batch of workers do at the same time.

The dollar cap counts the calls whose price is known. A model without one reserves and
spends nothing against it; the engine refuses such a model under a cap unless the caller
said the cap covers only the priced part (a default cap over a priced supervisor and an
unpriced worker), and the run's total cost is then unknown, never a partial sum.

The wall-clock cap bounds the wait for a model call too, not only the gaps between calls (the
engine bounds a running REPL cell by :meth:`Budget.seconds_left` the same way): a
call still running when the time is up is abandoned (its thread ends when the provider
answers or gives up, and its reservation is held until then) and the run stops. The closing
call that asks for a best-effort answer gets a grace of a tenth of the time cap, at most a
minute, past it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent import futures
from dataclasses import dataclass, field

from ..llm import Completion, Message, Model, Usage

__all__ = ["Budget", "BudgetLimits", "Exhausted", "Reservation", "ReservedCall"]

_CLOSING_GRACE_SHARE = 0.1  # of the time cap, that the closing call may run past it
_CLOSING_GRACE_MAX = 60.0


@dataclass(frozen=True, slots=True)
class BudgetLimits:
    """The caps of one run. None means no cap."""

    max_iterations: int | None = 30
    max_sub_calls: int | None = 200
    max_tokens: int | None = 2_000_000
    max_cost: float | None = 2.0
    timeout: float | None = 900.0


class Exhausted(Exception):
    """A limit stops the run; ``limit`` names it (``max_cost``, ``timeout``...)."""

    def __init__(self, limit: str, detail: str) -> None:
        super().__init__(f"{limit}: {detail}")
        self.limit = limit
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Reservation:
    tokens: int
    cost: float


@dataclass(frozen=True, slots=True)
class ReservedCall:
    """A model call whose worst case :meth:`Budget.reserve` has reserved, for
    :meth:`Budget.send` to make: the call as it was reserved, so it cannot be sent otherwise."""

    model: Model
    messages: list[Message]
    system: str | None
    max_tokens: int
    closing: bool
    reservation: Reservation


@dataclass
class _Spent:
    iterations: int = 0
    sub_calls: int = 0
    usage: Usage = field(default_factory=Usage)
    reserved_tokens: int = 0
    reserved_cost: float = 0.0
    priced_cost: float = 0.0
    """Dollars of the calls whose price is known: what the dollar cap counts. ``usage.cost_usd``
    turns None at the first unpriced call, and unknown must not read as nothing spent."""


class Budget:
    """What a run may still spend. Thread-safe; one instance per top-level question."""

    def __init__(self, limits: BudgetLimits, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._clock = clock
        self._started = clock()
        self._lock = threading.Lock()
        self._spent = _Spent()
        self.stopped: Exhausted | None = None

    # -- counters ---------------------------------------------------------------------------

    def start_iteration(self) -> int:
        """Count one supervisor turn (any depth); returns the running total."""
        with self._lock:
            self._check_time()
            limit = self.limits.max_iterations
            if limit is not None and self._spent.iterations >= limit:
                raise self._stop("max_iterations", f"{limit} supervisor turns used")
            self._spent.iterations += 1
            return self._spent.iterations

    def authorize(self, *, tokens: int, cost: float | None, sub_call: bool, closing: bool = False) -> Reservation:
        """Reserve the worst case of one call, or raise :class:`Exhausted` if it might not fit.

        A ``closing`` call (asking for a best-effort answer after a stop) skips the turn, time
        and sub-call counts, but never the token and dollar caps.
        """
        with self._lock:
            if not closing:
                self._check_time()
            limits, spent = self.limits, self._spent
            if (
                sub_call
                and not closing
                and limits.max_sub_calls is not None
                and spent.sub_calls >= limits.max_sub_calls
            ):
                raise self._stop("max_sub_calls", f"{limits.max_sub_calls} worker calls used")
            used_tokens = spent.usage.total_tokens + spent.reserved_tokens
            if limits.max_tokens is not None and used_tokens + tokens > limits.max_tokens:
                raise self._stop(
                    "max_tokens",
                    f"a call of up to {tokens} tokens would pass the cap of {limits.max_tokens}"
                    f" ({used_tokens} used or reserved)",
                )
            worst = cost or 0.0
            if limits.max_cost is not None:
                used_cost = spent.priced_cost + spent.reserved_cost
                if used_cost + worst > limits.max_cost:
                    raise self._stop(
                        "max_cost",
                        f"a call costing up to ${worst:.4f} would pass the cap of ${limits.max_cost:.2f}"
                        f" (${used_cost:.4f} used or reserved)",
                    )
            if sub_call:
                spent.sub_calls += 1
            spent.reserved_tokens += tokens
            spent.reserved_cost += worst
            return Reservation(tokens, worst)

    def settle(self, reservation: Reservation, usage: Usage | None) -> None:
        """Replace a reservation by what the call really used (nothing if it failed)."""
        with self._lock:
            self._spent.reserved_tokens -= reservation.tokens
            self._spent.reserved_cost -= reservation.cost
            if usage is not None:
                self._spent.usage = self._spent.usage + usage
                self._spent.priced_cost += usage.cost_usd or 0.0

    def call(
        self,
        model: Model,
        messages: list[Message],
        *,
        system: str | None,
        max_tokens: int,
        sub_call: bool,
        closing: bool = False,
    ) -> Completion:
        """One model call within the budget: its worst case is reserved first (raising
        :class:`Exhausted` if it does not fit), then replaced by what it really used."""
        return self.send(
            self.reserve(model, messages, system=system, max_tokens=max_tokens, sub_call=sub_call, closing=closing)
        )

    def reserve(
        self,
        model: Model,
        messages: list[Message],
        *,
        system: str | None,
        max_tokens: int,
        sub_call: bool,
        closing: bool = False,
    ) -> ReservedCall:
        """The first half of :meth:`call`: authorise its worst case. An :class:`Exhausted`
        raised here means the call was refused and never sent, which a caller may want to
        tell apart from a call that was sent and failed."""
        reservation = self.authorize(
            tokens=model.worst_case_tokens(messages, system=system, max_tokens=max_tokens),
            cost=model.worst_case_cost(messages, system=system, max_tokens=max_tokens),
            sub_call=sub_call,
            closing=closing,
        )
        return ReservedCall(model, messages, system, max_tokens, closing, reservation)

    def send(self, call: ReservedCall) -> Completion:
        """The second half of :meth:`call`: make the reserved call, within the time cap, and
        settle the reservation with what it used."""
        reservation = call.reservation

        def complete() -> Completion:
            return call.model.complete(call.messages, system=call.system, max_tokens=call.max_tokens)

        seconds = self._seconds_for_call(closing=call.closing)
        if seconds is not None:
            return self._complete_within(seconds, complete, reservation)
        try:
            completion = complete()
        except BaseException:
            self.settle(reservation, None)
            raise
        self.settle(reservation, completion.usage)
        return completion

    def _complete_within(
        self, seconds: float, complete: Callable[[], Completion], reservation: Reservation
    ) -> Completion:
        """``complete()`` in a thread of its own, waited for at most ``seconds``; past that the
        call is abandoned (settled whenever it ends) and the run stops for its time cap."""
        future: futures.Future[Completion] = futures.Future()

        def target() -> None:
            try:
                future.set_result(complete())
            except BaseException as exc:
                future.set_exception(exc)

        # a daemon thread, not an executor's: exiting must not wait for an abandoned call
        threading.Thread(target=target, name="rlm-code-model-call", daemon=True).start()
        done, _ = futures.wait([future], timeout=seconds)
        if not done:
            future.add_done_callback(lambda ended: self.settle(reservation, _usage_of(ended)))
            timeout = self.limits.timeout
            raise self.stop("timeout", f"a model call was still running when the run passed {timeout:g} seconds")
        self.settle(reservation, _usage_of(future))
        return future.result()

    def _seconds_for_call(self, *, closing: bool) -> float | None:
        """How long a call may take before the time cap stops the run (None: no cap)."""
        left, timeout = self.seconds_left(), self.limits.timeout
        if left is None or timeout is None:
            return None
        return left + min(_CLOSING_GRACE_MAX, timeout * _CLOSING_GRACE_SHARE) if closing else left

    def seconds_left(self) -> float | None:
        """Seconds until the time cap (None: no cap), for whatever waits: a model call, a cell."""
        timeout = self.limits.timeout
        return None if timeout is None else max(0.0, timeout - self.elapsed())

    def check(self) -> None:
        """Raise :class:`Exhausted` if the run is out of time or was stopped already."""
        with self._lock:
            self._check_time()

    # -- reading ----------------------------------------------------------------------------

    @property
    def usage(self) -> Usage:
        with self._lock:
            return self._spent.usage

    @property
    def iterations(self) -> int:
        return self._spent.iterations

    @property
    def sub_calls(self) -> int:
        return self._spent.sub_calls

    def elapsed(self) -> float:
        return self._clock() - self._started

    def remaining(self) -> dict[str, float | int | None]:
        """What is left under each cap, for the trace."""
        limits, spent = self.limits, self._spent
        tokens = spent.usage.total_tokens

        def left(cap: float | None, used: float) -> float | None:
            return None if cap is None else round(max(0.0, cap - used), 6)

        return {
            "iterations": left(limits.max_iterations, spent.iterations),
            "sub_calls": left(limits.max_sub_calls, spent.sub_calls),
            "tokens": left(limits.max_tokens, tokens),
            "cost_usd": left(limits.max_cost, spent.priced_cost),
            "seconds": left(limits.timeout, self.elapsed()),
        }

    # -- internals --------------------------------------------------------------------------

    def _check_time(self) -> None:
        if self.stopped is not None:
            raise self.stopped
        timeout = self.limits.timeout
        if timeout is not None and self._clock() - self._started > timeout:
            raise self._stop("timeout", f"the run passed {timeout:g} seconds")

    def stop(self, limit: str, detail: str) -> Exhausted:
        """Stop the run for a limit enforced elsewhere (the sandbox's CPU allowance)."""
        with self._lock:
            return self._stop(limit, detail)

    def _stop(self, limit: str, detail: str) -> Exhausted:
        if self.stopped is None:
            self.stopped = Exhausted(limit, detail)
        return self.stopped


def _usage_of(call: futures.Future[Completion]) -> Usage | None:
    """What an ended call used; None if it failed."""
    return None if call.exception() is not None else call.result().usage
