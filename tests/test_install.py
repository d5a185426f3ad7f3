"""A regular install works anywhere: the wheel carries its templates and default config.

Built from a copy of the project (so the checkout gets no build/ folder), installed into a
folder of its own, and run from an empty folder the way a new user runs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS


def _run(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300,
                          check=False)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder the wheel was installed into (put it first on PYTHONPATH to use it)."""
    work = tmp_path_factory.mktemp("install")
    source = work / "source"
    shutil.copytree(ROOT / "monitor", source / "monitor", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    built = _run("-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work / "dist"),
                 str(source), cwd=work, env=env)
    assert built.returncode == 0, built.stderr[-2000:]
    [wheel] = (work / "dist").glob("monitor-*.whl")
    target = work / "site"
    done = _run("-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel), cwd=work, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    return target


def test_an_installed_monitor_runs_in_an_empty_folder(installed: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(installed), "PYTHONUTF8": "1"}
    where = _run("-c", "import monitor; print(monitor.__file__)", cwd=tmp_path, env=env)
    assert where.stdout.strip().startswith(str(installed)), where  # the wheel's copy, not the checkout's

    shown = _run("-m", "monitor", "check-config", cwd=tmp_path, env=env)  # the bundled config: its inbox is seeds/
    assert shown.returncode == 2, shown.stderr
    assert f"{installed / 'monitor' / 'config' / 'monitor.toml'}:" in shown.stderr and "monitor init" in shown.stderr

    made = _run("-m", "monitor", "init", cwd=tmp_path, env=env)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "config" / "monitor.toml").is_file() and (tmp_path / "inbox").is_dir()
    again = _run("-m", "monitor", "init", cwd=tmp_path, env=env)
    assert again.returncode == 2 and "already exists; nothing was written" in again.stderr

    shown = _run("-m", "monitor", "check-config", cwd=tmp_path, env=env)
    assert shown.returncode == 0 and f"config: {tmp_path / 'config'}" in shown.stdout, shown.stderr
    shutil.copy(sorted(SEEDS.glob("*.txt"))[2], tmp_path / "inbox")
    cycle = _run("-m", "monitor", "run", "--once", cwd=tmp_path, env=env)
    assert cycle.returncode == 0, cycle.stderr
    [report] = (tmp_path / "reports").glob("digest-daily-*.html")
    assert "스마트시티" in report.read_text(encoding="utf-8")  # rendered from the wheel's templates
    assert (tmp_path / "var" / "monitor.db").is_file()


def test_a_missing_inbox_stops_run_once_as_it_stops_check_config(installed: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(installed), "PYTHONUTF8": "1"}
    cycle = _run("-m", "monitor", "run", "--once", cwd=tmp_path, env=env)  # the bundled config's inbox: seeds/
    assert cycle.returncode == 2 and cycle.stdout == ""
    assert "inbox.path: folder source 'inbox': seeds does not exist" in cycle.stderr
    assert not (tmp_path / "var").exists()
