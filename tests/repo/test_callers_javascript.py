"""Who calls X in JavaScript and TypeScript: ``this`` and class members, on small real files
written for each rule (the shared call graphs of the fixtures are in ``test_languages.py``)."""

from __future__ import annotations

from pathlib import Path

from rlm_code.repo import Repo


def _sites(repo: Repo, target: str) -> list[tuple[int, str, str, str | None]]:
    return [(c.line, c.caller, c.confidence, c.callee) for c in repo.callers(target, include_name_matches=True).callers]


def test_this_in_an_arrow_function_is_the_this_around_it(tmp_path: Path) -> None:
    # Found in rxjs's SafeSubscriber: `context.unsubscribe = () => this.unsubscribe()` in a
    # constructor calls the subscriber's own unsubscribe, not one of `context`'s.
    (tmp_path / "sub.ts").write_text(
        "class Subscriber {\n  unsubscribe(): void {}\n}\n"
        "class Safe extends Subscriber {\n  constructor(observer: any) {\n    super();\n"
        "    const context = Object.create(observer);\n"
        "    context.unsubscribe = () => this.unsubscribe();\n  }\n"
        "  handle = () => {\n    this.unsubscribe();\n  };\n}\n"
        "const box = { unsubscribe: () => this.unsubscribe() };\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Subscriber.unsubscribe") == [
            (8, "Safe.constructor.context.unsubscribe", "exact", "sub.ts:Subscriber.unsubscribe"),
            (11, "Safe.handle", "exact", "sub.ts:Subscriber.unsubscribe"),
            (14, "unsubscribe", "name", "sub.ts:Subscriber.unsubscribe"),  # the module's this: unknown
        ]


def test_a_function_a_constructor_gives_this_is_a_method_of_its_instances(tmp_path: Path) -> None:
    # Found in preact's createContext: `this.shouldComponentUpdate = function () {...}` inside
    # `function Context()` was the method `Context.this.shouldComponentUpdate`.
    (tmp_path / "context.js").write_text(
        "function Context(props) {\n"
        "  this.sub = function (c) {\n    return c;\n  };\n"
        "  this.unsub = (c) => this.sub(c);\n}\n"
        "Context.prototype.render = function () {\n  return this.sub(1);\n};\n"
        "class Timer {\n  constructor() {\n    this.onTick = () => this.stop();\n  }\n"
        "  stop() {}\n  later() {\n    this.onTick();\n  }\n}\n"
    )
    with Repo(tmp_path) as repo:
        found = [(d.qualname, d.kind) for d in repo.outline("context.js").definitions]
        assert ("Context.sub", "method") in found and ("Context.unsub", "method") in found
        assert ("Timer.constructor.onTick", "method") in found
        assert [(c.line, c.caller) for c in repo.callers("Context.sub").callers] == [
            (5, "Context.unsub"),
            (8, "Context.render"),
        ]
        assert [(c.line, c.caller) for c in repo.callers("onTick").callers] == [(16, "Timer.later")]
        assert [(c.line, c.caller) for c in repo.callers("Timer.stop").callers] == [(12, "Timer.constructor.onTick")]


def test_a_static_method_and_an_instance_method_of_one_name_are_told_apart(tmp_path: Path) -> None:
    # Found in axios's AxiosHeaders: `concat(...targets)` calls `this.constructor.concat(...)`,
    # the static `concat` of the same class. Each of the two returns its own type here.
    (tmp_path / "factory.ts").write_text(
        "class Product {\n  ship(): void {}\n}\n"
        "class Factory {\n"
        "  make(): Product {\n    return this.constructor.make().ship();\n  }\n"
        "  static make(): Factory {\n    return new Factory();\n  }\n"
        "  ship(): void {}\n}\n"
        "Factory.make().ship();\nconst factory = new Factory();\nfactory.make().ship();\n"
    )
    with Repo(tmp_path) as repo:
        assert [(d.line, d.signature) for d in repo.find_definitions("Factory.make")] == [
            (5, "make(): Product"),
            (8, "static make(): Factory"),
        ]
        assert [(c.line, c.caller) for c in repo.callers("Factory.make").callers] == [
            (6, "Factory.make"),
            (13, "<module>"),
            (15, "<module>"),
        ]
        assert [(c.line, c.confidence) for c in repo.callers("Product.ship").callers] == [(15, "exact")]
        assert [(c.line, c.confidence) for c in repo.callers("Factory.ship").callers] == [(6, "exact"), (13, "exact")]
