"""The libclang judge of ``callers_vs_compilers.py`` on a tiny C++ project: every call's binding
as the compiler says it, at the called name. Skipped where the judge's toolchain (the
``libclang`` wheel and clang's builtin headers, which the benchmark installs under its cache)
is not installed: the test never downloads it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))  # as when callers_vs_compilers.py runs

from oracles import Call, Declaration  # noqa: E402
from oracles.clang import Build, find_toolchain, judge_tree  # noqa: E402

SHAPES_H = """\
#pragma once
struct Shape {
  virtual ~Shape() {}
  virtual double area() const = 0;
};
struct Circle : Shape {
  double area() const override;
};
struct Square : Shape {
  double area() const override { return 4; }
};
int add(int a, int b);
"""

SHAPES_CPP = """\
#include "shapes.h"
double Circle::area() const { return 3; }
int add(int a, int b) { return a + b; }
"""

MAIN_CPP = """\
#include <cstring>
#include "shapes.h"
#define TWICE(x) add(x, x)
int main() {
  Circle c;
  Square *s = new Square();
  Shape &shape = c;
  int (*pointer)(int, int) = add;
  int n = add(1, 2) + pointer(3, 4) + TWICE(5);
  n += (int)c.area() + (int)s->area() + (int)shape.area();
  n += (int)std::strlen("é") + missing(6);
  return n;
}
"""


def test_the_judge_binds_each_call_at_its_name(tmp_path: Path) -> None:
    tools = find_toolchain(BENCHMARKS / ".cache" / "compilers")
    if tools is None:
        pytest.skip("libclang and clang's builtin headers are not installed under benchmarks/.cache/compilers")
    root = tmp_path / "project"
    root.mkdir()
    for name, text in {"shapes.h": SHAPES_H, "shapes.cpp": SHAPES_CPP, "main.cpp": MAIN_CPP}.items():
        (root / name).write_text(text, encoding="utf-8")

    facts = judge_tree(root, Build(sources=("*.cpp",)), tools, tmp_path / "generated")

    shape_area, circle_area, square_area = ("shapes.h", 4, 18), ("shapes.cpp", 2, 16), ("shapes.h", 10, 10)
    assert facts.declarations == [
        Declaration("main.cpp", 4, 5, "main", "function"),
        Declaration("shapes.cpp", 2, 16, "area", "method", overrides=(shape_area,)),
        Declaration("shapes.cpp", 3, 5, "add", "function"),
        Declaration("shapes.h", 4, 18, "area", "method"),
        Declaration("shapes.h", 10, 10, "area", "method", overrides=(shape_area,)),
    ]
    assert facts.calls == [
        Call("main.cpp", 3, 9, "TWICE", None),  # a macro's definition is not compiled as it stands
        Call("main.cpp", 3, 18, "add", None),  # ... and its body is bound once per expansion
        Call("main.cpp", 6, 19, "Square", ("shapes.h", 9, 8)),  # its implicit constructor: the class's name
        Call("main.cpp", 9, 11, "add", ("shapes.cpp", 3, 5)),  # at the definition, not the prototype
        Call("main.cpp", 9, 23, "pointer", None),  # through a pointer: unknown
        Call("main.cpp", 9, 39, "TWICE", None),  # a macro: unknown
        Call("main.cpp", 10, 15, "area", circle_area),
        Call("main.cpp", 10, 32, "area", square_area),
        Call("main.cpp", 10, 52, "area", shape_area),  # virtual: the static binding is the base's
        Call("main.cpp", 11, 18, "strlen", None, outside=True),
        Call("main.cpp", 11, 32, "missing", None),  # undeclared: unknown, not outside; columns count "é" once
    ]
