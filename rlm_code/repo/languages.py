"""The language registry: which files are source code, and which grammar and query read them.

Everything rlm-code knows about a language's syntax lives in two places: this table and the
query file ``queries/<name>-tags.scm``. Adding a language means adding a row and a query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["LANGUAGES", "Language", "language_for_file", "language_for_path", "may_have_language"]


@dataclass(frozen=True, slots=True)
class Language:
    """One supported language.

    ``grammar`` names the grammar wheel's module and the function in it that returns the
    language pointer; ``family`` groups languages whose files import each other (TSX and
    TypeScript and JavaScript) for resolving calls.
    """

    name: str
    extensions: tuple[str, ...]
    grammar: tuple[str, str]
    family: str

    @property
    def query_file(self) -> str:
        return f"{self.name}-tags.scm"


LANGUAGES: dict[str, Language] = {
    lang.name: lang
    for lang in (
        Language("python", (".py", ".pyi"), ("tree_sitter_python", "language"), "python"),
        Language(
            "javascript",
            (".js", ".mjs", ".cjs", ".jsx"),
            ("tree_sitter_javascript", "language"),
            "js",
        ),
        Language(
            "typescript",
            (".ts", ".mts", ".cts"),
            ("tree_sitter_typescript", "language_typescript"),
            "js",
        ),
        Language("tsx", (".tsx",), ("tree_sitter_typescript", "language_tsx"), "js"),
        Language("go", (".go",), ("tree_sitter_go", "language"), "go"),
        Language("rust", (".rs",), ("tree_sitter_rust", "language"), "rust"),
        Language("java", (".java",), ("tree_sitter_java", "language"), "java"),
        Language("c", (".c", ".h"), ("tree_sitter_c", "language"), "c"),
        Language(
            "cpp",
            (".cc", ".cpp", ".cxx", ".c++", ".hh", ".hpp", ".hxx", ".h++", ".ipp"),
            ("tree_sitter_cpp", "language"),
            "c",
        ),
    )
}

_BY_EXTENSION: dict[str, str] = {ext: lang.name for lang in LANGUAGES.values() for ext in lang.extensions}


def language_for_path(path: str) -> str | None:
    """The language of a repo-relative path, from its extension, or None for other files."""
    return _BY_EXTENSION.get(_suffix(path))


def _suffix(path: str) -> str:
    """The lower-cased extension of a repo-relative POSIX path, as ``PurePosixPath.suffix``
    has it, with string operations: it runs for every file each time an index is refreshed."""
    name = path[path.rfind("/") + 1 :]
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


# A ``.h`` header may be C or C++, and only its text tells which: these constructs are C++.
_HEADER = ".h"
_CPP_IN_HEADER = re.compile(
    rb"^[ \t]*(?:class[ \t]+\w|namespace\b|template[ \t]*<|(?:public|protected|private)[ \t]*:)"
    rb"|^[ \t]*#[ \t]*include[ \t]*<\w+>"  # <vector>, <string>: the C++ library has no .h
    rb"|\bstd::",
    re.MULTILINE,
)
_COMMENT_OR_LITERAL = re.compile(
    rb"/\*.*?\*/|//[^\n]*"  # comments
    rb'|"(?:\\.|[^"\\\n])*"'  # string literals
    rb"|'(?:\\.|[^'\\\n])*'",  # character literals
    re.DOTALL,
)


def language_for_file(path: str, data: bytes) -> str | None:
    """The language of a file from its extension, except that a ``.h`` header written in C++
    is C++ (most C++ projects name their headers ``.h``). What looks like C++ only in a
    comment or a string (``// unlike std::vector``) does not count."""
    lang = language_for_path(path)
    if lang == "c" and _suffix(path) == _HEADER and _CPP_IN_HEADER.search(_code_only(data)):
        return "cpp"
    return lang


def _code_only(data: bytes) -> bytes:
    """``data`` with its comments and string and character literals blanked, each keeping its
    line breaks, so that what follows one still starts its line."""
    return _COMMENT_OR_LITERAL.sub(lambda match: b"\n" * match[0].count(b"\n") or b" ", data)


def may_have_language(path_language: str | None, lang: str | None) -> bool:
    """Whether :func:`language_for_file` can give ``lang`` to a file whose extension's
    language is ``path_language``, whatever its text."""
    return lang == path_language or (path_language == "c" and lang == "cpp")
