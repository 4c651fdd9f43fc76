"""``allowed-callers``: a deprecated function with an allowed and a forbidden caller."""

from __future__ import annotations

from pathlib import Path

import pytest

from rlm_code.checks import RuleError
from rlm_code.checks.callers import check_allowed_callers
from rlm_code.checks.rules import AllowedCallers
from rlm_code.repo import Repo
from tests.checks.conftest import rules_from


def rule_of(tmp_path: Path, body: str) -> AllowedCallers:
    (rule,) = rules_from(tmp_path, f'[rules.d]\nkind = "allowed-callers"\n{body}\n')
    assert isinstance(rule, AllowedCallers)
    return rule


def test_only_the_forbidden_caller_is_reported(layered: Repo, tmp_path: Path) -> None:
    rule = rule_of(tmp_path, 'symbol = "ledger/store/legacy.py:connect_v1"\nallow = "ledger/store/migrate.py"')
    (violation,) = check_allowed_callers(rule, layered)
    assert (violation.path, violation.line, violation.rule) == ("ledger/service/reports.py", 7, "d")
    assert violation.message == (
        "monthly calls ledger/store/legacy.py:connect_v1 (exact); only ledger/store/migrate.py may"
    )
    assert violation.related == ("ledger/store/legacy.py",)


def test_with_no_allowed_file_every_caller_is_reported(layered: Repo, tmp_path: Path) -> None:
    rule = rule_of(tmp_path, 'symbol = "connect_v1"')
    assert [(v.path, v.line) for v in check_allowed_callers(rule, layered)] == [
        ("ledger/service/reports.py", 7),
        ("ledger/store/migrate.py", 8),
    ]


def test_references_count_every_use_not_only_calls(layered_ts: Repo, tmp_path: Path) -> None:
    calls = rule_of(tmp_path, 'symbol = "loadAll"\nallow = "src/store/**"')
    by_calls = check_allowed_callers(calls, layered_ts)
    assert [(v.path, v.line) for v in by_calls] == [("src/ui/NoteList.tsx", 5)]
    uses = rule_of(tmp_path, 'symbol = "loadAll"\nallow = "src/store/**"\nreferences = true')
    violations = check_allowed_callers(uses, layered_ts)
    # The import itself is a use too.
    assert [(v.path, v.line) for v in violations] == [
        ("src/ui/NoteList.tsx", 2),
        ("src/ui/NoteList.tsx", 5),
        ("src/ui/NoteList.tsx", 9),
    ]
    assert violations[2].message == "<module> uses src/store/db.ts:loadAll (exact); only src/store/** may"


def test_confidence_sets_the_weakest_site_counted(layered: Repo, tmp_path: Path) -> None:
    """``source.connect_v1()`` on an unknown receiver only shares the name."""
    symbol = 'symbol = "ledger/store/legacy.py:connect_v1"\nallow = "ledger/store/**"'
    by_default = check_allowed_callers(rule_of(tmp_path, symbol), layered)
    assert [(v.path, v.line) for v in by_default] == [("ledger/service/reports.py", 7)]
    by_name = check_allowed_callers(rule_of(tmp_path, f'{symbol}\nconfidence = "name"'), layered)
    assert [(v.path, v.line) for v in by_name] == [
        ("ledger/service/reports.py", 7),
        ("ledger/service/reports.py", 11),
    ]
    assert "weekly calls ledger/store/legacy.py:connect_v1 (name)" in by_name[1].message


def test_an_unknown_symbol_is_a_rule_error(layered: Repo, tmp_path: Path) -> None:
    rule = rule_of(tmp_path, 'symbol = "connect_v2"')
    with pytest.raises(RuleError, match=r"rules.toml:1: rule 'd': no definition named 'connect_v2'"):
        check_allowed_callers(rule, layered)
