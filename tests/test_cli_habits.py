"""CLI habits users rely on: options before the command, pipes, names checked, errors naming the key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import RunCli


def test_global_options_go_before_or_after_the_command(run_cli: RunCli, workdir: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # Its inbox (`../seeds`) resolves against config/, wherever the command runs.
    for args in (["--config", str(workdir / "config"), "check-config"],
                 ["-v", "--config", str(workdir / "config"), "check-config"],
                 ["check-config", "--config", str(workdir / "config")]):
        done = run_cli(*args, cwd=elsewhere)
        assert done.returncode == 0, (args, done.stderr)
        assert f"config: {workdir / 'config'}" in done.stdout


def test_a_closed_pipe_ends_quietly(workdir: Path) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before monitor writes a line, as `| head -1` soon is
    done = subprocess.run([sys.executable, "-m", "monitor", "check-config"], cwd=workdir, stdout=write,
                          stderr=subprocess.PIPE, text=True, timeout=120, check=False)
    os.close(write)
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr, done.stderr
    assert done.returncode == 141


def test_digest_refuses_a_name_not_configured(run_cli: RunCli, workdir: Path) -> None:
    done = run_cli("digest", "--name", "nope", cwd=workdir)
    assert done.returncode == 2
    assert "--name nope: no such digest (configured digests: daily)" in done.stderr
    assert not (workdir / "reports").exists()


def test_an_unwritable_reports_folder_is_named(run_cli: RunCli, workdir: Path) -> None:
    (workdir / "reports").write_text("a file where the folder should be", encoding="utf-8")
    done = run_cli("digest", cwd=workdir)
    assert done.returncode == 1
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("monitor: error: reports.path: cannot write ") and "Traceback" not in done.stderr


def test_a_bad_cron_field_is_named(run_cli: RunCli, workdir: Path) -> None:
    config = workdir / "config" / "monitor.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('digest_cron = "0 8 * * mon-fri"', 'digest_cron = "0 25 * * *"'), encoding="utf-8")
    done = run_cli("check-config", cwd=workdir)
    assert done.returncode == 2
    assert "schedule.digest_cron: invalid value '0 25 * * *'" in done.stderr
    assert "its hour field '25': the last value (25) is higher than the maximum value (23)" in done.stderr


def test_removing_a_topic_leaves_the_digest_working(run_cli: RunCli, workdir: Path) -> None:
    assert run_cli("ingest", cwd=workdir).returncode == 0
    topics = workdir / "config" / "topics.toml"
    text = topics.read_text(encoding="utf-8")
    start = text.index('[[topic]]\nid = "ai_hubs"')
    end = text.index("[[topic]]", start + 1)
    topics.write_text(text[:start] + text[end:], encoding="utf-8")  # stored articles keep their ai_hubs tags
    done = run_cli("digest", cwd=workdir)
    assert done.returncode == 0, done.stderr
    [page] = (workdir / "reports").glob("digest-daily-*.html")
    html = page.read_text(encoding="utf-8")
    assert 'data-topic="ai_hubs"' not in html and 'data-topic="smart_cities"' in html


def test_quiet_keeps_only_warnings_and_errors(run_cli: RunCli, workdir: Path) -> None:
    loud = run_cli("run", "--once", cwd=workdir)
    assert loud.returncode == 0 and " INFO " in loud.stderr, loud.stderr
    for args in (["-q", "run", "--once"], ["run", "--once", "--quiet"]):
        quiet = run_cli(*args, cwd=workdir)
        assert quiet.returncode == 0, quiet.stderr
        assert " INFO " not in quiet.stderr, quiet.stderr
        assert "digest: " in quiet.stdout  # what the command prints is not logging: it stays
