"""Arguments that break a tool's input schema, over the in-memory client: one line that names
the argument, the value sent and what is allowed, as an error result."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from mcp import Client

from .conftest import error_text, run, structured

CASES = [
    ("read_symbol", {"name": "Model", "limit": 51}, "limit=51 is not an integer from 1 to 50"),
    ("callers", {"target": "url_for", "offset": -1}, "offset=-1 is not an integer of at least 0"),
    ("grep", {"pattern": "def", "context": 21}, "context=21 is not an integer from 0 to 20"),
    ("grep", {"pattern": "def", "limit": "ten"}, 'limit="ten" is not an integer from 1 to 5000'),
    ("grep", {"pattern": "def", "limit": 1.5}, "limit=1.5 is not an integer from 1 to 5000"),
    ("grep", {"pattern": "def", "glob": ["*.py", 3]}, 'glob=["*.py", 3] is not a string or a list of strings'),
    ("read_file", {"path": "shop/app.py", "start": 0}, "start=0 is not an integer of at least 1"),
    (
        "references",
        {"target": "url_for", "include_name_matches": "maybe"},
        'include_name_matches="maybe" is not true or false',
    ),
    ("ask", {"question": "what?", "max_cost": -1}, "max_cost=-1 is not a number greater than 0"),
    ("outline", {}, "missing required argument path"),
    ("grep", {"pattern": None}, "pattern=null is not a string"),
    (
        "list_files",
        {"offset": -2, "limit": 0},
        "offset=-2 is not an integer of at least 0; limit=0 is not an integer from 1 to 5000",
    ),
    (
        "callers",
        {"target": "url_for", "max_results": 5},
        "unknown argument 'max_results'; callers takes target, include_name_matches, offset, limit",
    ),
]


@pytest.mark.parametrize(("tool", "arguments", "message"), CASES, ids=[case[2] for case in CASES])
def test_a_bad_argument_is_one_line_naming_it_its_value_and_what_is_allowed(
    make_server: Callable[..., Any], tool: str, arguments: dict[str, Any], message: str
) -> None:
    server, _ = make_server()

    async def main() -> None:
        async with Client(server) as client:
            assert error_text(await client.call_tool(tool, arguments)) == f"Error executing tool {tool}: {message}"
            after = await client.call_tool("read_symbol", {"name": "url_for", "limit": 50})
            assert structured(after)["definitions"]

    run(main)
