"""``rlm-code check`` as a real subprocess: exit codes, formats, --rules, --changed-since and
question rules with a scripted model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rlm_code.checks import FORMATS
from tests.checks.conftest import git, git_repo
from tests.conftest import FIXTURES, run_cli

LAYERED = FIXTURES / "layered"


def test_violations_exit_1_and_name_file_line_and_rule() -> None:
    result = run_cli("check", LAYERED)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith(
        "ledger/store/cache.py:3: error [layering] ledger/store/cache.py (layer store) imports"
    )
    assert result.stdout.splitlines()[-1] == "4 violation(s), 3 of 5 rule(s) failed, 1 skipped"


def test_a_clean_repository_exits_0() -> None:
    result = run_cli("check", LAYERED, "--rules", LAYERED / "passing.toml")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "no violation, 0 of 4 rule(s) failed"


def test_warnings_do_not_fail_the_check(tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text(
        '[rules.w]\nkind = "layers"\nroot = "src"\nlayers = ["ui", "service", "store"]\nseverity = "warning"\n'
    )
    result = run_cli("check", FIXTURES / "layered_ts", "--rules", rules)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("src/store/db.ts:1: warning [w] src/store/db.ts (layer store) imports")
    assert result.stdout.splitlines()[-1] == "1 warning(s), 0 of 1 rule(s) failed, 1 warned"
    data = json.loads(run_cli("check", FIXTURES / "layered_ts", "--rules", rules, "--format", "json").stdout)
    assert (data["rules"][0]["status"], data["summary"]["warnings"], data["exit_code"]) == ("warned", 1, 0)
    sarif = json.loads(run_cli("check", FIXTURES / "layered_ts", "--rules", rules, "--format", "sarif").stdout)
    assert [result["level"] for result in sarif["runs"][0]["results"]] == ["warning"]


@pytest.mark.parametrize("output_format", list(FORMATS))
def test_every_format_prints_and_sarif_can_also_go_to_a_file(tmp_path: Path, output_format: str) -> None:
    sarif = tmp_path / "out.sarif"
    result = run_cli("check", LAYERED, "--format", output_format, "--sarif", sarif)
    assert result.returncode == 1, result.stderr
    assert "ledger/service/reports.py" in result.stdout and "connect-v1-is-deprecated" in result.stdout
    assert json.loads(sarif.read_text())["runs"][0]["results"][3]["ruleId"] == "connect-v1-is-deprecated"
    if output_format == "sarif":
        assert json.loads(result.stdout) == json.loads(sarif.read_text())
    elif output_format == "json":
        assert json.loads(result.stdout)["exit_code"] == 1


def test_sarif_creates_its_folders_and_an_unwritable_sarif_fails_before_checking(tmp_path: Path) -> None:
    sarif = tmp_path / "new" / "out.sarif"
    assert run_cli("check", LAYERED, "--sarif", sarif).returncode == 1
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    result = run_cli("check", LAYERED, "--sarif", blocker / "out.sarif")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and f"{blocker} is not a folder" in result.stderr


def test_the_help_lists_every_format() -> None:
    result = run_cli("check", "--help")
    assert result.returncode == 0
    assert all(name in result.stdout for name in FORMATS)


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ('[rules.r]\nkind = "layer"\n', "rules.toml:1: rule 'r': unknown kind 'layer'; known: forbidden-import,"),
        (
            '[rules.r]\nkind = "forbidden-import"\nfrom = "ledger/core"\nto = "ledger"\n',
            "rules.toml:1: rule 'r': from 'ledger/core' matches no file",
        ),
        (
            '[rules.r]\nkind = "allowed-callers"\nsymbol = "nothing_like_it"\n',
            "rules.toml:1: rule 'r': no definition named 'nothing_like_it'",
        ),
        ("[rules]\n", "rules.toml: the [rules] table holds no rule"),
    ],
)
def test_bad_rules_exit_2_with_one_line(tmp_path: Path, rules: str, message: str) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(rules)
    result = run_cli("check", LAYERED, "--rules", path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--format", "xml"), "--format must be one of text, json, markdown, sarif, not 'xml'"),
        (("--rules", "/no/such/rules.toml"), "no such rules file: /no/such/rules.toml"),
        (("--changed-since", "main"), "is not inside a git work tree"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / ".rlm-code.toml").write_text('[rules.c]\nkind = "no-cycles"\n')
    result = run_cli("check", plain, *args)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and message in result.stderr


def test_changed_since_reports_only_what_the_branch_broke(tmp_path: Path) -> None:
    repo = git_repo(tmp_path)
    assert run_cli("check", repo, "--changed-since", "nope").returncode == 2
    clean = run_cli("check", repo, "--changed-since", "main", "--format", "json")
    assert clean.returncode == 0, clean.stderr
    assert json.loads(clean.stdout)["changed_files"] == []
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "ledger/cli/main.py").write_text(
        "from ledger.store.legacy import connect_v1\n\n\ndef main(name):\n    return connect_v1()\n"
    )
    git(repo, "commit", "-q", "-am", "the CLI reaches for the old connection")
    result = run_cli("check", repo, "--changed-since", "main")
    assert result.returncode == 1
    assert [line for line in result.stdout.splitlines() if ": error [" in line] == [
        "ledger/cli/main.py:1: error [package-cycles] import cycle ledger/cli -> ledger/store -> ledger/cli"
        " (ledger/cli/main.py:1 imports ledger/store/legacy.py; ledger/store/cache.py:3 imports"
        " ledger/cli/settings.py)",
        "ledger/cli/main.py:5: error [connect-v1-is-deprecated] main calls ledger/store/legacy.py:connect_v1"
        " (exact); only ledger/store/migrate.py may: use ledger.store.db.connect",
    ]
    assert "limited to 1 file(s) changed since main" in result.stdout


def question_rules(tmp_path: Path, *replies: str) -> list[str]:
    """Arguments for a check of one question rule answered by a scripted supervisor."""
    rules = tmp_path / "rules.toml"
    rules.write_text('[rules.validated]\nkind = "question"\nquestion = "Does every save validate first?"\n')
    script = tmp_path / "replies.json"
    script.write_text(json.dumps(list(replies)))
    return ["--rules", str(rules), "--model", f"scripted:{script}", "--worker-model", f"scripted:{script}"]


@pytest.mark.parametrize(
    ("answer", "code", "shown"),
    [
        ("PASS\n- ledger/service/accounts.py:12: validate first", 0, "  pass     validated"),
        (
            "FAIL\n- ledger/store/migrate.py:9: extends rows unchecked",
            1,
            "ledger/store/migrate.py:9: error [validated] extends rows unchecked",
        ),
    ],
)
def test_question_rules_run_with_a_model(tmp_path: Path, answer: str, code: int, shown: str) -> None:
    args = question_rules(tmp_path, f"```repl\nFINAL({json.dumps(answer)})\n```")
    result = run_cli("check", LAYERED, *args)
    assert result.returncode == code, result.stderr
    assert shown in result.stdout


def test_question_evidence_past_a_file_s_end_is_no_violation_there(tmp_path: Path) -> None:
    answer = "FAIL\nledger/store/db.py:999: past the end\nledger/nosuch.py:3: no such file"
    args = question_rules(tmp_path, f"```repl\nFINAL({json.dumps(answer)})\n```")
    result = run_cli("check", LAYERED, *args, "--format", "sarif")
    assert result.returncode == 1, result.stderr
    (found,) = json.loads(result.stdout)["runs"][0]["results"]
    location = found["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == (tmp_path / "rules.toml").as_uri()
    assert location["region"]["startLine"] == 1
    assert (
        "citing only places that are not in the repository (ledger/store/db.py:999, ledger/nosuch.py:3)"
        in (found["message"]["text"])
    )


def test_a_budget_stop_exits_3(tmp_path: Path) -> None:
    args = question_rules(tmp_path, "```repl\nprint('looking')\n```")
    result = run_cli("check", LAYERED, *args, "--format", "json", env={"RLM_CODE_MAX_ITERATIONS": "1"})
    assert result.returncode == 3, result.stderr
    (rule,) = json.loads(result.stdout)["rules"]
    assert (rule["status"], rule["detail"]) == ("stopped", "stopped by max_iterations: no verdict")


def test_a_dollar_cap_for_an_unpriced_model_names_the_rule_and_fitting_advice(tmp_path: Path) -> None:
    args = question_rules(tmp_path, "```repl\nFINAL('PASS')\n```")
    result = run_cli("check", LAYERED, *args, env={"RLM_CODE_MAX_COST": "1"})
    assert (result.returncode, result.stderr.count("\n")) == (2, 1), result.stderr
    assert f"{tmp_path / 'rules.toml'}:1: rule 'validated': no price is known for model 'scripted'" in result.stderr
    assert "RLM_CODE_MAX_COST=none" in result.stderr and "--max-cost" not in result.stderr
