"""Static name resolution for Python, deep enough to answer "who calls X" precisely.

It follows Python's own rules where they can be followed without running code: scopes
(class bodies do not enclose their methods), imports with aliases and relative levels,
re-exports through package ``__init__`` files, ``self``/``cls``/``super()`` through the
class hierarchy, and simple types: ``x = Foo()``, annotations, return annotations and
``self.attr = Foo()`` in any method.
"""

from __future__ import annotations

import builtins
import re
from collections.abc import Callable
from functools import partial
from pathlib import PurePosixPath

from ..extract import CLASS_KINDS, RETURN_TARGET, VALUE_KINDS, YIELD_TARGET
from ..facts import Import
from ..symbols import FileSymbols, Symbol, SymbolTable
from .annotations import DOTTED_NAME, Named, held_annotations, read_annotation, tuple_places
from .hierarchy import ResolverBase, parent_of
from .values import (
    CYCLE,
    EXTERNAL,
    FOREIGN_RESULT,
    UNKNOWN,
    ClassValue,
    ContainerValue,
    DefValue,
    InstanceValue,
    ModuleValue,
    OneOfValue,
    Resolution,
    SuperValue,
    TupleValue,
    Value,
    place_of,
    symbol_value,
)
from .written import called, split_arguments, subscript

__all__ = ["PythonResolver"]

_BUILTINS = frozenset(dir(builtins))
_BUILTIN_TYPES = frozenset(
    name
    for name, value in vars(builtins).items()
    if isinstance(value, type) and not issubclass(value, BaseException) and name not in ("type", "super")
)
_LITERAL_START = (*"\"'[{(0123456789-", "f'", 'f"', "b'", 'b"', "r'", 'r"')
_CALLED_BASE = re.compile(r"^\s*class\s+\w+\s*(?:\[[^\]]*\])?\s*\([^)]*\(")
# What an annotation may name without saying anything of the value's class: any object, any
# class (a bare ``type``), anything callable (a repository function as often as not).
_UNTYPED = frozenset({"Any", "object", "type", "Type", "Callable"})
# Calls that make a type variable: an annotation naming one (``-> T``) says nothing of the class.
_TYPE_VARIABLES = frozenset({"TypeVar", "ParamSpec", "TypeVarTuple"})
# The upper bound of a type variable as its definition writes it, which every value conforms to.
_TYPE_VARIABLE_BOUND = re.compile(r"=\s*(?:\w+\.)?TypeVar\(.*\bbound=\s*([\w.\"']+)")
# Builtins whose result, iterated, gives what their one argument gives.
_ELEMENTS_KEPT = frozenset({"iter", "list", "tuple", "set", "frozenset", "sorted", "reversed"})
_MAPPING_VIEWS = ("keys", "values", "items")
# The names of a method's receiver, unless assigned again (see _names_receiver); a method
# returning ``self``, or ``cls(...)``, returns its receiver (see _returned_name).
_RECEIVER_RETURNS = ("self", "cls")
_LOOPS = ("each", "comprehension")  # the binding kinds of a loop variable (see Binding)
_Evaluator = Callable[[str], "Value"]  # what a part of an expression evaluates to
_KEYWORD_ARGUMENT = re.compile(r"\w+=(?!=)")
# Builtin values whose written type says what they hold; their own methods are outside.
_BuiltinShape = ContainerValue | TupleValue


class PythonResolver(ResolverBase):
    """Resolves Python references against one :class:`SymbolTable`."""

    _in_progress = CYCLE

    def __init__(self, table: SymbolTable, family: str = "python") -> None:
        super().__init__(table)
        self._returned: dict[tuple[str, str, int], Value] = {}

    # -- the Resolver protocol --------------------------------------------------------------

    def resolve(self, path: str, scope: str, receiver: str, name: str) -> Resolution:
        if receiver:
            base = self.evaluate(path, scope, receiver)
            value = self.attribute(base, name)
        else:
            base = None
            value = self.lookup(path, scope, name)
        if isinstance(value, DefValue | ClassValue):
            return Resolution(symbol=value.symbol)
        if _outside(value) or isinstance(value, ModuleValue | InstanceValue | SuperValue):
            return Resolution(outside=_outside(value))
        if isinstance(base, SuperValue):  # not in the repository's bases: an outside base has it
            unknown = self._has_unknown_base(base.symbol)
            return Resolution(outside=not unknown, name_only=unknown)
        if isinstance(base, InstanceValue | ClassValue):
            _, complete = self.mro(base.symbol)
            if not complete:  # the member may come from a base outside the repository
                return Resolution()
            return Resolution(receiver_class=base.symbol)
        return Resolution(outside=base is EXTERNAL)

    def constructor_of(self, cls: Symbol) -> Symbol | None:
        mro, _ = self.mro(cls)
        for klass in mro:
            init = self.table.symbol(klass.path, f"{klass.qualname}.__init__")
            if init is not None:
                return init
        return None

    def module_files(self, module: str) -> list[str]:
        path = self.table.python_modules.get(module)
        return [path] if path else []

    def import_targets(self, path: str, item: Import) -> list[str]:
        module = self._absolute_module(path, item)
        modules = self.table.python_modules
        if item.name and item.name != "*" and f"{module}.{item.name}" in modules:
            return [modules[f"{module}.{item.name}"]]
        return [modules[module]] if module in modules else []

    # -- names ------------------------------------------------------------------------------

    def lookup(self, path: str, scope: str, name: str) -> Value:
        """What bare ``name`` means in ``scope`` of ``path``."""
        symbols = self.table.file(path)
        if symbols is None:
            return UNKNOWN
        for visible in _visible_scopes(symbols, scope):
            value = self._lookup_in_scope(symbols, visible, name)
            if value is not None:
                return value
        for item in symbols.imports.get("", ()):
            if item.name == "*":
                module = self._absolute_module(symbols.path, item)
                if module in self.table.python_modules:
                    value = self.attribute(ModuleValue(module), name)
                    if value is not UNKNOWN:
                        return value
        return EXTERNAL if name in _BUILTINS else UNKNOWN

    def _lookup_in_scope(self, symbols: FileSymbols, scope: str, name: str) -> Value | None:
        qualname = f"{scope}.{name}" if scope else name
        symbol = symbols.definitions.get(qualname)
        if symbol is not None and symbol.kind not in VALUE_KINDS:
            return symbol_value(symbol)
        for item in reversed(symbols.imports.get(scope, ())):
            if _bound_name(item) == name:
                return self.imported(symbols.path, item)
        bound = symbols.bindings.get(scope, {}).get(name)
        if bound and any(kind == "param" for _, kind in bound):
            value: Value | None = self._parameter_value(symbols.path, scope, name, bound)
        else:
            value = self._binding_value(symbols.path, scope, bound, name) if bound else None
        if symbol is not None and value in (None, UNKNOWN):
            return DefValue(symbol)
        return value

    def _parameter_value(self, path: str, scope: str, name: str, bound: list[tuple[str, str]]) -> Value:
        """What a parameter holds: a pytest fixture's value, if it is one, and what it agrees
        on with what the function assigns it again (``def test_x(env): env = Sandboxed()``:
        one of two classes)."""
        value = self._fixture_value(path, name)
        others = [binding for binding in bound if binding[1] != "param"]
        if others and value is not UNKNOWN:
            assigned = self._binding_value(path, scope, others, name)
            return UNKNOWN if assigned is UNKNOWN else _agreed({value, assigned})
        return value

    def _fixture_value(self, path: str, name: str) -> Value:
        """In a test module, a parameter names a pytest fixture: the function of that name in
        the module itself or in a ``conftest.py`` beside it or above it. It holds what that
        function returns or yields."""
        if not _is_test_module(path):
            return UNKNOWN
        folder = PurePosixPath(path).parent
        candidates = [path] + [
            str(parent / "conftest.py") if str(parent) != "." else "conftest.py" for parent in (folder, *folder.parents)
        ]
        for candidate in candidates:
            fixture = self.table.symbol(candidate, name)
            if fixture is not None and fixture.kind == "function":
                return self._yielded(fixture) if self._yields(fixture) else self.call_result(DefValue(fixture))
        return UNKNOWN

    def import_value(self, path: str, item: Import) -> Value:
        """What the name an import statement binds stands for."""
        module = self._absolute_module(path, item)
        if item.name:
            return self.path_value(f"{module}.{item.name}")
        if item.alias:
            return self.path_value(module)
        head = module.split(".")[0]
        if head in self.table.python_namespaces and module in self.table.python_modules:
            return ModuleValue(head)  # `import app.util` binds the namespace package `app`
        return self.path_value(head)

    def _absolute_module(self, path: str, item: Import) -> str:
        """``item.module`` with relative dots resolved against ``path``'s package."""
        written = item.module
        level = len(written) - len(written.lstrip("."))
        if not level:
            return written
        module = self.table.python_module_of.get(path, "")
        package = module.split(".") if PurePosixPath(path).stem == "__init__" else module.split(".")[:-1]
        if level > 1:
            package = package[: len(package) - (level - 1)]
        rest = written[level:]
        return ".".join([*package, rest] if rest else package)

    def path_value(self, dotted: str) -> Value:
        """What an absolute dotted path names: a repo module, a member of one, or the outside."""
        parts = dotted.split(".")
        modules = self.table.python_modules
        for cut in range(len(parts), 0, -1):
            module = ".".join(parts[:cut])
            if module in modules:
                value: Value = ModuleValue(module)
                for part in parts[cut:]:
                    value = self.attribute(value, part)
                return value
        return EXTERNAL

    # -- expressions ------------------------------------------------------------------------

    def _evaluate(self, path: str, scope: str, expression: str) -> Value:
        return self._evaluate_parts(path, scope, expression, partial(self.evaluate, path, scope))

    def _evaluate_parts(self, path: str, scope: str, expression: str, evaluate_part: _Evaluator) -> Value:
        """What ``expression`` evaluates to, its receiver or indexed part evaluated by
        ``evaluate_part``: :meth:`evaluate`, or an evaluation that assumes a name's value."""
        if (indexed := subscript(expression)) is not None:  # an item of a literal too: [...][0]
            return self._item_value(evaluate_part(indexed[0]), indexed[1])
        if expression.startswith(_LITERAL_START):
            return EXTERNAL
        callee = called(expression)
        if callee is not None:
            if callee == "super":
                cls = self._enclosing_class(path, scope)
                return SuperValue(cls) if cls else UNKNOWN
            return self._call_of(callee, evaluate_part) if callee else UNKNOWN
        if not DOTTED_NAME.fullmatch(expression):
            return UNKNOWN
        receiver, _, name = expression.rpartition(".")
        if receiver:
            return self.member_value(evaluate_part(receiver), name)
        if name in _RECEIVER_RETURNS and self._names_receiver(path, scope, name):
            cls = self._enclosing_class(path, scope)
            if cls is None:
                return UNKNOWN
            return InstanceValue(cls) if name == "self" else ClassValue(cls)
        return self.lookup(path, scope, name)

    def _assumed_value(self, path: str, scope: str, expression: str, name: str, value: Value) -> Value:
        """What ``expression`` evaluates to in ``scope`` when ``name`` holds ``value``: how
        ``x = x.copy()`` is typed from x's other bindings. Not cached, as it assumes."""
        if expression == name:
            return value
        if not _reads(expression, name):
            return self.evaluate(path, scope, expression)
        assuming = partial(self._assumed_value, path, scope, name=name, value=value)
        return self._evaluate_parts(path, scope, expression, assuming)

    def _item_value(self, held: Value, index: str) -> Value:
        """What ``held[index]`` gives: a value of a typed mapping (``self.tags[key]`` of a
        ``dict[str, JSONTag]``), an element of a typed sequence, a place of a typed tuple, or
        what a repository class's ``__getitem__`` returns, unless that is outside: an item is
        more often the repository's own. A slice is no element."""
        if ":" in index:
            return UNKNOWN
        if isinstance(held, ContainerValue):
            return held.values if held.values is not None else held.items
        if isinstance(held, TupleValue):
            return place_of(held, int(index)) if index.isdigit() else UNKNOWN
        if isinstance(held, InstanceValue):
            item = self.call_result(self.attribute(held, "__getitem__"), receiver=held)
            return UNKNOWN if item is EXTERNAL else item
        return UNKNOWN

    def _call_of(self, callee: str, evaluate_part: _Evaluator) -> Value:
        """What the call ``callee(...)`` gives, its receiver evaluated by ``evaluate_part``;
        what a method returns may depend on its receiver."""
        receiver, function = self._callee_of(callee, evaluate_part)
        return self.call_result(function, callee, receiver=receiver)

    def _callee_of(self, callee: str, evaluate_part: _Evaluator) -> tuple[Value | None, Value]:
        """The receiver of a dotted callee (None for a bare name) and what the callee names: a
        method at its end is the method itself, not what reading it as a property gives."""
        receiver, _, name = callee.rpartition(".")
        if not receiver:
            return None, evaluate_part(callee)
        base = evaluate_part(receiver)
        return base, self.attribute(base, name)

    def _entered_value(self, path: str, scope: str, callee: str) -> Value:
        """What ``with callee(...) as x`` binds ``x`` to: what a ``@contextmanager`` generator
        function yields, or what the manager's ``__enter__`` (``__aenter__``) returns, which a
        manager returning self makes the manager itself. A manager from outside the repository
        gives something from outside."""
        receiver, function = self._callee_of(callee, partial(self.evaluate, path, scope))
        if isinstance(function, DefValue) and self._yields(function.symbol):
            return self._yielded(function.symbol)
        manager = self.call_result(function, callee, receiver=receiver)
        if isinstance(manager, ContainerValue):  # -> Iterator[Foo] or ContextManager[Foo]
            return manager.items
        if isinstance(manager, InstanceValue | OneOfValue):
            for method in ("__enter__", "__aenter__"):
                enter = self.attribute(manager, method)
                if isinstance(enter, DefValue):
                    return self.call_result(enter, receiver=manager)
            return UNKNOWN
        return manager if manager in (EXTERNAL, FOREIGN_RESULT) else UNKNOWN

    def call_result(self, callee: Value, written: str = "", *, receiver: Value | None = None) -> Value:
        """What calling ``callee`` (written as ``written``, on ``receiver`` if a method) returns:
        an instance of a class, the receiver's class for a method that returns ``self`` or
        ``cls(...)``, what a function's return annotation says, or else what all its ``return``
        statements agree on (a generator's: a generator). Of a call outside the repository only
        a class's instance is known to be foreign: a function such as ``copy.copy``, ``getattr``
        or ``type`` may hand back the repository's own objects."""
        if isinstance(callee, ClassValue):
            return InstanceValue(callee.symbol)
        if callee is EXTERNAL:
            if written.rpartition(".")[2] in _TYPE_VARIABLES:  # T = TypeVar("T") stands for any class
                return UNKNOWN
            return EXTERNAL if _names_foreign_class(written) else FOREIGN_RESULT
        if not isinstance(callee, DefValue) or callee.symbol.kind in VALUE_KINDS:
            return UNKNOWN
        function = callee.symbol
        if receiver is not None and (returned := self._returned_receiver(function, receiver)) is not None:
            return returned
        if function.returns:
            return self.annotation_value(function.path, parent_of(function.qualname), function.returns)
        if function.key not in self._returned:
            self._returned[function.key] = CYCLE  # a recursive function returns what it returns
            self._returned[function.key] = self._body_result(function)
        return self._returned[function.key]

    def _body_result(self, function: Symbol) -> Value:
        """What calling a function without a return annotation gives, read from its body: a
        generator of what it yields (iterating it gives those; its own methods are outside),
        or what its returns agree on."""
        if self._yields(function):
            yielded = self._yielded(function)
            return EXTERNAL if yielded is UNKNOWN else ContainerValue(yielded)
        return self.bound_value(function.path, function.qualname, RETURN_TARGET)

    def _yields(self, function: Symbol) -> bool:
        """Whether ``function`` is a generator: a ``yield`` anywhere in its own body."""
        symbols = self.table.file(function.path)
        return symbols is not None and YIELD_TARGET in symbols.bindings.get(function.qualname, {})

    def _yielded(self, generator: Symbol) -> Value:
        """What generator function ``generator`` yields: the items of its annotation
        (``-> Iterator[Foo]``), or what its ``yield`` statements agree on. The value of a pytest
        fixture, and of ``with`` over a ``@contextmanager`` function; a plain call gives a
        generator of it."""
        if generator.returns:
            annotated = self.annotation_value(generator.path, parent_of(generator.qualname), generator.returns)
            return annotated.items if isinstance(annotated, ContainerValue) else UNKNOWN
        return self.bound_value(generator.path, generator.qualname, YIELD_TARGET)

    def _returned_receiver(self, function: Symbol, receiver: Value) -> Value | None:
        """What method ``function`` called on ``receiver`` returns, when that depends on the
        receiver: ``return self`` (or ``-> Self``) gives the receiver's instance, not the
        defining class's (``Child().filter()`` with ``Base.filter`` returning self is a Child),
        ``return cls(...)`` an instance of the class it is called on, and the other returns
        what they give, so that a method returning self on one path and a ``Base()`` on another
        is one of two classes. None when no return hands back the receiver (a generator's
        returns hand back nothing)."""
        symbols = self.table.file(function.path)
        if symbols is None or symbols.kind_of(parent_of(function.qualname)) not in CLASS_KINDS:
            return None
        if self._yields(function):
            return None
        if (named := read_annotation(function.returns)) and _names_self(named) and not named.wants_class:
            return self._receiver_instance(receiver, of_class=True)
        receivers = [name for name in _RECEIVER_RETURNS if self._names_receiver(function.path, function.qualname, name)]
        bound = symbols.bindings.get(function.qualname, {}).get(RETURN_TARGET, [])
        returns = [(_returned_name(text, kind), text, kind) for text, kind in bound]
        if not any(name in receivers for name, _, _ in returns):
            return None
        values = set()
        for name, text, kind in returns:
            if name == "None":
                continue
            if name in receivers:
                value = self._receiver_instance(receiver, of_class=name == "cls")
            else:
                value = self._bound_value(function.path, function.qualname, text, kind)
            if value is UNKNOWN:
                return UNKNOWN
            values.add(value)
        return _agreed(values)

    def _names_receiver(self, path: str, scope: str, name: str) -> bool:
        """Whether ``self`` or ``cls`` in ``scope`` is the method's receiver: bound there as
        a parameter only, or not at all (a closure's), not assigned again (flask's
        ``test_client``: ``cls = self.test_client_class``, then ``return cls(self)``)."""
        symbols = self.table.file(path)
        bound = symbols.bindings.get(scope, {}).get(name, ()) if symbols else ()
        return all(kind == "param" for _, kind in bound)

    def _receiver_instance(self, receiver: Value, *, of_class: bool) -> Value:
        """The instance a method's ``self`` is when called on ``receiver`` (``super()`` included);
        with ``of_class``, also the instance ``cls(...)`` makes when called on a class. A method
        called on a class itself gets its ``self`` as an argument: UNKNOWN."""
        if isinstance(receiver, OneOfValue):
            options = {self._receiver_instance(option, of_class=of_class) for option in receiver.options}
            return UNKNOWN if UNKNOWN in options else _agreed(options)
        if isinstance(receiver, InstanceValue | SuperValue) or (of_class and isinstance(receiver, ClassValue)):
            return InstanceValue(receiver.symbol)
        return UNKNOWN

    def annotation_value(self, path: str, scope: str, annotation: str) -> Value:
        """The instance an annotation such as ``Optional["Foo"]`` describes, or the container
        ``list[Foo]`` does. ``Any``, ``object``, a bare ``type``, ``Callable`` and a type
        variable (``T``) say nothing: the value may be the repository's."""
        named = read_annotation(annotation)
        if named is None:
            return UNKNOWN
        if _names_self(named) and (cls := self._enclosing_class(path, scope)) is not None:
            return ClassValue(cls) if named.wants_class else InstanceValue(cls)
        value = self.evaluate(path, scope, named.name)
        if value is UNKNOWN and (cls := self._enclosing_class(path, scope)) is not None:
            # a parameter's annotation is read in the class body: `def f(self, p: Nested)`
            value = self.evaluate(path, cls.qualname, named.name)
        if isinstance(value, ClassValue):
            return value if named.wants_class else InstanceValue(value.symbol)
        if isinstance(value, DefValue) and (bound := _TYPE_VARIABLE_BOUND.search(value.symbol.signature)):
            return self._bound_instance(value.symbol, bound.group(1))
        if value is not EXTERNAL or named.name.rpartition(".")[2] in _UNTYPED:
            return UNKNOWN
        return EXTERNAL if named.wants_class else self._builtin_value(path, scope, named)

    def _bound_instance(self, variable: Symbol, bound: str) -> Value:
        """What a type variable bound to ``bound`` (``N = TypeVar("N", bound="Node")``) holds:
        instances of the bound if it is a repository class. An outside bound (pytest's
        ``_HandlerType``, bound to ``logging.Handler``) may be the repository's subclass of it
        (``LogCaptureHandler``): unknown."""
        bounded = self.annotation_value(variable.path, parent_of(variable.qualname), bound)
        return bounded if isinstance(bounded, InstanceValue | ClassValue) else UNKNOWN

    def _builtin_value(self, path: str, scope: str, named: Named) -> Value:
        """What a builtin or ``typing`` type with arguments holds: a container's elements
        (``list[Foo]``, ``dict[str, Foo]``) or a tuple's places (``tuple[Foo, Bar]``). One of
        nothing known is as good as any builtin value: EXTERNAL."""
        if (places := tuple_places(named)) is not None:
            parts = tuple(self.annotation_value(path, scope, place) for place in places)
            return TupleValue(parts) if set(parts) != {UNKNOWN} else EXTERNAL
        held = held_annotations(named)
        if held is None:
            return EXTERNAL
        items = self.annotation_value(path, scope, held[0])
        values = self.annotation_value(path, scope, held[1]) if held[1] is not None else None
        return EXTERNAL if items is UNKNOWN and values in (None, UNKNOWN) else ContainerValue(items, values)

    def _binding_value(self, path: str, scope: str, bound: list[tuple[str, str]], name: str = "") -> Value:
        """The one value every assignment of a name agrees on; UNKNOWN when the name is also
        bound in a way we cannot type (a plain parameter, a call whose result is unknown, a loop
        over something of unknown type), unless an annotation declares its type. ``None`` agrees
        with any value (code calling a method on the name expects another), as does a binding
        to the name's own value met in a cycle (:data:`CYCLE`), and a literal ``[]`` with a
        container's annotation. A binding that reads the name itself (``x = x.to_b()``,
        with ``name`` given) counts only if it gives the class the others agree on. A
        comprehension's variable counts only when the name is bound nowhere else: bindings carry
        no place, and the uses of a name bound in the function are more often outside it."""
        if any(not kind.startswith("comprehension") for _, kind in bound):
            bound = [(text, kind) for text, kind in bound if not kind.startswith("comprehension")]
        if any(kind in ("local", "param") for _, kind in bound):
            return UNKNOWN
        bound = [(text, kind) for text, kind in bound if (text, kind) != ("None", "value")]
        reading = [(text, kind) for text, kind in bound if kind in ("call", "value") and name and _reads(text, name)]
        others = [(text, kind) for text, kind in bound if (text, kind) not in reading]
        typed = {(kind, self._bound_value(path, scope, text, kind)) for text, kind in others}
        values = {value for _, value in typed} - {CYCLE}
        if any(kind == "type" and value is not UNKNOWN for kind, value in typed):  # declared: the rest conform
            return _agreed(values)
        if UNKNOWN in values:
            return UNKNOWN
        value = _agreed(values)
        if all(self._keeps_class(path, scope, name, value, *binding) for binding in reading):
            return value
        return UNKNOWN

    def _keeps_class(self, path: str, scope: str, name: str, value: Value, text: str, kind: str) -> bool:
        """Whether binding ``name`` to ``text`` (of binding kind ``kind``, reading ``name``)
        gives the class ``value`` again: ``qs = qs.filter()`` with ``filter`` returning self."""
        result = self._assumed_value(path, scope, f"{text}()" if kind == "call" else text, name, value)
        return result is not UNKNOWN and _options(result) <= _options(value)

    def _bound_value(self, path: str, scope: str, text: str, kind: str) -> Value:
        if kind == "call":
            return self._call_of(text, partial(self.evaluate, path, scope))
        if kind == "with":
            return self._entered_value(path, scope, text)
        if kind == "type":
            return self.annotation_value(path, scope, text)
        if kind.startswith(_LOOPS):
            _, _, part = kind.partition(".")
            return self._element_value(path, scope, text, int(part) if part else None)
        return self.evaluate(path, scope, text)

    def _element_value(self, path: str, scope: str, iterated: str, part: int | None) -> Value:
        """What a loop variable over ``iterated`` holds: each element, or the part ``part``
        of each (``for key, value in d.items()``)."""
        element = self._iteration(path, scope, iterated)
        return element if part is None else place_of(element, part)

    def _iteration(self, path: str, scope: str, iterated: str) -> Value:
        """What each step of a loop over ``iterated`` gives: an element of a typed container
        (a mapping's key), or a pair of ``d.items()``, ``enumerate(x)``, ``zip(a, b)``."""
        callee = called(iterated)
        if callee and (step := self._builtin_step(path, scope, callee, iterated)) is not None:
            return step
        held = self.evaluate(path, scope, iterated)
        if isinstance(held, InstanceValue):  # a class of the repository with a typed __iter__
            held = self.call_result(self.attribute(held, "__iter__"), receiver=held)
        return held.items if isinstance(held, ContainerValue) else UNKNOWN

    def _builtin_step(self, path: str, scope: str, callee: str, call: str) -> Value | None:
        """What each step of a loop over ``call``, a call of ``callee``, gives when a builtin
        says it: a typed mapping's ``keys()``, ``values()`` or ``items()``, or ``enumerate``,
        ``zip``, ``sorted`` and the like over what can be iterated. None for any other call,
        which is iterated as the value it returns."""
        arguments = split_arguments(call[len(callee) + 1 : -1], angled=False)
        positional = [a for a in arguments if a and not _KEYWORD_ARGUMENT.match(a)]
        receiver, _, method = callee.rpartition(".")
        if receiver and method in _MAPPING_VIEWS and not positional:
            mapping = self.evaluate(path, scope, receiver)
            if isinstance(mapping, ContainerValue) and mapping.values is not None:
                keys, values = mapping.items, mapping.values
                return {"keys": keys, "values": values, "items": TupleValue((keys, values))}[method]
            return None
        if receiver or not positional or self.lookup(path, scope, callee) is not EXTERNAL:
            return None
        if callee == "enumerate":
            return TupleValue((EXTERNAL, self._iteration(path, scope, positional[0])))
        if callee == "zip" and len(positional) > 1:
            return TupleValue(tuple(self._iteration(path, scope, each) for each in positional))
        if callee in _ELEMENTS_KEPT and len(positional) == 1:
            return self._iteration(path, scope, positional[0])
        return None

    # -- attributes -------------------------------------------------------------------------

    def _attribute(self, value: Value, name: str) -> Value:
        if isinstance(value, OneOfValue):
            members = {self.attribute(option, name) for option in value.options}
            return members.pop() if len(members) == 1 else UNKNOWN
        if isinstance(value, ModuleValue):
            return self._module_attribute(value.name, name)
        if isinstance(value, ClassValue | InstanceValue | SuperValue):
            mro, _ = self.mro(value.symbol)
            if isinstance(value, SuperValue):
                mro = mro[1:]
            for klass in mro:
                member = self.table.symbol(klass.path, f"{klass.qualname}.{name}")
                if member is not None and member.kind not in VALUE_KINDS:  # a field: typed below
                    return symbol_value(member)
            if isinstance(value, InstanceValue):
                for klass in mro:
                    typed = self._instance_attribute(klass, name)
                    if typed is not UNKNOWN:
                        return typed
            return UNKNOWN
        return EXTERNAL if _outside(value) else UNKNOWN

    def member_value(self, value: Value, name: str) -> Value:
        """Like :meth:`attribute`, but reading a property yields what it returns, and reading
        a variable what it holds; a method stays the (bound) method."""
        member = self.attribute(value, name)
        if isinstance(member, DefValue) and member.symbol.kind == "property":
            return self.call_result(member, receiver=value)
        if isinstance(member, DefValue) and member.symbol.kind in VALUE_KINDS:
            return self.bound_value(member.symbol.path, parent_of(member.symbol.qualname), member.symbol.name)
        return member

    def _module_attribute(self, module: str, name: str) -> Value:
        submodule = f"{module}.{name}"
        path = self.table.python_modules.get(module)  # None for a namespace package
        symbols = self.table.file(path) if path is not None else None
        if symbols is not None:
            found = self._lookup_in_scope(symbols, "", name)
            if found is not None:
                return found
        if submodule in self.table.python_modules or submodule in self.table.python_namespaces:
            return ModuleValue(submodule)
        if symbols is not None:
            for item in symbols.imports.get("", ()):
                if item.name == "*":
                    star = self._absolute_module(symbols.path, item)
                    if star in self.table.python_modules and star != module:
                        found = self._module_attribute(star, name)
                        if found is not UNKNOWN:
                            return found
        return UNKNOWN

    def _instance_attribute(self, cls: Symbol, name: str) -> Value:
        """The type of ``self.name`` as assigned or annotated anywhere in class ``cls``."""
        symbols = self.table.file(cls.path)
        found = symbols.member_bindings(cls.qualname, _RECEIVER_RETURNS).get(name, ()) if symbols else ()
        return _agreed({self._binding_value(cls.path, scope, bound) for scope, bound in found})

    # -- classes ----------------------------------------------------------------------------

    def base_class_value(self, cls: Symbol, base: str) -> Value:
        return self.evaluate(cls.path, parent_of(cls.qualname), base)

    def implicit_base(self, base: str) -> bool:
        return base == "object"

    def _has_unknown_base(self, cls: Symbol) -> bool:
        """Whether a base of ``cls`` or of an ancestor is neither in the repository nor known
        to be outside it: one that evaluates to nothing known, or one made by a call
        (``class Point(namedtuple(...))``), which the index does not record as a base."""
        for klass in self.mro(cls)[0]:
            if _CALLED_BASE.search(klass.signature):
                return True
            symbols = self.table.file(klass.path)
            for base in symbols.bases.get(klass.qualname, ()) if symbols else ():
                if self.base_class_value(klass, base) in (UNKNOWN, FOREIGN_RESULT) and not self.implicit_base(base):
                    return True
        return False

    def _enclosing_class(self, path: str, scope: str) -> Symbol | None:
        symbols = self.table.file(path)
        while scope and symbols is not None:
            symbol = symbols.definitions.get(scope)
            if symbol is not None and symbol.kind in CLASS_KINDS:
                return symbol
            scope = parent_of(scope)
        return None


def _agreed(values: set[Value]) -> Value:
    """The one value the typed bindings of a name give, UNKNOWN ones aside; a builtin value
    (a literal ``[]``) agrees with one container or tuple type (``items: list[Task]``), and
    instances of several classes are one of them (see :class:`OneOfValue`), a binding that
    is already one of several (a call of a function with several returns) adding its options."""
    values = {part for value in values - {UNKNOWN, CYCLE} for part in _options(value)}
    containers = {value for value in values if isinstance(value, _BuiltinShape)}
    if len(containers) == 1 and values - containers == {EXTERNAL}:
        return containers.pop()
    if len(values) > 1 and all(isinstance(value, InstanceValue | ClassValue) for value in values):
        return OneOfValue(frozenset(values))
    return values.pop() if len(values) == 1 else UNKNOWN


def _outside(value: Value) -> bool:
    """Whether ``value``'s members are the language's, not the repository's: a value from
    outside, or a builtin container or tuple whose written type says what it holds."""
    return value is EXTERNAL or isinstance(value, _BuiltinShape)


def _options(value: Value) -> frozenset[Value]:
    """The values ``value`` may be: its options if it is one of several, else itself."""
    return value.options if isinstance(value, OneOfValue) else frozenset({value})


def _returned_name(text: str, kind: str) -> str:
    """What one ``return`` statement hands back, as far as a method returning its receiver
    matters: ``"cls"`` for a call of ``cls``, the expression for a value (``self``, ``None``),
    else the binding's kind."""
    if (kind == "call" and text == "cls") or (kind == "value" and called(text) == "cls"):
        return "cls"
    return text if kind == "value" else f"<{kind}>"


def _names_self(named: Named) -> bool:
    """Whether an annotation names ``Self`` (``typing.Self``, ``t.Self``, ``"Self"``): the
    class of the method's receiver."""
    return named.name.rpartition(".")[2] == "Self"


def _names_foreign_class(callee: str) -> bool:
    """Whether a callee from outside the repository names a class, so that the call makes an
    instance of it: a builtin type (``dict``, ``str``) or a CapWords name (``Path``,
    ``requests.Session``), as Python names classes."""
    name = callee.rpartition(".")[2]
    return name in _BUILTIN_TYPES or (name[:1].isupper() and not name.isupper())


def _reads(expression: str, name: str) -> bool:
    """Whether ``expression`` starts from ``name``: ``x``, ``x.parent``, ``x.copy()``, ``x[0]``."""
    return expression == name or expression.startswith((f"{name}.", f"{name}(", f"{name}["))


def _is_test_module(path: str) -> bool:
    name = PurePosixPath(path).name
    return name == "conftest.py" or name.startswith("test_") or name.endswith("_test.py")


def _visible_scopes(symbols: FileSymbols, scope: str) -> list[str]:
    """The scopes whose names code in ``scope`` can see, innermost first. A class body is
    visible only to code directly inside it, not to its methods."""
    visible = [scope]
    while scope:
        scope = parent_of(scope)
        if not scope or symbols.kind_of(scope) not in CLASS_KINDS:
            visible.append(scope)
    return visible


def _bound_name(item: Import) -> str:
    """The local name an import statement binds."""
    if item.alias:
        return item.alias
    if item.name:
        return item.name
    return item.module.split(".")[0]
