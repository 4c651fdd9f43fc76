#!/usr/bin/env python3
"""How right is ``callers(X)`` outside Python? rlm-code against each language's compiler.

``callers_accuracy.py`` judges the Python resolver with jedi. This script does the same for
Java, TypeScript/JavaScript and C/C++ with the compilers' own front ends as judges (javac's tree
API, the TypeScript checker, libclang; see ``oracles/``). For each project it

1. fetches the sources (pinned versions, into ``benchmarks/.cache/compilers``) and asks the
   judge for every declared function, method and constructor and for every call site with the
   declaration the compiler binds it to (inside the project, outside it, or unknown);
2. indexes the project with rlm-code and maps each declaration to the rlm-code definition
   whose span holds the declaration's name and whose name is the same (overloads, which share
   a qualified name, map to one definition key and are judged together);
3. takes as targets the functions and methods declared under the project's library folders
   (constructors are left out: rlm-code reports ``new Foo()`` as a caller of the class), and
   for each asks ``Repo.callers("path:Qualified.name", include_name_matches=True)``;
4. judges every site rlm-code reports and every site the compiler binds to the target, by
   position (the called name's line and column): a true positive is a site both name; a
   reported site the compiler binds elsewhere, or where it sees no call, is a false positive;
   a site the compiler binds to the target and rlm-code does not report is a false negative.
   A site the compiler cannot bind is *unknown* and counts neither way.

Static binding is the truth, as it is for jedi. A call ``base.m()`` that the compiler binds to
``Base.m`` but rlm-code reports for an override ``Derived.m`` (or the other way round) is a
false positive, counted separately as *dispatch*: at run time the call may well reach the
override, so the report also gives precision with those forgiven.

Outputs: a Markdown table on stdout (precision and recall of ``exact``, of the default output
``exact`` + ``likely``, and of everything), ``<cache>/report.json`` and ``<cache>/errors.jsonl``
(every false positive and false negative of the default output, with the source line).

Run: ``.venv/bin/python benchmarks/callers_vs_compilers.py [--projects a,b] [--sample N]``;
each judge needs its toolchain (node, a JDK, the ``libclang`` wheel it installs itself).
"""

from __future__ import annotations

import argparse
import importlib
import json
import random
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from oracles import Call, Declaration, Facts, Position, Project

HERE = Path(__file__).resolve().parent
DEFAULT_CACHE = HERE / ".cache" / "compilers"
JUDGES = ("java", "typescript", "clang")  # modules under oracles/, each with PROJECTS
LEVELS = {"exact": ("exact",), "default": ("exact", "likely"), "all": ("exact", "likely", "name")}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def all_projects() -> dict[str, Project]:
    projects: dict[str, Project] = {}
    for judge in JUDGES:
        try:
            module = importlib.import_module(f"oracles.{judge}")
        except ModuleNotFoundError as exc:
            if exc.name != f"oracles.{judge}":
                raise
            log(f"no judge oracles/{judge}.py yet: its projects are left out")
            continue
        projects.update((project.name, project) for project in module.PROJECTS)
    return projects


# -- mapping the compiler's declarations onto rlm-code's definitions ------------------------------


@dataclass(frozen=True)
class Definition:
    key: str  # path:qualname, as callers() takes it
    name: str
    line: int
    end_line: int
    kind: str


class Definitions:
    """rlm-code's definitions per file, read through the public outline."""

    def __init__(self, repo: Any) -> None:
        self._repo = repo
        self._by_path: dict[str, list[Definition]] = {}

    def key_of(self, path: str, line: int, name: str) -> str | None:
        """The innermost definition named ``name`` whose span holds ``line``."""
        holding = [d for d in self._in(path) if d.name == name and d.line <= line <= d.end_line]
        return min(holding, key=lambda d: d.end_line - d.line).key if holding else None

    def _in(self, path: str) -> list[Definition]:
        if path not in self._by_path:
            from rlm_code import RlmCodeError

            try:
                outline = self._repo.outline(path)
            except RlmCodeError:
                self._by_path[path] = []
            else:
                self._by_path[path] = [
                    Definition(f"{path}:{d.qualname}", d.qualname.rsplit(".", 1)[-1], d.line, d.end_line, d.kind)
                    for d in outline.definitions
                ]
        return self._by_path[path]


# -- judging ---------------------------------------------------------------------------------------


@dataclass
class Verdicts:
    """Counts per level, and the default level's errors."""

    counts: dict[str, Counter[str]] = field(default_factory=lambda: {level: Counter() for level in LEVELS})
    errors: list[dict[str, Any]] = field(default_factory=list)


class Judgement:
    """The compiler's answers about one project, keyed for the comparison."""

    def __init__(self, facts: Facts, definitions: Definitions) -> None:
        self.calls: dict[Position, Call] = {call.position: call for call in facts.calls}
        self.key_of_declaration: dict[Position, str | None] = {
            d.position: definitions.key_of(d.path, d.line, d.name) for d in facts.declarations
        }
        self.related = _dispatch_relations(facts.declarations, self.key_of_declaration)
        self.sites_of: dict[str, set[Position]] = defaultdict(set)
        for call in facts.calls:
            if call.callee is not None and (key := self.key_of_declaration.get(call.callee)):
                self.sites_of[key].add(call.position)

    def bound_to(self, position: Position) -> str:
        """What the compiler says the call at ``position`` reaches: a definition key,
        ``outside``, ``unknown``, ``unmapped`` (a declaration rlm-code does not define) or
        ``no call``."""
        call = self.calls.get(position)
        if call is None:
            return "no call"
        if call.callee is None:
            return "outside" if call.outside else "unknown"
        return self.key_of_declaration.get(call.callee) or "unmapped"


def _dispatch_relations(declarations: list[Declaration], key_of: dict[Position, str | None]) -> set[tuple[str, str]]:
    """Pairs of definition keys where one overrides the other, both ways round."""
    pairs: set[tuple[str, str]] = set()
    for declaration in declarations:
        own = key_of.get(declaration.position)
        for overridden in declaration.overrides:
            if own and (other := key_of.get(overridden)) and other != own:
                pairs |= {(own, other), (other, own)}
    return pairs


def judge_target(key: str, reported: dict[Position, str], judgement: Judgement, verdicts: Verdicts) -> None:
    """Count one target's sites at every level and keep the default level's errors."""
    truth = judgement.sites_of.get(key, set())
    for level, confidences in LEVELS.items():
        kept = {site for site, confidence in reported.items() if confidence in confidences}
        counts = verdicts.counts[level]
        for site in kept | truth:
            bound = judgement.bound_to(site)
            if bound == "unknown":
                counts["unknown"] += 1
                continue
            if site in truth and site in kept:
                counts["tp"] += 1
                continue
            verdict = "fn" if site in truth else "fp"
            counts[verdict] += 1
            if verdict == "fp" and (key, bound) in judgement.related:
                counts["fp_dispatch"] += 1
            if level == "default":
                verdicts.errors.append(
                    {"target": key, "site": list(site), "error": verdict, "compiler": bound, "rlm": reported.get(site)}
                )


def rlm_sites(repo: Any, key: str) -> dict[Position, str]:
    """Every site ``callers`` reports for ``key``, with its confidence; a name match names no
    definition, so it is kept whatever its callee."""
    result = repo.callers(key, include_name_matches=True, max_results=10**7)
    return {(s.path, s.line, s.column): s.confidence for s in result.callers if s.callee in (key, None)}


def score(counts: Counter[str]) -> dict[str, Any]:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "unknown": counts["unknown"],
        "fp_dispatch": counts["fp_dispatch"],
        "precision": tp / (tp + fp) if tp + fp else None,
        "precision_dispatch_forgiven": tp / (tp + fp - counts["fp_dispatch"]) if tp + fp else None,
        "recall": tp / (tp + fn) if tp + fn else None,
    }


# -- one project -----------------------------------------------------------------------------------


def run_project(project: Project, cache: Path, sample: int | None, seed: int) -> tuple[dict[str, Any], Verdicts]:
    from rlm_code import Repo

    root = project.fetch(cache)
    started = time.perf_counter()
    facts = project.judge(root, cache)
    judge_s = time.perf_counter() - started
    log(f"{project.name}: {len(facts.declarations):,} declarations, {len(facts.calls):,} calls ({judge_s:.0f} s)")
    verdicts = Verdicts()
    with Repo(root, cache_dir=cache / "rlm-index") as repo:
        repo.index()
        judgement = Judgement(facts, Definitions(repo))
        unmapped = [d for d in facts.declarations if judgement.key_of_declaration[d.position] is None]
        targets = sorted(
            {
                key
                for d in facts.declarations
                if d.kind != "constructor"
                and (key := judgement.key_of_declaration[d.position])
                and any(d.path.startswith(folder) for folder in project.targets_under)
            }
        )
        if sample is not None and sample < len(targets):
            targets = sorted(random.Random(seed).sample(targets, sample))
        started = time.perf_counter()
        for key in targets:
            judge_target(key, rlm_sites(repo, key), judgement, verdicts)
        callers_s = time.perf_counter() - started
        lines = _SourceLines(root)
        for error in verdicts.errors:
            error["text"] = lines.line(error["site"][0], error["site"][1])
    result = {
        "project": project.name,
        "language": project.language,
        "targets": len(targets),
        "declarations": len(facts.declarations),
        "declarations_unmapped": len(unmapped),
        "unmapped_examples": [f"{d.path}:{d.line}:{d.column} {d.name}" for d in unmapped[:10]],
        "calls": len(facts.calls),
        "calls_unknown": sum(1 for c in facts.calls if c.callee is None and not c.outside),
        "judge_s": round(judge_s, 1),
        "callers_s": round(callers_s, 1),
        "levels": {level: score(counts) for level, counts in verdicts.counts.items()},
        "notes": project.notes,
    }
    return result, verdicts


class _SourceLines:
    def __init__(self, root: Path) -> None:
        self._root = root
        self._files: dict[str, list[str]] = {}

    def line(self, path: str, number: int) -> str:
        if path not in self._files:
            text = (self._root / path).read_text(encoding="utf-8", errors="replace")
            self._files[path] = text.splitlines()
        lines = self._files[path]
        return lines[number - 1].strip()[:200] if 0 < number <= len(lines) else ""


# -- report ----------------------------------------------------------------------------------------


def markdown(results: list[dict[str, Any]]) -> str:
    def fmt(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.3f}"

    def pr(level: dict[str, Any]) -> str:
        return f"{fmt(level['precision'])} / {fmt(level['recall'])}"

    rows = [
        "| project | language | targets | exact P / R | default P / R | with name matches P / R "
        "| default P, dispatch forgiven | unknown sites |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        levels = result["levels"]
        forgiven = levels["default"]["precision_dispatch_forgiven"]
        rows.append(
            f"| {result['project']} | {result['language']} | {result['targets']:,} | {pr(levels['exact'])} "
            f"| {pr(levels['default'])} | {pr(levels['all'])} "
            f"| {fmt(forgiven)} | {levels['default']['unknown']:,} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", help="comma-separated project names (default: all)")
    parser.add_argument("--sample", type=int, help="targets drawn per project (default: all)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args(argv)
    projects = all_projects()
    names = args.projects.split(",") if args.projects else list(projects)
    if unknown := [name for name in names if name not in projects]:
        parser.error(f"unknown project(s) {', '.join(unknown)}; known: {', '.join(projects)}")
    args.cache.mkdir(parents=True, exist_ok=True)
    results, errors = [], []
    for name in names:
        result, verdicts = run_project(projects[name], args.cache, args.sample, args.seed)
        results.append(result)
        errors += [{"project": name, **error} for error in verdicts.errors]
    report = json.dumps({"projects": results}, indent=2)
    (args.cache / "report.json").write_text(report)
    if args.json:
        args.json.write_text(report)
    with (args.cache / "errors.jsonl").open("w") as out:
        out.writelines(json.dumps(error) + "\n" for error in errors)
    print(markdown(results))
    for (project, kind), count in sorted(Counter((e["project"], _kind(e)) for e in errors).items()):
        log(f"{project}: {count:,} {kind}")
    return 0


def _kind(error: dict[str, Any]) -> str:
    """An error's category for the summary."""
    if error["error"] == "fn":
        return f"false negatives that rlm-code reports as {error['rlm'] or 'nothing'}"
    bound = error["compiler"] if error["compiler"] in {"outside", "unmapped", "no call"} else "another definition"
    return f"false positives the compiler binds to {bound}"


if __name__ == "__main__":
    sys.exit(main())
