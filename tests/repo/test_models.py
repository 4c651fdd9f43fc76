"""Results turn into plain data (``to_dict``) exactly as ``dataclasses.asdict`` would."""

from __future__ import annotations

from dataclasses import asdict

from rlm_code.repo import Repo


def test_to_dict_is_asdict_for_every_kind_of_result(python_repo: Repo) -> None:
    results = [
        python_repo.grep("def ", context=1),
        python_repo.list_files(),
        python_repo.read_file("shop/views.py", 1, 5),
        python_repo.outline("shop/app.py"),
        *python_repo.read_symbol("BaseApp.url_for"),
        python_repo.callers("url_for", include_name_matches=True),
        python_repo.callees("BaseApp.url_for"),
        python_repo.importers("shop.helpers"),
        python_repo.stats(),
    ]
    for result in results:
        plain = result.to_dict()
        assert plain == asdict(result), type(result).__name__  # type: ignore[call-overload]
        assert plain, type(result).__name__
    grep = results[0].to_dict()
    assert any(match["context_before"] for match in grep["matches"])
