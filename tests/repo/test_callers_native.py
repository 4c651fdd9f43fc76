"""Callers in Go, Rust, Java, C and C++ in shapes that real projects write and the language
fixtures do not: each test holds the few lines of a project where an answer was wrong."""

from __future__ import annotations

from pathlib import Path

from rlm_code.repo import Repo


def _sites(repo: Repo, target: str) -> list[tuple[str, int, str]]:
    return [(c.path, c.line, c.confidence) for c in repo.callers(target, include_name_matches=True).callers]


def test_go_variables_typed_by_named_results_new_assertions_and_fields(tmp_path: Path) -> None:
    # echo: `func New() (e *Echo)`, `c := e.NewContext(req, rec).(*context)`, `r := e.router`.
    (tmp_path / "a.go").write_text(
        "package shop\n\n"
        "type Server struct{ next *Server }\n\n"
        "func (s *Server) Start() error { return nil }\n\n"
        "func New() (s *Server) { return &Server{} }\n\n"
        "func NewPair() (srv *Server, err error) { return &Server{}, nil }\n\n"
        "func use(i interface{}) {\n"
        "\ts := New()\n\ts.Start()\n"
        "\tp, _ := NewPair()\n\tp.Start()\n"
        "\tx := new(Server)\n\tx.Start()\n"
        "\ta, ok := i.(*Server)\n\tif ok {\n\t\ta.Start()\n\t}\n"
        "\tn := s.next\n\tn.Start()\n"
        "}\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Server.Start") == [("a.go", line, "exact") for line in (13, 15, 17, 20, 23)]


def test_rust_a_glob_import_of_an_outside_crate_named_like_a_module_ends(tmp_path: Path) -> None:
    # indexmap: `use rayon::prelude::*;` in src/rayon/map.rs recursed without end.
    (tmp_path / "src" / "rayon").mkdir(parents=True)
    (tmp_path / "src" / "lib.rs").write_text(
        "mod rayon;\npub struct Map;\nimpl Map {\n    pub fn new() -> Map { Map }\n}\n"
    )
    (tmp_path / "src" / "rayon" / "mod.rs").write_text("use rayon::prelude::*;\nmod map;\n")
    (tmp_path / "src" / "rayon" / "map.rs").write_text(
        "use rayon::prelude::*;\nuse crate::Map;\n\nfn build() -> Map {\n    let _ = IntoParallelIterator::new();\n"
        "    Map::new()\n}\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Map.new") == [("src/rayon/map.rs", 6, "exact"), ("src/rayon/map.rs", 5, "name")]


def test_rust_methods_of_an_impl_for_a_reference_belong_to_the_type(tmp_path: Path) -> None:
    # serde_json: `impl<'de, 'a, R: Read<'de>> de::Deserializer<'de> for &'a mut Deserializer<R>`.
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "lib.rs").write_text(
        "pub struct Deserializer<R> { read: R }\n"
        "impl<R> Deserializer<R> {\n    fn peek(&mut self) -> u8 { 0 }\n}\n"
        "impl<'de, 'a, R> serde::Deserializer<'de> for &'a mut Deserializer<R> {\n"
        "    fn deserialize_any(self) -> u8 {\n        self.peek()\n    }\n}\n"
    )
    with Repo(tmp_path) as repo:
        assert [(d.qualname, d.kind) for d in repo.outline("src/lib.rs").definitions if d.line > 4] == [
            ("Deserializer.deserialize_any", "method")
        ]
        assert _sites(repo, "Deserializer.peek") == [("src/lib.rs", 7, "exact")]


def test_a_java_class_two_modules_define_is_the_importing_modules_own(tmp_path: Path) -> None:
    for module in ("ma", "mb"):
        folder = tmp_path / module / "src" / "main" / "java" / "a" / "b"
        folder.mkdir(parents=True)
        (folder / "Foo.java").write_text("package a.b;\npublic class Foo {\n  public static void run() {}\n}\n")
        user = tmp_path / module / "src" / "test" / "java" / "c"
        user.mkdir(parents=True)
        (user / "UseTest.java").write_text(
            "package c;\nimport a.b.Foo;\nclass UseTest {\n  void t() { Foo.run(); }\n}\n"
        )
    (tmp_path / "app" / "c").mkdir(parents=True)  # a third module: either could be meant
    (tmp_path / "app" / "c" / "Main.java").write_text(
        "package c;\nimport a.b.Foo;\nclass Main {\n  void m() { Foo.run(); }\n}\n"
    )
    with Repo(tmp_path) as repo:
        for module in ("ma", "mb"):
            assert _sites(repo, f"{module}/src/main/java/a/b/Foo.java:Foo.run") == [
                (f"{module}/src/test/java/c/UseTest.java", 4, "exact"),
                ("app/c/Main.java", 4, "name"),
            ]
        importers = [i.path for i in repo.importers("ma/src/main/java/a/b/Foo.java").importers]
        assert importers == ["app/c/Main.java", "ma/src/test/java/c/UseTest.java"]


def test_java_enum_constants_and_instanceof_patterns_are_typed(tmp_path: Path) -> None:
    # capacitor: `PermissionState.GRANTED.toString()`, `webView instanceof CapacitorWebView view`.
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "State.java").write_text(
        "package p;\npublic enum State {\n  ON, OFF;\n  public String label() { return name(); }\n}\n"
    )
    (folder / "View.java").write_text("package p;\npublic class View {\n  public void attach() {}\n}\n")
    (folder / "Use.java").write_text(
        "package p;\nclass Use {\n  String f(Object o) {\n    if (o instanceof View view) {\n      view.attach();\n"
        "    }\n    return State.ON.label();\n  }\n}\n"
    )
    with Repo(tmp_path) as repo:
        assert [(d.qualname, d.kind) for d in repo.outline("p/State.java").definitions][:3] == [
            ("State", "enum"),
            ("State.ON", "constant"),
            ("State.OFF", "constant"),
        ]
        assert _sites(repo, "State.label") == [("p/Use.java", 7, "exact")]
        assert _sites(repo, "View.attach") == [("p/Use.java", 5, "exact")]


def test_cpp_constructions_of_template_and_braced_temporaries_and_reference_locals(tmp_path: Path) -> None:
    # marisa-trie: `const Rank &rank = ranks_[i]; rank.rel7()`; `template <typename T> Slot<T>::Slot`.
    (tmp_path / "foo.h").write_text(
        "#pragma once\nnamespace ns {\nclass Foo {\npublic:\n  Foo(int x);\n  void bar();\n};\n"
        "template <typename T> class Slot {\npublic:\n  Slot(T v);\n  void put(T v);\n};\n}\n"
    )
    (tmp_path / "foo.cpp").write_text(
        '#include "foo.h"\nnamespace ns {\nFoo::Foo(int x) {}\nvoid Foo::bar() {}\n'
        "template <typename T> Slot<T>::Slot(T v) {}\ntemplate <typename T> void Slot<T>::put(T v) {}\n}\n"
    )
    (tmp_path / "use.cpp").write_text(
        '#include "foo.h"\nusing ns::Foo;\n'
        "void a() { auto f = Foo{1}; f.bar(); }\n"
        "void b() { Foo{1}.bar(); }\n"
        "void c() { ns::Slot<int> b(1); b.put(2); }\n"
        "void d() { ns::Slot<int> b{1}; }\n"
        "void e(Foo* foos) { const Foo &f = foos[0]; f.bar(); }\n"
    )
    with Repo(tmp_path) as repo:
        assert [(d.qualname, d.kind) for d in repo.outline("foo.cpp").definitions][-2:] == [
            ("ns.Slot.Slot", "method"),
            ("ns.Slot.put", "method"),
        ]
        assert _sites(repo, "Foo::Foo") == [("use.cpp", 3, "exact"), ("use.cpp", 4, "exact")]
        assert _sites(repo, "Foo::bar") == [("use.cpp", line, "exact") for line in (3, 4, 7)]
        assert _sites(repo, "Slot::Slot") == [("use.cpp", 5, "exact"), ("use.cpp", 6, "exact")]
        assert _sites(repo, "Slot::put") == [("use.cpp", 5, "exact")]


def test_a_cpp_class_named_box_is_no_pointer_wrapper(tmp_path: Path) -> None:
    # Rust's Box<Foo> is used as a Foo; C++'s own template Box<int> is a Box, its unique_ptr not.
    (tmp_path / "box.cpp").write_text(
        "#include <memory>\ntemplate <typename T> class Box {\npublic:\n  void put(T v) {}\n};\n"
        "class Foo {\npublic:\n  void bar() {}\n};\n"
        "void use() {\n  Box<int> b;\n  b.put(1);\n  std::unique_ptr<Foo> p;\n  p->bar();\n}\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Box::put") == [("box.cpp", 12, "exact")]
        assert _sites(repo, "Foo::bar") == [("box.cpp", 14, "exact")]


def test_cpp_a_base_initializer_calls_the_base_constructor_and_a_member_initializer_nothing(tmp_path: Path) -> None:
    # jsonnet, marisa-trie: `Derived() : Base(2), size_(3) {}`, in the class and out of line.
    (tmp_path / "d.h").write_text(
        "#pragma once\nnamespace ns {\nclass Base {\npublic:\n  Base(int x);\n};\n}\n"
        "int size_(int v);\n"
        "class Derived : public ns::Base {\npublic:\n  Derived() : Base(2), size_(3) {}\n  Derived(int a);\n"
        "private:\n  int size_;\n};\n"
    )
    (tmp_path / "d.cpp").write_text(
        '#include "d.h"\nnamespace ns {\nBase::Base(int x) {}\n}\nint size_(int v) { return v; }\n'
        "Derived::Derived(int a) : ns::Base(a), size_(a) {}\nint twice(int a) { return size_(a) * 2; }\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Base::Base") == [("d.cpp", 6, "exact"), ("d.h", 11, "exact")]
        assert _sites(repo, "d.cpp:size_") == [("d.cpp", 7, "exact")]


def test_c_a_function_the_parser_nests_in_another_is_a_top_level_function(tmp_path: Path) -> None:
    # brotli's entropy_encode.c: a macro in a declaration (`static const size_t BROTLI_MODEL("small")
    # kLut[16] = {...}`) and the `}` of an `extern "C"` block nest the next function in the last.
    (tmp_path / "enc.h").write_text("void convert(int *d);\n")
    (tmp_path / "enc.c").write_text(
        '#include <stddef.h>\n#include "enc.h"\n#define MODEL(M)\n'
        '#if defined(__cplusplus)\nextern "C" {\n#endif\n'
        "static int rev(int bits) {\n"
        '  static const size_t MODEL("small") lut[4] =\n  {\n    0x00, 0x02, 0x01, 0x03\n  };\n'
        "  return (int)lut[bits & 0x03];\n}\n\n"
        "#define MAX_BITS 16\n\nvoid convert(int *d) {\n  d[0] = rev(d[0]);\n}\n"
        '#if defined(__cplusplus)\n}  /* extern "C" */\n#endif\n'
    )
    (tmp_path / "main.c").write_text('#include "enc.h"\nint main(void) {\n  int d[1] = {3};\n  convert(d);\n}\n')
    with Repo(tmp_path) as repo:
        assert [(d.qualname, d.line) for d in repo.outline("enc.c").definitions][-3:] == [
            ("rev", 7),
            ("MAX_BITS", 15),
            ("convert", 17),
        ]
        assert _sites(repo, "convert") == [("main.c", 4, "exact")]
        assert _sites(repo, "rev") == [("enc.c", 18, "exact")]


def test_java_a_var_holds_what_the_called_method_is_declared_to_return(tmp_path: Path) -> None:
    # cordova-android, capacitor: `var bridge = builder.create(); bridge.reset();`.
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "Order.java").write_text("package p;\npublic class Order {\n  public int total() { return 0; }\n}\n")
    (folder / "Store.java").write_text(
        "package p;\npublic class Store {\n  public static Store open() { return new Store(); }\n"
        "  public Order find(int id) { return new Order(); }\n}\n"
    )
    (folder / "Use.java").write_text(
        "package p;\nclass Use {\n  int m() {\n    var store = Store.open();\n    var order = store.find(1);\n"
        '    var name = "x";\n    name.total();\n    return order.total();\n  }\n}\n'
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Store.find") == [("p/Use.java", 5, "exact")]
        assert _sites(repo, "Order.total") == [("p/Use.java", 8, "exact")]


def test_java_a_longer_chain_on_a_new_instance_is_resolved(tmp_path: Path) -> None:
    # commons-lang: `new ToStringBuilder(this).append("a", a).toString()`, `new EqualsBuilder()
    # .append(x, y).isEquals()`; the call after the first was no reference at all.
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "Box.java").write_text("package p;\npublic class Box {\n  public void ship() {}\n}\n")
    (folder / "Foo.java").write_text(
        "package p;\npublic class Foo {\n  public Box make() { return new Box(); }\n"
        "  public Foo self() { return this; }\n}\n"
    )
    (folder / "Use.java").write_text(
        "package p;\nclass Use {\n  void m() {\n    new Foo().make().ship();\n    new Foo().self().make();\n"
        "    var b = new Foo().self().make();\n    b.ship();\n"
        "    new Foo() {\n      @Override public Foo self() { return null; }\n    }.make();\n  }\n}\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Box.ship") == [("p/Use.java", 4, "exact"), ("p/Use.java", 7, "exact")]
        # An anonymous class's instance is still taken for its base.
        assert _sites(repo, "Foo.make") == [("p/Use.java", line, "exact") for line in (4, 5, 6, 10)]


def test_go_a_type_switch_variable_has_its_case_type_and_an_assertion_its_type(tmp_path: Path) -> None:
    # logrus, echo, urfave/cli: `switch v := w.(type) { case *os.File: v.Fd() }`; `x.(*T).M()`.
    (tmp_path / "a.go").write_text(
        "package shop\n\n"
        "type Server struct{ next *Server }\n\n"
        "func (s *Server) Start() error { return nil }\n\n"
        "type Client struct{}\n\n"
        "func (c Client) Start() error { return nil }\n\n"
        "func use(x interface{}) {\n"
        "\tswitch v := x.(type) {\n"
        "\tcase *Server:\n\t\tv.Start()\n\t\tv.next.Start()\n"
        "\tcase Client:\n\t\tv.Start()\n"
        "\tcase int, *Client:\n\t\tv.Start()\n"
        "\tdefault:\n\t\tv.Start()\n"
        "\t}\n"
        "\tx.(*Server).Start()\n"
        "}\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Server.Start") == [("a.go", line, "exact") for line in (14, 15, 23)] + [
            ("a.go", line, "name") for line in (19, 21)
        ]
        assert _sites(repo, "Client.Start") == [("a.go", 17, "exact")] + [("a.go", line, "name") for line in (19, 21)]


def test_go_a_later_variable_of_a_call_holds_that_result(tmp_path: Path) -> None:
    # echo's tests: `c, b := request(...)` with `func request(...) (int, string)`.
    (tmp_path / "a.go").write_text(
        "package shop\n\n"
        "type Server struct{}\n\n"
        "func (s *Server) Start() error { return nil }\n\n"
        "type Failure struct{}\n\n"
        "func (f *Failure) Report() {}\n\n"
        "func NewPair() (srv *Server, err *Failure) { return nil, nil }\n\n"
        "func Split() (int, *Server) { return 0, nil }\n\n"
        "func Both() (a, b *Server) { return nil, nil }\n\n"
        "func use() {\n"
        "\t_, f := NewPair()\n\tf.Report()\n"
        "\t_, s := Split()\n\ts.Start()\n"
        "\t_, b := Both()\n\tb.Start()\n"
        "\tn, _ := Split()\n\tn.Start()\n"
        "}\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Failure.Report") == [("a.go", 19, "exact")]
        assert _sites(repo, "Server.Start") == [("a.go", 21, "exact"), ("a.go", 23, "exact")]


def test_go_a_range_variable_holds_its_place_in_each_step_of_a_typed_container(tmp_path: Path) -> None:
    # gorilla/mux, echo: `for _, route := range r.routes { route.Match(...) }` with `routes []*Route`.
    (tmp_path / "a.go").write_text(
        "package shop\n\n"
        "type Route struct{}\n\n"
        "func (r *Route) Match() bool { return true }\n\n"
        "type Router struct{ routes []*Route }\n\n"
        "func (rt *Router) All() []Route { return nil }\n\n"
        "func walk(rt *Router, rs []*Route, named map[string]*Route) {\n"
        "\tfor _, a := range rs {\n\t\ta.Match()\n\t}\n"
        "\tfor _, b := range rt.routes {\n\t\tb.Match()\n\t}\n"
        "\tfor _, c := range rt.All() {\n\t\tc.Match()\n\t}\n"
        "\tfor k, v := range named {\n\t\tv.Match()\n\t\tk.Match()\n\t}\n"
        "\tlocal := make([]Route, 0)\n"
        "\tfor i, d := range local {\n\t\td.Match()\n\t\ti.Match()\n\t}\n"
        "}\n\n"
        "type Routes []*Route\n\n"
        "func other(list Routes) {\n\tfor _, e := range list {\n\t\te.Match()\n\t}\n}\n"
    )
    with Repo(tmp_path) as repo:
        # k and i are a string key and an int index: outside, so not listed at all.
        assert _sites(repo, "Route.Match") == [("a.go", line, "exact") for line in (13, 16, 19, 22, 27, 36)]


def test_cpp_a_range_for_variable_holds_each_element_of_a_typed_container(tmp_path: Path) -> None:
    # jsonnet, marisa-trie: `for (const auto &field : fields) field.body->...`, `for (auto &[k, v] : m)`.
    (tmp_path / "bag.cpp").write_text(
        "#include <map>\n#include <vector>\n"
        "namespace ns {\nclass Foo {\npublic:\n  void run() {}\n};\n}\n"
        "class Bag {\npublic:\n  void all();\n  std::vector<ns::Foo> items_;\n  std::map<int, ns::Foo *> named_;\n};\n"
        "void Bag::all() {\n"
        "  for (auto &x : items_) x.run();\n"
        "  for (const ns::Foo &y : items_) y.run();\n"
        "  for (auto &[k, v] : named_) v->run();\n"
        "  for (auto &p : this->named_) p.second->run();\n"
        "  for (auto &q : named_) q.run();\n"
        "}\n"
        "void use(const std::vector<const ns::Foo *> &foos, ns::Foo arr[2]) {\n"
        "  for (auto *f : foos) f->run();\n"
        "  for (auto &g : arr) g.run();\n"
        "}\n"
    )
    with Repo(tmp_path) as repo:
        # q is a std::pair: its methods are the library's.
        assert _sites(repo, "Foo::run") == [("bag.cpp", line, "exact") for line in (16, 17, 18, 19, 23, 24)]


def test_rust_a_loop_variable_holds_each_element_of_a_typed_collection(tmp_path: Path) -> None:
    # serde_json, indexmap: `for (i, value) in self.vec.iter().enumerate()`, `for x in &self.items`.
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "lib.rs").write_text(
        "use std::collections::HashMap;\npub struct Foo;\nimpl Foo {\n    pub fn run(&self) {}\n}\n"
        "pub struct Bag {\n    items: Vec<Foo>,\n    named: HashMap<String, Foo>,\n    maybe: Option<Vec<Foo>>,\n}\n"
        "impl Bag {\n    fn all(&self, xs: &[Foo]) {\n"
        "        for x in &self.items {\n            x.run();\n        }\n"
        "        for y in xs.iter() {\n            y.run();\n        }\n"
        "        for (i, z) in self.items.iter().enumerate() {\n            z.run();\n        }\n"
        "        for (_, v) in &self.named {\n            v.run();\n        }\n"
        "        for w in self.named.values() {\n            w.run();\n        }\n"
        "        for o in &self.maybe {\n            o.run();\n        }\n"
        "    }\n}\n"
    )
    with Repo(tmp_path) as repo:
        # Iterating an Option gives the Vec it holds, not a Foo: a Vec's methods are std's.
        assert _sites(repo, "Foo.run") == [("src/lib.rs", line, "exact") for line in (14, 17, 20, 23, 26)]


def test_cpp_a_name_of_one_block_of_a_namespace_is_seen_from_another(tmp_path: Path) -> None:
    # jsonnet's bundled nlohmann/json.hpp opens `namespace nlohmann` some twenty times in one file.
    # In a subclass, the base's name is the base (`exception::name(...)`), not its constructor.
    (tmp_path / "ns.cpp").write_text(
        "namespace ns {\nclass Base {\npublic:\n  Base(int x) {}\n  static int make() { return 1; }\n};\n"
        "}  // namespace ns\n"
        "namespace ns {\nint helper(int v) { return v; }\n"
        "class Derived : public Base {\npublic:\n  Derived() : Base(helper(1)) {}\n"
        "  int again() { return Base::make(); }\n};\n"
        "int twice() { return helper(2); }\n}  // namespace ns\n"
        "int outer() { return ns::helper(3); }\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "ns::helper") == [("ns.cpp", line, "exact") for line in (12, 15, 17)]
        assert _sites(repo, "Base::Base") == [("ns.cpp", 12, "exact")]
        assert _sites(repo, "Base::make") == [("ns.cpp", 13, "exact")]


def test_rust_super_in_an_inline_module_is_the_module_of_its_file(tmp_path: Path) -> None:
    # regex's src/dfa.rs: mod tests { use super::{read_varu32, ...}; } was read as an import of
    # src/lib.rs, and the tests' calls of read_varu32 as name matches.
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "lib.rs").write_text("pub mod dfa;\npub fn helper() {}\n")
    (tmp_path / "src" / "dfa.rs").write_text(
        "pub fn read() -> u8 {\n    0\n}\n\n#[cfg(test)]\nmod tests {\n    use super::read;\n\n"
        "    fn check() {\n        read();\n        super::read();\n    }\n}\n"
    )
    with Repo(tmp_path) as repo:
        assert repo.importers("src/lib.rs").importers == []
        assert _sites(repo, "read") == [("src/dfa.rs", 10, "exact"), ("src/dfa.rs", 11, "exact")]


def test_rust_types_with_lifetimes_mut_and_dyn_name_what_they_hold(tmp_path: Path) -> None:
    # regex, serde_json: `Vec<&'a Foo>`, `Option<&'a mut Foo>`, `-> &'a Foo` lost their element
    # type, the lifetime glued to the name after it (`&'aFoo`).
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "lib.rs").write_text(
        "pub struct Foo;\nimpl Foo {\n    pub fn run(&self) {}\n}\n"
        "pub trait Shape {\n    fn area(&self);\n}\n"
        "pub struct Bag<'a> {\n    items: Vec<&'a Foo>,\n    one: Option<&'a Foo>,\n"
        "    shapes: Vec<Box<dyn Shape>>,\n}\n"
        "impl<'a> Bag<'a> {\n"
        "    fn first(&self) -> &'a mut Foo {\n        todo!()\n    }\n"
        "    fn all(&self, ys: &'a [&'a Foo], z: Option<&'a mut Foo>) {\n"
        "        for x in &self.items {\n            x.run();\n        }\n"
        "        self.one.unwrap().run();\n"
        "        for b in ys.iter() {\n            b.run();\n        }\n"
        "        z.unwrap().run();\n"
        "        self.first().run();\n"
        "        for s in &self.shapes {\n            s.area();\n        }\n"
        "    }\n}\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Foo.run") == [("src/lib.rs", line, "exact") for line in (19, 21, 23, 25, 26)]
        assert _sites(repo, "Shape.area") == [("src/lib.rs", 28, "exact")]


def test_rust_an_option_s_own_methods_are_no_methods_of_what_it_holds(tmp_path: Path) -> None:
    # serde_json's MapRefDeserializer: `value: Option<&'de Value>`, `self.value.take()` is
    # Option::take, not Value::take. An element of a collection is reached by index, `first()`
    # and `get()`.
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "lib.rs").write_text(
        "use std::collections::HashMap;\n"
        "pub struct Foo;\nimpl Foo {\n    pub fn run(&self) {}\n"
        "    pub fn take(&mut self) -> Foo {\n        Foo\n    }\n}\n"
        "pub struct Bag {\n    items: Vec<Foo>,\n    one: Option<Foo>,\n    named: HashMap<String, Foo>,\n}\n"
        "impl Bag {\n    fn all(&mut self) -> Result<(), ()> {\n"
        "        self.one.take();\n"
        "        self.one.as_mut().unwrap().take();\n"
        "        self.items[0].run();\n"
        "        self.items.first().unwrap().run();\n"
        '        self.named["a"].run();\n'
        '        self.named.get("a").expect("a").run();\n'
        "        self.one.as_ref().ok_or(())?.run();\n"
        "        self.one.as_ref().map(|x| x).unwrap().run();\n"
        "        Ok(())\n    }\n}\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Foo.take") == [("src/lib.rs", 17, "exact")]
        # What `map` gives is not known.
        assert _sites(repo, "Foo.run") == [("src/lib.rs", line, "exact") for line in (18, 19, 20, 21, 22)] + [
            ("src/lib.rs", 23, "name")
        ]


def test_rust_self_in_a_method_of_an_impl_for_an_outside_type_is_no_module(tmp_path: Path) -> None:
    # nom's traits.rs: in `impl InputLength for str`, `self.len()` is str's, not the `len` of
    # `impl Counted for [u8]` (a function of the module, its type being no name).
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "lib.rs").write_text(
        "pub trait Counted {\n    fn len(&self) -> usize;\n}\n"
        "impl Counted for [u8] {\n    fn len(&self) -> usize {\n        0\n    }\n}\n"
        "pub trait InputLength {\n    fn input_len(&self) -> usize;\n}\n"
        "impl InputLength for str {\n    fn input_len(&self) -> usize {\n        self.len()\n    }\n}\n"
        "fn outer() -> usize {\n    self::helper()\n}\nfn helper() -> usize {\n    0\n}\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "len") == [("src/lib.rs", 14, "name")]
        assert _sites(repo, "helper") == [("src/lib.rs", 18, "exact")]


def test_rust_an_item_re_exported_under_another_name_is_imported_and_called_by_it(tmp_path: Path) -> None:
    # `pub use shapes::Circle as Round;` in lib.rs, then `use crate::{build as b2, Round as R2};`.
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "lib.rs").write_text(
        "mod shapes;\nmod user;\npub use shapes::Circle as Round;\npub use crate::shapes::make as build;\n"
    )
    (tmp_path / "src" / "shapes.rs").write_text(
        "pub struct Circle;\nimpl Circle {\n    pub fn new() -> Circle {\n        Circle\n    }\n}\npub fn make() {}\n"
    )
    (tmp_path / "src" / "user.rs").write_text(
        "use crate::Round;\nuse crate::{build as b2, Round as R2};\n\n"
        "fn u() {\n    Round::new();\n    R2::new();\n    b2();\n}\n"
    )
    with Repo(tmp_path) as repo:
        assert [(i.path, i.line) for i in repo.importers("src/shapes.rs").importers] == [
            ("src/lib.rs", 3),
            ("src/lib.rs", 4),
            ("src/user.rs", 1),
            ("src/user.rs", 2),
        ]
        assert _sites(repo, "Circle.new") == [("src/user.rs", 5, "exact"), ("src/user.rs", 6, "exact")]
        assert _sites(repo, "make") == [("src/user.rs", 7, "exact")]


def test_rust_a_tuple_struct_s_fields_are_named_by_their_positions(tmp_path: Path) -> None:
    # regex: `pub struct Regex(Exec);` then `self.0.searcher()`; `self.finder.0.text()` in Split.
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "lib.rs").write_text(
        "pub struct Exec;\nimpl Exec {\n    pub fn run(&self) {}\n}\n"
        "pub struct Regex(Exec);\npub struct Pair<'a>(pub u32, &'a Exec, Vec<Exec>);\n"
        "pub struct Split {\n    finder: Regex,\n}\n"
        "impl Regex {\n    fn find(&self) {\n        self.0.run();\n    }\n}\n"
        "impl<'a> Pair<'a> {\n    fn second(&self) {\n        self.1.run();\n        self.2[0].run();\n"
        "        self.0.run();\n    }\n}\n"
        "impl Split {\n    fn next(&self) {\n        self.finder.0.run();\n    }\n}\n"
    )
    with Repo(tmp_path) as repo:
        # The u32 in place 0 of Pair has no method of the repository's: a name match only.
        assert _sites(repo, "Exec.run") == [("src/lib.rs", line, "exact") for line in (12, 17, 18, 24)] + [
            ("src/lib.rs", 19, "name")
        ]


def test_rust_a_tuple_type_holds_each_place_not_its_first(tmp_path: Path) -> None:
    # `Vec<(A, B)>` was a Vec of A, and a function returning `(A, B)` returned an A.
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "lib.rs").write_text(
        "pub struct Span;\nimpl Span {\n    pub fn run(&self) {}\n}\n"
        "pub struct Foo;\nimpl Foo {\n    pub fn run(&self) {}\n}\n"
        "pub struct Bag {\n    pairs: Vec<(Span, Foo)>,\n}\n"
        "fn both() -> (Span, Foo) {\n    (Span, Foo)\n}\n"
        "impl Bag {\n    fn all(&self) {\n"
        "        for (s, f) in &self.pairs {\n            s.run();\n            f.run();\n        }\n"
        "        for p in self.pairs.iter() {\n            p.1.run();\n        }\n"
        "        let t = both();\n        t.run();\n    }\n}\n"
    )
    with Repo(tmp_path) as repo:
        # A tuple's methods are the language's: `t.run()` names neither.
        assert _sites(repo, "Span.run") == [("src/lib.rs", 18, "exact")]
        assert _sites(repo, "Foo.run") == [("src/lib.rs", 19, "exact"), ("src/lib.rs", 22, "exact")]


def test_cpp_type_aliases_arrays_and_indexing_give_their_elements(tmp_path: Path) -> None:
    # jsonnet's `typedef std::vector<Fodder> ...`, brotli's `HuffmanCode table[...]`: an alias
    # of a container, a C array and an index or `at()` reach the element's methods.
    (tmp_path / "a.cpp").write_text(
        "#include <map>\n#include <vector>\n"
        "class Foo {\npublic:\n  void run() {}\n  Foo *front() { return this; }\n};\n"
        "typedef std::vector<Foo> Fodder;\nusing Named = std::map<int, Foo *>;\ntypedef Foo Alias;\n"
        "struct Holder {\n  Foo items[10];\n  Foo *ptrs[4];\n};\n"
        "void use(Fodder &fodder, Named named, Holder &h, Alias a, Foo f) {\n"
        "  for (auto &x : fodder) x.run();\n"
        "  fodder[0].run();\n"
        "  named[1]->run();\n"
        "  named.at(2)->run();\n"
        "  Foo local[3];\n"
        "  local[2].run();\n"
        "  for (auto &y : local) y.run();\n"
        "  h.items[3].run();\n"
        "  h.ptrs[0]->run();\n"
        "  a.run();\n"
        "  f.front()->run();\n"
        "}\n"
    )
    (tmp_path / "b.c").write_text(
        "struct Bar {\n  int x;\n};\nvoid bar_run(struct Bar *b) {}\n"
        "struct Pool {\n  struct Bar *slots[4];\n};\n"
        "void g(struct Pool *p) {\n  struct Bar bars[3];\n  bars[0].x = 1;\n  bar_run(p->slots[1]);\n}\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Foo::run") == [("a.cpp", line, "exact") for line in range(16, 27) if line != 20]
        assert _sites(repo, "bar_run") == [("b.c", 11, "exact")]


def test_cpp_a_local_constructed_from_names_alone_is_no_prototype(tmp_path: Path) -> None:
    # jsonnet's vm.cpp: `Interpreter vm(alloc, ext_vars, ...); vm.evaluate(ast, 0);` parses as
    # the prototype of a function vm; so do jsoncpp's `CZString actualKey(key, unsigned(n))` and
    # `Json::Value emptyArray(Json::arrayValue)`. `Interp h();`, `Interp d(int, unsigned long);`,
    # `Interp e(alloc, const Bar &);`, `Interp f(alloc, Bar *);` are prototypes (the most vexing
    # parse), no calls.
    (tmp_path / "a.cpp").write_text(
        "class Interp {\npublic:\n  Interp(int a, int b) {}\n  void evaluate() {}\n};\n"
        "void run(int alloc, int vars) {\n  Interp vm(alloc, vars);\n  vm.evaluate();\n  Interp h();\n"
        "  Interp d(int, unsigned long);\n  Interp e(alloc, const Bar &);\n  Interp f(alloc, Bar *);\n"
        "  Interp g(alloc, unsigned(vars));\n  d.evaluate();\n}\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Interp::evaluate") == [("a.cpp", 8, "exact"), ("a.cpp", 14, "likely")]
        assert _sites(repo, "Interp::Interp") == [("a.cpp", 7, "exact"), ("a.cpp", 13, "exact")]


def test_c_a_pointer_typedef_is_a_type_standing_for_its_struct(tmp_path: Path) -> None:
    # jq's lexer.h: `typedef struct yy_buffer_state *YY_BUFFER_STATE;` named no definition. A
    # function pointer in the struct is a field: calling it through the alias calls no function
    # of its name, as through `struct Foo *`.
    (tmp_path / "a.c").write_text(
        "struct Foo {\n  void (*run)(struct Foo *self);\n};\n"
        "typedef struct Foo *FooPtr;\n"
        "void run(struct Foo *self) {}\n"
        "void use(FooPtr p, struct Foo *s) {\n  p->run(p);\n  s->run(s);\n  run(s);\n}\n"
    )
    with Repo(tmp_path) as repo:
        assert [(d.path, d.line, d.kind) for d in repo.find_definitions("FooPtr")] == [("a.c", 4, "type")]
        assert _sites(repo, "run") == [("a.c", 9, "exact")]


def test_rust_a_closure_given_to_an_iterator_adapter_takes_each_element(tmp_path: Path) -> None:
    # regex's `caps.get(i).map(|m| m.as_str())`, `self.insts.into_iter().map(|inst| inst.unwrap())`;
    # a filter keeps the steps; a map's pairs unpack.
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "lib.rs").write_text(
        "use std::collections::HashMap;\n\n"
        "pub struct Foo;\nimpl Foo {\n    pub fn run(&self) {}\n    pub fn ok(&self) -> bool { true }\n}\n"
        "pub struct Bar;\nimpl Bar {\n    pub fn run(&self) {}\n}\n\n"
        "pub fn f(xs: Vec<Foo>, m: HashMap<u8, Bar>, o: Option<Foo>) {\n"
        "    xs.iter().map(|x| x.run());\n"
        "    xs.iter().filter(|&x| x.ok()).for_each(|y| y.run());\n"
        "    m.iter().for_each(|(k, v)| v.run());\n"
        "    o.map(|z| z.run());\n"
        "}\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Foo.run") == [("src/lib.rs", line, "exact") for line in (14, 15, 17)]
        assert _sites(repo, "Bar.run") == [("src/lib.rs", 16, "exact")]
        assert _sites(repo, "Foo.ok") == [("src/lib.rs", 15, "exact")]


def test_rust_each_closure_binds_its_own_parameters(tmp_path: Path) -> None:
    # Two closures of one function each name a parameter `x`, a Foo and a Bar, and so does an
    # adapter's closure: all were bound in the function beside its parameter `x: Bar`, so no
    # call resolved. The caller is the function around the closures.
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "lib.rs").write_text(
        "pub struct Foo;\nimpl Foo {\n    pub fn run(&self) {}\n}\n"
        "pub struct Bar;\nimpl Bar {\n    pub fn run(&self) {}\n}\n\n"
        "pub fn f(xs: Vec<Foo>, x: Bar) {\n"
        "    let a = |x: &Foo| x.run();\n"
        "    let b = |x: &Bar| x.run();\n"
        "    xs.iter().map(|x| x.run());\n"
        "    x.run();\n"
        "    let c = || x.run();\n"
        "}\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Foo.run") == [("src/lib.rs", line, "exact") for line in (11, 13)]
        assert _sites(repo, "Bar.run") == [("src/lib.rs", line, "exact") for line in (12, 14, 15)]
        assert {c.caller for c in repo.callers("Bar.run").callers} == {"f"}


def test_cpp_each_lambda_binds_its_own_parameters(tmp_path: Path) -> None:
    # Two lambdas of one method each name a parameter `x`, an ns::Foo and an ns::Bar, and one
    # shadows the member `x`, which a lambda without one reads: all were bound in the method.
    (tmp_path / "a.cpp").write_text(
        "namespace ns {\nstruct Foo { void run() {} };\nstruct Bar { void run() {} };\n}\n"
        "struct Use {\n"
        "  ns::Bar x;\n"
        "  void go() {\n"
        "    auto a = [&](ns::Foo &x) { x.run(); };\n"
        "    auto b = [&](ns::Bar &x) { x.run(); };\n"
        "    auto c = [&]() { x.run(); };\n"
        "  }\n"
        "};\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "ns.Foo.run") == [("a.cpp", 8, "exact")]
        assert _sites(repo, "ns.Bar.run") == [("a.cpp", 9, "exact"), ("a.cpp", 10, "exact")]
        assert {c.caller for c in repo.callers("ns.Bar.run").callers} == {"Use.go"}
