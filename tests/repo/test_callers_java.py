"""Callers in Java in shapes that real projects write: fields named like methods, collections of
the repository's classes, casts, inner and anonymous classes. Each test holds the few lines of a
project where an answer was wrong or missing."""

from __future__ import annotations

from pathlib import Path

from rlm_code.repo import Repo
from tests.conftest import write_files


def _sites(repo: Repo, target: str) -> list[tuple[int, str, str]]:
    """``(line, caller, confidence)`` of every caller of ``target``, name matches included."""
    return [(c.line, c.caller, c.confidence) for c in repo.callers(target, include_name_matches=True).callers]


def test_a_field_named_like_a_method_is_the_field(tmp_path: Path) -> None:
    # jsoup's Node: a field `parentNode` and a method `parentNode()`; `this.parentNode.removeChild(this)`
    # and `parentNode.replaceChild(this, in)` read the field. Element's `tag` and `tag()` alike.
    write_files(
        tmp_path,
        {
            "p/Tag.java": "package p;\npublic class Tag {\n  public boolean isBlock() { return true; }\n}\n",
            "p/Node.java": "package p;\n"
            "public class Node {\n"
            "  Node parentNode;\n"
            "  Tag tag;\n"
            "  public Node parentNode() { return parentNode; }\n"
            "  public Tag tag() { return tag; }\n"
            "  void removeChild(Node n) {}\n"
            "  void setParentNode(Node p) {\n"
            "    this.parentNode.removeChild(this);\n"
            "    parentNode.removeChild(this);\n"
            "    parentNode().removeChild(this);\n"
            "  }\n"
            "  class Inner {\n"
            "    boolean block(Node other) { return tag.isBlock() && other.tag.isBlock(); }\n"
            "  }\n"
            "}\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Node.removeChild") == [(line, "Node.setParentNode", "exact") for line in (9, 10, 11)]
        assert _sites(repo, "Tag.isBlock") == [(14, "Node.Inner.block", "exact"), (14, "Node.Inner.block", "exact")]


def test_a_type_variable_is_its_bound_or_unknown_not_an_outside_member(tmp_path: Path) -> None:
    # commons-lang: `class ImmutablePair<L, R> extends Pair<L, R>`, whose base `Map.Entry<L, R>` is
    # outside: `L` was looked up as a member of that base, so `pair.getLeft().run()` was outside
    # the repository and hidden even among name matches.
    write_files(
        tmp_path,
        {
            "p/Foo.java": "package p;\npublic class Foo {\n  public void run() {}\n}\n",
            "p/Pair.java": "package p;\n"
            "import java.util.Map;\n"
            "public abstract class Pair<L, R> implements Map.Entry<L, R> {\n"
            "  public L left;\n"
            "  public abstract L getLeft();\n"
            "  public static <T extends Foo> T pick(T a) { return a; }\n"
            "}\n",
            "p/Use.java": "package p;\n"
            "class Use {\n"
            "  void go(Pair<Foo, Foo> pair, Foo foo) {\n"
            "    pair.getLeft().run();\n"
            "    pair.left.run();\n"
            "    Pair.pick(foo).run();\n"
            "  }\n"
            "}\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Foo.run") == [(6, "Use.go", "exact"), (4, "Use.go", "name"), (5, "Use.go", "name")]


def test_a_cast_is_an_instance_of_its_type(tmp_path: Path) -> None:
    # jsoup: `((TextNode) node).text()`, `((Element) parentNode).tag().formatAsBlock()`; commons-lang:
    # `((MutableShort) obj).shortValue()` in equals, which was likely at best.
    write_files(
        tmp_path,
        {
            "p/Foo.java": "package p;\n"
            "public class Foo {\n  public Foo self() { return this; }\n  public void run() {}\n}\n",
            "p/Bar.java": "package p;\npublic class Bar {\n  public void run() {}\n}\n",
            "p/Use.java": "package p;\n"
            "class Use {\n"
            "  void go(Object o, int a, int b) {\n"
            "    ((Foo) o).run();\n"
            "    ((Foo) o).self().run();\n"
            "    ((Bar) (Object) o).run();\n"
            "    ((a) + (b)).run();\n"
            "  }\n"
            "}\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Foo.run") == [(4, "Use.go", "exact"), (5, "Use.go", "exact"), (7, "Use.go", "name")]
        assert _sites(repo, "Bar.run") == [(6, "Use.go", "exact"), (7, "Use.go", "name")]


def test_what_the_standard_collections_give_is_their_element(tmp_path: Path) -> None:
    # jsoup: `childNodes.get(i).outerHtml()` on a `List<Node>`; capacitor: `entry.getValue().getInstance()`
    # on a `Map.Entry<String, PluginHandle>`. The element was outside the repository, and the call
    # hidden even among name matches.
    write_files(
        tmp_path,
        {
            "p/Foo.java": "package p;\npublic class Foo {\n  public void run() {}\n}\n",
            "p/Use.java": "package p;\n"
            "import java.util.*;\n"
            "import java.util.List;\n"
            "import java.util.Map;\n"
            "import java.util.Optional;\n"
            "class Use {\n"
            "  private List<Foo> foos;\n"
            "  private Map<String, Foo> byName;\n"
            "  private Foo[] arr;\n"
            "  void go(List<? extends Foo> xs, Optional<Foo> o, Map.Entry<String, Foo> e, List<String> names) {\n"
            "    xs.get(0).run();\n"
            "    this.foos.get(0).run();\n"
            '    byName.get("a").run();\n'
            "    arr[0].run();\n"
            "    o.get().run();\n"
            "    foos.iterator().next().run();\n"
            "    foos.stream().filter(f -> true).findFirst().get().run();\n"
            "    e.getValue().run();\n"
            "    byName.values().iterator().next().run();\n"
            "    names.get(0).run();\n"
            "    byName.keySet().iterator().next().run();\n"
            "    foos.size();\n"
            "  }\n"
            "}\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Foo.run") == [(line, "Use.go", "exact") for line in range(11, 20)]


def test_object_and_enum_methods_annotation_elements_and_an_outer_this(tmp_path: Path) -> None:
    # capacitor: `perm.alias()` of `@interface Permission { String alias(); }` was unresolved;
    # cordova: `PluginResult.Status.OK.ordinal()` and jsoup's `data.get(0).toString()` on an
    # interface were left to name matches (a repository's one `ordinal` or `toString` became
    # likely); cordova's `SystemWebViewEngine.this.cordova.getActivity()` in an inner class.
    write_files(
        tmp_path,
        {
            "p/Permission.java": 'package p;\npublic @interface Permission {\n  String alias() default "";\n}\n',
            "p/KeyVal.java": "package p;\npublic interface KeyVal {\n  String key();\n}\n",
            "p/Status.java": "package p;\npublic enum Status {\n  OK;\n}\n",
            "p/Other.java": "package p;\n"
            "public class Other {\n"
            "  public int ordinal() { return 0; }\n"
            '  public String toString() { return ""; }\n'
            "  public Other getActivity() { return this; }\n"
            "}\n",
            "p/Engine.java": "package p;\n"
            "public class Engine {\n"
            "  Other cordova;\n"
            "  String go(Permission perm, KeyVal kv) {\n"
            "    Status.OK.ordinal();\n"
            "    kv.toString();\n"
            "    return perm.alias();\n"
            "  }\n"
            "  class Client {\n"
            "    Other cordova;\n"
            "    void run() {\n"
            "      Engine.this.cordova.getActivity();\n"
            "      this.cordova.toString();\n"
            "    }\n"
            "  }\n"
            "}\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Permission.alias") == [(7, "Engine.go", "exact")]
        assert _sites(repo, "Other.ordinal") == []
        assert _sites(repo, "Other.toString") == [(13, "Engine.Client.run", "exact")]
        assert _sites(repo, "Other.getActivity") == [(12, "Engine.Client.run", "exact")]


def test_a_class_that_extends_a_standard_collection_holds_its_elements(tmp_path: Path) -> None:
    # jsoup: `Elements extends ArrayList<Element>`; `els.get(0).outerHtml()` was outside and hidden.
    write_files(
        tmp_path,
        {
            "p/Element.java": 'package p;\npublic class Element {\n  public String outerHtml() { return ""; }\n}\n',
            "p/Elements.java": "package p;\n"
            "import java.util.ArrayList;\n"
            "public class Elements extends ArrayList<Element> {\n"
            "  public Element first() { return null; }\n"
            "}\n",
            "p/Use.java": "package p;\n"
            "class Use {\n"
            "  void go(Elements els) {\n"
            "    els.get(0).outerHtml();\n"
            "    els.first().outerHtml();\n"
            "    els.size();\n"
            "  }\n"
            "}\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Element.outerHtml") == [(4, "Use.go", "exact"), (5, "Use.go", "exact")]


def test_a_long_builder_chain_is_read_whole(tmp_path: Path) -> None:
    # commons-lang's DiffBuilderTest: `new DiffBuilder<>(this, obj, style).append("boolean", ...)`
    # a dozen times; past 240 characters the receiver was cut and every later append unresolved.
    appends = "".join(f'\n            .append("field{n}", left.field{n}, right.field{n})' for n in range(12))
    write_files(
        tmp_path,
        {
            "Builder.java": "class Builder {\n"
            "    Builder append(String name, int a, int b) { return this; }\n"
            "    String build() { return null; }\n"
            "}\n",
            "Use.java": "class Use {\n    String diff(Use left, Use right) {\n"
            f"        return new Builder(){appends}\n            .build();\n    }}\n}}\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Builder.build") == [(16, "Use.diff", "exact")]


def test_an_untyped_lambda_parameter_holds_each_element_of_the_receiver(tmp_path: Path) -> None:
    # jsoup's `nodes.forEach(n -> n.run())`; a stream's filter and forEach; a map's (k, v).
    write_files(
        tmp_path,
        {
            "Node.java": "import java.util.List;\nimport java.util.Map;\n\n"
            "class Node {\n    void run() {}\n    boolean isBlock() { return true; }\n}\n\n"
            "class Other {\n    void run() {}\n}\n\n"
            "class Use {\n"
            "    void go(List<Node> nodes, Map<String, Node> byName, List<Other> others) {\n"
            "        nodes.forEach(n -> n.run());\n"
            "        nodes.stream().filter(x -> x.isBlock()).forEach(y -> y.run());\n"
            "        byName.forEach((k, v) -> v.run());\n"
            "        others.forEach(o -> o.run());\n"
            "    }\n}\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Node.run") == [(15, "Use.go", "exact"), (16, "Use.go", "exact"), (17, "Use.go", "exact")]
        assert _sites(repo, "Other.run") == [(18, "Use.go", "exact")]
        assert _sites(repo, "Node.isBlock") == [(16, "Use.go", "exact")]


def test_each_lambda_binds_its_own_parameters(tmp_path: Path) -> None:
    # Two lambdas of one method each name a parameter `e`, one an Element, one a Node: both were
    # bound in the method, so neither call resolved; a lambda's `e` shadows the field `e`, which
    # a lambda without one reads. The caller is the method around the lambdas.
    write_files(
        tmp_path,
        {
            "p/Element.java": "package p;\npublic class Element {\n  public void run() {}\n}\n",
            "p/Node.java": "package p;\npublic class Node {\n  public void run() {}\n}\n",
            "p/Use.java": "package p;\n"
            "import java.util.List;\n"
            "import java.util.function.Consumer;\n"
            "class Use {\n"
            "  Node e;\n"
            "  void go(List<Element> els) {\n"
            "    Consumer<Element> a = (Element e) -> e.run();\n"
            "    Consumer<Node> b = (Node e) -> { e.run(); };\n"
            "    els.forEach(e -> e.run());\n"
            "    Runnable c = () -> e.run();\n"
            "  }\n"
            "}\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Element.run") == [(7, "Use.go", "exact"), (9, "Use.go", "exact")]
        assert _sites(repo, "Node.run") == [(8, "Use.go", "exact"), (10, "Use.go", "exact")]


def test_each_anonymous_class_binds_its_own_names(tmp_path: Path) -> None:
    # Two anonymous classes of one method each define `accept(... e)`, one of an Element, one of
    # a Node: both methods are `Use.go.accept`, whose parameters were one scope. commons-lang's
    # ClassUtils.hierarchy: a method of an anonymous class in a lambda reads the lambda's local
    # `next`. In `new Thread() {...}`, `this.start()` is the Thread's, not Use's (see
    # test_this_in_an_anonymous_class_is_an_instance_of_it).
    write_files(
        tmp_path,
        {
            "p/Element.java": "package p;\npublic class Element {\n  public void run() {}\n}\n",
            "p/Node.java": "package p;\npublic class Node {\n  public void run() {}\n}\n",
            "p/Use.java": "package p;\n"
            "import java.util.function.Consumer;\n"
            "import java.util.function.Supplier;\n"
            "class Use {\n"
            "  void start() {}\n"
            "  void go() {\n"
            "    Consumer<Element> a = new Consumer<Element>() {\n"
            "      public void accept(Element e) { e.run(); }\n"
            "    };\n"
            "    Consumer<Node> b = new Consumer<Node>() {\n"
            "      public void accept(Node e) { e.run(); }\n"
            "    };\n"
            "    Supplier<Runnable> s = () -> {\n"
            "      Element next = new Element();\n"
            "      return new Runnable() {\n"
            "        public void run() { next.run(); }\n"
            "      };\n"
            "    };\n"
            "    Thread t = new Thread() {\n"
            "      public void run() { this.start(); }\n"
            "    };\n"
            "  }\n"
            "}\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Element.run") == [(8, "Use.go.accept", "exact"), (16, "Use.go.run", "exact")]
        assert _sites(repo, "Node.run") == [(11, "Use.go.accept", "exact")]
        assert _sites(repo, "Use.start") == []
        callees = repo.callees("Use.go.accept").callees
        assert [(c.line, c.callee) for c in callees] == [
            (8, "p/Element.java:Element.run"),
            (11, "p/Node.java:Node.run"),
        ]


def test_an_anonymous_class_sees_its_bases_members_before_the_class_around(tmp_path: Path) -> None:
    # Java looks a bare name up among the members an anonymous class inherits before the class
    # around: `start()` in `new Thread() {...}` is Thread's, though Use defines a start (it was an
    # exact Use.start). Task, the repository's, defines start and its run is called; Job defines
    # neither and has no base outside, so Use's are meant; an anonymous class's own start, which
    # overrides Task's, comes first, and is no name for code outside its body.
    write_files(
        tmp_path,
        {
            "p/Task.java": "package p;\npublic abstract class Task {\n  public void start() {}\n}\n",
            "p/Job.java": "package p;\npublic interface Job {\n  void run();\n}\n",
            "p/Use.java": "package p;\n"
            "class Use {\n"
            "  void start() {}\n"
            "  void go() {\n"
            "    new Thread() { public void run() { start(); } }.start();\n"
            "    new Task() { public void run() { start(); } };\n"
            "    new Job() { public void run() { start(); } };\n"
            "    new Task() { public void start() {} public void run() { start(); } };\n"
            "    new Job() { public void run() { stop(); } };\n"
            "  }\n"
            "  void stop() {}\n"
            "}\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Use.start") == [(7, "Use.go.run", "exact"), (5, "Use.go.run", "name")]
        assert _sites(repo, "Task.start") == [(6, "Use.go.run", "exact"), (5, "Use.go.run", "name")]
        assert _sites(repo, "Use.stop") == [(9, "Use.go.run", "exact")]
        assert [(c.line, c.callee) for c in repo.callees("Use.go.run").callees if c.line == 8] == [
            (8, "p/Use.java:Use.go.start")
        ]


def test_an_anonymous_class_initializing_a_field_is_no_member_of_the_class_around(tmp_path: Path) -> None:
    # jsoup's StringUtil, commons-lang's comparators: `static final Comparator<X> C = new
    # Comparator<X>() { public int compare(...) }` named its compare `Use.compare`, a method of
    # Use, which `use.compare(a, b)` elsewhere then reached.
    write_files(
        tmp_path,
        {
            "p/Use.java": "package p;\n"
            "import java.util.Comparator;\n"
            "class Use {\n"
            "  int rank() { return 0; }\n"
            "  int compare(Use a, Use b) { return 0; }\n"
            "  static final Comparator<Use> C = new Comparator<Use>() {\n"
            "    public int compare(Use a, Use b) { return rank(a) - a.rank(); }\n"
            "    int rank(Use a) { return 0; }\n"
            "  };\n"
            "  int other(Use use) { return use.compare(use, use); }\n"
            "}\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert [d.qualname for d in repo.find_definitions("compare")] == ["Use.compare", "Use.C.compare"]
        assert _sites(repo, "Use.compare") == [(10, "Use.other", "exact")]
        assert _sites(repo, "Use.C.compare") == []
        assert _sites(repo, "Use.C.rank") == [(7, "Use.C.compare", "exact")]
        assert _sites(repo, "Use.rank") == [(7, "Use.C.compare", "exact")]


def test_a_standard_interface_lends_an_anonymous_class_only_its_own_methods(tmp_path: Path) -> None:
    # cordova's `new Runnable() { public void run() { stopLoading(); } }`, jsoup's `new
    # Iterator<Attribute>() {...}` calling Attributes.isInternalKey: Runnable and Iterator define
    # no such method, so the class around's is meant; Thread may. commons-lang's
    # ClassUtils.hierarchy: the Iterator's own method `next` hides no local `next` of the lambda
    # around, whose getValue() is called.
    write_files(
        tmp_path,
        {
            "p/Box.java": "package p;\npublic class Box {\n  public Object getValue() { return null; }\n}\n",
            "p/Use.java": "package p;\n"
            "import java.util.Iterator;\n"
            "import java.util.function.Supplier;\n"
            "class Use {\n"
            "  void stop() {}\n"
            "  void go() {\n"
            "    new Runnable() { public void run() { stop(); } };\n"
            "    new Thread() { public void run() { stop(); } };\n"
            "    Supplier<Iterator<Object>> s = () -> {\n"
            "      Box next = new Box();\n"
            "      return new Iterator<Object>() {\n"
            "        public boolean hasNext() { return next.getValue() != null; }\n"
            "        public Object next() { stop(); return null; }\n"
            "      };\n"
            "    };\n"
            "  }\n"
            "}\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Use.stop") == [
            (7, "Use.go.run", "exact"),
            (13, "Use.go.next", "exact"),
            (8, "Use.go.run", "name"),
        ]
        assert _sites(repo, "Box.getValue") == [(12, "Use.go.hasNext", "exact")]


def test_a_named_inner_class_sees_its_outside_bases_members_before_the_class_around(tmp_path: Path) -> None:
    # As in an anonymous class: in `class Inner extends Thread`, nested in Use, a bare `start()`
    # is Thread's, though Use defines a start (it was an exact Use.start), and `toString()` is
    # Object's, which every class inherits. A static nested class alike. Runnable and Comparator,
    # standard interfaces of known members, lend no `stop`, so Use's is meant, nor does Reader,
    # whose methods are known too (commons-lang's StrBuilderReader calling StrBuilder's size()),
    # though it defines a reset; Local, the repository's, defines start and has no base outside.
    write_files(
        tmp_path,
        {
            "p/Local.java": "package p;\npublic class Local {\n  public void start() {}\n}\n",
            "p/Use.java": "package p;\n"
            "import java.util.Comparator;\n"
            "class Use {\n"
            "  void start() {}\n"
            "  void stop() {}\n"
            '  public String toString() { return ""; }\n'
            "  class Inner extends Thread {\n"
            "    public void run() { start(); stop(); toString(); }\n"
            "  }\n"
            "  static class Nested extends Thread {\n"
            "    public void run() { start(); }\n"
            "  }\n"
            "  class Task implements Runnable {\n"
            "    public void run() { start(); stop(); }\n"
            "  }\n"
            "  class Cmp implements Comparator<Use> {\n"
            "    public int compare(Use a, Use b) { stop(); return 0; }\n"
            "  }\n"
            "  class Mine extends Local {\n"
            "    void go() { start(); stop(); }\n"
            "  }\n"
            "  class Source extends java.io.Reader {\n"
            "    public int read(char[] b, int at, int n) { stop(); return 0; }\n"
            "    public void close() { reset(); }\n"
            "  }\n"
            "  void reset() {}\n"
            "}\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Use.start") == [
            (14, "Use.Task.run", "exact"),
            (8, "Use.Inner.run", "name"),
            (11, "Use.Nested.run", "name"),
        ]
        assert _sites(repo, "Use.stop") == [
            (14, "Use.Task.run", "exact"),
            (17, "Use.Cmp.compare", "exact"),
            (20, "Use.Mine.go", "exact"),
            (23, "Use.Source.read", "exact"),
            (8, "Use.Inner.run", "name"),
        ]
        assert _sites(repo, "Use.reset") == [(24, "Use.Source.close", "name")]
        assert _sites(repo, "Local.start") == [
            (20, "Use.Mine.go", "exact"),
            (8, "Use.Inner.run", "name"),
            (11, "Use.Nested.run", "name"),
        ]
        assert _sites(repo, "Use.toString") == [(8, "Use.Inner.run", "name")]


def test_this_in_an_anonymous_class_is_an_instance_of_it(tmp_path: Path) -> None:
    # `this.m()` and `super.m()` in a method of `new T() {...}` were unresolved: `this` is an
    # instance of the anonymous class, whose own method comes first, then T's; `super` is T. T
    # outside the repository (Thread) defines what the class does not: no exact Use's.
    write_files(
        tmp_path,
        {
            "p/Task.java": "package p;\npublic abstract class Task {\n  public void start() {}\n}\n",
            "p/Use.java": "package p;\n"
            "class Use {\n"
            "  void start() {}\n"
            "  void go() {\n"
            "    new Task() { public void run() { this.start(); super.start(); this.stop(); } void stop() {} };\n"
            "    new Task() { public void start() {} public void run() { this.start(); super.start(); } };\n"
            "    new Thread() { public void run() { this.start(); this.stop(); } };\n"
            "  }\n"
            "  void stop() {}\n"
            "}\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Task.start") == [
            (5, "Use.go.run", "exact"),
            (5, "Use.go.run", "exact"),
            (6, "Use.go.run", "exact"),
        ]
        assert _sites(repo, "Use.go.start") == [(6, "Use.go.run", "exact")]
        assert _sites(repo, "Use.go.stop") == [(5, "Use.go.run", "exact")]
        assert _sites(repo, "Use.start") == []
        assert _sites(repo, "Use.stop") == []


def test_a_variable_named_like_a_method_hides_no_call_of_it(tmp_path: Path) -> None:
    # commons-lang's IEEE754rUtils.max: `max = max(array[j], max)`, StringUtils.repeat(str, repeat)
    # calling repeat(...), ObjectUtils' `final T clone = clone(obj)`: a called name is a method,
    # looked up apart from variables (JLS 6.5.7.1), so a local or a parameter of its name hides
    # nothing. javac binds each call to the method; rlm-code reported none of them. A variable
    # still holds what it is declared, and an argument naming one is no reference to the method.
    write_files(
        tmp_path,
        {
            "p/Num.java": "package p;\n"
            "class Num {\n"
            "  static double max(double a, double b) { return a > b ? a : b; }\n"
            "  static Num make() { return new Num(); }\n"
            "  void run() {}\n"
            "  static double max(double[] array) {\n"
            "    double max = array[0];\n"
            "    for (int j = 1; j < array.length; j++) { max = max(array[j], max); }\n"
            "    return max;\n"
            "  }\n"
            "  static String repeat(String str, int repeat) {\n"
            "    return repeat > 0 ? str + repeat(str, repeat - 1) : str;\n"
            "  }\n"
            "  static void use(Runnable make, Num run) {\n"
            "    var made = make();\n"
            "    made.run();\n"
            "    run.run();\n"
            "    make.run();\n"
            "    java.util.function.Function<String, String> f = (repeat) -> repeat(repeat, 2);\n"
            "  }\n"
            "}\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Num.max") == [(8, "Num.max", "exact")]
        assert _sites(repo, "Num.repeat") == [(12, "Num.repeat", "exact"), (19, "Num.use", "exact")]
        assert _sites(repo, "Num.make") == [(15, "Num.use", "exact")]
        assert _sites(repo, "Num.run") == [(16, "Num.use", "exact"), (17, "Num.use", "exact")]
        assert [(s.line, s.column) for s in repo.references("Num.max").callers] == [(8, 52)]


def test_an_overload_is_picked_by_the_number_of_arguments(tmp_path: Path) -> None:
    # jsoup: `el.attr("href")` on an Element calls `Node.attr(String)`: Element overrides only
    # `attr(String, String)`. `text()` and `text(String)` are both Element's; Token's static
    # `reset(StringBuilder)` sits beside its `reset()`; a varargs method takes any count past
    # its fixed parameters; a count no overload takes leaves the first found.
    write_files(
        tmp_path,
        {
            "p/Node.java": "package p;\npublic class Node {\n"
            "  public String attr(String key) { return key; }\n"
            "  public Node attr(String key, String value) { return this; }\n}\n",
            "p/Element.java": "package p;\npublic class Element extends Node {\n"
            "  public Element attr(String key, String value) { return this; }\n"
            '  public String text() { return ""; }\n'
            "  public Element text(String text) { return this; }\n"
            "  static void reset(StringBuilder sb) {}\n"
            "  void reset() { reset(new StringBuilder()); }\n"
            "  void log(String format, Object... args) {}\n"
            "  void log(String message) {}\n}\n",
            "p/Settings.java": "package p;\nimport java.nio.charset.Charset;\npublic class Settings {\n"
            "  public Charset charset() { return null; }\n"
            "  public Settings charset(String name) { return this; }\n"
            "  public Settings indent(int n) { return this; }\n}\n",
            "p/Chain.java": "package p;\npublic class Chain {\n  void go() {\n"
            '    new Settings().charset("a, b").indent(2);\n    new Settings().charset().indent(3);\n  }\n}\n',
            "p/Use.java": "package p;\npublic class Use {\n  void go(Element el) {\n"
            '    el.attr("href");\n    el.attr("href", "x");\n    el.text();\n    el.text("t");\n'
            '    el.log("a");\n    el.log("a", 1, 2);\n    el.log();\n  }\n}\n',
        },
    )
    with Repo(tmp_path) as repo:
        callees = [(c.line, c.callee) for c in repo.callers("attr").callers]
        assert callees == [(4, "p/Node.java:Node.attr"), (5, "p/Element.java:Element.attr")]
        lines = {c.line: c.callee_line for c in repo.callers("Element.text").callers}  # overloads share a name
        assert lines == {6: 4, 7: 5}
        lines = {c.line: c.callee_line for c in repo.callers("Element.reset").callers}
        assert lines == {7: 6}
        lines = {c.line: c.callee_line for c in repo.callers("Element.log").callers}
        assert lines == {8: 9, 9: 8, 10: 8}
        # What a chain's overloaded call gives: the settings again, or an outside Charset.
        assert [(c.path, c.line) for c in repo.callers("Settings.indent").callers] == [("p/Chain.java", 4)]


def test_an_interface_constant_holds_its_declared_type(tmp_path: Path) -> None:
    # commons-lang: `FailablePredicate TRUE = t -> true;` in the interface, then
    # `FailablePredicate.TRUE.and(other).test(x)`.
    write_files(
        tmp_path,
        {
            "p/Pred.java": "package p;\npublic interface Pred {\n  Pred TRUE = t -> true;\n"
            "  boolean test(Object t);\n  default Pred and(Pred other) { return this; }\n}\n",
            "p/Use.java": "package p;\npublic class Use {\n  boolean go() {\n"
            "    return Pred.TRUE.and(Pred.TRUE).test(null);\n  }\n}\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Pred.test") == [(4, "Use.go", "exact")]
        assert _sites(repo, "Pred.and") == [(4, "Use.go", "exact")]


def test_a_class_called_by_its_fully_qualified_name_or_in_brackets(tmp_path: Path) -> None:
    # jsoup's tests: `org.jsoup.Jsoup.parse("<div>")`, and a nested class the same way; the
    # namesake in another package is not called.
    write_files(
        tmp_path,
        {
            "org/jsoup/Jsoup.java": "package org.jsoup;\npublic class Jsoup {\n"
            "  public static void parse(String html) {}\n"
            "  public static class Inner {\n    public static void parse(String html) {}\n  }\n}\n",
            "org/other/Parser.java": "package org.other;\npublic class Parser {\n"
            "  public static void parse(String html) {}\n}\n",
            "t/Use.java": "package t;\npublic class Use {\n  void go() {\n"
            '    org.jsoup.Jsoup.parse("<div>");\n    org.jsoup.Jsoup.Inner.parse("x");\n'
            '    (new org.other.Parser()).parse("y");\n  }\n}\n',
        },
    )
    with Repo(tmp_path) as repo:
        assert [(c.line, c.confidence) for c in repo.callers("Jsoup.parse", include_name_matches=True).callers] == [
            (4, "exact")
        ]
        assert [(c.line, c.confidence) for c in repo.callers("Jsoup.Inner.parse").callers] == [(5, "exact")]
        # An expression in brackets is the expression: a new Parser.
        assert [(c.line, c.confidence) for c in repo.callers("Parser.parse").callers] == [(6, "exact")]
