"""Types a JavaScript file writes in its JSDoc comments, read as TypeScript would read them.

JavaScript has no type annotations, but much of it says its types in a ``/** ... */`` comment
just before a function: ``@param {Option} option`` and ``@returns {Command}``. The TypeScript
checker reads them in JavaScript files, and so do we: a documented parameter holds its type
as an annotated one would, and a documented return type is the function's own. Only the
parts a resolver can use are read: a type naming a class (``{Option}``, ``{?Option}``,
``{Option[]}``, ``{Array.<Option>}``); a type it cannot name (``{*}``, an inline
``{{a: number}}``) is kept as written and resolves to nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import tree_sitter

__all__ = ["JSDoc", "documented_function", "parameter_names", "read_jsdoc"]

# `@param {Type} name`, `@arg {Type} [name=default]`, `@returns {Type}`; a type in braces may
# hold braces of its own (`{{a: number}}`), one level of them.
_TAG = re.compile(
    r"@(?P<tag>param|arg|argument|returns?)\s*\{(?P<type>(?:[^{}]|\{[^{}]*\})*)\}\s*(?P<name>\[[^\]]*\]|[\w$.]+)?"
)
_NULLABLE = re.compile(r"^[?!]|=$")  # `?Foo`, `!Foo`, an optional `Foo=`
_OLD_GENERIC = re.compile(r"\.<")  # Closure's `Array.<Foo>`
_SPACES = re.compile(r"\s+")
_FUNCTIONS = frozenset(
    {
        "function_declaration",
        "generator_function_declaration",
        "method_definition",
        "function_expression",
        "arrow_function",
        "generator_function",
        "function",
    }
)
# Where the function a statement defines is, one step at a time: `export function f`, `const f =
# function`, `Foo.prototype.f = function`, `{ f: function }`, a class field `f = () => {}`.
_HOLDING = {
    "export_statement": "declaration",
    "lexical_declaration": None,  # its first declarator
    "variable_declaration": None,
    "variable_declarator": "value",
    "expression_statement": None,  # its expression
    "assignment_expression": "right",
    "pair": "value",
    "field_definition": "value",
}


@dataclass(frozen=True, slots=True)
class JSDoc:
    """What one comment says of a function: its parameters' types by name, and what it returns."""

    parameters: dict[str, str] = field(default_factory=dict)
    returns: str = ""


def read_jsdoc(comment: str) -> JSDoc | None:
    """The types a ``/** ... */`` comment gives; None for any other comment, or one that
    gives no type. A dotted name (``@param {string} options.name``) is a property of a
    parameter, not one."""
    if not comment.startswith("/**"):
        return None
    parameters: dict[str, str] = {}
    returns = ""
    for tag in _TAG.finditer(comment):
        written = _as_typescript(tag["type"])
        if tag["tag"].startswith("return"):
            returns = returns or written
            continue
        name = (tag["name"] or "").strip("[]").partition("=")[0].strip()
        if name and "." not in name:
            parameters.setdefault(name.removeprefix("..."), written)
    return JSDoc(parameters, returns) if parameters or returns else None


def documented_function(statement: tree_sitter.Node) -> tuple[tree_sitter.Node, list[tree_sitter.Node]] | None:
    """The function a statement just after a comment defines, and the nodes on the way to it
    (a definition may be any of them: the declarator of ``const f = function``, the
    assignment of ``Foo.prototype.f = function``); None if it defines none."""
    path = [statement]
    node: tree_sitter.Node | None = statement
    while node is not None and node.type not in _FUNCTIONS:
        if node.type not in _HOLDING:
            return None
        held = _HOLDING[node.type]
        node = node.child_by_field_name(held) if held else next(iter(node.named_children), None)
        if node is not None:
            path.append(node)
    return (node, path) if node is not None else None


def parameter_names(function: tree_sitter.Node) -> list[tree_sitter.Node]:
    """The names of a JavaScript function's parameters that a comment may type: ``a``,
    ``b = 1``, ``...rest`` (a destructured one has no name)."""
    if (single := function.child_by_field_name("parameter")) is not None:  # `x => ...`
        return [single]
    declared = function.child_by_field_name("parameters")
    names = []
    for parameter in declared.named_children if declared is not None else ():
        if parameter.type == "assignment_pattern":
            parameter = parameter.child_by_field_name("left") or parameter
        elif parameter.type == "rest_pattern" and parameter.named_children:
            parameter = parameter.named_children[0]
        if parameter.type == "identifier":
            names.append(parameter)
    return names


def _as_typescript(written: str) -> str:
    """A JSDoc type as TypeScript writes it, without spaces: ``?Foo`` is ``Foo``,
    ``Array.<Foo>`` is ``Array<Foo>``, and the ``...Foo`` of a rest parameter ``Foo[]``."""
    written = _OLD_GENERIC.sub("<", _NULLABLE.sub("", _SPACES.sub("", written)))
    return f"{written[3:]}[]" if written.startswith("...") else written
