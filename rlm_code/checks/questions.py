"""Question rules: a yes/no question about the code, answered by the recursive language model.

The supervisor is asked to start its final answer with ``PASS`` or ``FAIL`` and to cite its
evidence as ``path:line: what is there``. The verdict is read leniently (Markdown emphasis,
"Verdict:", lower case) but never guessed: an answer without a clear verdict fails the rule,
because a check that cannot tell must not pass. Without a model the rule is skipped; the
offline supervisor never answers these, since its structural answers carry no verdict.
"""

from __future__ import annotations

import re
import sys

from ..agent import ask, supervisor_spec
from ..agent.citations import cited_locations
from ..config import Settings
from ..errors import BudgetExceeded, RlmCodeError, UsageError
from ..llm import Model
from ..repo import Repo
from .report import RuleResult, Violation, status_of
from .rules import QuestionRule

__all__ = ["check_question", "evidence_in", "question_prompt", "verdict_of"]

NEEDS_A_MODEL = "question rules need a model: set ANTHROPIC_API_KEY or pass --model"

_LISTED_CHANGES = 50
_LEAD = re.compile(r"^[\s>*_#`~:-]*(?:verdict\s*[:=-]?[\s*_`]*)?(PASS(?:ED)?|FAIL(?:ED)?)\b", re.IGNORECASE)
_WORD = re.compile(r"\b(PASS|FAIL)\b")


def question_prompt(rule: QuestionRule, changes: tuple[str, list[str]] | None = None) -> str:
    """The question as the supervisor gets it: the rule, the verdict format, and with
    ``changes`` (a git revision and the files changed since) the files to judge."""
    text = (
        f"Check this rule against the code of the repository:\n\n    {rule.question}\n\n"
        "The rule holds when the answer to that question is yes. Explore the code as you need, then call"
        " FINAL with text whose first word is the verdict: PASS if the rule holds, FAIL if it does not."
        " Follow it with your evidence, one line per place in the code, written as"
        " `path:line: what is there`."
    )
    if changes is not None:
        ref, files = changes
        shown = ", ".join(files[:_LISTED_CHANGES])
        more = f" and {len(files) - _LISTED_CHANGES} more" if len(files) > _LISTED_CHANGES else ""
        text += (
            f"\n\nThis is a pre-merge check: judge only the code changed since {ref}. The changed files"
            f" are: {shown}{more}."
        )
    return text


def verdict_of(answer: str) -> str | None:
    """``PASS``, ``FAIL``, or None when the answer gives no clear verdict: the first word
    (past Markdown and "Verdict:") decides; else the one of the two upper-case words that
    appears alone in the answer."""
    for line in answer.splitlines():
        if line.strip():
            lead = _LEAD.match(line)
            if lead:
                return "PASS" if lead.group(1).upper().startswith("PASS") else "FAIL"
            break
    words = set(_WORD.findall(answer))
    return words.pop() if len(words) == 1 else None


def evidence_in(answer: str, files: set[str]) -> list[tuple[str, int, str]]:
    """``(path, line, remark)`` for each line of the answer citing a file of the repository."""
    return [cited for cited in cited_locations(answer) if cited[0] in files]


def check_question(
    rule: QuestionRule,
    repo: Repo,
    *,
    settings: Settings,
    supervisor: Model | None = None,
    worker: Model | None = None,
    changes: tuple[str, list[str]] | None = None,
) -> RuleResult:
    """Ask the rule's question and turn the verdict into a result. A budget stop is
    ``stopped`` and a failing model ``error``; bad input (a malformed model spec) raises."""
    if supervisor is None and supervisor_spec(settings) is None:
        return RuleResult(rule, "skipped", detail=NEEDS_A_MODEL)
    if changes is not None and not changes[1]:
        return RuleResult(rule, "skipped", detail=f"no file changed since {changes[0]}")
    try:
        prompt = question_prompt(rule, changes)
        answer = ask(repo, prompt, settings=settings, supervisor=supervisor, worker=worker)
    except UsageError:
        raise
    except BudgetExceeded as exc:
        return RuleResult(rule, "stopped", detail=f"stopped: {exc}")
    except RlmCodeError as exc:
        return RuleResult(rule, "error", detail=f"error: {exc}")

    def result(status: str, violations: list[Violation], detail: str, evidence: list[str]) -> RuleResult:
        return RuleResult(
            rule,
            status,
            violations,
            detail,
            evidence=evidence,
            answer=answer.answer,
            cost_usd=answer.usage.cost_usd,
            tokens=answer.usage.total_tokens,
        )

    if answer.partial:
        return result("stopped", [], f"stopped by {answer.stopped}: no verdict", [])
    cited = evidence_in(answer.answer, set(repo.list_files(limit=sys.maxsize).paths))
    evidence = [f"{path}:{line}: {remark}".rstrip(": ") for path, line, remark in cited]
    verdict = verdict_of(answer.answer)
    if verdict == "PASS":
        return result("passed", [], "the model answered PASS", evidence)
    if verdict == "FAIL" and cited:
        violations = [
            Violation.of(rule, path, line, remark or "cited as evidence of the failure") for path, line, remark in cited
        ]
        return result(status_of(rule, violations), violations, "the model answered FAIL", evidence)
    first = next((line.strip() for line in answer.answer.splitlines() if line.strip()), "")[:200]
    finding = (
        "the model answered FAIL without citing a file of the repository"
        if verdict == "FAIL"
        else "the model gave no PASS or FAIL verdict"
    )
    violation = Violation.of(rule, rule.source_path, rule.source_line, f"{finding}: {first!r}")
    return result(status_of(rule, [violation]), [violation], finding, evidence)
