"""Reading ``path:line`` citations out of answers."""

from __future__ import annotations

from rlm_code.agent.citations import LOCATION, cited_locations


def test_citations_in_the_shapes_answers_write_them() -> None:
    text = (
        "- shop/views.py:21 in login (exact)\n"
        "`ledger/store/db.py:9`: appends without validating\n"
        "./src/app.ts:3:14 - a column is dropped\n"
        "see shop/views.py:21 again, and main.go:7\n"
        "not citations: http://host:80, line 12:, version 1.2:3x, Makefile:4\n"
    )
    assert cited_locations(text) == [
        ("shop/views.py", 21, "in login (exact)"),
        ("ledger/store/db.py", 9, "appends without validating"),
        ("src/app.ts", 3, "a column is dropped"),
        ("main.go", 7, ""),
    ]


def test_a_location_item_is_a_full_match() -> None:
    assert LOCATION.fullmatch("src/kiosk/app.py:22")
    assert not LOCATION.fullmatch("Kiosk.lookup")
    assert not LOCATION.fullmatch("app.py:22 and more")
