"""ask() end to end on the Python fixture: offline, and with scripted models."""

from __future__ import annotations

from pathlib import Path

import httpx2
import pytest

from rlm_code import NotFoundError, PathError, UsageError
from rlm_code.agent import ask
from rlm_code.agent.prompts import first_message, system_prompt
from rlm_code.agent.tools import RepoTools
from rlm_code.config import Settings
from rlm_code.errors import ModelError
from rlm_code.llm import OpenAICompatModel, Price, ScriptedModel
from rlm_code.repo import Repo
from rlm_code.rlm.trace import read_trace
from tests.conftest import FIXTURES


def test_offline_answers_who_calls_with_path_line_and_caller(python_repo: Repo, tmp_path: Path) -> None:
    answer = ask(python_repo, "who calls Form.full_clean?", trace_path=tmp_path / "t.jsonl")
    assert answer.offline and answer.model == "offline"
    assert "- shop/views.py:21 in login (exact)" in answer.answer
    assert "- shop/views.py:26 in check (exact)" in answer.answer
    assert "models.py" not in answer.answer  # Model.full_clean is another method
    assert "(1 more site(s) only share the name and were not resolved" in answer.answer  # views.py:36
    assert (answer.partial, answer.iterations, answer.usage.total_tokens) == (False, 1, 0)
    events = read_trace(tmp_path / "t.jsonl")
    cell = next(e for e in events if e["event"] == "cell")
    assert cell["code"] == "FINAL(format_callers(callers('Form.full_clean')))"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("where is Router defined?", "Router (class) at shop/routing.py:4"),
        ("find the definition of class Router", "Router (class) at shop/routing.py:4"),
        ("who calls the method Form.full_clean?", "- shop/views.py:21 in login (exact)"),
        ("what does views.login call?", "line 22: h.url_for -> shop/helpers.py:url_for"),
        ("what does BaseApp.dispatch call?", "line 10: handler -> unresolved"),
        ("what does BaseApp.dispatch call?", "line 10: self.finalize -> shop/app.py:App.finalize (likely)"),
        ("what is in shop/routing.py?", "- class Router (line 4)"),
        ("what imports shop.utils.text?", "shop/helpers.py:3: from .utils.text import slugify"),
        ("does scripts depend on shop?", "Yes: scripts imports shop"),
        ("does scripts depend on shop?", "- scripts/build.py:1: from shop.helpers import url_for"),
        ("does shop depend on scripts?", "No: nothing in shop imports scripts"),
        ("where is shop/forms.py:Form used?", "3 use(s) of Form (shop/forms.py:4):"),
        ("where is shop/forms.py:Form used?", "- shop/views.py:25 in check (exact) [type]"),
        ("show Model.validate", "Model.validate at shop/models.py:8:\n    def validate(self):"),
        ("outline shop/routing.py", "- class Router (line 4)"),
        ("find files about routing", "- shop/routing.py"),
        ("search for self.rules", "shop/routing.py:6: self.rules = {} (in Router.__init__)"),
    ],
)
def test_offline_structural_questions(python_repo: Repo, question: str, expected: str) -> None:
    assert expected in ask(python_repo, question).answer


def test_offline_callees_of_several_definitions_are_listed_under_each(python_repo: Repo) -> None:
    assert ask(python_repo, "what does save call?").answer == (
        "Model.save (shop/models.py:11) calls:\n"
        "- line 12: self.full_clean -> shop/models.py:Model.full_clean\n"
        "- line 13: persist -> shop/models.py:persist\n"
        "Product.save (shop/models.py:23) calls:\n"
        "- line 24: super -> external\n"
        "- line 24: super().save -> shop/models.py:Model.save"
    )


def test_offline_dependency_answers_follow_imports_through_other_files(tmp_path: Path) -> None:
    with Repo(FIXTURES / "typescript", cache_dir=tmp_path) as repo:
        through = ask(repo, "does src/ui depend on src/store.ts?").answer
        assert through == (
            "Yes, through other files: nothing in src/ui imports src/store.ts directly, but\n"
            "- src/ui/Profile.tsx:1 imports src/index.ts\n"
            "- src/index.ts:3 imports src/store.ts"
        )
        assert ask(repo, "does src/store.ts depend on src/ui?").answer == (
            "No: nothing in src/store.ts imports src/ui, directly or through other files."
        )


def test_an_offline_worker_means_no_worker(python_repo: Repo) -> None:
    answer = ask(python_repo, "who calls url_for?", settings=Settings(model="offline", worker_model="offline"))
    assert "shop/views.py:15" in answer.answer and answer.worker_model == "none"


def test_offline_says_when_it_cannot_answer(python_repo: Repo) -> None:
    answer = ask(python_repo, "who calls no_such_function?")
    assert answer.answer == "I could not answer: no definition named 'no_such_function'"
    assert isinstance(answer.failure, NotFoundError) and answer.failure.exit_code == 1
    outside = ask(python_repo, "outline ../elsewhere.py").failure
    assert isinstance(outside, PathError) and outside.exit_code == 2
    assert ask(python_repo, "who calls Form.full_clean?").failure is None
    with pytest.raises(UsageError, match="needs a model"):
        ask(python_repo, "how does a request reach the database?")


def test_a_scripted_supervisor_explores_and_delegates(python_repo: Repo, tmp_path: Path) -> None:
    supervisor = ScriptedModel(
        [
            "```repl\nprint(stats().languages)\nsites = callers('Model.save')\nprint(len(sites.callers))\n```",
            "```repl\nsummary = summarize_file('shop/models.py')\nprint(summary)\n```",
            "```repl\nagain = summarize_file('shop/models.py')\nFINAL(f'{len(sites.callers)} callers; ' + again)\n```",
        ]
    )
    worker = ScriptedModel(["Models with save and full_clean."], name="scripted-worker")
    answer = ask(
        python_repo,
        "how is saving done?",
        supervisor=supervisor,
        worker=worker,
        trace_path=tmp_path / "t.jsonl",
    )
    assert answer.answer == "2 callers; Models with save and full_clean."
    assert "{'python': 13}" in supervisor.calls[1]["messages"][-1]["content"]
    assert len(worker.calls) == 1  # the second summary came from the cache
    assert "shop/models.py" in worker.calls[0]["messages"][0]["content"]
    sub_calls = [e for e in read_trace(tmp_path / "t.jsonl") if e["event"] == "sub_call"]
    assert [(e["kind"], e["cached"]) for e in sub_calls] == [
        ("summarize_file", False),
        ("summarize_file", True),
    ]


def test_a_worker_is_shown_at_most_60k_characters_of_a_minified_file(tmp_path: Path) -> None:
    repo_root = tmp_path / "repo"
    repo_root.mkdir()
    bundle = "var a=1;" * 100_000  # one 800,000-character line
    (repo_root / "bundle.min.js").write_text(bundle + "\n")
    supervisor = ScriptedModel(["```repl\nFINAL(summarize_file('bundle.min.js'))\n```"])
    worker = ScriptedModel(["A minified bundle."], name="scripted-worker")
    with Repo(repo_root, cache_dir=tmp_path / "cache") as repo:
        answer = ask(repo, "what is the bundle?", supervisor=supervisor, worker=worker, trace_path=tmp_path / "t.jsonl")
    assert answer.answer == "A minified bundle."
    prompt = worker.calls[0]["messages"][0]["content"]
    assert bundle[:60_000] in prompt and bundle[:60_001] not in prompt
    assert "only its beginning is shown" in prompt


def test_a_budget_stop_gives_a_partial_answer(python_repo: Repo) -> None:
    supervisor = ScriptedModel(["```repl\nprint(len(list_files().paths))\n```"])
    answer = ask(python_repo, "loop forever", supervisor=supervisor, settings=Settings(max_iterations=2, max_cost=None))
    assert answer.partial and answer.stopped == "max_iterations"


def test_the_first_prompt_is_the_shape_only_and_small(tmp_path: Path) -> None:
    for index in range(400):
        folder = tmp_path / f"package_{index}"
        folder.mkdir()
        (folder / "module.py").write_text(f"def function_{index}():\n    return {index}\n")
    with Repo(tmp_path) as big:
        prompt = system_prompt(RepoTools.signatures()) + first_message(big.stats(), "who calls function_7?")
    assert "def function_7" not in prompt  # no file contents
    assert len(prompt) / 4 < 3000  # tokens, at four characters each
    assert prompt.count("package_") == 10  # only the biggest folders are named


def test_the_prompt_lists_every_helper_with_its_whole_summary() -> None:
    lines = RepoTools.signatures()
    assert [line.partition("(")[0] for line in lines] == list(RepoTools.NAMES)
    for line in lines:  # a summary wrapped over two docstring lines is not cut at the first
        assert line.endswith((".", "]", "}")), line
    callers = next(line for line in lines if line.startswith("callers("))
    assert "name_matches_hidden, truncated}; name_matches_hidden counts unresolved same-name sites left out." in callers


def test_the_default_dollar_cap_gives_way_to_an_unpriced_model_and_says_so(python_repo: Repo, tmp_path: Path) -> None:
    supervisor = ScriptedModel(["```repl\nFINAL('done')\n```"], name="local")
    worker = ScriptedModel(["unused"], name="local")
    answer = ask(python_repo, "anything?", supervisor=supervisor, worker=worker, trace_path=tmp_path / "t.jsonl")
    assert answer.answer == "done"
    assert answer.notes == (
        "no dollar cap: no price is known for 'local', so the default cap of $2.00 does not apply"
        " (add a price with RLM_CODE_PRICES to have one)",
    )
    assert answer.to_dict()["notes"] == list(answer.notes)
    start = read_trace(tmp_path / "t.jsonl")[0]
    assert start["notes"] == list(answer.notes) and start["limits"]["max_cost"] is None


def test_a_worker_that_cannot_spend_is_no_priced_part_of_the_run(python_repo: Repo) -> None:
    """A scripted supervisor has no default worker: the stand-in costs nothing, so the cap
    does not count "its" calls; it is off, as for a run of unpriced models only."""
    supervisor = ScriptedModel(["```repl\nFINAL('done')\n```"], name="local")
    answer = ask(python_repo, "anything?", supervisor=supervisor)
    assert answer.worker_model == "none"
    assert answer.notes == (
        "no dollar cap: no price is known for 'local', so the default cap of $2.00 does not apply"
        " (add a price with RLM_CODE_PRICES to have one)",
    )


def test_the_default_dollar_cap_still_caps_a_priced_supervisor_beside_an_unpriced_worker(
    python_repo: Repo, tmp_path: Path
) -> None:
    price = Price(input=100.0, output=0.0, cache_write=100.0, cache_read=100.0)  # a turn: about $0.50
    supervisor = ScriptedModel(["```repl\nprint(llm_query('look'))\n```"], name="priced", price=price)
    worker = ScriptedModel(["found it"], name="local")
    answer = ask(python_repo, "anything?", supervisor=supervisor, worker=worker, trace_path=tmp_path / "t.jsonl")
    assert answer.partial and answer.stopped == "max_cost"  # the default $2.00, on the supervisor's calls
    assert answer.sub_calls >= 1 and answer.usage.cost_usd is None
    assert answer.notes == (
        "the default cap of $2.00 counts only the calls of 'priced': no price is known for 'local', so the cost"
        " of its calls is not counted and the run's cost is unknown (add its price with RLM_CODE_PRICES)",
    )
    start = read_trace(tmp_path / "t.jsonl")[0]
    assert start["limits"]["max_cost"] == 2.0 and start["cost_cap_priced_only"] is True


@pytest.mark.parametrize(
    "settings",
    [Settings(max_cost=1.0), Settings(max_cost=2.0, given=frozenset({"max_cost"}))],
)
@pytest.mark.parametrize("priced_supervisor", [False, True])
def test_a_dollar_cap_the_user_chose_is_never_dropped(
    python_repo: Repo, settings: Settings, priced_supervisor: bool, tmp_path: Path
) -> None:
    """Nor narrowed to the priced models: a cap the user set must hold for every call."""
    price = Price(input=1.0, output=1.0, cache_write=1.0, cache_read=1.0) if priced_supervisor else None
    name = "priced" if priced_supervisor else "local"
    supervisor = ScriptedModel(["```repl\nFINAL('done')\n```"], name=name, price=price)
    worker = ScriptedModel(["unused"], name="local")
    with pytest.raises(UsageError, match="no price is known for model 'local'") as caught:
        ask(
            python_repo,
            "anything?",
            supervisor=supervisor,
            worker=worker,
            settings=settings,
            trace_path=tmp_path / "t.jsonl",
        )
    assert "RLM_CODE_PRICES" in str(caught.value) and "RLM_CODE_MAX_COST=none" in str(caught.value)
    assert not (tmp_path / "t.jsonl").exists()  # refused before it started: no trace


def test_a_model_failure_is_the_last_event_of_the_trace(python_repo: Repo, tmp_path: Path) -> None:
    """A provider's refusal ends the run with its error, and the trace says so instead of
    stopping after the sandbox started."""

    def refuse(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(400, json={"error": {"message": "model 'qwen' not found"}})

    client = httpx2.Client(transport=httpx2.MockTransport(refuse))
    supervisor = OpenAICompatModel("qwen", "http://localhost:8000/v1", client=client)
    with pytest.raises(ModelError, match="model 'qwen' not found") as caught:
        ask(python_repo, "anything?", supervisor=supervisor, trace_path=tmp_path / "t.jsonl")
    events = read_trace(tmp_path / "t.jsonl")
    assert [e["event"] for e in events] == ["start", "sandbox", "error"]
    assert events[-1]["error"] == str(caught.value) and events[-1]["error_type"] == "ModelError"
    assert events[-1]["iterations"] == 1 and events[-1]["usage"]["input_tokens"] == 0
