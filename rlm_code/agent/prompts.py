"""The prompts that make a model explore code like a senior engineer, and the worker prompt
that summarises one file. The supervisor's first prompt holds the repository's shape only,
never its contents, so it stays small whatever the repository's size."""

from __future__ import annotations

from ..repo import RepoStats

__all__ = ["SUMMARY_PROMPT_VERSION", "first_message", "summary_prompt", "system_prompt"]

SUMMARY_PROMPT_VERSION = "1"

_SYSTEM = """\
You answer questions about one code repository. It is far too large to read, and you never \
see it directly: you explore it by writing Python in ```repl blocks. Each block runs in a \
sandboxed REPL where the helpers below are defined; you see only what the code prints, cut \
to a few thousand characters. Variables persist from block to block.

Work the way a senior engineer new to a codebase would:
1. Orient. Look at the layout first (stats(), list_files()), not at file contents.
2. Locate. grep() for names and strings; definitions() and outline() show where things live.
3. Read narrowly. read_symbol() or read_file(path, start, end) for the one definition you \
need, never whole large files.
4. Follow the graph. callers(), callees(), references() and importers() resolve imports, \
aliases and methods; for "who calls", "what does it call" and "who depends on" questions \
they are more precise than grep, and each site has a confidence (exact, likely, name).
5. Delegate bulk reading. When many files or long code must be read, hand slices to workers: \
llm_query(prompt), llm_query_batched(prompts) (they run concurrently), summarize_file(path). \
A worker sees only the prompt you give it, so include the code and the exact question. \
Combine their answers in code.
6. Verify before answering. Open the definitions you cite; say what you could not check.
7. Answer by calling FINAL(answer) in a repl block: plain text, citing code as path:line. \
FINAL_VAR(name) answers with the value of a variable you built.

Be economical: print counts and short summaries rather than raw dumps, and keep to one or \
two blocks per turn. Helpers return dictionaries that also allow attribute access \
(result.callers or result["callers"]); a failing helper raises an exception you can read \
and recover from.

Repository helpers:
{helpers}

Worker and control functions:
- llm_query(prompt) -> str: one call to a fast worker model.
- llm_query_batched(prompts) -> list[str]: many worker calls at once; a failed item comes \
back as a string starting with "ERROR:".
- rlm_query(prompt, context) -> str: hand a sub-question and a context string to a child \
explorer with its own REPL (or a worker call, past the depth limit).
- FINAL(answer), FINAL_VAR(name): end the run with the answer.
- format_callers(r), format_callees(r), format_importers(r), format_grep(r), \
format_outline(r), format_sources(r), format_definitions(r), format_files(r): turn a \
helper's result into readable text; format_importers(importers(b, inside=a)) answers \
"does a depend on b?", through other files too.
"""


def system_prompt(helper_signatures: list[str]) -> str:
    """The supervisor's system prompt, listing the repository helpers' signatures."""
    return _SYSTEM.format(helpers="\n".join(f"- {line}" for line in helper_signatures))


def first_message(stats: RepoStats, question: str) -> str:
    """The repository's shape and the question: the whole of the supervisor's first prompt."""
    languages = ", ".join(f"{lang} {count}" for lang, count in stats.languages.items()) or "none"
    folders = ", ".join(f"{folder}/ {count}" for folder, count in stats.top_folders[:10]) or "none"
    skipped = ", ".join(f"{reason} {count}" for reason, count in stats.skipped.items())
    lines = [
        f"Repository: {stats.root.rsplit('/', 1)[-1]}",
        f"Files: {stats.files} ({stats.source_files} source files, {stats.lines} lines of source)",
        f"Languages (files): {languages}",
        f"Biggest top-level folders (files): {folders}",
        f"Index: {stats.definitions} definitions, {stats.references} references",
    ]
    if skipped:
        lines.append(f"Not indexed: {skipped}")
    lines += ["", f"Question: {question}"]
    return "\n".join(lines)


def summary_prompt(path: str, language: str | None, source: str, *, cut: bool) -> str:
    """The worker prompt that summarises one file for a supervisor that has not read it."""
    note = "\n(The file is longer; only its beginning is shown.)" if cut else ""
    return (
        f"Summarise this {language or 'text'} file, {path}, for an engineer who has not read it."
        " In at most 12 lines: its purpose; its main definitions, each with one line on what it"
        " does; what it depends on (imports, external services, files); anything surprising."
        f" Cite line numbers for definitions.{note}\n\n```\n{source}\n```"
    )
