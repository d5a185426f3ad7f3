"""monitor.toml: defaults, layering and one-line errors with exit code 2."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from monitor.errors import ConfigError
from monitor.settings import load_settings, resolve_config_dir

ROOT = Path(__file__).resolve().parent.parent


def write_config(directory: Path, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "monitor.toml").write_text(text, encoding="utf-8")
    return directory


def test_bundled_config_gives_documented_defaults() -> None:
    settings = load_settings(ROOT / "monitor" / "config")
    assert settings.inbox == Path("seeds")
    assert settings.database_url == "sqlite:///var/monitor.db"
    assert settings.reports_dir == Path("reports")
    assert settings.timezone == "Asia/Seoul"
    assert settings.poll_interval == 300


def test_empty_file_keeps_defaults_and_overrides_win(tmp_path: Path) -> None:
    settings = load_settings(write_config(tmp_path, ""), poll_interval=60)
    assert settings.inbox == tmp_path / "seeds"  # a default means what it would mean written in the file
    assert settings.poll_interval == 60


def test_config_dir_resolution_prefers_explicit_then_variable_then_local_then_user_then_bundled(
        tmp_path: Path) -> None:
    work, xdg = tmp_path / "work", tmp_path / "xdg"
    work.mkdir()
    env = {"XDG_CONFIG_HOME": str(xdg)}
    assert resolve_config_dir(None, cwd=work, environ=env) == ROOT / "monitor" / "config"
    write_config(xdg / "monitor", "")
    assert resolve_config_dir(None, cwd=work, environ=env) == xdg / "monitor"
    write_config(work / "config", "")
    assert resolve_config_dir(None, cwd=work, environ=env) == work / "config"
    env["MONITOR_CONFIG"] = str(tmp_path / "from-env")  # taken as given, even before it exists
    assert resolve_config_dir(None, cwd=work, environ=env) == tmp_path / "from-env"
    assert resolve_config_dir("elsewhere", cwd=work, environ=env) == Path("elsewhere")


def test_a_relative_xdg_config_home_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    write_config(tmp_path / "home" / ".config" / "monitor", "")
    monkeypatch.chdir(tmp_path)
    write_config(tmp_path / "relative" / "monitor", "")
    env = {"XDG_CONFIG_HOME": "relative"}
    assert resolve_config_dir(None, cwd=tmp_path / "nowhere", environ=env) == tmp_path / "home" / ".config" / "monitor"


def test_monitor_config_names_the_folder_of_every_command(tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = write_config(tmp_path / "mine", '[inbox]\npath = "../inbox"\n')
    (folder / "topics.toml").write_text((ROOT / "monitor" / "config" / "topics.toml").read_text(encoding="utf-8"),
                                        encoding="utf-8")
    (tmp_path / "inbox").mkdir()
    env = {k: v for k, v in os.environ.items() if k != "XDG_CONFIG_HOME"} | {"MONITOR_CONFIG": str(folder)}
    run = subprocess.run([sys.executable, "-m", "monitor", "check-config"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert f"config: {folder}" in run.stdout


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[inbox]\npath = 'x'\ncolour = 'red'\n", r"monitor.toml:3: inbox.colour: unknown key"),
        ("[inbox]\npath = 3\n", r"monitor.toml:2: inbox.path: must be a string, got int"),
        ("[schedule]\npoll_interval = '5m'\n", r"schedule.poll_interval: must be a whole number, got str"),
        ("[schedule]\npoll_interval = true\n", r"schedule.poll_interval: must be a whole number, got bool"),
        ("[schedule]\npoll_interval = 1\n", r"schedule.poll_interval: invalid value 1 \(allowed: a whole number"),
        ("[schedule]\ntimezone = 'Mars/Base'\n", r"schedule.timezone: invalid value 'Mars/Base' \(allowed: an IANA"),
        ("[schedule]\ndigest_cron = 'every morning'\n", r"schedule.digest_cron: invalid value"),
        ("[database]\nurl = 'not a url'\n", r"database.url: invalid value"),
        # `run` would fail on these when it opens the database (No module named 'MySQLdb' / 'psycopg2')
        ("[database]\nurl = 'mysql://x'\n",
         r"monitor.toml:2: database.url: invalid value 'mysql://x' \(allowed: a sqlite:///PATH or "
         r"postgresql\+psycopg://.*'mysql' databases are not supported\)"),
        ("[database]\nurl = 'postgresql+psycopg2://u@localhost/db'\n",
         r"monitor.toml:2: database.url: invalid value .*the driver 'psycopg2' is not available"),
        ("[inbx]\npath = 'x'\n", r"monitor.toml:1: inbx: unknown section \[inbx\]"),
        ("[inbox\npath = 'x'\n", r"monitor.toml:1: TOML syntax error"),
        ("inbox = 3\n", r"inbox: must be a table"),
    ],
)
def test_bad_values_raise_one_line_config_error(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError, match=expected) as caught:
        load_settings(write_config(tmp_path, text))
    assert "\n" not in str(caught.value)
    assert caught.value.exit_code == 2


def test_missing_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"monitor.toml: file not found"):
        load_settings(tmp_path / "nowhere")


def test_sections_other_modules_own_are_left_to_them(tmp_path: Path) -> None:
    settings = load_settings(write_config(tmp_path, "[smtp]\nhost = 'localhost'\n[schedule]\npoll_interval = 60\n"))
    assert settings.poll_interval == 60


@pytest.mark.parametrize("url", ["sqlite:///var/monitor.db", "sqlite://", "postgresql+psycopg://u@localhost/db",
                                 "postgresql://u@localhost/db"])
def test_supported_database_urls_pass(tmp_path: Path, url: str) -> None:
    expected = url.replace("sqlite:///", f"sqlite:///{tmp_path}/") if url.startswith("sqlite:///") else url
    assert load_settings(write_config(tmp_path, f"[database]\nurl = '{url}'\n")).database_url == expected
