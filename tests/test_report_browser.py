"""The digest as a reader's browser shows it: headless Chromium parses and paints the report.

Skipped where Chromium is not installed (`apt-get install chromium fonts-noto-cjk`).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import RunCli

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def report(run_cli: RunCli, workdir: Path) -> Path:
    result = run_cli("run", "--once", cwd=workdir)
    assert result.returncode == 0, result.stderr
    [page] = (workdir / "reports").glob("digest-*.html")
    return page


def test_browser_sees_every_section_and_highlight(tmp_path: Path, report: Path) -> None:
    dom = chromium(tmp_path, "--dump-dom", report.as_uri()).stdout
    sections = re.findall(r'<section class="topic" id="topic-(\w+)"', dom)
    assert sections == ["ai_hubs", "smart_cities", "env_subsidies", "other"]
    assert dom.count("<mark>") >= 5
    assert dom.count('<article class="item">') >= 10
    assert "\ufffd" not in dom


def test_browser_paints_the_page(tmp_path: Path, report: Path) -> None:
    shot = tmp_path / "digest.png"
    chromium(tmp_path, "--window-size=900,1600", f"--screenshot={shot}", report.as_uri())
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG")
    assert len(data) > 50_000  # text, tags and boxes, not a blank page
