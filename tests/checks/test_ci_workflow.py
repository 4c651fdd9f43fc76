"""The GitHub Actions workflow in docs/ci.md, run as written.

Its ``run:`` steps after the install run in bash the way Actions runs them, in a clone of a
real git repository (with a bare "origin") on a branch that breaks a rule, with ``rlm-code``
from this environment and a stand-in ``gh`` that records the comments it is asked to post.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema

from rlm_code.checks.formats import MARKDOWN_MARKER
from tests.checks.conftest import git, git_repo

ROOT = Path(__file__).resolve().parents[2]
(WORKFLOW,) = re.findall(r"```yaml\n(.*?)```", (ROOT / "docs" / "ci.md").read_text(), re.DOTALL)
SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-2.1.0-rtm.5.json").read_text())

# What GitHub would put in each expression the workflow uses, for a pull request into main.
EXPRESSIONS = {
    "github.base_ref": "main",
    "secrets.ANTHROPIC_API_KEY": "",  # no secret: question rules are skipped
    "github.token": "test-token",
    "github.event.pull_request.number": "7",
}

FAKE_GH = """#!/bin/sh
# A stand-in for the GitHub CLI: `gh pr comment N [--edit-last] --body-file F`.
state="$(dirname "$0")/comments"
mkdir -p "$state"
for last; do :; done
if [ "$4" = "--edit-last" ] && [ ! -f "$state/$3" ]; then
    echo "no comments found for current user" >&2
    exit 1
fi
[ -f "$state/$3" ] && verb=edited || verb=created
cp "$last" "$state/$3"
echo "$verb $3 $GH_TOKEN" >> "$state/log"
"""


def steps(workflow: str) -> list[dict[str, object]]:
    """The job's steps: ``name``, ``id``, ``if``, ``uses``, ``env`` and ``run`` of each (the
    workflow is plain block YAML with two-space indents)."""
    parsed: list[dict[str, object]] = []
    lines = workflow.split("\n")
    start = lines.index("    steps:")
    index = start + 1
    while index < len(lines):
        line = lines[index]
        if line.startswith("      - "):
            parsed.append({"env": {}})
            line = "        " + line[8:]
        if not line.startswith("        ") or not line.strip():
            index += 1
            continue
        key, _, value = line.strip().partition(": ") if ": " in line else (line.strip().rstrip(":"), "", "")
        step = parsed[-1]
        if key == "run" and value == "|":
            body = []
            while index + 1 < len(lines) and (not lines[index + 1] or lines[index + 1].startswith(" " * 10)):
                index += 1
                body.append(lines[index][10:])
            step["run"] = "\n".join(body).strip() + "\n"
        elif key in ("env", "with"):
            while index + 1 < len(lines) and lines[index + 1].startswith("          "):
                index += 1
                if lines[index].strip().startswith("#"):
                    continue
                name, _, setting = lines[index].strip().partition(": ")
                if key == "env":
                    step["env"][name] = setting  # type: ignore[index]
        else:
            step[key] = value
        index += 1
    return parsed


def job_env(workflow: str) -> dict[str, str]:
    match = re.search(r"^    env:\n((?:      .*\n)+)", workflow, re.MULTILINE)
    assert match is not None
    return dict(
        line.strip().partition(": ")[::2] for line in match.group(1).splitlines() if not line.strip().startswith("#")
    )


def evaluate(value: str, outputs: dict[str, str]) -> str:
    known = {**EXPRESSIONS, **{f"steps.check.outputs.{k}": v for k, v in outputs.items()}}
    return re.sub(r"\$\{\{\s*(.*?)\s*\}\}", lambda m: known[m.group(1)], value)


def run_workflow(checkout: Path, bin_dir: Path) -> tuple[int, dict[str, str]]:
    """Run the steps after the install; the exit code of the last one run, and the outputs."""
    output_file = checkout.parent / "github-output"
    output_file.write_text("")
    temp = checkout.parent / "runner-temp"
    temp.mkdir(exist_ok=True)
    outputs: dict[str, str] = {}
    after_install = False
    code = 0
    for step in steps(WORKFLOW):
        if step.get("name") == "Install rlm-code":
            after_install = True
            continue
        if not after_install or "run" not in step:
            continue
        condition = str(step.get("if", ""))
        if "status != '2'" in condition and outputs.get("status") == "2":
            continue
        env = {
            **os.environ,
            "GITHUB_OUTPUT": str(output_file),
            "RUNNER_TEMP": str(temp),
            "PATH": f"{bin_dir}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        }
        env |= {k: evaluate(v, outputs) for k, v in {**job_env(WORKFLOW), **step["env"]}.items()}  # type: ignore[dict-item]
        script = str(step["run"])
        assert "${{" not in script  # expressions go through env, so the script runs as written
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
            cwd=checkout,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        outputs = dict(line.partition("=")[::2] for line in output_file.read_text().splitlines())
        code = done.returncode
        if code != 0 and step.get("name") != "Fail on violations":
            return code, outputs
    return code, outputs


def test_the_workflow_comments_uploads_and_fails_on_a_new_violation(tmp_path: Path) -> None:
    work = git_repo(tmp_path)
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", str(origin))
    git(work, "remote", "add", "origin", str(origin))
    git(work, "push", "-q", "origin", "main")
    git(work, "checkout", "-q", "-b", "feature")
    (work / "ledger/billing/tax.py").write_text(
        "from ledger.store.legacy import connect_v1\n\n\ndef tax_for(amount):\n    return connect_v1() and amount\n"
    )
    git(work, "commit", "-q", "-am", "tax reads the old connection")
    git(work, "push", "-q", "origin", "feature")
    checkout = tmp_path / "checkout"
    git(tmp_path, "clone", "-q", "-b", "feature", str(origin), str(checkout))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(FAKE_GH)
    (bin_dir / "gh").chmod(0o755)

    code, outputs = run_workflow(checkout, bin_dir)
    assert (code, outputs) == (1, {"status": "1"})
    comment = (bin_dir / "comments" / "7").read_text()
    assert comment == (tmp_path / "runner-temp" / "rlm-code-check.md").read_text()
    assert comment.startswith(
        f"{MARKDOWN_MARKER}\n### rlm-code check failed: 1 violation(s), 1 of 5 rule(s)"
        " failed, 1 skipped, limited to 1 file(s) changed since origin/main\n"
    )
    rows = [line.split(" | ")[1:3] for line in comment.splitlines() if line.startswith("| error |")]
    # tax.py is a file of the billing-shipping cycle, but the branch adds none of its imports
    assert rows == [["`connect-v1-is-deprecated`", "`ledger/billing/tax.py:5`"]]
    sarif = json.loads((tmp_path / "runner-temp" / "rlm-code.sarif").read_text())
    jsonschema.Draft4Validator(SCHEMA).validate(sarif)
    rule_ids = [r["ruleId"] for r in sarif["runs"][0]["results"]]
    assert rule_ids == ["connect-v1-is-deprecated"]
    assert git(checkout, "status", "--porcelain") == ""  # the reports stay outside the checkout

    run_workflow(checkout, bin_dir)  # a later push updates the same comment
    assert (bin_dir / "comments" / "log").read_text() == "created 7 test-token\nedited 7 test-token\n"


def test_a_bad_rule_file_fails_the_check_step_and_skips_the_comment(tmp_path: Path) -> None:
    work = git_repo(tmp_path)
    (work / ".rlm-code.toml").write_text('[rules.r]\nkind = "layer"\n')
    git(work, "commit", "-q", "-am", "a typo in the rules")
    origin = tmp_path / "origin.git"
    git(tmp_path, "clone", "-q", "--bare", str(work), str(origin))
    checkout = tmp_path / "checkout"
    git(tmp_path, "clone", "-q", str(origin), str(checkout))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    code, outputs = run_workflow(checkout, bin_dir)
    assert (code, outputs) == (2, {"status": "2"})
    assert not (bin_dir / "comments").exists()
