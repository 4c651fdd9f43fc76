"""Definitions, callers and importers on the fixtures of the languages other than Python.

Each fixture (``fixtures/<language>``) is a small real repository whose call graph is known
by construction; its README says what hard cases it holds. The tables below are that call
graph: for each target, the callers rlm-code must report by default (exact and likely) as
``(path:line, calling definition, confidence)``, and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from rlm_code.repo import Repo
from tests.conftest import FIXTURES, run_cli

# language -> path -> every definition in the file, as (qualname, kind)
DEFINITIONS: dict[str, dict[str, set[tuple[str, str]]]] = {
    "javascript": {
        "src/models.js": {
            ("Model", "class"), ("Model.constructor", "method"), ("Model.save", "method"),
            ("Model.validate", "method"), ("Product", "class"), ("Product.validate", "method"),
            ("Product.create", "method"),
        },
        "src/app.js": {
            ("main", "function"), ("main.addAll", "function"), ("main.report", "function"),
            ("unrelated", "function"),
        },
        "src/util/strings.js": {
            ("MAX_LENGTH", "constant"), ("slugify", "function"), ("titleCase", "function"),
            ("capitalize", "function"),
        },
        "src/legacy.cjs": {("describe", "function")},
        # The syntax error swallows `broken`; what precedes it is still indexed.
        "src/broken.js": {("stillWorks", "function")},
    },
    "typescript": {
        "src/models/user.ts": {
            ("Repository", "interface"), ("Repository.find", "method"), ("Repository.save", "method"),
            ("User", "class"), ("User.constructor", "method"), ("User.greet", "method"),
            ("BaseService", "class"), ("BaseService.log", "method"), ("BaseService.label", "method"),
        },
        "src/format.ts": {
            ("format", "function"), ("shout", "function"), ("Text", "module"), ("Text.pad", "function"),
        },
        "src/ui/Profile.tsx": {
            ("Props", "type"), ("Avatar", "function"), ("Card", "function"), ("Profile", "function"),
            ("Profile.refresh", "function"),
        },
        "src/broken.ts": {("stillWorks", "function")},
    },
    "go": {
        "server.go": {
            ("Server", "struct"), ("NewServer", "function"), ("Server.Start", "method"),
            ("Server.Start.greet", "function"), ("Server.handle", "method"),
        },
        "store/store.go": {("Store", "interface"), ("Store.Get", "method"), ("Store.Put", "method")},
        "internal/text/slug.go": {("Separator", "constant"), ("Slug", "function")},
        "broken.go": {("stillWorks", "function"), ("broken", "function")},
    },
}

# language -> target -> the callers reported by default
CALLERS: dict[str, dict[str, set[tuple[str, str, str]]]] = {
    "javascript": {
        # Through an aliased import, a re-export under another name reached through a
        # namespace import, a plain import, and in the file with the syntax error.
        "slugify": {
            ("src/app.js:10", "main.addAll", "exact"),
            ("src/app.js:22", "unrelated", "exact"),
            ("src/broken.js:4", "stillWorks", "exact"),
            ("src/models.js:10", "Model.save", "exact"),
        },
        # `require` with destructuring, and a call inside JSX.
        "titleCase": {
            ("src/components/Button.jsx:4", "Button", "exact"),
            ("src/legacy.cjs:5", "describe", "exact"),
        },
        # `export *` from an index file, used through the namespace.
        "clamp": {("src/app.js:13", "main.report", "exact"), ("src/util/math.js:6", "round", "exact")},
        # Same-name methods: `cart` is a `new Cart()` of a default import; `product` is a
        # `new models.Product` (a require) whose `save` is inherited from Model.
        "Cart.save": {("src/app.js:15", "main", "exact")},
        "Model.save": {
            ("src/legacy.cjs:6", "describe", "exact"),
            ("src/models.js:25", "Product.create", "exact"),
        },
        "Model.validate": {
            ("src/models.js:9", "Model.save", "exact"),
            ("src/models.js:20", "Product.validate", "exact"),
        },
        # `this.total()`, a closure over `cart`, and an unknown receiver (`likely`).
        "Cart.total": {
            ("src/app.js:13", "main.report", "exact"),
            ("src/app.js:21", "unrelated", "likely"),
            ("src/cart.js:10", "Cart.add", "exact"),
        },
        "Cart.constructor": {("src/app.js:7", "main", "exact")},
        "Product": {
            ("src/legacy.cjs:5", "describe", "exact"),
            ("src/models.js:24", "Product.create", "exact"),
        },
        "Product.create": {("src/app.js:10", "main.addAll", "exact")},
        "main.addAll": {("src/app.js:14", "main", "exact")},
        "main.report": {("src/app.js:16", "main", "exact")},
        "Button": {("src/components/Button.jsx:10", "Toolbar", "exact")},
        # Passed to `map`, never called.
        "capitalize": set(),
    },
    "typescript": {
        "format": {
            ("src/broken.ts:4", "stillWorks", "exact"),
            ("src/format.ts:6", "shout", "exact"),
            ("src/models/user.ts:12", "User.greet", "exact"),
            ("src/ui/Profile.tsx:5", "Avatar", "exact"),
        },
        # A default export imported under its own name next to named imports.
        "shout": {("src/service.ts:15", "UserService.register", "exact")},
        "Text.pad": {
            ("src/format.ts:2", "format", "exact"),
            ("src/service.ts:13", "UserService.register", "exact"),
        },
        # `this.store` is a constructor parameter property typed by an aliased import.
        "MemoryRepository.save": {("src/service.ts:14", "UserService.register", "exact")},
        "MemoryRepository.find": {("src/service.ts:21", "UserService.lookup", "exact")},
        "AuditLog.save": {("src/service.ts:15", "UserService.register", "exact")},
        "Repository.save": {("src/service.ts:31", "persist", "exact")},
        # Typed by the declared return type of `find`; then an `any` receiver.
        "User.greet": {
            ("src/service.ts:22", "UserService.lookup", "exact"),
            ("src/service.ts:32", "persist", "likely"),
        },
        "BaseService.log": {("src/service.ts:16", "UserService.register", "exact")},
        "BaseService.label": {("src/models/user.ts:18", "BaseService.log", "exact")},
        # Through `export { UserService } from` in index.ts; JSX elements are calls.
        "UserService.constructor": {("src/ui/Profile.tsx:12", "Profile", "exact")},
        "UserService.lookup": {
            ("src/ui/Profile.tsx:13", "Profile.refresh", "exact"),
            ("src/ui/Profile.tsx:15", "Profile", "exact"),
        },
        "Card": {("src/ui/Profile.tsx:15", "Profile", "exact")},
        "Avatar": {("src/ui/Profile.tsx:16", "Profile", "exact")},
        "Profile.refresh": set(),
    },
    "go": {
        # An aliased import, a plain one from another package, and the broken file.
        "Slug": {
            ("broken.go:6", "stillWorks", "exact"),
            ("main.go:15", "main", "exact"),
            ("store/memory.go:14", "Memory.Get", "exact"),
            ("store/memory.go:18", "Memory.Put", "exact"),
        },
        # A function in another file of the same package.
        "lower": {("internal/text/slug.go:8", "Slug", "exact")},
        "NewServer": {("main.go:13", "main", "exact")},
        "NewMemory": {("main.go:11", "main", "exact")},
        # Typed by NewMemory's return type, by a `var`, and through the interface a field has.
        "Memory.Put": {("main.go:12", "main", "exact")},
        "Memory.Get": set(),
        "Disk.Get": {("main.go:17", "main", "exact")},
        "Store.Get": {("server.go:26", "Server.handle", "exact")},
        "Store.Put": {("server.go:21", "Server.Start", "exact")},
        # Promoted from the embedded Logger.
        "Logger.log": {("server.go:16", "Server.Start", "exact"), ("server.go:20", "Server.Start", "exact")},
        "Server.Start": {("main.go:14", "main", "exact"), ("main.go:22", "startAll", "likely")},
        "Server.Start.greet": {("server.go:20", "Server.Start", "exact")},
        "Server.handle": {("server.go:22", "Server.Start", "exact")},
        "Disk.path": {("store/disk.go:9", "Disk.Get", "exact")},
    },
}

# language -> (module as a user names it, the importing lines)
IMPORTERS: dict[str, list[tuple[str, set[str]]]] = {
    "javascript": [
        ("src/util/strings.js", {
            "src/app.js:1", "src/broken.js:1", "src/components/Button.jsx:1", "src/legacy.cjs:1",
            "src/models.js:1", "src/util/index.js:1",
        }),
        ("src/models", {"src/app.js:4", "src/legacy.cjs:2"}),
    ],
    "typescript": [
        ("src/store.ts", {"src/index.ts:3", "src/service.ts:2"}),
        ("src/index.ts", {"src/ui/Profile.tsx:1"}),
    ],
    "go": [
        ("example.com/shop/store", {"main.go:6", "server.go:3"}),
        ("internal/text/slug.go", {"broken.go:3", "main.go:7", "store/memory.go:3"}),
    ],
}

# language -> (a method defined in several types, an unresolved call site that only shares its name)
NAME_ONLY: dict[str, tuple[str, str]] = {
    "javascript": ("Cart.save", "src/app.js:20"),
    "typescript": ("AuditLog.save", "src/service.ts:33"),
}


@pytest.fixture(scope="session")
def open_fixture(session_cache: Path) -> Iterator[Callable[[str], Repo]]:
    """Each language's fixture, indexed once for the whole session."""
    repos: dict[str, Repo] = {}

    def open_repo(language: str) -> Repo:
        if language not in repos:
            repos[language] = Repo(FIXTURES / language, cache_dir=session_cache)
            repos[language].index()
        return repos[language]

    yield open_repo
    for repo in repos.values():
        repo.close()


@pytest.mark.parametrize(
    ("language", "path"), [(lang, path) for lang, files in DEFINITIONS.items() for path in files]
)
def test_definitions_and_their_qualified_names(
    open_fixture: Callable[[str], Repo], language: str, path: str
) -> None:
    outline = open_fixture(language).outline(path)
    assert {(d.qualname, d.kind) for d in outline.definitions} == DEFINITIONS[language][path]


@pytest.mark.parametrize(
    ("language", "target"), [(lang, target) for lang, targets in CALLERS.items() for target in targets]
)
def test_default_callers_are_exactly_the_known_ones(
    open_fixture: Callable[[str], Repo], language: str, target: str
) -> None:
    result = open_fixture(language).callers(target)
    found = {(f"{c.path}:{c.line}", c.caller, c.confidence) for c in result.callers}
    assert found == CALLERS[language][target]


@pytest.mark.parametrize(
    ("language", "module"), [(lang, module) for lang, cases in IMPORTERS.items() for module, _ in cases]
)
def test_importers(open_fixture: Callable[[str], Repo], language: str, module: str) -> None:
    expected = dict(IMPORTERS[language])[module]
    result = open_fixture(language).importers(module)
    assert {f"{site.path}:{site.line}" for site in result.importers} == expected


@pytest.mark.parametrize("language", sorted(NAME_ONLY))
def test_name_matches_are_opt_in(open_fixture: Callable[[str], Repo], language: str) -> None:
    target, site = NAME_ONLY[language]
    repo = open_fixture(language)
    default = {f"{c.path}:{c.line}" for c in repo.callers(target).callers}
    everything = {
        f"{c.path}:{c.line}": c.confidence
        for c in repo.callers(target, include_name_matches=True).callers
    }
    assert site not in default
    assert everything[site] == "name"


@pytest.mark.parametrize("language", sorted(CALLERS))
def test_the_cli_reports_the_same_callers(language: str) -> None:
    target = next(t for t, sites in CALLERS[language].items() if len(sites) > 1)
    result = run_cli("callers", FIXTURES / language, target)
    assert result.returncode == 0, result.stderr
    for path_line, caller, confidence in CALLERS[language][target]:
        assert any(
            line.split()[:1] == [confidence] and f" {path_line}:" in line and line.endswith(caller)
            for line in result.stdout.splitlines()
        ), (path_line, result.stdout)
