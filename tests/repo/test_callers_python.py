"""Who calls X, on the Python fixture, whose call graph is known by construction."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from rlm_code import NotFoundError
from rlm_code.repo import Repo
from rlm_code.repo.symbols import module_name_for
from tests.conftest import FIXTURES

# target -> the callers rlm-code must report by default (exact and likely), as
# (path:line, calling definition, confidence). Nothing else may appear.
EXPECTED = {
    # A module function and a method of the same name are different targets; the function is
    # reached through an alias, a package re-export, a module alias and plain imports.
    "shop/helpers.py:url_for": {
        ("legacy/latin1.py:5", "legacy", "exact"),
        ("scripts/broken.py:5", "still_works", "exact"),
        ("scripts/build.py:3", "<module>", "exact"),
        ("shop/app.py:16", "BaseApp.url_for", "exact"),
        ("shop/views.py:15", "index", "exact"),
        ("shop/views.py:22", "login", "exact"),
    },
    # Through a closure variable typed by a call to an aliased class, then the MRO.
    "BaseApp.url_for": {("shop/cli.py:22", "main.helper", "exact")},
    # Same-name methods in unrelated classes are not mixed up.
    "Form.full_clean": {("shop/views.py:21", "login", "exact"), ("shop/views.py:26", "check", "exact")},
    "Model.full_clean": {
        ("shop/models.py:12", "Model.save", "exact"),
        ("shop/views.py:31", "create_product", "exact"),
    },
    # Unknown receivers, but the method name is defined once in the repository.
    "Router.lookup": {
        ("shop/app.py:13", "BaseApp.find_handler", "likely"),
        ("shop/views.py:37", "unrelated", "likely"),
    },
    # `self.finalize()` in the base class reaches the subclass's method only by dispatch.
    "App.finalize": {("shop/app.py:10", "BaseApp.dispatch", "likely")},
    "BaseApp.dispatch": {("shop/app.py:35", "App.run", "exact")},
    # `obj = cls()` types `obj`; `super().save()` goes to the base class.
    "Model.save": {
        ("shop/models.py:18", "Model.create", "exact"),
        ("shop/models.py:24", "Product.save", "exact"),
    },
    "Product.save": set(),
    "slugify": {("shop/helpers.py:9", "url_for", "exact"), ("shop/views.py:32", "create_product", "exact")},
    # A bare decorator is a call made by the module.
    "logged": {("shop/cli.py:16", "<module>", "exact")},
    "App.route": {("shop/views.py:13", "<module>", "exact"), ("shop/views.py:18", "<module>", "exact")},
    # `self.router` is typed by `self.router = Router()` in `__init__`.
    "Router.add_rule": {("shop/app.py:26", "App.route.decorator", "exact")},
    "Form.clean": {
        ("shop/forms.py:6", "Form.full_clean", "exact"),
        ("shop/forms.py:18", "LoginForm.clean", "exact"),
    },
    # Calling a class runs its constructor; `Application` is an alias of `App`.
    "App.__init__": {("shop/cli.py:18", "main", "exact"), ("shop/views.py:10", "<module>", "exact")},
    "Router.__init__": {("shop/app.py:22", "App.__init__", "exact")},
    "main.helper": {("shop/cli.py:24", "main", "exact")},
    "Model.create": {("shop/views.py:30", "create_product", "exact")},
    "check_password": {("shop/forms.py:19", "LoginForm.clean", "exact")},
}


@pytest.mark.parametrize("target", sorted(EXPECTED))
def test_default_callers_are_exactly_the_known_ones(python_repo: Repo, target: str) -> None:
    result = python_repo.callers(target)
    found = {(f"{c.path}:{c.line}", c.caller, c.confidence) for c in result.callers}
    assert found == EXPECTED[target]
    assert not result.truncated


def test_name_matches_are_opt_in_and_labelled(python_repo: Repo) -> None:
    default = python_repo.callers("Form.full_clean")
    everything = python_repo.callers("Form.full_clean", include_name_matches=True)
    extra = {(f"{c.path}:{c.line}", c.confidence) for c in everything.callers} - {
        (f"{c.path}:{c.line}", c.confidence) for c in default.callers
    }
    # `thing.full_clean()` on an unknown receiver could be either class's method.
    assert extra == {("shop/views.py:36", "name")}


def test_a_bare_name_reports_every_definition_and_which_one_each_site_reaches(python_repo: Repo) -> None:
    result = python_repo.callers("url_for")
    assert [d.target for d in result.definitions] == [  # the one named exactly so first (41dbba9)
        "shop/helpers.py:url_for",
        "shop/app.py:BaseApp.url_for",
    ]
    by_site = {f"{c.path}:{c.line}": c.callee for c in result.callers}
    assert by_site["shop/cli.py:22"] == "shop/app.py:BaseApp.url_for"
    assert by_site["shop/views.py:15"] == "shop/helpers.py:url_for"


def test_targets_can_be_dotted_module_paths_or_file_qualified(python_repo: Repo) -> None:
    by_module = python_repo.callers("shop.helpers.url_for")
    by_file = python_repo.callers("shop/helpers.py:url_for")
    assert by_module.callers == by_file.callers
    assert [d.target for d in by_module.definitions] == ["shop/helpers.py:url_for"]


@pytest.mark.parametrize(
    ("target", "definition"),
    [
        # A member the class inherits is its ancestor's definition, as `obj.member` reaches it.
        ("App.dispatch", "shop/app.py:BaseApp.dispatch"),
        ("shop/app.py:App.url_for", "shop/app.py:BaseApp.url_for"),
        ("Product.full_clean", "shop/models.py:Model.full_clean"),  # not Form.full_clean
        # A dotted path through a package re-export, then through the class's ancestors.
        ("shop.url_for", "shop/helpers.py:url_for"),
        ("shop.App", "shop/app.py:App"),
        ("shop.App.dispatch", "shop/app.py:BaseApp.dispatch"),
    ],
)
def test_targets_are_found_the_way_code_reaches_them(python_repo: Repo, target: str, definition: str) -> None:
    result = python_repo.callers(target)
    assert [d.target for d in result.definitions] == [definition]
    assert result.callers == python_repo.callers(definition).callers


@pytest.mark.parametrize("target", ["App.no_such_method", "shop.App.no_such_method", "shop.nothing"])
def test_members_no_class_has_are_still_unknown(python_repo: Repo, target: str) -> None:
    with pytest.raises(NotFoundError):
        python_repo.find_definitions(target)


def test_columns_point_at_the_called_name(python_repo: Repo) -> None:
    (site,) = python_repo.callers("BaseApp.dispatch").callers
    line = (python_repo.root / site.path).read_text().splitlines()[site.line - 1]
    assert line[site.column - 1 :].startswith("dispatch(")


def test_max_results_cuts_and_says_so(python_repo: Repo) -> None:
    result = python_repo.callers("shop/helpers.py:url_for", max_results=2)
    assert len(result.callers) == 2
    assert result.truncated


@pytest.mark.parametrize("target", ["no_such_function", "Form.no_such_method", "shop/forms.py:Nope"])
def test_unknown_targets_raise_not_found(python_repo: Repo, target: str) -> None:
    with pytest.raises(NotFoundError):
        python_repo.callers(target)


def test_references_include_non_call_uses(python_repo: Repo) -> None:
    result = python_repo.references("shop/forms.py:Form")
    kinds = {(f"{c.path}:{c.line}", c.kind) for c in result.callers}
    assert ("shop/forms.py:16", "ref") in kinds  # class LoginForm(Form)
    assert ("shop/views.py:25", "type") in kinds  # def check(form: Form)
    assert ("shop/views.py:5", "import") in kinds  # from shop.forms import Form, LoginForm


# The second fixture: types that flow through code rather than imports.
FLOW_EXPECTED = {
    # Found through `kiosk.sansio.scaffold`, a namespace subpackage inside the `kiosk`
    # package, and through a pytest fixture that yields another fixture's value.
    "Scaffold.register": {
        ("src/kiosk/app.py:11", "Kiosk.lookup", "exact"),
        ("tests/conftest.py:13", "registered", "exact"),
    },
    # `NotFound(...)` and `Gone(...)` run the constructor they inherit.
    "KioskError.__init__": {
        ("src/kiosk/app.py:8", "Kiosk.lookup", "exact"),
        ("src/kiosk/app.py:10", "Kiosk.lookup", "exact"),
    },
    # `make_kiosk()` has no return annotation; what it returns is read from its body. The
    # fixture `kiosk` types the parameter of the same name; a name bound twice is not typed.
    "Kiosk.lookup": {
        ("src/kiosk/app.py:22", "serve", "exact"),
        ("tests/test_kiosk.py:2", "test_lookup", "exact"),
        ("tests/test_kiosk.py:11", "test_shadowed", "likely"),
        # `copy.copy` may return the repository's own objects: the copy's type is unknown.
        ("tools/publish.py:11", "publish", "likely"),
    },
    # `describe = kiosk.describe` binds the method; calling the name calls it.
    "Scaffold.describe": {
        ("src/kiosk/app.py:22", "serve", "exact"),
        ("tests/test_kiosk.py:6", "test_registered", "exact"),
        ("tools/report/render.py:5", "render_page", "likely"),
    },
    "make_kiosk": {
        ("src/kiosk/app.py:20", "serve", "exact"),
        ("tests/conftest.py:8", "kiosk", "exact"),
        ("tools/publish.py:10", "publish", "exact"),
    },
    # `tools/` and `tools/report/` have no `__init__.py`: namespace packages, imported by
    # their dotted names from the root.
    "render_page": {("tools/publish.py:12", "publish", "exact"), ("tools/publish.py:13", "publish", "exact")},
    # Under a base made by a call, `super()._asdict()` is no call of the class's own method.
    "Page._asdict": set(),
}


@pytest.fixture(scope="module")
def flow_repo(session_cache: Path) -> Iterator[Repo]:
    with Repo(FIXTURES / "python_flow", cache_dir=session_cache) as repo:
        yield repo


@pytest.mark.parametrize("target", sorted(FLOW_EXPECTED))
def test_types_that_flow_through_code(flow_repo: Repo, target: str) -> None:
    found = {(f"{c.path}:{c.line}", c.caller, c.confidence) for c in flow_repo.callers(target).callers}
    assert found == FLOW_EXPECTED[target]


def test_a_super_call_under_a_base_made_by_a_call_is_a_name_match(flow_repo: Repo) -> None:
    found = flow_repo.callers("Page._asdict", include_name_matches=True).callers
    assert [(f"{c.path}:{c.line}", c.caller, c.confidence) for c in found] == [
        ("tools/report/render.py:10", "Page._asdict", "name")
    ]


@pytest.mark.parametrize("target", ["tools.report.render.render_page", "report.render.render_page"])
def test_namespace_packages_are_modules_by_every_dotted_name(flow_repo: Repo, target: str) -> None:
    assert [d.target for d in flow_repo.find_definitions(target)] == ["tools/report/render.py:render_page"]
    importers = flow_repo.importers("tools.report.render").importers
    assert [(i.path, i.line) for i in importers] == [("tools/publish.py", 3), ("tools/publish.py", 4)]


def test_module_names_start_at_the_topmost_package(flow_repo: Repo) -> None:
    assert [d.target for d in flow_repo.find_definitions("kiosk.sansio.scaffold.Scaffold")] == [
        "src/kiosk/sansio/scaffold.py:Scaffold"
    ]


@pytest.mark.parametrize(
    ("path", "module"),
    [
        ("src/flask/sansio/app.py", "flask.sansio.app"),  # sansio has no __init__.py
        ("src/flask/__init__.py", "flask"),
        ("src/flask/typing.pyi", "flask.typing"),
        ("tests/test_app.py", "test_app"),
        ("setup.py", "setup"),
        ("__init__.py", "__init__"),
    ],
)
def test_module_name_for_a_path(path: str, module: str) -> None:
    assert module_name_for(path, {"src/flask"}) == module


def test_a_fixture_parameter_assigned_again_keeps_a_value_both_agree_on(tmp_path: Path) -> None:
    # Found in jinja2's tests: `def test_autoescape_autoselect(self, env): env = Environment(...)`
    # then `env.get_template(...).render()`; the fixture `env` also returns an Environment.
    (tmp_path / "env.py").write_text(
        "class Environment:\n    def render(self):\n        return ''\n\n\n"
        "class Sandboxed(Environment):\n    def render(self):\n        return 'safe'\n"
    )
    (tmp_path / "conftest.py").write_text(
        "import pytest\n\nfrom env import Environment\n\n\n@pytest.fixture\ndef env():\n    return Environment()\n"
    )
    (tmp_path / "test_env.py").write_text(
        "from env import Environment, Sandboxed\n\n\n"
        "def test_same(env):\n    env = Environment()\n    env.render()\n\n\n"
        "def test_other(env):\n    env = Sandboxed()\n    env.render()\n"
    )
    with Repo(tmp_path) as repo:
        sites = [(c.line, c.caller, c.confidence) for c in repo.callers("Environment.render").callers]
        assert sites == [(6, "test_same", "exact")]  # in test_other, env is one of two classes
        assert [c.line for c in repo.callers("Sandboxed.render").callers] == []


def test_a_loop_variable_is_an_element_of_the_typed_container_it_iterates(tmp_path: Path) -> None:
    # Found in jinja2: `for loader in self.loaders` (a parameter `loaders: t.Sequence[BaseLoader]`
    # kept on self), `for ext in self.iter_extensions()` (returns `t.Iterator["Extension"]`),
    # `for key, value in self.extensions.items()` (a `t.Dict[str, "Extension"]`) and
    # `x.as_const() for x in self.items` (a class annotation `items: t.List[Expr]`).
    (tmp_path / "tasks.py").write_text(
        "import typing as t\nfrom collections.abc import Iterable, Sequence\n\n\n"
        "class Task:\n    def ship(self):\n        return 1\n\n\n"
        "class Parcel:\n    def ship(self):\n        return 2\n\n\n"
        "class Queue:\n    items: t.List[Task]\n\n"
        "    def __init__(self, loaders: t.Sequence[Task]):\n"
        "        self.items = []\n        self.loaders = loaders\n\n"
        "    def drain(self):\n        for loader in self.loaders:\n            loader.ship()\n"
        "        return [x.ship() for x in self.items]\n\n"
        "    def pending(self) -> t.Iterator['Task']:\n        return iter(self.items)\n\n\n"
        "def each(tasks: Iterable[Task], more: Sequence[Task], by_name: dict[str, Task], queue: Queue):\n"
        "    for task in sorted(tasks, key=id):\n        task.ship()\n"
        "    for index, numbered in enumerate(more):\n        numbered.ship()\n        index.ship()\n"
        "    for name, value in by_name.items():\n        value.ship()\n        name.ship()\n"
        "    for key in by_name:\n        key.ship()\n"
        "    for pending in queue.pending():\n        pending.ship()\n\n\n"
        "def other(parcels: list[Parcel], anything: dict[str, t.Any], things):\n"
        "    for parcel in parcels:\n        parcel.ship()\n"
        "    for held in anything.values():\n        held.ship()\n"
        "    task = Task()\n    for task in things:\n        task.ship()\n"
        "    current = None\n    if things:\n        current = Task()\n    current.ship()\n"
    )
    with Repo(tmp_path) as repo:
        sites = [(c.line, c.caller, c.confidence) for c in repo.callers("Task.ship", include_name_matches=True).callers]
        assert sites == [
            (24, "Queue.drain", "exact"),
            (25, "Queue.drain", "exact"),
            (33, "each", "exact"),
            (35, "each", "exact"),
            (38, "each", "exact"),
            (43, "each", "exact"),
            (57, "other", "exact"),  # None agrees with any value
            (50, "other", "name"),  # Any is no outside type
            (53, "other", "name"),  # the loop may bind another
        ]
        assert [c.line for c in repo.callers("Parcel.ship").callers] == [48]


def test_a_comprehension_variable_does_not_retype_the_name_outside_it(tmp_path: Path) -> None:
    # Found in Django's admin tests: `m = ConcertAdmin(...)`, `m.get_changelist_instance(r)`,
    # then `[m.message for m in messages]`; the comprehension's m made the outer call unknown.
    (tmp_path / "admin.py").write_text(
        "class Admin:\n    def changelist(self):\n        return []\n\n\n"
        "class Message:\n    def text(self):\n        return ''\n\n\n"
        "def check(messages: list[Message]):\n"
        "    m = Admin()\n    m.changelist()\n"
        "    return [m.text() for m in messages], [n.text() for n in messages]\n"
    )
    with Repo(tmp_path) as repo:
        assert [(c.line, c.confidence) for c in repo.callers("Admin.changelist").callers] == [(13, "exact")]
        # n is bound only in its comprehension; m's uses are taken to be the outer m's
        assert [(c.line, c.confidence) for c in repo.callers("Message.text").callers] == [(14, "exact")]


def test_a_loop_unpacks_the_typed_tuples_a_container_holds(tmp_path: Path) -> None:
    # Found in flask's Blueprint.register: `for blueprint, bp_options in self._blueprints`,
    # annotated `list[tuple[Blueprint, dict[str, t.Any]]]`; `blueprint.register()` was a name match.
    (tmp_path / "bp.py").write_text(
        "import typing as t\n\n\n"
        "class Blueprint:\n    def register(self):\n        return 1\n\n\n"
        "class Other:\n    def register(self):\n        return 2\n\n\n"
        "class App:\n    def __init__(self):\n"
        "        self._blueprints: list[tuple[Blueprint, dict[str, t.Any]]] = []\n\n"
        "    def mount(self, pairs: list[tuple[Other, Blueprint]]):\n"
        "        for blueprint, options in self._blueprints:\n            blueprint.register()\n"
        "            options.register()\n"
        "        for other, inner in pairs:\n            other.register()\n            inner.register()\n"
        "        for pair in pairs:\n            pair.register()\n"
    )
    with Repo(tmp_path) as repo:
        sites = [(c.line, c.confidence) for c in repo.callers("Blueprint.register", include_name_matches=True).callers]
        assert sites == [(20, "exact"), (24, "exact")]  # a dict's and a tuple's methods are outside
        assert [c.line for c in repo.callers("Other.register").callers] == [23]


def test_a_name_bound_to_several_classes_reaches_a_member_they_share(tmp_path: Path) -> None:
    # Found in marshmallow's tests: `field = MyBoolean()`, then `field = fields.Boolean(...)`
    # in one test; `field.deserialize(...)` reaches Field.deserialize whichever it holds.
    (tmp_path / "fields.py").write_text(
        "class Field:\n    def deserialize(self, value):\n        return value\n\n\n"
        "class Boolean(Field):\n    pass\n\n\n"
        "class Date(Field):\n    pass\n\n\n"
        "class Strict(Boolean):\n    def deserialize(self, value):\n        return bool(value)\n\n\n"
        "def check(flag):\n    field = Boolean()\n    field.deserialize(1)\n"
        "    field = Date()\n    field.deserialize(2)\n"
        "    other = Boolean()\n    other = Strict()\n    other.deserialize(3)\n"
    )
    # As in jinja2's test_security: a fixture's Environment, then a SandboxedEnvironment.
    (tmp_path / "conftest.py").write_text("from fields import Boolean\n\n\ndef field():\n    return Boolean()\n")
    (tmp_path / "test_fields.py").write_text(
        "from fields import Date\n\n\ndef test_date(field):\n    field = Date()\n    field.deserialize(4)\n"
    )
    with Repo(tmp_path) as repo:
        sites = repo.callers("Field.deserialize", include_name_matches=True).callers
        assert [(c.path, c.line, c.confidence) for c in sites] == [
            ("fields.py", 21, "exact"),
            ("fields.py", 23, "exact"),
            ("test_fields.py", 6, "exact"),
            ("fields.py", 26, "name"),  # Strict has a deserialize of its own
        ]


def test_an_item_of_a_typed_container_or_of_a_class_with_getitem_is_typed(tmp_path: Path) -> None:
    # Found in flask's TaggedJSONSerializer.untag: `self.tags[key].to_python(value[key])`, where
    # `self.tags: dict[str, JSONTag] = {}`; the call was a name match.
    (tmp_path / "tags.py").write_text(
        "class Tag:\n    def convert(self):\n        return 1\n\n\n"
        "class Other:\n    def convert(self):\n        return 2\n\n    def app(self):\n        return Tag()\n\n\n"
        "class Layer:\n    def __getitem__(self, index):\n        return Tag()\n\n\n"
        "class Serializer:\n    def __init__(self):\n        self.tags: dict[str, Tag] = {}\n"
        "        self.order: list[Other] = []\n        self.pair: tuple[Other, Tag] = (Other(), Tag())\n\n"
        "    def untag(self, key, layer: Layer):\n"
        "        self.tags[key].convert()\n        self.order[0].convert()\n        layer[0].convert()\n"
        "        self.pair[1].convert()\n        self.order[0].app().convert()\n        self.order[1:].convert()\n"
    )
    with Repo(tmp_path) as repo:
        sites = [(c.line, c.confidence) for c in repo.callers("Tag.convert", include_name_matches=True).callers]
        assert sites == [(26, "exact"), (28, "exact"), (29, "exact"), (30, "exact"), (31, "name")]  # 31: a slice
        assert [(c.line, c.confidence) for c in repo.callers("Other.convert").callers] == [(27, "exact")]


def test_a_method_returning_self_returns_the_receivers_class(tmp_path: Path) -> None:
    # Django's QuerySet idiom: `Child().filter().m()` with `Base.filter` returning self
    # resolved m on Base, exact, though Child overrides it.
    (tmp_path / "chain.py").write_text(
        "from typing import Self\n\n\n"
        "class Base:\n    def filter(self):\n        return self\n\n"
        "    def typed(self) -> Self:\n        return self\n\n"
        "    def quoted(self) -> 'Base':\n        return self\n\n"
        "    def maybe(self, flag):\n        if flag:\n            return self\n        return Base()\n\n"
        "    @classmethod\n    def create(cls):\n        return cls()\n\n"
        "    def client(self):\n        cls = Child\n        return cls()\n\n"
        "    def m(self):\n        return 1\n\n\n"
        "class Child(Base):\n    def m(self):\n        return 2\n\n\n"
        "def use():\n"
        "    Child().filter().m()\n    Child().typed().m()\n    Child().quoted().m()\n"
        "    Child.create().m()\n    Base().filter().m()\n    Child().maybe(1).m()\n"
        "    Base.filter(Child()).m()\n    Base().client().m()\n"
    )
    with Repo(tmp_path) as repo:
        sites = [(c.line, c.confidence) for c in repo.callers("Base.m", include_name_matches=True).callers]
        # 42: self or a Base, one of two classes; 43: self is the argument, a Child
        assert sites == [(41, "exact"), (42, "name"), (43, "name")]
        sites = [(c.line, c.confidence) for c in repo.callers("Child.m", include_name_matches=True).callers]
        # 44: a local named cls is no receiver
        exact = [(37, "exact"), (38, "exact"), (39, "exact"), (40, "exact"), (44, "exact")]
        assert sites == [*exact, (42, "name"), (43, "name")]


def test_a_binding_that_cannot_be_typed_makes_the_name_unknown(tmp_path: Path) -> None:
    # `x = A(); x = x.to_b(); x.m()` resolved m on A, exact: the self-reading binding came back
    # unknown and was dropped. A binding of unknown type now makes the name unknown, unless it
    # gives the class the others agree on (`y = y.copy()`, copy returning self).
    (tmp_path / "flow.py").write_text(
        "class B:\n    def m(self):\n        return 1\n\n\n"
        "class A:\n    def to_b(self):\n        return B()\n\n"
        "    def copy(self):\n        return self\n\n"
        "    def m(self):\n        return 2\n\n\n"
        "def helper():\n    return unknown_thing()\n\n\n"
        "def use(flag):\n"
        "    x = A()\n    x = x.to_b()\n    x.m()\n"
        "    y = A()\n    y = y.copy()\n    y.m()\n"
        "    z = A()\n    if flag:\n        z = helper()\n    z.m()\n"
    )
    with Repo(tmp_path) as repo:
        sites = [(c.line, c.confidence) for c in repo.callers("A.m", include_name_matches=True).callers]
        assert sites == [(27, "exact"), (24, "name"), (31, "name")]


def test_a_recursive_return_or_a_nested_class_annotation_still_types(tmp_path: Path) -> None:
    # Django's SpatialRefSysMixin.srs: `return self._srs.clone()`, or else `return self.srs` once
    # `self._srs` is set; pytest's Config(invocation_params: InvocationParams | None = None), a
    # class nested in Config, then `invocation_params = self.InvocationParams()`.
    (tmp_path / "query.py").write_text(
        "class Params:\n    def dir(self):\n        return 1\n\n\n"
        "class Query:\n    class Invocation:\n        def dir(self):\n            return 2\n\n"
        "    def __init__(self, params: Invocation | None = None):\n"
        "        if params is None:\n            params = self.Invocation()\n        params.dir()\n\n"
        "    @property\n    def srs(self):\n        if hasattr(self, '_srs'):\n            return Params()\n"
        "        self._srs = 1\n        return self.srs\n\n"
        "    def use(self):\n        self.srs.dir()\n"
    )
    with Repo(tmp_path) as repo:
        assert [c.line for c in repo.callers("Query.Invocation.dir").callers] == [14]
        assert [c.line for c in repo.callers("Params.dir").callers] == [24]


def test_an_annotation_naming_no_class_leaves_the_value_unknown(tmp_path: Path) -> None:
    # `-> T` of a TypeVar read as outside, hiding the site (pytest's Stash.__getitem__ -> T,
    # attrs' _ClassBuilder(cls: type)); so did a bare `type` and `Callable`. Any and object
    # were already unknown.
    (tmp_path / "typevars.py").write_text('from typing import TypeVar\n\nT = TypeVar("T")\n')
    (tmp_path / "box.py").write_text(
        "from typing import Any, Callable, TypeVar\n\nfrom typevars import T\n\n\n"
        "class Box:\n    def get(self) -> T:\n        return self.item\n\n    def run(self):\n        return 1\n\n\n"
        "def first(x: T, y: Any, z: object, k: type, f: Callable[..., Box]) -> T:\n"
        "    x.run()\n    y.run()\n    z.run()\n    k.run()\n    f().run()\n    return x\n\n\n"
        "def use(box: Box):\n    box.get().run()\n\n\n"
        'B = TypeVar("B", bound="Box")\n\n\ndef bounded(b: B) -> B:\n    b.run()\n    return b\n\n\n'
        'H = TypeVar("H", bound=Exception)\n\n\ndef handled(h: H) -> H:\n    h.run()\n    return h\n'
    )
    with Repo(tmp_path) as repo:
        sites = [(c.line, c.confidence) for c in repo.callers("Box.run", include_name_matches=True).callers]
        # a type variable with a bound holds instances of the bound, if in the repository (39: an
        # Exception may be the repository's)
        unknown = [(15, "name"), (16, "name"), (17, "name"), (18, "name"), (19, "name"), (24, "name"), (39, "name")]
        assert sites == [(31, "exact"), *unknown]


def test_with_binds_what_enter_returns_and_a_generator_call_gives_a_generator(tmp_path: Path) -> None:
    # `with Session() as s` bound s to the Session though its __enter__ returns a Conn; a
    # @contextmanager generator's with-target is what it yields, and a plain call of a generator
    # gives a generator (rows().query() was Conn.query, exact), whose items a loop gets.
    (tmp_path / "db.py").write_text(
        "from contextlib import contextmanager\nfrom typing import Iterator\n\n\n"
        "class Conn:\n    def query(self):\n        return 1\n\n"
        "    def __enter__(self):\n        return self\n\n    def __exit__(self, *a):\n        return None\n\n\n"
        "class Pooled(Conn):\n    def query(self):\n        return 2\n\n\n"
        "class Session:\n    def __enter__(self):\n        return Conn()\n\n"
        "    def __exit__(self, *a):\n        return None\n\n    def query(self):\n        return 3\n\n\n"
        "@contextmanager\ndef connect():\n    yield Conn()\n\n\n"
        "@contextmanager\ndef typed() -> Iterator[Conn]:\n    yield make()\n\n\n"
        "def rows():\n    yield Conn()\n\n\n"
        "def use():\n"
        "    with Pooled() as p:\n        p.query()\n    with Session() as s:\n        s.query()\n"
        "    with connect() as c:\n        c.query()\n    with typed() as t:\n        t.query()\n"
        "    rows().query()\n    for r in rows():\n        r.query()\n"
    )
    with Repo(tmp_path) as repo:
        sites = [(c.line, c.confidence) for c in repo.callers("Conn.query", include_name_matches=True).callers]
        assert sites == [(50, "exact"), (52, "exact"), (54, "exact"), (57, "exact")]  # 55: a generator's
        assert [c.line for c in repo.callers("Pooled.query").callers] == [48]
        assert repo.callers("Session.query", include_name_matches=True).callers == []


def test_a_quoted_argument_of_enumerate_or_zip_is_a_string_not_the_name_it_spells(tmp_path: Path) -> None:
    # The arguments of a builtin iterated were stripped of quotes like an annotation's forward
    # reference, so `enumerate("tasks")` stepped through the parameter `tasks`.
    (tmp_path / "tasks.py").write_text(
        "class Task:\n    def ship(self):\n        return 1\n\n\n"
        "def each(tasks: list[Task]):\n"
        '    for index, letter in enumerate("tasks"):\n        letter.ship()\n'
        "    for index, task in enumerate(tasks):\n        task.ship()\n"
        '    for task, letter in zip(tasks, "tasks"):\n        letter.ship()\n'
    )
    with Repo(tmp_path) as repo:
        sites = [(c.line, c.caller, c.confidence) for c in repo.callers("Task.ship", include_name_matches=True).callers]
        assert sites == [(10, "each", "exact"), (8, "each", "likely"), (12, "each", "likely")]
