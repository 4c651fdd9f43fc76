"""``run_checks``: every rule of a set, and ``--changed-since`` on a branch with real commits."""

from __future__ import annotations

from pathlib import Path

import pytest

from rlm_code.checks import CheckReport, RuleError, load_rules, run_checks
from rlm_code.llm import ScriptedModel
from rlm_code.repo import Repo
from tests.checks.conftest import git, git_repo


def statuses(report: CheckReport) -> dict[str, str]:
    return {r.rule.name: r.status for r in report.results}


def test_the_fixture_rules_fail_pass_and_skip(layered: Repo) -> None:
    report = run_checks(layered, load_rules(layered.root))
    assert statuses(report) == {
        "layering": "failed",
        "package-cycles": "failed",
        "connect-v1-is-deprecated": "failed",
        "store-stays-out-of-billing": "passed",
        "accounts-are-validated": "skipped",
    }
    assert report.exit_code == 1 and report.changed_files is None


def test_the_passing_rules_pass(layered: Repo) -> None:
    report = run_checks(layered, load_rules(layered.root, layered.root / "passing.toml"))
    assert set(statuses(report).values()) == {"passed"} and report.exit_code == 0


def test_only_violations_on_lines_the_change_touched_are_kept(tmp_path: Path, session_cache: Path) -> None:
    repo_path = git_repo(tmp_path)
    git(repo_path, "checkout", "-q", "-b", "feature")
    db = repo_path / "ledger/store/db.py"
    cache = "from .cache import remember\n"
    db.write_text(db.read_text().replace(cache, f"{cache}from ledger.billing.tax import tax_for\n"))
    git(repo_path, "commit", "-q", "-am", "the store learns about tax")
    with Repo(repo_path, cache_dir=session_cache) as repo:
        report = run_checks(repo, load_rules(repo.root), changed_since="main")
    assert report.changed_files == ["ledger/store/db.py"]
    kept = [(v.rule, v.path, v.line) for v in report.violations]
    # db.py is a file of the cli -> service -> store cycle, but none of the cycle's imports changed
    assert kept == [("store-stays-out-of-billing", "ledger/store/db.py", 4)]
    by_rule = {r.rule.name: r for r in report.results}
    assert by_rule["layering"].status == "passed" and by_rule["layering"].outside_change == 1
    assert by_rule["layering"].detail == "1 violation(s) on lines this change did not touch"
    assert by_rule["package-cycles"].outside_change == 2
    assert by_rule["accounts-are-validated"].status == "skipped"
    assert report.exit_code == 1


def test_a_cycle_is_the_change_s_only_when_it_touches_one_of_the_cycle_s_imports(
    tmp_path: Path, session_cache: Path
) -> None:
    """A comment above the import that closes a cycle moves it without touching it: nothing is
    reported. An import the change adds inside a cycle is reported there, with an example
    cycle through it."""
    repo_path = git_repo(tmp_path)
    git(repo_path, "checkout", "-q", "-b", "feature")
    cache = repo_path / "ledger/store/cache.py"
    cache.write_text("# a comment\n" + cache.read_text())
    with Repo(repo_path, cache_dir=session_cache) as repo:
        report = run_checks(repo, load_rules(repo.root), changed_since="main")
    assert report.changed_files == ["ledger/store/cache.py"] and report.violations == []
    rates = repo_path / "ledger/shipping/rates.py"
    rates.write_text(rates.read_text() + "from ledger.billing.invoice import total\n")
    with Repo(repo_path, cache_dir=session_cache) as repo:
        report = run_checks(repo, load_rules(repo.root), changed_since="main")
    (violation,) = report.violations
    assert (violation.rule, violation.path, violation.line) == ("package-cycles", "ledger/shipping/rates.py", 8)
    assert violation.message == (
        "import cycle ledger/shipping -> ledger/billing -> ledger/shipping (ledger/shipping/rates.py:8 imports"
        " ledger/billing/invoice.py; ledger/billing/invoice.py:3 imports ledger/shipping/rates.py)"
    )


def test_a_bad_rule_stops_the_run_before_any_model_is_asked(layered: Repo, tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text(
        '[rules.q]\nkind = "question"\nquestion = "Fine?"\n\n'
        '[rules.f]\nkind = "forbidden-import"\nfrom = "nowhere"\nto = "ledger"\n'
    )
    supervisor = ScriptedModel(["```repl\nFINAL('PASS')\n```"])
    with pytest.raises(RuleError, match="rule 'f': from 'nowhere' matches no file"):
        run_checks(layered, load_rules(layered.root, rules), supervisor=supervisor)
    assert supervisor.calls == []
