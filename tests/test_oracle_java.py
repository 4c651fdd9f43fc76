"""The Java judge of benchmarks/callers_vs_compilers.py (benchmarks/oracles/java.py) says what
javac binds each call of a small project to, at the positions rlm-code reports."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import write_files

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"

SHOP = {
    "src/main/java/shop/Shape.java": """\
package shop;

public interface Shape {
    double area();
}
""",
    "src/main/java/shop/Square.java": """\
package shop;

public class Square implements Shape {
    private final double side;

    public Square(double side) {
        this.side = side;
    }

    public double area() {
        return side * side;
    }

    public String describe() {
        return "square of " + format(area());
    }

    static String format(double value) {
        return String.valueOf(value);
    }

    static String format(String text) {
        return text.trim();
    }
}
""",
    "src/main/java/shop/Circle.java": """\
package shop;

public class Circle implements Shape {
    public double area() {
        return 3.0;
    }

    static String format(double value) {
        return "circle";
    }
}
""",
    "src/test/java/shop/ShopTest.java": """\
package shop;

import org.junit.jupiter.api.Assertions;

class ShopTest {
    void run(Shape shape) {
        Square square = new Square(2.0);
        /* é€ */ square.describe();
        shape.area();
        Circle.format(new Circle().area());
        Assertions.assertEquals(4.0, square.area());
    }
}
""",
}


def load_java_judge(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(BENCHMARKS))  # as when callers_vs_compilers.py runs
    java = importlib.import_module("oracles.java")
    if not java.has_java():
        pytest.skip("no JDK (java and javac) on the PATH")
    return java


def test_the_java_judge_gives_javacs_bindings_at_the_called_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    java = load_java_judge(monkeypatch)
    from oracles import Call, Declaration

    write_files(tmp_path / "shop", SHOP)
    facts = java.judge_tree(tmp_path / "shop", tmp_path / "cache")

    shape, square, circle = (f"src/main/java/shop/{name}.java" for name in ("Shape", "Square", "Circle"))
    test = "src/test/java/shop/ShopTest.java"
    assert sorted(facts.declarations, key=lambda d: d.position) == [
        Declaration(circle, 4, 19, "area", "method", overrides=((shape, 4, 12),)),
        Declaration(circle, 8, 19, "format", "method"),
        Declaration(shape, 4, 12, "area", "method"),
        Declaration(square, 6, 12, "Square", "constructor"),
        Declaration(square, 10, 19, "area", "method", overrides=((shape, 4, 12),)),
        Declaration(square, 14, 19, "describe", "method"),
        Declaration(square, 18, 19, "format", "method"),
        Declaration(square, 22, 19, "format", "method"),
        Declaration(test, 6, 10, "run", "method"),
    ]
    assert sorted(facts.calls, key=lambda c: c.position) == [
        Call(square, 15, 31, "format", (square, 18, 19)),  # the overload javac picks
        Call(square, 15, 38, "area", (square, 10, 19)),
        Call(square, 19, 23, "valueOf", None, outside=True),  # the JDK
        Call(square, 23, 21, "trim", None, outside=True),
        Call(test, 7, 29, "Square", (square, 6, 12)),
        Call(test, 8, 25, "describe", (square, 14, 19)),  # columns in code points
        Call(test, 9, 15, "area", (shape, 4, 12)),  # statically bound to the interface
        Call(test, 10, 16, "format", (circle, 8, 19)),  # not Square's format
        Call(test, 10, 27, "Circle", None, outside=True),  # a default constructor
        Call(test, 10, 36, "area", (circle, 4, 19)),
        Call(test, 11, 20, "assertEquals", None),  # JUnit is not on the classpath: unknown
        Call(test, 11, 45, "area", (square, 10, 19)),
    ]
