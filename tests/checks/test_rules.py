"""Reading rule files: where rules come from, what each kind becomes, and the one-line error
every malformed rule gives."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rlm_code.checks import KINDS, RuleError, load_rules
from rlm_code.checks.rules import AllowedCallers, ForbiddenImport, Layers, NoCycles, QuestionRule
from rlm_code.errors import UsageError
from tests.conftest import FIXTURES

LAYERED = FIXTURES / "layered"


def test_the_fixture_rules_load_in_file_order_with_their_lines() -> None:
    rule_set = load_rules(LAYERED)
    assert rule_set.path == ".rlm-code.toml"
    assert [(r.name, r.kind, r.source) for r in rule_set.rules] == [
        ("layering", "layers", ".rlm-code.toml:3"),
        ("package-cycles", "no-cycles", ".rlm-code.toml:9"),
        ("connect-v1-is-deprecated", "allowed-callers", ".rlm-code.toml:13"),
        ("store-stays-out-of-billing", "forbidden-import", ".rlm-code.toml:19"),
        ("accounts-are-validated", "question", ".rlm-code.toml:24"),
    ]
    layering, cycles, deprecated, forbidden, question = rule_set.rules
    assert isinstance(layering, Layers)
    assert layering.layers == (("ledger/cli",), ("ledger/service",), ("ledger/store",))
    assert layering.message == "the store must not know who calls it"
    assert isinstance(cycles, NoCycles) and cycles.packages == ("ledger/*",)
    assert isinstance(deprecated, AllowedCallers)
    assert (deprecated.allow, deprecated.confidence, deprecated.references) == (
        ("ledger/store/migrate.py",),
        "likely",
        False,
    )
    assert isinstance(forbidden, ForbiddenImport)
    assert forbidden.sources == ("ledger/store",) and forbidden.targets == ("ledger/billing",)
    assert isinstance(question, QuestionRule) and question.question.startswith("Does every function")


def test_rules_come_from_pyproject_unless_rlm_code_toml_has_them(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.rlm-code]\nmax_cost = 1.0\n\n'
        '[tool.rlm-code.rules.no-cycles]\nkind = "no-cycles"\n'
    )
    from_pyproject = load_rules(tmp_path)
    assert from_pyproject.path == "pyproject.toml"
    assert [(r.name, r.source) for r in from_pyproject.rules] == [("no-cycles", "pyproject.toml:7")]
    (tmp_path / ".rlm-code.toml").write_text('model = "offline"\n\n[rules.other]\nkind = "no-cycles"\n')
    assert [(r.name, r.source) for r in load_rules(tmp_path).rules] == [("other", ".rlm-code.toml:3")]


def test_a_rules_file_replaces_the_repository_rules(tmp_path: Path) -> None:
    rules = tmp_path / "ci-rules.toml"
    rules.write_text('[rules]\nflat = { kind = "no-cycles" }\n')
    rule_set = load_rules(LAYERED, rules)
    assert rule_set.path == str(rules)
    assert [(r.name, r.source) for r in rule_set.rules] == [("flat", f"{rules}:2")]


def test_rules_written_as_dotted_keys_are_located_at_their_own_line(tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text(
        '# rules\n\n[rules]\nfirst.kind = "no-cycles"\n\n"second" . kind = "no-cycles"\nsecond.packages = "x"\n'
    )
    assert [r.source for r in load_rules(LAYERED, rules).rules] == [f"{rules}:4", f"{rules}:6"]
    rules.write_text('title = "x"\nrules.top.kind = "no-cycles"\nrules.bad.kind = "no-such-kind"\n')
    with pytest.raises(RuleError, match=f"^{re.escape(str(rules))}:3: rule 'bad': unknown kind"):
        load_rules(LAYERED, rules)


def test_globs_take_one_string_or_a_list_and_layers_may_group_folders(tmp_path: Path) -> None:
    (tmp_path / ".rlm-code.toml").write_text(
        '[rules.l]\nkind = "layers"\nroot = "src/"\nlayers = [["cli", "mcp"], "core"]\n'
        '[rules.f]\nkind = "forbidden-import"\nfrom = ["a", "b/**"]\nto = "c"\nexcept = "a/ok.py"\n'
        'severity = "warning"\n'
    )
    layers, forbidden = load_rules(tmp_path).rules
    assert isinstance(layers, Layers) and layers.layers == (("src/cli", "src/mcp"), ("src/core",))
    assert layers.labels == ("cli + mcp", "core")
    assert isinstance(forbidden, ForbiddenImport)
    assert (forbidden.sources, forbidden.targets, forbidden.exempt) == (("a", "b/**"), ("c",), ("a/ok.py",))
    assert forbidden.severity == "warning"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('kind = "forbid"', "rule 'r': unknown kind 'forbid'; known: " + ", ".join(KINDS)),
        ('from = "a"', "rule 'r': missing key 'kind'"),
        ('kind = "forbidden-import"\nfrom = "a"', "rule 'r': missing key 'to'"),
        (
            'kind = "forbidden-import"\nfrom = "a"\nto = "b"\nfrm = "c"',
            "rule 'r': unknown key 'frm' for kind 'forbidden-import'; known: except, from, kind, message, severity, to",
        ),
        ('kind = "forbidden-import"\nfrom = 3\nto = "b"', "rule 'r': from must be a glob or a list of globs, not 3"),
        ('kind = "forbidden-import"\nfrom = []\nto = "b"', "rule 'r': from is empty"),
        ('kind = "forbidden-import"\nfrom = ["a", ""]\nto = "b"', "rule 'r': from must hold non-empty path globs"),
        ('kind = "forbidden-import"\nfrom = "[z-a]"\nto = "b"', "rule 'r': from: invalid glob '[z-a]': bad character"),
        ('kind = "no-cycles"\nseverity = "fatal"', "rule 'r': severity must be one of error, warning, not 'fatal'"),
        ('kind = "layers"\nlayers = ["only"]', "rule 'r': layers needs at least two layers, top first"),
        ('kind = "layers"\nlayers = "a"', "rule 'r': layers must be a list of layers, top first, not 'a'"),
        ('kind = "layers"\nlayers = ["a", []]', "rule 'r': a layer in layers is an empty list"),
        ('kind = "layers"\nlayers = ["a", "a"]', "rule 'r': a layer appears twice in layers"),
        ('kind = "allowed-callers"', "rule 'r': missing key 'symbol'"),
        (
            'kind = "allowed-callers"\nsymbol = "f"\nreferences = "yes"',
            "rule 'r': references must be a boolean (true or false), not 'yes'",
        ),
        (
            'kind = "allowed-callers"\nsymbol = "f"\nconfidence = "sure"',
            "rule 'r': confidence must be one of exact, likely, name, not 'sure'",
        ),
        ('kind = "question"\nquestion = "  "', "rule 'r': question is empty"),
        ('kind = "no-cycles"\nmessage = 1', "rule 'r': message must be a string, not 1"),
    ],
)
def test_a_bad_rule_is_one_line_naming_file_line_and_rule(tmp_path: Path, body: str, message: str) -> None:
    (tmp_path / ".rlm-code.toml").write_text(f"max_cost = 1.0\n\n[rules.r]\n{body}\n")
    with pytest.raises(RuleError) as caught:
        load_rules(tmp_path)
    assert str(caught.value).startswith(f".rlm-code.toml:3: {message}")
    assert "\n" not in str(caught.value) and caught.value.exit_code == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("max_cost = 1.0\n", "no rules: add a [rules] table to .rlm-code.toml"),
        ("rules = 3\n", ".rlm-code.toml: [rules] must be a table of named rules"),
        ("[rules]\n", ".rlm-code.toml: the [rules] table holds no rule"),
        ('[rules]\nr = "no-cycles"\n', ".rlm-code.toml:2: rule 'r': must be a table with a kind, not 'no-cycles'"),
        ('[rules."bad name"]\nkind = "no-cycles"\n', ".rlm-code.toml:1: rule 'bad name': a rule name is letters"),
        ("[rules\n", "cannot read .rlm-code.toml"),
    ],
)
def test_a_bad_rules_table_is_a_rule_error(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / ".rlm-code.toml").write_text(text)
    with pytest.raises(UsageError) as caught:  # a RuleError, or the settings' own for bad TOML
        load_rules(tmp_path)
    assert str(caught.value).startswith(message) and caught.value.exit_code == 2


def test_a_missing_or_empty_rules_file_is_a_rule_error(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="no such rules file"):
        load_rules(tmp_path, tmp_path / "missing.toml")
    (tmp_path / "empty.toml").write_text("x = 1\n")
    with pytest.raises(RuleError, match=r"empty.toml: no \[rules\] table"):
        load_rules(tmp_path, tmp_path / "empty.toml")
