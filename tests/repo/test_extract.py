"""Tags extraction with the real Python grammar and query."""

from __future__ import annotations

from rlm_code.repo.extract import extract_facts
from rlm_code.repo.facts import Base, Binding, Import

SOURCE = b"""\
import os.path
import pkg.mod as pm
from .sibling import helper as assist, other
from .. import *

LIMIT = 10
app = Flask(__name__)


class Service(Base, pm.Mixin):
    client: Client

    def __init__(self, name: "Name" = None) -> None:
        self.store = Store()

    @cached
    def run(self, job):
        def step():
            return assist(self.store.get(job))
        return step()


@app.route("/")
def index(q: Optional[Query]) -> Response:
    return Service("x").run(q)
"""


def facts():
    return extract_facts("python", SOURCE)


def test_definitions_have_qualified_names_kinds_spans_and_signatures() -> None:
    found = {(d.qualname, d.kind, d.line, d.end_line) for d in facts().definitions}
    assert found == {
        ("LIMIT", "constant", 6, 6),
        ("app", "variable", 7, 7),
        ("Service", "class", 10, 20),
        ("Service.client", "field", 11, 11),  # a class attribute, annotated only
        ("Service.__init__", "method", 13, 14),
        ("Service.run", "method", 17, 20),
        ("Service.run.step", "function", 18, 19),
        ("index", "function", 24, 25),
    }
    by_name = {d.qualname: d for d in facts().definitions}
    assert by_name["index"].signature == "def index(q: Optional[Query]) -> Response:"
    assert by_name["index"].returns == "Response"
    assert by_name["Service.run"].column == 5


def test_a_signature_is_the_header_on_one_line_without_comments() -> None:
    source = b"""\
def spread(
    first,
    second=(1,),
):  # why it exists
    # what the body does first
    return first


async def commented(self):
    # a comment before the first statement is not the header
    pass
"""
    found = {d.qualname: d.signature for d in extract_facts("python", source).definitions}
    assert found == {"spread": "def spread(first, second=(1,)):", "commented": "async def commented(self):"}


def test_calls_carry_receiver_and_enclosing_definition() -> None:
    calls = {(r.name, r.receiver, r.scope, r.line) for r in facts().references if r.kind == "call"}
    assert ("Flask", "", "", 7) in calls
    assert ("Store", "", "Service.__init__", 14) in calls
    assert ("cached", "", "Service", 16) in calls  # a bare decorator is a call
    assert ("assist", "", "Service.run.step", 19) in calls
    assert ("get", "self.store", "Service.run.step", 19) in calls
    assert ("route", "app", "", 23) in calls
    assert ("run", 'Service("x")', "index", 25) in calls


def test_non_call_references_are_kept_apart_from_calls() -> None:
    others = {(r.name, r.kind) for r in facts().references if r.kind != "call"}
    assert ("Base", "ref") in others
    assert ("Mixin", "ref") in others
    assert ("Query", "type") in others
    assert ("step", "call") not in others


def test_imports_record_module_name_and_alias() -> None:
    assert facts().imports == [
        Import("os.path", "", "", 1, ""),
        Import("pkg.mod", "", "pm", 2, ""),
        Import(".sibling", "helper", "assist", 3, ""),
        Import(".sibling", "other", "", 3, ""),
        Import("..", "*", "", 4, ""),
    ]


def test_class_bases_and_typed_bindings() -> None:
    result = facts()
    assert result.bases == [Base("Service", "Base"), Base("Service", "pm.Mixin")]
    bindings = set(result.bindings)
    assert Binding("", "app", "Flask", "call") in bindings
    assert Binding("Service", "client", "Client", "type") in bindings
    assert Binding("Service.__init__", "self.store", "Store", "call") in bindings
    assert Binding("Service.__init__", "name", '"Name"', "type") in bindings
    assert Binding("index", "q", "Optional[Query]", "type") in bindings
    assert Binding("Service.run", "self", "", "param") in bindings
    assert Binding("Service.run", "job", "", "param") in bindings
    assert Binding("Service.run", "<return>", "step", "call") in bindings
    assert Binding("Service.run.step", "<return>", "assist", "call") in bindings


def test_broken_syntax_still_yields_what_parses() -> None:
    result = extract_facts("python", b"def ok():\n    return 1\n\ndef broken(:\n    pass\n")
    assert result.syntax_errors
    assert "ok" in {d.qualname for d in result.definitions}


def test_non_ascii_columns_count_characters() -> None:
    result = extract_facts("python", "s = 'héé'; call()\n".encode())
    (call,) = [r for r in result.references if r.name == "call"]
    assert call.column == 12  # 'é' is one character, two bytes


def test_receivers_drop_whitespace_but_not_inside_strings() -> None:
    source = b'parse("a b c") .strip( ).split( ", " )\n'
    receivers = {r.name: r.receiver for r in extract_facts("python", source).references if r.kind == "call"}
    assert receivers == {"parse": "", "strip": 'parse("a b c")', "split": 'parse("a b c").strip()'}


def test_comments_among_the_parameters_are_not_part_of_the_signature() -> None:
    source = b"def invoke(__self,  # noqa: B902\n           callback,\n           *args):\n    return 1\n"
    (definition,) = extract_facts("python", source).definitions
    assert definition.signature == "def invoke(__self, callback, *args):"


def test_every_query_pattern_says_what_kind_of_fact_it_is() -> None:
    # A match is read by the one fact its pattern captures (a definition, a reference, an
    # import, a base or a binding). A pattern naming two would be read as nothing, so none
    # may, except alternatives of one definition (C's struct, union or enum), read per match.
    from rlm_code.repo import treesitter
    from rlm_code.repo.extract import _plan
    from rlm_code.repo.languages import LANGUAGES

    for language in LANGUAGES:
        for index, captures in enumerate(treesitter.pattern_captures(language)):
            if _plan(captures) is None:
                alternatives = {c for c in captures if c.startswith("definition.")}
                assert len(alternatives) > 1, (language, index, sorted(captures))
                assert all(_plan(frozenset({f"name.{c}", c})) for c in alternatives)
