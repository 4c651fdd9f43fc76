"""Names and types as source code writes them, read without a parser.

Receivers, callees and type annotations reach the resolvers as compact text (``this.repo``,
``geo::Circle``, ``Vec::<u8>::new``, ``&mut Store``, ``Box<Shape>``, ``[]*Server``); these
functions take them apart the same way for every language.
"""

from __future__ import annotations

import re

__all__ = [
    "callback_parameters",
    "called",
    "closing_bracket",
    "constructed_class",
    "is_builtin_compound",
    "parameters",
    "split_arguments",
    "split_last",
    "split_path",
    "step_types",
    "subscript",
    "type_name",
]

_PATH_SEPARATOR = re.compile(r"::|->|[?!]?\.")
_IDENTIFIER = re.compile(r"#?[A-Za-z_$][\w$]*")  # `#name`: a JavaScript private member
_GENERIC_ARGUMENTS = re.compile(r"(?:::)?<[^<>]*>")
# A TypeScript parameter's name as written before its type: `...rest`, `b?`, `private readonly repo`.
_PARAMETER_NAME = re.compile(r"(?:(?:public|private|protected|readonly|override)\s+)*(?:\.\.\.)?(?P<name>[\w$]+)\??")
_NULLISH = frozenset({"null", "undefined", "None", "nil"})
# The pointer or reference marks after a C++ element type: `Foo *` in `std::vector<Foo *>`.
_ELEMENT_MARKS = re.compile(r"[*&]+$")


def split_path(expression: str) -> list[str] | None:
    """``a.b``, ``a->b``, ``a::b`` or ``a?.b`` as its names, or None if it is not such a path.
    Generic arguments are dropped: ``Vec::<u8>::new`` is ``Vec``, ``new``."""
    parts = _PATH_SEPARATOR.split(_drop_generic_arguments(expression))
    return parts if all(_IDENTIFIER.fullmatch(part) for part in parts) else None


def split_last(expression: str) -> tuple[str, str]:
    """``(receiver, name)`` of a dotted or ``::`` path; the receiver is empty for a bare name."""
    cleaned = _drop_generic_arguments(expression)
    separators = list(_PATH_SEPARATOR.finditer(cleaned))
    if not separators:
        return "", cleaned
    last = separators[-1]
    return cleaned[: last.start()], cleaned[last.end() :]


def constructed_class(callee: str) -> str | None:
    """The class ``new a.Foo`` names, the callee of ``new a.Foo()``; None for any other
    callee, ``new Foo().make`` too, whose receiver is what is new."""
    return callee.removeprefix("new ") if callee.startswith("new ") and "(" not in callee else None


def is_builtin_compound(text: str) -> bool:
    """Whether a written type is a slice, array or map (``[]Foo``, ``Foo[]``, ``[Foo]``)."""
    text = text.strip().lstrip("*&").strip()
    return text.startswith(("[", "map[")) or text.endswith("[]")


def type_name(text: str, holders: frozenset[str] = frozenset()) -> str | None:
    """The class a written type names: ``*Server`` and ``&Foo`` give the type, ``Foo | null``
    gives ``Foo``, ``Repo<T>`` gives ``Repo``; slices, arrays, maps and unions of several give
    None. A parenthesised list of Go results gives its first. ``holders`` are a language's
    generic types that stand for their first argument: Rust's ``Box<Foo>`` or ``Option<Foo>``
    (read as the ``Foo`` code reaches after unwrapping), C++'s ``std::unique_ptr<Foo>``; in
    another language a ``Box<T>`` is a class of its own."""
    text = text.strip().lstrip("*&").strip()
    if text.startswith("(") and text.endswith(")"):
        return type_name(split_arguments(text[1:-1])[0], holders)
    options = [part.strip() for part in text.split("|") if part.strip() not in _NULLISH]
    if len(options) != 1:
        return None
    text = options[0]
    if is_builtin_compound(text):
        return None
    if "<" in text and text.endswith(">"):
        head, _, inner = text[:-1].partition("<")
        if head.rpartition(":")[2] in holders:
            return type_name(split_arguments(inner)[0], holders)
        text = head
    text = re.sub(r"\[.*\]$", "", text)  # Go's `Stack[T]`
    return text if split_path(text) is not None else None


def step_types(text: str, sequences: frozenset[str], mappings: frozenset[str]) -> list[str]:
    """The written types of what one step of a loop over a container of type ``text`` gives:
    the element of ``std::vector<Foo>``, ``Vec<Foo>`` (a generic type of ``sequences``),
    ``[Foo]`` or ``[Foo; 4]``; the key and the value of ``std::map<K, V>`` or ``HashMap<K, V>``
    (of ``mappings``), a pair; [] for anything else. No holder is looked through: a Rust
    ``Option<Vec<Foo>>`` iterated gives the ``Vec``."""
    text = text.strip().lstrip("*&").strip()
    if text.startswith("[") and closing_bracket(text, 0) == len(text) - 1:
        return [text[1:-1].partition(";")[0].strip()]
    if "<" not in text or not text.endswith(">"):
        return []
    head, _, inner = text[:-1].partition("<")
    short = head.rpartition(":")[2]
    arguments = [_ELEMENT_MARKS.sub("", argument) for argument in split_arguments(inner)]
    if short in sequences:
        return arguments[:1]
    return arguments[:2] if short in mappings and len(arguments) > 1 else []


def closing_bracket(text: str, start: int) -> int:
    """The index of the bracket that closes the one at ``start`` (-1 if none): in ``[]Foo``,
    1; in ``[Foo; 4]``, the last. An arrow (``=>``, ``->``) is none."""
    depth = 0
    for index in range(start, len(text)):
        if _is_arrow(text, index):
            continue
        depth += (text[index] in "<([") - (text[index] in ">)]")
        if depth == 0:
            return index
    return -1


def parameters(header: str) -> list[tuple[str, str]]:
    """The parameters of a TypeScript function's header or of a function type, each as its
    name and its written type ('' if none), in order: ``function f<T>(a: A, b?: B)``,
    ``constructor(private repo: Repo)``, ``(value: T, index: number) => void``. The ``this``
    a function may declare is no parameter."""
    depth = 0
    for opening, char in enumerate(header):
        if _is_arrow(header, opening):
            continue
        depth += (char == "<") - (char == ">")
        if char == "(" and depth == 0:
            break
    else:
        return []
    closing = closing_bracket(header, opening)
    inner = header[opening + 1 : closing].strip() if closing > 0 else ""
    found = []
    for parameter in split_arguments(inner) if inner else ():
        written, *typed = split_arguments(parameter, ":")
        name = _PARAMETER_NAME.fullmatch(written)
        if name is None or name["name"] != "this":
            found.append((name["name"] if name else "", typed[0] if typed else ""))
    return found


def callback_parameters(text: str) -> list[tuple[str, str]] | None:
    """The parameters of a function type (``(a: A, b: B) => R``, ``((value: T) => void)``), as
    :func:`parameters` gives them; None if ``text`` is no function type."""
    text = text.strip()
    while text.startswith("(") and closing_bracket(text, 0) == len(text) - 1:
        text = text[1:-1].strip()
    opening = text.find("(")
    closing = closing_bracket(text, opening) if opening == 0 or text.startswith("<") else -1
    if closing < 0 or not text[closing + 1 :].lstrip().startswith("=>"):
        return None
    return parameters(text)


def called(expression: str) -> str | None:
    """The callee of a call expression such as ``make(a, b)``; None if ``expression`` is not
    a call, and '' if it is one whose callee cannot be separated."""
    if not expression.endswith(")"):
        return None
    depth = 0
    for index in range(len(expression) - 1, -1, -1):
        char = expression[index]
        if char == ")":
            depth += 1
        elif char == "(":
            depth -= 1
            if depth == 0:
                return expression[:index]
    return ""


def subscript(expression: str) -> tuple[str, str] | None:
    """``(indexed, index)`` of an index expression such as ``items[i]`` or
    ``self.named[&key]``; None if ``expression`` is no such expression (``[a, b]`` is a list)."""
    if not expression.endswith("]"):
        return None
    depth = 0
    for at in range(len(expression) - 1, -1, -1):
        depth += (expression[at] in ")]") - (expression[at] in "([")
        if depth == 0:
            return (expression[:at], expression[at + 1 : -1]) if at else None
    return None


def _drop_generic_arguments(expression: str) -> str:
    while True:
        cleaned = _GENERIC_ARGUMENTS.sub("", expression)
        if cleaned == expression:
            return cleaned
        expression = cleaned


def split_arguments(arguments: str, separator: str = ",", *, angled: bool = True) -> list[str]:
    """A list of arguments (or of Go's results), split at each ``separator`` outside
    brackets, each stripped of spaces: ``Vec<A, B>, E`` gives ``Vec<A, B>`` and ``E``;
    ``func(a, b int) error, bool`` gives two; Python's ``Foo | None`` split at ``|`` gives
    ``Foo`` and ``None``. ``<`` and ``>`` are brackets of a type's arguments unless ``angled``
    is False: Python writes none, and its call arguments compare with them (``f(a < b, c)``
    is two); nor are the arrows Go's ``<-chan T`` and Rust's ``Fn(A) -> B``. Quotes are kept,
    since Rust's ``'a`` is a lifetime, not a string; a Python annotation's reader drops those
    of a forward reference (``"Task"``) itself."""
    opening, closing = ("<([", ">)]") if angled else ("([", ")]")
    found, depth, start = [], 0, 0
    for index, char in enumerate(arguments):
        if angled and _is_arrow(arguments, index):
            continue
        depth += (char in opening) - (char in closing)
        if char == separator and depth == 0:
            found.append(arguments[start:index].strip())
            start = index + 1
    return [*found, arguments[start:].strip()]


def _is_arrow(text: str, index: int) -> bool:
    """Whether the ``<`` or ``>`` at ``index`` is half of ``<-``, ``->`` or ``=>``."""
    return (text[index] == "<" and text[index + 1 : index + 2] == "-") or (
        text[index] == ">" and index > 0 and text[index - 1] in "-="
    )
