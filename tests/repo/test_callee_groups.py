"""The one rule, shared by the CLI and the REPL prelude, for which definition a call is in."""

from __future__ import annotations

import ast
import inspect

from rlm_code.repo import callee_groups
from rlm_code.repo.callee_groups import group_calls_by_definition


def test_a_call_goes_under_the_first_definition_whose_lines_hold_it() -> None:
    getter, setter, nested = ("a.py", 3, 5), ("a.py", 7, 9), ("a.py", 4, 4)
    calls = [("a.py", 8), ("a.py", 4), ("b.py", 4), ("a.py", 5)]
    # The nested definition's call belongs to its enclosing namesake, listed first; a call in
    # no definition's lines (not something Repo.callees gives) is kept under the first.
    assert group_calls_by_definition([getter, setter, nested], calls) == [[1, 2, 3], [0], []]
    assert group_calls_by_definition([], []) == []


def test_it_imports_nothing_so_its_source_can_run_in_the_sandbox() -> None:
    tree = ast.parse(inspect.getsource(callee_groups))
    imported = [node for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))]
    assert [(node.module, node.level) for node in imported if isinstance(node, ast.ImportFrom)] == [
        ("collections.abc", 0)
    ]
