"""The real ``rlm-code`` command line, run as a subprocess on the fixtures."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from rlm_code.repo import Repo
from tests.conftest import FIXTURES, HOLD_THE_INDEX_LOCK, hears_ctrl_c, run_cli, run_in_terminal

SHOP = FIXTURES / "python"
GOLDEN = Path(__file__).parent / "golden"


def json_of(*args: str | Path) -> dict:
    result = run_cli(*args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_callers_json_has_the_documented_shape() -> None:
    data = json_of("callers", SHOP, "Form.full_clean")
    assert set(data) == {"target", "definitions", "callers", "truncated", "name_matches_hidden"}
    assert data["definitions"][0]["path"] == "shop/forms.py"
    assert {"path", "line", "qualname"} <= set(data["definitions"][0])
    assert [(c["path"], c["line"], c["caller"], c["confidence"]) for c in data["callers"]] == [
        ("shop/views.py", 21, "login", "exact"),
        ("shop/views.py", 26, "check", "exact"),
    ]
    assert {"path", "line", "column", "caller", "confidence"} <= set(data["callers"][0])
    assert data["truncated"] is False


def test_callers_name_matches_flag() -> None:
    data = json_of("callers", SHOP, "Form.full_clean", "--include-name-matches")
    assert ("shop/views.py", 36, "name") in {(c["path"], c["line"], c["confidence"]) for c in data["callers"]}
    assert data["name_matches_hidden"] == 0


def test_callers_say_how_many_name_matches_they_left_out() -> None:
    assert json_of("callers", SHOP, "Form.full_clean")["name_matches_hidden"] == 1
    result = run_cli("callers", SHOP, "Form.full_clean")
    assert result.returncode == 0
    assert "shop/views.py:36" not in result.stdout
    assert "(1 more site only shares the name; --include-name-matches lists them)" in result.stderr


def test_grep_json_shape_and_max() -> None:
    data = json_of("grep", SHOP, "def ", "--max", "3")
    assert set(data) >= {"matches", "truncated"}
    assert len(data["matches"]) == 3 and data["truncated"] is True
    assert {"path", "line", "column", "text", "symbol"} <= set(data["matches"][0])


def test_json_output_puts_one_record_on_each_line() -> None:
    # Line tools can take the records one per line; the whole still parses as one document.
    result = run_cli("grep", SHOP, "def ", "--max", "5", "--json")
    lines = result.stdout.splitlines()
    records = [json.loads(line.strip().rstrip(",")) for line in lines if line.startswith("    {")]
    assert records == json.loads(result.stdout)["matches"] and len(records) == 5
    assert lines[0] == "{" and lines[-1] == "}" and '  "truncated": true' in lines


def test_index_json_reports_languages_counts_skips_and_time() -> None:
    data = json_of("index", SHOP)
    assert data["languages"] == {"python": 13}
    assert data["skipped"] == {"binary": 1}
    assert data["definitions"] > 0 and data["references"] > 0
    assert isinstance(data["seconds"], float)


def test_the_size_limit_given_to_index_holds_until_another_is_given(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "big.py").write_text("def big():\n    return 1\n\nDATA = '" + "x" * 1024 * 1024 + "'\n")  # over 1 MiB
    (root / "small.py").write_text("def small():\n    return 2\n")
    cache = ("--cache-dir", tmp_path / "cache")

    def skipped(*options: str) -> dict:
        result = run_cli("index", root, "--json", *cache, *options)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)["skipped"]

    assert skipped("--max-file-size", "2000000") == {}
    assert run_cli("symbol", root, "big", *cache).returncode == 0  # not re-indexed at 1 MiB
    assert skipped() == {}
    assert skipped("--rebuild") == {}  # a rebuild keeps it too
    assert skipped("--max-file-size", "1000") == {"too large": 1}
    dropped = run_cli("symbol", root, "big", *cache)
    assert (dropped.returncode, dropped.stderr) == (1, "rlm-code: error: no definition named 'big'\n")
    assert skipped() == {"too large": 1}


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("callers", SHOP, "no_such_thing"), 1, "no definition named 'no_such_thing'"),
        (("callers", SHOP, "url_fro"), 1, "no definition named 'url_fro'; did you mean url_for?"),
        (("symbol", SHOP, "Form.ful_clean"), 1, "did you mean Form.full_clean?"),
        (("callers", SHOP, "Router.ful_clean"), 1, "'Router.ful_clean'; did you mean full_clean?"),
        (("grep", SHOP, "a(b"), 2, "invalid regex"),
        (("callers", "/no/such/folder", "x"), 2, "no such folder"),
        (("outline", SHOP, "../outside/secret.py"), 2, "outside the repository"),
        (("outline", SHOP, "shop/missing.py"), 2, "no such file"),
        (("outline", SHOP, "shop/view.py"), 2, "repository: shop/view.py; did you mean shop/views.py?"),
        (("outline", SHOP, "shop/utils"), 2, "shop/utils is a folder, not a file"),
        (("outline", SHOP, "data/blob.py"), 2, "binary"),
        (("importers", SHOP, "no.such.module"), 1, "no module or file"),
        (("importers", SHOP, "shop.helper"), 1, "'shop.helper' in the repository; did you mean shop.helpers?"),
        (("files", SHOP, "--lang", "cobol"), 2, "unknown language"),
        (("callers", SHOP, "x", "--cache-dir", "/proc/no-cache"), 2, "(RLM_CODE_CACHE or --cache-dir choose another"),
        (("callers", SHOP, "x", "--cache-dir", SHOP / "shop" / "app.py"), 2, "Not a directory"),
        (("callers", SHOP, "nosuch.py:foo"), 2, "no such file in the repository: nosuch.py"),
        (("callers", SHOP, "shop/view.py:login"), 2, "no such file in the repository: shop/view.py; did you mean"),
        (("callees", SHOP, "data/blob.py:x"), 2, "data/blob.py was not indexed: binary"),
        (("references", SHOP, "shop:x"), 2, "shop is a folder, not a file"),
        (("callers", SHOP, "shop/views.py:nosuch"), 1, "no definition 'nosuch' in shop/views.py"),
        (("callers", SHOP, ":"), 2, "the target ':' needs a file before the colon and a name after it"),
        (("callers", SHOP, "shop/views.py:"), 2, "needs a file before the colon and a name after it"),
        (("files", SHOP, "--glob", "shop/[mv"), 2, "invalid glob 'shop/[mv': unclosed character class"),
        (("grep", SHOP, "def", "--glob", "{a,b"), 2, "invalid glob '{a,b': unclosed alternation"),
        (("grep", SHOP, "def", "--glob", "[z-a]"), 2, "invalid glob '[z-a]': bad character range z-a"),
        (("grep", SHOP, "def", "--glob", "shop\\"), 2, "invalid glob 'shop\\\\': dangling '\\'"),
        # What the command line parser refuses, on one line too, not click's four.
        (("grep", SHOP, "x", "--max", "0"), 2, "invalid value for '--max': Input should be greater than or equal to 1"),
        (("grep", SHOP), 2, "missing argument 'pattern' (see rlm-code grep --help)"),
        (("callers", SHOP, "x", "--bogus"), 2, "no such option: --bogus"),
        (("gerp", SHOP, "x"), 2, "no such command 'gerp'. Did you mean 'grep'?"),
        (("cache", "list", "--bogus"), 2, "(see rlm-code cache list --help)"),
        # Bytes that are not UTF-8 (Python hands them over as lone surrogates).
        (("callers", SHOP, "\udcff"), 2, "an argument is not valid UTF-8: \\xff"),
        (("grep", SHOP, "def", "--glob", "x\udcffy"), 2, "an argument is not valid UTF-8: x\\xffy"),
    ],
)
def test_bad_input_gives_one_line_and_an_exit_code(args: tuple, code: int, message: str) -> None:
    result = run_cli(*args)
    assert result.returncode == code
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]
    assert "Traceback" not in result.stderr


def test_symbol_says_when_it_cut_definitions_or_lines() -> None:
    both = run_cli("symbol", SHOP, "full_clean")
    assert both.returncode == 0 and both.stdout.count("full_clean(self):") == 2 and both.stderr == ""
    one = run_cli("symbol", SHOP, "full_clean", "--max", "1")
    assert one.stdout.count("full_clean(self):") == 1
    assert "(showing 1 of 2 definitions; raise --max, or name one as path:Qualified.name)" in one.stderr
    data = json_of("symbol", SHOP, "full_clean", "--max", "1")
    assert (len(data["definitions"]), data["truncated"]) == (1, True)
    short = json_of("symbol", SHOP, "Model.save", "--max-lines", "2")
    assert short["definitions"][0]["source"] == "    def save(self):\n        self.full_clean()"
    assert short["definitions"][0]["truncated"] is True


def test_importers_from_a_folder() -> None:
    data = json_of("importers", SHOP, "shop", "--from", "scripts")
    assert data["inside"] == "scripts"
    assert [(s["path"], s["line"]) for s in data["importers"]] == [("scripts/broken.py", 1), ("scripts/build.py", 1)]
    none = run_cli("importers", SHOP, "scripts", "--from", "shop")
    assert none.returncode == 0 and "nothing in shop imports it, directly or not" in none.stdout
    typescript = FIXTURES / "typescript"
    through = json_of("importers", typescript, "src/store.ts", "--from", "src/ui")
    assert through["importers"] == []
    assert [(e["path"], e["line"], e["target"]) for e in through["through"]] == [
        ("src/ui/Profile.tsx", 1, "src/index.ts"),
        ("src/index.ts", 3, "src/store.ts"),
    ]
    text = run_cli("importers", typescript, "src/store.ts", "--from", "src/ui").stdout
    assert "nothing in src/ui imports it directly, but through other files:" in text
    assert "src/index.ts:3  imports src/store.ts" in text


def test_grep_without_matches_exits_1_quietly() -> None:
    result = run_cli("grep", SHOP, "no-such-text-anywhere")
    assert (result.returncode, result.stdout, result.stderr) == (1, "", "")


def test_files_matching_nothing_exit_1_quietly() -> None:
    result = run_cli("files", SHOP, "--glob", "shop/zz*")
    assert (result.returncode, result.stdout, result.stderr) == (1, "", "")
    assert run_cli("files", SHOP, "--glob", "shop/[mv]*.py").stdout == "shop/models.py\nshop/views.py\n"


def test_files_can_list_the_ones_with_syntax_errors() -> None:
    assert run_cli("files", SHOP, "--syntax-errors").stdout == "scripts/broken.py\n"
    result = run_cli("index", SHOP)
    assert "`rlm-code files --syntax-errors` lists them" in result.stdout


def test_an_empty_repository_is_not_an_error(tmp_path: Path) -> None:
    result = run_cli("index", tmp_path, "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["files"] == 0
    missing = run_cli("callers", tmp_path, "anything")
    assert missing.returncode == 1
    assert missing.stderr == (
        "rlm-code: error: no definition named 'anything' (the repository has no source files rlm-code reads)\n"
    )
    stats = run_cli("stats", tmp_path)
    assert stats.returncode == 0
    assert "languages    none" in stats.stdout and "top folders  none" in stats.stdout


def test_piped_output_has_no_progress_or_colour() -> None:
    result = run_cli("callers", SHOP, "Model.save")
    assert result.stderr == ""
    assert "\x1b[" not in result.stdout


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("callers", ("callers", SHOP, "shop/helpers.py:url_for")),
        ("callees", ("callees", SHOP, "views.login")),
        ("callees_unresolved", ("callees", SHOP, "BaseApp.dispatch")),
        ("callees_several", ("callees", SHOP, "save")),  # each definition's calls under its own header
        ("outline", ("outline", SHOP, "shop/models.py")),
        ("importers", ("importers", SHOP, "shop.helpers")),
        ("grep", ("grep", SHOP, "full_clean\\(")),
        ("files", ("files", SHOP, "--glob", "shop/**")),
    ],
)
def test_text_output_matches_the_golden_file(name: str, args: tuple) -> None:
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("RLM_CODE_UPDATE_GOLDEN"):
        golden.write_text(result.stdout)
    assert result.stdout == golden.read_text()


def test_progress_is_drawn_on_a_terminal(tmp_path: Path) -> None:
    for index in range(60):
        (tmp_path / f"m{index}.py").write_text(f"def f{index}():\n    return {index}\n")
    code, output = run_in_terminal("index", tmp_path, columns=100)
    assert code == 0
    assert "Parsing" in output
    assert "Indexed" in output


@pytest.mark.parametrize("json_mode", [False, True])
def test_a_reader_that_stops_early_ends_the_output_quietly(tmp_path: Path, json_mode: bool) -> None:
    # More output than a pipe holds, so the writer meets the closed pipe (`| head -1`).
    (tmp_path / "many.py").write_text("".join(f"def f{n}(self):\n    return self\n" for n in range(3000)))
    command = [sys.executable, "-m", "rlm_code", "grep", str(tmp_path), "self", "--max", "100000"]
    buffered = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}
    with subprocess.Popen(
        [*command, *(["--json"] if json_mode else [])],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=buffered,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline()
        process.stdout.close()
        errors = process.stderr.read()
        assert (process.wait(timeout=60), errors) == (0, b"")  # grep found matches: 0, as without the pipe


def test_version() -> None:
    import rlm_code

    result = run_cli("--version")
    assert (result.returncode, result.stdout) == (0, f"rlm-code {rlm_code.__version__}\n")


def test_a_console_that_cannot_show_a_name_gets_escapes_not_a_crash(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "café.py").write_text("def crème():\n    return 1\n")
    ascii_only = {"PYTHONIOENCODING": "ascii"}
    text = run_cli("files", repo, "--cache-dir", tmp_path / "cache", env=ascii_only)
    assert (text.returncode, text.stdout) == (0, "caf\\xe9.py\n")
    data = run_cli("outline", repo, "café.py", "--json", "--cache-dir", tmp_path / "cache", env=ascii_only)
    assert data.stdout.isascii() and json.loads(data.stdout)["definitions"][0]["qualname"] == "crème"


def test_a_path_written_from_here_is_relative_to_the_current_folder(tmp_path: Path) -> None:
    shop = FIXTURES / "python" / "shop"
    cache = ["--cache-dir", str(tmp_path)]
    outline = run_cli("outline", "..", "./models.py", *cache, cwd=shop)
    assert outline.returncode == 0 and outline.stdout.startswith("shop/models.py (python)\n")
    importers = run_cli("importers", "..", "./helpers.py", "--from", "../scripts", "--json", *cache, cwd=shop)
    assert json.loads(importers.stdout)["inside"] == "scripts"
    plain = run_cli("outline", "..", "models.py", *cache, cwd=shop)  # without ./: from the repository's root
    assert plain.returncode == 2 and "no such file in the repository: models.py" in plain.stderr
    outside = run_cli("outline", "..", "../../go/main.go", *cache, cwd=shop)
    assert outside.returncode == 2 and "outside the repository" in outside.stderr
    missing = run_cli("importers", "..", "../../nosuch.py", *cache, cwd=shop)
    assert missing.returncode == 2
    assert missing.stderr == "rlm-code: error: path is outside the repository: ../../nosuch.py\n"


def test_grep_shows_code_as_written_piped_and_on_a_terminal(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "net.py").write_text('def mapped():\n    return "::ffff:1234:1234 [bold]x[/bold]"\n')
    cache = ["--cache-dir", str(tmp_path / "cache")]
    piped = run_cli("grep", repo, "ffff", *cache)
    assert piped.stdout == 'net.py:2:15: return "::ffff:1234:1234 [bold]x[/bold]"  (mapped)\n'
    code, drawn = run_in_terminal("grep", repo, "ffff", *cache)
    assert code == 0 and "::ffff:1234:1234 [bold]x[/bold]" in drawn  # no emoji, no markup


def test_ctrl_c_says_one_line_and_exits_130(tmp_path: Path) -> None:
    # Another process holds the indexing lock, so the command is sure to be mid-run (waiting,
    # its progress drawn) when Ctrl-C reaches its whole process group, as from a terminal.
    import pty
    import signal

    cache = tmp_path / "cache"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_INDEX_LOCK, str(Repo(SHOP, cache_dir=cache).index_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdin is not None and holder.stdout is not None
    controller, terminal = pty.openpty()
    try:
        assert holder.stdout.readline() == "held\n"
        command = subprocess.Popen(
            [sys.executable, "-m", "rlm_code", "index", str(SHOP), "--cache-dir", str(cache)],
            stdout=terminal,
            stderr=terminal,
            start_new_session=True,
            preexec_fn=hears_ctrl_c,
            env={**os.environ, "TERM": "xterm", "COLUMNS": "120"},
        )
        drawn = b""
        while b"Waiting for another rlm-code process" not in drawn:
            drawn += os.read(controller, 4096)
        os.killpg(command.pid, signal.SIGINT)
        # Keep reading, as a terminal does: a full pseudo-terminal would block the progress
        # bar's writes, and the command with them, whatever it does with the interrupt.
        chunks: list[bytes] = []
        reader = threading.Thread(target=lambda: chunks.extend(iter(lambda: _read_or_end(controller), b"")))
        reader.start()
        assert command.wait(timeout=30) == 130
        os.close(terminal)
        reader.join(30)
        drawn += b"".join(chunks)
    finally:
        holder.stdin.close()
        holder.wait()
        os.close(controller)
    after = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", drawn.decode()).rpartition("Waiting for another")[2]
    assert after.splitlines()[-1] == "rlm-code: interrupted"
    assert "Aborted" not in after and "Traceback" not in after


def _read_or_end(controller: int) -> bytes:
    """The next output of a pseudo-terminal, or nothing once its other end is closed."""
    try:
        return os.read(controller, 4096)
    except OSError:
        return b""


def test_a_terminal_gets_the_piped_text_in_colour_with_control_characters_shown(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    long_line = "x" * 150
    (repo / "term.py").write_text(f'def clear():\n    return "\x1b[2J\x07"  # {long_line}\n')
    cache = ["--cache-dir", str(tmp_path / "cache")]
    piped = run_cli("grep", repo, "return", *cache).stdout
    code, drawn = run_in_terminal("grep", repo, "return", *cache, columns=60)
    assert code == 0 and "\x1b[2J" not in drawn and "\x07" not in drawn  # the file cannot clear the screen
    colours = re.findall(r"\x1b\[[0-9;]*m", drawn)
    assert colours  # path, line and definition are coloured
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", drawn).replace("\r\n", "\n").lstrip("\r")
    assert plain == piped.replace("\x1b", "␛").replace("\x07", "␇")  # one line, however narrow the terminal


def test_no_arguments_still_show_the_help() -> None:
    result = run_cli()
    assert result.returncode == 2 and "Commands:" in result.stdout + result.stderr
