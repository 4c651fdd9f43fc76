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

JAVA = "src/main/java/com/shop"  # the Java fixture's package folder

# language -> path -> every definition in the file, as (qualname, kind)
DEFINITIONS: dict[str, dict[str, set[tuple[str, str]]]] = {
    "javascript": {
        "src/models.js": {
            ("Model", "class"),
            ("Model.constructor", "method"),
            ("Model.save", "method"),
            ("Model.validate", "method"),
            ("Product", "class"),
            ("Product.validate", "method"),
            ("Product.create", "method"),
        },
        "src/app.js": {
            ("main", "function"),
            ("main.addAll", "function"),
            ("main.report", "function"),
            ("unrelated", "function"),
        },
        "src/util/strings.js": {
            ("MAX_LENGTH", "constant"),
            ("slugify", "function"),
            ("titleCase", "function"),
            ("capitalize", "function"),
        },
        "src/legacy.cjs": {("describe", "function")},
        # The syntax error swallows `broken`; what precedes it is still indexed.
        "src/broken.js": {("stillWorks", "function")},
    },
    "typescript": {
        "src/models/user.ts": {
            ("Repository", "interface"),
            ("Repository.find", "method"),
            ("Repository.save", "method"),
            ("User", "class"),
            ("User.constructor", "method"),
            ("User.greet", "method"),
            ("BaseService", "class"),
            ("BaseService.log", "method"),
            ("BaseService.label", "method"),
        },
        "src/format.ts": {
            ("format", "function"),
            ("shout", "function"),
            ("Text", "module"),
            ("Text.pad", "function"),
        },
        "src/ui/Profile.tsx": {
            ("Props", "type"),
            ("Avatar", "function"),
            ("Card", "function"),
            ("Profile", "function"),
            ("Profile.refresh", "function"),
        },
        "src/broken.ts": {("stillWorks", "function")},
    },
    "go": {
        "server.go": {
            ("Server", "struct"),
            ("NewServer", "function"),
            ("Server.Start", "method"),
            ("Server.Start.greet", "function"),
            ("Server.handle", "method"),
        },
        "store/store.go": {("Store", "interface"), ("Store.Get", "method"), ("Store.Put", "method")},
        "internal/text/slug.go": {("Separator", "constant"), ("Slug", "function")},
        "broken.go": {("stillWorks", "function"), ("broken", "function")},
    },
    "rust": {
        "src/shapes/circle.rs": {
            ("Circle", "struct"),
            ("Circle.new", "method"),
            ("Circle.check", "method"),
            ("Circle.diameter", "method"),
            ("Circle.area", "method"),
        },
        "src/shapes/mod.rs": {("Shape", "trait"), ("Shape.area", "method"), ("Shape.name", "method")},
        "src/util/mod.rs": {("PREFIX", "constant"), ("log", "function"), ("log.stamp", "function")},
        "src/broken.rs": {("still_works", "function")},
    },
    "java": {
        f"{JAVA}/App.java": {
            ("App", "class"),
            ("App.App", "method"),
            ("App.main", "method"),
            ("App.run", "method"),
            ("App.report", "method"),
            ("App.show", "method"),
            ("App.Helper", "class"),
            ("App.Helper.help", "method"),
        },
        f"{JAVA}/model/Product.java": {
            ("Product", "class"),
            ("Product.DEFAULT_BASE", "constant"),
            ("Product.Product", "method"),
            ("Product.create", "method"),
            ("Product.price", "method"),
            ("Product.label", "method"),
        },
        f"{JAVA}/model/Priced.java": {
            ("Priced", "interface"),
            ("Priced.TAX", "constant"),
            ("Priced.price", "method"),
        },
        # The syntax error breaks the class open; its first method is still indexed.
        f"{JAVA}/Broken.java": {("stillWorks", "method")},
    },
    "c": {
        "src/list.h": {("Node", "struct"), ("List", "struct")},
        "src/list.c": {
            ("node_new", "function"),
            ("list_new", "function"),
            ("list_push", "function"),
            ("list_sum", "function"),
            ("list_free", "function"),
        },
        "src/main.c": {
            ("COUNT", "constant"),
            ("write_line", "function"),
            ("changed", "function"),
            ("main", "function"),
        },
        "src/broken.c": {("still_works", "function")},
    },
    "cpp": {
        "include/shapes.hpp": {
            ("geo", "module"),
            ("geo.Shape", "class"),
            ("geo.Shape.~Shape", "method"),
            ("geo.Shape.area", "method"),
            ("geo.Circle", "class"),
            ("geo.Square", "class"),
            ("geo.Square.Square", "method"),
            ("geo.Square.area", "method"),
        },
        # Out-of-line definitions get their class in their qualified names.
        "src/shapes.cpp": {
            ("geo", "module"),
            ("geo.Shape.describe", "method"),
            ("geo.Circle.Circle", "method"),
            ("geo.Circle.validate", "method"),
            ("geo.Circle.area", "method"),
            ("geo.Circle.unit", "method"),
            ("geo.total_area", "function"),
        },
        "src/broken.cpp": {("still_works", "function")},
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
        "Store.Get": {("server.go:26", "Server.handle", "exact"), ("main.go:23", "startAll", "exact")},
        "Store.Put": {("server.go:21", "Server.Start", "exact")},
        # Promoted from the embedded Logger.
        "Logger.log": {("server.go:16", "Server.Start", "exact"), ("server.go:20", "Server.Start", "exact")},
        "Server.Start": {("main.go:14", "main", "exact"), ("main.go:22", "startAll", "exact")},
        "Server.Start.greet": {("server.go:20", "Server.Start", "exact")},
        "Server.handle": {("server.go:22", "Server.Start", "exact")},
        "Disk.path": {("store/disk.go:9", "Disk.Get", "exact")},
    },
    "rust": {
        # `crate::` and `super::` paths, a `use ... as`, and the broken file.
        "log": {
            ("src/broken.rs:4", "still_works", "exact"),
            ("src/main.rs:13", "main", "exact"),
            ("src/main.rs:15", "main", "exact"),
            ("src/shapes/circle.rs:16", "Circle.check", "exact"),
            ("src/util/report.rs:14", "Report.add", "exact"),
        },
        "describe": {("src/main.rs:12", "main", "exact")},
        "log.stamp": {("src/util/mod.rs:9", "log", "exact")},
        # Through `pub use` re-exports and a group import with `as`; `Self::` inside impl.
        "Circle.new": {("src/main.rs:8", "main", "exact")},
        "Square.new": {("src/main.rs:9", "main", "exact")},
        "Circle.check": {("src/shapes/circle.rs:10", "Circle.new", "exact")},
        # `new` returns `Self`. In `sum`, `shapes.iter().map(|shape| shape.area())` over
        # `&[&dyn Shape]` calls the trait's method; in `total_area`, the closure's parameter is
        # unknown, so only its name matches.
        "Circle.area": {("src/main.rs:10", "main", "exact")},
        "Square.area": {("src/main.rs:10", "main", "exact")},
        # `self.area()` inside `format!(...)`: macro arguments are tokens, still read as calls.
        "Shape.area": {
            ("src/util/report.rs:25", "area_of", "exact"),
            ("src/shapes/mod.rs:11", "Shape.name", "exact"),
            ("src/main.rs:19", "sum", "exact"),
        },
        # A trait's provided method, reached through `impl Shape for Circle`.
        "Shape.name": {("src/util/report.rs:13", "Report.add", "exact")},
        "Circle.diameter": {("src/util/report.rs:21", "describe", "exact")},
        "Report.new": {("src/util/report.rs:19", "describe", "exact")},
        "Report.add": {("src/util/report.rs:20", "describe", "exact")},
        # `.sum()` on an iterator of a slice is the standard library's, not this one.
        "sum": {("src/main.rs:14", "main", "exact")},
    },
    "java": {
        # A static import, an imported class, and the broken file.
        "Strings.slug": {
            (f"{JAVA}/App.java:22", "App.run", "exact"),
            (f"{JAVA}/Broken.java:7", "stillWorks", "exact"),
            (f"{JAVA}/model/Product.java:24", "Product.label", "exact"),
        },
        "Strings.lower": {
            (f"{JAVA}/util/Strings.java:7", "Strings.slug", "exact"),
            (f"{JAVA}/util/Strings.java:11", "Strings.title", "exact"),
        },
        # Same-name methods: a field typed by the interface, a field of a class from a
        # wildcard import, and a static method's declared return type.
        "Repository.save": {(f"{JAVA}/App.java:23", "App.run", "exact")},
        "AuditLog.save": {
            (f"{JAVA}/App.java:24", "App.run", "exact"),
            (f"{JAVA}/store/MemoryRepository.java:12", "MemoryRepository.save", "exact"),
        },
        "MemoryRepository.save": set(),
        "Repository.count": {(f"{JAVA}/App.java:30", "App.report", "exact")},
        # Bare calls: inherited from the base class, abstract, and the outer class's.
        "Item.describe": {(f"{JAVA}/model/Product.java:24", "Product.label", "exact")},
        "Item.price": {(f"{JAVA}/model/Item.java:11", "Item.describe", "exact")},
        "App.report": {
            (f"{JAVA}/App.java:26", "App.run", "exact"),
            (f"{JAVA}/App.java:42", "App.Helper.help", "exact"),
        },
        "App.Helper.help": {(f"{JAVA}/App.java:32", "App.report", "exact")},
        "App.run": {(f"{JAVA}/App.java:17", "App.main", "exact")},
        # Constructors, called through `new`.
        "App.App": {(f"{JAVA}/App.java:16", "App.main", "exact")},
        "Product.Product": {(f"{JAVA}/model/Product.java:15", "Product.create", "exact")},
        "Product.create": {(f"{JAVA}/App.java:22", "App.run", "exact")},
        # A receiver typed by a type parameter: only the method name is known.
        "Product.label": {(f"{JAVA}/App.java:36", "App.show", "likely")},
    },
    "c": {
        # Declared in list.h, defined in list.c beside it.
        "list_new": {("src/broken.c:4", "still_works", "exact"), ("src/main.c:16", "main", "exact")},
        "list_push": {("src/main.c:19", "main", "exact")},
        "list_sum": {("src/broken.c:4", "still_works", "exact"), ("src/main.c:22", "main", "exact")},
        "node_new": {("src/list.c:19", "list_push", "exact")},
        "log_message": {("src/list.c:14", "list_new", "exact"), ("src/main.c:12", "changed", "exact")},
        # Two static functions of one name, each called in its own file.
        "src/main.c:write_line": {("src/main.c:21", "main", "exact")},
        "src/util/log.c:write_line": {("src/util/log.c:11", "log_message", "exact")},
        # Assigned to a function pointer, never called by name.
        "changed": set(),
    },
    "cpp": {
        # Out-of-line methods, reached through a typed local, `this->`, a smart pointer and
        # a static method's return type; a loop over a `std::vector<Shape*>` gives Shapes.
        "geo.Circle.area": {
            ("src/broken.cpp:4", "still_works", "exact"),
            ("src/main.cpp:23", "main", "exact"),
        },
        "Shape.area": {
            ("src/main.cpp:23", "main", "exact"),
            ("src/shapes.cpp:10", "geo.Shape.describe", "exact"),
            ("src/shapes.cpp:34", "geo.total_area", "exact"),
        },
        "Square.area": set(),
        "Circle.validate": {("src/shapes.cpp:14", "geo.Circle.Circle", "exact")},
        "Circle.unit": {("src/broken.cpp:4", "still_works", "exact"), ("src/main.cpp:18", "main", "exact")},
        "Shape.describe": {("src/main.cpp:12", "print", "exact")},
        # Constructors: `Circle circle(2.0)` and `Circle(1.0)`.
        "Circle.Circle": {
            ("src/main.cpp:16", "main", "exact"),
            ("src/shapes.cpp:28", "geo.Circle.unit", "exact"),
        },
        "Square.Square": {("src/main.cpp:17", "main", "exact")},
        # A namespace alias, a using-declaration, and a name in an anonymous namespace.
        "util::format": {
            ("src/main.cpp:20", "main", "exact"),
            ("src/shapes.cpp:10", "geo.Shape.describe", "exact"),
        },
        "total_area": {("src/main.cpp:20", "main", "exact")},
        "fixed": {("src/util.cpp:16", "util.format", "exact")},
        "print": {("src/main.cpp:22", "main", "exact")},
    },
}

# language -> (module as a user names it, the importing lines)
IMPORTERS: dict[str, list[tuple[str, set[str]]]] = {
    "javascript": [
        (
            "src/util/strings.js",
            {
                "src/app.js:1",
                "src/broken.js:1",
                "src/components/Button.jsx:1",
                "src/legacy.cjs:1",
                "src/models.js:1",
                "src/util/index.js:1",
            },
        ),
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
    "rust": [
        (
            "crate::shapes",
            {"src/main.rs:5", "src/shapes/circle.rs:1", "src/shapes/square.rs:1", "src/util/report.rs:1"},
        ),
        ("src/util", {"src/broken.rs:1", "src/main.rs:4", "src/shapes/circle.rs:2"}),
    ],
    "java": [
        ("com.shop.store", {f"{JAVA}/App.java:4"}),
        (
            "com.shop.util.Strings",
            {
                f"{JAVA}/App.java:5",
                f"{JAVA}/Broken.java:3",
                f"{JAVA}/model/Product.java:3",
            },
        ),
    ],
    "c": [
        ("list.h", {"src/broken.c:1", "src/list.c:2", "src/main.c:2"}),
        ("src/util/log.h", {"src/list.c:3", "src/main.c:3", "src/util/log.c:2"}),
    ],
    "cpp": [
        ("util.hpp", {"src/main.cpp:6", "src/shapes.cpp:5", "src/util.cpp:1"}),
    ],
}

# language -> (target, every use of it as (path:line, kind)): calls, types named, functions passed
REFERENCES: dict[str, tuple[str, set[tuple[str, str]]]] = {
    "javascript": ("capitalize", {("src/util/strings.js:9", "ref")}),
    "typescript": (
        "src/models/user.ts:User",
        {
            ("src/service.ts:1", "import"),
            ("src/service.ts:12", "type"),
            ("src/service.ts:13", "call"),
            ("src/service.ts:30", "type"),
            ("src/store.ts:1", "import"),
            ("src/store.ts:3", "type"),  # Repository<User>
            ("src/store.ts:4", "type"),  # new Map<string, User>()
            ("src/store.ts:6", "type"),  # User | undefined
            ("src/store.ts:10", "type"),
        },
    ),
    "go": ("Server", {("server.go:12", "type"), ("server.go:15", "type"), ("server.go:25", "type")}),
    "rust": (
        "Circle",
        {
            ("src/main.rs:5", "import"),
            ("src/main.rs:8", "type"),  # Circle::new(1.0)
            ("src/shapes/mod.rs:4", "import"),
            ("src/shapes/circle.rs:11", "type"),
            ("src/util/report.rs:1", "import"),
            ("src/util/report.rs:12", "type"),
            ("src/util/report.rs:18", "type"),
        },
    ),
    "java": (
        "Product",
        {
            (f"{JAVA}/App.java:3", "import"),
            (f"{JAVA}/App.java:22", "type"),
            (f"{JAVA}/model/Product.java:14", "type"),
            (f"{JAVA}/model/Product.java:15", "call"),
        },
    ),
    "c": ("changed", {("src/main.c:17", "ref")}),
    "cpp": (
        "geo.Shape",
        {
            ("include/shapes.hpp:15", "type"),
            ("include/shapes.hpp:26", "type"),
            ("src/main.cpp:11", "type"),
        },
    ),
}

# language -> (a method defined in several types, an unresolved call site that only shares its name)
NAME_ONLY: dict[str, tuple[str, str]] = {
    "javascript": ("Cart.save", "src/app.js:20"),
    "typescript": ("AuditLog.save", "src/service.ts:33"),
    "go": ("Memory.Get", "dump.go:5"),
    "rust": ("Circle.area", "src/main.rs:27"),
    "java": ("AuditLog.save", f"{JAVA}/App.java:37"),
    "cpp": ("geo.Circle.area", "src/sum.cpp:4"),
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


@pytest.mark.parametrize(("language", "path"), [(lang, path) for lang, files in DEFINITIONS.items() for path in files])
def test_definitions_and_their_qualified_names(open_fixture: Callable[[str], Repo], language: str, path: str) -> None:
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


@pytest.mark.parametrize(
    ("language", "target", "definition"),
    [
        ("java", "Product.describe", f"{JAVA}/model/Item.java:Item.describe"),
        ("cpp", "geo::Circle::describe", "src/shapes.cpp:geo.Shape.describe"),
        ("typescript", "UserService.log", "src/models/user.ts:BaseService.log"),
    ],
)
def test_an_inherited_member_is_the_ancestors_definition(
    open_fixture: Callable[[str], Repo], language: str, target: str, definition: str
) -> None:
    assert [d.target for d in open_fixture(language).find_definitions(target)] == [definition]


@pytest.mark.parametrize("language", sorted(REFERENCES))
def test_references_include_types_and_functions_handed_on(open_fixture: Callable[[str], Repo], language: str) -> None:
    target, expected = REFERENCES[language]
    result = open_fixture(language).references(target)
    assert {(f"{c.path}:{c.line}", c.kind) for c in result.callers} == expected


@pytest.mark.parametrize("language", sorted(NAME_ONLY))
def test_name_matches_are_opt_in(open_fixture: Callable[[str], Repo], language: str) -> None:
    target, site = NAME_ONLY[language]
    repo = open_fixture(language)
    default = {f"{c.path}:{c.line}" for c in repo.callers(target).callers}
    everything = {f"{c.path}:{c.line}": c.confidence for c in repo.callers(target, include_name_matches=True).callers}
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


def test_a_dot_h_header_is_read_as_cpp_when_it_is_cpp(tmp_path: Path) -> None:
    (tmp_path / "widget.h").write_text(
        "#pragma once\nnamespace ui {\nclass Widget {\npublic:\n    void draw() const {}\n};\n}\n"
    )
    (tmp_path / "point.h").write_text(
        "#ifndef POINT_H\n#define POINT_H\nstatic inline int twice(int x) { return 2 * x; }\n#endif\n"
    )
    (tmp_path / "main.cpp").write_text('#include "widget.h"\n\nint main() {\n    ui::Widget w;\n    w.draw();\n}\n')
    with Repo(tmp_path) as repo:
        assert repo.index().languages == {"c": 1, "cpp": 2}
        assert repo.list_files(lang="cpp").paths == ["main.cpp", "widget.h"]
        definitions = {(d.qualname, d.kind) for d in repo.outline("widget.h").definitions}
        assert definitions == {("ui", "module"), ("ui.Widget", "class"), ("ui.Widget.draw", "method")}
        assert repo.list_files(lang="c").paths == ["point.h"]
        assert [(d.qualname, d.kind) for d in repo.outline("point.h").definitions] == [("twice", "function")]
        callers = repo.callers("ui.Widget.draw").callers
        assert [(c.path, c.line, c.caller) for c in callers] == [("main.cpp", 5, "main")]
    with Repo(tmp_path) as repo:  # re-opened unchanged: nothing is re-read or re-parsed
        report = repo.index()
        assert (report.parsed, report.languages) == (0, {"c": 1, "cpp": 2})


def test_a_cpp_class_behind_an_export_macro_is_a_class(tmp_path: Path) -> None:
    (tmp_path / "value.h").write_text(
        "namespace Json {\n"
        "class JSON_API Value {\npublic:\n  bool empty() const;\n  int size() const;\n};\n"
        "using String = std::string;\n"
        "}\n"
    )
    (tmp_path / "value.cpp").write_text(
        '#include "value.h"\nnamespace Json {\n'
        "bool Value::empty() const { return size() == 0; }\n"
        "int Value::size() const { return 0; }\n"
        "}\n"
    )
    (tmp_path / "test.cpp").write_text(
        '#include "value.h"\n'
        "TEST(one) {\n  Json::Value root;\n  root.empty();\n}\n"
        "TEST(two) {\n  Json::String errs;\n  errs.empty();\n}\n"
        "TEST(three) {\n  Json::Value errs;\n  errs.size();\n}\n"
        "void other(std::vector<int> items) {\n  items.empty();\n}\n"
    )
    with Repo(tmp_path) as repo:
        outline = [(d.qualname, d.kind) for d in repo.outline("value.h").definitions]
        assert ("Json.Value", "class") in outline
        sites = repo.callers("Json.Value.empty", include_name_matches=True).callers
        # `errs` is a Json::String in one TEST and a Json::Value in another (a macro names both
        # functions TEST): only a name match; `items.empty()` is a std::vector's own, not ours.
        assert [(s.path, s.line, s.confidence) for s in sites] == [("test.cpp", 4, "exact"), ("test.cpp", 8, "name")]


@pytest.mark.parametrize(
    ("filename", "source"),
    [
        (
            "store.js",
            "class Store {\n  has(key) { return false; }\n}\nfunction seen(cache) {\n  return cache.has(1);\n}\n",
        ),
        (
            "store.cpp",
            "class Store {\n public:\n  bool empty() const { return true; }\n};\n"
            "bool seen(Box b) {\n  return b.empty();\n}\n",
        ),
    ],
)
def test_a_standard_library_method_name_is_never_a_likely_call(tmp_path: Path, filename: str, source: str) -> None:
    (tmp_path / filename).write_text(source)
    target = "Store.has" if filename.endswith(".js") else "Store.empty"
    with Repo(tmp_path) as repo:
        found = repo.callers(target)
        assert found.callers == [] and found.name_matches_hidden == 1  # a Map's has, a vector's empty


def test_cpp_named_only_in_comments_or_strings_leaves_a_header_c(tmp_path: Path) -> None:
    # As C++, `template` is a keyword and the prototype a syntax error.
    (tmp_path / "err.h").write_text(
        "#ifndef ERR_H\n#define ERR_H\n/* Errors, unlike std::error_code, are plain ints. */\n"
        '#define ERR_HINT "a class of errors"\n'
        "// namespace-free on purpose\n"
        "int err_new(int template);\n"
        "static inline int err_ok(int code) { return code == 0; }\n#endif\n"
    )
    (tmp_path / "after_comment.h").write_text("/* C++ follows\n */ namespace ui { int f(); }\n")
    with Repo(tmp_path, cache_dir=tmp_path.parent / f"{tmp_path.name}-cache") as repo:
        assert repo.list_files(lang="c").paths == ["err.h"]
        assert repo.list_files(lang="cpp").paths == ["after_comment.h"]
        assert repo.list_files(syntax_errors=True).paths == []
        assert [d.qualname for d in repo.outline("err.h").definitions] == ["ERR_HINT", "err_ok"]


def test_rust_names_that_resolve_through_themselves_are_outside_the_repository(tmp_path: Path) -> None:
    # `use anyhow::{anyhow, Error}`: the head `anyhow` is the crate, not the macro it imports;
    # `let inner = Own::new(inner)` reads the parameter `inner` (both came from anyhow).
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "lib.rs").write_text(
        "use anyhow::{anyhow, Error};\n"
        "pub struct Own;\n"
        "impl Own {\n"
        "    pub fn new(x: u8) -> Own { Own }\n"
        "    pub fn cast(self) -> Own { self }\n"
        "}\n"
        'pub fn make() -> Error { anyhow!("x") }\n'
        "pub fn user() { let e = make(); e.to_string(); }\n"
        "pub fn shadow(inner: u8) { let inner = Own::new(inner).cast(); inner.cast(); }\n"
    )
    with Repo(tmp_path) as repo:
        calls = {(c.name, c.callee, c.confidence) for c in repo.callees("user").callees}
        assert calls == {("make", "src/lib.rs:make", "exact"), ("e.to_string", None, "external")}
        sites = [(c.line, c.column, c.caller) for c in repo.callers("Own.cast").callers]
        assert sites == [(9, 56, "shadow"), (9, 70, "shadow")]


def test_an_overload_signature_gives_way_to_the_implementation(tmp_path: Path) -> None:
    (tmp_path / "stream.ts").write_text(
        "export class Stream {\n"
        "  pipe(): Stream;\n"
        "  pipe(op: string): Stream;\n"
        "  pipe(...ops: string[]): Stream {\n"
        "    return this;\n"
        "  }\n"
        "}\n"
        "export interface Sink {\n"
        "  write(x: string): void;\n"
        "}\n"
        "new Stream().pipe();\n"
    )
    (tmp_path / "convert.py").write_text(
        "from typing import overload\n\n\n"
        "@overload\ndef convert(x: int) -> int: ...\n"
        "@overload\ndef convert(x: str) -> str: ...\n"
        "def convert(x):\n    return x\n\n\n"
        "convert(1)\n"
    )
    with Repo(tmp_path) as repo:
        outline = {(d.qualname, d.kind, d.line, d.end_line) for d in repo.outline("stream.ts").definitions}
        assert outline == {
            ("Stream", "class", 1, 7),
            ("Stream.pipe", "method", 4, 6),
            ("Sink", "interface", 8, 10),
            ("Sink.write", "method", 9, 9),  # an interface's signatures are its methods
        }
        assert [(d.kind, d.line) for d in repo.find_definitions("Stream.pipe")] == [("method", 4)]
        assert [(c.line, c.callee) for c in repo.callers("Stream.pipe").callers] == [(11, "stream.ts:Stream.pipe")]
        assert [(d.kind, d.line) for d in repo.outline("convert.py").definitions] == [("function", 8)]
        assert [(d.kind, d.line) for d in repo.find_definitions("convert")] == [("function", 8)]
        assert [c.line for c in repo.callers("convert").callers] == [12]


def test_an_outline_keeps_every_definition_of_a_name(tmp_path: Path) -> None:
    (tmp_path / "value.py").write_text(
        "class Box:\n"
        "    @property\n    def value(self):\n        return 1\n\n"
        "    @value.setter\n    def value(self, new):\n        pass\n\n\n"
        "if True:\n    def helper():\n        return 1\nelse:\n    def helper():\n        return 2\n"
    )
    (tmp_path / "thing.ts").write_text(
        "export interface Thing {\n  name: string;\n}\nexport const Thing = { make() { return 1; } };\n"
    )
    with Repo(tmp_path) as repo:
        assert [(d.qualname, d.line) for d in repo.outline("value.py").definitions] == [
            ("Box", 1),
            ("Box.value", 3),
            ("Box.value", 7),
            ("helper", 12),
            ("helper", 15),
        ]
        # A target names them all, so a site reaching either is listed under both.
        assert [d.line for d in repo.callers("value.py:Box.value").definitions] == [3, 7]
        outline = [(d.qualname, d.kind, d.line) for d in repo.outline("thing.ts").definitions]
        assert ("Thing", "interface", 1) in outline and ("Thing", "variable", 4) in outline


def test_go_imports_of_the_module_root_resolve_through_go_mod(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module example.com/greeter\n\ngo 1.22\n")
    (tmp_path / "greet.go").write_text('package greeter\n\nfunc Greet() string { return "hi" }\n')
    (tmp_path / "cmd" / "hello").mkdir(parents=True)
    (tmp_path / "cmd" / "hello" / "main.go").write_text(
        'package main\n\nimport "example.com/greeter"\n\nfunc main() { greeter.Greet() }\n'
    )
    with Repo(tmp_path) as repo:
        callers = [(c.path, c.line, c.caller, c.confidence) for c in repo.callers("Greet").callers]
        assert callers == [("cmd/hello/main.go", 5, "main", "exact")]
        importers = repo.importers("example.com/greeter")
        assert importers.files == ["greet.go"]
        assert [(i.path, i.line) for i in importers.importers] == [("cmd/hello/main.go", 3)]


def test_rust_tests_and_examples_reach_their_crate_by_its_cargo_name(tmp_path: Path) -> None:
    (tmp_path / "Cargo.toml").write_text('[package]\nname = "my-lib"\nversion = "0.1.0"\n')
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "lib.rs").write_text("pub mod greet;\npub use greet::hello;\n")
    (tmp_path / "src" / "greet.rs").write_text('pub fn hello() -> &\'static str { "hi" }\n')
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "it.rs").write_text(
        "use my_lib::hello;\n\n#[test]\nfn says_hi() {\n    hello();\n    my_lib::greet::hello();\n}\n"
    )
    with Repo(tmp_path) as repo:
        callers = [(c.path, c.line, c.caller, c.confidence) for c in repo.callers("hello").callers]
        assert callers == [("tests/it.rs", 5, "says_hi", "exact"), ("tests/it.rs", 6, "says_hi", "exact")]


def test_javascript_methods_assigned_to_objects_and_written_in_literals(tmp_path: Path) -> None:
    (tmp_path / "app.js").write_text(
        "var app = exports = module.exports = {};\n"
        "app.use = function use(fn) {\n  return this.handle(fn);\n};\n"
        "app.handle = (fn) => fn;\n"
        "const context = {\n  onerror(err) {\n    return err;\n  },\n"
        "  inspect: function () {\n    return 1;\n  },\n};\n"
        "app.use(context.onerror);\n"
    )
    with Repo(tmp_path) as repo:
        found = [(d.qualname, d.kind, d.line, d.end_line) for d in repo.outline("app.js").definitions]
        assert found == [
            ("app", "variable", 1, 1),
            ("app.use", "method", 2, 4),
            ("app.handle", "method", 5, 5),
            ("context", "variable", 6, 13),
            ("onerror", "method", 7, 9),
            ("inspect", "method", 10, 12),
        ]
        assert [(c.line, c.caller) for c in repo.callers("app.handle").callers] == [(3, "app.use")]
        assert [(c.line, c.caller) for c in repo.callers("app.use").callers] == [(14, "<module>")]
    shown = run_cli("outline", tmp_path, "app.js").stdout  # indented under app, and context under nothing
    assert "\n          2-4    method    app.use = function use(fn)\n" in shown
    assert "\n         6-13  variable  context\n          7-9  method    onerror(err)\n" in shown


def test_a_chained_assignment_defines_each_name(tmp_path: Path) -> None:
    (tmp_path / "response.js").write_text(
        "var res = module.exports = {};\n"
        "res.set = res.header = function header(field) {\n  return field;\n};\n"
        "res.send = function send(body) {\n  return this.set(body);\n};\n"
        "var app = {};\n"
        "app.set = function set(setting) {\n  return setting;\n};\n"
    )
    with Repo(tmp_path) as repo:
        found = [(d.qualname, d.line, d.end_line) for d in repo.outline("response.js").definitions]
        assert found == [
            ("res", 1, 1),
            ("res.set", 2, 2),
            ("res.header", 2, 4),
            ("res.send", 5, 7),
            ("app", 8, 8),
            ("app.set", 9, 11),
        ]
        # `this` in a method assigned to the object res is res: `this.set()` is res.set, never app.set.
        assert [(c.line, c.caller, c.confidence) for c in repo.callers("res.set").callers] == [(6, "res.send", "exact")]
        assert repo.callers("app.set").callers == []


def test_commonjs_exports_and_requires_resolve(tmp_path: Path) -> None:
    (tmp_path / "layer.js").write_text("function Layer(path) {\n  this.path = path;\n}\n\nmodule.exports = Layer;\n")
    (tmp_path / "only.js").write_text("module.exports = function only(obj) {\n  return obj;\n};\n")
    (tmp_path / "utils.js").write_text("exports.etag = function (body) {\n  return body;\n};\n")
    (tmp_path / "main.js").write_text(
        "var Layer = require('./layer');\n"
        "var only = require('./only');\n"
        "var etag = require('./utils').etag;\n"
        "new Layer('/');\nonly({});\netag('x');\n"
    )
    with Repo(tmp_path) as repo:
        for target, line in [("Layer", 4), ("only", 5), ("utils.js:etag", 6)]:
            assert [(c.path, c.line, c.confidence) for c in repo.callers(target).callers] == [
                ("main.js", line, "exact")
            ]
        assert [i.line for i in repo.importers("utils.js").importers] == [3]


def test_a_constructor_function_with_prototype_methods_is_a_class(tmp_path: Path) -> None:
    (tmp_path / "view.js").write_text(
        "var path = require('path');\nvar resolve = path.resolve;\n\n"
        "function View(name) {\n  this.name = this.resolve(name);\n}\n\n"
        "View.prototype.lookup = function lookup(name) {\n"
        "  var loc = resolve('/', name);\n  return this.resolve(loc);\n};\n\n"
        "View.prototype.resolve = function resolve(dir) {\n  return dir;\n};\n\n"
        "var view = new View('index');\nview.resolve('x');\n"
    )
    with Repo(tmp_path) as repo:  # `resolve(...)` on line 9 is path.resolve, not View.resolve
        callers = [(c.line, c.caller, c.confidence) for c in repo.callers("View.resolve").callers]
        assert callers == [(5, "View", "exact"), (10, "View.lookup", "exact"), (18, "<module>", "exact")]


def test_a_javascript_name_bound_to_an_outside_name_is_outside(tmp_path: Path) -> None:
    (tmp_path / "view.js").write_text(
        "class View {\n  lookup(name) {\n    return name;\n  }\n}\nmodule.exports = View;\n"
    )
    (tmp_path / "response.js").write_text(
        "var send = require('send');\nvar mime = send.mime;\nvar View = require('./view');\n"
        "mime.lookup('html');\nnew View().lookup('index');\n"
    )
    with Repo(tmp_path) as repo:  # mime.lookup is send's, so neither likely nor a name match
        result = repo.callers("View.lookup", include_name_matches=True)
        assert [(c.path, c.line, c.confidence) for c in result.callers] == [("response.js", 5, "exact")]


def test_go_functions_handed_on_as_values_are_references(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module example.com/cli\n")
    (tmp_path / "cli.go").write_text(
        "package cli\n\n"
        "type Command struct{ Run func() }\n\n"
        "func noop() {}\n\n"
        "var hook = noop\n\n"
        "func root() (Command, func()) {\n"
        "\tcmd := Command{Run: noop}\n"
        "\tother := noop\n"
        "\tother = hook\n"
        "\treturn cmd, noop\n"
        "}\n"
    )
    with Repo(tmp_path) as repo:  # the key `Run` and the assigned names are no uses of noop
        uses = [(c.line, c.caller, c.kind) for c in repo.references("noop").callers]
        assert uses == [(7, "<module>", "ref"), (10, "root", "ref"), (11, "root", "ref"), (13, "root", "ref")]


def test_rust_calls_inside_macro_arguments_are_calls(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "lib.rs").write_text(
        "pub struct Command;\n"
        'impl Command {\n    pub fn get_name(&self) -> &str { "x" }\n}\n'
        "pub fn check(cmd: &Command) {\n"
        '    assert!(cmd.get_name() == "x", "{}", helper(1));\n'
        "    let names = vec![cmd, cmd];\n"
        "}\n"
        "fn helper(n: u8) -> u8 { n }\n"
    )
    with Repo(tmp_path) as repo:
        assert [(c.line, c.caller, c.confidence) for c in repo.callers("Command.get_name").callers] == [
            (6, "check", "exact")
        ]
        assert [(c.line, c.confidence) for c in repo.callers("helper").callers] == [(6, "exact")]


def test_a_signature_written_over_several_lines_is_shown_whole(tmp_path: Path) -> None:
    (tmp_path / "registry.ts").write_text(
        "export interface Registry<\n  T = unknown,\n> {\n"
        "  register<R extends T>(\n    name: string,\n    value: R,\n  ): void;\n}\n"
    )
    with Repo(tmp_path) as repo:
        signatures = [d.signature for d in repo.outline("registry.ts").definitions]
        assert signatures == ["interface Registry<T = unknown>", "register<R extends T>(name: string, value: R): void"]


def test_rust_reads_an_option_or_result_as_what_it_holds(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "lib.rs").write_text(
        "pub struct Command { subs: Vec<Command> }\n"
        "impl Command {\n"
        '    pub fn get_name(&self) -> &str { "x" }\n'
        "    pub fn find(&self, name: &str) -> Option<&Command> { self.subs.first() }\n"
        "    pub fn load(&self) -> Result<Command, String> { Err(String::new()) }\n"
        '    pub fn log(&self) { debug!("{}", self.get_name()); }\n'
        "}\n"
        "pub fn run(cmd: &Command) -> Result<(), String> {\n"
        '    cmd.find("a").expect("present").get_name();\n'
        "    cmd.load()?.get_name();\n"
        "    Ok(())\n"
        "}\n"
    )
    with Repo(tmp_path) as repo:
        callers = [(c.line, c.caller, c.confidence) for c in repo.callers("Command.get_name").callers]
        assert callers == [(6, "Command.log", "exact"), (9, "run", "exact"), (10, "run", "exact")]


def test_a_python_class_with_a_generic_base_inherits_from_it(tmp_path: Path) -> None:
    (tmp_path / "prompt.py").write_text(
        "from typing import Generic, TypeVar\n\nT = TypeVar('T')\n\n\n"
        "class PromptBase(Generic[T]):\n    def ask(self) -> T:\n        return self.read()\n\n\n"
        "class Confirm(PromptBase[bool]):\n    def read(self) -> bool:\n        return True\n\n\n"
        "Confirm().ask()\n"
    )
    with Repo(tmp_path) as repo:
        assert [d.target for d in repo.find_definitions("Confirm.ask")] == ["prompt.py:PromptBase.ask"]
        assert [(c.line, c.confidence) for c in repo.callers("PromptBase.ask").callers] == [(16, "exact")]


def test_calls_of_a_class_under_a_name_it_is_assigned_to_are_its_callers(tmp_path: Path) -> None:
    (tmp_path / "segment.py").write_text(
        "class Segment:\n    def __init__(self, text):\n        self.text = text\n\n\n"
        "class Request:\n    pass\n\n\n"
        "_Segment = Segment\n\n\n"
        "def render():\n    return [_Segment('a'), Segment('b')]\n\n\n"
        "class App:\n    request_class: type[Request] = Request\n\n"
        "    def make(self):\n        return self.request_class()\n"
    )
    with Repo(tmp_path) as repo:
        assert [(c.line, c.column) for c in repo.callers("Segment").callers] == [(14, 13), (14, 28)]
        assert [(c.line, c.caller) for c in repo.callers("Segment.__init__").callers] == [
            (14, "render"),
            (14, "render"),
        ]
        assert [(c.line, c.caller) for c in repo.callers("Request").callers] == [(21, "App.make")]


def test_typescript_functions_declared_without_a_body_are_signatures(tmp_path: Path) -> None:
    (tmp_path / "index.d.ts").write_text("export function mergeConfig(a: string): string;\n")
    (tmp_path / "util.ts").write_text(
        "export function pick(a: string): string;\nexport function pick(a: any) {\n  return a;\n}\n"
    )
    with Repo(tmp_path) as repo:
        found = [(d.kind, d.signature) for d in repo.outline("index.d.ts").definitions]
        assert found == [("signature", "function mergeConfig(a: string): string")]
        assert [(d.kind, d.line) for d in repo.find_definitions("pick")] == [("function", 2)]


def test_default_imports_and_requires_are_references_and_exports_say_so(tmp_path: Path) -> None:
    (tmp_path / "merge.js").write_text("export default function merge(a, b) {\n  return { ...a, ...b };\n}\n")
    (tmp_path / "layer.js").write_text("function Layer() {}\n\nmodule.exports = Layer;\n")
    (tmp_path / "main.js").write_text(
        "import merge from './merge';\nconst Layer = require('./layer');\n\nmerge({}, {});\nnew Layer();\n"
    )
    with Repo(tmp_path) as repo:
        merge = [(c.path, c.line, c.kind) for c in repo.references("merge.js:merge").callers]
        assert merge == [("main.js", 1, "import"), ("main.js", 4, "call")]  # not its own `export default`
        layer = [(c.path, c.line, c.kind) for c in repo.references("layer.js:Layer").callers]
        assert layer == [("layer.js", 3, "export"), ("main.js", 2, "import"), ("main.js", 5, "call")]


def test_javascript_module_level_variables_are_definitions_and_requires_are_not(tmp_path: Path) -> None:
    (tmp_path / "isArray.js").write_text(
        "var Stack = require('./_Stack');\nvar isArray = Array.isArray;\nlet cache = new Map();\n"
        "const MAX = 3;\n\nmodule.exports = isArray;\n"
    )
    with Repo(tmp_path) as repo:
        found = [(d.qualname, d.kind, d.signature) for d in repo.outline("isArray.js").definitions]
        assert found == [
            ("isArray", "variable", "isArray = Array.isArray"),
            ("cache", "variable", "cache = new Map()"),
            ("MAX", "constant", "MAX = 3"),
        ]


def test_a_bare_name_lists_copied_in_code_after_the_repositorys_own(tmp_path: Path) -> None:
    (tmp_path / "app" / "static" / "vendor").mkdir(parents=True)
    (tmp_path / "app" / "static" / "vendor" / "select2.js").write_text("function Query() {}\n")
    (tmp_path / "app" / "static" / "search.min.js").write_text("function Query(){}\n")
    (tmp_path / "app" / "sql.py").write_text("class Query:\n    pass\n")
    (tmp_path / "app" / "static" / "search.js").write_text("function Query() {}\n")
    with Repo(tmp_path) as repo:
        assert [d.path for d in repo.find_definitions("Query")] == [
            "app/sql.py",
            "app/static/search.js",
            "app/static/search.min.js",
            "app/static/vendor/select2.js",
        ]


def test_an_import_of_a_module_level_variable_is_a_reference_to_it(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "globals.py").write_text("from werkzeug.local import LocalProxy\n\nrequest = LocalProxy()\n")
    (tmp_path / "pkg" / "views.py").write_text("from .globals import request\n")
    with Repo(tmp_path) as repo:
        uses = [(c.path, c.line, c.kind) for c in repo.references("pkg/globals.py:request").callers]
        assert uses == [("pkg/views.py", 1, "import")]


def test_a_named_function_passed_as_an_argument_encloses_its_calls(tmp_path: Path) -> None:
    (tmp_path / "axios.js").write_text(
        "function merge(a) {\n  return a;\n}\n\n"
        "['get', 'head'].forEach(function forEachMethod(method) {\n  merge(method);\n});\n"
        "['put'].forEach((method) => merge(method));\n"
    )
    with Repo(tmp_path) as repo:
        assert [(c.line, c.caller) for c in repo.callers("merge").callers] == [(6, "forEachMethod"), (8, "<module>")]


def test_python_class_attributes_are_fields(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("from ._codes import codes\n")
    (tmp_path / "pkg" / "_codes.py").write_text(
        "from enum import IntEnum\n\n\nclass codes(IntEnum):\n    OK = 200\n\n\n"
        "class Router:\n    def add(self):\n        return 1\n\n\n"
        "class App:\n    router_class = Router\n    name: str\n\n"
        "    def run(self):\n        return self.router_class().add()\n"
    )
    with Repo(tmp_path) as repo:
        fields = [(d.qualname, d.kind) for d in repo.outline("pkg/_codes.py").definitions if d.kind == "field"]
        assert fields == [("codes.OK", "field"), ("App.router_class", "field"), ("App.name", "field")]
        assert [d.target for d in repo.find_definitions("pkg.codes.OK")] == ["pkg/_codes.py:codes.OK"]
        # A field's value still types what is called through it.
        assert [(c.line, c.caller) for c in repo.callers("Router.add").callers] == [(18, "App.run")]


def test_a_javascript_function_assigned_returned_or_held_in_an_object_is_referenced(tmp_path: Path) -> None:
    (tmp_path / "axios.js").write_text(
        "function merge(a) {\n  return a;\n}\n\n"
        "const axios = {};\naxios.merge = merge;\n"
        "function pick() {\n  return merge;\n}\n"
        "const hooks = { onMerge: merge };\n"
    )
    with Repo(tmp_path) as repo:
        uses = [(c.line, c.caller, c.kind) for c in repo.references("merge").callers]
        assert uses == [(6, "<module>", "ref"), (8, "pick", "ref"), (10, "<module>", "ref")]


def test_a_java_package_spans_the_main_and_test_source_roots(tmp_path: Path) -> None:
    main, test = tmp_path / "src" / "main" / "java" / "p", tmp_path / "src" / "test" / "java" / "p"
    main.mkdir(parents=True)
    test.mkdir(parents=True)
    (main / "Foo.java").write_text(
        "package p;\npublic class Foo {\n"
        "  public Foo bar() { return this; }\n  public static int baz() { return 1; }\n}\n"
    )
    (test / "FooTest.java").write_text(
        "package p;\nclass FooTest {\n  void t() { Foo f = new Foo(); f.bar(); Foo.baz(); }\n}\n"
    )
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "Foo.java").write_text("class Foo {\n  Foo bar() { return this; }\n}\n")
    with Repo(tmp_path) as repo:
        for target in ("src/main/java/p/Foo.java:Foo.bar", "Foo.baz"):
            sites = [(c.path, c.line, c.confidence) for c in repo.callers(target).callers]
            assert sites == [("src/test/java/p/FooTest.java", 3, "exact")]
        assert repo.callers("other/Foo.java:Foo.bar").callers == []


def test_typescript_namespace_re_exports_resolve(tmp_path: Path) -> None:
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "util.ts").write_text("export function helper(x: number): number {\n  return x + 1;\n}\n")
    (tmp_path / "core" / "index.ts").write_text('export * as util from "./util.js";\nexport * from "./util.js";\n')
    (tmp_path / "a.ts").write_text(
        'import { util } from "./core/index.js";\n'
        'import * as core from "./core/index.js";\n'
        'import { helper } from "./core/index.js";\n'
        "util.helper(1);\ncore.util.helper(2);\ncore.helper(3);\nhelper(4);\n"
    )
    with Repo(tmp_path) as repo:
        sites = [(c.line, c.confidence) for c in repo.callers("helper", include_name_matches=True).callers]
        assert sites == [(4, "exact"), (5, "exact"), (6, "exact"), (7, "exact")]


def test_a_javascript_name_assigned_again_has_every_value_it_is_given(tmp_path: Path) -> None:
    (tmp_path / "use.js").write_text(
        "class A { m() { return 1; } }\nclass B { m() { return 2; } }\n"
        "function use() {\n  const a = new A();\n  const b = new B();\n"
        "  let x = a;\n  x = b;\n  x.m();\n"
        "  let y = new A();\n  y = new A();\n  y.m();\n}\n"
    )
    with Repo(tmp_path) as repo:
        sites = [(c.line, c.confidence) for c in repo.callers("A.m", include_name_matches=True).callers]
        assert sites == [(11, "exact"), (8, "name")]  # name matches come last


def test_a_go_type_that_is_no_struct_has_methods_too(tmp_path: Path) -> None:
    (tmp_path / "frame.go").write_text(
        "package errors\n\ntype Frame uintptr\n\n"
        "func (f Frame) Format() string { return f.name() }\n"
        'func (f Frame) name() string { return "" }\n\n'
        "func Describe(pc uintptr) string {\n\tvar f Frame = Frame(pc)\n\treturn f.Format()\n}\n"
    )
    with Repo(tmp_path) as repo:
        assert [(c.line, c.confidence) for c in repo.callers("Frame.name").callers] == [(5, "exact")]
        assert [(c.line, c.confidence) for c in repo.callers("Frame.Format").callers] == [(10, "exact")]


def test_a_c_function_declared_in_a_header_of_another_name_is_linked_to_its_definition(tmp_path: Path) -> None:
    (tmp_path / "api.h").write_text("int jq_start(int flags);\n")
    (tmp_path / "execute.c").write_text(
        '#include "api.h"\nint jq_start(int flags) { return flags; }\nstatic int helper(void) { return 0; }\n'
    )
    (tmp_path / "other.c").write_text("static int helper(void) { return 1; }\n")
    (tmp_path / "main.c").write_text('#include "api.h"\nint main(void) { helper(); return jq_start(0); }\n')
    with Repo(tmp_path) as repo:
        assert [(c.path, c.line, c.confidence) for c in repo.callers("jq_start").callers] == [("main.c", 2, "exact")]
        # A static function is its file's own: the call in main.c reaches neither.
        assert repo.callers("execute.c:helper").callers == []


def test_commonjs_re_exports_and_bare_requires_are_imports(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "index.js").write_text("module.exports = require('./lib/express');\n")
    (tmp_path / "lib" / "express.js").write_text(
        "exports = module.exports = createApplication;\nfunction createApplication() {\n  return 1;\n}\n"
        "exports.Router = require('./router');\nexports.json = require('./parsers').json;\n"
    )
    (tmp_path / "lib" / "router.js").write_text("module.exports = function Router() {};\n")
    (tmp_path / "lib" / "parsers.js").write_text("exports.json = function json() {};\n")
    (tmp_path / "app.js").write_text("require('./index');\nvar express = require('./index');\nexpress.json();\n")
    with Repo(tmp_path) as repo:

        def importers(module: str) -> list[tuple[str, int]]:
            return [(i.path, i.line) for i in repo.importers(module).importers]

        assert importers("lib/express.js") == [("index.js", 1)]
        assert importers("lib/router.js") == [("lib/express.js", 5)]
        assert importers("lib/parsers.js") == [("lib/express.js", 6)]
        assert importers("index.js") == [("app.js", 1), ("app.js", 2)]


def test_a_name_bound_to_an_outside_call_and_to_a_class_is_not_that_class(tmp_path: Path) -> None:
    (tmp_path / "n.py").write_text(
        "import copy\n\n\nclass Foo:\n    def m(self):\n        return 1\n\n\n"
        "def g(c, a):\n    if c:\n        o = copy.copy(a)\n    else:\n        o = Foo()\n    return o.m()\n"
    )
    (tmp_path / "tests" / "typing").mkdir(parents=True)  # a namespace package named like the stdlib's
    (tmp_path / "tests" / "typing" / "check_types.py").write_text("x = 1\n")
    (tmp_path / "core.py").write_text(
        "import typing as t\n\n\nclass W:\n    def fileno(self):\n        return 1\n\n\n"
        "def is_console(f: t.TextIO):\n    return f.fileno()\n"
    )
    with Repo(tmp_path) as repo:
        assert [(c.line, c.confidence) for c in repo.callers("Foo.m").callers] == [(14, "likely")]
        assert repo.callers("W.fileno").callers == []  # typing.TextIO's own, not the repository's


def test_java_overloads_on_a_primitive_and_its_box_leave_the_parameter_outside(tmp_path: Path) -> None:
    package = tmp_path / "src" / "main" / "java" / "p"
    package.mkdir(parents=True)
    (package / "Flag.java").write_text(
        "package p;\npublic class Flag {\n  public boolean booleanValue() { return true; }\n}\n"
    )
    (package / "U.java").write_text(
        "package p;\npublic class U {\n  public static int f(boolean b) { return b ? 1 : 0; }\n"
        "  public static int f(Boolean b) { return b.booleanValue() ? 1 : 0; }\n}\n"
    )
    with Repo(tmp_path) as repo:
        assert repo.callers("Flag.booleanValue", include_name_matches=True).callers == []


def test_a_java_package_of_one_name_in_two_modules_is_two_packages(tmp_path: Path) -> None:
    for module in ("ma", "mb"):
        folder = tmp_path / module / "src" / "main" / "java" / "p"
        folder.mkdir(parents=True)
        (folder / "Util.java").write_text("package p;\npublic class Util {\n  public static void run() {}\n}\n")
    test = tmp_path / "mb" / "src" / "test" / "java" / "p"
    test.mkdir(parents=True)
    (test / "UtilTest.java").write_text("package p;\nclass UtilTest {\n  void t() { Util.run(); }\n}\n")
    with Repo(tmp_path) as repo:
        assert repo.callers("ma/src/main/java/p/Util.java:Util.run").callers == []
        sites = [(c.path, c.confidence) for c in repo.callers("mb/src/main/java/p/Util.java:Util.run").callers]
        assert sites == [("mb/src/test/java/p/UtilTest.java", "exact")]


def test_a_constructor_declared_in_a_class_behind_an_export_macro_is_no_call(tmp_path: Path) -> None:
    (tmp_path / "a.h").write_text(
        "class API Foo {\npublic:\n  Foo();\n  Foo(int x);\n  Foo(void* p) = delete;\n  Foo* next_{};\n};\n"
    )
    (tmp_path / "a.cpp").write_text('#include "a.h"\nFoo::Foo() {}\nFoo::Foo(int x) {}\nvoid use() { Foo f(1); }\n')
    with Repo(tmp_path) as repo:
        sites = [(c.path, c.line) for c in repo.callers("Foo::Foo", include_name_matches=True).callers]
        assert sites == [("a.cpp", 4)]  # not the declarations in a.h


def test_the_unique_name_rule_stays_within_a_language(tmp_path: Path) -> None:
    (tmp_path / "core.js").write_text("class Date2 {\n  strftime(f) {\n    return f;\n  }\n}\n")
    (tmp_path / "stamp.py").write_text("def stamp(when):\n    return when.strftime('%Y')\n")
    (tmp_path / "point.py").write_text(
        "from collections import namedtuple\n\n\nclass P(namedtuple('P', 'x')):\n"
        "    def _asdict(self):\n        return super()._asdict()\n"
    )
    with Repo(tmp_path) as repo:
        assert repo.callers("Date2.strftime").callers == []
        assert [(c.name, c.confidence, c.callee) for c in repo.callees("stamp").callees] == [
            ("when.strftime", "name", None)
        ]
        # super() under a base made by a call: not the method calling itself.
        assert [(c.name, c.confidence, c.callee) for c in repo.callees("P._asdict").callees] == [
            ("super", "external", None),
            ("super()._asdict", "name", None),
        ]
