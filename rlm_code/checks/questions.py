"""Question rules: a yes/no question about the code, answered by the recursive language model.

The supervisor is asked to start its final answer with ``PASS`` or ``FAIL`` and to cite its
evidence as ``path:line: what is there``. The verdict is read leniently (Markdown emphasis,
"Verdict:", lower case) but never guessed: an answer without a clear verdict fails the rule,
because a check that cannot tell must not pass. Evidence must name a line of a file of the
repository; a citation of a missing file or of a line past a file's end is rejected, and
reported as such, so a ``FAIL`` citing only such places fails at the rule's own line.
Without a model the rule is skipped; the offline supervisor never answers these, since its
structural answers carry no verdict.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..agent import Answer, ask, new_trace_path, supervisor_spec
from ..agent.citations import cited_locations
from ..config import Settings
from ..errors import BudgetExceeded, RlmCodeError, UnenforceableCap, UsageError
from ..llm import Model, Usage
from ..repo import Repo
from ..rlm.trace import read_trace, spent_before_failing
from .report import RuleResult, Violation, status_of
from .rules import QuestionRule, RuleError

__all__ = ["check_question", "evidence_in", "question_prompt", "verdict_of"]

NEEDS_A_MODEL = "question rules need a model: set ANTHROPIC_API_KEY or pass --model"

_LISTED_CHANGES = 50
_LISTED_REJECTED = 5
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


def evidence_in(
    citations: Sequence[tuple[str, int, str]], lengths: Mapping[str, int]
) -> tuple[list[tuple[str, int, str]], list[str]]:
    """An answer's citations (:func:`cited_locations`) split in two: ``(path, line, remark)``
    for each that names a line of a file of the repository (``lengths`` maps each file to its
    number of lines), and ``path:line`` for each that names no such file or a line past its
    end. A model can cite a place that does not exist; a violation there would point a
    reviewer at nothing."""
    valid, rejected = [], []
    for path, line, remark in citations:
        if 1 <= line <= lengths.get(path, 0):
            valid.append((path, line, remark))
        else:
            rejected.append(f"{path}:{line}")
    return valid, rejected


def _line_counts(repo: Repo, paths: set[str]) -> dict[str, int]:
    """The number of lines of each of ``paths`` that is a file of the repository."""
    files = set(repo.list_files(limit=sys.maxsize).paths)
    counts = {}
    for path in paths & files:
        try:
            data = (repo.root / path).read_bytes()
        except OSError:
            continue
        counts[path] = data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
    return counts


def _spent_before_failing(trace_path: Path) -> Usage:
    """What a failed run had spent, from its trace (nothing if it failed before writing one),
    so a rule whose model failed after paid calls is not reported as free."""
    try:
        spent = spent_before_failing(read_trace(trace_path))
    except RlmCodeError:
        return Usage()
    return spent.usage if spent is not None else Usage()


def _listed(places: list[str]) -> str:
    shown = ", ".join(places[:_LISTED_REJECTED])
    return shown + (f" and {len(places) - _LISTED_REJECTED} more" if len(places) > _LISTED_REJECTED else "")


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
    trace_path = new_trace_path()
    try:
        prompt = question_prompt(rule, changes)
        answer = ask(repo, prompt, settings=settings, supervisor=supervisor, worker=worker, trace_path=trace_path)
    except UnenforceableCap as exc:  # exit 2, naming the rule as a rules-file error does
        raise RuleError(f"{rule.source}: rule {rule.name!r}: {exc}") from exc
    except UsageError:
        raise
    except RlmCodeError as exc:
        status = "stopped" if isinstance(exc, BudgetExceeded) else "error"
        spent = _spent_before_failing(trace_path)
        detail = f"{status}: {exc}"
        return RuleResult(rule, status, detail=detail, cost_usd=spent.cost_usd, tokens=spent.total_tokens)

    if answer.partial:
        return _answered(rule, answer, "stopped", [], f"stopped by {answer.stopped}: no verdict")
    citations = cited_locations(answer.answer)
    cited, rejected = evidence_in(citations, _line_counts(repo, {path for path, _, _ in citations}))
    ignored = (
        f"; ignored evidence that names no file or line of the repository: {_listed(rejected)}" if rejected else ""
    )
    verdict = verdict_of(answer.answer)
    if verdict == "PASS":
        return _answered(rule, answer, "passed", [], "the model answered PASS" + ignored, cited, rejected)
    if verdict == "FAIL" and cited:
        violations = [
            Violation.of(rule, path, line, remark or "cited as evidence of the failure") for path, line, remark in cited
        ]
        detail = "the model answered FAIL" + ignored
        return _answered(rule, answer, status_of(rule, violations), violations, detail, cited, rejected)
    first = next((line.strip() for line in answer.answer.splitlines() if line.strip()), "")[:200]
    if verdict != "FAIL":
        finding = "the model gave no PASS or FAIL verdict"
    elif rejected:
        finding = f"the model answered FAIL citing only places that are not in the repository ({_listed(rejected)})"
    else:
        finding = "the model answered FAIL without citing a file of the repository"
    violation = Violation.of(rule, rule.source_path, rule.source_line, f"{finding}: {first!r}")
    return _answered(rule, answer, status_of(rule, [violation]), [violation], finding, cited, rejected)


def _answered(
    rule: QuestionRule,
    answer: Answer,
    status: str,
    violations: list[Violation],
    detail: str,
    cited: Sequence[tuple[str, int, str]] = (),
    rejected: Sequence[str] = (),
) -> RuleResult:
    """The result of a rule the model answered, with what the answer cost."""
    return RuleResult(
        rule,
        status,
        violations,
        detail,
        evidence=[f"{path}:{line}: {remark}".rstrip(": ") for path, line, remark in cited],
        rejected_evidence=list(rejected),
        answer=answer.answer,
        cost_usd=answer.usage.cost_usd,
        tokens=answer.usage.total_tokens,
    )
