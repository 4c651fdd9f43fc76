"""``Repo.import_graph``: every import of a repository file by another, as resolved by each
language's resolver (the same resolution ``importers`` uses)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rlm_code.repo import Repo
from tests.conftest import FIXTURES, write_files


def test_the_python_fixture_graph_is_known_by_construction(python_repo: Repo) -> None:
    edges = [(e.path, e.line, e.target) for e in python_repo.import_graph()]
    assert edges == [
        ("legacy/latin1.py", 1, "shop/helpers.py"),
        ("scripts/broken.py", 1, "shop/helpers.py"),
        ("scripts/build.py", 1, "shop/helpers.py"),
        ("shop/__init__.py", 3, "shop/models.py"),
        ("shop/__init__.py", 4, "shop/app.py"),
        ("shop/__init__.py", 5, "shop/helpers.py"),
        ("shop/app.py", 3, "shop/helpers.py"),
        ("shop/app.py", 4, "shop/routing.py"),
        ("shop/cli.py", 5, "shop/app.py"),
        ("shop/helpers.py", 3, "shop/utils/text.py"),
        ("shop/views.py", 3, "shop/utils/text.py"),
        ("shop/views.py", 4, "shop/__init__.py"),
        ("shop/views.py", 5, "shop/forms.py"),
        ("shop/views.py", 6, "shop/models.py"),
        ("shop/views.py", 8, "shop/helpers.py"),
    ]


def test_an_edge_keeps_the_import_as_written(python_repo: Repo) -> None:
    edge = next(e for e in python_repo.import_graph() if e.path == "shop/views.py" and e.line == 8)
    assert (edge.module, edge.name) == (".", "helpers")
    assert edge.to_dict() == {
        "path": "shop/views.py",
        "line": 8,
        "target": "shop/helpers.py",
        "module": ".",
        "name": "helpers",
    }


@pytest.mark.parametrize(
    ("language", "edge"),
    [
        ("typescript", ("src/ui/Profile.tsx", 1, "src/index.ts")),
        ("go", ("main.go", 7, "internal/text/slug.go")),  # a Go import reaches every file of the package
        ("rust", ("src/shapes/circle.rs", 1, "src/shapes/mod.rs")),
        ("java", ("src/main/java/com/shop/App.java", 5, "src/main/java/com/shop/util/Strings.java")),
        ("c", ("src/main.c", 3, "src/util/log.h")),
    ],
)
def test_other_languages_have_import_graphs(session_cache: Path, language: str, edge: tuple[str, int, str]) -> None:
    with Repo(FIXTURES / language, cache_dir=session_cache) as repo:
        edges = [(e.path, e.line, e.target) for e in repo.import_graph()]
    assert edge in edges
    assert all(path != target for path, _, target in edges)


def test_an_import_over_several_lines_is_shown_on_one(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "errors.py").write_text("class Oops(Exception):\n    pass\n\n\ndef fail():\n    raise Oops\n")
    (tmp_path / "pkg" / "api.py").write_text("from .errors import (\n    Oops,\n    fail,\n)\n")
    (tmp_path / "errors.ts").write_text("export class Oops {}\nexport function fail() {}\n")
    (tmp_path / "api.ts").write_text('import {\n  Oops,\n  fail,\n} from "./errors";\n')
    with Repo(tmp_path) as repo:
        assert {i.text for i in repo.importers("pkg.errors").importers} == {"from .errors import (Oops, fail)"}
        assert {i.text for i in repo.importers("errors.ts").importers} == {'import { Oops, fail } from "./errors";'}


def test_rust_importers_include_uses_that_name_no_file_of_the_module(tmp_path: Path) -> None:
    # serde_json, regex, indexmap: src/lib.rs is imported as crate::, super:: and by the crate's
    # name, a mod.rs by its children's super::, and a file by an item its crate re-exports.
    files = {
        "Cargo.toml": '[package]\nname = "my-shapes"\n',
        "src/lib.rs": "pub mod geo;\npub use geo::circle::area;\npub struct Unit;\n",
        "src/geo/mod.rs": "use super::Unit;\npub mod circle;\npub fn origin() {}\n",
        "src/geo/circle.rs": "use super::origin;\nuse crate::Unit;\npub fn area() {}\n",
        "tests/it.rs": "use my_shapes::area;\nuse my_shapes::Unit;\nuse std::fmt;\n",
    }
    write_files(tmp_path, files)
    with Repo(tmp_path) as repo:
        found = {
            module: [(i.path, i.line) for i in repo.importers(module).importers]
            for module in files
            if module.endswith(".rs")
        }
        edges = sorted((e.target, e.path, e.line) for e in repo.import_graph())
    assert found["src/lib.rs"] == [("src/geo/circle.rs", 2), ("src/geo/mod.rs", 1), ("tests/it.rs", 2)]
    assert found["src/geo/mod.rs"] == [("src/geo/circle.rs", 1)]
    assert found["src/geo/circle.rs"] == [("src/lib.rs", 2), ("tests/it.rs", 1)]
    assert edges == sorted((module, *site) for module in files for site in found.get(module, []))


def test_go_importers_of_the_package_at_a_modules_root_include_imports_of_the_module_path(tmp_path: Path) -> None:
    # logrus, echo, gorilla/mux: the root package of github.com/labstack/echo/v4 had no importers.
    files = {
        "go.mod": "module example.com/shop/v2\n\ngo 1.21\n",
        "open.go": "package shop\n\nfunc Open() {}\n",
        "store/memory.go": "package store\n\nfunc New() {}\n",
        "cmd/main.go": 'package main\n\nimport (\n\t"example.com/shop/v2"\n\t"example.com/shop/v2/store"\n)\n',
    }
    write_files(tmp_path, files)
    with Repo(tmp_path) as repo:
        assert [(i.path, i.line) for i in repo.importers("open.go").importers] == [("cmd/main.go", 4)]
        assert [(i.path, i.line) for i in repo.importers("store/memory.go").importers] == [("cmd/main.go", 5)]
