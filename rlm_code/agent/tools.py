"""The repository helpers the REPL gets, and the signatures the supervisor's prompt lists.

Each helper returns plain JSON data (what can cross into the sandbox) and has a tighter
default limit than the library, so one careless call cannot flood the model's context. The
prompt's helper list is derived from these methods, so it cannot drift from them.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..repo import Repo, callee_groups
from ..repo.languages import language_for_path
from ..repo.store import default_cache_dir
from ..rlm.engine import WorkerCalls
from . import prelude
from .prompts import SUMMARY_PROMPT_VERSION, summary_prompt

__all__ = ["RepoTools", "SummaryCache"]

_SUMMARY_MAX_LINES = 1500
_SUMMARY_MAX_CHARS = 60_000
"""What a worker is shown of one file: its first 1,500 lines, and of those at most 60,000
characters (about 15k tokens), so a minified one-line bundle costs no more than real code."""


@functools.cache
def prelude_source() -> str:
    """The code every REPL runs first, inside the sandbox: ``prelude.py``, then the grouping
    of calls by definition it shares with the CLI (which imports nothing, so it can follow)."""
    return "\n\n".join(inspect.getsource(module) for module in (prelude, callee_groups))


class SummaryCache:
    """Worker summaries on disk, keyed by file content, worker model and prompt version, so a
    file is summarised once until it changes."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or default_cache_dir() / "summaries"

    def _path(self, content: str, model: str) -> Path:
        key = hashlib.sha256(f"{SUMMARY_PROMPT_VERSION}\0{model}\0{content}".encode()).hexdigest()
        return self.folder / key[:2] / f"{key}.txt"

    def get(self, content: str, model: str) -> str | None:
        try:
            return self._path(content, model).read_text(encoding="utf-8")
        except OSError:
            return None

    def put(self, content: str, model: str, summary: str) -> None:
        path = self._path(content, model)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(summary, encoding="utf-8")
        temporary.replace(path)


class RepoTools:
    """The helpers bound to one repository and one run's worker calls."""

    def __init__(self, repo: Repo, worker: WorkerCalls, *, summaries: SummaryCache, worker_model: str) -> None:
        self._repo = repo
        self._worker = worker
        self._summaries = summaries
        self._worker_model = worker_model

    NAMES = (
        "stats",
        "list_files",
        "grep",
        "read_file",
        "outline",
        "definitions",
        "read_symbol",
        "callers",
        "callees",
        "references",
        "importers",
        "import_path",
        "summarize_file",
    )

    def table(self) -> dict[str, Callable[..., Any]]:
        return {name: getattr(self, name) for name in self.NAMES}

    @classmethod
    def signatures(cls) -> list[str]:
        """``name(arguments) -> type: the docstring's first paragraph`` for each helper."""
        lines = []
        for name in cls.NAMES:
            method = getattr(cls, name)
            signature = inspect.signature(method)
            parameters = list(signature.parameters.values())[1:]  # without self
            shown = signature.replace(parameters=parameters)
            doc = " ".join((inspect.getdoc(method) or "").split("\n\n")[0].split())
            lines.append(f"{name}{shown}: {doc}".replace("'", ""))
        return lines

    # -- the helpers ------------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        """Size, languages, biggest folders and index size of the repository."""
        return self._repo.stats().to_dict()

    def list_files(self, glob: str | None = None, lang: str | None = None, limit: int = 200) -> dict[str, Any]:
        """Files (.gitignore honoured), by glob like "src/**/*.py" and language: {paths, total, truncated}."""
        return self._repo.list_files(glob, lang, limit=limit).to_dict()

    def grep(
        self,
        pattern: str,
        glob: str | None = None,
        ignore_case: bool = False,
        context: int = 0,
        max_results: int = 50,
        fixed_strings: bool = False,
    ) -> dict[str, Any]:
        """Regex search: {matches: [{path, line, column, text, symbol}], truncated}; symbol encloses the line."""
        return self._repo.grep(pattern, glob, ignore_case, context, max_results, fixed_strings=fixed_strings).to_dict()

    def read_file(self, path: str, start: int | None = None, end: int | None = None) -> dict[str, Any]:
        """Lines start..end (1-based, inclusive, at most 300): {path, start, end, total_lines, text, truncated}."""
        return self._repo.read_file(path, start, end, max_lines=300).to_dict()

    def outline(self, path: str) -> dict[str, Any]:
        """The definitions in one file: {path, language, definitions: [{qualname, kind, line, end_line, signature}]}."""
        return self._repo.outline(path).to_dict()

    def definitions(self, name: str) -> list[dict[str, Any]]:
        """Where a name, Qualified.name or path:Qualified.name is defined: [{path, line, qualname, kind, signature}]."""
        return [d.to_dict() for d in self._repo.find_definitions(name)]

    def read_symbol(self, name: str) -> list[dict[str, Any]]:
        """The source of each definition a name names, at most 5 (definitions(name) lists all):
        [{definition, source, truncated}]."""
        return [s.to_dict() for s in self._repo.read_symbol(name, max_lines=200, max_definitions=5)]

    def callers(self, target: str, include_name_matches: bool = False, max_results: int = 200) -> dict[str, Any]:
        """Call sites of a function or method: {definitions, callers: [{path, line, caller, confidence, callee}],
        name_matches_hidden, truncated}; name_matches_hidden counts unresolved same-name sites left out."""
        found = self._repo.callers(target, include_name_matches=include_name_matches, max_results=max_results)
        return found.to_dict()

    def callees(self, target: str, max_results: int = 200) -> dict[str, Any]:
        """The calls made inside a definition, resolved: {definitions, callees: [{line, name, callee, confidence}]}."""
        return self._repo.callees(target, max_results=max_results).to_dict()

    def references(self, target: str, include_name_matches: bool = False, max_results: int = 200) -> dict[str, Any]:
        """Every use of a definition (calls, and where it is imported, passed, assigned or annotated)."""
        found = self._repo.references(target, include_name_matches=include_name_matches, max_results=max_results)
        return found.to_dict()

    def importers(self, module: str, inside: str | None = None, max_results: int = 200) -> dict[str, Any]:
        """Imports of a module name, file or folder, only those made inside another when given
        (does inside depend on module?): {module, inside, files, importers: [{path, line, text}]}."""
        return self._repo.importers(module, inside=inside, max_results=max_results).to_dict()

    def import_path(self, source: str, target: str) -> list[dict[str, Any]]:
        """The shortest chain of imports from source to target (folders, files or modules), empty
        if none: [{path, line, target, module, name}], each step one file importing the next."""
        return [edge.to_dict() for edge in self._repo.import_path(source, target)]

    def summarize_file(self, path: str) -> str:
        """A worker's summary of one file (purpose, main definitions, dependencies), cached."""
        chunk = self._repo.read_file(path, max_lines=_SUMMARY_MAX_LINES)
        text = chunk.text[:_SUMMARY_MAX_CHARS]
        cached = self._summaries.get(text, self._worker_model)
        if cached is not None:
            self._worker.record_cached("summarize_file", len(text), len(cached))
            return cached
        cut = chunk.truncated or len(text) < len(chunk.text)
        prompt = summary_prompt(chunk.path, language_for_path(chunk.path), text, cut=cut)
        summary = self._worker.query(prompt, kind="summarize_file")
        self._summaries.put(text, self._worker_model, summary)
        return summary
