"""Golden tests: the email (text and HTML parts) and the report of a fixed digest, byte for byte.

The expected files are tests/data/digest/golden/; after an intended change of the layout,
regenerate them with `MONITOR_REGENERATE_GOLDEN=1 pytest tests/test_digest_golden.py` and
read the diff before committing it.
"""

from __future__ import annotations

import os
import re

import pytest

from monitor.store import Store
from tests.digest_support import DATA, Rendered, render

GOLDEN = DATA / "golden"
REGENERATE = os.environ.get("MONITOR_REGENERATE_GOLDEN") == "1"


@pytest.fixture
def rendered(store: Store) -> Rendered:
    return render(store)


@pytest.mark.parametrize("part", ["text", "html", "report"])
def test_matches_the_golden_file(rendered: Rendered, part: str) -> None:
    path = GOLDEN / {"text": "email.txt", "html": "email.html", "report": "report.html"}[part]
    actual = getattr(rendered, part)
    if REGENERATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"{path.name} differs; see the module docstring"


def test_the_text_part_carries_what_the_html_part_shows(rendered: Rendered) -> None:
    text = rendered.text
    # Header: counts, one line per topic; sources needing attention.
    assert "새 이야기 6건 · 기사 7건" in text
    assert "- AI 집적단지·데이터센터 1건: 광주" in text and "도청 보도자료" in text
    # A story: both outlets with the first marked, date, regions, highlighted words, its link.
    assert "보도 2곳: 광주일보(최초), 연합뉴스" in text
    assert "2026-01-05" in text and "지역: 광주" in text
    assert re.search(r"\*[^*\n]+\*", text)
    assert "https://news.example.kr/articles/2026/01/05/ai-datacenter-gwangju" in text
    # Money, the cap per topic with its link to the report, and 기타 as headlines.
    assert "국비 3045억원" in text
    assert "외 1건: https://reports.example.org/monitor/digest-daily-2026-01-06-080000.html#topic-env_subsidies" in text
    assert "■ 기타 (2)" in text and "- 여수 밤바다 불꽃축제 관람객 10만명 몰려" in text


def test_the_html_part_is_safe_for_mail_clients(rendered: Rendered) -> None:
    html = rendered.html
    assert "<script" not in html.lower() and "<details" not in html and "@import" not in html
    assert "&lt;긴급&gt;" in html  # article text is escaped, never markup
    assert not re.search(r'(?:src|href)="(?!https?://|mailto:|#)', html)  # every link absolute
    assert 'style="' in html and "word-break: keep-all" in html  # CSS inlined, Hangul kept whole
    assert "data-money=" in html  # the money box, as in the report
    assert "<table" in html and "data-trend" in html
