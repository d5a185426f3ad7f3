"""The report and the email as a reader's browser shows them: headless Chromium at phone and desktop width.

For each page and width: a screenshot (PNG, in the test's tmp dir), no horizontal overflow,
every topic heading on screen, and no Hangul word broken across lines (tests/browser_checks.js
compares, for every text node, the line box of each character with the next one's).
Driven by Playwright on the system Chromium (`apt-get install chromium fonts-noto-cjk`; `.ci/run`
installs them when missing); skipped, saying why, only where they are not installed.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from monitor.store import Store
from tests.conftest import RunCli
from tests.digest_support import render

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHECKS = (Path(__file__).parent / "browser_checks.js").read_text(encoding="utf-8")
WIDTHS = (375, 1280)


def _korean_fonts() -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    found = subprocess.run([fc_list, ":lang=ko", "family"], capture_output=True, text=True, check=False).stdout
    return bool(found.strip())


def _skip_reason() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    if CHROMIUM is None:
        return "headless Chromium is not installed (apt-get install chromium)"
    if not _korean_fonts():
        return "no Korean font is installed (apt-get install fonts-noto-cjk)"
    return None


pytestmark = pytest.mark.skipif(_skip_reason() is not None, reason=_skip_reason() or "")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield launched
        launched.close()


@pytest.fixture
def pages(store: Store, tmp_path: Path) -> dict[str, Path]:
    """The fixed digest's report and email HTML, as files (file:// pages fetch nothing)."""
    rendered = render(store)
    paths = {"report": tmp_path / "report.html", "email": tmp_path / "email.html"}
    paths["report"].write_text(rendered.report, encoding="utf-8")
    paths["email"].write_text(rendered.html, encoding="utf-8")
    return paths


def look(browser: Any, page_file: Path, width: int, shot: Path) -> dict[str, Any]:
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(page_file.as_uri())
        page.screenshot(path=str(shot), full_page=True)
        return page.evaluate(CHECKS)
    finally:
        page.close()


def assert_reads_well(seen: dict[str, Any], headings: list[str]) -> None:
    assert seen["overflow"] <= 0, f"page is {seen['overflow']} px wider than the {seen['width']} px viewport"
    assert [h["text"].split(" (")[0].rstrip("0123456789") for h in seen["headings"]] == headings
    for heading in seen["headings"]:
        assert heading["visible"] and heading["width"] > 0 and heading["height"] > 0, heading
        assert heading["left"] >= 0 and heading["right"] <= seen["width"], heading
    assert seen["broken"] == [], f"Hangul words broken across lines: {seen['broken']}"


TOPICS = ["AI 집적단지·데이터센터", "스마트시티", "친환경 전환 지원", "기타"]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", ["report", "email"])
def test_the_fixed_digest_reads_well(browser: Any, pages: dict[str, Path], tmp_path: Path, kind: str,
                                     width: int) -> None:
    shot = tmp_path / f"{kind}-{width}.png"
    seen = look(browser, pages[kind], width, shot)
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20_000
    assert_reads_well(seen, TOPICS)


def test_the_seeds_report_reads_well_on_a_phone(browser: Any, run_cli: RunCli, workdir: Path, tmp_path: Path) -> None:
    """The real seed articles: long Korean sentences, names, figures, where words used to break mid-word."""
    result = run_cli("run", "--once", cwd=workdir)
    assert result.returncode == 0, result.stderr
    [report] = (workdir / "reports").glob("digest-*.html")
    for width in WIDTHS:
        seen = look(browser, report, width, tmp_path / f"seeds-{width}.png")
        assert_reads_well(seen, TOPICS)
    index = look(browser, workdir / "reports" / "index.html", 375, tmp_path / "index-375.png")
    assert index["overflow"] <= 0 and index["broken"] == []
