"""The errors rlm-code raises, each with a one-line message and an exit code.

Library code raises these; only the entry points (the CLI's ``main`` and the MCP tool
handlers) turn them into stderr text, exit codes or tool errors. Errors coming from
sqlite3, tree-sitter, ripgrep or a provider SDK are translated where they enter and
chained with ``from exc``, so a user never sees a foreign traceback.
"""

from __future__ import annotations

__all__ = [
    "BudgetExceeded",
    "CacheFolderError",
    "IndexStoreError",
    "ModelError",
    "NotFoundError",
    "PathError",
    "PatternError",
    "RlmCodeError",
    "SandboxError",
    "UnenforceableCap",
    "UsageError",
]


class RlmCodeError(Exception):
    """Base class: a message fit for one line of stderr and the process exit code."""

    exit_code: int = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFoundError(RlmCodeError):
    """What was asked for does not exist: an unknown symbol, a module nobody imports."""

    exit_code = 1


class UsageError(RlmCodeError):
    """The input is wrong: a bad option, a malformed target."""

    exit_code = 2


class UnenforceableCap(UsageError):
    """A dollar cap set for a model with no known price: the run refuses to start. ``model``
    names it, so each entry point can give the advice that fits it (a flag for ``ask``, the
    environment or configuration for ``check`` and ``eval``, the tool argument over MCP)."""

    def __init__(
        self, model: str, advice: str = "set max_cost to none (RLM_CODE_MAX_COST=none or the configuration file)"
    ) -> None:
        super().__init__(
            f"no price is known for model {model!r}, so the dollar cap cannot be enforced;"
            f" add its price (RLM_CODE_PRICES) or {advice}"
        )
        self.model = model


class PathError(UsageError):
    """A path does not exist, is not what was expected, or escapes the repository root."""


class PatternError(UsageError):
    """A search pattern that ripgrep cannot compile."""


class IndexStoreError(RlmCodeError):
    """The on-disk index cannot be opened or written (disk full, permissions)."""

    exit_code = 1

    HINT = "RLM_CODE_CACHE or --cache-dir choose another cache folder"


class CacheFolderError(IndexStoreError):
    """The cache folder cannot hold an index at all: it cannot be created or opened (not a
    folder, no permission). That is a setting to change, so it is bad input (exit 2), unlike
    an index that fails later, mid-write (a full disk)."""

    exit_code = 2


class SandboxError(RlmCodeError):
    """The sandbox for model-written code cannot start or go on (strict mode without Landlock,
    setup code that fails, a child that cannot run Python)."""

    exit_code = 1


class BudgetExceeded(RlmCodeError):
    """A run was stopped by one of its limits; whatever was answered is partial."""

    exit_code = 3


class ModelError(RlmCodeError):
    """A model provider failed: a missing or rejected API key, an unknown model, a server that
    stayed overloaded or rate-limited after every retry, a connection error, a malformed answer.
    For ``ask`` that is a failure (exit 1); ``check`` reports it apart from violations."""

    exit_code = 1
