"""The Repo facade's navigation methods on the Python fixture."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from rlm_code import NotFoundError, PathError, PatternError, UsageError
from rlm_code.repo import Repo
from rlm_code.repo.ripgrep import RG_ARGS, rg_binary
from tests.conftest import FIXTURES


def test_list_files_filters_by_glob_and_language(python_repo: Repo) -> None:
    everything = python_repo.list_files()
    assert "shop/app.py" in everything.paths and "README.md" in everything.paths
    assert python_repo.list_files("shop/utils/**").paths == ["shop/utils/__init__.py", "shop/utils/text.py"]
    assert python_repo.list_files("*.png").paths == ["data/logo.png"]
    assert python_repo.list_files("scripts").paths == ["scripts/broken.py", "scripts/build.py"]
    python_files = python_repo.list_files(lang="python")
    assert "README.md" not in python_files.paths and "shop/views.py" in python_files.paths
    cut = python_repo.list_files(limit=3)
    assert len(cut.paths) == 3 and cut.truncated and cut.total == everything.total
    with pytest.raises(UsageError, match="unknown language"):
        python_repo.list_files(lang="cobol")


def test_globs_read_classes_and_alternations_and_refuse_unclosed_ones(python_repo: Repo) -> None:
    assert python_repo.list_files("shop/[!_a-l]*.py").paths == ["shop/models.py", "shop/routing.py", "shop/views.py"]
    assert python_repo.list_files("shop/{app,forms}.py").paths == ["shop/app.py", "shop/forms.py"]
    assert python_repo.list_files("[[]*").paths == []  # a class holding "[" is not a nested set
    assert "shop/app.py" not in python_repo.list_files("!shop").paths
    assert python_repo.list_files("!shop").paths == [p for p in python_repo.list_files().paths if p[:5] != "shop/"]


@pytest.mark.parametrize(
    "glob",
    [
        "utils",
        "shop/utils",
        "shop/utils/",
        "**/text.py",
        "!shop/*.py",
        "!legacy",
        ["*.py", "!shop"],  # several globs, as ripgrep reads them: a left-out folder stays out
        ["!shop", "*.py"],
        ["shop", "!shop/utils"],
    ],
)
def test_grep_and_list_files_read_a_glob_alike(python_repo: Repo, glob: str | list[str]) -> None:
    searched = {m.path for m in python_repo.grep(".", glob=glob, max_results=100_000).matches}
    listed = set(python_repo.list_files(glob).paths)
    assert searched and searched <= listed
    for path in listed - searched:  # ripgrep skips binary files, and empty ones hold no line
        data = (python_repo.root / path).read_bytes()
        assert b"\0" in data or not data.strip(), path
    for glob, reason in [("shop/[mv", "unclosed character class"), ("{app,forms", "unclosed alternation")]:
        with pytest.raises(PatternError, match=rf"^invalid glob '.*': {reason}"):
            python_repo.list_files(glob)
        with pytest.raises(PatternError, match=rf"^invalid glob '.*': {reason}"):
            python_repo.grep("def", glob=glob)


def test_several_globs_select_what_ripgrep_selects(python_repo: Repo) -> None:
    for globs in (["*.py", "!shop"], ["!shop", "*.py"], ["shop/**", "!shop/utils"], ["!*.py", "shop/app.py"]):
        rg = subprocess.run(
            [rg_binary(), "--files", *RG_ARGS, *(f"--glob={g}" for g in globs)],
            cwd=python_repo.root,
            capture_output=True,
            text=True,
            check=False,
        )
        assert python_repo.list_files(globs).paths == sorted(rg.stdout.split()), globs


def test_a_folder_is_not_a_file(python_repo: Repo) -> None:
    with pytest.raises(PathError, match=r"^shop is a folder, not a file$"):
        python_repo.read_file("shop")
    with pytest.raises(PathError, match=r"^\. is a folder, not a file$"):
        python_repo.outline(".")


def test_read_file_returns_inclusive_line_ranges(python_repo: Repo) -> None:
    chunk = python_repo.read_file("shop/routing.py", 4, 6)
    assert (chunk.start, chunk.end) == (4, 6)
    assert chunk.text.splitlines() == ["class Router:", "    def __init__(self):", "        self.rules = {}"]
    assert chunk.total_lines == 12 and not chunk.truncated
    capped = python_repo.read_file("shop/app.py", max_lines=5)
    assert capped.truncated and capped.end == 5
    with pytest.raises(UsageError, match="past the end"):
        python_repo.read_file("shop/routing.py", 99)


def test_read_file_never_reads_inside_git_but_reads_ignored_files(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("[remote]\n  url = https://token@example.invalid/r\n")
    (tmp_path / ".gitignore").write_text("local.py\n")
    (tmp_path / "local.py").write_text("DEBUG = True\n")
    with Repo(tmp_path, cache_dir=tmp_path.parent / f"{tmp_path.name}-cache") as repo:
        for path in (".git/config", "sub/../.git/config", str(tmp_path / ".git" / "config")):
            with pytest.raises(PathError, match=r"^\.git/config is inside \.git, which rlm-code never reads$"):
                repo.read_file(path)
        assert repo.read_file("local.py").text == "DEBUG = True"
        assert repo.list_files().paths == []  # local.py is ignored and .gitignore hidden


@pytest.mark.parametrize(
    "path",
    ["../outside/secret.py", "/etc/passwd", "shop/secret.py", "shop/../../python/../outside/secret.py"],
)
def test_paths_outside_the_repository_are_refused(python_repo: Repo, path: str) -> None:
    with pytest.raises(PathError):
        python_repo.read_file(path)


def test_binary_and_missing_files(python_repo: Repo) -> None:
    with pytest.raises(UsageError, match="binary"):
        python_repo.read_file("data/logo.png")
    with pytest.raises(PathError):
        python_repo.read_file("shop/nope.py")


def test_outline_lists_definitions_in_order(python_repo: Repo) -> None:
    outline = python_repo.outline("shop/app.py")
    assert outline.language == "python"
    assert [(d.qualname, d.kind, d.line) for d in outline.definitions] == [
        ("BaseApp", "class", 7),
        ("BaseApp.dispatch", "method", 8),
        ("BaseApp.find_handler", "method", 12),
        ("BaseApp.url_for", "method", 15),
        ("App", "class", 19),
        ("App.__init__", "method", 20),
        ("App.route", "method", 24),
        ("App.route.decorator", "function", 25),
        ("App.finalize", "method", 31),
        ("App.run", "method", 34),
    ]
    with pytest.raises(UsageError, match="not a source file"):
        python_repo.outline("README.md")
    with pytest.raises(UsageError, match="binary"):
        python_repo.outline("data/blob.py")


def test_read_symbol_returns_each_definitions_source(python_repo: Repo) -> None:
    (source,) = python_repo.read_symbol("Model.full_clean")
    assert source.definition.target == "shop/models.py:Model.full_clean"
    assert source.source == "    def full_clean(self):\n        return self.validate()"
    assert [s.definition.target for s in python_repo.read_symbol("full_clean")] == [
        "shop/forms.py:Form.full_clean",
        "shop/models.py:Model.full_clean",
    ]
    with pytest.raises(NotFoundError):
        python_repo.read_symbol("nothing_here")


def test_a_bare_name_lists_the_definition_named_exactly_so_first(tmp_path: Path) -> None:
    """Asked for ``Value``, the top-level one leads even when nested namesakes come first in
    path order (serde_json's ``enum Value`` and its trait impls' ``type Value``)."""
    (tmp_path / "a_visitors.py").write_text("class Visitor:\n    class Value:\n        pass\n")
    (tmp_path / "b_value.py").write_text("class Value:\n    pass\n")
    with Repo(tmp_path) as repo:
        assert [s.definition.target for s in repo.read_symbol("Value")] == [
            "b_value.py:Value",
            "a_visitors.py:Visitor.Value",
        ]


def test_a_name_qualified_wrongly_is_told_the_targets_that_name_it(python_repo: Repo) -> None:
    """An agent writes a Go-style package.Name, or guesses the module: the error gives targets
    it can pass back as they are."""
    with pytest.raises(NotFoundError) as wrong:
        python_repo.callers("views.url_for")
    assert str(wrong.value) == (
        "no definition named 'views.url_for'; 'url_for' exists as shop/app.py:BaseApp.url_for, shop/helpers.py:url_for"
    )


def test_read_symbol_starts_at_the_decorators(tmp_path: Path) -> None:
    (tmp_path / "cli.py").write_text(
        "import click\n\n\nx = 1\n@click.command()\n@click.option(\n    '--deep',\n    is_flag=True,\n)\n"
        "def clone(deep):\n    return deep\n\n\n"
        "class A:\n    y = 2\n    @property\n    def z(self):\n        return 3\n"
    )
    with Repo(tmp_path) as repo:
        (clone,) = repo.read_symbol("clone")
        assert (clone.start, clone.definition.line) == (5, 10)
        assert clone.source.startswith("@click.command()\n@click.option(\n") and clone.source.endswith("return deep")
        (z,) = repo.read_symbol("A.z")
        assert (z.start, z.source) == (16, "    @property\n    def z(self):\n        return 3")


def test_grep_reports_the_enclosing_definition(python_repo: Repo) -> None:
    result = python_repo.grep(r"url_for\(", glob="shop/**")
    hits = {(m.path, m.line, m.symbol) for m in result.matches}
    assert ("shop/views.py", 15, "index") in hits
    assert ("shop/app.py", 15, "BaseApp.url_for") in hits
    assert ("shop/helpers.py", 8, "url_for") in hits
    assert all(m.path.startswith("shop/") for m in result.matches)
    (module_level,) = python_repo.grep('App\\("shop"\\)').matches
    assert module_level.symbol is None and module_level.column == 7


def test_grep_columns_count_characters_not_bytes(python_repo: Repo) -> None:
    (latin1,) = python_repo.grep("Latin-1").matches  # the line is not UTF-8: rg sends it as bytes
    assert (latin1.path, latin1.line, latin1.symbol) == ("legacy/latin1.py", 3, None)
    assert latin1.column == 15 and latin1.text == "# caf\ufffd cr\ufffdme: Latin-1 bytes, not UTF-8"


def test_grep_columns_after_multibyte_characters(tmp_path: Path) -> None:
    (tmp_path / "prices.py").write_text('def price():\n    return "€ 5 — 7 €", TOTAL\n', encoding="utf-8")
    with Repo(tmp_path) as repo:
        (hit,) = repo.grep("TOTAL").matches
    assert (hit.line, hit.column, hit.symbol) == (2, 25, "price")


def test_grep_reads_escaped_and_unusual_lines_alike_with_or_without_context(tmp_path: Path) -> None:
    # Without context, a block of plain matches is decoded all at once; with context, line by
    # line. Both must read quotes, backslashes, tabs, CRLF endings, non-ASCII text and a quoted
    # file name the same way. (A line that is not UTF-8 sends a block line by line: see above.)
    lines = [
        'def quoted():\n    return "say \\"hi\\"" + \'\\\\\' + "\\tTAB"  # needle\n',
        "def windows():\r\n    return 1  # needle\r\n",
        'def accents():\n    s = "café — ünïcode"  # needle\n',
        "# a trailing backslash, needle \\\n",
    ]
    (tmp_path / 'we"ird name.py').write_text("".join(lines), encoding="utf-8", newline="")
    expected = [
        ('we"ird name.py', 2, 45, '    return "say \\"hi\\"" + \'\\\\\' + "\\tTAB"  # needle'),
        ('we"ird name.py', 4, 17, "    return 1  # needle"),
        ('we"ird name.py', 6, 29, '    s = "café — ünïcode"  # needle'),
        ('we"ird name.py', 7, 25, "# a trailing backslash, needle \\"),
    ]
    with Repo(tmp_path, cache_dir=tmp_path.parent / f"{tmp_path.name}-cache") as repo:
        for context in (0, 1):
            found = [(m.path, m.line, m.column, m.text) for m in repo.grep("needle", context=context).matches]
            assert found == expected, context
        symbols = [m.symbol for m in repo.grep("needle").matches]
    assert symbols == ["quoted", "windows", "accents", None]


def test_grep_options(python_repo: Repo) -> None:
    assert not python_repo.grep("ROUTER").matches
    assert python_repo.grep("ROUTER", ignore_case=True).matches
    assert python_repo.grep("self.rules[", fixed_strings=True).matches
    limited = python_repo.grep("def ", max_results=2)
    assert len(limited.matches) == 2 and limited.truncated
    (hit,) = python_repo.grep("def add_rule", context=1).matches
    assert hit.context_before == [""] and hit.context_after == ["        self.rules[path] = func"]
    assert not python_repo.grep("generated").matches  # .gitignore'd build/ is not searched


def test_a_cut_grep_keeps_the_first_matches_in_path_order(python_repo: Repo) -> None:
    everything = [(m.path, m.line) for m in python_repo.grep("def ").matches]
    assert len(everything) > 20
    for _ in range(3):  # ripgrep's threads race; the cut must not
        cut = python_repo.grep("def ", max_results=7)
        assert [(m.path, m.line) for m in cut.matches] == everything[:7] and cut.truncated


def test_grep_rejects_a_bad_regex(python_repo: Repo) -> None:
    with pytest.raises(PatternError, match="unclosed group"):
        python_repo.grep("a(b")


def test_importers_of_a_module_file_or_folder(python_repo: Repo) -> None:
    expected = {
        ("legacy/latin1.py", 1),
        ("scripts/broken.py", 1),
        ("scripts/build.py", 1),
        ("shop/__init__.py", 5),
        ("shop/app.py", 3),
        ("shop/views.py", 8),
    }
    by_module = python_repo.importers("shop.helpers")
    assert by_module.files == ["shop/helpers.py"]
    assert {(s.path, s.line) for s in by_module.importers} == expected
    assert {(s.path, s.line) for s in python_repo.importers("shop/helpers.py").importers} == expected
    text = python_repo.importers("shop.utils.text")
    assert {(s.path, s.line) for s in text.importers} == {("shop/helpers.py", 3), ("shop/views.py", 3)}
    folder = python_repo.importers("shop")
    assert {s.path for s in folder.importers} == {"legacy/latin1.py", "scripts/broken.py", "scripts/build.py"}
    with pytest.raises(NotFoundError):
        python_repo.importers("no.such.module")


def test_importers_inside_a_folder_file_or_module_answer_does_it_depend(python_repo: Repo) -> None:
    scripts = python_repo.importers("shop", inside="scripts")
    assert (scripts.inside, [(s.path, s.line) for s in scripts.importers]) == (
        "scripts",
        [("scripts/broken.py", 1), ("scripts/build.py", 1)],
    )
    nothing = python_repo.importers("scripts", inside="shop/")
    assert (nothing.importers, nothing.through) == ([], [])
    via = python_repo.importers("shop/utils/text.py", inside="scripts/build.py")
    assert via.importers == []  # build.py imports helpers, which imports utils.text
    assert [(e.path, e.target) for e in via.through] == [
        ("scripts/build.py", "shop/helpers.py"),
        ("shop/helpers.py", "shop/utils/text.py"),
    ]
    assert scripts.through == []  # a direct import needs no chain
    assert [s.path for s in python_repo.importers("shop.helpers", inside="scripts/build.py").importers] == [
        "scripts/build.py"
    ]
    assert [s.path for s in python_repo.importers("shop.utils.text", inside="shop.helpers").importers] == [
        "shop/helpers.py"
    ]
    # a package named by its module name is all of it: helpers imports shop/utils/text.py
    assert python_repo.importers("shop.utils").importers == []  # who imports shop/utils/__init__.py
    package = python_repo.importers("shop.utils", inside="shop.helpers")
    assert [(s.path, s.line) for s in package.importers] == [("shop/helpers.py", 3)]
    assert package.files == ["shop/utils/__init__.py", "shop/utils/text.py"]
    with pytest.raises(NotFoundError, match="no module or file named 'nowhere'"):
        python_repo.importers("shop", inside="nowhere")


def test_callees_resolve_each_call(python_repo: Repo) -> None:
    result = python_repo.callees("views.login")
    assert [(c.line, c.name, c.callee, c.confidence) for c in result.callees] == [
        (20, "LoginForm", "shop/forms.py:LoginForm", "exact"),
        (21, "form.full_clean", "shop/forms.py:Form.full_clean", "exact"),
        (22, "h.url_for", "shop/helpers.py:url_for", "exact"),
    ]
    outside = python_repo.callees("Router.lookup").callees
    assert [(c.name, c.confidence) for c in outside] == [("self.rules.get", "external")]


def test_callees_list_each_call_once_under_the_definition_that_holds_it(tmp_path: Path) -> None:
    # A property's getter and setter share the qualified name A.x, so each one's scope
    # covers the other's body too.
    (tmp_path / "m.py").write_text(
        "class A:\n    @property\n    def x(self):\n        return read()\n\n"
        "    @x.setter\n    def x(self, value):\n        write(value)\n\n\n"
        "def read():\n    pass\n\n\ndef write(value):\n    pass\n"
    )
    with Repo(tmp_path, cache_dir=tmp_path.parent / f"{tmp_path.name}-cache") as repo:
        result = repo.callees("A.x")
    assert [(d.line, d.end_line) for d in result.definitions] == [(3, 4), (7, 8)]
    assert [(c.line, c.callee) for c in result.callees] == [(4, "m.py:read"), (8, "m.py:write")]


def test_stats_describe_the_repository(python_repo: Repo) -> None:
    stats = python_repo.stats()
    assert stats.languages == {"python": 13}
    assert stats.source_files == 13 and stats.files == 16
    assert stats.skipped == {"binary": 1}
    assert stats.top_folders[0] == ("shop", 10)
    assert stats.definitions > 40 and stats.index_bytes > 0


def test_lines_are_numbered_as_grep_and_the_parser_number_them(tmp_path: Path) -> None:
    # A form feed (a page break in older sources) or a vertical tab is not a line break to
    # ripgrep or tree-sitter; CRLF endings are one break.
    (tmp_path / "paged.py").write_bytes(b"a = 1\r\n\x0c\r\ndef f():\x0b\n    return 1\n\ndef g():\n    return f()\n")
    with Repo(tmp_path, cache_dir=tmp_path.parent / f"{tmp_path.name}-cache") as repo:
        [f] = repo.read_symbol("f")
        assert (f.definition.line, f.source) == (3, "def f():\x0b\n    return 1")
        assert repo.read_file("paged.py", 6, 7).text == "def g():\n    return f()"
        assert repo.read_file("paged.py").total_lines == 7
        [hit] = repo.grep("return f").matches
        assert (hit.line, hit.symbol) == (7, "g")
        assert [(c.line, c.caller) for c in repo.callers("f").callers] == [(7, "g")]


def test_a_target_splits_at_its_last_single_colon(tmp_path: Path) -> None:
    (tmp_path / "a:b.py").write_text("class K:\n    def m(self):\n        pass\n")
    with Repo(tmp_path, cache_dir=tmp_path.parent / f"{tmp_path.name}-cache") as repo:
        assert [s.definition.qualname for s in repo.read_symbol("a:b.py:K.m")] == ["K.m"]
        assert [s.definition.qualname for s in repo.read_symbol(f"{tmp_path}/a:b.py:K::m")] == ["K.m"]


def test_import_path_is_the_shortest_chain_of_imports(python_repo: Repo) -> None:
    chain = python_repo.import_path("scripts/build.py", "shop.utils")
    assert [(e.path, e.line, e.target) for e in chain] == [
        ("scripts/build.py", 1, "shop/helpers.py"),
        ("shop/helpers.py", 3, "shop/utils/text.py"),
    ]
    assert python_repo.import_path("shop", "scripts") == []
    assert [e.target for e in python_repo.import_path("shop.views", "shop/helpers.py")] == ["shop/helpers.py"]


def test_importers_of_a_folder_of_many_files(tmp_path: Path) -> None:
    # Ten headers and ten modules: a folder this size is searched through an index of the
    # words in each import, one file through SQL substring search; both must agree.
    (tmp_path / "include").mkdir()
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    for n in range(10):
        (tmp_path / "include" / f"part{n}.h").write_text(f"int part{n}(void);\n")
        (tmp_path / "pkg" / f"mod{n}.py").write_text(f"def f{n}():\n    return {n}\n")
    (tmp_path / "main.c").write_text('#include <stdio.h>\n#include "part3.h"\n#include "part7.h"\n')
    (tmp_path / "app.py").write_text("import os\nfrom pkg.mod2 import f2\nfrom pkg import mod5\nimport pkg.mod9 as m\n")
    with Repo(tmp_path, cache_dir=tmp_path.parent / f"{tmp_path.name}-cache") as repo:

        def lines(module: str) -> list[tuple[str, int]]:
            return [(s.path, s.line) for s in repo.importers(module).importers]

        assert lines("include") == [("main.c", 2), ("main.c", 3)]
        assert lines("include/part7.h") == [("main.c", 3)]
        assert lines("pkg") == [("app.py", 2), ("app.py", 3), ("app.py", 4)]
        assert lines("pkg.mod5") == [("app.py", 3)]


def test_grep_without_symbols_neither_reads_nor_builds_the_index(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with Repo(FIXTURES / "python", cache_dir=cache) as repo:
        plain = repo.grep(r"full_clean\(", symbols=False)
        assert not cache.exists() or not any(cache.iterdir())
        named = repo.grep(r"full_clean\(")
    assert [(m.path, m.line, m.symbol) for m in plain.matches] == [(m.path, m.line, None) for m in named.matches]
    assert ("shop/views.py", 21, "login") in [(m.path, m.line, m.symbol) for m in named.matches]


def test_a_very_long_matching_line_is_cut_around_the_match(tmp_path: Path) -> None:
    (tmp_path / "bundle.min.js").write_text(
        "start();" + "var a=1;" * 200 + "needle();" + "var b=2;" * 200 + "\nshort needle\nfirst();" + "x" * 600 + "\n"
    )
    with Repo(tmp_path, cache_dir=tmp_path.parent / f"{tmp_path.name}-cache") as repo:
        long, short = repo.grep("needle").matches
        (first,) = repo.grep("first").matches
    assert long.column == 1609  # in the whole line
    assert long.text == "…" + ("var a=1;" * 200)[-100:] + "needle();" + ("var b=2;" * 200)[:391] + "…"
    assert short.text == "short needle"
    assert first.text == "first();" + "x" * 492 + "…"


def test_a_file_deleted_since_indexing_is_reported_plainly(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("@dec\ndef f():\n    pass\n")
    with Repo(tmp_path) as repo:
        repo.index()
        (tmp_path / "a.py").unlink()
        with pytest.raises(PathError, match=r"^no such file in the repository: a\.py$"):
            repo.read_symbol("f")
