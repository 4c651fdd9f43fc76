"""Who calls X in JavaScript and TypeScript: ``this`` and class members, on small real files
written for each rule (the shared call graphs of the fixtures are in ``test_languages.py``)."""

from __future__ import annotations

from pathlib import Path

from rlm_code.repo import Repo
from tests.conftest import write_files


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


def test_a_package_of_the_repository_imported_by_name_is_its_source(tmp_path: Path) -> None:
    # Found in preact: compat/src imports `createElement` from 'preact' and hooks from
    # 'preact/hooks', whose exports point at a declaration file and minified build output.
    write_files(
        tmp_path,
        {
            "package.json": '{"name": "preact", "main": "dist/preact.mjs", "source": "src/index.js",'
            ' "exports": {".": {"types": "./src/index.d.ts", "default": "./dist/preact.mjs"},'
            ' "./hooks": {"types": "./hooks/src/index.d.ts", "default": "./hooks/dist/hooks.mjs"}}}',
            "src/index.js": "export { createElement } from './create-element';\n",
            "src/index.d.ts": "export function createElement(type: any): any;\n",
            "src/create-element.js": "export function createElement(type) {\n  return type;\n}\n",
            "dist/preact.mjs": "export function createElement(n){return n}\n",
            "hooks/src/index.js": "export function useState(value) {\n  return value;\n}\n",
            "hooks/src/index.d.ts": "export function useState(value: any): any;\n",
            "compat/src/memo.js": "import { createElement } from 'preact';\n"
            "import { useState } from 'preact/hooks';\n"
            "import { render } from 'react-dom';\n"
            "export function memo(c) {\n  useState(1);\n  render(c);\n  return createElement(c);\n}\n",
            "compat/dist/compat.mjs": "import { createElement as e } from 'preact';\nexport const m = (c) => e(c);\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert [(c.path, c.line) for c in repo.callers("src/create-element.js:createElement").callers] == [
            ("compat/src/memo.js", 7)  # not the build's import: that one reaches the build
        ]
        assert [(c.path, c.line) for c in repo.callers("hooks/src/index.js:useState").callers] == [
            ("compat/src/memo.js", 5)
        ]


def test_a_workspace_package_is_reached_through_its_exports_source_condition(tmp_path: Path) -> None:
    # As zod and TanStack Query point a custom condition at the source (`"@zod/source"`), and
    # a workspace without one keeps its source in src/ while main names an unbuilt dist/.
    write_files(
        tmp_path,
        {
            "packages/core/package.json": '{"name": "@acme/core", "exports": {".": {"@acme/source":'
            ' "./src/index.ts", "import": "./dist/index.js"}, "./util/*": "./src/util/*.ts"}}',
            "packages/core/src/index.ts": "export function parse(text: string): string {\n  return text;\n}\n",
            "packages/core/src/util/trim.ts": "export function trim(text: string): string {\n  return text;\n}\n",
            "packages/plain/package.json": '{"name": "plain", "main": "dist/index.js"}',
            "packages/plain/src/index.ts": "export function helper(): void {}\n",
            "packages/app/src/main.ts": "import { parse } from '@acme/core';\n"
            "import { trim } from '@acme/core/util/trim';\nimport * as plain from 'plain';\n"
            "parse(trim(' x '));\nplain.helper();\n",
        },
    )
    with Repo(tmp_path) as repo:
        for target, line in [("parse", 4), ("trim", 4), ("helper", 5)]:
            assert [(c.path, c.line, c.confidence) for c in repo.callers(target).callers] == [
                ("packages/app/src/main.ts", line, "exact")
            ]


def test_importers_of_a_package_entry_include_imports_by_the_package_name(tmp_path: Path) -> None:
    # Found in preact: compat/src imports src/index.js as 'preact' and hooks/src/index.js as
    # 'preact/hooks'; callers followed those imports, importers did not list them.
    write_files(
        tmp_path,
        {
            "package.json": '{"name": "preact", "source": "src/index.js",'
            ' "exports": {".": "./src/index.js", "./hooks": "./hooks/src/index.js"}}',
            "src/index.js": "export function h(type) {\n  return type;\n}\n",
            "hooks/src/index.js": "export function useState(value) {\n  return value;\n}\n",
            "packages/ui/package.json": '{"name": "@acme/ui", "main": "lib/main.js"}',
            "packages/ui/lib/main.js": "export function button() {}\n",
            "compat/src/memo.js": "import { h } from 'preact';\nimport { useState } from 'preact/hooks';\n"
            "import { button } from '@acme/ui';\nimport { render } from 'react-dom';\n",
        },
    )
    with Repo(tmp_path) as repo:
        for module, line in [("src/index.js", 1), ("hooks/src/index.js", 2), ("packages/ui/lib/main.js", 3)]:
            assert [(i.path, i.line) for i in repo.importers(module).importers] == [("compat/src/memo.js", line)]


def test_this_in_a_method_of_an_object_literal_is_that_object(tmp_path: Path) -> None:
    # Found in koa: lib/request.js is `module.exports = { inspect () { return this.toJSON() },
    # toJSON () {...} }`, and lib/context.js `const proto = module.exports = {...}` alike.
    write_files(
        tmp_path,
        {
            "request.js": "module.exports = {\n  inspect() {\n    return this.toJSON();\n  },\n"
            "  toJSON() {\n    return {};\n  },\n  get url() {\n"
            "    return this.toJSON().url;\n  },\n  later: function () {\n    return () => this.toJSON();\n  },\n"
            "  delegated() {\n    return this.redirect();\n  },\n};\n",
            "context.js": "const proto = module.exports = {\n  inspect() {\n    return this.toJSON();\n  },\n"
            "  toJSON() {\n    return {};\n  },\n};\n"
            "const other = {\n  send() {\n    return this.redirect();\n  },\n  redirect() {},\n};\n",
            "response.js": "class Response {\n  redirect() {}\n}\nmodule.exports = Response;\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert [(c.line, c.caller, c.confidence) for c in repo.callers("request.js:toJSON").callers] == [
            (3, "inspect", "exact"),
            (9, "url", "exact"),
            (12, "later", "exact"),
        ]
        assert [(c.line, c.confidence) for c in repo.callers("context.js:toJSON").callers] == [(3, "exact")]
        redirects = repo.callers("redirect", include_name_matches=True).callers
        assert [(c.path, c.line, c.confidence) for c in redirects] == [
            ("context.js", 11, "exact"),
            ("request.js", 15, "name"),  # no method of its object: a delegate, say
        ]


def test_a_longer_chain_on_a_new_instance_is_resolved(tmp_path: Path) -> None:
    # `new Foo().make().ship()` was no reference at all, and `const p = new Foo().make()` read
    # its callee as `newFoo().make`: the space after `new` was dropped with the others.
    (tmp_path / "chain.ts").write_text(
        "class Product {\n  ship(): void {}\n}\n"
        "class Foo {\n  make(): Product {\n    return new Product();\n  }\n"
        "  static make(): Foo {\n    return new Foo();\n  }\n}\n"
        "new Foo().make().ship();\nconst p = new Foo().make();\np.ship();\nnew Foo().make();\n"
        "function renew(): Foo {\n  return new Foo();\n}\nrenew().make().ship();\n"
    )
    with Repo(tmp_path) as repo:
        assert [(c.line, c.confidence) for c in repo.callers("Product.ship").callers] == [
            (12, "exact"),
            (14, "exact"),
            (19, "exact"),
        ]
        assert [c.line for c in repo.callers("Foo.make").callers] == [12, 13, 15, 19]


def test_a_name_that_copies_this_holds_what_this_holds(tmp_path: Path) -> None:
    # axios's CancelToken: `const token = this;` in the constructor, `token.subscribe(resolve)`
    # in a callback; rxjs's `const subject = this`; express's `var self = this`.
    (tmp_path / "mail.js").write_text(
        "class Mailer {\n  send() {}\n  run() {\n    const that = this;\n    that.send();\n"
        "    [1].forEach(function () {\n      that.send();\n    });\n"
        "    [2].forEach(function (self) {\n      self.send();\n    });\n  }\n}\n"
        "function Queue() {\n  var self = this;\n  self.flush();\n}\n"
        "Queue.prototype.flush = function () {};\n"
        "Queue.prototype.drain = function () {\n  let me = this;\n  me.flush();\n};\n"
        "module.exports = {\n  ping() {},\n  pong() {\n    const self = this;\n    self.ping();\n  },\n};\n"
        "var top = this;\ntop.ping();\n"
    )
    with Repo(tmp_path) as repo:
        assert [(c.line, c.confidence) for c in repo.callers("Mailer.send", include_name_matches=True).callers] == [
            (5, "exact"),
            (7, "exact"),
            (10, "name"),  # a parameter named self is no copy of this
        ]
        assert [(c.line, c.confidence) for c in repo.callers("Queue.flush").callers] == [(16, "exact"), (21, "exact")]
        assert [(c.line, c.confidence) for c in repo.callers("ping", include_name_matches=True).callers] == [
            (27, "exact"),
            (31, "likely"),  # the module's this: unknown
        ]


def test_a_name_declared_first_and_assigned_this_later_holds_this(tmp_path: Path) -> None:
    # `let self; ... self = this;` was a name match (the declaration was a local of unknown
    # value). A value it may also hold that is not known (a parameter) keeps it unknown, as
    # rxjs's generate.js `let resultSelector;` is `identity` or a parameter.
    (tmp_path / "queue.js").write_text(
        "function Queue(other) {\n  let self;\n  self = this;\n  self.flush();\n"
        "  let either;\n  if (other) {\n    either = other;\n  } else {\n    either = this;\n  }\n"
        "  either.flush();\n  let helper;\n  helper();\n}\n"
        "Queue.prototype.flush = function () {};\nfunction helper() {}\n"
    )
    (tmp_path / "typed.ts").write_text(
        "class Box {\n  open(): void {}\n}\nfunction run(): void {\n  let box: Box;\n  box.open();\n}\n"
    )
    with Repo(tmp_path) as repo:
        assert sorted(_sites(repo, "Queue.flush")) == [
            (4, "Queue", "exact", "queue.js:Queue.flush"),
            (11, "Queue", "name", "queue.js:Queue.flush"),
        ]
        assert _sites(repo, "queue.js:helper") == [(13, "Queue", "name", "queue.js:helper")]  # the local shadows it
        assert _sites(repo, "Box.open") == [(6, "run", "exact", "typed.ts:Box.open")]


def test_a_plain_function_inside_a_method_has_a_this_of_its_own(tmp_path: Path) -> None:
    # A function declared (or assigned to a name) inside a constructor function or a method
    # is called bare or as a callback: its `this` is not the instance. A function assigned
    # as a method keeps it, and so does an arrow; an object literal's method has the object.
    (tmp_path / "queue.js").write_text(
        "function Queue() {\n"
        "  function named() {\n    this.flush();\n  }\n"
        "  var inner = function () {\n    this.flush();\n  };\n"
        "  this.cb = function () {\n    this.flush();\n  };\n"
        "  [1].forEach(function visit() {\n    this.flush();\n  });\n}\n"
        "Queue.prototype.flush = function () {};\n"
        "Queue.prototype.drain = function () {\n  const later = () => this.flush();\n};\n"
    )
    (tmp_path / "mail.js").write_text(
        "class Mailer {\n  send() {}\n"
        "  constructor() {\n    this.onSend = function () {\n      this.send();\n    };\n  }\n"
        "  run() {\n    function helper() {\n      this.send();\n    }\n"
        "    const box = {\n      go() {\n        this.send();\n      },\n      send() {},\n    };\n  }\n}\n"
    )
    with Repo(tmp_path) as repo:
        flushes = repo.callers("flush", include_name_matches=True).callers
        assert sorted((c.line, c.caller, c.confidence) for c in flushes) == [
            (3, "Queue.named", "name"),
            (6, "Queue.inner", "name"),
            (9, "Queue.cb", "exact"),
            (12, "Queue.visit", "name"),
            (17, "Queue.drain.later", "exact"),
        ]
        assert [(c.line, c.caller, c.confidence) for c in repo.callers("Mailer.send").callers] == [
            (5, "Mailer.constructor.onSend", "exact")
        ]


def test_compiled_commonjs_calls_of_an_import_are_resolved(tmp_path: Path) -> None:
    # Babel and TypeScript emit `(0, _index.toDate)(d)` for a call of an imported function
    # (date-fns's .cjs files, zod's v3/types.cjs), which was no call at all, and wrap a
    # namespace import in a helper: zod's `const util = __importStar(require("./util.cjs"))`.
    write_files(
        tmp_path,
        {
            "lib/toDate.cjs": '"use strict";\nexports.toDate = toDate;\nfunction toDate(x) {\n  return x;\n}\n',
            "lib/format.cjs": '"use strict";\nexports.format = format;\nvar _index = require("./toDate.cjs");\n'
            'const util = __importStar(require("./toDate.cjs"));\nconst other = __importStar(require("other"));\n'
            "function format(d) {\n  other.toDate(d);\n  util.toDate(d);\n  return (0, _index.toDate)(d);\n}\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "toDate") == [
            (8, "format", "exact", "lib/toDate.cjs:toDate"),
            (9, "format", "exact", "lib/toDate.cjs:toDate"),
        ]


def test_this_in_a_getter_or_setter_of_an_object_literal_is_that_object(tmp_path: Path) -> None:
    # Found in koa's lib/response.js: `set body (val) { this.set(...) }` beside `get body ()`
    # was a name match, as two top-level methods were named body; two literals that each
    # have a `body` still leave `this` unknown.
    write_files(
        tmp_path,
        {
            "response.js": "module.exports = {\n  get body() {\n    return this._body;\n  },\n"
            "  set body(val) {\n    this.set('Content-Type', val);\n  },\n  set(field, val) {},\n};\n",
            "other.js": "const a = {\n  body() {\n    this.set();\n  },\n  set() {},\n};\n"
            "const b = {\n  body() {\n    this.set();\n  },\n  set() {},\n};\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert [(c.line, c.caller, c.confidence) for c in repo.callers("response.js:set").callers] == [
            (6, "body", "exact")
        ]
        assert [(c.line, c.confidence) for c in repo.callers("other.js:set", include_name_matches=True).callers] == [
            (3, "name"),
            (9, "name"),
        ]


def test_a_method_of_an_object_literal_is_no_bare_name_of_the_scope_around_it(tmp_path: Path) -> None:
    # Found in vue's reactivity: `function createInstrumentations() { return { has(key) {
    # return has.call(this, key) } } }` read `has` as the literal's own method, not the
    # top-level `has`; nor is `this.has = function` in a constructor a local `has`, and a
    # top-level literal's `foo()` method leaves `foo` the import.
    write_files(
        tmp_path,
        {
            "has.js": "function has(k) {\n  return k;\n}\nfunction make() {\n  return {\n"
            "    has(k) {\n      return has(k);\n    },\n    get: function (k) {\n      return has(k);\n    },\n"
            "  };\n}\nfunction Outer() {\n  this.has = function (k) {\n    return has(k);\n  };\n}\n",
            "foo.js": "export function foo() {}\n",
            "obj.js": "import { foo } from './foo';\nexport const obj = {\n  foo() {\n    return foo();\n  },\n};\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "has.js:has") == [
            (7, "make.has", "exact", "has.js:has"),
            (10, "make.get", "exact", "has.js:has"),
            (16, "Outer.has", "exact", "has.js:has"),
        ]
        assert _sites(repo, "foo.js:foo") == [(4, "foo", "exact", "foo.js:foo")]


def test_a_call_through_call_or_apply_calls_the_function(tmp_path: Path) -> None:
    # axios's `dispatchRequest.call(this, config)` and preact's compat
    # `preactCloneElement.apply(null, arguments)` were no calls of those functions; a
    # prototype's method is reached too. A name a destructuring pattern binds is a local
    # (vue's minified `{has:s}=er(t),s.call(t,e)` had read `s` as the top-level `s`).
    (tmp_path / "calls.js").write_text(
        "function dispatch(config) {}\nfunction Parent(opts) {}\nParent.prototype.init = function () {};\n"
        "function Child(opts) {\n  Parent.call(this, opts);\n  Parent.prototype.init.call(this);\n"
        "  dispatch.apply(this, arguments);\n  Array.prototype.slice.call(arguments);\n}\n"
        "class Base {\n  run(x) {}\n}\nclass Sub extends Base {\n  run(x) {\n"
        "    return Base.prototype.run.call(this, x);\n  }\n}\n"
        "function picked(t) {\n  const { dispatch: d, other } = t;\n  d.call(t);\n  const [Parent] = t;\n"
        "  Parent.call(t);\n}\nfunction d() {}\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "dispatch") == [(7, "Child", "exact", "calls.js:dispatch")]
        assert _sites(repo, "calls.js:Parent") == [
            (5, "Child", "exact", "calls.js:Parent"),
            (22, "picked", "name", "calls.js:Parent"),
        ]
        assert _sites(repo, "Parent.init") == [(6, "Child", "exact", "calls.js:Parent.init")]
        assert _sites(repo, "Base.run") == [(15, "Sub.run", "exact", "calls.js:Base.run")]
        assert _sites(repo, "calls.js:d") == [(20, "picked", "name", "calls.js:d")]


def test_this_in_an_anonymous_callback_is_the_callbacks_own(tmp_path: Path) -> None:
    # `list.forEach(function () { this.send() })` in a method read `this` as the method's:
    # the callback's `this` is whatever forEach gives it. An arrow, a callback handed `this`
    # after it or bound to it, and a class or a prototype method written inside keep theirs.
    (tmp_path / "mail.js").write_text(
        "class Mailer {\n  send() {}\n  run(list) {\n"
        "    list.forEach(function () {\n      this.send();\n      const self = this;\n      self.send();\n"
        "      [1].map(() => this.send());\n    });\n"
        "    list.forEach(function () {\n      this.send();\n    }, this);\n"
        "    list.forEach(() => this.send());\n"
        "    list.then(function () {\n      this.send();\n    }.bind(this));\n"
        "    describe(function () {\n      class Inner {\n        send() {}\n        go() {\n          this.send();\n"
        "        }\n      }\n      Inner.prototype.more = function () {\n        this.send();\n      };\n    });\n"
        "  }\n}\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Mailer.send") == [
            (11, "Mailer.run", "exact", "mail.js:Mailer.send"),
            (13, "Mailer.run", "exact", "mail.js:Mailer.send"),
            (15, "Mailer.run", "exact", "mail.js:Mailer.send"),
            (5, "Mailer.run", "name", "mail.js:Mailer.send"),
            (7, "Mailer.run", "name", "mail.js:Mailer.send"),
            (8, "Mailer.run", "name", "mail.js:Mailer.send"),
        ]
        assert [(c.line, c.caller) for c in repo.callers("Mailer.run.Inner.send").callers] == [
            (21, "Mailer.run.Inner.go"),
            (25, "Mailer.run.Inner.more"),
        ]


def test_this_in_a_callback_that_declares_it_has_the_declared_type(tmp_path: Path) -> None:
    # rxjs's lift: `source.lift(function (this: Subscriber<R>, liftedSource) {...})`.
    (tmp_path / "host.ts").write_text(
        "class Sub {\n  a() {}\n}\nclass Host {\n  a() {}\n  run(list) {\n"
        "    list.f(function (this: Sub, x: number) {\n      this.a();\n      const s = this;\n      s.a();\n    });\n"
        "    list.g(function () {\n      var self = this;\n      self.a();\n    });\n  }\n}\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Sub.a") == [
            (8, "Host.run", "exact", "host.ts:Sub.a"),
            (10, "Host.run", "exact", "host.ts:Sub.a"),
            (14, "Host.run", "name", "host.ts:Sub.a"),
        ]
        assert _sites(repo, "Host.a") == [(14, "Host.run", "name", "host.ts:Host.a")]


def test_a_private_field_of_a_known_type_is_a_receiver(tmp_path: Path) -> None:
    # yargs's source keeps `#command: CommandInstance` and calls `this.#command.runCommand()`:
    # a private name was no path a receiver could be read as.
    write_files(
        tmp_path,
        {
            "yargs.ts": "class CommandInstance {\n  runCommand(): void {}\n}\nexport class Yargs {\n"
            "  #command: CommandInstance;\n  run() {\n    this.#command.runCommand();\n  }\n}\n",
            "car.js": "class Engine {\n  start() {}\n}\nclass Car {\n  #engine;\n  constructor() {\n"
            "    this.#engine = new Engine();\n  }\n  go() {\n    this.#engine.start();\n  }\n}\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "runCommand") == [(7, "Yargs.run", "exact", "yargs.ts:CommandInstance.runCommand")]
        assert _sites(repo, "start") == [(10, "Car.go", "exact", "car.js:Engine.start")]


def test_a_function_held_by_a_name_keeps_its_written_return_type(tmp_path: Path) -> None:
    # zod's v3 `static create = (params?: RawCreateParams): ZodString => {...}` with
    # `const stringType = ZodString.create`: `z.string().min(1)` in its tests was unresolved,
    # as the arrow's return type was dropped.
    (tmp_path / "str.ts").write_text(
        "class Str {\n  static create = (p?: number): Str => {\n    return new Str();\n  };\n"
        "  safeParse(): void {}\n}\n"
        "const make = (): Str => Str.create();\nconst stringType = Str.create;\nstringType().safeParse();\n"
        "make().safeParse();\nconst s = Str.create();\ns.safeParse();\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "safeParse") == [
            (9, "<module>", "exact", "str.ts:Str.safeParse"),
            (10, "<module>", "exact", "str.ts:Str.safeParse"),
            (12, "<module>", "exact", "str.ts:Str.safeParse"),
        ]


def test_a_module_member_is_a_function_before_an_object_literals_method(tmp_path: Path) -> None:
    # zod's classic schemas.ts has `array() { return array(this) }` in a prototype literal
    # above `export function array(...): ZodArray<T>`: `z.array(el).min(2)` read `z.array` as
    # the method, of no known result. A CommonJS literal's method is still the member.
    write_files(
        tmp_path,
        {
            "schemas.ts": "export interface Arr {\n  min(n: number): Arr;\n}\n"
            "export const ZodType = make({\n  array() {\n    return array(this);\n  },\n});\n"
            "export function array(x: unknown): Arr {\n  return x as Arr;\n}\n"
            "function make(p: object) {\n  return p;\n}\n",
            "use.ts": "import * as z from './schemas';\nz.array(1).min(2);\n",
            "req.js": "module.exports = {\n  inspect() {},\n};\n",
            "app.js": "const req = require('./req');\nreq.inspect();\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Arr.min") == [(2, "<module>", "exact", "schemas.ts:Arr.min")]
        assert _sites(repo, "inspect") == [(2, "<module>", "exact", "req.js:inspect")]


def test_a_name_a_module_exports_is_what_it_exports_not_an_object_literals_method(tmp_path: Path) -> None:
    # Found by the TypeScript checker's judge (benchmarks/oracles/typescript.py) on zod 4.6.7:
    # classic/schemas.ts has `catch(params) { return _catch(this, params) }` in a prototype
    # literal and `export { _catch as catch }`; `z.catch(...)` was an exact caller of the
    # literal's method and no caller of `_catch` (17 sites; `z.properties`, `z.gte`, ... too).
    write_files(
        tmp_path,
        {
            "schemas.ts": "export const ZodType = make({\n  catch(params: number) {\n"
            "    return _catch(params);\n  },\n});\n"
            "function _catch(x: number) {\n  return x;\n}\nexport { _catch as catch };\n"
            "function make(p: object) {\n  return p;\n}\n"
            "export const ZodObject = make({\n  properties() {\n    return 1;\n  },\n});\n",
            "checks.ts": "export function properties() {\n  return 2;\n}\n",
            "external.ts": "export * from './schemas';\nexport * from './checks';\n",
            "use.ts": "import * as z from './schemas';\nz.catch(1);\n",
            "app.ts": "import * as z from './external';\nz.properties();\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "schemas.ts:_catch") == [
            (3, "catch", "exact", "schemas.ts:_catch"),
            (2, "<module>", "exact", "schemas.ts:_catch"),  # use.ts
        ]
        assert _sites(repo, "schemas.ts:catch") == []
        assert _sites(repo, "checks.ts:properties") == [(2, "<module>", "exact", "checks.ts:properties")]


def test_a_rename_of_a_rename_is_followed_only_from_the_file_that_made_it(tmp_path: Path) -> None:
    # trpc's dist chunks: `export { isFunction as u }` in one chunk, `import { u as map }` from
    # another chunk's own `u`. Following every rename of `u` had callers of isFunction list 50
    # unrelated `.map(` sites among its name matches.
    write_files(
        tmp_path,
        {
            "codes.mjs": "function isFunction(f) {\n  return true;\n}\nexport { isFunction as u };\n",
            "other.mjs": "function unrelated(f) {\n  return f;\n}\nexport { unrelated as u };\n",
            "user.mjs": "import { u as isFn } from './codes.mjs';\nfunction check(x) {\n  return isFn(x);\n}\n",
            "elsewhere.mjs": "import { u as map } from './other.mjs';\nfunction run(xs) {\n  return xs.map(map);\n}\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "codes.mjs:isFunction") == [(3, "check", "exact", "codes.mjs:isFunction")]


def test_a_parameter_of_an_anonymous_function_shadows_the_name_around_it(tmp_path: Path) -> None:
    # axios's utils.js: `const hasOwnProperty = (({ hasOwnProperty }) => (obj, prop) =>
    # hasOwnProperty.call(obj, prop))(Object.prototype)` called the top-level variable from
    # inside the IIFE, exact. Outside the function the name is the module's again.
    (tmp_path / "utils.js").write_text(
        "const hasOwnProperty = (\n  ({ hasOwnProperty }) =>\n  (obj, prop) =>\n"
        "    hasOwnProperty.call(obj, prop)\n)(Object.prototype);\n"
        "function check(o) {\n  [o].forEach((hasOwnProperty) => hasOwnProperty(1));\n"
        "  return hasOwnProperty(o, 'x');\n}\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "hasOwnProperty") == [
            (8, "check", "exact", "utils.js:hasOwnProperty"),
            (4, "<module>", "name", "utils.js:hasOwnProperty"),
            (7, "check", "name", "utils.js:hasOwnProperty"),
        ]


def test_each_callback_binds_its_own_names(tmp_path: Path) -> None:
    # zod's tests: `test('x', () => { const schema = z.string(); schema.parse(1) })` in each
    # test bound one module-wide `schema`, on which the tests disagreed: `schema.safeParse`
    # was a name match (src/v4/classic/tests/array.test.ts:11). A helper declared in a
    # `describe` callback sees the callback's names; callers are still the named definitions.
    write_files(
        tmp_path,
        {
            "schemas.ts": "export class ZString {\n  parse(v: unknown) {}\n}\n"
            "export class ZNumber {\n  parse(v: unknown) {}\n}\n"
            "export function string(): ZString {\n  return new ZString();\n}\n"
            "export function number(): ZNumber {\n  return new ZNumber();\n}\n",
            "a.test.ts": "import * as z from './schemas';\n"
            "describe('a', () => {\n  const schema = z.string();\n"
            "  function check(v: unknown) {\n    return schema.parse(v);\n  }\n"
            "  test('x', () => {\n    const schema = z.number();\n    schema.parse(1);\n  });\n});\n"
            "test('y', () => {\n  const schema = z.string();\n  schema.parse(2);\n});\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "ZString.parse") == [
            (5, "check", "exact", "schemas.ts:ZString.parse"),
            (14, "<module>", "exact", "schemas.ts:ZString.parse"),
        ]
        assert _sites(repo, "ZNumber.parse") == [(9, "<module>", "exact", "schemas.ts:ZNumber.parse")]


def test_a_name_that_is_a_type_alias_and_a_value_is_the_value_at_a_receivers_head(tmp_path: Path) -> None:
    # zod's tests: `const t1 = z.any(); type t1 = z.infer<typeof t1>; t1.optional()` calls the
    # value's method. `t1` written as a type is the alias; written in code, the value
    # (`z.parse(a, 1)` named the type alias `a`, exact).
    write_files(
        tmp_path,
        {
            "schemas.ts": "export class ZAny {\n  optional() {}\n}\n"
            "export function any(): ZAny {\n  return new ZAny();\n}\n",
            "a.test.ts": "import * as z from './schemas';\n"
            "test('x', () => {\n  const t1 = z.any();\n  type t1 = ReturnType<typeof z.any>;\n"
            "  t1.optional();\n  check<t1>(t1);\n});\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "ZAny.optional") == [(5, "<module>", "exact", "schemas.ts:ZAny.optional")]
        assert _sites(repo, "a.test.ts:t1") == []
        uses = repo.references("a.test.ts:t1").callers
        assert [(c.line, c.column, c.kind, c.confidence) for c in uses] == [(6, 9, "type", "exact")]


def test_a_name_that_is_an_interface_and_a_constant_is_the_constant_in_code(tmp_path: Path) -> None:
    # zod's core: `interface $ZodCheck {...}` beside `const $ZodCheck: $constructor<$ZodCheck> =
    # $constructor(...)`. `$ZodCheck.init(...)` calls the constructor's `init`; a parameter
    # `inst: $ZodCheck` is an instance of the interface. The function `$constructor` and the
    # interface `$constructor` share a name too.
    write_files(
        tmp_path,
        {
            "core.ts": "export interface $constructor<T> {\n  init(inst: T): void;\n}\n"
            "export function $constructor<T>(name: string): $constructor<T> {\n  return null as any;\n}\n",
            "checks.ts": "import * as core from './core';\n"
            "export interface $ZodCheck {\n  check(): void;\n}\n"
            "export const $ZodCheck: core.$constructor<$ZodCheck> = core.$constructor('$ZodCheck');\n"
            "export function run(inst: $ZodCheck) {\n  $ZodCheck.init(inst);\n  inst.check();\n}\n",
            "use.ts": "import * as checks from './checks';\nchecks.$ZodCheck.init(null);\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "$constructor.init") == [
            (7, "run", "exact", "core.ts:$constructor.init"),
            (2, "<module>", "exact", "core.ts:$constructor.init"),
        ]
        assert _sites(repo, "$ZodCheck.check") == [(8, "run", "exact", "checks.ts:$ZodCheck.check")]
        assert _sites(repo, "core.ts:$constructor") == [(5, "<module>", "exact", "core.ts:$constructor")]


def test_a_constant_holding_a_static_method_is_called_as_it(tmp_path: Path) -> None:
    # zod v3: `const stringType = ZodString.create;` then `export { stringType as string }`, and
    # `z.string()` everywhere; `export const numberType = ...` is called through its module. A
    # call of another `string` is no name match of `create`, nor is a read of `stringType` a
    # use of it.
    write_files(
        tmp_path,
        {
            "types.ts": "export class ZodString {\n  static create(): ZodString {\n"
            "    return new ZodString();\n  }\n}\n"
            "const stringType = ZodString.create;\nexport const numberType = ZodString.create;\n"
            "export const keep = stringType;\n"
            "export { stringType as string };\n",
            "index.ts": "import * as z from './types';\nexport { z };\n",
            "use.ts": "import { z } from './index';\nimport * as t from './types';\n"
            "z.string();\nt.numberType();\nstring();\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "ZodString.create") == [
            (3, "<module>", "exact", "types.ts:ZodString.create"),
            (4, "<module>", "exact", "types.ts:ZodString.create"),
        ]
        uses = repo.references("ZodString.create", include_name_matches=True).callers
        assert [(c.path, c.line, c.kind) for c in uses] == [
            ("types.ts", 6, "ref"),
            ("types.ts", 7, "ref"),
            ("use.ts", 3, "call"),
            ("use.ts", 4, "call"),
        ]


def test_a_method_written_in_a_callback_sees_the_callbacks_names(tmp_path: Path) -> None:
    # rxjs's Observable.forEach: `new Promise((resolve, reject) => { const subscriber = new
    # SafeSubscriber({ next: (value) => { subscriber.unsubscribe() } }) })`: the literal's
    # method is no class body's, and `subscriber` is the callback's.
    (tmp_path / "obs.ts").write_text(
        "class Sub {\n  constructor(o: object) {}\n  unsubscribe() {}\n}\n"
        "function forEach() {\n  return new Promise((resolve) => {\n"
        "    const subscriber = new Sub({\n      next: (value: number) => {\n        subscriber.unsubscribe();\n"
        "      },\n    });\n  });\n}\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Sub.unsubscribe") == [(9, "forEach.next", "exact", "obs.ts:Sub.unsubscribe")]


def test_a_method_declared_to_return_this_gives_its_receiver(tmp_path: Path) -> None:
    # zod's `interface ZodArray { min(n: number): this }`: in its tests `z.array(z.string())
    # .min(2).max(2)` lost its type after `.min`, so `schema.safeParse(...)` was a name match.
    # The receiver is what it was before the call: a subclass's instance stays one.
    (tmp_path / "build.ts").write_text(
        "interface Arr {\n  min(n: number): this;\n  safeParse(): void;\n}\n"
        "function array(): Arr {\n  return null as any;\n}\n"
        "class Builder {\n  add(x: number): this {\n    return this;\n  }\n  build(): void {}\n}\n"
        "class Fancy extends Builder {\n  build(): void {}\n  more() {\n    super.add(1).build();\n  }\n}\n"
        "function use() {\n  const schema = array().min(1).min(2);\n  schema.safeParse();\n"
        "  new Fancy().add(1).add(2).build();\n  const b = new Builder();\n  b.add(1).build();\n}\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "safeParse") == [(22, "use", "exact", "build.ts:Arr.safeParse")]
        assert _sites(repo, "Fancy.build") == [
            (17, "Fancy.more", "exact", "build.ts:Fancy.build"),
            (23, "use", "exact", "build.ts:Fancy.build"),
        ]
        assert _sites(repo, "Builder.build") == [(25, "use", "exact", "build.ts:Builder.build")]


def test_a_loop_or_an_array_callback_takes_each_element(tmp_path: Path) -> None:
    # `for (const n of nodes)` and `nodes.forEach((n) => n.run())` over `nodes: Node[]`; a
    # filter keeps the array; `for ... in` takes keys, strings.
    write_files(
        tmp_path,
        {
            "a.ts": "class Node {\n  run(): void {}\n  ok(): boolean { return true; }\n}\n"
            "class Other {\n  run(): void {}\n}\n"
            "function go(nodes: Node[], others: Array<Other>, set: Set<Node>) {\n"
            "  for (const n of nodes) n.run();\n"
            "  for (const k in nodes) k.run();\n"
            "  nodes.forEach((x) => x.run());\n"
            "  nodes.filter(y => y.ok()).map(z => z.run());\n"
            "  others.forEach(function (o) { o.run(); });\n"
            "  set.forEach((s) => s.run());\n"
            "}\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Node.run") == [
            (9, "go", "exact", "a.ts:Node.run"),
            (11, "go", "exact", "a.ts:Node.run"),
            (12, "go", "exact", "a.ts:Node.run"),
            (14, "go", "exact", "a.ts:Node.run"),
            (10, "go", "name", "a.ts:Node.run"),
        ]
        other = "a.ts:Other.run"
        assert _sites(repo, "Other.run") == [(13, "go", "exact", other), (10, "go", "name", other)]
        assert _sites(repo, "Node.ok") == [(12, "go", "exact", "a.ts:Node.ok")]


def test_a_const_in_a_try_block_shadows_a_function_around_it(tmp_path: Path) -> None:
    # axios's minified bundle (dist/axios.min.js): `function e(){...}` around a `try { const
    # e = new t(); e.on(...) }` made `e()` in the block a call of the function, exact, and `e.on` a name
    # match. Outside the block `e` is the function again.
    (tmp_path / "bundle.js").write_text(
        "class Emitter {\n  on() {}\n}\n"
        "function run() {\n  function e() {}\n  try {\n    const e = new Emitter();\n    e.on();\n    e();\n"
        "  } finally {}\n  e();\n}\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Emitter.on") == [(8, "run", "exact", "bundle.js:Emitter.on")]
        assert _sites(repo, "run.e") == [
            (11, "run", "exact", "bundle.js:run.e"),
            (9, "run", "name", "bundle.js:run.e"),  # an Emitter called: no function we know
        ]


def test_a_catch_parameter_is_a_name_of_its_clause(tmp_path: Path) -> None:
    # `catch (err) { err.close() }` in a function beside a module's `err`: the parameter is
    # no module name, and after the clause the module's `err` is seen again.
    (tmp_path / "a.js").write_text(
        "class Conn {\n  close() {}\n}\n"
        "const err = new Conn();\n"
        "function run() {\n  try {\n    work();\n  } catch (err) {\n    err.close();\n  }\n"
        "  err.close();\n}\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Conn.close") == [
            (11, "run", "exact", "a.js:Conn.close"),
            (9, "run", "name", "a.js:Conn.close"),
        ]


def test_each_branch_binds_its_own_const(tmp_path: Path) -> None:
    # Two `if` branches that each declare `const result` of another class bound one name of
    # the function with two values, which agreed on nothing: each call was a name match.
    (tmp_path / "a.ts").write_text(
        "class Ok {\n  send() {}\n}\n"
        "class Fail {\n  send() {}\n}\n"
        "function reply(good: boolean, oks: Ok[]) {\n"
        "  if (good) {\n    const result = new Ok();\n    result.send();\n"
        "  } else {\n    const result = new Fail();\n    result.send();\n  }\n"
        "  for (const ok of oks) {\n    const result = ok;\n    ok.send();\n  }\n}\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Ok.send") == [
            (10, "reply", "exact", "a.ts:Ok.send"),
            (17, "reply", "exact", "a.ts:Ok.send"),  # a loop's const takes each element still
        ]
        assert _sites(repo, "Fail.send") == [(13, "reply", "exact", "a.ts:Fail.send")]


def test_a_var_or_an_assignment_in_a_block_binds_beyond_it(tmp_path: Path) -> None:
    # `var` binds in its function, and `conn = new Other()` in a block is a value the
    # function's `conn` may hold after the block: a block that declares a `const` as well
    # keeps neither to itself. A function declared in a block is the function's, as before.
    (tmp_path / "a.js").write_text(
        "class Pool {\n  query() {}\n}\n"
        "class Other {\n  query() {}\n}\n"
        "function run(flag) {\n  let conn = new Pool();\n"
        "  if (flag) {\n    const n = 1;\n    var pool = new Pool();\n    conn = new Other();\n"
        "    function helper() {}\n  }\n"
        "  pool.query();\n  conn.query();\n  helper();\n}\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Pool.query") == [
            (15, "run", "exact", "a.js:Pool.query"),
            (16, "run", "name", "a.js:Pool.query"),
        ]
        assert _sites(repo, "helper") == [(17, "run", "exact", "a.js:run.helper")]


def test_a_value_hoisted_out_of_a_block_may_name_none_of_its_locals(tmp_path: Path) -> None:
    # axios's minified bundle: `let r = e; for (;;) { const i = n(r); r = i }` bound `r` to
    # `i` in the function, where `i` is the module's: `r` was that `i`, exact. A bare arrow
    # parameter (`e => ...`) and a function expression's own name are locals too.
    (tmp_path / "a.js").write_text(
        "class Node {\n  next() {}\n}\n"
        "const i = new Node();\n"
        "function e() {}\n"
        "function walk(start) {\n  let r = start;\n"
        "  for (;;) {\n    const i = step(r);\n    r = i;\n  }\n  r.next();\n}\n"
        "const n = (e) => e();\n"
        "const m = e => e();\n"
        "const o = { merge: function e(t) {\n    return e(t);\n  } };\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Node.next") == [(12, "walk", "name", "a.js:Node.next")]
        assert _sites(repo, "a.js:e") == [
            (14, "n", "name", "a.js:e"),
            (15, "m", "name", "a.js:e"),
            (17, "merge", "name", "a.js:e"),
        ]


def test_a_callbacks_untyped_parameter_has_the_type_the_called_function_declares(tmp_path: Path) -> None:
    # rxjs's operators: `operate((source, subscriber) => { subscriber.next(v) })`, where
    # `operate` declares `init: (liftedSource: Observable<T>, subscriber: Subscriber<R>) => ...`,
    # and `new Observable((subscriber) => ...)`, whose constructor declares its callback with a
    # `this` first. A parameter written with a type keeps it; an array's forEach gives each
    # element; a union of function types says nothing.
    write_files(
        tmp_path,
        {
            "rx.ts": "export class Subscriber<T> {\n  next(value: T): void {}\n}\n"
            "export class Observable<T> {\n"
            "  constructor(subscribe?: (this: Observable<T>, subscriber: Subscriber<T>) => void) {}\n"
            "  subscribe(s: Subscriber<T>): void {}\n}\n"
            "export function operate<T, R>(init: (liftedSource: Observable<T>, subscriber: Subscriber<R>) => void) {}\n"
            "export function either(f: ((s: Subscriber<number>) => void) | number) {}\n",
            "ops.ts": "import { operate, Observable, Subscriber, either } from './rx';\n"
            "class Other {\n  next(): void {}\n  subscribe(): void {}\n}\n"
            "operate((source, subscriber) => {\n  source.subscribe(subscriber);\n  subscriber.next(1);\n});\n"
            "new Observable(function (this: Observable<number>, s) {\n  s.next(2);\n});\n"
            "operate((source, subscriber: Other) => subscriber.next());\n"
            "either((s) => s.next(3));\n"
            "const others: Other[] = [];\nothers.forEach((o) => o.next());\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Subscriber.next") == [
            (8, "<module>", "exact", "rx.ts:Subscriber.next"),
            (11, "<module>", "exact", "rx.ts:Subscriber.next"),
            (14, "<module>", "name", "rx.ts:Subscriber.next"),
        ]
        assert _sites(repo, "Observable.subscribe") == [(7, "<module>", "exact", "rx.ts:Observable.subscribe")]
        assert [(line, confidence) for line, _, confidence, _ in _sites(repo, "Other.next")] == [
            (13, "exact"),
            (16, "exact"),
            (14, "name"),
        ]


def test_a_declared_type_holds_whatever_is_assigned_later(tmp_path: Path) -> None:
    # rxjs: `let innerSub: Subscription | null = null; ... innerSub = source.subscribe(...)`,
    # `windows.shift()!.complete()` over `windows: Subject[]`, and `let windows = [new
    # Subject()]`, whose elements are not worked out: no outside call, so `complete`, defined
    # once, is likely.
    write_files(
        tmp_path,
        {
            "a.ts": "class Subscription {\n  unsubscribe(): void {}\n}\n"
            "class Subject {\n  complete(): void {}\n}\n"
            "function go(make: () => any) {\n"
            "  let inner: Subscription | null = null;\n  inner = make();\n  inner!.unsubscribe();\n"
            "  const windows: Subject[] = [];\n  windows.shift()!.complete();\n  windows.at(-1)?.complete();\n"
            "  let fresh = [new Subject()];\n  fresh.shift()!.complete();\n}\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Subscription.unsubscribe") == [(10, "go", "exact", "a.ts:Subscription.unsubscribe")]
        assert [(line, confidence) for line, _, confidence, _ in _sites(repo, "Subject.complete")] == [
            (12, "exact"),
            (13, "exact"),
            (15, "likely"),
        ]


def test_a_function_without_a_return_type_gives_what_its_returns_agree_on(tmp_path: Path) -> None:
    # zod v3: `z.number().negative().parse(x)`, where `negative() { return this._addCheck(..) }`
    # and `_addCheck(c) { return new ZodNumber(..) }`, declare no return type. A `return null`
    # agrees with anything; a return the resolver cannot work out makes the result unknown;
    # returning `this` gives the receiver, a subclass's instance too.
    write_files(
        tmp_path,
        {
            "n.js": "class ZodType {\n  parse(x) {}\n  describe() {\n    return this;\n  }\n}\n"
            "class ZodNumber extends ZodType {\n  parse(x) {}\n"
            "  _addCheck(c) {\n    if (!c) return null;\n    return new ZodNumber();\n  }\n"
            "  negative() {\n    return this._addCheck(1);\n  }\n"
            "  either(a, b) {\n    if (a) return this;\n    return a || b;\n  }\n}\n"
            "const make = () => new ZodNumber();\n"
            "function use() {\n  make().negative().parse(1);\n  make().describe().parse(2);\n"
            "  make().either(1, 2).parse(3);\n  new ZodType().describe().parse(4);\n}\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert [(line, confidence) for line, _, confidence, _ in _sites(repo, "ZodNumber.parse")] == [
            (23, "exact"),
            (24, "exact"),
            (25, "name"),
        ]
        assert [(line, confidence) for line, _, confidence, _ in _sites(repo, "ZodType.parse")] == [
            (26, "exact"),
            (25, "name"),
        ]
