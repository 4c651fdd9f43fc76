"""The TypeScript judge of ``callers_vs_compilers.py`` (benchmarks/oracles/typescript.py) on a
tiny project whose bindings are known by construction: the compiler's answers, exactly.

Needs Node.js and the pinned compiler the benchmark installs under
``benchmarks/.cache/compilers/typescript/node``; the test never downloads it, so it skips on a
machine where the benchmark has not run."""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
TOOLCHAIN = BENCHMARKS / ".cache" / "compilers" / "typescript" / "node"

SHAPES = """\
export interface Shape {
  area(): number;
}
export class Square implements Shape {
  constructor(private side: number) {}
  area(): number {
    return this.side * this.side;
  }
}
export class Circle implements Shape {
  constructor(private r: number) {}
  area(): number {
    return Math.round(this.r);
  }
}
export function total(shapes: Shape[]): number {
  return shapes.reduce((sum, s) => sum + s.area(), 0);
}
"""

MAIN = """\
import { Circle, Square, total } from "./shapes";
import { missing } from "not-installed";
const square = new Square(2);
square.area();
new Circle(1).area();
const smile = "\U0001f600"; total([square]);
missing();
"""

LEGACY = """\
function greet(name) {
  return "hi " + name;
}
exports.shout = function (name) {
  return greet(name).toUpperCase();
};
"""


@pytest.fixture
def judge(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    module = importlib.import_module("oracles.typescript")
    if not module.toolchain_ready(TOOLCHAIN):
        pytest.skip("the pinned TypeScript compiler is not installed (run benchmarks/callers_vs_compilers.py once)")
    return module


def test_the_compiler_binds_every_call_to_its_declaration(judge: ModuleType, tmp_path: Path) -> None:
    from oracles import Call, Declaration

    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "shapes.ts").write_text(SHAPES)
    (tmp_path / "src" / "main.ts").write_text(MAIN, encoding="utf-8")
    (tmp_path / "src" / "legacy.js").write_text(LEGACY)
    facts = judge.facts_from(judge.run_compiler(tmp_path, TOOLCHAIN))

    shapes, main, legacy = "src/shapes.ts", "src/main.ts", "src/legacy.js"
    shape_area, square_area, circle_area = (shapes, 2, 3), (shapes, 6, 3), (shapes, 12, 3)
    assert sorted(facts.declarations, key=lambda d: d.position) == [
        Declaration(legacy, 1, 10, "greet", "function"),
        Declaration(legacy, 4, 9, "shout", "function"),
        Declaration(*shape_area, "area", "method"),
        Declaration(shapes, 5, 3, "constructor", "constructor"),
        Declaration(*square_area, "area", "method", overrides=(shape_area,)),
        Declaration(shapes, 11, 3, "constructor", "constructor"),
        Declaration(*circle_area, "area", "method", overrides=(shape_area,)),
        Declaration(shapes, 16, 17, "total", "function"),
    ]
    assert sorted(facts.calls, key=lambda c: c.position) == [
        Call(legacy, 5, 10, "greet", (legacy, 1, 10)),  # a plain call in JavaScript
        Call(legacy, 5, 22, "toUpperCase", None, outside=True),  # the standard library
        Call(main, 3, 20, "Square", (shapes, 5, 3)),  # new: the constructor
        Call(main, 4, 8, "area", square_area),  # a typed receiver picks Square's area
        Call(main, 5, 5, "Circle", (shapes, 11, 3)),
        Call(main, 5, 15, "area", circle_area),  # the same name in another class
        Call(main, 6, 20, "total", (shapes, 16, 17)),  # columns count code points
        Call(main, 7, 1, "missing", None),  # an unresolved import: unknown, not outside
        Call(shapes, 13, 17, "round", None, outside=True),
        Call(shapes, 17, 17, "reduce", None, outside=True),
        Call(shapes, 17, 44, "area", shape_area),  # through the interface: its declaration
    ]
