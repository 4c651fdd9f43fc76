"""Turn one file's bytes into :class:`FileFacts` by running its language's tags query.

The query does the language-specific work; this module only interprets capture names (see
``queries/README.md``): it nests definitions into qualified names, finds the enclosing
definition of every reference, import and binding, and reads a call's receiver.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from . import treesitter
from .anonymous import anonymous_segment
from .blocks import Hoisting
from .facts import Base, Binding, Definition, FileFacts, Import, Reference
from .jsdoc import documented_function, parameter_names, read_jsdoc
from .languages import LANGUAGES
from .narrowing import Narrowings
from .nesting import Nesting

if TYPE_CHECKING:
    import tree_sitter

__all__ = ["extract_facts", "facts_version", "one_line"]

# Bump when this module's interpretation of captures changes, or which grammar a file gets
# (21: texts are kept up to 1,000 characters); query edits count by themselves.
_EXTRACTOR_REVISION = "24"

# Kinds whose members are methods, and which name a type for ``self``/``this``.
CLASS_KINDS = frozenset({"class", "struct", "interface", "trait", "enum", "impl", "union"})
# The binding targets under which a function's return values, and its yielded ones, are recorded.
RETURN_TARGET = "<return>"
YIELD_TARGET = "<yield>"

# Kinds that name a value; they hold no code of their own, so they never enclose a reference.
VALUE_KINDS = frozenset({"constant", "variable", "field"})
# Languages without nested functions. A function the parser finds inside another is its recovery
# from code it could not read (brotli's `static const size_t BROTLI_MODEL("small") kLut[16]`),
# and a `#define` there is global all the same: neither is named after that function.
_FLAT_LANGUAGES = frozenset({"c"})
# The characters of a receiver, a bound value or a header kept: a builder chain of a dozen
# calls (commons-lang's `new DiffBuilder<>(...).append(...)...`) is still whole, and a cut one
# can only be read as unknown.
_MAX_TEXT = 1000
# What may start a comment, before looking for one among a definition's children.
_COMMENT_START = re.compile(rb"#|//|/\*")
# A string literal, kept whole when the whitespace around it is dropped.
_STRING_LITERAL = re.compile(rb"""("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`)""", re.DOTALL)
# A line break just inside brackets, with the trailing comma before a closing one: gone when
# a header is put on one line (braces keep a space inside: `{ a, b }`).
_LINE_BREAK_GAPS = re.compile(r"(?<=[(\[<])\s*\n\s*|,?\s*\n\s*(?=[)\]>])|,(?=\s*\n\s*\})")
# Words a language writes in a type that say nothing of the class it names: Rust's lifetimes,
# `mut`, `const` and `dyn` (`Vec<&'a mut Foo>` holds `Foo`s). They go before a type is
# compacted, which would glue them to the name after them (`&'aFoo`).
_TYPE_NOISE = {"rust": re.compile(rb"'[A-Za-z_]\w*\b(?!')\s*,?\s*|\b(?:mut|const|dyn)\s+")}
# The captures that say what a binding holds, in the order they win.
_VALUE_CAPTURES = (
    "bind.call",
    "bind.with",
    "bind.type",
    "bind.array",
    "bind.value",
    "bind.each",
    "bind.comprehension",
    "bind.given",
)
# The calls whose arguments are counted, and the comments among them that are none.
_COUNTED_CALLS = frozenset({"method_invocation", "object_creation_expression", "explicit_constructor_invocation"})
_COMMENT = re.compile(r"(?:line_|block_)?comment$")
_TEMPLATE_ARGUMENTS = re.compile(r"<[^<>]*>")
_ENDS_IN_NEW = re.compile(rb"(?<![\w$.:>])new$")
_QUALIFIER_NOISE = re.compile(r"[*&\s]|<.*>|\[.*\]|^mut|^const")


class _Text:
    """Byte-to-text helpers for one file: decoding, and byte columns to character columns."""

    def __init__(self, data: bytes, type_noise: re.Pattern[bytes] | None = None) -> None:
        self.data = data
        self.type_noise = type_noise
        self.ascii = data.isascii()
        self._line_starts: list[int] | None = None

    def of(self, node: tree_sitter.Node) -> str:
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def compact(self, start: int, end: int) -> str:
        """The source between two offsets with the whitespace outside string literals removed,
        capped in length: `a .b( x )` and `a.b(x)` are one receiver, `"a b"` stays as written.
        The keyword `new` keeps one space after it: `new Foo().make()` calls no `newFoo`."""
        return self._compacted(self.data[start:end])

    def written_type(self, node: tree_sitter.Node, *, compact: bool) -> str:
        """A type as written, without the words that say nothing of the class it names (see
        ``_TYPE_NOISE``), compacted or not."""
        raw = self.data[node.start_byte : node.end_byte]
        if self.type_noise is not None:
            raw = self.type_noise.sub(b"", raw)
        return self._compacted(raw) if compact else raw.decode("utf-8", "replace")

    def _compacted(self, raw: bytes) -> str:
        """``raw`` as :meth:`compact` gives it."""
        words = raw.split()  # split() cuts at the bytes regex \s
        if len(words) == 1:  # most receivers and targets: nothing to join
            return words[0][:_MAX_TEXT].decode("utf-8", "replace")
        if len(words) > 1 and (b'"' in raw or b"'" in raw or b"`" in raw):
            pieces = _STRING_LITERAL.split(raw)  # text, a literal, text, ..., text
            pieces[0::2] = [_joined(text.split()) for text in pieces[0::2]]
            raw = b"".join(pieces)
        else:
            raw = _joined(words)
        return raw[:_MAX_TEXT].decode("utf-8", "replace")

    def column(self, point: tuple[int, int]) -> int:
        """1-based column in characters of a ``(row, byte column)`` point."""
        row, byte_col = point
        if self.ascii:
            return byte_col + 1
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in re.finditer(rb"\n", self.data)]
        start = self._line_starts[row]
        return len(self.data[start : start + byte_col].decode("utf-8", "replace")) + 1


def _joined(words: list[bytes]) -> bytes:
    """Words joined without the whitespace between them, but for a space after ``new``."""
    if len(words) < 2:  # nothing to join, no `new` to look for
        return b"".join(words)
    spaced = (word + b" " if word.endswith(b"new") and _ENDS_IN_NEW.search(word) else word for word in words[:-1])
    return b"".join(spaced) + words[-1]


class _Scope:
    """A definition (or a naming scope such as a Rust ``impl``) being assembled."""

    __slots__ = (
        "emit",
        "end",
        "kind",
        "name",
        "node",
        "pattern",
        "qualifier",
        "qualname",
        "returns",
        "start",
    )

    def __init__(
        self,
        node: tree_sitter.Node,
        name: str,
        kind: str,
        qualifier: str,
        returns: str,
        *,
        emit: bool,
        pattern: int,
    ) -> None:
        self.start = node.start_byte
        self.end = node.end_byte
        self.node = node
        self.name = name
        self.kind = kind
        self.qualifier = qualifier
        self.returns = returns
        self.emit = emit
        self.qualname = name
        self.pattern = pattern


@functools.cache
def facts_version() -> str:
    """A fingerprint of how facts are extracted: this module's revision and every query's
    text. Indexes built under another fingerprint are rebuilt."""
    digest = hashlib.sha256(_EXTRACTOR_REVISION.encode())
    for name in sorted(LANGUAGES):
        digest.update(treesitter.read_query_source(name).encode())
    return digest.hexdigest()[:16]


def extract_facts(language: str, data: bytes) -> FileFacts:
    """Parse ``data`` as ``language`` and return what it defines, references, imports and binds."""
    tree = treesitter.parse(language, data)
    text = _Text(data, _TYPE_NOISE.get(language))
    scopes: dict[tuple[int, int], _Scope] = {}
    # start byte -> name, point, receiver, kind, arity
    raw_refs: dict[int, tuple[str, tuple[int, int], str, str, int]] = {}
    raw_imports: list[tuple[tree_sitter.Node, str, str, str]] = []
    raw_bases: list[tuple[int, str]] = []
    raw_bindings: dict[int, tuple[str, str, str]] = {}  # start byte -> target, value, kind
    narrowings = Narrowings()
    anonymous: list[tree_sitter.Node] = []
    fields: dict[tuple[int, int], str] = {}  # an anonymous class's body -> the field it initializes
    blocks: list[tree_sitter.Node] = []
    hoisted: list[tuple[int, int]] = []
    documented: list[tuple[tree_sitter.Node, tree_sitter.Node]] = []  # a comment, the statement after it

    plans = _plans(language)
    for pattern, caps in treesitter.query_matches(language, tree.root_node):
        plan = plans[pattern] or _plan(frozenset(caps))  # a pattern with alternative kinds
        if plan is None:
            continue
        role, key, kind, name_key = plan
        if role == "reference":
            _collect_reference(kind, caps[key][0], name_key, caps, text, raw_refs)
        elif role == "bind":
            start, target, value, binding = _binding_parts(caps, text)
            previous = raw_bindings.get(start)
            if previous is None or _strength(binding) > _strength(previous[2]):
                raw_bindings[start] = (target, value, binding)
        elif role == "scope":
            _collect_scope(kind, name_key, caps[key][0], caps, text, scopes, pattern)
        elif role == "import":
            raw_imports.append(_import_parts(caps, text))
        elif role == "anonymous":
            anonymous.append(caps["anonymous"][0])
            if field := caps.get("anonymous.field"):
                fields[caps["anonymous"][0].start_byte, caps["anonymous"][0].end_byte] = text.of(field[0])
        elif role == "block":
            blocks.append(caps["block"][0])
        elif role == "hoist":
            hoisted += [(node.start_byte, node.end_byte) for node in caps["hoist"]]
        elif role == "doc":
            documented.append((caps["doc"][0], caps["doc.next"][0]))
        elif role == "narrow":
            region, types, names = caps["narrow"][0], caps.get("narrow.type"), caps.get("narrow.name")
            type_text = text.compact(types[0].start_byte, types[0].end_byte) if types else ""
            # A region naming no name narrows JavaScript's `this` (a function's own, in a callback).
            narrowings.add(region.start_byte, region.end_byte, text.of(names[0]) if names else "this", type_text)
        else:
            raw_bases.append((caps["inherit.class"][0].start_byte, text.of(caps["inherit.base"][0])))

    for span, returns in _read_docs(documented, text, raw_bindings).items():
        if (documented_scope := scopes.get(span)) is not None and not documented_scope.returns:
            documented_scope.returns = returns
    ordered = sorted(scopes.values(), key=lambda s: (s.start, -s.end))
    flat = language in _FLAT_LANGUAGES
    enclosing = Nesting(
        [(s.start, s.end, s) for s in _nest([s for s in ordered if s.kind not in VALUE_KINDS], flat=flat)]
    )
    _name_after_fields(enclosing, fields)
    for scope in ordered:
        parent = enclosing.innermost(scope.start) if scope.kind in VALUE_KINDS else None
        if parent is not None and not (flat and parent.kind == "function"):
            scope.qualname = f"{parent.qualname}.{scope.name}"
    lexical = _lexical_scopes(enclosing, fields, anonymous + blocks, text)
    place = _placing(lexical, blocks, hoisted, raw_bindings, raw_imports, text)
    definitions = [
        Definition(
            s.name,
            s.qualname,
            s.kind,
            s.node.start_point[0] + 1,
            s.node.end_point[0] + 1,
            text.column(s.node.start_point),
            _signature(s.node, text),
            s.returns,
        )
        for s in ordered
        if s.emit
    ]
    references = [
        Reference(
            name,
            narrowings.receiver(start, receiver),
            kind,
            point[0] + 1,
            text.column(point),
            _scope_at(lexical, start),
            arity,
        )
        for start, (name, point, receiver, kind, arity) in raw_refs.items()
    ]
    imports = [
        Import(module, name, alias, node.start_point[0] + 1, place(node.start_byte, alias or name, "", "")[0])
        for node, module, name, alias in raw_imports
    ]
    bodies = {node.start_byte for node in anonymous}  # an anonymous class's bases are matched at its body
    bases = [Base(c, base) for start, base in raw_bases if (c := _class_named_at(enclosing, lexical, bodies, start))]
    bindings = []
    for start, (target, value, kind) in raw_bindings.items():
        where, value, kind = place(start, target, _narrowed(narrowings, start, value, kind), kind)
        bindings.append(Binding(where, target, value, kind))
    return FileFacts(
        definitions,
        references,
        imports,
        bases,
        bindings,
        data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1),
        tree.root_node.has_error,
    )


def _narrowed(narrowings: Narrowings, start: int, value: str, kind: str) -> str:
    """A bound expression as a narrowing region at ``start`` reads it, as it reads a receiver
    there: in a closure with the parameter ``c Context``, ``h := c.Handler()`` calls
    ``c.(Context).Handler``. A declared type is left as written."""
    return narrowings.receiver(start, value) if kind.partition(".")[0] in ("call", "value", "each", "given") else value


def _collect_scope(
    kind: str,
    name_key: str,
    node: tree_sitter.Node,
    caps: dict[str, list[tree_sitter.Node]],
    text: _Text,
    scopes: dict[tuple[int, int], _Scope],
    pattern: int,
) -> None:
    is_scope = kind == "scope"
    name_nodes = caps.get(name_key) or caps.get("name")
    if not name_nodes:
        return
    name = text.of(name_nodes[0])
    qualifier = ""
    for separator in ("::", "."):  # C++ `void Foo::bar()`; JS `Foo.prototype.bar = ...`
        if separator in name:
            qualifier, _, name = name.rpartition(separator)
            qualifier = _without_template_arguments(qualifier)  # `Box<T>::Box` is Box's
            qualifier = qualifier.replace(separator, ".").replace(".prototype", "")
            break
    if receiver := caps.get("receiver"):
        qualifier = _QUALIFIER_NOISE.sub("", text.of(receiver[0]))
    returns = text.written_type(caps["returns"][0], compact=False) if "returns" in caps else ""
    span = (node.start_byte, node.end_byte)
    # The first pattern to claim a node wins, so queries list specific patterns first. (Matches
    # arrive in the order they complete, which can put a general pattern's match first.)
    if span not in scopes or pattern < scopes[span].pattern:
        scopes[span] = _Scope(node, name, kind, qualifier, returns, emit=not is_scope, pattern=pattern)


def _without_template_arguments(qualifier: str) -> str:
    """A C++ qualifier without its template arguments, nested ones too: ``Map<K, Vec<V>>``
    is ``Map``."""
    while "<" in qualifier:
        shorter = _TEMPLATE_ARGUMENTS.sub("", qualifier)
        if shorter == qualifier:
            break
        qualifier = shorter
    return qualifier


_Plan = tuple[str, str, str, str]
"""What a match is about: ``(role, key, kind, name key)``. The key is the capture holding the
whole fact (``definition.class``), the name key the capture of its name."""


@functools.cache
def _plans(language: str) -> tuple[_Plan | None, ...]:
    """The plan of each pattern of a language's query, by pattern index, worked out once from
    its capture names; None for a pattern whose alternatives capture different kinds (C's
    ``struct``, ``union`` or ``enum``), whose matches are planned one by one."""
    return tuple(_plan(captures) for captures in treesitter.pattern_captures(language))


@functools.cache
def _plan(captures: frozenset[str]) -> _Plan | None:
    """The plan for a pattern or match with these capture names; None if they do not tell
    one fact apart."""
    roles = {role for capture in captures if (role := _role(capture))}
    if len(roles) != 1:
        return None
    (role,) = roles
    if role not in ("scope", "reference"):
        return role, "", "", ""
    keys = [capture for capture in captures if _role(capture) == role]
    if len(keys) != 1:
        return None
    (key,) = keys
    kind = key.partition(".")[2] or key  # definition.class -> class; scope -> scope
    return role, key, kind, f"name.{key}"


def _role(capture: str) -> str:
    """What a match is about, from one of its capture names: a ``scope`` (a definition), a
    ``reference``, an ``import``, an ``inherit``-ance, a ``bind``-ing, a ``narrow``-ing, an
    ``anonymous`` function, a ``block`` scope, a ``hoist``-ed binding (see :mod:`.blocks`) or
    a ``doc`` comment (see :mod:`.jsdoc`);
    "" for a capture name that does not tell (a name, a receiver)."""
    if capture.startswith("definition.") or capture == "scope":
        return "scope"
    if capture in ("import", "narrow", "anonymous", "block", "hoist", "doc"):  # the whole statement, region, ...
        return capture
    for role in ("reference", "import", "inherit", "bind", "narrow"):
        if capture.startswith(f"{role}."):
            return role
    return ""


def _collect_reference(
    kind: str,
    site: tree_sitter.Node,
    name_key: str,
    caps: dict[str, list[tree_sitter.Node]],
    text: _Text,
    refs: dict[int, tuple[str, tuple[int, int], str, str, int]],
) -> None:
    name_nodes = caps.get(name_key) or caps.get("name")
    if not name_nodes:
        return
    node = name_nodes[0]
    start = node.start_byte
    previous = refs.get(start)
    if previous is not None and (previous[3] == "call" or kind != "call"):
        return  # a call site is also matched as a plain reference; the call wins
    # A receiver captured in pieces (C++'s right-nested `a::b::f`) spans from first to last.
    receiver_nodes = caps.get("receiver")
    receiver = text.compact(receiver_nodes[0].start_byte, receiver_nodes[-1].end_byte) if receiver_nodes else ""
    refs[start] = (text.of(node), node.start_point, receiver, kind, _arity(site) if kind == "call" else -1)


def _arity(site: tree_sitter.Node) -> int:
    """How many arguments a Java call passes (-1 for any other call): overloads differ by it."""
    arguments = site.child_by_field_name("arguments") if site.type in _COUNTED_CALLS else None
    return -1 if arguments is None else sum(1 for node in arguments.named_children if not _COMMENT.match(node.type))


def _import_parts(caps: dict[str, list[tree_sitter.Node]], text: _Text) -> tuple[tree_sitter.Node, str, str, str]:
    statement = (caps.get("import") or caps["import.module"])[0]

    def part(key: str) -> str:
        nodes = caps.get(key)
        return text.of(nodes[0]).strip("\"'`<>") if nodes else ""

    return statement, part("import.module"), part("import.name"), part("import.alias")


def _binding_parts(caps: dict[str, list[tree_sitter.Node]], text: _Text) -> tuple[int, str, str, str]:
    """``(start byte, target, value, kind)`` of a binding match."""
    if "bind.return" in caps:
        start, target = caps["bind.return"][0].start_byte, RETURN_TARGET
    elif "bind.yield" in caps:
        start, target = caps["bind.yield"][0].start_byte, YIELD_TARGET
    else:
        node = (caps.get("bind.target") or caps.get("bind.position") or caps["bind.param"])[0]
        start = node.start_byte
        target = _position(node) if "bind.position" in caps else text.compact(start, node.end_byte)
    for kind in _VALUE_CAPTURES:
        if kind in caps:
            value = caps[kind][0]
            holds = "param" if "bind.param" in caps else kind[len("bind.") :]
            if pattern := caps.get("bind.pattern"):  # `for key, value in ...`: value holds part 1
                holds += f".{_places(pattern[0]).index(start)}"
            if callback := caps.get("bind.callback"):  # `operate((source, subscriber) => ...)`
                holds += f".{_given_place(callback[0], start)}"
            if holds == "type":
                return start, target, text.written_type(value, compact=True), holds
            return start, target, text.compact(value.start_byte, value.end_byte), holds
    return start, target, "", "param" if "bind.param" in caps else "local"


def _read_docs(
    documented: list[tuple[tree_sitter.Node, tree_sitter.Node]],
    text: _Text,
    raw_bindings: dict[int, tuple[str, str, str]],
) -> dict[tuple[int, int], str]:
    """Bind each parameter a JSDoc comment types to its type, unless the code says more, and
    give the return type it documents, by the span of each node that may be the definition."""
    returns: dict[tuple[int, int], str] = {}
    for comment, statement in documented:
        doc = read_jsdoc(text.of(comment))
        found = documented_function(statement) if doc is not None else None
        if doc is None or found is None:
            continue
        function, path = found
        if doc.returns:
            returns.update(((node.start_byte, node.end_byte), doc.returns) for node in path)
        for parameter in parameter_names(function):
            written = doc.parameters.get(text.of(parameter))
            previous = raw_bindings.get(parameter.start_byte)
            if written and (previous is None or _strength(previous[2]) < _strength("type")):
                raw_bindings[parameter.start_byte] = (text.of(parameter), written, "type")
    return returns


def _strength(kind: str) -> int:
    """How much a binding of ``kind`` says, of those matched for one name: a typed or call
    binding beats what a callback's parameter is given, which beats a plain ``local``."""
    return 0 if kind == "local" else 1 if kind.startswith("given.") else 2


def _given_place(callback: tree_sitter.Node, start: int) -> str:
    """``argument.parameter`` of a callback's parameter starting at ``start``: the callback's
    place among the call's arguments, and the parameter's among its own, where a ``this``
    declared first counts none (``function (this: Subscriber<R>, value) {...}``)."""
    arguments = callback.parent.named_children if callback.parent else [callback]
    argument = [a.start_byte for a in arguments if a.type != "comment"].index(callback.start_byte)
    declared = callback.child_by_field_name("parameters")
    if declared is None:  # `x => ...`
        return f"{argument}.0"
    places = [p for p in declared.named_children if p.type != "comment" and not _declares_this(p)]
    parameter = next(i for i, p in enumerate(places) if p.start_byte <= start < p.end_byte)
    return f"{argument}.{parameter}"


def _declares_this(parameter: tree_sitter.Node) -> bool:
    pattern = parameter.child_by_field_name("pattern")
    return pattern is not None and pattern.type == "this"


def _position(field: tree_sitter.Node) -> str:
    """The name of a tuple struct's field, its position among the field types around it:
    ``self.0`` of Rust's ``struct Regex(Exec)`` is an ``Exec``."""
    parent = field.parent
    types = parent.children_by_field_name("type") if parent is not None else [field]
    return str([t.start_byte for t in types].index(field.start_byte))


def _places(pattern: tree_sitter.Node) -> list[int]:
    """The start byte of each place of a pattern that unpacks a value: its named children,
    and Rust's `_`, which the grammar leaves unnamed (`for (_, v) in map`: v is the second)."""
    return [child.start_byte for child in pattern.children if child.is_named or child.type == "_"]


def _nest(ordered: list[_Scope], *, flat: bool) -> list[_Scope]:
    """Give each scope its qualified name from the scopes around it; a function directly in a
    class-like scope becomes a method. With ``flat`` (see ``_FLAT_LANGUAGES``) a function is
    named after no function around it."""
    stack: list[_Scope] = []
    for scope in ordered:
        while stack and stack[-1].end <= scope.start:
            stack.pop()
        parent = stack[-1] if stack else None
        if flat and scope.kind == "function":
            parent = next((s for s in reversed(stack) if s.kind != "function"), None)
        prefix = [parent.qualname] if parent else []
        if scope.qualifier:
            prefix.append(scope.qualifier)
        scope.qualname = ".".join([*prefix, scope.name])
        if scope.kind == "function" and (
            scope.qualifier or (parent is not None and parent.kind in CLASS_KINDS | {"scope"})
        ):
            scope.kind = "method"
        stack.append(scope)
    return ordered


def _lexical_scopes(
    enclosing: Nesting[_Scope], fields: dict[tuple[int, int], str], anonymous: list[tree_sitter.Node], text: _Text
) -> Nesting[str]:
    """The scope names of code: the definitions' qualified names, and within them the
    anonymous functions', each the name around it and a segment of its own (see
    :mod:`.anonymous`). A function the query also finds as a definition is that definition.
    An anonymous class's body (Java's ``new Comparator<Node>() {...}``) is a segment too, and
    the definitions in it are named under it, for their code only: two anonymous classes'
    ``compare`` in one method are two scopes, though both are the method ``m.compare``. One
    that initializes a field is named after the field too, as its definitions are (see
    :func:`_name_after_fields`): ``Use.C.<6:40-8:4>.compare``."""
    spans = enclosing.to_plain()[0]
    defined = {(start, end) for start, end, _ in spans}
    functions = {(n.start_byte, n.end_byte): n for n in anonymous if (n.start_byte, n.end_byte) not in defined}
    ordered: list[tuple[int, int, _Scope | tree_sitter.Node]] = [*spans]
    ordered += [(start, end, node) for (start, end), node in functions.items()]
    ordered.sort(key=lambda span: (span[0], -span[1]))
    stack: list[tuple[int, str, bool]] = []  # (end, scope name, in an anonymous class) of the scopes around
    names: list[tuple[int, int, str]] = []
    for start, end, item in ordered:
        while stack and stack[-1][0] <= start:
            stack.pop()
        around, in_class = (stack[-1][1], stack[-1][2]) if stack else ("", False)
        if isinstance(item, _Scope):
            name = f"{around}.{item.name}" if in_class else item.qualname
        else:
            segment = anonymous_segment(_point(item.start_point, text), _point(item.end_point, text))
            segment = f"{fields[start, end]}.{segment}" if (start, end) in fields else segment
            name = f"{around}.{segment}" if around else segment
            in_class = in_class or item.type == "class_body"
        stack.append((end, name, in_class))
        names.append((start, end, name))
    return Nesting(names)


def _placing(
    lexical: Nesting[str],
    blocks: list[tree_sitter.Node],
    hoisted: list[tuple[int, int]],
    raw_bindings: dict[int, tuple[str, str, str]],
    raw_imports: list[tuple[tree_sitter.Node, str, str, str]],
    text: _Text,
) -> Callable[[int, str, str, str], tuple[str, str, str]]:
    """``(scope, value, kind)`` of a name bound (or imported) at a byte offset with a value
    of a kind: the scope of the code there, but for a ``var`` or an assignment in a block,
    which binds outside it (see :mod:`.blocks`). Files without block scopes pay nothing."""
    if not blocks:
        return lambda start, _name, value, kind: (_scope_at(lexical, start), value, kind)
    starts = [*raw_bindings, *(node.start_byte for node, _, _, _ in raw_imports)]
    scopes = {start: _scope_at(lexical, start) for start in starts}
    bound = [(start, scopes[start], target) for start, (target, _, _) in raw_bindings.items()]
    bound += [(node.start_byte, scopes[node.start_byte], alias or name) for node, _, name, alias in raw_imports]
    segments = {anonymous_segment(_point(n.start_point, text), _point(n.end_point, text)) for n in blocks}
    hoisting = Hoisting(segments, hoisted, bound)
    return lambda start, name, value, kind: hoisting.binding(start, scopes[start], name, value, kind)


def _name_after_fields(enclosing: Nesting[_Scope], fields: dict[tuple[int, int], str]) -> None:
    """Name the definitions in an anonymous class that initializes a field after the field
    (Java's ``Comparator<X> C = new Comparator<X>() {...}`` in ``Use``: ``Use.C.compare``), as
    those of one in a method are named after the method: they are no members of the class
    around, which ``use.compare(...)`` elsewhere would otherwise reach."""
    spans = enclosing.to_plain()[0]
    for (start, end), field in fields.items():
        owner = enclosing.innermost(start)
        prefix = f"{owner.qualname}." if owner is not None else ""
        for _, _, scope in spans:
            if start <= scope.start and scope.end <= end and scope.qualname.startswith(prefix):
                scope.qualname = f"{prefix}{field}.{scope.qualname[len(prefix) :]}"


def _class_named_at(enclosing: Nesting[_Scope], lexical: Nesting[str], bodies: set[int], start: int) -> str:
    """The qualified name of the class whose base a match at ``start`` names ('' for none): the
    definition there, or an anonymous class whose body starts there (Java's ``new Thread()
    {...}``), named by its body's scope, which no definition has."""
    if start in bodies:
        return _scope_at(lexical, start)
    cls = enclosing.innermost(start)
    return cls.qualname if cls is not None else ""


def _point(point: tuple[int, int], text: _Text) -> tuple[int, int]:
    """A tree-sitter point as 1-based line and character column."""
    return point[0] + 1, text.column(point)


def _scope_at(lexical: Nesting[str], offset: int) -> str:
    """The scope name of the code at ``offset`` ('' for the module)."""
    return lexical.innermost(offset) or ""


def _signature(node: tree_sitter.Node, text: _Text) -> str:
    """The definition's header: from its start to its body, on one line, without comments
    (Python's ``def f():  # why``, the lines above its first statement, or a ``# noqa`` among
    its parameters)."""
    body = node.child_by_field_name("body")
    end = body.start_byte if body is not None and body.start_byte > node.start_byte else None
    if end is None:  # no body: a signature is all header, anything else its first line
        newline = -1 if node.type.endswith("signature") else text.data.find(b"\n", node.start_byte, node.end_byte)
        end = newline if newline != -1 else node.end_byte
    header = text.data[node.start_byte : end]
    if _COMMENT_START.search(header):
        for start, stop in reversed(_comments_in(node, node.start_byte, end)):
            header = header[: start - node.start_byte] + header[stop - node.start_byte :]
    # Without the line break and indentation before a body, most headers fit on one line
    # already and skip one_line's pass over line breaks.
    return one_line(header.rstrip().decode("utf-8", "replace")).rstrip(" {;=")[:_MAX_TEXT]


def _comments_in(node: tree_sitter.Node, start: int, end: int) -> list[tuple[int, int]]:
    """The byte spans of the comments inside ``node`` between ``start`` and ``end``, in order."""
    found: list[tuple[int, int]] = []
    for child in node.children:
        if child.start_byte >= end:
            break
        if child.end_byte <= start:
            continue
        if "comment" in child.type:
            found.append((child.start_byte, min(child.end_byte, end)))
        elif child.child_count:
            found += _comments_in(child, start, end)
    return found


def one_line(source: str) -> str:
    """Source written over several lines, on one: the line breaks just inside brackets go
    (``f(\n    a,\n    b,\n)`` is ``f(a, b)``), and every other run of whitespace is a space."""
    if "\n" in source:
        source = _LINE_BREAK_GAPS.sub("", source)
    return " ".join(source.split())
