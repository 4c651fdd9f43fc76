"""Formatting helpers defined inside the REPL before the supervisor's first cell.

This file's source is run in the sandboxed child, so it imports nothing from rlm_code: it
only turns the dictionaries the repository helpers return into short, readable answers.
Each answer names sites as ``path:line`` so editors can open them. The one rule it shares
with the CLI, which definition a call belongs to, comes with it: ``prelude_source`` appends
the source of ``rlm_code/repo/callee_groups.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # defined by the appended source in the sandbox
    from ..repo.callee_groups import group_calls_by_definition


def _where(item: Any) -> str:
    return f"{item['path']}:{item['line']}"


def format_definitions(definitions: list[Any]) -> str:
    """``qualname (kind) at path:line`` for each definition."""
    if not definitions:
        return "No definition found."
    lines = [f"{len(definitions)} definition(s):"]
    lines += [f"- {d['qualname']} ({d['kind']}) at {_where(d)}: {d['signature']}" for d in definitions]
    return "\n".join(lines)


def format_callers(result: Any) -> str:
    """Each call site as ``path:line in caller (confidence)``, grouped under its definition;
    also formats ``references``, whose other uses carry their kind (import, type, ref)."""
    definitions = result["definitions"]
    sites = result["callers"]
    heads = ", ".join(f"{d['qualname']} ({_where(d)})" for d in definitions)
    what = "call site(s)" if all(site.get("kind", "call") == "call" for site in sites) else "use(s)"
    hidden = result.get("name_matches_hidden", 0)
    unresolved = f"{hidden} more site(s) only share the name and were not resolved, so are not listed."
    if not sites:
        return f"No call sites or uses of {heads} were found (exact or likely).{' ' + unresolved if hidden else ''}"
    lines = [f"{len(sites)} {what} of {heads}:"]
    several = len(definitions) > 1
    for site in sites:
        kind = f" [{site['kind']}]" if site.get("kind", "call") != "call" else ""
        callee = f" -> {site['callee']}" if several and site.get("callee") else ""
        lines.append(f"- {_where(site)} in {site['caller']} ({site['confidence']}){kind}{callee}")
    if result.get("truncated"):
        lines.append(f"(more {what} exist; the list was cut)")
    if hidden:
        lines.append(f"({unresolved})")
    return "\n".join(lines)


def format_callees(result: Any) -> str:
    """Each definition the target names, then each call made inside it with what it resolves
    to: a call sits under the first definition whose lines hold it, as ``callees`` lists it."""
    definitions, calls = result["definitions"], result["callees"]
    groups = group_calls_by_definition(
        [(d["path"], d["line"], d["end_line"]) for d in definitions], [(c["path"], c["line"]) for c in calls]
    )
    lines = []
    for definition, group in zip(definitions, groups, strict=True):
        lines.append(f"{definition['qualname']} ({_where(definition)}) calls:")
        if not group:
            lines.append("- nothing")
        for call in (calls[index] for index in group):
            if not call.get("callee"):
                target = "unresolved" if call["confidence"] == "name" else call["confidence"]
            else:
                target = call["callee"] + (" (likely)" if call["confidence"] == "likely" else "")
            lines.append(f"- line {call['line']}: {call['name']} -> {target}")
    if result.get("truncated"):
        lines.append("(more calls exist; the list was cut)")
    return "\n".join(lines)


def format_importers(result: Any) -> str:
    """Each import of the module as ``path:line: statement``; with ``inside``, a yes or no
    to "does inside depend on the module?" first, through other files if not directly."""
    sites = result["importers"]
    files = ", ".join(result["files"]) if len(result["files"]) <= 3 else f"{len(result['files'])} files"
    inside = result.get("inside")
    if inside:
        if not sites:
            return _through(inside, result["module"], result.get("through") or [])
        head = f"Yes: {inside} imports {result['module']} ({files}), {len(sites)} time(s):"
    elif not sites:
        return f"Nothing in the repository imports {result['module']} ({files})."
    else:
        head = f"{len(sites)} import(s) of {result['module']} ({files}):"
    lines = [head]
    lines += [f"- {_where(site)}: {site['text']}" for site in sites]
    if result.get("truncated"):
        lines.append("(more imports exist; the list was cut)")
    return "\n".join(lines)


def _through(inside: str, module: str, chain: list[Any]) -> str:
    if not chain:
        return f"No: nothing in {inside} imports {module}, directly or through other files."
    lines = [f"Yes, through other files: nothing in {inside} imports {module} directly, but"]
    lines += [f"- {_where(step)} imports {step['target']}" for step in chain]
    return "\n".join(lines)


def format_grep(result: Any) -> str:
    """Each match as ``path:line: text (in symbol)``."""
    matches = result["matches"]
    if not matches:
        return f"No match for {result['pattern']!r}."
    lines = [f"{len(matches)} match(es) for {result['pattern']!r}:"]
    for match in matches:
        inside = f" (in {match['symbol']})" if match.get("symbol") else ""
        lines.append(f"- {_where(match)}: {match['text'].strip()}{inside}")
    if result.get("truncated"):
        lines.append("(more matches exist; the list was cut)")
    return "\n".join(lines)


def format_outline(result: Any) -> str:
    """The definitions of one file, indented by nesting."""
    lines = [f"{result['path']} ({result['language']}):"]
    names = {d["qualname"] for d in result["definitions"]}
    for definition in result["definitions"]:
        parts = definition["qualname"].split(".")  # indented once per enclosing definition here
        indent = "  " * sum(".".join(parts[:cut]) in names for cut in range(1, len(parts)))
        lines.append(f"- {indent}{definition['kind']} {definition['qualname']} (line {definition['line']})")
    return "\n".join(lines)


def format_sources(sources: list[Any]) -> str:
    """The source of each definition under a ``path:line`` heading."""
    if not sources:
        return "No definition found."
    blocks = []
    for source in sources:
        definition = source["definition"]
        blocks.append(f"{definition['qualname']} at {_where(definition)}:\n{source['source']}")
    return "\n\n".join(blocks)


def format_files(result: Any) -> str:
    """A file list, with a note when it was cut."""
    paths = result["paths"]
    if not paths:
        return "No matching files."
    more = f"\n(and {result['total'] - len(paths)} more)" if result.get("truncated") else ""
    return f"{result['total']} file(s):\n" + "\n".join(f"- {p}" for p in paths) + more
