"""The tools' results as pydantic models, so that clients get structured content and a schema.

Each navigation result has the fields of the CLI's ``--json`` output (``Repo`` results'
``to_dict()``), plus the paging fields of :class:`Paged`: where a result was cut, by the
caller's ``limit`` or by the server's output budget, ``truncated`` is true, ``next_offset``
says where the next page starts, and ``note`` says in words what was left out and how to get
it.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

__all__ = [
    "AskResult",
    "CallSite",
    "CalleesResult",
    "CallersResult",
    "Definition",
    "FileListResult",
    "FileSliceResult",
    "GrepMatch",
    "GrepResult",
    "ImportEdge",
    "ImportSite",
    "ImportersResult",
    "OutlineResult",
    "Paged",
    "ReplResult",
    "SummaryResult",
    "SymbolResult",
    "SymbolSource",
    "UsageResult",
]


class Paged(BaseModel):
    """What every list result says about the items it left out."""

    truncated: bool = Field(description="More items exist than are shown.")
    offset: int = Field(default=0, description="Index of the first item shown.")
    next_offset: int | None = Field(default=None, description="Pass as `offset` to get the next page.")
    note: str | None = Field(default=None, description="What was cut, and how to get the rest.")


class Definition(BaseModel):
    path: str
    line: int
    end_line: int
    qualname: str
    kind: str
    signature: str


class FileListResult(Paged):
    paths: list[str]
    total: int = Field(description="Files matching, in all pages.")


class GrepMatch(BaseModel):
    path: str
    line: int
    column: int
    text: str
    symbol: str | None = Field(description="The innermost definition around the match.")
    context_before: list[str] = Field(default_factory=list)
    context_after: list[str] = Field(default_factory=list)


class GrepResult(Paged):
    pattern: str
    matches: list[GrepMatch]


class FileSliceResult(BaseModel):
    """Lines ``start``..``end`` (1-based, inclusive) of a file of ``total_lines`` lines."""

    path: str
    start: int
    end: int
    total_lines: int
    text: str
    truncated: bool = Field(description="The requested range was cut; `note` says where to go on.")
    note: str | None = None


class OutlineResult(Paged):
    path: str
    language: str | None
    definitions: list[Definition]


class SymbolSource(BaseModel):
    definition: Definition
    source: str
    truncated: bool
    start: int = Field(description="The line the source starts at: decorators come before the definition's line.")


class SymbolResult(Paged):
    name: str
    definitions: list[SymbolSource]


class CallSite(BaseModel):
    path: str
    line: int
    column: int
    caller: str = Field(description="The enclosing definition's qualified name, or <module>.")
    confidence: str = Field(description="exact, likely or name (external for callees outside the repo).")
    callee: str | None = Field(description="The definition reached, as path:qualname.")
    kind: str = "call"
    name: str = ""
    callee_line: int | None = Field(
        default=None, description="Where the definition reached starts: overloads share a qualified name."
    )


class CallersResult(Paged):
    target: str
    definitions: list[Definition]
    callers: list[CallSite]
    name_matches_hidden: int = Field(
        0, description="Unresolved sites that only share the name, left out; include_name_matches lists them."
    )


class CalleesResult(Paged):
    target: str
    definitions: list[Definition]
    callees: list[CallSite]


class ImportSite(BaseModel):
    path: str
    line: int
    module: str
    name: str
    alias: str
    text: str


class ImportEdge(BaseModel):
    path: str
    line: int
    target: str = Field(description="The repository file that path imports at line.")
    module: str
    name: str


class ImportersResult(Paged):
    module: str
    inside: str | None = Field(None, description="The folder, file or module the imports were limited to.")
    files: list[str]
    importers: list[ImportSite]
    through: list[ImportEdge] = Field(
        default_factory=list,
        description="With inside and no direct import: the shortest chain of imports that still leads there.",
    )


class SummaryResult(BaseModel):
    path: str
    summary: str
    cached: bool = Field(description="Answered from the summary cache; no worker call was made.")
    model: str = Field(description="The worker model that wrote the summary.")
    note: str | None = None


class UsageResult(BaseModel):
    input_tokens: int
    output_tokens: int
    cache_read_tokens: int
    cache_write_tokens: int
    cost_usd: float | None = Field(description="None when a model's price is unknown.")


class AskResult(BaseModel):
    answer: str
    partial: bool = Field(description="A budget stopped the run; the answer is a best effort.")
    model: str
    worker_model: str
    iterations: int
    sub_calls: int
    usage: UsageResult
    stopped: str | None = Field(description="The limit that stopped the run, if one did.")
    sandbox: str
    trace: str | None = Field(description="The JSONL trace file on the server.")
    trace_id: str | None = Field(description="The trace's name, for `rlm-code trace show`.")
    seconds: float
    note: str | None = Field(default=None, description="How the models were chosen, and anything cut.")


class ReplResult(BaseModel):
    session: str = Field(description="This REPL session; pass it back to keep its variables.")
    output: str = Field(description="What the code printed (a trailing expression is echoed).")
    error: str | None = Field(description="A short traceback, or a note about a limit hit.")
    final: Any = Field(default=None, description="The value given to FINAL(...) or FINAL_VAR(...), if any.")
    restarted: bool = Field(description="The sandbox process was replaced: variables are gone.")
    truncated: bool = Field(default=False, description="The output was cut to fit the output budget.")
    note: str | None = None
