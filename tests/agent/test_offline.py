"""The offline supervisor's question parsing: structural questions become REPL code."""

from __future__ import annotations

import pytest

from rlm_code.agent.offline import plan


def _depends(source: str, target: str) -> str:
    return f"FINAL(format_importers(importers({target!r}, inside={source!r})))"


@pytest.mark.parametrize(
    ("question", "code"),
    [
        ("who calls Form.full_clean?", "FINAL(format_callers(callers('Form.full_clean')))"),
        ("Who calls `url_for`", "FINAL(format_callers(callers('url_for')))"),
        ("what calls shop/helpers.py:url_for?", "FINAL(format_callers(callers('shop/helpers.py:url_for')))"),
        ("callers of slugify()", "FINAL(format_callers(callers('slugify')))"),
        ("where is Model.save called?", "FINAL(format_callers(callers('Model.save')))"),
        ("where is Form used?", "FINAL(format_callers(references('Form')))"),
        ("what uses `url_for`?", "FINAL(format_callers(references('url_for')))"),
        ("where is Router defined?", "FINAL(format_definitions(definitions('Router')))"),
        ("Where is check_password", "FINAL(format_definitions(definitions('check_password')))"),
        ("what does views.login call?", "FINAL(format_callees(callees('views.login')))"),
        ("what imports shop.helpers?", "FINAL(format_importers(importers('shop.helpers')))"),
        ("which files import shop/utils/text.py", "FINAL(format_importers(importers('shop/utils/text.py')))"),
        ("does core/ depend on ui/?", _depends("core", "ui")),
        ("Does anything in shop import legacy?", _depends("shop", "legacy")),
        ("does scripts import anything from `shop`", _depends("scripts", "shop")),
        ("do tests rely on pkg.db?", _depends("tests", "pkg.db")),
        ("show Model.full_clean", "FINAL(format_sources(read_symbol('Model.full_clean')))"),
        ("outline shop/app.py", "FINAL(format_outline(outline('shop/app.py')))"),
        ("show me shop/routing.py", "FINAL(format_outline(outline('shop/routing.py')))"),
        ("what is in shop/app.py?", "FINAL(format_outline(outline('shop/app.py')))"),
        ("What's in `models.py`", "FINAL(format_outline(outline('models.py')))"),
        ("what does shop/forms.py define?", "FINAL(format_outline(outline('shop/forms.py')))"),
        ("list the functions in shop/helpers.py", "FINAL(format_outline(outline('shop/helpers.py')))"),
        ("find files about routing", "FINAL(format_files(list_files('*routing*')))"),
        (
            "find text 'self.rules'",
            "FINAL(format_grep(grep('self.rules', ignore_case=True, fixed_strings=True)))",
        ),
        ("search for password", "FINAL(format_grep(grep('password', ignore_case=True, fixed_strings=True)))"),
    ],
)
def test_structural_questions_become_helper_calls(question: str, code: str) -> None:
    assert plan(question) == code


@pytest.mark.parametrize(
    "question",
    [
        "how does a request reach the database?",
        "is the caching layer thread-safe?",
        "summarise this repo",
        "what is in the cache?",  # not a file: what a thing holds needs reading
        "what does Form define?",
        "",
    ],
)
def test_other_questions_need_a_model(question: str) -> None:
    assert plan(question) is None
