"""Forbidden imports, layers and cycles on the fixtures made for them, whose import graphs
are known by construction (see fixtures/layered/README.md and fixtures/layered_ts/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rlm_code.checks import RuleError
from rlm_code.checks.imports import check_cycles, check_forbidden_import, check_layers
from rlm_code.checks.rules import ForbiddenImport, Layers, NoCycles
from rlm_code.repo import ImportEdge, Repo
from tests.checks.conftest import rules_from


def where(violations: list) -> list[tuple[str, int, str]]:
    return [(v.path, v.line, v.rule) for v in violations]


def test_layers_report_the_one_upward_import(layered: Repo, tmp_path: Path) -> None:
    (rule,) = rules_from(
        tmp_path, '[rules.l]\nkind = "layers"\nroot = "ledger"\nlayers = ["cli", "service", "store"]\n'
    )
    assert isinstance(rule, Layers)
    (violation,) = check_layers(rule, layered.import_graph(), layered.list_files().paths)
    assert (violation.path, violation.line) == ("ledger/store/cache.py", 3)
    assert violation.message == (
        "ledger/store/cache.py (layer store) imports ledger/cli/settings.py (layer cli), a layer above it"
    )
    assert violation.related == ("ledger/cli/settings.py",)


def test_layers_that_are_respected_pass(layered: Repo, tmp_path: Path) -> None:
    (rule,) = rules_from(tmp_path, '[rules.l]\nkind = "layers"\nlayers = [["ledger/cli"], "ledger/service"]\n')
    assert isinstance(rule, Layers)
    assert check_layers(rule, layered.import_graph(), layered.list_files().paths) == []


def test_a_file_in_two_layers_or_a_layer_without_files_is_a_rule_error(layered: Repo, tmp_path: Path) -> None:
    files = layered.list_files().paths
    (overlap,) = rules_from(tmp_path, '[rules.l]\nkind = "layers"\nlayers = ["ledger/store", "ledger/store/db.py"]\n')
    assert isinstance(overlap, Layers)
    in_two = r"rule 'l': ledger/store/db.py is in layers 'ledger/store' and 'ledger/store/db.py'"
    with pytest.raises(RuleError, match=in_two):
        check_layers(overlap, [], files)
    (empty,) = rules_from(tmp_path, '[rules.l]\nkind = "layers"\nlayers = ["ledger/cli", "ledger/ui"]\n')
    assert isinstance(empty, Layers)
    with pytest.raises(RuleError, match=r"rules.toml:1: rule 'l': layer 'ledger/ui': 'ledger/ui' matches no"):
        check_layers(empty, [], files)


def test_package_cycles_name_each_cycle_and_every_file_involved(layered: Repo, tmp_path: Path) -> None:
    (rule,) = rules_from(tmp_path, '[rules.c]\nkind = "no-cycles"\npackages = "ledger/*"\n')
    assert isinstance(rule, NoCycles)
    billing, layers = check_cycles(rule, layered.import_graph(), layered.list_files().paths)
    assert (billing.path, billing.line) == ("ledger/billing/invoice.py", 3)
    assert billing.message == (
        "import cycle ledger/billing -> ledger/shipping -> ledger/billing (ledger/billing/invoice.py:3"
        " imports ledger/shipping/rates.py; ledger/shipping/rates.py:3 imports ledger/billing/tax.py)"
    )
    assert billing.related == (
        "ledger/billing/invoice.py",
        "ledger/billing/tax.py",
        "ledger/shipping/rates.py",
    )
    assert (layers.path, layers.line) == ("ledger/cli/main.py", 3)
    assert "ledger/cli -> ledger/service -> ledger/store -> ledger/cli" in layers.message


def test_without_packages_cycles_are_between_files(layered: Repo, tmp_path: Path) -> None:
    (rule,) = rules_from(tmp_path, '[rules.c]\nkind = "no-cycles"\n')
    assert isinstance(rule, NoCycles)
    assert check_cycles(rule, layered.import_graph(), layered.list_files().paths) == []
    (missing,) = rules_from(tmp_path, '[rules.c]\nkind = "no-cycles"\npackages = "nowhere/*"\n')
    assert isinstance(missing, NoCycles)
    with pytest.raises(RuleError, match="packages nowhere/\\* matches no folder"):
        check_cycles(missing, layered.import_graph(), layered.list_files().paths)


def test_a_larger_cycle_is_reported_once_with_its_shortest_example(tmp_path: Path) -> None:
    (rule,) = rules_from(tmp_path, '[rules.c]\nkind = "no-cycles"\n')
    assert isinstance(rule, NoCycles)
    edges = [
        ImportEdge(a, line, b, b, "")
        for line, (a, b) in enumerate(
            [("a.py", "b.py"), ("b.py", "c.py"), ("c.py", "a.py"), ("b.py", "a.py"), ("d.py", "a.py")], 1
        )
    ]
    (violation,) = check_cycles(rule, edges, ["a.py", "b.py", "c.py", "d.py"])
    assert violation.message == (
        "import cycle a.py -> b.py -> a.py (a.py:1 imports b.py; b.py:4 imports a.py); 3 files import each other in all"
    )
    assert violation.related == ("a.py", "b.py", "c.py")


def test_forbidden_imports_pass_fail_and_ignore_imports_inside_the_target(layered: Repo, tmp_path: Path) -> None:
    edges, files = layered.import_graph(), layered.list_files().paths
    passing, failing, exempted = rules_from(
        tmp_path,
        """
[rules.store-out-of-billing]
kind = "forbidden-import"
from = "ledger/store"
to = "ledger/billing"

[rules.nothing-imports-cli]
kind = "forbidden-import"
from = "ledger/**"
to = ["ledger/cli"]

[rules.with-exception]
kind = "forbidden-import"
from = "ledger/**"
to = "ledger/cli"
except = "ledger/store/cache.py"
""",
    )
    assert isinstance(passing, ForbiddenImport) and isinstance(failing, ForbiddenImport)
    assert isinstance(exempted, ForbiddenImport)
    assert check_forbidden_import(passing, edges, files) == []
    (violation,) = check_forbidden_import(failing, edges, files)  # cli/main.py imports in cli do not count
    assert where([violation]) == [("ledger/store/cache.py", 3, "nothing-imports-cli")]
    assert violation.message == ("ledger/store/cache.py imports ledger/cli/settings.py (ledger.cli.settings VERBOSE)")
    assert check_forbidden_import(exempted, edges, files) == []


def test_a_forbidden_import_glob_matching_no_file_is_a_rule_error(layered: Repo, tmp_path: Path) -> None:
    (rule,) = rules_from(tmp_path, '[rules.f]\nkind = "forbidden-import"\nfrom = "ledger/core"\nto = "ledger/cli"\n')
    assert isinstance(rule, ForbiddenImport)
    with pytest.raises(RuleError, match="rule 'f': from 'ledger/core' matches no file"):
        check_forbidden_import(rule, [], layered.list_files().paths)


def test_the_rules_work_on_typescript_too(layered_ts: Repo, tmp_path: Path) -> None:
    layers, forbidden = rules_from(
        tmp_path,
        """
[rules.layering]
kind = "layers"
root = "src"
layers = ["ui", "service", "store"]

[rules.ui-through-service]
kind = "forbidden-import"
from = "src/ui"
to = "src/store"
""",
    )
    assert isinstance(layers, Layers) and isinstance(forbidden, ForbiddenImport)
    edges, files = layered_ts.import_graph(), layered_ts.list_files().paths
    assert where(check_layers(layers, edges, files)) == [("src/store/db.ts", 1, "layering")]
    forbidden_found = check_forbidden_import(forbidden, edges, files)
    assert where(forbidden_found) == [("src/ui/NoteList.tsx", 2, "ui-through-service")]


def test_every_import_inside_a_cycle_group_involves_its_files(tmp_path: Path) -> None:
    (rule,) = rules_from(tmp_path, '[rules.c]\nkind = "no-cycles"\npackages = "*"\n')
    assert isinstance(rule, NoCycles)
    edges = [
        ImportEdge("a/x.py", 1, "b/y.py", "b.y", ""),
        ImportEdge("a/z.py", 2, "b/y.py", "b.y", ""),
        ImportEdge("b/y.py", 3, "a/w.py", "a.w", ""),
    ]
    (violation,) = check_cycles(rule, edges, ["a/w.py", "a/x.py", "a/z.py", "b/y.py"])
    assert (violation.path, violation.line) == ("a/x.py", 1)  # the example uses the first import
    assert violation.related == ("a/w.py", "a/x.py", "a/z.py", "b/y.py")  # a/z.py is involved too
