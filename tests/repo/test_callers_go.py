"""Callers in Go in shapes that real projects write: closures, channels, variadic parameters and
named container types. Each test holds the few lines of a project where an answer was wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from rlm_code.errors import NotFoundError
from rlm_code.repo import Repo
from tests.conftest import write_files

_TYPES = (
    "package shop\n\n"
    "type Server struct{ next *Server }\n\n"
    "func (s *Server) Start() error { return nil }\n\n"
    "type Client struct{}\n\n"
    "func (c *Client) Start() error { return nil }\n\n"
)


def _sites(repo: Repo, target: str) -> list[tuple[int, str, str]]:
    """``(line, caller, confidence)`` of every caller of ``target``, name matches included."""
    return [(c.line, c.caller, c.confidence) for c in repo.callers(target, include_name_matches=True).callers]


def test_go_a_closure_parameter_holds_its_type_only_inside_the_closure(tmp_path: Path) -> None:
    # echo's ServeHTTP: `c := e.pool.Get().(*context)` then `h = func(c Context) error {...}`;
    # gorilla/mux's examples: `r := mux.NewRouter()` then `r.HandleFunc("/", func(w, r *http.Request) {...})`.
    write_files(
        tmp_path,
        {
            "types.go": _TYPES,
            "a.go": "package shop\n\n"
            "func run(f func(c *Client)) {}\n\n"
            "func serve() {\n"
            "\tc := &Server{}\n"
            "\tc.Start()\n"
            "\trun(func(c *Client) {\n"
            "\t\tc.Start()\n"
            "\t\tk := c\n"
            "\t\tk.Start()\n"
            "\t\trun(func(other *Client) { c.Start() })\n"
            "\t})\n"
            "\tc.next.Start()\n"
            "}\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Server.Start") == [(7, "serve", "exact"), (14, "serve", "exact")]
        assert _sites(repo, "Client.Start") == [(9, "serve", "exact"), (11, "serve", "exact"), (12, "serve", "exact")]


def test_go_a_closure_parameter_shadows_a_function_of_its_package(tmp_path: Path) -> None:
    # echo's middleware: `func(next echo.HandlerFunc) echo.HandlerFunc { ... next(c) ... }`
    # next to a package function of that name. A bare name is read in the whole function, so
    # the call outside the closure is not taken for the package's either.
    write_files(
        tmp_path,
        {
            "a.go": "package shop\n\n"
            "func next() {}\n\n"
            "func wrap(f func(func())) {}\n\n"
            "func chain() {\n"
            "\twrap(func(next func()) { next() })\n"
            "\tnext()\n"
            "}\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "next") == [(8, "chain", "name"), (9, "chain", "name")]


def test_go_a_bare_name_bound_in_and_around_a_closure_names_neither(tmp_path: Path) -> None:
    # The shape of echo's ServeHTTP (`h := NotFoundHandler`, then a closure with an `h` of its
    # own), with the inner `h` a parameter: `f()` inside the closure calls the parameter, not
    # `helper`; and a bare name cannot say on which side of the closure it is written.
    write_files(
        tmp_path,
        {
            "a.go": "package shop\n\n"
            "func helper() int { return 1 }\n\n"
            "func run(apply func(func() int) int) {}\n\n"
            "func serve() {\n"
            "\tf := helper\n"
            "\tf()\n"
            "\trun(func(f func() int) int {\n"
            "\t\treturn f()\n"
            "\t})\n"
            "}\n",
        },
    )
    with Repo(tmp_path) as repo:
        calls = [(c.line, c.name, c.confidence, c.callee) for c in repo.callees("serve").callees]
        assert calls == [(9, "f", "name", None), (10, "run", "exact", "a.go:run"), (11, "f", "name", None)]


def test_go_a_channel_gives_its_element_to_a_receive_and_a_range(tmp_path: Path) -> None:
    # echo's proxy: `errCh := make(chan error, 2)`; logrus' tests: `type channelWriter chan []byte`.
    write_files(
        tmp_path,
        {
            "types.go": _TYPES,
            "a.go": "package shop\n\n"
            "func drain(in <-chan *Server, out chan<- *Server) {\n"
            "\tch := make(chan *Server)\n"
            "\tv := <-ch\n"
            "\tv.Start()\n"
            "\tw, ok := <-in\n"
            "\tw.Start()\n"
            "\tfor x := range in {\n\t\tx.Start()\n\t}\n"
            "\tvar cs []*Client\n"
            "\tfor i := range cs {\n\t\ti.Start()\n\t}\n"
            "}\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Server.Start") == [(6, "drain", "exact"), (8, "drain", "exact"), (10, "drain", "exact")]
        # `i` is an index: an int, so not even a name match.
        assert _sites(repo, "Client.Start") == []


def test_go_a_variadic_parameter_and_a_named_container_type_hold_their_elements(tmp_path: Path) -> None:
    # echo's `func (e *Echo) Use(middleware ...MiddlewareFunc)`; urfave/cli's `type Commands
    # []Command` and `f[i].GetName()` on a `FlagsByName`; logrus' `hooks[level]` of a
    # `LevelHooks map[Level][]Hook`; gorilla/mux's `r.middlewares[i].Middleware(...)`.
    write_files(
        tmp_path,
        {
            "types.go": _TYPES,
            "a.go": "package shop\n\n"
            "type Servers []*Server\n\n"
            "type ByName map[string][]*Server\n\n"
            "type Pool struct{ all []*Server }\n\n"
            "func each(ss ...*Server) {\n"
            "\tfor _, s := range ss {\n\t\ts.Start()\n\t}\n"
            "\tss[0].Start()\n"
            "}\n\n"
            "func named(list Servers, byName ByName, p *Pool) {\n"
            "\tfor _, s := range list {\n\t\ts.Start()\n\t}\n"
            "\tlist[1].Start()\n"
            '\tfor _, s := range byName["a"] {\n\t\ts.Start()\n\t}\n'
            "\tp.all[2].Start()\n"
            "}\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Server.Start") == [
            *[(line, "each", "exact") for line in (11, 13)],
            *[(line, "named", "exact") for line in (18, 20, 22, 24)],
        ]


def test_go_a_new_value_of_a_var_block_has_its_type(tmp_path: Path) -> None:
    # echo's tests: `var ( buf = new(bytes.Buffer) )` inside a test function.
    write_files(
        tmp_path,
        {
            "types.go": _TYPES,
            "a.go": "package shop\n\nfunc use() {\n\tvar (\n\t\ts = new(Server)\n\t)\n\ts.Start()\n}\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Server.Start") == [(7, "use", "exact")]


def test_go_a_typed_constant_and_the_specs_that_repeat_it_hold_its_type(tmp_path: Path) -> None:
    # logrus: `const ( PanicLevel Level = iota; ...; TraceLevel )`, then `TraceLevel.String()`
    # in logrus_test.go. A plain reference still names the constant (echo's `staticKind kind =
    # iota`, router.go:80). A spec after an untyped value repeats that value, not the type.
    write_files(
        tmp_path,
        {
            "level.go": "package shop\n\n"
            "type Level uint32\n\n"
            'func (l Level) String() string { return "" }\n\n'
            "const (\n"
            "\t// PanicLevel comes first.\n"
            "\tPanicLevel Level = iota\n"
            "\t// TraceLevel repeats its type.\n"
            "\tTraceLevel\n"
            "\tplain = 3\n"
            "\tother\n"
            ")\n\n"
            "func use() {\n"
            "\tPanicLevel.String()\n"
            "\tkeep(PanicLevel)\n"
            "}\n\n"
            "func keep(l Level) {}\n",
            "level_test.go": "package shop\n\nfunc check() {\n\tTraceLevel.String()\n\tother.String()\n}\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Level.String") == [(17, "use", "exact"), (4, "check", "exact"), (5, "check", "name")]
        refs = [(r.path, r.line, r.confidence) for r in repo.references("PanicLevel").callers]
        assert refs == [("level.go", 18, "exact")]


def test_go_every_name_of_a_const_or_var_spec_is_defined_and_typed(tmp_path: Path) -> None:
    # gorilla/mux's mux_test.go: `const ( none, stdOnly, subOnly uint8 = 0, 1 << 0, 1 << 1 )`;
    # only a spec's first name was a definition and, for a constant, held the type.
    write_files(
        tmp_path,
        {
            "level.go": "package shop\n\n"
            "type Level uint32\n\n"
            'func (l Level) String() string { return "" }\n\n'
            "const Low, High Level = 1, 2\n\n"
            "const (\n\tMid, Top Level = 3, 4\n\tMore, Most\n)\n\n"
            "var First, Second Level\n\n"
            "var (\n\t_ Level = Low\n\twd, _ = f()\n)\n\n"
            "func f() (int, error) { return 0, nil }\n",
            "use.go": "package shop\n\n"
            "func use() {\n"
            "\tHigh.String()\n\tTop.String()\n\tMost.String()\n\tSecond.String()\n"
            "\tconst a, b Level = 1, 2\n\tb.String()\n"
            "}\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Level.String") == [(line, "use", "exact") for line in (4, 5, 6, 7, 9)]
        with pytest.raises(NotFoundError):
            repo.find_definitions("_")
        defined = {
            name: [(d.path, d.line) for d in repo.find_definitions(name)] for name in ("High", "Top", "Most", "Second")
        }
        assert defined == {
            "High": [("level.go", 7)],
            "Top": [("level.go", 10)],
            "Most": [("level.go", 11)],
            "Second": [("level.go", 14)],
        }


def test_go_each_name_of_a_var_spec_holds_its_own_result(tmp_path: Path) -> None:
    # `var conn, err = Dial()` gave err Dial's first result, so err.Error() was an exact call
    # of the connection's Error method; `:=` already gave each name its place.
    write_files(
        tmp_path,
        {
            "types.go": _TYPES + 'func (c *Client) Error() string { return "" }\n\n'
            "func Dial() (*Client, error) { return nil, nil }\n\n"
            "func Pair() (*Client, *Server) { return nil, nil }\n",
            "a.go": "package shop\n\n"
            "func main() {\n"
            "\tvar c, err = Dial()\n"
            "\tc.Start()\n"
            "\tprintln(err.Error())\n"
            "\tvar a, b = Pair()\n"
            "\ta.Start()\n"
            "\tb.Start()\n"
            "}\n",
        },
    )
    with Repo(tmp_path) as repo:
        assert _sites(repo, "Client.Error") == []
        assert _sites(repo, "Client.Start") == [(5, "main", "exact"), (8, "main", "exact")]
        assert _sites(repo, "Server.Start") == [(9, "main", "exact")]
