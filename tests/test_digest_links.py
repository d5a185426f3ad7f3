"""Articles from feeds link to where they can be read; only http(s) links are ever clickable."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor.configuration import load_config
from monitor.models import RawDocument
from monitor.pipeline import analyze_document, digest
from monitor.store import Store

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2025, 6, 21, tzinfo=UTC)
BODY = ("전주시가 국토교통부의 거점형 스마트시티 조성사업에 최종 선정됐다고 19일 밝혔다. "
        "3년간 국비 160억원이 투입돼 스마트도시 서비스가 도입된다.")


@pytest.mark.parametrize(
    ("link", "clickable"),
    [("https://news.example.kr/article/1", True), ("javascript:alert(1)", False), (None, False)],
)
def test_feed_article_headline_links_to_its_page(tmp_path: Path, store: Store, link: str | None,
                                                 clickable: bool) -> None:
    config = load_config(ROOT / "monitor" / "config", inbox=tmp_path, reports_dir=tmp_path / "reports")
    topics = config.topics
    doc = RawDocument(source=link or "inbox/a.txt", name="a", text=BODY, content_hash=hashlib.sha256(BODY.encode())
                      .hexdigest(), link=link, title="전주, 거점형 스마트시티 선정")
    analysed = analyze_document(doc, topics)
    store.add_document(doc, [a for a, _ in analysed], [m for _, m in analysed], NOW)
    html = digest(config, store, NOW + timedelta(seconds=1)).path.read_text(encoding="utf-8")
    assert "전주, 거점형 스마트시티 선정" in html
    assert ('<a href="https://news.example.kr/article/1">' in html) is clickable
    assert "javascript:" not in html
