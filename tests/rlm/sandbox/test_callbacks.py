"""Callbacks: parent helpers called from the child over the pipe."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from rlm_code.errors import NotFoundError
from rlm_code.rlm.sandbox import Limits

from .conftest import MakeSandbox, ok, still_works


@dataclass(frozen=True)
class Hit:
    path: Path
    line: int


def fake_grep(pattern: str, *, limit: int = 10) -> dict[str, Any]:
    """Search the repository for ``pattern``."""
    return {"pattern": pattern, "values": [1, 2], "hits": [Hit(Path("shop/app.py"), 3)][:limit], "count": 1}


def test_dict_results_read_as_attributes_and_print_readably(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox(callbacks={"grep": fake_grep})
    code = "r = grep('def main', limit=5)\nprint(r.pattern, r.count, r.hits[0].path, r.hits[0].line, r.values)"
    assert ok(sandbox.run(code)) == "def main 1 shop/app.py 3 [1, 2]\n"
    assert ok(sandbox.run("r")) == (
        "{'pattern': 'def main', 'values': [1, 2], 'hits': [{'path': 'shop/app.py', 'line': 3}], 'count': 1}\n"
    )
    # a missing field says which fields exist; the record is still a dict
    result = sandbox.run("r.nope")
    assert result.error is not None and "no field 'nope'; the fields are: pattern, values, hits, count" in result.error
    assert ok(sandbox.run("print(r['count'], sorted(dict.keys(r)), isinstance(r, dict))")).startswith("1 [")


def test_help_shows_the_helpers_signature_and_doc(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox(callbacks={"grep": fake_grep})
    output = ok(sandbox.run("help(grep)"))
    assert "grep(pattern: 'str', *, limit: 'int' = 10) -> 'dict[str, Any]'" in output
    assert "Search the repository" in output and "errors raise CallbackError" in output


def test_a_failing_callback_raises_in_the_child_and_the_model_recovers(make_sandbox: MakeSandbox) -> None:
    def find(name: str) -> str:
        if name == "missing":
            raise NotFoundError("no symbol named missing")
        raise KeyError(name)

    sandbox = make_sandbox(callbacks={"find": find})
    result = sandbox.run("find('missing')")
    assert result.error is not None and not result.restarted
    assert result.error.rstrip().endswith("CallbackError: find: no symbol named missing")
    assert "Traceback" in result.error and "child.py" not in result.error
    code = "try:\n    find('other')\nexcept CallbackError as exc:\n    print('recovered from', exc)"
    assert ok(sandbox.run(code)) == "recovered from find: KeyError: 'other'\n"
    still_works(sandbox)


def test_the_parent_hears_of_each_exception_a_callback_raised(make_sandbox: MakeSandbox) -> None:
    """The child gets a message; whoever must report the error itself gets the exception."""

    def find(name: str) -> str:
        raise NotFoundError(f"no symbol named {name}")

    raised: list[Exception] = []
    sandbox = make_sandbox(callbacks={"find": find, "ping": lambda: "pong"}, on_callback_error=raised.append)
    assert ok(sandbox.run("print(ping())")) == "pong\n" and raised == []
    sandbox.run("find('a')")
    sandbox.run("try:\n    find('b')\nexcept CallbackError:\n    pass")
    assert [type(exc) for exc in raised] == [NotFoundError, NotFoundError]
    assert [str(exc) for exc in raised] == ["no symbol named a", "no symbol named b"]


def test_arguments_of_any_kind_are_sent_as_json(make_sandbox: MakeSandbox) -> None:
    seen: list[Any] = []
    sandbox = make_sandbox(callbacks={"echo": lambda *args, **kwargs: seen.append((args, kwargs)) or len(seen)})
    ok(sandbox.run("import pathlib\necho((1, 2), {3}, pathlib.Path('a/b'), b'raw', flag=True, obj=object)"))
    assert seen == [(([1, 2], [3], "a/b", "raw"), {"flag": True, "obj": "<class 'object'>"})]
    result = sandbox.run("echo(**{'not valid': 1}, x=2)")  # odd keywords reach the parent function
    assert ok(result) == "2\n" and seen[1] == ((), {"not valid": 1, "x": 2})


def test_a_slow_callback_does_not_count_against_the_cell_timeout(make_sandbox: MakeSandbox) -> None:
    def llm_query(prompt: str) -> str:
        time.sleep(0.25)
        return prompt.upper()

    sandbox = make_sandbox(callbacks={"llm_query": llm_query}, limits=Limits(cell_timeout=0.3))
    started = time.monotonic()
    result = sandbox.run("answers = [llm_query(q) for q in ('a', 'b', 'c')]\nprint(answers)")
    assert time.monotonic() - started >= 0.75  # more than twice the whole timeout was spent waiting
    assert ok(result) == "['A', 'B', 'C']\n"


def test_the_clock_still_runs_while_the_child_computes_between_callbacks(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox(callbacks={"nap": lambda: time.sleep(0.2)}, limits=Limits(cell_timeout=0.3))
    result = sandbox.run("nap()\nwhile True:\n    pass")
    assert result.error is not None and result.error.startswith("TimeoutError") and not result.restarted


def test_an_unknown_helper_name_is_refused_up_front(make_sandbox: MakeSandbox) -> None:
    from rlm_code.errors import UsageError

    with pytest.raises(UsageError):
        make_sandbox(callbacks={"FINAL": print})


def test_an_interrupt_inside_a_callback_propagates_and_the_sandbox_restarts(
    make_sandbox: MakeSandbox,
) -> None:
    def stop() -> None:
        raise KeyboardInterrupt

    sandbox = make_sandbox(callbacks={"stop": stop})
    ok(sandbox.run("kept = 1"))
    with pytest.raises(KeyboardInterrupt):
        sandbox.run("stop()")
    result = sandbox.run("kept")  # a fresh child: the variable is gone
    assert result.error is not None and "NameError" in result.error
    still_works(sandbox)


def test_a_result_too_large_for_the_wire_becomes_an_error(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox(callbacks={"huge": lambda: "x" * (65 << 20)})
    result = sandbox.run("huge()")
    assert result.error is not None and "too large to send back" in result.error
    still_works(sandbox)
