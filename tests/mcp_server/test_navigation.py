"""The navigation tools over the in-memory client: CLI shapes, exact answers, bad input, paging."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client

from mcp_server import TOOLS

from ..conftest import HOLD_THE_INDEX_LOCK, run_cli
from .conftest import FIXTURE, error_text, roots, run, structured

MakeServer = Callable[..., Any]


def call(make_server: MakeServer, *calls: tuple[str, dict[str, Any]], **options: Any) -> list[Any]:
    """The results of ``calls``, in order, from one client of a fresh server."""
    server, _ = make_server(**options)

    async def main() -> list[Any]:
        async with Client(server) as client:
            return [await client.call_tool(name, arguments) for name, arguments in calls]

    return run(main)


def test_every_tool_is_listed_with_an_output_schema(make_server: MakeServer) -> None:
    server, _ = make_server()

    async def main() -> None:
        async with Client(server) as client:
            listed = {tool.name: tool for tool in (await client.list_tools()).tools}
            assert tuple(listed) == TOOLS
            for tool in listed.values():
                assert tool.output_schema is not None and tool.description, tool.name
                assert len(tool.description) < 900, tool.name

    run(main)


def test_tools_chooses_what_is_published(make_server: MakeServer) -> None:
    server, _ = make_server(tools=("callers", "grep"))

    async def main() -> None:
        async with Client(server) as client:
            assert [tool.name for tool in (await client.list_tools()).tools] == ["grep", "callers"]
            assert "Unknown tool" in error_text(await client.call_tool("repl", {"code": "1"}))

    run(main)


def test_callers_of_form_full_clean_are_login_and_check(make_server: MakeServer) -> None:
    [result] = call(make_server, ("callers", {"target": "Form.full_clean"}))
    found = structured(result)
    assert [(s["path"], s["line"], s["column"], s["caller"], s["confidence"]) for s in found["callers"]] == [
        ("shop/views.py", 21, 10, "login", "exact"),
        ("shop/views.py", 26, 17, "check", "exact"),
    ]
    assert [d["qualname"] for d in found["definitions"]] == ["Form.full_clean"]
    assert (found["truncated"], found["next_offset"]) == (False, None)
    assert found["note"] == "1 more site only shares the name; include_name_matches=true lists them."
    assert found["name_matches_hidden"] == 1  # shop/views.py:36, listed with include_name_matches


@pytest.mark.parametrize(
    ("tool", "arguments", "command"),
    [
        ("list_files", {"glob": "shop/**"}, ["files", "--glob", "shop/**"]),
        ("list_files", {"syntax_errors": True}, ["files", "--syntax-errors"]),
        ("list_files", {"glob": ["*.py", "!shop"]}, ["files", "--glob", "*.py", "--glob", "!shop"]),
        ("grep", {"pattern": r"full_clean\("}, ["grep", r"full_clean\("]),
        ("outline", {"path": "shop/models.py"}, ["outline", "shop/models.py"]),
        ("read_symbol", {"name": "Model.save"}, ["symbol", "Model.save"]),
        ("callers", {"target": "shop/helpers.py:url_for"}, ["callers", "shop/helpers.py:url_for"]),
        ("callees", {"target": "views.login"}, ["callees", "views.login"]),
        ("references", {"target": "shop/forms.py:Form"}, ["references", "shop/forms.py:Form"]),
        ("importers", {"module": "shop.helpers"}, ["importers", "shop.helpers"]),
    ],
)
def test_results_have_the_fields_of_the_cli_json(
    make_server: MakeServer, tool: str, arguments: dict[str, Any], command: list[str]
) -> None:
    [result] = call(make_server, (tool, arguments))
    cli = run_cli(command[0], FIXTURE, *command[1:], "--json")
    assert cli.returncode == 0, cli.stderr
    expected = json.loads(cli.stdout)
    got = structured(result)
    assert {key: got[key] for key in expected} == expected


def test_importers_inside_a_folder(make_server: MakeServer) -> None:
    [result] = call(make_server, ("importers", {"module": "shop", "inside": "scripts"}))
    found = structured(result)
    assert found["inside"] == "scripts"
    assert [(s["path"], s["line"]) for s in found["importers"]] == [("scripts/broken.py", 1), ("scripts/build.py", 1)]
    [chained] = call(make_server, ("importers", {"module": "shop/utils/text.py", "inside": "scripts/build.py"}))
    assert [(e["path"], e["target"]) for e in structured(chained)["through"]] == [
        ("scripts/build.py", "shop/helpers.py"),
        ("shop/helpers.py", "shop/utils/text.py"),
    ]
    assert structured(chained)["note"] == (
        "Nothing in scripts/build.py imports it directly; through is the shortest chain of imports that leads there."
    )
    assert structured(result)["note"] is None


def test_read_file_does_not_wait_for_the_index(make_server: MakeServer) -> None:
    server, service = make_server()
    service.repo.lock.acquire()  # indexing takes this lock, so the build cannot finish

    async def main() -> tuple[Any, bool]:
        try:
            async with Client(server) as client:
                with anyio.fail_after(10):
                    result = await client.call_tool("read_file", {"path": "shop/views.py", "end": 1})
                return result, service.indexer.building
        finally:
            service.repo.lock.release()

    result, building = run(main)
    assert building
    assert structured(result)["text"].startswith('"""Views: imports through a package re-export')


def test_grep_answers_without_symbols_while_a_first_index_is_built(make_server: MakeServer) -> None:
    server, service = make_server()
    service.repo.lock.acquire()  # indexing takes this lock, so the build cannot finish

    async def main() -> tuple[dict[str, Any], dict[str, Any]]:
        async with Client(server) as client:
            try:
                with anyio.fail_after(30):
                    early = structured(await client.call_tool("grep", {"pattern": r"full_clean\("}))
            finally:
                service.repo.lock.release()
            return early, structured(await client.call_tool("grep", {"pattern": r"full_clean\("}))

    early, later = run(main)
    sites = [(m["path"], m["line"]) for m in later["matches"]]
    assert [(m["path"], m["line"]) for m in early["matches"]] == sites and ("shop/views.py", 21) in sites
    assert {m["symbol"] for m in early["matches"]} == {None}
    assert early["note"].startswith("indexing: ") and "no match names its symbol" in early["note"]
    assert ("shop/views.py", 21, "login") in [(m["path"], m["line"], m["symbol"]) for m in later["matches"]]
    assert later["note"] is None


def test_read_file_reads_a_line_range(make_server: MakeServer) -> None:
    [result] = call(make_server, ("read_file", {"path": "shop/views.py", "start": 19, "end": 21}))
    assert structured(result) == {
        "path": "shop/views.py",
        "start": 19,
        "end": 21,
        "total_lines": 37,
        "truncated": False,
        "note": None,
        "text": "def login(request):\n    form = LoginForm()\n    form.full_clean()",
    }


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [
        ("read_file", {"path": "../outside/secret.py"}),
        ("read_file", {"path": "/etc/passwd"}),
        ("read_file", {"path": "shop/../../outside/secret.py"}),
        ("outline", {"path": "../../../etc/hosts"}),
        ("summarize_file", {"path": "../outside/secret.py"}),
    ],
)
def test_a_path_outside_the_repository_is_an_error_result(
    make_server: MakeServer, tool: str, arguments: dict[str, Any]
) -> None:
    escaped, after = call(make_server, (tool, arguments), ("callers", {"target": "Form.full_clean"}))
    assert "outside the repository" in error_text(escaped)
    assert len(structured(after)["callers"]) == 2  # the server is still up


@pytest.mark.parametrize(
    ("tool", "arguments", "message"),
    [
        ("callers", {}, "target"),
        ("callers", {"target": "no_such_function"}, "no definition named 'no_such_function'"),
        ("grep", {"pattern": "(unclosed"}, "regex"),
        ("grep", {"pattern": ""}, "empty"),
        ("list_files", {"lang": "cobol"}, "unknown language"),
        ("list_files", {"limit": 0}, "limit=0 is not an integer from 1 to 5000"),
        ("read_file", {"path": "shop/views.py", "start": 999}, "past the end"),
        ("read_file", {"path": "shop/missing.py"}, "no such file"),
        ("outline", {"path": "README.md"}, "not a source file"),
        ("importers", {"module": "no.such.module"}, "no module or file named"),
        ("grep", {"pattern": "x", "offset": "many"}, 'offset="many" is not an integer of at least 0'),
    ],
)
def test_a_bad_argument_is_an_error_result_and_the_server_stays_up(
    make_server: MakeServer, tool: str, arguments: dict[str, Any], message: str
) -> None:
    bad, after = call(make_server, (tool, arguments), ("outline", {"path": "shop/models.py"}))
    assert message in error_text(bad)
    assert structured(after)["definitions"][0]["qualname"] == "Model"


def test_pages_follow_on_from_next_offset(make_server: MakeServer) -> None:
    whole, first, second, globbed = call(
        make_server,
        ("grep", {"pattern": "def ", "limit": 6}),
        ("grep", {"pattern": "def ", "limit": 3}),
        ("grep", {"pattern": "def ", "limit": 3, "offset": 3}),
        ("grep", {"pattern": "def ", "limit": 3, "glob": "shop/*.py"}),
    )
    page1, page2 = structured(first), structured(second)
    assert (page1["truncated"], page1["next_offset"]) == (True, 3)
    assert page1["note"] == "More items exist: call again with offset=3 (or narrow with glob)."
    assert structured(globbed)["note"] == "More items exist: call again with offset=3 (or narrow the glob)."
    assert page2["offset"] == 3
    assert page1["matches"] + page2["matches"] == structured(whole)["matches"]


def test_a_page_past_the_end_says_so_rather_than_look_like_no_result(make_server: MakeServer) -> None:
    results = call(
        make_server,
        ("callers", {"target": "url_for", "offset": 50}),
        ("grep", {"pattern": "def ", "offset": 5000}),
        ("read_symbol", {"name": "full_clean", "offset": 2}),
    )
    for result in map(structured, results):
        assert result["note"].startswith("Nothing at offset="), result
        assert not result["truncated"] and result["next_offset"] is None


def test_a_result_past_the_output_budget_is_cut_and_pages_on(make_server: MakeServer) -> None:
    server, _ = make_server(max_output=300)

    async def main() -> None:
        async with Client(server) as client:
            everything = structured(await client.call_tool("list_files", {}))
            assert everything["truncated"] and "Output budget of 300 characters" in everything["note"]
            paths, offset = list(everything["paths"]), everything["next_offset"]
            while offset is not None:
                result = await client.call_tool("list_files", {"offset": offset})
                assert len(result.content[0].text) <= 300  # type: ignore[union-attr]
                page = structured(result)
                paths += page["paths"]
                offset = page["next_offset"]
            assert len(paths) == everything["total"] == len(set(paths))

    run(main)


def read_in_slices(server: Any, path: str, budget: int) -> list[str]:
    """The texts of the read_file calls that read ``path`` through, each going on where the
    previous one's note says."""

    async def main() -> list[str]:
        async with Client(server) as client:
            start: int | None = 1
            pieces = []
            while start is not None:
                result = await client.call_tool("read_file", {"path": path, "start": start})
                assert len(result.content[0].text) <= budget  # type: ignore[union-attr]
                piece = structured(result)
                pieces.append(piece["text"])
                start = piece["end"] + 1 if piece["truncated"] else None
                assert start is None or f"read on with start={start}" in piece["note"]
            return pieces

    return run(main)


def test_a_long_file_is_read_in_budget_sized_slices(make_server: MakeServer) -> None:
    server, _ = make_server(max_output=600)
    pieces = read_in_slices(server, "shop/views.py", 600)
    assert len(pieces) > 1
    assert "\n".join(pieces) == (FIXTURE / "shop" / "views.py").read_text().rstrip("\n")


def test_a_page_of_text_in_other_scripts_fills_the_budget(make_server: MakeServer, tmp_path: Path) -> None:
    text = "".join(f"# 第{i}行: 日本語のコメント\n" for i in range(400))
    (tmp_path / "notes.py").write_text(text)
    server, _ = make_server(root=tmp_path, max_output=2000)
    pieces = read_in_slices(server, "notes.py", 2000)
    assert "\n".join(pieces) == text.rstrip("\n")
    assert len(pieces[0]) > 1500  # characters are counted as sent, not as \u escapes


def test_a_line_longer_than_the_budget_shows_as_much_as_fits(make_server: MakeServer, tmp_path: Path) -> None:
    (tmp_path / "bundle.min.js").write_text("var a=1;" * 1000 + "\n")
    [result] = call(make_server, ("read_file", {"path": "bundle.min.js"}), root=tmp_path, max_output=2000)
    assert len(result.content[0].text) <= 2000
    assert len(structured(result)["text"]) > 1500


def test_slices_count_lines_as_the_index_does(make_server: MakeServer, tmp_path: Path) -> None:
    text = "".join(f"def f{i}():\x0c\n    return {i}\n" for i in range(60))  # form feeds split no line
    (tmp_path / "paged.py").write_text(text)
    server, _ = make_server(root=tmp_path, max_output=600)
    pieces = read_in_slices(server, "paged.py", 600)
    assert len(pieces) > 1
    assert "\n".join(pieces) == text.rstrip("\n")


def test_a_definition_longer_than_the_budget_is_cut_with_where_to_read_on(
    make_server: MakeServer, tmp_path: Path
) -> None:
    (tmp_path / "big.py").write_text("def big():\n" + "".join(f"    x{i} = {i}\n" for i in range(400)))
    [result] = call(make_server, ("read_symbol", {"name": "big"}), root=tmp_path, max_output=2000)
    found = structured(result)
    [source] = found["definitions"]
    assert source["truncated"] and source["source"].startswith("def big():\n    x0 = 0\n")
    shown = source["source"].rstrip("\n").count("\n") + 1
    assert f"read_file(path='big.py', start={1 + shown}, end=401)" in found["note"]


def test_a_definition_on_one_minified_line_is_cut_inside_it_without_a_read_that_cannot_be(
    make_server: MakeServer, tmp_path: Path
) -> None:
    # A bundle's whole function on one line: there is no later line for read_file to show.
    (tmp_path / "bundle.min.js").write_text("function big(){" + "var a=1;" * 1000 + "}\nfunction next(){}\n")
    [result] = call(make_server, ("read_symbol", {"name": "big"}), root=tmp_path, max_output=2000)
    found = structured(result)
    assert found["definitions"][0]["source"].startswith("function big(){var a=1;")
    assert found["note"] == (
        "Line 1 of big alone is longer than the output budget; only its start is shown;"
        " grep shows 500 characters around each match in a line that long."
    )


def test_a_source_cut_by_its_length_says_where_to_read_on(make_server: MakeServer, tmp_path: Path) -> None:
    (tmp_path / "long.py").write_text("def long():\n" + "".join(f"    x{i} = {i}\n" for i in range(500)))
    [result] = call(make_server, ("read_symbol", {"name": "long"}), root=tmp_path)
    found = structured(result)
    assert found["definitions"][0]["truncated"] and not found["truncated"]
    assert found["note"] == (
        "The source of long was cut after 400 lines; read the rest with read_file(path='long.py', start=401, end=501)."
    )


def test_a_long_list_of_definitions_or_files_leaves_room_for_the_sites(make_server: MakeServer, tmp_path: Path) -> None:
    for index in range(30):
        (tmp_path / f"mod{index:02}.py").write_text("def get():\n    return 1\n")
    (tmp_path / "main.py").write_text("from mod00 import get\n\nget()\n")
    [callers] = call(make_server, ("callers", {"target": "get"}), root=tmp_path, max_output=3000)
    found = structured(callers)
    assert [(s["path"], s["line"]) for s in found["callers"]] == [("main.py", 3)]
    assert len(found["definitions"]) == 10
    assert found["note"] == "20 more definitions are not listed; name one as path:Qualified.name."


def test_under_a_small_budget_the_header_gives_way_and_paging_skips_no_site(
    make_server: MakeServer, tmp_path: Path
) -> None:
    """Ten definitions (or module files) above the sites would fill a 1,000-character result
    alone: the header is cut instead, so every page holds sites and the pages add up."""
    package = tmp_path / ("long_" * 15 + "package")
    package.mkdir()
    for index in range(30):
        (package / f"mod{index:02}.py").write_text("def get():\n    return 1\n")
    for index in range(12):
        (tmp_path / f"use{index:02}.py").write_text(
            f"from {package.name}.mod{index:02} import get\n\n\ndef use{index}():\n    return get()\n"
        )
    queries = [("callers", {"target": "get"}, "callers"), ("importers", {"module": package.name}, "importers")]
    whole = call(make_server, *[(name, arguments) for name, arguments, _ in queries], root=tmp_path)
    server, _ = make_server(root=tmp_path, max_output=1000)

    async def pages(name: str, arguments: dict[str, Any], field: str) -> list[Any]:
        async with Client(server) as client:
            items: list[Any] = []
            offset: int | None = 0
            while offset is not None:
                result = await client.call_tool(name, {**arguments, "offset": offset})
                assert len(result.content[0].text) <= 1000  # type: ignore[union-attr]
                page = structured(result)
                assert page[field], page["note"]  # never a page of header alone
                items += page[field]
                offset = page["next_offset"]
            return items

    for (name, arguments, field), complete in zip(queries, whole, strict=True):
        expected = structured(complete)[field]
        assert len(expected) == 12
        assert run(lambda: pages(name, arguments, field)) == expected  # noqa: B023 (run at once)


def test_progress_is_reported_while_the_index_is_built(make_server: MakeServer, tmp_path: Path) -> None:
    for package in range(40):
        folder = tmp_path / f"pkg{package}"
        folder.mkdir()
        (folder / "__init__.py").write_text("")
        for module in range(25):
            (folder / f"m{module}.py").write_text("".join(f"def f{i}():\n    return g{i}()\n\n" for i in range(30)))
    (tmp_path / "main.py").write_text("from pkg0.m0 import f1\n\n\ndef main():\n    f1()\n")
    server, _ = make_server(root=tmp_path)
    seen: list[tuple[float, float | None, str | None]] = []

    async def progress(value: float, total: float | None, message: str | None) -> None:
        seen.append((value, total, message))

    async def main() -> dict[str, Any]:
        async with Client(server) as client:
            return structured(
                await client.call_tool("callers", {"target": "pkg0/m0.py:f1"}, progress_callback=progress)
            )

    found = run(main)
    assert [(s["path"], s["caller"]) for s in found["callers"]] == [("main.py", "main")]
    assert seen and all(message and message.startswith("indexing") for _, _, message in seen)
    assert [value for value, _, _ in seen] == sorted({value for value, _, _ in seen})


def test_a_call_says_when_it_waits_for_another_process_indexing(make_server: MakeServer) -> None:
    server, service = make_server()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_INDEX_LOCK, str(service.repo.index_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdin is not None and holder.stdout is not None
    assert holder.stdout.readline() == "held\n"
    seen: list[tuple[float, str | None]] = []

    async def progress(value: float, total: float | None, message: str | None) -> None:
        seen.append((value, message))
        if message and "waiting for another process" in message:
            holder.stdin.close()  # the other process is done: this call's own indexing goes on

    async def main() -> dict[str, Any]:
        async with Client(server) as client:
            with anyio.fail_after(60):
                return structured(
                    await client.call_tool("callers", {"target": "Form.full_clean"}, progress_callback=progress)
                )

    try:
        found = run(main)
    finally:
        holder.kill()
        holder.wait()
    assert [s["caller"] for s in found["callers"]] == ["login", "check"]
    assert (1.0, "indexing: waiting for another process indexing this repository") in seen
    assert [value for value, _ in seen] == sorted({value for value, _ in seen})


@pytest.mark.parametrize(
    ("folders", "readable"),
    [
        (["shop"], {"shop/views.py": True, "scripts/build.py": False}),
        (["shop", "scripts"], {"shop/views.py": True, "scripts/build.py": True, "legacy/latin1.py": False}),
        (["."], {"shop/views.py": True, "scripts/build.py": True}),
        ([".."], {"scripts/build.py": True}),
        (["../outside"], {"scripts/build.py": True}),
    ],
)
def test_a_client_root_inside_the_repository_bounds_what_it_reads(
    make_server: MakeServer, folders: list[str], readable: dict[str, bool]
) -> None:
    server, _ = make_server()

    async def main() -> None:
        listing = roots(*(FIXTURE / folder for folder in folders))
        async with Client(server, mode="legacy", list_roots_callback=listing) as client:
            for path, allowed in readable.items():
                result = await client.call_tool("read_file", {"path": path, "end": 1})
                if allowed:
                    assert structured(result)["path"] == path
                else:
                    assert "outside the client's roots" in error_text(result)
            assert structured(await client.call_tool("callers", {"target": "Form.full_clean"}))["callers"]

    run(main)


def test_a_later_call_sees_an_edit_once_the_index_is_stale(make_server: MakeServer, tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("def target():\n    pass\n")
    (tmp_path / "b.py").write_text("from a import target\n\n\ndef first():\n    target()\n")
    server, _ = make_server(root=tmp_path, refresh_after=0.0)

    async def main() -> tuple[list[str], list[str]]:
        async with Client(server) as client:
            before = structured(await client.call_tool("callers", {"target": "a.py:target"}))
            (tmp_path / "c.py").write_text("from a import target\n\n\ndef second():\n    target()\n")
            after = structured(await client.call_tool("callers", {"target": "a.py:target"}))
            return [s["caller"] for s in before["callers"]], [s["caller"] for s in after["callers"]]

    assert run(main) == (["first"], ["first", "second"])


def test_an_edit_shows_in_a_call_a_few_seconds_later_by_default(make_server: MakeServer, tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("def target():\n    pass\n")
    server, service = make_server(root=tmp_path)

    async def main() -> tuple[int, list[str]]:
        async with Client(server) as client:
            await client.call_tool("callers", {"target": "a.py:target"})
            (tmp_path / "b.py").write_text("from a import target\n\n\ndef caller():\n    target()\n")
            await anyio.sleep(service.indexer.refresh_after + 0.1)
            after = structured(await client.call_tool("callers", {"target": "a.py:target"}))
            return service.indexer.refresh_after, [s["caller"] for s in after["callers"]]

    assert run(main) == (2, ["caller"])
