"""``rlm-code ask`` and ``rlm-code trace`` as real subprocesses."""

from __future__ import annotations

import http.server
import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from rlm_code.llm import DEFAULT_WORKER, Usage
from rlm_code.rlm.trace import Trace, read_trace
from tests.conftest import FIXTURES, run_cli, run_in_terminal

SHOP = FIXTURES / "python"


def test_ask_json_has_the_documented_shape(tmp_path: Path) -> None:
    result = run_cli("ask", SHOP, "who calls Model.full_clean?", "--json", "--trace", tmp_path / "t.jsonl")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {
        "answer",
        "partial",
        "model",
        "worker_model",
        "iterations",
        "sub_calls",
        "usage",
        "stopped",
        "sandbox",
        "trace",
    }
    assert set(data["usage"]) >= {"input_tokens", "output_tokens", "cost_usd"}
    assert data["model"] == "offline" and data["partial"] is False and data["stopped"] is None
    assert "shop/models.py:12 in Model.save (exact)" in data["answer"]
    assert data["trace"] == str(tmp_path / "t.jsonl") and (tmp_path / "t.jsonl").exists()


def test_ask_text_output_is_labelled_offline() -> None:
    result = run_cli("ask", SHOP, "where is Router defined?")
    assert result.returncode == 0
    assert "Router (class) at shop/routing.py:4" in result.stdout
    assert "offline supervisor (no model)" in result.stderr


def test_a_question_that_needs_a_model_exits_2_with_advice() -> None:
    result = run_cli("ask", SHOP, "why is the router a dict?")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "ANTHROPIC_API_KEY" in result.stderr


@pytest.mark.parametrize(
    ("question", "code", "message"),
    [
        ("who calls nosuch?", 1, "no definition named 'nosuch'"),
        ("what imports no.such.module?", 1, "no module or file named 'no.such.module' in the repository"),
        ("outline /etc/passwd", 2, "path is outside the repository: /etc/passwd"),
        ("outline shop/nosuch.py", 2, "no such file in the repository: shop/nosuch.py"),
    ],
)
@pytest.mark.parametrize("json_mode", [False, True])
def test_an_offline_question_it_cannot_answer_exits_as_the_navigator_would(
    question: str, code: int, message: str, json_mode: bool
) -> None:
    result = run_cli("ask", SHOP, question, *(["--json"] if json_mode else []))
    assert result.returncode == code
    assert result.stderr == f"rlm-code: error: {message}\n"
    if not json_mode:
        assert result.stdout == ""
        return
    data = json.loads(result.stdout)  # the run started and wrote a trace: JSON, as any failed run
    assert (data["error"], data["exit_code"]) == (message, code)
    assert read_trace(Path(data["trace"]))[-1]["event"] == "final"


def test_a_scripted_session_replays_and_a_limit_exits_3(tmp_path: Path) -> None:
    script = tmp_path / "session.json"
    script.write_text(json.dumps(["```repl\nprint(len(list_files().paths))\n```"]))
    result = run_cli(
        "ask",
        SHOP,
        "count files forever",
        "--model",
        f"scripted:{script}",
        "--worker-model",
        f"scripted:{script}",
        "--max-iterations",
        "2",
        "--max-cost",
        "none",
        "--json",
    )
    assert result.returncode == 3, result.stderr
    data = json.loads(result.stdout)
    assert data["partial"] is True and data["stopped"] == "max_iterations"
    assert data["model"] == "scripted"


def test_a_dollar_cap_set_for_an_unpriced_model_is_a_usage_error(tmp_path: Path) -> None:
    script = tmp_path / "session.json"
    script.write_text(json.dumps(["```repl\nFINAL('done')\n```"]))
    model = f"scripted:{script}"
    earlier = tmp_path / "earlier.jsonl"
    earlier.write_text('{"event": "start"}\n')
    for trace in (earlier, tmp_path / "new.jsonl"):
        flags = ["--max-cost", "2", "--json", "--trace", trace]
        result = run_cli("ask", SHOP, "anything?", "--model", model, "--worker-model", model, *flags)
        assert (result.returncode, result.stdout, result.stderr.count("\n")) == (2, "", 1)
        assert "RLM_CODE_PRICES" in result.stderr and "pass --max-cost none" in result.stderr
    # refused before it started: an earlier trace is left whole and no new one is written
    assert earlier.read_text() == '{"event": "start"}\n' and not (tmp_path / "new.jsonl").exists()
    result = run_cli("ask", SHOP, "anything?", "--model", model, "--worker-model", model)
    assert result.returncode == 0 and "note: no dollar cap" in result.stderr


class _Refusing(http.server.BaseHTTPRequestHandler):
    """An OpenAI-compatible server that answers every request with HTTP 400."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", 0)))
        body = json.dumps({"error": {"message": "model 'qwen' not found"}}).encode()
        self.send_response(400)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def refusing_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Refusing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def test_a_model_failure_still_prints_json_and_ends_the_trace(tmp_path: Path, refusing_server: str) -> None:
    path = tmp_path / "t.jsonl"
    result = run_cli("ask", SHOP, "anything?", "--model", f"openai:qwen@{refusing_server}", "--json", "--trace", path)
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "model 'qwen' not found" in result.stderr
    data = json.loads(result.stdout)
    message = result.stderr.removeprefix("rlm-code: error: ").strip()
    assert data == {"error": message, "exit_code": 1, "trace": str(path)}
    last = read_trace(path)[-1]
    assert last["event"] == "error" and last["error"] == data["error"]


@pytest.mark.parametrize("where", ["a_file/t.jsonl", "a_folder"])
def test_a_trace_path_that_cannot_be_written_fails_before_the_run(tmp_path: Path, where: str) -> None:
    (tmp_path / "a_file").write_text("")
    (tmp_path / "a_folder").mkdir()
    result = run_cli("ask", SHOP, "who calls Model.full_clean?", "--trace", tmp_path / where)
    assert (result.returncode, result.stdout, result.stderr.count("\n")) == (2, "", 1)
    assert result.stderr.startswith(f"rlm-code: error: cannot write {tmp_path / where}")


def test_bad_settings_are_usage_errors() -> None:
    result = run_cli("ask", SHOP, "who calls x?", "--sandbox", "maybe")
    assert result.returncode == 2 and "sandbox in the command line must be one of" in result.stderr
    result = run_cli("ask", SHOP, "who calls x?", "--model", "nosuch:thing")
    assert result.returncode == 2 and "anthropic" in result.stderr


@pytest.mark.parametrize(
    ("flags", "env"),
    [(["--sandbox", "off"], {}), ([], {"RLM_CODE_SANDBOX": "off"})],
)
def test_the_sandbox_can_be_turned_off(flags: list[str], env: dict[str, str]) -> None:
    result = run_cli("ask", SHOP, "who calls slugify?", "--json", *flags, env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["sandbox"].startswith("off (")


def test_settings_come_from_the_repository_then_the_environment_then_flags(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(SHOP, repo, symlinks=True)
    (repo / ".rlm-code.toml").write_text("timeout = 0.000001\n")
    stopped = run_cli("ask", repo, "who calls slugify?", "--json")
    assert stopped.returncode == 3 and json.loads(stopped.stdout)["stopped"] == "timeout"
    assert run_cli("ask", repo, "who calls slugify?", env={"RLM_CODE_TIMEOUT": "none"}).returncode == 0
    flagged = run_cli("ask", repo, "who calls slugify?", "--timeout", "0.000001", env={"RLM_CODE_TIMEOUT": "none"})
    assert flagged.returncode == 3
    (repo / ".rlm-code.toml").write_text("typo_setting = 1\n")
    result = run_cli("ask", repo, "who calls slugify?")
    assert result.returncode == 2 and "unknown setting 'typo_setting'" in result.stderr
    (repo / ".rlm-code.toml").write_text("max_iterations = 0\n")
    result = run_cli("ask", repo, "who calls slugify?")
    assert result.returncode == 2 and f"max_iterations in {repo / '.rlm-code.toml'} must be at least 1" in result.stderr


def trace_of_a_run(tmp_path: Path) -> Path:
    path = tmp_path / "run.jsonl"
    result = run_cli("ask", SHOP, "what does views.login call?", "--trace", path)
    assert result.returncode == 0, result.stderr
    return path


def test_trace_show_renders_turns_code_and_answer(tmp_path: Path) -> None:
    result = run_cli("trace", "show", trace_of_a_run(tmp_path))
    assert result.returncode == 0
    assert "turn 1" in result.stdout
    assert "FINAL(format_callees(callees('views.login')))" in result.stdout
    assert "h.url_for -> shop/helpers.py:url_for" in result.stdout


def test_trace_show_and_html_count_the_cached_part_of_a_prompt(tmp_path: Path) -> None:
    # Most of a long run's prompt is read from the provider's cache; it counted for nothing.
    path = tmp_path / "cached.jsonl"
    trace = Trace(path)
    usage = Usage(input_tokens=200, output_tokens=30, cache_read_tokens=5000, cache_write_tokens=800, cost_usd=0.01)
    trace.record("start", question="q?", model="m", worker_model="w", notes=[])
    trace.record("turn", iteration=1, prompt_chars=9, response="r", code=[], latency_s=0.1, usage=usage)
    trace.record("final", answer="a", partial=False, iterations=1, sub_calls=0, seconds=1.0, usage=usage)
    trace.close()
    shown = run_cli("trace", "show", path)
    assert shown.returncode == 0, shown.stderr
    assert "6000 in / 30 out tokens" in shown.stdout and "6030 tokens · $0.0100" in shown.stdout
    page = run_cli("trace", "html", path, "--output", tmp_path / "page.html")
    assert page.returncode == 0, page.stderr
    assert "6000 in / 30 out tokens, $0.0100" in (tmp_path / "page.html").read_text()


def test_trace_show_defaults_to_the_newest_run() -> None:
    missing = run_cli("trace", "show")
    assert missing.returncode == 1 and "no ask run has written a trace" in missing.stderr
    assert run_cli("ask", SHOP, "where is Router defined?").returncode == 0
    assert run_cli("ask", SHOP, "what does views.login call?").returncode == 0
    result = run_cli("trace", "show")
    assert result.returncode == 0
    assert "what does views.login call?" in result.stdout and "Router" not in result.stdout


def test_trace_errors_are_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n")
    result = run_cli("trace", "show", bad)
    assert result.returncode == 2 and "is not a trace line" in result.stderr
    assert run_cli("trace", "show", tmp_path / "missing.jsonl").returncode == 2
    bad.write_text('{"event": "start", "model": "m"}\n')  # JSON, but no trace rlm-code wrote
    for command in (["show"], ["html", "-o", tmp_path / "page.html"]):
        result = run_cli("trace", *command, bad)
        assert (result.returncode, result.stderr) == (
            2,
            f"rlm-code: error: {bad}:1 is not a trace event (a 'start' event without a valid 'question')\n",
        )


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.external: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href") and value and "://" in value:
                self.external.append(value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_trace_html_is_one_self_contained_collapsible_page(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    result = run_cli("trace", "html", trace_of_a_run(tmp_path), "-o", page)
    assert result.returncode == 0, result.stderr
    parser = _Page()
    parser.feed(page.read_text())
    assert parser.external == [] and "script" not in parser.tags and "link" not in parser.tags
    assert parser.tags.count("details") >= 2 and "summary" in parser.tags
    text = "".join(parser.text)
    assert "what does views.login call?" in text and "FINAL(format_callees(callees('views.login')))" in text


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium is not installed")
def test_trace_html_renders_in_headless_chromium(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    assert run_cli("trace", "html", trace_of_a_run(tmp_path), "-o", page).returncode == 0
    dom = subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert dom.returncode == 0, dom.stderr
    assert "<details" in dom.stdout and "h.url_for -&gt; shop/helpers.py:url_for" in dom.stdout


def test_progress_streams_on_a_terminal() -> None:
    code, text = run_in_terminal("ask", SHOP, "who calls slugify?")
    assert code == 0
    assert "turn 1" in text
    assert "FINAL(format_callers(callers('slugify')))" in text
    assert "shop/helpers.py:9 in url_for (exact)" in text


@pytest.mark.parametrize("command", ["ask", "check", "eval"])
def test_the_help_names_the_default_worker_model(command: str) -> None:
    result = run_cli(command, "--help")
    # Rich may wrap the help at the model name's hyphens.
    assert result.returncode == 0 and DEFAULT_WORKER in "".join(result.stdout.split())
