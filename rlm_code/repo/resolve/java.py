"""Java: classes are found by their fully qualified names, through the folder convention.

``com.shop.model.Order`` lives in a file whose path ends ``com/shop/model/Order.java`` (under
``src/main/java`` or any other source root), and a nested ``Order.Line`` in the same file.
A file sees its imports (single-type, on-demand ``*``, static and static ``*``), the classes
of its own package (its folder), and ``java.lang``. Members are visible by bare name inside
a class and its subclasses. When two modules define one fully qualified name, an import
means its own module's class, and neither from a third module.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections import defaultdict
from dataclasses import replace

from ..anonymous import named_scope, segment_span
from ..extract import CLASS_KINDS
from ..facts import Import
from ..symbols import FileSymbols, Symbol, SymbolTable
from .generic import GenericResolver, resolution_of
from .hierarchy import parent_of
from .java_library import (
    ENUM_METHODS,
    INTERFACE_MEMBERS,
    JAVA_LANG,
    MAPPINGS,
    OBJECT_METHODS,
    SEQUENCES,
    collection_method_value,
)
from .values import (
    EXTERNAL,
    UNKNOWN,
    ClassValue,
    ContainerValue,
    DefValue,
    InstanceValue,
    Resolution,
    SuperValue,
    TupleValue,
    Value,
)
from .written import (
    called,
    closing_bracket,
    constructed_class,
    split_arguments,
    split_last,
    split_path,
    subscript,
    type_name,
)

__all__ = ["JavaResolver"]

_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*")
_UNRESOLVED = Resolution()
# A cast, as a receiver writes it compacted: `((Foo)x)`, `((Map.Entry<K,V>)o)`, `((Foo[])a)`. A
# class's name starts with a capital: `((a)+(b))` is a sum.
_CAST = re.compile(r"\(\((?P<type>(?:[\w$]+\.)*[A-Z][\w$]*(?:<.*>)?(?:\[\])*)\).+\)")
# A wildcard type argument: `?extendsFoo` (as compacted) is a Foo, `?` or `?superFoo` unknown.
_WILDCARD = re.compile(r"\?\s*(?:extends\s*(.+)|super.*)?")
# Where a method's type parameters open: a `<` that follows no name (`public <T> T f()`, not
# the `Map<` of a return type).
_TYPE_PARAMETERS = re.compile(r"(?:^|\s)<")
# A string or character literal among a call's written arguments, whose commas separate none.
_STRING_LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"' + r"|'(?:[^'\\]|\\.)*'")


class JavaResolver(GenericResolver):
    """Resolves Java references."""

    members_visible = True
    sequences = SEQUENCES
    mappings = MAPPINGS

    def __init__(self, table: SymbolTable, family: str) -> None:
        super().__init__(table, family)
        self._type_variables: dict[str, dict[str, dict[str, str]]] = {}  # path -> scope -> name -> bound
        self._anonymous_bases: dict[tuple[str, str], Value | None] = {}  # (path, body scope) -> its base

    @functools.cached_property
    def _folders(self) -> dict[str, list[str]]:
        """Folder -> its Java files: a package's classes."""
        return self.table.paths_by_folder("java")

    @functools.cached_property
    def _package_files(self) -> dict[str, list[str]]:
        """A package's files, across the source roots of a Maven or Gradle layout: the classes
        in ``src/main/java/p`` and ``src/test/java/p`` are one package ``p``."""
        found: dict[str, list[str]] = defaultdict(list)
        for folder, paths in self._folders.items():
            found[_package_folder(folder)].extend(paths)
        return dict(found)

    @functools.cached_property
    def _packages(self) -> dict[str, list[str]]:
        """Every tail of a folder (``model``, ``shop/model``, ``com/shop/model``, ...) -> the
        files of the folders it ends: the candidates for a package, whatever the source root."""
        found: dict[str, list[str]] = defaultdict(list)
        for folder, paths in self._folders.items():
            parts = folder.split("/")
            for cut in range(len(parts)):
                found["/".join(parts[cut:])].extend(paths)
        return dict(found)

    def classes_named(self, fqn: str) -> list[tuple[Symbol, str]]:
        """Each class a fully qualified name (``com.shop.Order``, ``com.shop.Order.Line``) names,
        one per module that defines it, with the folder of that module."""
        parts = fqn.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            package = ".".join(parts[:cut])
            found = []
            for path in self._package_paths(package):
                if posixpath.basename(path) == f"{parts[cut]}.java":
                    symbol = self.table.symbol(path, ".".join(parts[cut:]))
                    if symbol is not None and symbol.kind in CLASS_KINDS:
                        found.append((symbol, _module_of(path, package)))
            if found:
                return found
        return []

    def class_named(self, fqn: str, seen_from: str) -> Symbol | None:
        """The class ``fqn`` names for code in ``seen_from`` (see :func:`_seen_from`)."""
        return _seen_from(self.classes_named(fqn), seen_from)

    def _package_paths(self, package: str) -> list[str]:
        return sorted(self._packages.get(package.replace(".", "/"), ()))

    # -- the Resolver protocol --------------------------------------------------------------

    def resolve(self, path: str, scope: str, receiver: str, name: str) -> Resolution:
        """As for every language; a name that holds an array, a collection or a map entry
        (``array`` of ``int[] array`` passed on) names something of the language's own, and
        ``this.m()`` in an anonymous class is its own (see :meth:`_anonymous_self_member`)."""
        member = self._anonymous_self_member(path, scope, receiver, name) if receiver in ("this", "super") else None
        if member is not None:
            return resolution_of(member)
        resolution = super().resolve(path, scope, receiver, name)
        if resolution != _UNRESOLVED or receiver:
            return resolution
        held = self.lookup(path, scope, name)
        return Resolution(outside=True) if isinstance(held, ContainerValue | TupleValue) else resolution

    def resolve_call(self, path: str, scope: str, receiver: str, name: str, arity: int = -1) -> Resolution:
        """As :meth:`resolve`; but a bare name called is a method's (or a class's, ``new
        Foo()``), which Java looks up apart from variables (JLS 6.5.7.1): commons-lang's
        ``max = max(array[j], max)`` in IEEE754rUtils calls the method ``max``, a local of
        that name notwithstanding. Of overloads, the one called takes ``arity`` arguments
        (see :meth:`_overload`)."""
        if receiver:
            resolution = self.resolve(path, scope, receiver, name)
        else:
            resolution = resolution_of(self.lookup(path, scope, name, variables=False))
        method = resolution.symbol
        if arity < 0 or method is None or method.kind != "method":
            return resolution
        return replace(resolution, symbol=self._overload(method, arity))

    def _overload(self, method: Symbol, arity: int) -> Symbol:
        """The overload of ``method`` that a call passing ``arity`` arguments reaches: one of
        the class that declares ``method``, or else of the nearest ancestor that declares one
        (jsoup's ``el.attr("href")`` calls ``Node.attr(String)``, though ``Element``
        overrides ``attr(String, String)``). Which of several taking as many arguments is
        meant would need the arguments' types: ``method`` if it is one of them, else the
        first. No overload taking them leaves ``method``."""
        owner = self.class_at(method.path, parent_of(method.qualname))
        for klass in self.mro(owner)[0] if owner is not None else ():
            symbols = self.table.file(klass.path)
            declared = symbols.all_named(f"{klass.qualname}.{method.name}") if symbols else []
            exact = [m for m in declared if m.kind == "method" and _takes(m, arity, varargs=False)]
            fitting = exact or [m for m in declared if m.kind == "method" and _takes(m, arity, varargs=True)]
            if fitting:
                return method if method in fitting else fitting[0]
        return method

    def module_files(self, module: str) -> list[str]:
        classes = self.classes_named(module)
        return sorted(cls.path for cls, _ in classes) if classes else self._package_paths(module)

    def import_targets(self, path: str, item: Import) -> list[str]:
        if item.name == "*":
            return self.module_files(item.module)
        classes, _ = self._imported_classes(item)
        if not classes:
            return []
        cls = _seen_from(classes, path)  # another module's class of that name is not meant
        return [cls.path] if cls is not None else sorted(other.path for other, _ in classes)

    # -- hooks ------------------------------------------------------------------------------

    def constructor_name(self, cls: Symbol) -> str | None:
        return cls.name

    def bound_name(self, item: Import) -> str:
        return "" if item.name == "*" else item.name

    def import_value(self, path: str, item: Import) -> Value:
        """The class imported, or the member of a static import (``import static a.B.m;``);
        UNKNOWN when two modules define the class and neither is the importing file's."""
        classes, member = self._imported_classes(item)
        if not classes:
            return EXTERNAL
        cls = _seen_from(classes, path)
        if cls is None:
            return UNKNOWN
        return self.attribute(ClassValue(cls), member) if member else ClassValue(cls)

    def _imported_classes(self, item: Import) -> tuple[list[tuple[Symbol, str]], str]:
        """The classes a non-wildcard import names (see :meth:`classes_named`), and the member
        a static import takes from them ('' when the import names a class itself)."""
        for fqn, member in ((f"{item.module}.{item.name}", ""), (item.module, item.name)):
            classes = self.classes_named(fqn)
            if classes:
                return classes, member
        return [], ""

    def outer_value(self, path: str, scope: str, name: str) -> Value:
        """A class of the same package, of an on-demand import, a static ``*`` member, or
        ``java.lang``."""
        for other in self._package_files.get(_package_folder(posixpath.dirname(path)), ()):
            symbol = self.table.symbol(other, name)
            if symbol is not None and symbol.kind in CLASS_KINDS:
                return ClassValue(symbol)
        symbols = self.table.file(path)
        for item in symbols.imports.get("", ()) if symbols else ():
            if item.name != "*":
                continue
            owner = self.class_named(item.module, path)
            value = (
                self.attribute(ClassValue(owner), name)
                if owner is not None
                else self._class_value(self.class_named(f"{item.module}.{name}", path))
            )
            if value not in (UNKNOWN, EXTERNAL):
                return value
        return EXTERNAL if name in JAVA_LANG else UNKNOWN

    @staticmethod
    def _class_value(cls: Symbol | None) -> Value:
        return ClassValue(cls) if cls is not None else UNKNOWN

    # -- expressions ------------------------------------------------------------------------

    def _evaluate(self, path: str, scope: str, expression: str) -> Value:
        """As for every language, and a cast is an instance of the type it names
        (``((TextNode) node).text()``, ``((Element) parentNode).tag()``); an element of an
        array is of its type, and what a collection's method gives is its element, itself,
        or a part of it (see ``_held``): ``childNodes.get(i).outerHtml()``,
        ``entry.getValue().getInstance()``. An expression in brackets is the expression. A
        call of an overloaded method gives what the overload its arguments pick returns
        (jsoup's ``settings.charset("ascii")`` is the settings again, ``settings.charset()``
        a ``Charset``). A path headed by no name in scope may be a class's fully qualified
        name (see :meth:`_qualified_class`)."""
        cast = _CAST.fullmatch(expression)
        if cast is not None and _is_cast(expression, cast.end("type")):
            return self.type_value(path, scope, cast["type"])
        if expression.startswith("(") and closing_bracket(expression, 0) == len(expression) - 1:
            return self.evaluate(path, scope, expression[1:-1])  # `(new Foo()).bar()`
        if (parts := subscript(expression)) is not None:
            held = self.evaluate(path, scope, parts[0])
            return held.items if isinstance(held, ContainerValue) else EXTERNAL if held is EXTERNAL else UNKNOWN
        if (qualified := self._qualified_class(path, scope, expression)) is not None:
            return qualified
        callee = called(expression)
        receiver, name = split_last(callee) if callee else ("", "")
        if receiver:
            held = self.evaluate(path, scope, receiver)
            if isinstance(held, InstanceValue) and self.attribute(held, name) is EXTERNAL:
                held = self._collection_base(held.symbol) or held
            if isinstance(held, ContainerValue | TupleValue):
                return collection_method_value(held, name)
        if callee:
            method = self.callee_value(path, scope, callee)
            if isinstance(method, DefValue) and method.symbol.kind == "method":
                method = DefValue(self._overload(method.symbol, _written_arity(expression[len(callee) + 1 : -1])))
            return self.call_result(method)
        return super()._evaluate(path, scope, expression)

    def _qualified_class(self, path: str, scope: str, expression: str) -> Value | None:
        """What a path headed by a package's name gives: a class written by its fully
        qualified name, and the members read after it (jsoup's tests call
        ``org.jsoup.Jsoup.parse(...)``); UNKNOWN if no package of the repository holds it;
        None for a path headed by a name in scope, or no path."""
        parts = split_path(expression)
        if not parts or len(parts) < 3 or not parts[0][:1].islower():
            return None
        if self.head_value(path, scope, parts[0]) is not UNKNOWN:
            return None
        for cut in range(len(parts), 2, -1):
            cls = self.class_named(".".join(parts[:cut]), path)
            if cls is not None:
                value: Value = ClassValue(cls)
                for part in parts[cut:]:
                    value = self.member_value(value, part)
                return value
        return UNKNOWN

    def _collection_base(self, cls: Symbol) -> ContainerValue | TupleValue | None:
        """The standard collection a class of the repository extends, whose methods it
        inherits: jsoup's ``Elements extends ArrayList<Element>``, where ``els.get(0)`` is an
        ``Element``; None if it extends none."""
        for klass in self.mro(cls)[0]:
            symbols = self.table.file(klass.path)
            for base in symbols.bases.get(klass.qualname, ()) if symbols else ():
                value = self.base_class_value(klass, base)
                if value is EXTERNAL:
                    held = self.type_value(klass.path, parent_of(klass.qualname), base)
                    if isinstance(held, ContainerValue | TupleValue):
                        return held
        return None

    def type_value(self, path: str, scope: str, text: str) -> Value:
        """As for every language, and: an array holds its elements (``Node[]``); a
        ``Map.Entry<K, V>`` is a pair; a map holds its values, which ``get`` gives
        (``Map<String, PluginHandle>``); ``? extends Foo`` is a ``Foo``."""
        text = text.strip()
        if text.endswith("[]"):
            return ContainerValue(self.type_value(path, scope, text[:-2]))
        bounded = _WILDCARD.fullmatch(text)
        if bounded is not None:
            return self.type_value(path, scope, bounded[1]) if bounded[1] else UNKNOWN
        value = super().type_value(path, scope, text)
        head, _, arguments = text.partition("<")
        short = head.rpartition(".")[2]
        if value is EXTERNAL and short == "Entry" and text.endswith(">"):
            parts = [self.type_value(path, scope, part) for part in split_arguments(arguments[:-1])]
            return TupleValue((parts[0], parts[1])) if len(parts) == 2 else value
        if isinstance(value, ContainerValue) and short in self.mappings:
            pair = value.items
            return ContainerValue(pair, values=pair.parts[1]) if isinstance(pair, TupleValue) else value
        return value

    # -- type variables -------------------------------------------------------------------

    def class_value(self, path: str, scope: str, text: str) -> Value:
        """As for every language; but a type variable of a class or method around ``scope``
        (``L`` of ``class ImmutablePair<L, R>``, ``T`` of ``<T> T first()``) is no class of
        its name: it stands for its bound (``<T extends Node>``), or for something unknown.
        Looked up as a name, it was a member of an outside base."""
        name = type_name(text, self.holders)
        bound = self._visible_type_variables(path, scope).get(name) if name and "." not in name else None
        if bound is None:
            return super().class_value(path, scope, text)
        return super().class_value(path, scope, bound) if bound else UNKNOWN

    def _visible_type_variables(self, path: str, scope: str) -> dict[str, str]:
        """The type variables of the classes and methods around ``scope`` (the innermost
        first), each with its first bound ('' if none)."""
        declared = self._type_variables.get(path)
        if declared is None:
            declared = self._type_variables[path] = _declared_type_variables(self.table.file(path))
        found: dict[str, str] = {}
        while scope:
            for name, bound in declared.get(scope, {}).items():
                found.setdefault(name, bound)
            scope = parent_of(scope)
        return found

    # -- fields, which are no methods -------------------------------------------------------

    def head_value(self, path: str, scope: str, head: str) -> Value:
        """As for every language; but a name read and not called is a variable, and a class's
        fields and methods are apart: jsoup's ``Node`` has a field ``parentNode`` and a
        method ``parentNode()``, and ``parentNode.removeChild(this)`` reads the field, of the
        innermost class around that declares one. In an anonymous class's method ``this``
        and ``super`` are the anonymous class's (see :meth:`_anonymous_body`)."""
        if head in ("this", "super") and self._anonymous_body(path, scope) is not None:
            return UNKNOWN
        value = super().head_value(path, scope, head)
        if not _is_method(value):
            return value
        local = self._local_variable(path, scope, head)
        if local is not None:
            return local
        cls = self.enclosing_class(path, scope)
        while cls is not None:
            field = self._field_of(InstanceValue(cls), head)
            if field is not None:
                return field
            cls = self.enclosing_class(cls.path, parent_of(cls.qualname))
        return UNKNOWN

    def _local_variable(self, path: str, scope: str, name: str) -> Value | None:
        """What a variable ``name`` of the code around ``scope`` holds, out to the innermost
        class: a method of an anonymous class there hides no local of its name (commons-lang's
        ``next.getValue()`` in an ``Iterator``'s ``hasNext``, ``next`` a local of the lambda
        around); None if there is none."""
        symbols = self.table.file(path)
        child, level = "", scope
        while symbols is not None and level and not self._is_class_level(symbols, level, child):
            found = self._variable_bound(symbols, level, name)
            if found is not None:
                return self._held(found)
            child, level = level, self.scope_around(symbols, level)
        return None

    def _anonymous_body(self, path: str, scope: str) -> str | None:
        """The body's scope of the innermost class around ``scope`` when that is an anonymous
        one, whose methods' code is named under its body (a segment, then the method's name);
        None when it is a named class or there is none. Its ``this`` is an instance of a class
        of no name, not of the class around it: in ``new Thread() { public void run() {
        this.start(); } }`` written in ``Use``, ``this.start()`` is Thread's."""
        symbols = self.table.file(path)
        while scope and symbols is not None:
            around, _, name = scope.rpartition(".")
            if segment_span(name) is None:
                if symbols.kind_of(named_scope(scope)) in CLASS_KINDS:
                    return None
                if segment_span(around.rpartition(".")[2]) is not None:
                    return around
            scope = around
        return None

    def _anonymous_self_member(self, path: str, scope: str, receiver: str, name: str) -> Value | None:
        """What ``this.name`` or ``super.name`` names in code of an anonymous class ``new T()
        {...}``: its own method (for ``this``), else T's member when T is the repository's;
        a member of T outside the repository (EXTERNAL) when T is outside, which may define it;
        UNKNOWN for a field of its own. None when ``scope`` is in no anonymous class."""
        symbols = self.table.file(path)
        body = self._anonymous_body(path, scope)
        if symbols is None or body is None:
            return None
        own = _own_method(symbols, body, name) if receiver == "this" else None
        if own is not None:
            return self.value_of(own)
        if receiver == "this" and self._variable_bound(symbols, body, name) is not None:
            return UNKNOWN
        base = self._anonymous_base(symbols, body)
        if isinstance(base, ClassValue):
            return self.attribute(InstanceValue(base.symbol), name)
        return EXTERNAL if base is EXTERNAL else UNKNOWN

    # -- anonymous classes: `new Thread() { public void run() { start(); } }` ----------------

    def _lookup_in_scope(self, symbols: FileSymbols, scope: str, name: str) -> Value | None:
        """As for every language; but an anonymous class's body holds its members (see
        :meth:`_anonymous_member`), and a method named under a method or a field is an
        anonymous class's, which code outside that class's body does not see by bare name."""
        base = self._anonymous_base(symbols, scope)
        if base is not None:
            return self._anonymous_member(symbols, scope, base, name)
        found = super()._lookup_in_scope(symbols, scope, name)
        if _is_method(found) and isinstance(found, DefValue) and found.symbol.qualname == f"{scope}.{name}":
            return self._variable_bound(symbols, scope, name)
        return found

    def _definition_in_scope(self, symbols: FileSymbols, scope: str, name: str) -> Value | None:
        """As for every language; but an anonymous class's body holds its methods and its
        base's (not its fields), and a method named under a method is an anonymous class's,
        which code outside that class's body does not call by bare name."""
        base = self._anonymous_base(symbols, scope)
        if base is not None:
            return self._anonymous_method(symbols, scope, base, name)
        found = super()._definition_in_scope(symbols, scope, name)
        if _is_method(found) and isinstance(found, DefValue) and found.symbol.qualname == f"{scope}.{name}":
            return None
        return found

    def _variable_bound(self, symbols: FileSymbols, scope: str, name: str) -> Value | None:
        """What a local, a parameter or a field that ``scope`` itself binds as ``name`` holds;
        None if it binds none."""
        bound = symbols.bindings.get(scope, {}).get(name)
        return self._binding_value(symbols.path, scope, bound) if bound else None

    def _anonymous_member(self, symbols: FileSymbols, body: str, base: Value, name: str) -> Value | None:
        """``name`` among the members of the anonymous class of scope ``body``: its fields, its
        own methods (named after the definition around it, see extract.py's ``_lexical_scopes``),
        then its base's, when the base is the repository's. Java looks a bare name up among the
        members a class inherits before those of the class around it: in ``new Thread() {...}``
        ``start()`` is Thread's, whatever the class around defines."""
        found = super()._lookup_in_scope(symbols, body, name)
        return found if found is not None else self._anonymous_method(symbols, body, base, name)

    def _anonymous_method(self, symbols: FileSymbols, body: str, base: Value, name: str) -> Value | None:
        """Method ``name`` of the anonymous class of scope ``body``: its own, else its base's
        when the base is the repository's; None if neither."""
        own = _own_method(symbols, body, name)
        if own is not None:
            return self.value_of(own)
        inherited = self._member_seen(base.symbol, name) if isinstance(base, ClassValue) else UNKNOWN
        return inherited if inherited not in (UNKNOWN, EXTERNAL) else None

    def may_inherit(self, symbols: FileSymbols, scope: str, name: str) -> bool:
        """Whether ``scope`` is a class that may inherit a method ``name`` from outside the
        repository, a member of the class around of that name then being no sure answer (the
        call graph is left to judge by name alone, as it would a call it cannot resolve): the
        body of an anonymous ``new Thread() {...}``, or a named inner ``class Inner extends
        Thread``, in whose ``run()`` a bare ``start()`` is Thread's, not Use's around."""
        base = self._anonymous_base(symbols, scope)
        if base is None:
            cls = self.class_at(symbols.path, scope) if self._is_class_level(symbols, scope, "") else None
            return cls is not None and self._inherits_outside(cls, name)
        if isinstance(base, ClassValue):
            return self._inherits_outside(base.symbol, name)
        return name in OBJECT_METHODS or _outside_may_define(symbols, symbols.bases[scope][0], name)

    def _inherits_outside(self, cls: Symbol, name: str) -> bool:
        """Whether class ``cls`` may inherit ``name`` from outside the repository, not finding it
        among its own and its repository ancestors' members: one of ``Object`` (or ``Enum``), or
        of a base outside that is no standard interface of known members (see
        :func:`_outside_may_define`)."""
        if self._member_seen(cls, name) is not EXTERNAL:
            return False
        if name in (ENUM_METHODS if cls.kind == "enum" else OBJECT_METHODS):
            return True
        return any(
            _outside_may_define(symbols, base, name)
            for klass in self.mro(cls)[0]
            if (symbols := self.table.file(klass.path)) is not None
            for base in symbols.bases.get(klass.qualname, ())
            if not isinstance(self.base_class_value(klass, base), ClassValue)
        )

    def _anonymous_base(self, symbols: FileSymbols, scope: str) -> Value | None:
        """What the base ``T`` of ``new T() {...}`` names, when ``scope`` is that anonymous
        class's body (the facts record it as the body's base); None for any other scope."""
        key = (symbols.path, scope)
        if key not in self._anonymous_bases:
            bases = symbols.bases.get(scope) if segment_span(scope.rpartition(".")[2]) is not None else None
            self._anonymous_bases[key] = self.class_value(symbols.path, parent_of(scope), bases[0]) if bases else None
        return self._anonymous_bases[key]

    def callee_value(self, path: str, scope: str, callee: str) -> Value:
        """As for every language; a bare callee names a method, which a field, a local or a
        parameter of that name does not hide (``parentNode()``, see :meth:`resolve_call`)."""
        if _IDENTIFIER.fullmatch(callee):
            return self.lookup(path, scope, callee, variables=False)
        constructed = constructed_class(callee)  # `new org.jsoup.Jsoup()`
        if constructed and (qualified := self._qualified_class(path, scope, constructed)) is not None:
            return qualified
        return super().callee_value(path, scope, callee)

    def member_value(self, value: Value, name: str) -> Value:
        """As for every language; a name in the middle of a receiver is a field, never a
        method (``this.parentNode.removeChild(this)``, ``el.tag.isBlock()``). An inner
        class's ``Outer.this`` is the instance of ``Outer`` around it (cordova's
        ``SystemWebViewEngine.this.cordova.getActivity()``); ``Outer.super`` its base, and
        ``Iface.super`` an interface's own default method."""
        if isinstance(value, ClassValue) and name in ("this", "super"):
            is_base = name == "super" and value.symbol.kind in CLASS_KINDS - {"interface"}
            return SuperValue(value.symbol) if is_base else InstanceValue(value.symbol)
        member = super().member_value(value, name)
        if not _is_method(member) or not isinstance(value, ClassValue | InstanceValue | SuperValue):
            return member
        field = self._field_of(value, name)
        return field if field is not None else UNKNOWN

    def _attribute(self, value: Value, name: str) -> Value:
        """As for every language; a method of ``Object`` that the class and its bases do not
        override (``getClass()``, ``hashCode()``), or of ``Enum`` on an enum (``ordinal()``,
        ``Status.valueOf(s)``), is the language's own."""
        found = super()._attribute(value, name)
        if found is not UNKNOWN or not isinstance(value, ClassValue | InstanceValue | SuperValue):
            return found
        inherited = ENUM_METHODS if value.symbol.kind == "enum" else OBJECT_METHODS
        return EXTERNAL if name in inherited else found

    def _field_of(self, value: ClassValue | InstanceValue | SuperValue, name: str) -> Value | None:
        """What field ``name`` of the class of ``value`` or of its bases holds, the first that
        declares it; None if none does."""
        mro = self.mro(value.symbol)[0]
        for klass in mro[1:] if isinstance(value, SuperValue) else mro:
            if self._declares_field(klass, name):
                return self.field_value(klass, name)
        return None


def _declared_type_variables(symbols: FileSymbols | None) -> dict[str, dict[str, str]]:
    """Qualified name -> the type variables its definitions declare, each with its first
    bound: ``class Pair<L, R>``, ``public static <T extends Comparable<? super T>> T max(...)``.
    Overloads share a qualified name, and their variables."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for symbol in symbols.in_order if symbols else ():
        header = symbol.signature
        if symbol.kind in CLASS_KINDS:
            opening = re.search(rf"\b{re.escape(symbol.name)}\s*<", header)
        else:  # a method's list stands before its return type: `<T> T[] add(...)`
            opening = _TYPE_PARAMETERS.search(header.partition(f"{symbol.name}(")[0])
        if opening is None:
            continue
        start = opening.end() - 1
        end = closing_bracket(header, start)
        for parameter in split_arguments(header[start + 1 : end]) if end > 0 else ():
            name, _, bound = parameter.partition(" extends ")
            found[symbol.qualname].setdefault(name.strip(), bound.partition("&")[0].strip())
    return found


def _written_arity(arguments: str) -> int:
    """How many arguments a call's written ``arguments`` pass (a string's commas are none)."""
    arguments = _STRING_LITERAL.sub('""', arguments).strip()
    return len(split_arguments(arguments)) if arguments else 0


def _takes(method: Symbol, arity: int, *, varargs: bool) -> bool:
    """Whether ``method`` takes ``arity`` arguments: as many as it declares parameters, or,
    with ``varargs``, at least all but its last if that is a ``...`` one."""
    header = method.signature
    opening = header.find(f"{method.name}(")
    closing = closing_bracket(header, opening + len(method.name)) if opening >= 0 else -1
    if closing < 0:
        return False
    inner = header[opening + len(method.name) + 1 : closing].strip()
    declared = split_arguments(inner) if inner else []
    if varargs:
        return bool(declared) and "..." in declared[-1] and arity >= len(declared) - 1
    return len(declared) == arity


def _is_cast(expression: str, type_end: int) -> bool:
    """Whether ``expression``, ``(`` ``(Type)`` operand ``)``, is one cast in brackets: not
    ``((Foo)a).b(c)``, nor ``((Foo)a)+(b)``."""
    return closing_bracket(expression, 0) == len(expression) - 1 and closing_bracket(expression, 1) == type_end


def _is_method(value: Value | None) -> bool:
    return isinstance(value, DefValue) and value.symbol.kind == "method"


def _standard_name(symbols: FileSymbols, written: str) -> str:
    """The fully qualified name of the outside type ``written`` (``Comparator<Node>``) in the
    file of ``symbols``, as its imports give it, when that may be a standard type: written so,
    imported by name or by one on-demand import of a package that has it, or one of
    ``java.lang`` imported by no name. '' when it is none of these."""
    name = written.partition("<")[0].strip()
    if "." in name:
        return name
    imports = symbols.imports.get("", ())
    named = [f"{item.module}.{name}" for item in imports if item.name == name]
    if named:
        return named[0]
    packages = [f"{item.module}.{name}" for item in imports if item.name == "*"]
    standard = [fqn for fqn in packages if fqn in INTERFACE_MEMBERS]
    return standard[0] if len(standard) == 1 else f"java.lang.{name}" if name in JAVA_LANG else ""


def _outside_may_define(symbols: FileSymbols, written: str, name: str) -> bool:
    """Whether the outside type ``written`` in the file of ``symbols`` may define a method
    ``name``: any may, but a standard interface whose members are known (``Runnable``'s
    ``run``, see ``INTERFACE_MEMBERS``) defines no other name than those."""
    known = INTERFACE_MEMBERS.get(_standard_name(symbols, written))
    return known is None or name in known


def _own_method(symbols: FileSymbols, body: str, name: str) -> Symbol | None:
    """The method ``name`` that the anonymous class of scope ``body`` defines, if it does: a
    definition named after the definition around the class, written inside its body."""
    span = segment_span(body.rpartition(".")[2])
    if span is None:
        return None
    start, end = span
    candidates = symbols.all_named(f"{named_scope(body)}.{name}")
    return next((s for s in candidates if s.kind == "method" and start <= (s.line, s.column) < end), None)


def _package_folder(folder: str) -> str:
    """A folder as its module's package: below a ``src/<set>/java`` source root (Maven,
    Gradle) the module's folder and the package's path, ``shop/src/test/java/com/shop``
    giving ``shop//com/shop`` as ``shop/src/main/java/com/shop`` does; elsewhere the folder.
    Another module's package of the same name stays another package."""
    parts = folder.split("/")
    for index in range(2, len(parts)):
        if parts[index] == "java" and parts[index - 2] == "src":
            return "/".join(parts[: index - 2]) + "//" + "/".join(parts[index + 1 :])
    return folder


def _seen_from(classes: list[tuple[Symbol, str]], path: str) -> Symbol | None:
    """Which of the classes of one fully qualified name code in ``path`` means: the only one,
    or the one of its own module; None when that does not decide (a third module's code), since
    which module it is built with is not written in the source."""
    if len(classes) > 1:
        classes = [(cls, module) for cls, module in classes if path.startswith(module)]
    return classes[0][0] if len(classes) == 1 else None


def _module_of(path: str, package: str) -> str:
    """The folder of the module holding ``path``, a file of ``package``, ending in ``/``: the
    source root, or in a Maven or Gradle layout the folder above ``src/<set>/java``, whose
    source sets are one module; '' for the repository's root."""
    root = posixpath.dirname(path)
    inside = package.replace(".", "/")
    if root == inside or root.endswith(f"/{inside}"):
        root = root[: -len(inside)].rstrip("/")
    module = _package_folder(root).partition("//")[0]
    return f"{module}/" if module else ""
