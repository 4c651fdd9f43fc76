"""Callers that were right before a change to name resolution and went wrong with it, each
found by resolving every reference of a real project before and after the change."""

from __future__ import annotations

from pathlib import Path

from rlm_code.repo import Repo


def _sites(repo: Repo, target: str) -> list[tuple[str, int, str]]:
    return [(c.path, c.line, c.confidence) for c in repo.callers(target, include_name_matches=True).callers]


def test_rust_impls_for_a_type_and_a_reference_to_it_define_one_method(tmp_path: Path) -> None:
    # serde_json's src/value/de.rs: `impl Deserializer for Value` and `impl Deserializer for
    # &'de Value` both define `Value.deserialize_byte_buf`, and Value is defined in another file.
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "lib.rs").write_text("mod de;\npub struct Value { n: u8 }\n")
    (tmp_path / "src" / "de.rs").write_text(
        "use crate::Value;\n\n"
        "impl Deserializer for Value {\n"
        "    fn bytes(self) -> u8 {\n        self.byte_buf()\n    }\n"
        "    fn byte_buf(self) -> u8 {\n        0\n    }\n"
        "}\n\n"
        "impl<'a> Deserializer for &'a Value {\n"
        "    fn bytes(self) -> u8 {\n        self.byte_buf()\n    }\n"
        "    fn byte_buf(self) -> u8 {\n        1\n    }\n"
        "}\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "src/de.rs:Value.byte_buf") == [("src/de.rs", 5, "exact"), ("src/de.rs", 14, "exact")]


def test_rust_a_field_of_a_generic_type_is_unknown_not_outside(tmp_path: Path) -> None:
    # serde_json's `Serializer<W, F> { formatter: F }`: since `impl Serializer for &mut
    # Serializer<W, F>` counts as Serializer's, the outside trait made `self.formatter` outside.
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "lib.rs").write_text(
        "pub trait Formatter {\n    fn write_u8(&mut self) {}\n}\n\n"
        "pub struct Serializer<W, F> {\n    writer: W,\n    formatter: F,\n}\n\n"
        "impl<W, F: Formatter> Serializer<W, F> {\n"
        "    fn plain(&mut self) {\n        self.formatter.write_u8()\n    }\n}\n\n"
        "impl<'a, W, F: Formatter> serde::Serializer for &'a mut Serializer<W, F> {\n"
        "    fn serialize_u8(self) {\n        self.formatter.write_u8()\n    }\n}\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Formatter.write_u8") == [("src/lib.rs", 12, "likely"), ("src/lib.rs", 18, "likely")]


def test_cpp_a_member_initializer_is_no_likely_call_of_a_method_named_alike(tmp_path: Path) -> None:
    # jsonnet's ast.h: `AST(...) : location(location), type(type)` initializes the fields; since
    # initializers are read with the class as receiver, callees listed Desugarer::type as likely.
    (tmp_path / "ast.hpp").write_text(
        "struct Desugarer {\n  int type() { return 1; }\n};\n\n"
        "struct AST {\n  int type;\n  AST(int t) : type(t) {}\n};\n\n"
        "struct Binary : AST {\n  Binary() : AST(2) {}\n};\n"
    )
    with Repo(tmp_path) as repo:
        assert [(c.name, c.confidence) for c in repo.callees("AST::AST").callees] == [("AST.type", "name")]
        assert [(c.name, c.confidence, c.callee) for c in repo.callees("Binary::Binary").callees] == [
            ("Binary.AST", "exact", "ast.hpp:AST.AST")
        ]
        assert _sites(repo, "Desugarer::type") == []


def test_cpp_std_stays_outside_where_the_repository_opens_namespace_std(tmp_path: Path) -> None:
    # nlohmann's json.hpp specializes std::hash in a `namespace std` block; since fields of a
    # reference type are typed, `std::istream& is` looked std::istream up in that block,
    # found nothing, and `is.clear()`, outside before (a member of an outside base, maybe),
    # became a name match for basic_json::clear.
    (tmp_path / "json.hpp").write_text(
        "struct Json {\n  void clear() {}\n};\n\n"
        "namespace std {\ntemplate<> struct hash<Json> {};\n}\n\n"
        "struct Reader : Source {\n  std::istream& is;\n  void done() { is.clear(); }\n};\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Json::clear") == []


def test_python_a_name_bound_to_a_call_of_several_returns_and_to_an_instance(tmp_path: Path) -> None:
    # Django's response_for_exception: response = debug.technical_404_response(...), which
    # returns one of two classes, and elsewhere response = get_exception_response(...), an
    # HttpResponse; since a call of several returns is one of them, the two bindings no longer
    # agreed and response.reason_phrase, exact before, was a name match.
    (tmp_path / "app.py").write_text(
        "class Response:\n    def reason(self):\n        return ''\n\n\n"
        "class NotFound(Response):\n    pass\n\n\n"
        "def not_found(plain):\n    if plain:\n        return Response()\n    return NotFound()\n\n\n"
        "def handle(missing):\n    if missing:\n        response = not_found(missing)\n"
        "    else:\n        response = Response()\n    return response.reason()\n"
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Response.reason") == [("app.py", 21, "exact")]
