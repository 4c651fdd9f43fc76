"""Models whose provider fails the way a real one does after its retries: at once, or after
one paid turn. Real :class:`ModelBase` subclasses, so usage and cost are counted as in a run."""

from __future__ import annotations

from rlm_code.errors import ModelError
from rlm_code.llm import Message, ModelBase, Price, RawCompletion

OVERLOADED = "the provider is overloaded"


class Broken(ModelBase):
    """Every call fails."""

    def __init__(self) -> None:
        super().__init__("broken", price=None)

    def _send(
        self, messages: list[Message], *, system: str | None, max_tokens: int, stop: list[str] | None
    ) -> RawCompletion:
        raise ModelError(OVERLOADED)


class FailsOnTurn2(ModelBase):
    """A supervisor whose provider answers once, with a cell that asks the worker ``question``
    (1,000 tokens in, 40 out), then fails."""

    def __init__(self, question: str, *, price: Price | None = None) -> None:
        super().__init__("fails-on-turn-2", price=price)
        self.question = question
        self.turns = 0

    def _send(
        self, messages: list[Message], *, system: str | None, max_tokens: int, stop: list[str] | None
    ) -> RawCompletion:
        self.turns += 1
        if self.turns > 1:
            raise ModelError(OVERLOADED)
        return RawCompletion(f"```repl\nprint(llm_query({self.question!r}))\n```", 1000, 40, "end_turn")
