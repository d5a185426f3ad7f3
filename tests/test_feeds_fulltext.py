"""fetch_full_text: teaser-only feed entries get their article page's body, served over loopback HTTP.

The pages in tests/data/feeds/ (see fulltext.md) wrap the scraped seeds/002 and seeds/003 in site
chrome; the feed links to them, to a 404 and to a paywall.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from monitor import pipeline
from monitor.configuration import Config
from monitor.sources.fulltext import is_article
from monitor.sources.webpage import extract_article
from monitor.store import Store, schema
from monitor.store.sources import get_state
from tests.conftest import config_for
from tests.feeds_server import FEEDS, FeedServer, Route

T0 = datetime(2025, 6, 20, 0, 0, tzinfo=UTC)
TEASER = {  # entry title -> words of its teaser
    "익산시, 청년 창업 지원센터 개소": "익산시는 청년 창업 지원센터를 19일 개소하고",
    "전북도, 새만금 이차전지 특화단지 기업 유치 속도": "전북특별자치도는 새만금 이차전지 특화단지에",
}
# Site chrome of the two article pages: none of it may reach the stored text.
CHROME = ["페이스북 공유하기", "인쇄하기", "로그인", "회원가입", "관련기사", "많이 본 기사", "완주군 수소특화",
          "익산시, 청년 창업", "Copyright", "등록번호", "개인정보처리방침", "광고", "도배방지", "검색어",
          "메인화면으로", "이 시각 주요뉴스", "전남도, 섬 지역", "#광주", "googletag", "dataLayer"]


def serve_site(server: FeedServer) -> str:
    """The teaser feed at /rss and its article pages; returns the feed URL."""
    feed = (FEEDS / "fulltext.xml").read_bytes().replace(b"http://SERVER", server.url("").encode())
    server.routes["/rss"] = Route(feed)
    server.serve_file("/news/1", "article_utf8.html", "text/html; charset=utf-8")
    server.serve_file("/news/2", "article_euckr.html", "text/html")  # the charset is only in <meta>
    server.serve_file("/news/4", "paywall.html", "text/html; charset=utf-8")  # /news/3 is a 404
    return server.url("/rss")


def settings_for(tmp_path: Path, feed: dict[str, Any]) -> Config:
    inbox = tmp_path / "inbox"
    inbox.mkdir(exist_ok=True)
    sources = {"read_timeout": 2, "connect_timeout": 2, "feed": [feed],
               "folder": [{"path": str(inbox), "name": "inbox", "settle_seconds": 0}]}
    return config_for(tmp_path, {"inbox": {"path": str(inbox)}, "sources": sources})


def texts(store: Store) -> dict[str, str]:
    with store.engine.connect() as conn:
        return {r.name: r.text for r in conn.execute(select(schema.documents.c.name, schema.documents.c.text))}


def test_full_text_replaces_teasers_and_keeps_them_when_the_page_is_not_the_article(
        feed_server: FeedServer, tmp_path: Path, store: Store,
        caplog: pytest.LogCaptureFixture) -> None:
    url = serve_site(feed_server)
    settings = settings_for(tmp_path, {"url": url, "name": "지역 뉴스", "fetch_full_text": True})
    with caplog.at_level(logging.INFO, logger="monitor.sources.fulltext"):
        report = pipeline.ingest(settings, store, T0)
    assert report.failures == () and report.documents_new == 4
    assert {p: feed_server.hits[p] for p in ("/news/1", "/news/2", "/news/3", "/news/4")} == {
        "/news/1": 1, "/news/2": 1, "/news/3": 1, "/news/4": 1}
    assert all(h["User-Agent"].startswith("monitor/") for h in feed_server.request_headers)
    stored = texts(store)

    # (1) a full page with site chrome: the article body, and nothing of the chrome.
    jeonju = stored["전주, 거점형 스마트시티 선정…AI 선도도시 중추역할 수행"]
    assert "[동아경제신문=김선아 기자] 국회의원 정동영" in jeonju
    assert "KT·현대차·기아차·英 C&P·MTS 등 글로벌기업 대거 참여" in jeonju  # a subheading of the body
    assert jeonju.rstrip().endswith("최선을 다할 것”이라고 강조했다.")
    assert [c for c in CHROME if c in jeonju] == []
    assert "\n\n" in jeonju  # paragraphs as the text pipeline expects them

    # (2) CP949 bytes, charset only in <meta http-equiv>: decoded right.
    gwangju = stored["뿌리 내린 광주 인공지능, 2단계 진입 시급하다"]
    assert "AI데이터센터가 내년 7월께 완공되면" in gwangju and "4만7000㎡" in gwangju and "\ufffd" not in gwangju
    assert [c for c in CHROME if c in gwangju] == []

    # (3) a 404 and (4) a paywall: the entry is there with its teaser.
    for title, teaser in TEASER.items():
        assert stored[title].startswith(teaser) and len(stored[title]) < 80, title
    assert "유료 회원" not in stored["전북도, 새만금 이차전지 특화단지 기업 유치 속도"]
    assert f"{url.removesuffix('/rss')}/news/3: HTTP 404" in caplog.text
    assert f"{url.removesuffix('/rss')}/news/4 does not hold the article" in caplog.text

    # A page that failed is not the feed failing: no error, no backoff.
    state = get_state(store, f"feed:{url}")
    assert state is not None and state.last_error is None and state.consecutive_failures == 0
    assert state.entries_seen == 4
    headlines = {s.article.headline for s in store.iter_articles()}
    assert "전주, 거점형 스마트시티 선정…AI 선도도시 중추역할 수행" in headlines


def test_option_off_never_requests_an_article(feed_server: FeedServer, tmp_path: Path, store: Store) -> None:
    url = serve_site(feed_server)
    for feed in ({"url": url}, {"url": url, "fetch_full_text": False}):
        pipeline.ingest(settings_for(tmp_path, {**feed, "interval": 60}), store, T0)
    assert feed_server.hits["/rss"] == 1
    assert not [p for p in feed_server.hits if p.startswith("/news/")]
    assert all(len(text) < 120 for text in texts(store).values())  # teasers


def test_entries_seen_are_not_fetched_again(feed_server: FeedServer, tmp_path: Path, store: Store) -> None:
    url = serve_site(feed_server)
    settings = settings_for(tmp_path, {"url": url, "interval": 60, "fetch_full_text": True})
    pipeline.ingest(settings, store, T0)
    pages = {p: n for p, n in feed_server.hits.items() if p.startswith("/news/")}
    assert pages == {"/news/1": 1, "/news/2": 1, "/news/3": 1, "/news/4": 1}

    # Next poll: the same entries (the 404 and paywall ones included) and one new one.
    new_item = (f"<item><title>새 기사</title><link>{feed_server.url('/news/5')}</link><guid>news-5</guid>"
                "<description>새 기사 요약</description></item></channel>").encode()
    body = feed_server.routes["/rss"].body.replace(b"</channel>", new_item)
    # A publisher re-issuing an item under a new guid: known by its teaser, its page is not fetched.
    feed_server.routes["/rss"].body = body.replace(b">news-1<", b">news-1-reissued<")
    report = pipeline.ingest(settings, store, T0 + timedelta(minutes=5))
    assert feed_server.hits["/rss"] == 2 and report.documents_new == 1
    assert {p: n for p, n in feed_server.hits.items() if p.startswith("/news/")} == {**pages, "/news/5": 1}


def test_at_most_full_text_limit_pages_per_pass(feed_server: FeedServer, tmp_path: Path, store: Store) -> None:
    url = serve_site(feed_server)
    settings = settings_for(tmp_path, {"url": url, "fetch_full_text": True, "full_text_limit": 2})
    report = pipeline.ingest(settings, store, T0)
    assert report.documents_new == 4  # the others are ingested with their teaser
    assert sorted(p for p in feed_server.hits if p.startswith("/news/")) == ["/news/1", "/news/2"]


@pytest.mark.parametrize(
    ("body", "teaser", "expected"),
    [
        ("전북도는 20일 스마트시티 공모에 선정됐다고 밝혔다. 국비 30억원을 확보했다. " * 3,
         "전북도는 20일 스마트시티 공모에 선정됐다고 밝혔다…", True),
        # Re-typed spacing and quotes in the teaser still match.
        ("전북도는 “20일” 스마트시티 공모에 선정됐다고 밝혔다. " * 4, "전북도는 20 일 스마트 시티 공모에…", True),
        # A login page longer than the teaser, without its words.
        ("이 기사는 유료 회원 전용입니다. 로그인하거나 구독을 신청해 주세요. " * 4,
         "전북도는 20일 스마트시티 공모에 선정됐다고 밝혔다…", False),
        # A site's front page listing the headline but not the lede.
        ("전북도, 스마트시티 공모 선정\n\n익산시 청년 창업센터 개소\n\n군산 해상풍력 설명회 " * 3,
         "전북도는 20일 스마트시티 공모에 선정됐다고 밝혔다…", False),
        # Holding the teaser but not longer than it: nothing gained.
        ("전북도는 20일 스마트시티 공모에 선정됐다고 밝혔다.", "전북도는 20일 스마트시티 공모에 선정됐다고 밝혔다.",
         False),
        ("", "전북도는 20일", False),
    ],
)
def test_is_article(body: str, teaser: str, expected: bool) -> None:
    assert is_article(body, teaser) is expected


def test_extraction_beats_plain_html_to_text_on_a_news_page() -> None:
    """Why trafilatura: the same page through our own feed-HTML cleaner keeps the chrome."""
    from monitor.sources.html import html_to_text

    page = (FEEDS / "article_utf8.html").read_text(encoding="utf-8")
    extracted, by_hand = extract_article(page), html_to_text(page)
    assert [c for c in CHROME if c in extracted] == []
    assert len([c for c in CHROME if c in by_hand]) >= 8
    assert "국회의원 정동영(더불어민주당 전주시병)은" in extracted


def test_trafilatura_is_imported_only_when_needed() -> None:
    code = ("import sys, monitor.cli, monitor.sources.collect, monitor.sources.feed_source, monitor.sources.fulltext; "
            "print('trafilatura' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
