"""``changed_files``: what a branch changed since a git revision, in real repositories."""

from __future__ import annotations

from pathlib import Path

import pytest

from rlm_code.checks import changed_files, changes_since
from rlm_code.errors import UsageError
from tests.checks.conftest import git, git_repo


def test_a_branch_s_commits_and_uncommitted_work_are_changes(tmp_path: Path) -> None:
    repo = git_repo(tmp_path)
    assert changed_files(repo, "main") == []
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "ledger/billing/tax.py").write_text("def tax_for(amount):\n    return 0\n")
    git(repo, "commit", "-q", "-am", "no more tax")
    (repo / "ledger/store/db.py").write_text("# edited, not committed\n")
    (repo / "ledger/new.py").write_text("x = 1\n")
    (repo / "ledger/store/legacy.py").unlink()
    assert changed_files(repo, "main") == [
        "ledger/billing/tax.py",
        "ledger/new.py",
        "ledger/store/db.py",
        "ledger/store/legacy.py",
    ]


def test_the_changed_lines_are_those_the_change_added_or_rewrote(tmp_path: Path) -> None:
    repo = git_repo(tmp_path)
    git(repo, "checkout", "-q", "-b", "feature")
    rates = repo / "ledger/shipping/rates.py"  # 7 lines; the import is line 3
    lines = rates.read_text().splitlines(keepends=True)
    rates.write_text("# new first line\n" + "".join(lines[:5]) + "    ++ x\n" + "".join(lines[6:]))
    git(repo, "commit", "-q", "-am", "a comment, and line 6 rewritten")
    (repo / "ledger/store/db.py").write_text("+++ db.py\n")  # a line that reads like a diff header
    (repo / "ledger/new file.py").write_text("x = 1\n")
    invoice = repo / "ledger/billing/invoice.py"
    invoice.write_text("".join(invoice.read_text().splitlines(keepends=True)[:3]))  # only deletions
    changes = changes_since(repo, "main")
    assert changes.files == [
        "ledger/billing/invoice.py",
        "ledger/new file.py",
        "ledger/shipping/rates.py",
        "ledger/store/db.py",
    ]
    assert changes.lines["ledger/shipping/rates.py"] == {1, 7}
    assert changes.lines["ledger/billing/invoice.py"] == set()
    assert not changes.touches("ledger/shipping/rates.py", 4)  # the import, moved down a line
    assert changes.touches("ledger/store/db.py", 1) and changes.lines["ledger/store/db.py"] == {1}
    assert changes.touches("ledger/new file.py", 99)  # untracked: every line is new
    assert not changes.touches("ledger/cli/main.py", 3)


def test_changes_on_the_base_after_the_fork_do_not_count(tmp_path: Path) -> None:
    repo = git_repo(tmp_path)
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "ledger/cli/main.py").write_text("# feature\n")
    git(repo, "commit", "-q", "-am", "feature work")
    git(repo, "checkout", "-q", "main")
    (repo / "ledger/cli/settings.py").write_text("VERBOSE = True\n")
    git(repo, "commit", "-q", "-am", "main moved on")
    git(repo, "checkout", "-q", "feature")
    assert changed_files(repo, "main") == ["ledger/cli/main.py"]
    assert changed_files(repo, "HEAD~1") == ["ledger/cli/main.py"]


def test_paths_are_relative_to_a_checked_sub_folder(tmp_path: Path) -> None:
    repo = git_repo(tmp_path)
    (repo / "ledger/cli/main.py").write_text("# changed\n")
    (repo / "README.md").write_text("# changed outside the sub-folder\n")
    assert changed_files(repo / "ledger", "main") == ["cli/main.py"]


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("no-such-branch", "'no-such-branch' is not a commit in the git repository at"),
        ("--output=/tmp/x", "--changed-since needs a git revision, not '--output=/tmp/x'"),
        ("", "--changed-since needs a git revision, not ''"),
    ],
)
def test_a_bad_revision_is_a_usage_error(tmp_path: Path, ref: str, message: str) -> None:
    repo = git_repo(tmp_path)
    with pytest.raises(UsageError, match="^" + message.replace("(", r"\(")):
        changed_files(repo, ref)


def test_a_folder_outside_git_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    with pytest.raises(UsageError, match="plain is not inside a git work tree"):
        changed_files(tmp_path / "plain", "main")


def test_a_missing_git_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = git_repo(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    with pytest.raises(UsageError, match="no git command was found"):
        changed_files(repo, "main")


@pytest.mark.parametrize(
    ("before", "after", "touched"),
    [
        # A line inside a bracketed import, or the line that names the module, is the import's.
        ("from ledger import (\n    billing,\n)\n", "from ledger import (\n    billing,\n    service,\n)\n", True),
        ("import {\n  a,\n} from './util.js';\n", "import {\n  a,\n} from '../ui/widget.js';\n", True),
        ("from ledger import \\\n    billing\n", "from ledger import \\\n    service\n", True),
        # A line after the statement has ended is not.
        ("from ledger import billing\nx = 1\n", "from ledger import billing\nx = 2\n", False),
    ],
)
def test_a_statement_over_several_lines_is_touched_by_any_of_them(
    tmp_path: Path, before: str, after: str, touched: bool
) -> None:
    repo = git_repo(tmp_path)
    module = repo / "ledger/store/extra.py"
    module.write_text(before)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "an import")
    git(repo, "checkout", "-q", "-b", "feature")
    module.write_text(after)
    assert changes_since(repo, "main").touches("ledger/store/extra.py", 1) is touched


def test_a_change_of_mode_alone_touches_no_line(tmp_path: Path) -> None:
    repo = git_repo(tmp_path)
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "ledger/store/cache.py").chmod(0o755)
    changes = changes_since(repo, "main")
    assert changes.files == ["ledger/store/cache.py"]
    assert not changes.touches("ledger/store/cache.py", 3)
