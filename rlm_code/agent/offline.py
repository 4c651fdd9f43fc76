"""The offline supervisor: what ``ask`` uses when no model is configured.

It recognises structural questions (who calls X, where is X used or defined, what does X
call, what imports M, does A depend on B, show or outline X, what is in a file, find files
or text about Y) and
writes the same REPL code a model would, for example ``FINAL(format_callers(callers("X")))``.
That code runs through the same engine and sandbox, so its trace looks like any other run's.
It never pretends to be a model: its name is ``offline`` and it spends no tokens.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePosixPath

from ..errors import UsageError
from ..llm import Completion, Message, Usage
from ..repo.languages import language_for_path

__all__ = ["NEEDS_A_MODEL", "FreeModel", "OfflineSupervisor", "plan"]

NEEDS_A_MODEL = (
    "this question needs a model: the offline supervisor answers only structural questions"
    " (who calls X, where is X used or defined, what does X call, what imports M, does A depend"
    " on B, show X, what is in a file, find files or text about Y). Set ANTHROPIC_API_KEY, or pass"
    " --model anthropic:<model> or --model openai:<model>@<base_url>"
)

# A code name as people write it: `Form.full_clean`, shop/views.py, url_for(), pkg.mod:f,
# perhaps after the kind of thing it is ("the class QuerySet", "function url_for").
_KIND = r"(?:(?:the\s+)?(?:class|function|method|struct|interface|type|trait|enum|constant)\s+)?"
_NAME = _KIND + r"[`'\"]?(?P<x>[\w./:-]*\w)(?:\(\))?[`'\"]?"
_FOLDER = r"[`'\"]?(?P<x>[\w./-]*\w)/?[`'\"]?"  # core/, shop/views.py, pkg.mod
_OTHER_FOLDER = _FOLDER.replace("?P<x>", "?P<y>")
_TEXT = r"[`'\"]?(?P<x>.+?)[`'\"]?"
_END = r"\s*[?.!]*\s*$"

# (pattern, template); the first pattern that matches the question decides.
_PLANS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p, re.IGNORECASE), template)
    for p, template in [
        (rf"\b(?:who|what|which\s+\w+)\s+(?:calls|call|invokes)\s+{_NAME}{_END}", "callers"),
        (rf"\bcall(?:ers|\s+sites)\s+(?:of|for|to)\s+{_NAME}{_END}", "callers"),
        (rf"\bwhere\s+(?:is|are)\s+{_NAME}\s+(?:called|invoked){_END}", "callers"),
        (rf"\b(?:who|what|which\s+\w+)\s+(?:uses|use|references)\s+{_NAME}{_END}", "references"),
        (rf"\bwhere\s+(?:is|are)\s+{_NAME}\s+(?:used|referenced){_END}", "references"),
        (rf"\b(?:uses|references)\s+(?:of|to)\s+{_NAME}{_END}", "references"),
        (rf"\bwhat\s+(?:does|do)\s+{_NAME}\s+call{_END}", "callees"),
        (rf"\bcallees\s+(?:of|for)\s+{_NAME}{_END}", "callees"),
        (rf"\bwhere\s+(?:is|are)\s+{_NAME}\s+(?:defined|declared|implemented){_END}", "definitions"),
        (rf"\b(?:find|locate)\s+(?:the\s+)?(?:definition|declaration)s?\s+of\s+{_NAME}{_END}", "definitions"),
        (rf"\bwhere\s+(?:is|are)\s+{_NAME}{_END}", "definitions"),
        (
            rf"\b(?:does|do)\s+(?:anything\s+in\s+)?{_FOLDER}\s+(?:depend|rely)\s+on\s+{_OTHER_FOLDER}{_END}",
            "depends",
        ),
        (
            rf"\b(?:does|do)\s+(?:anything\s+in\s+)?{_FOLDER}\s+import\s+(?:anything\s+from\s+)?{_OTHER_FOLDER}{_END}",
            "depends",
        ),
        (rf"\b(?:who|what|which\s+\w+)\s+imports?\s+{_NAME}{_END}", "importers"),
        (rf"\bimporters\s+of\s+{_NAME}{_END}", "importers"),
        (rf"\boutline\s+(?:of\s+)?{_NAME}{_END}", "outline"),
        (rf"\bwhat(?:'s|\s+is)\s+in\s+{_NAME}{_END}", "contents"),
        (rf"\bwhat\s+(?:does|do)\s+{_NAME}\s+(?:define|contain|declare){_END}", "contents"),
        (
            rf"\b(?:list|show)\s+(?:me\s+)?(?:the|all)?\s*(?:definitions|functions|classes|symbols)\s+(?:in|of)\s+{_NAME}{_END}",
            "contents",
        ),
        (
            rf"\b(?:show|display|print)\s+(?:me\s+)?(?:the\s+)?(?:source|code|definition)?\s*(?:of|for)?\s*{_NAME}{_END}",
            "show",
        ),
        (rf"\bfind\s+(?:the\s+)?files?\s+(?:about|named|matching|called|for|with)\s+{_TEXT}{_END}", "files"),
        (
            rf"\b(?:find|search\s+for|grep\s+(?:for\s+)?|where\s+is)\s+(?:the\s+)?(?:text|string)\s+{_TEXT}{_END}",
            "grep",
        ),
        (
            rf"\b(?:find|search\s+for|grep\s+(?:for\s+)?)\s+(?:text|code|mentions)?\s*(?:about|of|for)?\s*{_TEXT}{_END}",
            "grep",
        ),
    ]
]

# "SomeError: callers: no definition named 'x'" -> "no definition named 'x'"
_ERROR_PREFIX = re.compile(r"^(?:[\w.]*(?:Error|Exception)\w*: )?(?:\w+: )?")

_TEXT_SUFFIXES = frozenset({".md", ".rst", ".txt", ".toml", ".json", ".yaml", ".yml", ".cfg", ".ini"})

_CODE = {
    "callers": "FINAL(format_callers(callers({x!r})))",
    "references": "FINAL(format_callers(references({x!r})))",
    "callees": "FINAL(format_callees(callees({x!r})))",
    "definitions": "FINAL(format_definitions(definitions({x!r})))",
    "importers": "FINAL(format_importers(importers({x!r})))",
    "depends": "FINAL(format_importers(importers({y!r}, inside={x!r})))",
    "outline": "FINAL(format_outline(outline({x!r})))",
    "source": "FINAL(format_sources(read_symbol({x!r})))",
    "files": "FINAL(format_files(list_files({glob!r})))",
    "grep": "FINAL(format_grep(grep({x!r}, ignore_case=True, fixed_strings=True)))",
}


def plan(question: str) -> str | None:
    """The REPL code that answers a structural question, or None if it is not one."""
    for pattern, kind in _PLANS:
        match = pattern.search(question.strip())
        if match is None:
            continue
        named = {key: value.strip().rstrip("?.!") for key, value in match.groupdict().items()}
        subject = named["x"]
        if not all(named.values()):
            continue
        if kind == "show":
            kind = "outline" if _is_file_name(subject) else "source"
        elif kind == "contents":  # of a file; what a class holds is a question for a model
            if not _is_file_name(subject):
                continue
            kind = "outline"
        return _CODE[kind].format(**named, glob=f"*{subject}*")
    return None


class FreeModel:
    """A stand-in that never spends tokens: its worst case is nothing, so budgets always
    authorise it."""

    name = "free"

    def worst_case_tokens(
        self, messages: Sequence[Message], *, system: str | None = None, max_tokens: int = 4096
    ) -> int:
        return 0

    def worst_case_cost(
        self, messages: Sequence[Message], *, system: str | None = None, max_tokens: int = 4096
    ) -> float | None:
        return 0.0


class OfflineSupervisor(FreeModel):
    """A deterministic stand-in for a supervisor model, speaking the same protocol."""

    name = "offline"

    def __init__(self) -> None:
        self.failure: str | None = None
        """Why the latest run's planned cell failed, when its answer says it could not answer;
        ``ask`` tells that apart from an answer by this, not by the answer's words."""

    def complete(
        self,
        messages: Sequence[Message],
        *,
        system: str | None = None,
        max_tokens: int = 4096,
        stop: Sequence[str] | None = None,
    ) -> Completion:
        if len(messages) == 1:
            self.failure = None
            code = plan(_question_of(messages[0]["content"]))
            if code is None:
                raise UsageError(NEEDS_A_MODEL)
        else:  # the planned cell failed: report why, as the answer
            failure = messages[-1]["content"].rpartition("error]\n")[2].strip().splitlines()
            self.failure = _ERROR_PREFIX.sub("", failure[-1]) if failure else "the helper failed"
            code = f"FINAL({'I could not answer: ' + self.failure!r})"
        return Completion(
            text=f"```repl\n{code}\n```",
            usage=Usage(),
            model=self.name,
            stop_reason="end_turn",
            latency_s=0.0,
        )


def _is_file_name(subject: str) -> bool:
    suffix = PurePosixPath(subject).suffix.lower()
    return "/" in subject or language_for_path(subject) is not None or suffix in _TEXT_SUFFIXES


def _question_of(first_message: str) -> str:
    return first_message.rpartition("Question: ")[2].strip()
