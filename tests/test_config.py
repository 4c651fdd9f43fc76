"""Settings from the repository's files, the environment and flags, and which were chosen."""

from __future__ import annotations

from pathlib import Path

import pytest

from rlm_code.config import Settings, load_settings
from rlm_code.errors import UsageError


def settings_from(source: str, tmp_path: Path, name: str, value: str) -> Settings:
    """``name = value`` given in one source, as a user would write it there."""
    if source == "toml":
        (tmp_path / ".rlm-code.toml").write_text(f'{name} = "{value}"\n')
        return load_settings(tmp_path, environ={})
    if source == "env":
        return load_settings(tmp_path, environ={f"RLM_CODE_{name.upper()}": value})
    return load_settings(tmp_path, flags={name: value}, environ={})


@pytest.mark.parametrize("source", ["toml", "env", "flag"])
@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("sandbox", "off", "off"),  # 'off' is a mode here, not "no value"
        ("sandbox", "strict", "strict"),
        ("sandbox", "auto", "auto"),
        ("max_cost", "none", None),
        ("max_cost", "0.5", 0.5),
        ("timeout", "none", None),
        ("timeout", "off", None),
        ("timeout", "12.5", 12.5),
        ("max_sub_calls", "0", 0),
        ("max_depth", "2", 2),
        ("model", "offline", "offline"),
        ("worker_model", "openai:m@http://localhost:8000/v1", "openai:m@http://localhost:8000/v1"),
    ],
)
def test_every_documented_value_works_from_every_source(
    tmp_path: Path, source: str, name: str, value: str, expected: object
) -> None:
    settings = settings_from(source, tmp_path, name, value)
    assert getattr(settings, name) == expected
    assert not settings.is_default(name)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("sandbox", "none", "sandbox in the command line must be one of auto, strict, off, not 'none'"),
        ("max_depth", "0", "max_depth in the command line must be at least 1"),
        ("sandbox", "", "sandbox in the command line needs a value"),
        ("max_depth", "none", "max_depth in the command line must be a whole number, not 'none'"),
        ("timeout", "inf", r"timeout in the command line must be a finite number, not 'inf' \(none means no limit\)"),
        ("max_cost", "nan", "max_cost in the command line must be a finite number, not 'nan'"),
        ("timeout", "1e10", "timeout in the command line must be at most 31536000 seconds"),
    ],
)
def test_a_setting_that_cannot_be_empty_says_so(tmp_path: Path, name: str, value: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        load_settings(tmp_path, flags={name: value}, environ={})


def test_a_value_any_source_names_is_chosen_even_when_it_equals_the_default(tmp_path: Path) -> None:
    """A dollar cap the user set must be enforced, so it is told apart from the default one."""
    assert load_settings(tmp_path, environ={}).is_default("max_cost")
    assert not load_settings(tmp_path, environ={"RLM_CODE_MAX_COST": "2.0"}).is_default("max_cost")
    assert not load_settings(tmp_path, flags={"max_cost": "2"}, environ={}).is_default("max_cost")
    (tmp_path / ".rlm-code.toml").write_text("max_cost = 2.0\n")
    from_file = load_settings(tmp_path, environ={})
    assert not from_file.is_default("max_cost") and from_file.is_default("timeout")
    assert not Settings(max_cost=5.0).is_default("max_cost")  # set in code
    assert Settings() == from_file  # which source chose a value is no part of equality


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("max_depth = 2.5", "max_depth in {file} must be a whole number, not 2.5"),
        ("max_iterations = true", "max_iterations in {file} must be a whole number, not True"),
        ("sandbox = true", "sandbox in {file} must be a string, not True"),
        ("model = 3", "model in {file} must be a string, not 3"),
        ("max_cost = -1", "max_cost in {file} cannot be negative"),
        ("max_cost = nan", "max_cost in {file} must be a finite number, not nan (none means no limit)"),
        ("timeout = inf", "timeout in {file} must be a finite number, not inf (none means no limit)"),
        ("max_iterations = 0", "max_iterations in {file} must be at least 1"),
        ('sandbox = "tight"', "sandbox in {file} must be one of auto, strict, off, not 'tight'"),
    ],
)
def test_a_typed_value_in_a_file_is_checked_as_strictly_as_text(tmp_path: Path, line: str, message: str) -> None:
    """TOML gives numbers and booleans as such: none may slip past the checks text gets (a
    negative or infinite cap), nor be turned into something else (2.5 into 2, true into 1)."""
    (tmp_path / ".rlm-code.toml").write_text(line + "\n")
    with pytest.raises(UsageError) as caught:
        load_settings(tmp_path, environ={})
    assert str(caught.value) == message.format(file=tmp_path / ".rlm-code.toml")


def test_a_whole_number_written_as_a_float_is_that_number(tmp_path: Path) -> None:
    (tmp_path / ".rlm-code.toml").write_text("max_depth = 2.0\nmax_cost = 1\n")
    settings = load_settings(tmp_path, environ={})
    assert (settings.max_depth, settings.max_cost) == (2, 1.0)
    assert isinstance(settings.max_depth, int) and isinstance(settings.max_cost, float)
