"""The architecture fixtures, indexed once per session; rules written inline for a test; and
fixtures copied into real git repositories for ``--changed-since``."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from rlm_code.checks import Rule, load_rules
from rlm_code.repo import Repo
from tests.conftest import FIXTURES


@pytest.fixture(scope="session")
def layered(session_cache: Path) -> Iterator[Repo]:
    """fixtures/layered: the ledger package (see its README for the violations it holds)."""
    with Repo(FIXTURES / "layered", cache_dir=session_cache) as repo:
        yield repo


@pytest.fixture(scope="session")
def layered_ts(session_cache: Path) -> Iterator[Repo]:
    with Repo(FIXTURES / "layered_ts", cache_dir=session_cache) as repo:
        yield repo


def rules_from(tmp_path: Path, text: str) -> list[Rule]:
    """The rules a TOML text defines, read the way ``--rules FILE`` reads them."""
    path = tmp_path / "rules.toml"
    path.write_text(text)
    return list(load_rules(tmp_path, path).rules)


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` with a fixed identity, failing the test if git fails."""
    done = subprocess.run(
        [
            "git",
            "-C",
            str(repo),
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def git_repo(tmp_path: Path, fixture: str = "layered") -> Path:
    """A copy of a fixture as a git repository whose ``main`` branch has one commit."""
    repo = tmp_path / fixture
    shutil.copytree(FIXTURES / fixture, repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "the fixture")
    return repo
