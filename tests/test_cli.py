"""The command line as a user meets it: help, one-line errors, exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import RunCli

COMMANDS = ["run", "ingest", "digest", "check-config", "analyze", "explain", "reclassify"]


def test_top_level_help_lists_every_command(run_cli: RunCli) -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for command in COMMANDS:
        assert command in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(run_cli: RunCli, command: str) -> None:
    result = run_cli(command, "--help")
    assert result.returncode == 0, result.stderr
    assert f"usage: monitor {command}" in result.stdout
    assert "--config DIR" in result.stdout


def test_help_does_not_load_the_korean_model() -> None:
    code = ("import sys\nfrom monitor.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print('kiwipiepy' in sys.modules, 'sqlalchemy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "False False"


def test_unknown_command_is_usage_error(run_cli: RunCli) -> None:
    result = run_cli("frobnicate")
    assert result.returncode == 2


@pytest.mark.parametrize("paths", [["nowhere.txt"], ["seeds/002_406841c61750686d.txt", "nowhere.txt"]])
def test_analyze_missing_path_is_usage_error_before_any_output(run_cli: RunCli, workdir: Path,
                                                               paths: list[str]) -> None:
    result = run_cli("analyze", *paths, cwd=workdir)
    assert result.returncode == 2
    assert result.stderr.strip() == "monitor: error: nowhere.txt: no such file or folder"
    assert result.stdout == ""


def test_check_config_prints_a_summary(run_cli: RunCli, workdir: Path) -> None:
    result = run_cli("check-config", cwd=workdir)
    assert result.returncode == 0, result.stderr
    for topic in ("ai_hubs", "smart_cities", "env_subsidies"):
        assert topic in result.stdout
    assert result.stdout.strip().endswith("ok")


BAD_SETTINGS = [
    ("missing file", None, r"monitor.toml: file not found"),
    ("syntax error", "[inbox\npath = 'seeds'\n", r"monitor.toml:1: TOML syntax error"),
    ("unknown key", "[inbox]\npath = 'seeds'\nfolder = 'x'\n", r"monitor.toml:3: inbox.folder: unknown key"),
    ("wrong type", "[schedule]\npoll_interval = 'often'\n", r"schedule.poll_interval: must be a whole number"),
]


@pytest.mark.parametrize(("case", "text", "expected"), BAD_SETTINGS, ids=[c[0] for c in BAD_SETTINGS])
def test_bad_settings_exit_2_with_one_line(run_cli: RunCli, workdir: Path, case: str, text: str | None,
                                           expected: str) -> None:
    settings = workdir / "config" / "monitor.toml"
    if text is None:
        settings.unlink()
    else:
        settings.write_text(text, encoding="utf-8")
    result = run_cli("check-config", "--config", str(workdir / "config"), cwd=workdir)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("monitor: error: ")
    import re

    assert re.search(expected, lines[0]), lines[0]


def test_empty_keyword_list_exits_2_naming_topic_and_field(run_cli: RunCli, workdir: Path) -> None:
    topics = workdir / "config" / "topics.toml"
    text = topics.read_text(encoding="utf-8")
    import re

    # empty the first topic's keyword list, whatever its layout
    emptied, count = re.subn(r"(?ms)^keywords\s*=\s*\[.*?\]\s*$", "keywords = []", text, count=1)
    assert count == 1
    topics.write_text(emptied, encoding="utf-8")
    result = run_cli("check-config", "--config", str(workdir / "config"), cwd=workdir)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "topics.toml" in lines[0] and "keywords" in lines[0], result.stderr


def test_check_config_validates_digests_against_the_topics(run_cli: RunCli, workdir: Path) -> None:
    settings = workdir / "config" / "monitor.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + '''
[[digests]]
name = "daily"
recipients = [{address = "kim@example.org", topics = ["no_such_topic"]}]

[smtp]
host = "127.0.0.1"
from = "monitor@example.org"
security = "none"
''', encoding="utf-8")
    result = run_cli("check-config", "--config", str(workdir / "config"), cwd=workdir)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no_such_topic" in lines[0], result.stderr
