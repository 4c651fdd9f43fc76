"""Scope-aware resolution shared by every language without a Python-style resolver of its own.

What JavaScript, TypeScript, Go, Rust, Java, C and C++ have in common is resolved here:
lexical scopes, classes whose members are reached through ``this``/``self`` (or, in Java and
C++, by bare name), base classes, methods defined outside their class body (Go receivers,
Rust ``impl`` blocks, C++ ``Foo::bar``), and simple types: a declared type, ``new Foo()``, a
call to a function whose return type is declared, a field's type. What differs between
languages (what an import binds, what is visible beyond a file) is a handful of hooks that
a per-language subclass overrides. Anything not resolved is left to the call graph's
name-based rules.
"""

from __future__ import annotations

from ..anonymous import named_scope, segment_span
from ..extract import CLASS_KINDS, VALUE_KINDS
from ..facts import Import
from ..languages import LANGUAGES
from ..nesting import Nesting
from ..symbols import FileSymbols, Symbol, SymbolTable
from .hierarchy import ResolverBase, parent_of
from .values import (
    EXTERNAL,
    UNKNOWN,
    ClassValue,
    ContainerValue,
    DefValue,
    InstanceValue,
    ModuleValue,
    Resolution,
    SuperValue,
    TupleValue,
    Value,
    place_of,
    symbol_value,
)
from .written import called, constructed_class, is_builtin_compound, split_last, split_path, step_types, type_name

__all__ = ["GenericResolver", "resolution_of"]


class GenericResolver(ResolverBase):
    """Resolves references of one language family against a :class:`SymbolTable`."""

    self_names: tuple[str, ...] = ("this", "self")
    """The names of the instance a method runs on (Rust's ``self``, C++'s and Java's ``this``)."""

    members_visible = False
    """Whether code in a method sees its class's members by bare name (Java, C++)."""

    holders: frozenset[str] = frozenset()
    """Generic types read as their first argument, beyond the pointers every language has
    (see :func:`type_name`)."""

    class_kinds: frozenset[str] = CLASS_KINDS
    """The kinds of definition that have members and instances (in Go, any defined type)."""

    sequences: frozenset[str] = frozenset()
    """Generic types from outside the repository that a loop goes through element by element,
    the element being their first argument (C++'s ``std::vector``, Rust's ``Vec``)."""

    mappings: frozenset[str] = frozenset()
    """Generic types from outside the repository that a loop goes through pair by pair, the
    key being their first argument and the value their second (``std::map``, ``HashMap``)."""

    def __init__(self, table: SymbolTable, family: str) -> None:
        super().__init__(table)
        self.family = family
        self._around: dict[str, dict[Symbol, str]] = {}  # path -> definition -> anonymous scope around
        self._written_in: dict[str, dict[str, str]] = {}  # the same by qualified name, where it is one

    def value_of(self, symbol: Symbol) -> Value:
        """What naming a definition gives in this language (see :func:`symbol_value`)."""
        return symbol_value(symbol, self.class_kinds)

    # -- the Resolver protocol --------------------------------------------------------------

    def resolve(self, path: str, scope: str, receiver: str, name: str) -> Resolution:
        if not receiver:
            return resolution_of(self.lookup(path, scope, name))
        base = self.evaluate(path, scope, receiver)
        return resolution_of(self.attribute(base, name), base)

    def constructor_of(self, cls: Symbol) -> Symbol | None:
        for klass in self.mro(cls)[0]:
            name = self.constructor_name(klass)
            member = self.member(klass, name) if name else None
            if member is not None:
                return member
        return None

    def module_files(self, module: str) -> list[str]:
        return []

    def import_targets(self, path: str, item: Import) -> list[str]:
        return []

    # -- hooks a language overrides ---------------------------------------------------------

    def constructor_name(self, cls: Symbol) -> str | None:
        """The name of the method that constructs ``cls``, if the language has one."""
        return None

    def bound_name(self, item: Import) -> str:
        """The local name an import binds ('' if none)."""
        return item.alias or item.name

    def import_value(self, path: str, item: Import) -> Value:
        """What the name an import binds stands for."""
        return UNKNOWN

    def outer_value(self, path: str, scope: str, name: str) -> Value:
        """What a bare name not defined or imported in its file stands for: a name of the same
        Go or Java package, of an included C header, a builtin."""
        return UNKNOWN

    def module_member(self, module: str, name: str) -> Value:
        """``name`` in a :class:`ModuleValue` of this language (a JS file, a Go package)."""
        return UNKNOWN

    def shares_members(self, path: str, other: str) -> bool:
        """Whether ``other`` may define members of a class or namespace of ``path`` outside its
        body (a Go package's files, a Rust crate's, any C++ file)."""
        return path == other

    # -- names ------------------------------------------------------------------------------

    def lookup(self, path: str, scope: str, name: str, *, variables: bool = True) -> Value:
        """What bare ``name`` means in ``scope`` of ``path``, innermost scope first; without
        ``variables``, what it names among definitions and imports only (Java's called name,
        which no local variable or parameter hides)."""
        symbols = self.table.file(path)
        if symbols is None:
            return UNKNOWN
        incomplete = hidden = False  # a base outside around; a method further out may be one of its (may_inherit)
        look_in_scope = self._lookup_in_scope if variables else self._definition_in_scope
        child, level = "", scope
        while True:
            if level and self._is_class_level(symbols, level, child):
                cls = self.class_at(path, level) if self.members_visible else None
                # Inside Java's or C++'s `Foo`, `Foo` is the class, not its constructor.
                if cls is not None and name != self.constructor_name(cls):
                    value = self._member_seen(cls, name)
                    if value not in (UNKNOWN, EXTERNAL):
                        return UNKNOWN if hidden and _is_function(value) else value
                    incomplete = incomplete or value is EXTERNAL
                    hidden = hidden or (value is EXTERNAL and self.may_inherit(symbols, level, name))
            else:
                found = look_in_scope(symbols, level, name)
                if found is not None:
                    return found
                hidden = hidden or self.may_inherit(symbols, level, name)
            if not level:
                break
            child, level = level, self.scope_around(symbols, level)
        outer = self.outer_value(path, scope, name)
        return EXTERNAL if outer is UNKNOWN and incomplete else outer

    def may_inherit(self, symbols: FileSymbols, scope: str, name: str) -> bool:
        """Whether code in ``scope``, which does not define ``name``, may inherit a method of
        that name from a class outside the repository: an anonymous class that is no class level
        of the walk (Java's ``new Thread() {...}``, whose ``start()`` is Thread's), or a class
        level whose members leave ``name`` to an outside base (an inner ``class Inner extends
        Thread``). A class's method further out is then not surely the one meant. Its fields are
        kept: an outside base seldom lends one (an interface none but constants), and its
        methods often."""
        return False

    def scope_around(self, symbols: FileSymbols, scope: str) -> str:
        """The scope whose names code in ``scope`` sees next, after its own. A definition
        written in an anonymous function sees that function's names, though its qualified
        name leaves the function out (see :mod:`..anonymous`): a method of a Java anonymous
        class in a lambda, a JavaScript function declared in a callback."""
        written_in = self._written_in.get(symbols.path)
        if written_in is None:
            written_in = self._written_in[symbols.path] = _by_qualname(self._anonymous_around(symbols), symbols)
        return written_in.get(scope) or parent_of(scope)

    def _anonymous_around(self, symbols: FileSymbols) -> dict[Symbol, str]:
        """The innermost anonymous function around each definition of the file written in one
        (see :func:`_innermost_anonymous_scopes`), computed once per file."""
        if symbols.path not in self._around:
            self._around[symbols.path] = _innermost_anonymous_scopes(symbols)
        return self._around[symbols.path]

    def _member_seen(self, cls: Symbol, name: str) -> Value:
        """``name`` as code in class ``cls`` sees it among the members, its own and its bases'.
        A base's name is that base, not its constructor (``exception::name()`` in a subclass
        of nlohmann's ``exception``), as the class's own name is the class."""
        value = self.attribute(InstanceValue(cls), name)
        if not isinstance(value, DefValue):
            return value
        owner = parent_of(value.symbol.qualname)
        base = self.class_at(value.symbol.path, owner) if owner.rpartition(".")[2] == name else None
        return ClassValue(base) if base is not None else value

    def _lookup_in_scope(self, symbols: FileSymbols, scope: str, name: str) -> Value | None:
        defined = self._definition_in_scope(symbols, scope, name)
        if defined is not None:
            return defined
        symbol = self._written_definition(symbols, scope, name)
        bound = symbols.bindings.get(scope, {}).get(name)
        value = self._binding_value(symbols.path, scope, bound) if bound else None
        # A declared type says what a constant holds, which a receiver reads (head_value).
        if symbol is not None and (value in (None, UNKNOWN) or all(kind == "type" for _, kind in bound or ())):
            return DefValue(symbol)
        return value

    def _definition_in_scope(self, symbols: FileSymbols, scope: str, name: str) -> Value | None:
        """What ``name`` names among the definitions (not constants) and imports of ``scope``
        itself, leaving out the variables it binds; None if nothing there."""
        symbol = self._written_definition(symbols, scope, name)
        if symbol is not None and symbol.kind not in VALUE_KINDS:
            return self.value_of(symbol)
        for item in reversed(symbols.imports.get(scope, ())):
            if self.bound_name(item) == name:
                return self.imported(symbols.path, item)
        return None

    def _written_definition(self, symbols: FileSymbols, scope: str, name: str) -> Symbol | None:
        """The definition ``scope`` holds as ``name``, written inside it."""
        symbol = self._local_definition(symbols, f"{scope}.{name}" if scope else name)
        if symbol is not None and not _written_inside(symbols, scope, symbol):
            return None  # `View.prototype.resolve = ...` is no local of the function View
        return symbol

    def _local_definition(self, symbols: FileSymbols, qualname: str) -> Symbol | None:
        """The definition of ``qualname`` that a bare name can name, the first if several."""
        symbol = symbols.definitions.get(qualname)
        if symbol is None or self.named_bare(symbol):
            return symbol
        return next((s for s in symbols.all_named(qualname) if self.named_bare(s)), None)

    def named_bare(self, symbol: Symbol) -> bool:
        """Whether code in the scope around ``symbol`` may call it by its bare name (a
        JavaScript object literal's method is reached only through its object)."""
        return True

    def _is_class_level(self, symbols: FileSymbols, level: str, child: str) -> bool:
        """Whether scope ``level`` is a class body. Seen from a method defined outside the class
        (``func (s *Server)``, ``impl Foo``, ``void Foo::bar()``) it may have no definition in
        this file; the method below it then says it is one. An anonymous function is no class
        body, though a method is written in it (rxjs's ``next: (value) => {...}`` in an object
        literal passed inside a Promise callback, a Java anonymous class's in a lambda)."""
        if segment_span(level.rpartition(".")[2]) is not None:
            return False
        kind = symbols.kind_of(named_scope(level))
        if kind is not None:
            return kind in self.class_kinds
        return bool(child) and symbols.kind_of(named_scope(child)) == "method"

    def class_at(self, path: str, qualname: str) -> Symbol | None:
        """The class a scope of ``path`` names, defined in the file or, for methods defined
        outside their class, wherever the file's names lead (an import, an include)."""
        qualname = named_scope(qualname)  # a class in an anonymous class is named without it
        symbol = self.table.symbol(path, qualname)
        if symbol is not None:
            return symbol if symbol.kind in self.class_kinds else None
        value = self.evaluate(path, "", qualname)
        if isinstance(value, ClassValue):
            return value.symbol
        found = self.defined_elsewhere(path, qualname)
        return found if found is not None and found.kind in self.class_kinds else None

    def enclosing_class(self, path: str, scope: str) -> Symbol | None:
        symbols = self.table.file(path)
        child = ""
        while scope and symbols is not None:
            if self._is_class_level(symbols, scope, child):
                return self.class_at(path, scope)
            child, scope = scope, parent_of(scope)
        return None

    def defined_elsewhere(self, path: str, qualname: str) -> Symbol | None:
        """The one definition of ``qualname`` in a file that :meth:`shares_members` with
        ``path`` (a Go method in a sibling file, a C++ ``Foo::bar`` in a .cpp). Several in one
        file are one answer, as a callers key is a path and a qualname: Rust's ``impl Trait for
        Value`` and ``impl Trait for &Value`` both define ``Value.f``."""
        name = qualname.rpartition(".")[2]
        found = [
            s
            for s in self.table.definitions_named(name)
            if s.qualname == qualname and self._in_family(s.path) and self.shares_members(path, s.path)
        ]
        return found[0] if len({s.path for s in found}) == 1 else None

    def member(self, cls: Symbol, name: str) -> Symbol | None:
        """The definition of ``name`` in class ``cls`` itself (not its bases)."""
        qualname = f"{cls.qualname}.{name}"
        return self.table.symbol(cls.path, qualname) or self.defined_elsewhere(cls.path, qualname)

    def _in_family(self, path: str) -> bool:
        lang = self.table.language(path)
        return lang is not None and LANGUAGES[lang].family == self.family

    # -- expressions ------------------------------------------------------------------------

    def _evaluate(self, path: str, scope: str, expression: str) -> Value:
        callee = called(expression)
        if callee is not None:
            return self.call_result(self.callee_value(path, scope, callee)) if callee else UNKNOWN
        parts = split_path(expression)
        if parts is None:
            return UNKNOWN
        value = self.head_value(path, scope, parts[0])
        for part in parts[1:]:
            value = self.member_value(value, part)
        return value

    def head_value(self, path: str, scope: str, head: str) -> Value:
        """The first name of a receiver: ``this``/``self``, ``Self``, ``super``, or a name."""
        if head in self.self_names or head in ("Self", "super"):
            cls = self.enclosing_class(path, scope)
            if cls is None:
                return UNKNOWN
            if head == "Self":
                return ClassValue(cls)
            return SuperValue(cls) if head == "super" else InstanceValue(cls)
        return self._held(self.lookup(path, scope, head))

    def callee_value(self, path: str, scope: str, callee: str) -> Value:
        """What a called expression names: the method itself at the end of ``a.b.m``, the class
        ``new a.Foo`` of ``new a.Foo()`` (in ``new Foo().make`` the receiver is what is new)."""
        callee = constructed_class(callee) or callee
        receiver, name = split_last(callee)
        if not receiver:
            return self.evaluate(path, scope, callee)
        return self.attribute(self.evaluate(path, scope, receiver), name)

    def call_result(self, callee: Value) -> Value:
        """What calling ``callee`` returns, where that is known."""
        if isinstance(callee, ClassValue):
            return InstanceValue(callee.symbol)
        if isinstance(callee, DefValue) and callee.symbol.returns:
            symbol = callee.symbol
            return self.type_value(symbol.path, symbol.qualname, symbol.returns)
        return EXTERNAL if callee is EXTERNAL else UNKNOWN

    def type_value(self, path: str, scope: str, text: str) -> Value:
        """The instance a type such as ``*Server``, ``&mut Foo`` or ``Box<Foo>`` describes, or
        the container ``std::vector<Foo>`` or ``[]*Server`` does."""
        value = self.class_value(path, scope, text)
        if isinstance(value, ClassValue):
            return InstanceValue(value.symbol)
        step = self.step_types(text) if value is EXTERNAL else []
        if not step:
            return value
        parts = tuple(self.type_value(path, scope, part) for part in step)
        return ContainerValue(parts[0] if len(parts) == 1 else TupleValue(parts))

    def step_types(self, text: str) -> list[str]:
        """The written types of what one step of a loop over a value of type ``text`` gives:
        its element, or the two parts of a pair; [] if the language's loops know no such
        container."""
        return step_types(text, self.sequences, self.mappings)

    def class_value(self, path: str, scope: str, text: str) -> Value:
        if is_builtin_compound(text):
            return EXTERNAL  # a slice, array or map: its methods are the language's own
        name = type_name(text, self.holders)
        if name is None:
            return UNKNOWN
        value = self.evaluate(path, scope, name)
        if isinstance(value, ClassValue) or value is EXTERNAL:
            return value
        return UNKNOWN

    def _binding_value(self, path: str, scope: str, bound: list[tuple[str, str]]) -> Value:
        """The one value every typed binding of a name agrees on; UNKNOWN when the name is
        also bound in a way we cannot type (a plain parameter, ``x = y``), or declared with
        a type that is no class we know as well as with one that is (one name in two
        functions that a macro names alike: ``Json::String errs`` and ``Json::Value errs``).
        Containers of different elements (``ranges: &[Range]`` and a later ``let ranges:
        Vec<(char, char)>``) disagree on nothing but their elements: the name is outside."""
        if any(kind == "local" for _, kind in bound):
            return UNKNOWN
        typed = [(self._bound_value(path, scope, text, kind), kind) for text, kind in bound]
        if any(value is UNKNOWN and kind.partition(".")[0] in ("type", "each") for value, kind in typed):
            return UNKNOWN
        values = {value for value, _ in typed}
        values.discard(UNKNOWN)
        if len(values) > 1 and all(value is EXTERNAL or isinstance(value, ContainerValue) for value in values):
            return EXTERNAL
        return values.pop() if len(values) == 1 else UNKNOWN

    def _bound_value(self, path: str, scope: str, text: str, kind: str) -> Value:
        """What one binding gives: a call's result (``call.1``: its second, as in Go's
        ``_, b := f()``), a declared type's instance, an array of them, each step of a loop
        (``each.1``: its second place), a name's or a call's value."""
        holds, _, place = kind.partition(".")
        if holds == "call":
            callee = self.callee_value(path, scope, text)
            return self.later_result(callee, int(place)) if place else self.call_result(callee)
        if holds == "each":
            step = self.loop_step(path, scope, text)
            return place_of(step, int(place)) if place else step
        if kind == "type":
            return self.type_value(path, scope, text)
        if kind == "array":  # a C array of elements of type `text`
            return ContainerValue(self.type_value(path, scope, text))
        if split_path(text) or called(text) is not None:  # `send.mime`, `s.find(1)`
            return self.evaluate(path, scope, text)
        return EXTERNAL  # a literal: its methods are the language's own

    def loop_step(self, path: str, scope: str, iterated: str) -> Value:
        """What one step of a loop over ``iterated`` gives: an element, or a pair of a key and
        its value as a :class:`TupleValue`."""
        held = self.evaluate(path, scope, iterated)
        return held.items if isinstance(held, ContainerValue) else UNKNOWN

    def later_result(self, callee: Value, place: int) -> Value:
        """What the result at ``place`` (1 and on) of calling ``callee`` is, in a language
        whose functions return several."""
        return UNKNOWN

    # -- members ----------------------------------------------------------------------------

    def _attribute(self, value: Value, name: str) -> Value:
        if isinstance(value, ModuleValue):
            return self.module_member(value.name, name)
        if isinstance(value, DefValue) and value.symbol.kind == "module":
            return self.namespace_member(value.symbol, name)
        if not isinstance(value, ClassValue | InstanceValue | SuperValue):
            return EXTERNAL if value is EXTERNAL or isinstance(value, ContainerValue | TupleValue) else UNKNOWN
        mro, complete = self.mro(value.symbol)
        if isinstance(value, SuperValue):
            mro = mro[1:]
        for klass in mro:
            member = self.member(klass, name)
            if member is not None:
                return self.value_of(member)
        if not isinstance(value, ClassValue):
            for klass in mro:
                field = self.field_value(klass, name)
                if field is not UNKNOWN:
                    return field
            if any(self._declares_field(klass, name) for klass in mro):
                return UNKNOWN  # of a type not known (Rust's `formatter: F`), but no outside base's
        return UNKNOWN if complete else EXTERNAL

    def member_value(self, value: Value, name: str) -> Value:
        """Like :meth:`attribute`, for a name in the middle of a receiver: a constant stands
        for its value."""
        return self._held(self.attribute(value, name))

    def _held(self, value: Value) -> Value:
        """What a receiver naming ``value`` holds: a constant's or variable's bound value
        (``TraceLevel`` of Go's ``const ( PanicLevel Level = iota; ...; TraceLevel )`` is a
        ``Level``), where a plain reference names the definition itself."""
        if isinstance(value, DefValue) and value.symbol.kind in VALUE_KINDS:
            symbol = value.symbol
            return self.bound_value(symbol.path, parent_of(symbol.qualname), symbol.name)
        return value

    def namespace_member(self, namespace: Symbol, name: str) -> Value:
        """``name`` in a module-like definition: a Rust ``mod``, a C++ or TS namespace."""
        member = self.member(namespace, name)
        return self.value_of(member) if member is not None else UNKNOWN

    def _declares_field(self, cls: Symbol, name: str) -> bool:
        """Whether ``cls``'s body declares field ``name``: then no base outside the repository
        holds it, even when its type is not known."""
        symbols = self.table.file(cls.path)
        return symbols is not None and name in symbols.bindings.get(cls.qualname, {})

    def field_value(self, cls: Symbol, name: str) -> Value:
        """The value of field ``name`` of an instance of ``cls``: its declared type in the class
        body, or what ``this.name = ...`` assigns in a method."""
        symbols = self.table.file(cls.path)
        bound = symbols.member_bindings(cls.qualname, self.self_names).get(name, ()) if symbols else ()
        for scope, bindings in bound:
            value = self._binding_value(cls.path, scope, bindings)
            if value is not UNKNOWN:
                return value
        return UNKNOWN

    # -- classes ----------------------------------------------------------------------------

    def base_class_value(self, cls: Symbol, base: str) -> Value:
        return self.class_value(cls.path, parent_of(cls.qualname), base)


def resolution_of(value: Value, receiver: Value | None = None) -> Resolution:
    """What a reference resolves to, given what its name gives (read on ``receiver``'s value,
    for a reference with a receiver)."""
    if isinstance(value, DefValue | ClassValue):
        return Resolution(symbol=value.symbol)
    if value is EXTERNAL or isinstance(value, ModuleValue | InstanceValue | SuperValue):
        return Resolution(outside=value is EXTERNAL)
    if isinstance(receiver, InstanceValue | ClassValue | SuperValue):
        return Resolution(receiver_class=receiver.symbol)
    return Resolution(outside=receiver is EXTERNAL)


def _written_inside(symbols: FileSymbols, scope: str, symbol: Symbol) -> bool:
    """Whether ``symbol`` is written inside the definition ``scope`` names in this file (or
    ``scope`` is the module, a namespace, or no definition here): only then is it a name code
    there sees. A JavaScript prototype method, a Go method or an ``impl`` item is named under
    its type but written outside it. A namespace is open: what one of its blocks defines (or
    an out-of-line ``void ns::f()``) is seen from the others, of which the file's definitions
    keep only the first."""
    owner = symbols.definitions.get(scope) if scope else None
    return owner is None or owner.kind == "module" or owner.line <= symbol.line <= symbol.end_line <= owner.end_line


def _is_function(value: Value) -> bool:
    return isinstance(value, DefValue) and value.symbol.kind in ("method", "function")


def _innermost_anonymous_scopes(symbols: FileSymbols) -> dict[Symbol, str]:
    """The innermost anonymous function holding each definition of the file that is written
    in one, inside the definition it is named under if that is in the file (``inst.extract =
    function () {...}`` in a callback is named under no definition)."""
    anonymous = {scope for scope in (*symbols.bindings, *symbols.imports) if scope != named_scope(scope)}
    spans = {scope: segment_span(scope.rpartition(".")[2]) for scope in anonymous}  # parsed once per file
    # The functions nest, so the innermost one holding a definition is found by bisection (a
    # minified bundle has hundreds of definitions and of functions and blocks with names).
    nesting = Nesting([(_offset(span[0]), _offset(span[1]), scope) for scope, span in spans.items() if span])
    around: dict[Symbol, str] = {}
    for symbol in symbols.in_order:
        if symbol.kind in VALUE_KINDS:
            continue
        owner = symbols.definitions.get(parent_of(symbol.qualname))
        scope = nesting.innermost(_offset((symbol.line, symbol.column)))
        # One holding the definition it is named under holds no more than that definition does.
        if scope is not None and (owner is None or not _holds(spans[scope], owner)):
            around[symbol] = scope
    return around


def _offset(point: tuple[int, int]) -> int:
    """A ``(line, column)`` as one number, in the same order."""
    return (point[0] << 32) + point[1]


def _by_qualname(around: dict[Symbol, str], symbols: FileSymbols) -> dict[str, str]:
    """:func:`_innermost_anonymous_scopes` by qualified name; a name that several definitions
    share is left out unless they are written in one function."""
    found: dict[str, set[str]] = {}
    for symbol in symbols.in_order:
        if symbol.kind not in VALUE_KINDS:
            found.setdefault(symbol.qualname, set()).add(around.get(symbol, ""))
    return {qualname: scopes.pop() for qualname, scopes in found.items() if len(scopes) == 1 and "" not in scopes}


def _holds(span: tuple[tuple[int, int], tuple[int, int]] | None, symbol: Symbol) -> bool:
    """Whether an anonymous function's ``span`` (None for none) holds the start of ``symbol``."""
    return span is not None and span[0] <= (symbol.line, symbol.column) < span[1]
