"""What the Java standard library gives that the resolver models: the classes of
``java.lang`` (seen without an import, and never the repository's), the methods every class
inherits from ``Object`` (and every enum from ``Enum``), and the standard collections, which
hold their type arguments' instances and hand them back through their methods."""

from __future__ import annotations

from .values import EXTERNAL, ContainerValue, TupleValue, Value

__all__ = [
    "ENUM_METHODS",
    "INTERFACE_MEMBERS",
    "JAVA_LANG",
    "MAPPINGS",
    "OBJECT_METHODS",
    "SEQUENCES",
    "collection_method_value",
]

# What every class inherits from java.lang.Object, and every enum from java.lang.Enum.
OBJECT_METHODS = frozenset(
    {"equals", "hashCode", "toString", "getClass", "clone", "finalize", "notify", "notifyAll", "wait"}
)
ENUM_METHODS = OBJECT_METHODS | {"name", "ordinal", "compareTo", "values", "valueOf", "getDeclaringClass"}
# Every member of the standard interfaces that anonymous and inner classes most often implement,
# by fully qualified name: their abstract, default and static methods (none declares a field),
# and the methods of the abstract classes Reader and Writer (commons-lang's StrBuilderReader; their
# one field, `lock`, is not listed, as no outside base's field is, see generic.py's may_inherit). In
# `new Runnable() {...}` a bare name that is none of these nor Object's is the class around's.
_FUNCTIONAL = {"andThen", "compose", "identity"}
INTERFACE_MEMBERS: dict[str, frozenset[str]] = {
    "java.lang.Runnable": frozenset({"run"}),
    "java.lang.Comparable": frozenset({"compareTo"}),
    "java.lang.Iterable": frozenset({"iterator", "forEach", "spliterator"}),
    "java.lang.AutoCloseable": frozenset({"close"}),
    "java.io.Closeable": frozenset({"close"}),
    "java.io.FileFilter": frozenset({"accept"}),
    "java.io.Reader": frozenset(
        {"read", "skip", "ready", "markSupported", "mark", "reset", "close", "transferTo", "nullReader", "of"}
    ),
    "java.io.Writer": frozenset({"write", "append", "flush", "close", "nullWriter"}),
    "java.io.FilenameFilter": frozenset({"accept"}),
    "java.util.concurrent.Callable": frozenset({"call"}),
    "java.util.concurrent.ThreadFactory": frozenset({"newThread"}),
    "java.util.Iterator": frozenset({"hasNext", "next", "remove", "forEachRemaining"}),
    "java.util.Enumeration": frozenset({"hasMoreElements", "nextElement", "asIterator"}),
    "java.util.Comparator": frozenset(
        {
            "compare",
            "reversed",
            "thenComparing",
            "thenComparingInt",
            "thenComparingLong",
            "thenComparingDouble",
            "reverseOrder",
            "naturalOrder",
            "nullsFirst",
            "nullsLast",
            "comparing",
            "comparingInt",
            "comparingLong",
            "comparingDouble",
        }
    ),
    "java.util.function.Consumer": frozenset({"accept", "andThen"}),
    "java.util.function.BiConsumer": frozenset({"accept", "andThen"}),
    "java.util.function.Supplier": frozenset({"get"}),
    "java.util.function.Function": frozenset({"apply", *_FUNCTIONAL}),
    "java.util.function.BiFunction": frozenset({"apply", "andThen"}),
    "java.util.function.UnaryOperator": frozenset({"apply", *_FUNCTIONAL}),
    "java.util.function.BinaryOperator": frozenset({"apply", "andThen", "minBy", "maxBy"}),
    "java.util.function.Predicate": frozenset({"test", "and", "or", "negate", "isEqual", "not"}),
    "java.util.function.BiPredicate": frozenset({"test", "and", "or", "negate"}),
    "java.lang.reflect.InvocationHandler": frozenset({"invoke"}),
    "java.security.PrivilegedAction": frozenset({"run"}),
    "java.security.PrivilegedExceptionAction": frozenset({"run"}),
}
# The classes of java.lang a file sees without importing them, and the primitive types.
JAVA_LANG = frozenset(
    {
        "Object",
        "String",
        "StringBuilder",
        "StringBuffer",
        "System",
        "Math",
        "Integer",
        "Long",
        "Short",
        "Byte",
        "Double",
        "Float",
        "Boolean",
        "Character",
        "Number",
        "Void",
        "Thread",
        "Runnable",
        "Iterable",
        "Comparable",
        "CharSequence",
        "Enum",
        "Record",
        "Exception",
        "RuntimeException",
        "Error",
        "Throwable",
        "IllegalArgumentException",
        "IllegalStateException",
        "NullPointerException",
        "UnsupportedOperationException",
        "IndexOutOfBoundsException",
        "Override",
        "Deprecated",
        "FunctionalInterface",
        "SuppressWarnings",
        "AutoCloseable",
        "Class",
        "ClassLoader",
        "Process",
        # the primitive types, whose values have no methods of the repository's
        "boolean",
        "byte",
        "char",
        "short",
        "int",
        "long",
        "float",
        "double",
        "void",
    }
)
# The collections a loop steps through, one element at a time, and the maps it steps through
# a (key, value) pair at a time.
SEQUENCES = frozenset(
    {
        "Iterable",
        "Collection",
        "List",
        "ArrayList",
        "LinkedList",
        "CopyOnWriteArrayList",
        "Vector",
        "Stack",
        "Set",
        "HashSet",
        "LinkedHashSet",
        "TreeSet",
        "SortedSet",
        "NavigableSet",
        "EnumSet",
        "Queue",
        "Deque",
        "ArrayDeque",
        "PriorityQueue",
        "BlockingQueue",
        "Iterator",
        "ListIterator",
        "Enumeration",
        "Stream",
        "Optional",
    }
)
MAPPINGS = frozenset(
    {
        "Map",
        "HashMap",
        "LinkedHashMap",
        "TreeMap",
        "SortedMap",
        "NavigableMap",
        "ConcurrentMap",
        "ConcurrentHashMap",
        "WeakHashMap",
        "IdentityHashMap",
        "EnumMap",
        "Hashtable",
    }
)
# What the methods of the standard collections give (see `collection_method_value`): an
# element (of a map, a value); the collection again (an iterator, a stream, a part of it); an
# Optional of an element; a map's keys (0) or values (1); an entry's key (0) or value (1).
_ELEMENT_GETTERS = frozenset(
    {
        "get",
        "getFirst",
        "getLast",
        "first",
        "last",
        "next",
        "previous",
        "nextElement",
        "element",
        "pop",
        "poll",
        "pollFirst",
        "pollLast",
        "peekFirst",
        "peekLast",
        "firstElement",
        "lastElement",
        "elementAt",
        "floor",
        "ceiling",
        "higher",
        "lower",
        "take",
        "orElse",
        "orElseGet",
        "orElseThrow",
        "getOrDefault",
        "computeIfAbsent",
    }
)
_SAME_COLLECTION = frozenset(
    {
        "iterator",
        "listIterator",
        "descendingIterator",
        "stream",
        "parallelStream",
        "subList",
        "headSet",
        "tailSet",
        "subSet",
        "descendingSet",
        "filter",
        "sorted",
        "distinct",
        "limit",
        "skip",
    }
)
_OPTIONAL_ELEMENT = frozenset({"findFirst", "findAny", "min", "max"})
_MAP_VIEWS = {"keySet": 0, "navigableKeySet": 0, "values": 1}
_ENTRY_PARTS = {"getKey": 0, "getValue": 1}


def collection_method_value(held: ContainerValue | TupleValue, method: str) -> Value:
    """What calling ``method`` on a collection, a map, an Optional or a map's entry gives;
    for any other method, the language's own value."""
    if isinstance(held, TupleValue):
        place = _ENTRY_PARTS.get(method)
        return held.parts[place] if place is not None and place < len(held.parts) else EXTERNAL
    if method in _ELEMENT_GETTERS:
        return held.values if held.values is not None else held.items
    if method in _SAME_COLLECTION:
        return held
    if method in _OPTIONAL_ELEMENT:
        return ContainerValue(held.items)
    pair = held.items if held.values is not None else None  # a map's (key, value)
    if isinstance(pair, TupleValue) and method in _MAP_VIEWS:
        return ContainerValue(pair.parts[_MAP_VIEWS[method]])
    if pair is not None and method == "entrySet":
        return ContainerValue(pair)
    return EXTERNAL
