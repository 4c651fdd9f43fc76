"""Tool arguments that break the input schema, as one line an agent can act on.

The SDK validates a call's arguments with pydantic and, on failure, returns pydantic's report:
several lines per argument, the internal model's name and a link to pydantic's docs. The
model calling a tool needs less and more: which argument, the value it sent, and what is
allowed, which is the tool's input schema (the one the client was shown). So
:class:`CheckedServer` rewrites that one failure, and also rejects an argument the tool does
not take, which pydantic would drop without a word (``max_results`` for ``limit`` would
otherwise quietly give the default page).
"""

from __future__ import annotations

import json
from typing import Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError, UnexpectedToolError
from mcp.types import CallToolResult, InputRequiredResult
from pydantic import ValidationError

__all__ = ["CheckedServer"]

_NOUNS = {
    "integer": "an integer",
    "number": "a number",
    "string": "a string",
    "boolean": "true or false",
    "object": "an object",
}
_PLURALS = {"integer": "integers", "number": "numbers", "string": "strings", "object": "objects"}
_SHOWN_VALUE = 60
"""Characters of a rejected value repeated in the message."""


class CheckedServer(MCPServer[Any]):
    """An ``MCPServer`` whose argument errors are one line each (see the module docstring)."""

    async def call_tool(
        self, name: str, arguments: dict[str, Any], context: Context[Any, Any] | None = None
    ) -> CallToolResult | InputRequiredResult:
        schema = self._tool_input_schema(name)  # the schema clients were shown; None for an unknown tool
        unknown = _describe_unknown(name, schema, arguments) if schema else None
        if unknown:
            raise ToolError(_prefixed(name, unknown))
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as exc:
            invalid = exc.__cause__
            if isinstance(exc, UnexpectedToolError) or not isinstance(invalid, ValidationError) or not schema:
                raise
            raise ToolError(_prefixed(name, _describe_invalid(schema, invalid, arguments))) from invalid


def _prefixed(tool: str, message: str) -> str:
    """The message as the SDK words every other tool error."""
    return f"Error executing tool {tool}: {message}"


def _describe_unknown(tool: str, schema: dict[str, Any], arguments: dict[str, Any]) -> str | None:
    """The arguments ``tool`` does not take, and those it does; None if there are none."""
    known = list(schema.get("properties", {}))
    unknown = [name for name in arguments if name not in known]
    if not unknown:
        return None
    names = ", ".join(repr(name) for name in unknown)
    takes = ", ".join(known) if known else "no arguments"
    return f"unknown argument{'s' if len(unknown) > 1 else ''} {names}; {tool} takes {takes}"


def _describe_invalid(schema: dict[str, Any], error: ValidationError, arguments: dict[str, Any]) -> str:
    """Each argument pydantic rejected, with the value sent (whole: pydantic names the bad
    item of a list) and what the schema allows, on one line."""
    properties: dict[str, Any] = schema.get("properties", {})
    described: dict[str, str] = {}  # a union argument fails once per option: say it once
    for failure in error.errors():
        argument = str(failure["loc"][0])
        if argument in described:
            continue
        if argument not in arguments:
            described[argument] = f"missing required argument {argument}"
        else:
            described[argument] = (
                f"{argument}={_shown(arguments[argument])} is not {_expected(properties.get(argument, {}))}"
            )
    return "; ".join(described.values())


def _expected(node: dict[str, Any]) -> str:
    """What a schema node accepts, in words: "an integer from 1 to 50", "a string or a list
    of strings". null is left out: an optional argument is simply left out instead."""
    options = [option for option in node.get("anyOf", [node]) if option.get("type") != "null"]
    return " or ".join(_one_type(option) for option in options) or "accepted"


def _one_type(node: dict[str, Any]) -> str:
    kind = node.get("type")
    if kind == "array":
        items = _PLURALS.get(node.get("items", {}).get("type", ""))
        return f"a list of {items}" if items else "a list"
    return _NOUNS.get(str(kind), "a value") + _bounds(node)


def _bounds(node: dict[str, Any]) -> str:
    low, high = node.get("minimum"), node.get("maximum")
    if low is not None and high is not None:
        return f" from {low} to {high}"
    if low is not None:
        return f" of at least {low}"
    if high is not None:
        return f" of at most {high}"
    if "exclusiveMinimum" in node:
        return f" greater than {node['exclusiveMinimum']}"
    if "exclusiveMaximum" in node:
        return f" less than {node['exclusiveMaximum']}"
    return ""


def _shown(value: object) -> str:
    """The value as the client wrote it (JSON, on one line), shortened if long."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= _SHOWN_VALUE else f"{text[: _SHOWN_VALUE - 3]}..."
