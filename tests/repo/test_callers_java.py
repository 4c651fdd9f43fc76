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
