"""The wire format: framing, the shape checks on (untrusted) events, JSON conversion."""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from rlm_code.rlm.sandbox.protocol import (
    MAX_FRAME,
    Call,
    Done,
    FrameDecoder,
    ProtocolError,
    Ready,
    encode,
    parse_event,
    read_message,
    to_json_value,
    write_message,
)


def test_frames_survive_arbitrary_splits() -> None:
    messages = [{"type": "call", "id": i, "name": "grep", "args": ["é" * i], "kwargs": {}} for i in range(5)]
    stream = b"".join(encode(m) for m in messages)
    decoder = FrameDecoder()
    received = []
    for start in range(0, len(stream), 7):
        received += decoder.feed(stream[start : start + 7])
    assert received == messages


def test_blocking_reads_and_writes_round_trip() -> None:
    read_end, write_end = os.pipe()
    try:
        write_message(write_end, {"type": "exec", "id": 1, "code": "print('\\n')"})
        os.close(write_end)
        assert read_message(read_end) == {"type": "exec", "id": 1, "code": "print('\\n')"}
        assert read_message(read_end) is None
    finally:
        os.close(read_end)


def test_an_oversized_or_malformed_frame_is_a_protocol_error() -> None:
    with pytest.raises(ProtocolError, match="over the"):
        FrameDecoder().feed((MAX_FRAME + 1).to_bytes(4, "big"))
    with pytest.raises(ProtocolError, match="not valid JSON"):
        FrameDecoder().feed((3).to_bytes(4, "big") + b"{x}")
    with pytest.raises(ProtocolError, match="'type'"):
        FrameDecoder().feed((2).to_bytes(4, "big") + b"[]")


@pytest.mark.parametrize(
    "message",
    [
        {"type": "call", "id": "1", "name": "grep", "args": [], "kwargs": {}},
        {"type": "call", "id": True, "name": "grep", "args": [], "kwargs": {}},
        {"type": "done", "id": 1, "error": 3, "kind": "ok", "final": None, "has_final": False},
        {"type": "done", "id": 1, "error": None, "kind": "sneaky", "final": None, "has_final": False},
        {"type": "ready", "applied": [["a"]], "missing": []},
        {"type": "shell", "command": "rm -rf /"},
    ],
)
def test_events_of_the_wrong_shape_are_refused(message: dict[str, object]) -> None:
    with pytest.raises(ProtocolError):
        parse_event(message)


def test_events_of_the_right_shape_are_typed() -> None:
    assert parse_event({"type": "call", "id": 2, "name": "f", "args": [1], "kwargs": {"a": 2}}) == Call(
        2, "f", [1], {"a": 2}
    )
    done = {"type": "done", "id": 1, "error": None, "kind": "ok", "final": [1], "has_final": True}
    assert parse_event(done) == Done(1, None, "ok", [1], True)
    assert parse_event({"type": "ready", "applied": [["a", "b"]], "missing": []}) == Ready([("a", "b")], [])


class Colour(enum.Enum):
    RED = "red"


@dataclass
class Site:
    path: Path
    lines: tuple[int, ...]


def test_values_become_plain_json() -> None:
    value = {
        1: Site(Path("a.py"), (1, 2)),
        "set": {3, 1},
        "colour": Colour.RED,
        "raw": b"\xffok",
        "keys": {"a": 1}.keys(),
        "other": object,
    }
    assert to_json_value(value) == {
        "1": {"path": "a.py", "lines": [1, 2]},
        "set": [1, 3],
        "colour": "red",
        "raw": "\ufffdok",
        "keys": ["a"],
        "other": "<class 'object'>",
    }
    nested: list[object] = []
    nested.append(nested)
    assert isinstance(to_json_value(nested), list)  # a cycle is cut, not followed forever
