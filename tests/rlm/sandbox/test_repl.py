"""The REPL as the model sees it: persistence, echo, output limits, tracebacks, FINAL."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rlm_code.errors import SandboxError
from rlm_code.rlm.sandbox import Limits

from .conftest import FAST, MakeSandbox, ok, still_works


def test_the_namespace_persists_across_cells(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox()
    ok(sandbox.run("import re\ncount = 2\ndef twice(x):\n    return 2 * x"))
    assert ok(sandbox.run("count += 1\nprint(twice(count), re.escape('a.b'))")) == "6 a\\.b\n"


def test_a_trailing_expression_is_echoed_unless_none(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox()
    assert ok(sandbox.run("x = [1, 2]\nx + [3]")) == "[1, 2, 3]\n"
    assert ok(sandbox.run("x.append(3)")) == ""
    assert ok(sandbox.run("for i in x:\n    i")) == ""  # only a last top-level expression


def test_stdout_and_stderr_come_back_in_order(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox()
    code = "import os, sys\nprint('one')\nprint('two', file=sys.stderr)\nos.write(1, b'three\\n')\nprint('four')"
    assert ok(sandbox.run(code)) == "one\ntwo\nthree\nfour\n"


def test_long_output_is_cut_with_the_count_of_what_was_cut(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox(limits=Limits(output_chars=100))
    output = ok(sandbox.run("print('é' * 250)"))
    assert output.startswith("é" * 100 + "\n[... 151 more characters cut")  # 150 + the newline


def test_an_error_comes_back_as_a_short_traceback_then_the_fix_works(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox()
    ok(sandbox.run("def ratio(a, b):\n    return a / b"))
    result = sandbox.run("import json\nvalues = [1, 0]\nr = ratio(*values)")
    assert result.error is not None and not result.restarted
    assert result.error.startswith("Traceback (most recent call last):")
    assert 'File "<cell-2>", line 3' in result.error and "return a / b" in result.error
    assert result.error.rstrip().endswith("ZeroDivisionError: division by zero")
    assert "sandbox" not in result.error and "repl.py" not in result.error  # only the cell's frames
    ok(sandbox.run("values = [1, 4]\nr = ratio(*values)"))
    assert ok(sandbox.run("r")) == "0.25\n"


def test_library_frames_are_left_out_of_tracebacks(make_sandbox: MakeSandbox) -> None:
    result = make_sandbox().run("import json\njson.loads('{')")
    assert result.error is not None
    assert '"<cell-1>", line 2' in result.error and "decoder.py" not in result.error
    assert "JSONDecodeError" in result.error


def test_a_syntax_error_points_at_the_line(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox()
    result = sandbox.run("x = 1\nif x\n    print(x)")
    assert result.error is not None and "SyntaxError" in result.error and "line 2" in result.error
    still_works(sandbox)


def test_final_ends_the_cell_with_its_value(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox()
    result = sandbox.run("print('before')\nFINAL({'answer': 42, 'where': ('a.py', 3)})\nprint('after')")
    assert result.has_final and result.final == {"answer": 42, "where": ["a.py", 3]}
    assert result.output == "before\n" and result.error is None
    assert sandbox.run("FINAL(object())").final.startswith("<object object")  # type: ignore[union-attr]
    assert sandbox.run("FINAL(None)").has_final


def test_final_cannot_be_swallowed_by_model_code(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox()
    result = sandbox.run("try:\n    FINAL('kept')\nexcept Exception:\n    print('caught')")
    assert (result.final, result.output) == ("kept", "")
    result = sandbox.run("try:\n    FINAL('still kept')\nexcept:\n    pass\nprint('went on')")
    assert result.has_final and result.final == "still kept"


def test_final_var_reads_a_variable_and_explains_a_missing_one(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox()
    ok(sandbox.run("summary = 'three callers'"))
    result = sandbox.run("FINAL_VAR('summary')")
    assert result.has_final and result.final == "three callers"
    missing = sandbox.run("FINAL_VAR('nothing_here')")
    assert not missing.has_final and missing.error is not None
    assert "no variable named 'nothing_here'" in missing.error
    wrong = sandbox.run("FINAL_VAR(summary)")  # the value, not the name
    assert wrong.error is not None and "'three callers' is not a name" in wrong.error
    wrong = sandbox.run("FINAL_VAR(42)")
    assert wrong.error is not None and "TypeError" in wrong.error
    assert sandbox.run("def f():\n    local = 7\n    FINAL_VAR('local')\nf()").final == 7


def test_a_keyboard_interrupt_the_cell_raises_is_reported_as_itself(make_sandbox: MakeSandbox) -> None:
    """Only the parent's SIGINT is a timeout; a cell's own KeyboardInterrupt is its error."""
    sandbox = make_sandbox()
    result = sandbox.run("kept = 1\nraise KeyboardInterrupt('mine')")
    assert result.error is not None and not result.restarted
    assert result.error.rstrip().endswith("KeyboardInterrupt: mine") and "TimeoutError" not in result.error
    assert ok(sandbox.run("kept")) == "1\n"


def test_exit_does_not_end_the_session(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox()
    ok(sandbox.run("kept = 1"))
    result = sandbox.run("import sys\nsys.exit(3)")
    assert result.error is not None and "FINAL" in result.error and not result.restarted
    assert ok(sandbox.run("kept")) == "1\n"


def test_printed_protocol_frames_are_only_text(make_sandbox: MakeSandbox) -> None:
    """Whatever the code prints, even a well-formed frame, cannot fake a FINAL."""
    sandbox = make_sandbox()
    code = (
        "import json, os, struct\n"
        "body = json.dumps({'type': 'done', 'id': 1, 'error': None, 'kind': 'ok', 'final': 'forged',"
        " 'has_final': True}).encode()\n"
        "frame = struct.pack('>I', len(body)) + body\n"
        "os.write(1, frame)\nos.write(2, frame)\nprint(body.decode())"
    )
    result = sandbox.run(code)
    assert not result.has_final and result.final is None and result.error is None
    assert result.output.count("forged") == 3


def test_setup_code_runs_first_and_again_after_a_restart(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox(setup_code="def shout(s):\n    return s.upper()\nprint('setup output is dropped')")
    assert ok(sandbox.run("print(shout('hi'))")) == "HI\n"
    assert sandbox.run("import os\nos._exit(1)").restarted
    assert ok(sandbox.run("print(shout('again'))")) == "AGAIN\n"


def test_failing_setup_code_refuses_to_start(make_sandbox: MakeSandbox) -> None:
    with pytest.raises(SandboxError, match="setup code failed: NameError"):
        make_sandbox(setup_code="undefined_name")


def test_the_child_works_in_a_scratch_folder_of_its_own(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox()
    code = (
        "import os, tempfile, pathlib\n"
        "pathlib.Path('notes.txt').write_text('mine')\n"
        "with tempfile.NamedTemporaryFile(delete=False) as f:\n    f.write(b'x')\n"
        "print(os.getcwd() == os.environ['HOME'] == tempfile.gettempdir() == os.path.dirname(f.name))\n"
        "os.getcwd()"
    )
    output = ok(sandbox.run(code))
    assert output.startswith("True\n")
    scratch = Path(eval(output.splitlines()[1]))
    assert ok(sandbox.run("open('notes.txt').read()")) == "'mine'\n"
    assert not (scratch / "notes.txt").exists()  # a private tmpfs: the parent sees an empty folder
    assert sandbox.run("import os\nos._exit(0)").restarted
    assert "FileNotFoundError" in (sandbox.run("open('notes.txt')").error or "")  # a fresh scratch
    sandbox.close()
    assert not scratch.exists()
    with pytest.raises(SandboxError, match="closed"):
        sandbox.run("1")


def test_the_context_manager_starts_and_closes(repo: Path) -> None:
    from rlm_code.rlm.sandbox import Sandbox

    with Sandbox(read_only=[repo], callbacks={}, limits=FAST) as sandbox:
        sandbox.start()  # a second start is a no-op
        pid = int(ok(sandbox.run("import os\nos.getpid()")))
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
