"""Splitting written lists of arguments, types and annotations, as every resolver reads them."""

from __future__ import annotations

import pytest

from rlm_code.repo.resolve.annotations import Named, read_annotation
from rlm_code.repo.resolve.written import callback_parameters, closing_bracket, parameters, split_arguments


@pytest.mark.parametrize(
    ("text", "separator", "angled", "parts"),
    [
        ("Vec<A, B>, E", ",", True, ["Vec<A, B>", "E"]),  # Rust, Java: `<` opens a type's arguments
        ("func(a, b int) error, bool", ",", True, ["func(a, b int) error", "bool"]),  # Go's results
        ("'a, T", ",", True, ["'a", "T"]),  # a Rust lifetime keeps its quote
        ("Box<dyn Fn(A) -> B>, E", ",", True, ["Box<dyn Fn(A) -> B>", "E"]),  # an arrow is no bracket
        ("a <-chan int, b chan<- int, c", ",", True, ["a <-chan int", "b chan<- int", "c"]),
        ("f: (a: A) => B, g: C", ",", True, ["f: (a: A) => B", "g: C"]),  # TypeScript's arrow
        ("a < b, c", ",", False, ["a < b", "c"]),  # Python's call arguments: `<` compares
        ("a < b, c", ",", True, ["a < b, c"]),
        ('dict[str, "Task"], int', ",", False, ['dict[str, "Task"]', "int"]),  # quotes kept
        ("Callable[[int, str], T] | None", "|", False, ["Callable[[int, str], T]", "None"]),
        ("", ",", True, [""]),
    ],
)
def test_split_arguments_splits_outside_brackets(text: str, separator: str, angled: bool, parts: list[str]) -> None:
    assert split_arguments(text, separator, angled=angled) == parts


def test_an_arrow_closes_no_bracket() -> None:
    assert closing_bracket("(init: (a: A) => B): R", 0) == 18


@pytest.mark.parametrize(
    ("header", "declared"),
    [
        (
            "function operate<T, R>(init: (source: Observable<T>, subscriber: Subscriber<R>) => void): Op<T, R>",
            [("init", "(source: Observable<T>, subscriber: Subscriber<R>) => void")],
        ),
        (
            "constructor(private readonly repo: Repo, ...rest: any[], b?: B)",
            [("repo", "Repo"), ("rest", "any[]"), ("b", "B")],
        ),
        ("lift(this: Subscriber<T>, value)", [("value", "")]),  # a declared `this` is no parameter
        ("make()", []),
        ("const ANSWER", []),
    ],
)
def test_parameters_of_a_typescript_header(header: str, declared: list[tuple[str, str]]) -> None:
    assert parameters(header) == declared


@pytest.mark.parametrize(
    ("text", "given"),
    [
        (
            "(source: Observable<T>, subscriber: Subscriber<R>) => (() => void) | void",
            [("source", "Observable<T>"), ("subscriber", "Subscriber<R>")],
        ),
        ("((value: T) => void)", [("value", "T")]),
        ("<T>(x: T, i: number) => void", [("x", "T"), ("i", "number")]),
        ("(this: Observable<T>, subscriber: Subscriber<T>) => TeardownLogic", [("subscriber", "Subscriber<T>")]),
        ("Partial<Observer<T>> | ((value: T) => void)", None),  # a union: which is meant is not known
        ("(A | B)", None),
        ("Handler", None),
    ],
)
def test_callback_parameters_of_a_function_type(text: str, given: list[tuple[str, str]] | None) -> None:
    assert callback_parameters(text) == given


def test_an_annotation_drops_the_quotes_of_a_forward_reference() -> None:
    assert read_annotation('Optional["Task"]') == Named("Task", False, [])
    assert read_annotation('Union["Task", None]') == Named("Task", False, [])
    assert read_annotation("'Task' | None") == Named("Task", False, [])
    assert read_annotation('dict[str, "Task"]') == Named("dict", False, ["str", "Task"])
