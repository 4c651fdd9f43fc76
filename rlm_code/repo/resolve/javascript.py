"""JavaScript, TypeScript and TSX: ES and CommonJS imports of files of the repository.

A relative specifier (``'./util'``, ``'../lib/index.js'``) names a file the way Node and
TypeScript find it: as written, with an extension added, or as a folder's ``index`` file;
``'./x.js'`` may be the TypeScript source ``x.ts``. A bare specifier (``'react'``) is a
package, outside the repository unless a ``package.json`` of the repository has that name
(see :mod:`.packages`). A module's names are its top-level definitions, followed
through its re-exports (``export { f } from './f'``, ``export * from``) and export aliases
(``export { a as b }``, ``export default f``). Specifiers mapped by a bundler or
``tsconfig`` ``paths`` are not followed.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from contextlib import contextmanager

from ..anonymous import named_scope
from ..extract import RETURN_TARGET, VALUE_KINDS
from ..facts import Import
from ..symbols import FileSymbols, Symbol, SymbolTable
from .generic import GenericResolver
from .hierarchy import parent_of
from .packages import Packages, is_built
from .values import (
    EXTERNAL,
    UNKNOWN,
    ClassValue,
    ContainerValue,
    DefValue,
    InstanceValue,
    LiteralValue,
    ModuleValue,
    Resolution,
    SuperValue,
    Value,
    symbol_value,
)
from .written import callback_parameters, called, constructed_class, parameters, split_last

__all__ = ["JavaScriptResolver"]

# A function written as an arrow: `x = () => ...`, `key: async (a) => ...`, `handle: H = (e) => ...`
# (a name, then `=` or `:` before any parenthesis, and no `function` keyword after it).
_ARROW = re.compile(r"^[^(=:]*[=:](?![=>])(?!\s*(?:async\s+)?function\b).*=>")
# A static method's header: `static make()`, `public static async make()`.
_STATIC = re.compile(r"^[^(]*?\bstatic\s+[^(\s]")
# `this` where the query narrows it (ecma-tags.scm, typescript-tags.scm), and the names after
# it: `this.(function)` in a function passed as an argument, `this.(Subscriber<R>).x` in one
# that declares `this: Subscriber<R>`.
_NARROWED_THIS = re.compile(r"this\.\((.+)\)((?:\.[A-Za-z_$][\w$]*)*)")
# What a name declared without a value is bound to: its keyword (`let self;`, `var self;`).
_DECLARED = frozenset({("let", "value"), ("var", "value")})
_EXTENSIONS = (".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts")
_COMPILED_TO = {".js": (".ts", ".tsx"), ".jsx": (".tsx",), ".mjs": (".mts",), ".cjs": (".cts",)}
_GLOBALS = frozenset(
    {
        "console",
        "Math",
        "JSON",
        "Object",
        "Array",
        "Promise",
        "Date",
        "Number",
        "String",
        "Boolean",
        "Symbol",
        "BigInt",
        "Map",
        "Set",
        "WeakMap",
        "WeakSet",
        "RegExp",
        "Error",
        "TypeError",
        "RangeError",
        "Reflect",
        "Proxy",
        "Intl",
        "globalThis",
        "window",
        "document",
        "navigator",
        "location",
        "process",
        "Buffer",
        "require",
        "module",
        "exports",
        "setTimeout",
        "setInterval",
        "clearTimeout",
        "clearInterval",
        "fetch",
        "parseInt",
        "parseFloat",
        "encodeURIComponent",
        "decodeURIComponent",
        "structuredClone",
        "queueMicrotask",
        "URL",
        "URLSearchParams",
        "string",
        "number",
        "boolean",
        "void",
        "never",
        "bigint",
        "symbol",
        "undefined",
        "Record",
        "Partial",
        "Readonly",
        "Pick",
        "Omit",
        "ReturnType",
        "Awaited",
    }
)


# What TypeScript declares as a type and nothing else: code that names one means a value of the
# same name, or nothing (zod's `interface $ZodCheck` beside `const $ZodCheck = $constructor(..)`).
_TYPES_ONLY = frozenset({"interface", "type"})

# An array's methods that give an array of the same elements (some of them).
_SAME_ARRAY = frozenset({"filter", "slice", "concat", "sort", "reverse", "toSorted", "toReversed", "splice"})
# What a `return` statement gives that agrees with any other return.
_NOTHING_RETURNED = frozenset({("null", "value"), ("undefined", "value")})
# An array's methods that give one of its elements (or undefined).
_AN_ELEMENT = frozenset({"shift", "pop", "at", "find", "findLast"})


class JavaScriptResolver(GenericResolver):
    """Resolves JavaScript, TypeScript and TSX references."""

    self_names = ("this",)
    """``self`` is a name like any other: ``var self = this`` binds it to what ``this`` is."""
    # The containers whose written type says what one step gives (`for (const n of nodes)`,
    # `nodes.forEach((n) => ...)` with `nodes: Node[]`). A Map is none: its for-of steps are
    # pairs, but its forEach hands the value first.
    sequences = frozenset({"Array", "ReadonlyArray", "Set", "ReadonlySet"})
    functions_held = True
    """Modules hand functions on as constants: zod's ``const stringType = ZodString.create;
    export { stringType as string }``, then ``z.string()`` everywhere."""

    def __init__(self, table: SymbolTable, family: str) -> None:
        super().__init__(table, family)
        self._constructor_functions: dict[str, set[str]] = {}  # path -> functions used as classes
        self._statics: dict[str, dict[str, Symbol]] = {}  # path -> qualname -> static method
        self._packages = Packages(table, self._file_at)
        self._in_types = False  # whether names are being read as types (see class_value)
        self._type_names: dict[tuple[str, str, str], Value] = {}  # evaluate's memo for types
        self._results: dict[tuple[str, str, int], Value] = {}  # function -> what calling it gives

    def type_value(self, path: str, scope: str, text: str) -> Value:
        """As for every language, and ``Node[]`` is an array of ``Node``."""
        text = text.strip()
        if text.endswith("[]"):
            return ContainerValue(self.type_value(path, scope, text[:-2]))
        return super().type_value(path, scope, text)

    def constructor_name(self, cls: Symbol) -> str | None:
        return "constructor"

    # -- two namespaces: a name written as a type, and one written in code ------------------

    def class_value(self, path: str, scope: str, text: str) -> Value:
        """A name written as a type names a class, an interface or a type alias, where in code
        it names a value: TypeScript keeps the two apart."""
        with self._reading_types():
            return super().class_value(path, scope, text)

    def resolve_type(self, path: str, scope: str, receiver: str, name: str) -> Resolution:
        with self._reading_types():
            return self.resolve(path, scope, receiver, name)

    @contextmanager
    def _reading_types(self) -> Iterator[None]:
        """Read names as types meanwhile, remembering evaluations apart from those of code."""
        if self._in_types:
            yield
            return
        values, self._evaluated, self._in_types = self._evaluated, self._type_names, True
        try:
            yield
        finally:
            self._evaluated, self._in_types = values, False

    def _local_definition(self, symbols: FileSymbols, qualname: str) -> Symbol | None:
        """As a type, a name that a type and a value share is the type."""
        symbol = super()._local_definition(symbols, qualname)
        if not self._in_types or symbol is None or self._is_type(symbol):
            return symbol
        return next((s for s in symbols.all_named(qualname) if self._is_type(s)), symbol)

    def _is_type(self, symbol: Symbol) -> bool:
        return symbol.kind in _TYPES_ONLY or symbol.kind in self.class_kinds

    # -- constructor functions: `function View() {}` with `View.prototype.render = ...` ------

    def _builds_instances(self, function: Symbol) -> bool:
        """Whether a function is used as a class: methods are assigned to its prototype."""
        return function.kind == "function" and self._holds_methods(function)

    def _holds_methods(self, owner: Symbol) -> bool:
        """Whether methods are assigned to ``owner`` (``View.prototype.render = ...`` to a
        constructor function, ``res.send = function () {...}`` to an object): in them,
        ``this`` is ``owner``'s."""
        known = self._constructor_functions.get(owner.path)
        if known is None:
            symbols = self.table.file(owner.path)
            methods = [s.qualname for s in symbols.definitions.values() if s.kind == "method"] if symbols else []
            known = self._constructor_functions[owner.path] = {parent_of(q) for q in methods}
        return owner.qualname in known

    def enclosing_class(self, path: str, scope: str) -> Symbol | None:
        """The class (or constructor function, or object) whose instance ``this`` is in
        ``scope``: that of the function :meth:`_this_scope` finds (see :meth:`_this_class`)."""
        return self._this_class(path, self._this_scope(path, scope))

    def _this_class(self, path: str, own: str) -> Symbol | None:
        """The class (or constructor function, or object) whose instance ``this`` is in the
        function ``own``, the innermost around the code that is no arrow (an arrow sees the
        one around it: ``context.unsubscribe = () => this.unsubscribe()`` in a constructor is
        the instance's). That function decides: a method of a class is its class's; a
        constructor function is itself; a method assigned to a constructor function's
        prototype, or to an object (``res.send = function () {...}``), is that function's or
        object's; ``this.f = function () {...}`` is what ``this`` is where it is assigned. Any
        other function, such as a helper declared inside a method, has a ``this`` of its own,
        given by whoever calls it."""
        symbol = self.table.symbol(path, own) if own else None
        if symbol is None or symbol.kind in self.class_kinds:
            return super().enclosing_class(path, own)
        if symbol.kind == "function":
            return symbol if self._builds_instances(symbol) else None
        if symbol.kind != "method":
            return None
        owner_scope = parent_of(own)
        owner = self.table.symbol(path, owner_scope) if owner_scope else None
        if owner is None or owner.kind in self.class_kinds:
            return super().enclosing_class(path, own)
        if owner.kind in ("function", "variable", "constant") and self._holds_methods(owner):
            return owner
        if symbol.signature.startswith("this."):
            return self.enclosing_class(path, owner_scope)
        return None  # a method of an object literal written inside a function: `this` is that object

    def _evaluate(self, path: str, scope: str, expression: str) -> Value:
        """``this`` in a function passed as an argument (``list.forEach(function () {
        this.x() })``) is whatever the function it is passed to gives it: unknown, unless the
        function declares it (``function (this: Subscriber<R>) {...}``). A call may give its
        receiver back (see :meth:`_call_value`). TypeScript's ``x!`` is ``x``, said not to be
        null (rxjs's ``windows.shift()!.complete()``)."""
        if expression.endswith("!"):
            return self.evaluate(path, scope, expression[:-1])
        narrowed = _NARROWED_THIS.fullmatch(expression)
        if narrowed is None:
            callee = called(expression)
            return self._call_value(path, scope, callee) if callee else super()._evaluate(path, scope, expression)
        written, members = narrowed.groups()
        value = UNKNOWN if written == "function" else self.type_value(path, scope, written)
        for member in members.split(".")[1:]:
            value = self.member_value(value, member)
        return value

    def _bound_value(self, path: str, scope: str, text: str, kind: str) -> Value:
        """A name bound to a narrowed ``this`` (``const self = this`` in a callback) holds
        what it evaluates to; it is no literal. An array literal holds elements of a type not
        worked out (rxjs's ``let windows = [new Subject<T>()]``)."""
        if kind == "value" and _NARROWED_THIS.fullmatch(text):
            return self.evaluate(path, scope, text)
        if kind == "value" and text.startswith("["):
            return ContainerValue(UNKNOWN)
        if kind == "call":
            return self._call_value(path, scope, text)
        if kind.startswith("given."):
            argument, _, parameter = kind.removeprefix("given.").partition(".")
            return self._given_value(path, scope, text, int(argument), int(parameter))
        return super()._bound_value(path, scope, text, kind)

    def _given_value(self, path: str, scope: str, callee: str, argument: int, parameter: int) -> Value:
        """What a callback's parameter written without a type is given: the type that the
        function the callback is passed to (``callee``, a class for its constructor) declares
        for that parameter of that argument. rxjs's ``operate((source, subscriber) => ...)``
        gives ``subscriber`` a ``Subscriber``: ``operate`` declares ``init: (liftedSource:
        Observable<T>, subscriber: Subscriber<R>) => ...``."""
        called = self.callee_value(path, scope, callee)
        if isinstance(called, ClassValue):
            function = self.constructor_of(called.symbol)
        else:
            function = called.symbol if isinstance(called, DefValue) else None
        declared = parameters(function.signature) if function is not None else []
        given = callback_parameters(declared[argument][1]) if argument < len(declared) else None
        if function is None or given is None or parameter >= len(given):
            return UNKNOWN
        return self.type_value(function.path, function.qualname, given[parameter][1])

    # -- methods returning `this`: `min(n: number): this` of a builder ---------------------

    def _call_value(self, path: str, scope: str, callee: str) -> Value:
        """What the call of ``callee`` (written as in ``callee(...)``) gives. A method declared
        to return ``this`` gives the very receiver it is called on, a subclass's instance
        too: ``z.array(s).min(2).max(2)`` stays a ``ZodArray`` after zod's ``min(n): this``,
        where the declared type alone would say nothing."""
        receiver, name = split_last(callee)
        if not receiver or constructed_class(callee) is not None:
            return self.call_result(self.callee_value(path, scope, callee))
        base = self.evaluate(path, scope, receiver)
        if isinstance(base, ContainerValue) and name in _SAME_ARRAY:  # `nodes.filter(..).map(..)`
            return base
        if isinstance(base, ContainerValue) and name in _AN_ELEMENT:  # `windows.shift()!.complete()`
            return base.items
        method = self.attribute(base, name)
        if isinstance(method, DefValue) and method.symbol.kind == "method" and self._gives_this(method.symbol):
            return _as_receiver(base)
        return self.call_result(method)

    def _gives_this(self, method: Symbol) -> bool:
        """Whether ``method`` is declared to return ``this``, or, declaring nothing, returns
        ``this`` and nothing else."""
        if method.returns:
            return method.returns == "this"
        returned = self._returns_of(method)
        return bool(returned) and all(binding == ("this", "value") for binding in returned)

    def _returns_of(self, function: Symbol) -> list[tuple[str, str]]:
        """What the ``return`` statements of ``function`` return, leaving out ``null``s."""
        symbols = self.table.file(function.path)
        bound = symbols.bindings.get(function.qualname, {}).get(RETURN_TARGET, []) if symbols else []
        return [binding for binding in bound if binding not in _NOTHING_RETURNED]

    def _this_scope(self, path: str, scope: str) -> str:
        """The function whose ``this`` code in ``scope`` sees: an arrow function has none, and
        an anonymous one's is decided where it is written (ecma-tags.scm's regions of ``this``)."""
        scope = named_scope(scope)
        while scope and (symbol := self.table.symbol(path, scope)) is not None and _ARROW.match(symbol.signature):
            scope = parent_of(scope)
        return scope

    # -- anonymous functions: `describe(() => { function setup() {...} })` -------------------

    def _lookup_in_scope(self, symbols: FileSymbols, scope: str, name: str) -> Value | None:
        """A function, class or type declared in an anonymous function is one of its names,
        though its qualified name leaves the function out: date-fns's bundle declares ``var
        Parser = function () {...}()`` inside an IIFE, where ``Parser`` is also a local."""
        named = named_scope(scope)
        if named != scope:
            qualname = f"{named}.{name}" if named else name
            around = self._anonymous_around(symbols)
            held = (s for s in symbols.all_named(qualname) if around.get(s) == scope)
            symbol = next((s for s in held if self.named_bare(s)), None)
            if symbol is not None:
                return self.value_of(symbol)
        return super()._lookup_in_scope(symbols, scope, name)

    def named_bare(self, symbol: Symbol) -> bool:
        """A method is no name of the scope it is written in: in ``function make() { return {
        has(k) { return has(k) } } }`` (vue's reactivity), ``has(k)`` calls the ``has`` around
        ``make``, not the literal's own, and ``this.f = function () {}`` in a constructor
        function names no local ``f`` either. Nor is a type a name of code (see
        :meth:`class_value`)."""
        return symbol.kind != "method" and (self._in_types or symbol.kind not in _TYPES_ONLY)

    # -- names declared first and assigned later: `let self; ... self = this;` --------------

    def _binding_value(self, path: str, scope: str, bound: list[tuple[str, str]]) -> Value:
        """A name declared without a value holds what is assigned to it in the same scope, so
        long as each of those values is known: it is undefined until then, and any other
        value might reach the code after (rxjs's ``let resultSelector;`` is ``identity`` or a
        parameter). A TypeScript name declared with a type holds that type, whatever is
        assigned to it later (rxjs's ``let innerSub: Subscription | null = null``)."""
        declared = [binding for binding in bound if binding[1] == "type"]
        if declared:
            return super()._binding_value(path, scope, declared)
        if not any(binding in _DECLARED for binding in bound):
            return super()._binding_value(path, scope, bound)
        assigned = [binding for binding in bound if binding not in _DECLARED]
        if not assigned or any(self._bound_value(path, scope, *binding) is UNKNOWN for binding in assigned):
            return UNKNOWN
        return super()._binding_value(path, scope, assigned)

    # -- object literals: `module.exports = { inspect() { return this.toJSON() }, ... }` ----

    def head_value(self, path: str, scope: str, head: str) -> Value:
        """``this`` is worked out from the function whose ``this`` it is, found once (see
        :meth:`_this_value`)."""
        if head == "this":
            return self._this_value(path, self._this_scope(path, scope))
        return super().head_value(path, scope, head)

    def _this_value(self, path: str, own: str) -> Value:
        """What ``this`` is in the function ``own``. In a method of an object literal at the
        top of a file it is that object. Such a method is a top-level name of kind method (a
        class's, or one assigned to an object, is named after its owner), and only one of
        that name may be there, or a getter and a setter of one literal (koa's response:
        ``this.set()`` in ``set body (val)``, beside ``get body ()``). Elsewhere it is an
        instance of the class :meth:`_this_class` gives."""
        if "." not in own:
            symbols = self.table.file(path)
            found = symbols.all_named(own) if symbols and own else []
            if all(s.kind == "method" for s in found) and (len(found) == 1 or self._accessor_pair(found)):
                return LiteralValue(found[0])
        cls = self._this_class(path, own)
        return UNKNOWN if cls is None else InstanceValue(cls)

    def _accessor_pair(self, methods: list[Symbol]) -> bool:
        """Whether ``methods`` are the getter and the setter of one property of one literal."""
        written = sorted(method.signature.partition(" ")[0] for method in methods)
        return written == ["get", "set"] and len({self._holder(method) for method in methods}) == 1

    def _holder(self, symbol: Symbol) -> Symbol | None:
        """The top-level value whose definition holds ``symbol`` (``const proto = {...}``);
        None for one in none (``module.exports = {...}``)."""
        symbols = self.table.file(symbol.path)
        holders = (s for s in symbols.in_order if s.kind in VALUE_KINDS and "." not in s.qualname) if symbols else ()
        return next((h for h in holders if h.line <= symbol.line and symbol.end_line <= h.end_line), None)

    def _literal_member(self, literal: LiteralValue, name: str) -> Value:
        """Method ``name`` of an object literal: the top-level method of that name written in
        the same top-level definition (``const proto = {...}``), or like it in none
        (``module.exports = {...}``); UNKNOWN unless there is one, since an object may gain
        members (koa's context delegates ``this.redirect()`` to its response)."""
        symbols = self.table.file(literal.method.path)
        if symbols is None:
            return UNKNOWN
        around = self._holder(literal.method)
        found = [s for s in symbols.all_named(name) if s.kind == "method" and self._holder(s) == around]
        return DefValue(found[0]) if len(found) == 1 else UNKNOWN

    # -- static methods: `static make()` beside an instance method `make()` ---------------

    def _attribute(self, value: Value, name: str) -> Value:
        """A class's static method and its instances' method may share a name: ``Foo.make()``
        reaches the static one, ``foo.make()`` the other."""
        if isinstance(value, LiteralValue):
            return self._literal_member(value, name)
        found = super()._attribute(value, name)
        if isinstance(found, DefValue) and isinstance(value, ClassValue | InstanceValue):
            static = self._statics_in(found.symbol.path).get(found.symbol.qualname)
            if static is not None:
                return DefValue(static if isinstance(value, ClassValue) else self._instance_method(static))
        return found

    def member_value(self, value: Value, name: str) -> Value:
        """``x.constructor`` of an instance is its class: ``this.constructor.make()`` calls
        the static ``make``. ``Foo.prototype`` of a class or a constructor function holds
        what its instances share: ``Base.prototype.run.call(this)`` calls ``Base.run``."""
        if name == "constructor" and isinstance(value, InstanceValue):
            return ClassValue(value.symbol)
        if name == "prototype" and (cls := self._class_of(value)) is not None:
            return InstanceValue(cls)
        return super().member_value(value, name)

    def _class_of(self, value: Value) -> Symbol | None:
        """The class ``value`` names: a class, or a function used as one."""
        if isinstance(value, ClassValue):
            return value.symbol
        if isinstance(value, DefValue) and self._builds_instances(value.symbol):
            return value.symbol
        return None

    def _statics_in(self, path: str) -> dict[str, Symbol]:
        """The static methods of ``path`` that share their qualified name with an instance
        method, by that name."""
        if path not in self._statics:
            symbols = self.table.file(path)
            methods = [s for s in symbols.in_order if s.kind == "method"] if symbols else []
            instance = {s.qualname for s in methods if not _STATIC.match(s.signature)}
            self._statics[path] = {
                s.qualname: s for s in methods if _STATIC.match(s.signature) and s.qualname in instance
            }
        return self._statics[path]

    def _instance_method(self, static: Symbol) -> Symbol:
        symbols = self.table.file(static.path)
        assert symbols is not None  # it holds the static method
        return next(s for s in symbols.all_named(static.qualname) if not _STATIC.match(s.signature))

    def call_result(self, callee: Value) -> Value:
        """Calling (or ``new``-ing) a constructor function gives one of its instances. A
        function that declares no return type gives what all its ``return`` statements agree
        on, each of them known (zod's ``negative() { return this._addCheck(...) }``, whose
        ``_addCheck`` returns ``new ZodNumber(...)``)."""
        if not isinstance(callee, DefValue):
            return super().call_result(callee)
        function = callee.symbol
        if self._builds_instances(function):
            return InstanceValue(function)
        if function.returns or function.kind not in ("function", "method"):
            return super().call_result(callee)
        if function.key not in self._results:
            self._results[function.key] = UNKNOWN  # a recursive call gives what the others do
            self._results[function.key] = self._returned_value(function)
        return self._results[function.key]

    def _returned_value(self, function: Symbol) -> Value:
        returned = self._returns_of(function)
        if not returned or any(kind == "local" for _, kind in returned):
            return UNKNOWN
        values = {self._bound_value(function.path, function.qualname, text, kind) for text, kind in returned}
        return values.pop() if len(values) == 1 else UNKNOWN

    # -- modules ----------------------------------------------------------------------------

    def module_files(self, module: str) -> list[str]:
        found = self._file_at(posixpath.normpath(module.removeprefix("./")))
        return [found] if found else []

    def import_targets(self, path: str, item: Import) -> list[str]:
        found = self.module_file(path, item.module) if item.module else None
        return [found] if found else []

    def import_words(self, path: str) -> set[str]:
        """Also the name of a package holding ``path``: ``'preact'`` imports src/index.js."""
        return super().import_words(path) | self._packages.names_holding(path)

    def module_file(self, path: str, specifier: str) -> str | None:
        """The file an import specifier in ``path`` names: a relative one, or the name of a
        package the repository holds."""
        if not specifier.startswith("."):  # build output imports the build, not the source
            return None if is_built(path) else self._packages.file_of(specifier)
        return self._file_at(posixpath.normpath(posixpath.join(posixpath.dirname(path), specifier)))

    def _file_at(self, base: str) -> str | None:
        stem, extension = posixpath.splitext(base)
        candidates = [base, *(base + e for e in _EXTENSIONS)]
        candidates += [f"{base}/index{e}" for e in _EXTENSIONS]
        candidates += [stem + e for e in _COMPILED_TO.get(extension, ())]
        return next((c for c in candidates if self.table.language(c) and self._in_family(c)), None)

    # -- imports ----------------------------------------------------------------------------

    def bound_name(self, item: Import) -> str:
        if not item.module:
            return ""  # `export { a as b }` names `a` for importers; it binds nothing here
        return item.alias or ("" if item.name == "*" else item.name)

    def import_value(self, path: str, item: Import) -> Value:
        if not item.module:
            return self.lookup(path, "", item.name)
        target = self.module_file(path, item.module)
        if target is None:
            return UNKNOWN if item.module.startswith(".") else EXTERNAL
        if item.name == "*":
            return ModuleValue(target)
        if not item.name:  # a default import, or `require`: the default export if known
            for export in ("default", "exports"):  # `export default f`, `module.exports = f`
                value = self.module_member(target, export)
                if value is not UNKNOWN:
                    return value
            return ModuleValue(target)
        return self.module_member(target, item.name)

    def module_member(self, module: str, name: str) -> Value:
        """What ``module`` exports as ``name``; an object literal's method of the name only when
        nothing is (``module.exports = { inspect() {...} }``): zod's classic schemas.ts has
        ``array() {...}``, ``catch() {...}`` and ``properties() {...}`` in prototype literals,
        and ``export function array``, ``export { _catch as catch }``, and ``properties``
        re-exported by a later ``export *``."""
        value = self._exported(module, name)
        symbols = self.table.file(module)
        if value is UNKNOWN and symbols is not None and (method := symbols.definitions.get(name)) is not None:
            return symbol_value(method)
        return value

    def _exported(self, module: str, name: str) -> Value:
        """What ``module`` exports as ``name``. A constant holding a function or a class is
        another name for it (zod's ``export const numberType = ZodNumber.create``)."""
        symbols = self.table.file(module)
        if symbols is None:
            return UNKNOWN
        symbol = self._local_definition(symbols, name)
        if symbol is not None:
            value = symbol_value(symbol)
            held = self._held(value)
            return held if isinstance(held, DefValue | ClassValue) else value
        exports = symbols.imports.get("", ())
        for item in exports:
            if (item.alias or item.name) == name:  # `export { a as name }`, `export * as name`
                return self.imported(module, item)
        for item in exports:
            if item.name == "*" and not item.alias and (target := self.module_file(module, item.module)):
                value = self._exported(target, name)
                if value is not UNKNOWN:
                    return value
        return UNKNOWN

    def outer_value(self, path: str, scope: str, name: str) -> Value:
        return EXTERNAL if name in _GLOBALS else UNKNOWN

    def field_value(self, cls: Symbol, name: str) -> Value:
        """Also TypeScript's parameter properties (``constructor(private repo: Repo)``), and
        a function the constructor gives each instance (``this.onTick = () => {...}``)."""
        value = super().field_value(cls, name)
        if value is not UNKNOWN:
            return value
        given = self.table.symbol(cls.path, f"{cls.qualname}.constructor.{name}")
        if given is not None and given.kind == "method":
            return DefValue(given)
        return self.bound_value(cls.path, f"{cls.qualname}.constructor", name)


def _as_receiver(receiver: Value) -> Value:
    """What ``this`` is in a method called on ``receiver``: the instance itself (``super.m()``
    is the caller's own); UNKNOWN for anything else, such as a class whose method is read
    through it."""
    if isinstance(receiver, InstanceValue):
        return receiver
    return InstanceValue(receiver.symbol) if isinstance(receiver, SuperValue) else UNKNOWN
