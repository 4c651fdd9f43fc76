"""The parent's side of the child process: the output collector."""

from __future__ import annotations

import random

from rlm_code.rlm.sandbox.process import OutputCollector


def test_output_is_cut_at_a_character_count_whatever_the_pieces() -> None:
    chooser = random.Random(7)
    for _ in range(300):
        text = "".join(chooser.choice(["a", "é", "€", "😀", "\n"]) for _ in range(chooser.randint(0, 60)))
        data, limit = text.encode(), chooser.randint(0, 40)
        collector = OutputCollector(limit)
        start = 0
        while start < len(data):
            size = chooser.randint(1, 5)
            collector.feed(data[start : start + size])
            start += size
        cut = len(text) - limit
        note = f"\n[... {cut:,} more characters cut: print less, or slice]" if cut > 0 else ""
        assert collector.text() == text[:limit] + note


def test_invalid_utf8_is_replaced_not_fatal() -> None:
    collector = OutputCollector(8)
    collector.feed(b"ok \xff\xfe done")
    assert collector.text() == "ok \ufffd\ufffd do\n[... 2 more characters cut: print less, or slice]"
