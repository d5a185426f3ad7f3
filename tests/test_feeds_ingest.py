"""Feeds through the real ingest pipeline, served over loopback HTTP: rows, state, health."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from monitor import pipeline
from monitor.configuration import Config
from monitor.pipeline import analyze_document
from monitor.sources import feed_source
from monitor.sources.health import sources_needing_attention
from monitor.status import service_status
from monitor.store import Store, schema
from monitor.store.sources import RETRY_FAILED, failed_entries, get_state, load_states
from tests.conftest import config_for
from tests.feeds_server import FEEDS, FeedServer, Route

T0 = datetime(2025, 6, 20, 0, 0, tzinfo=UTC)


@pytest.fixture
def parse_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every feed body parsed during the test, by URL."""
    calls: list[str] = []
    real = feed_source.parse_feed

    def counting(data: bytes, **kwargs: Any):  # type: ignore[no-untyped-def]
        calls.append(kwargs["feed"])
        return real(data, **kwargs)

    monkeypatch.setattr(feed_source, "parse_feed", counting)
    return calls


def make_settings(tmp_path: Path, feeds: list[dict[str, Any]], **limits: Any) -> Config:
    inbox = tmp_path / "inbox"
    inbox.mkdir(exist_ok=True)
    sources = {"read_timeout": 0.5, "connect_timeout": 2, **limits, "feed": feeds,
               "folder": [{"path": str(inbox), "name": "inbox", "settle_seconds": 0}]}
    return config_for(tmp_path, {"inbox": {"path": str(inbox)}, "sources": sources})


def ingest(config: Config, store: Store, now: datetime) -> pipeline.IngestReport:
    return pipeline.ingest(config, store, now)


def documents(store: Store) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(schema.documents).order_by(schema.documents.c.id)).mappings()]


FORMATS = [("/rss20", "rss20.xml", "application/rss+xml"), ("/atom", "atom10.xml", "application/atom+xml"),
           ("/rss10", "rss10.rdf", "application/rdf+xml"), ("/euckr-declared", "euckr_declared.xml", "text/xml"),
           ("/euckr-bare", "euckr_undeclared.xml", "application/rss+xml"),
           ("/malformed", "malformed.xml", "text/xml; charset=utf-8")]


def test_every_format_and_encoding_is_ingested(feed_server: FeedServer, tmp_path: Path, store: Store) -> None:
    feeds = [{"url": feed_server.serve_file(path, name, ctype), "name": name} for path, name, ctype in FORMATS]
    report = ingest(make_settings(tmp_path, feeds), store, T0)
    assert report.failures == ()
    names = {d["name"]: d for d in documents(store)}
    assert set(names) == {
        "전북도, 스마트시티 챌린지 공모 선정", "인공지능 산업 육성 협약 체결", "광주시, 수소 버스 100대 도입",
        "대구시, 도심 공항 이전 설명회 개최", "충북도, 반도체 특화단지 지정 건의",
        "경남도, 우주항공 산업 지원 확대", "제목 안에 제어문자 있음",
    }
    korean = names["충북도, 반도체 특화단지 지정 건의"]  # both EUC-KR feeds: one document, same words
    assert korean["encoding"] == "cp949" and "똠방각하" in korean["text"]
    assert korean["link"] == "http://127.0.0.1/cb/31" and korean["feed"] in (feeds[3]["url"], feeds[4]["url"])
    headlines = {s.article.headline for s in store.iter_articles()}
    assert "전북도, 스마트시티 챌린지 공모 선정" in headlines
    states = {s.name: s for s in load_states(store)}
    assert states["rss20.xml"].entries_seen == 2 and states["rss20.xml"].last_success == T0
    assert states["inbox"].kind == "folder" and states["inbox"].consecutive_failures == 0


def test_304_on_the_second_poll_costs_nothing(feed_server: FeedServer, tmp_path: Path, store: Store,
                                              parse_calls: list[str]) -> None:
    url = feed_server.serve_file("/rss", "rss20.xml", etag='"v1"')
    settings = make_settings(tmp_path, [{"url": url, "interval": 600}])
    ingest(settings, store, T0)
    rows, articles = store.count_documents(), store.count_articles()
    assert rows == 2 and parse_calls == [url] and get_state(store, f"feed:{url}").etag == '"v1"'  # type: ignore[union-attr]

    report = ingest(settings, store, T0 + timedelta(minutes=10))
    assert feed_server.hits["/rss"] == 2 and feed_server.request_headers[1]["If-None-Match"] == '"v1"'
    assert parse_calls == [url]  # no re-parse
    assert (store.count_documents(), store.count_articles(), report.documents_new) == (rows, articles, 0)
    assert get_state(store, f"feed:{url}").last_success == T0 + timedelta(minutes=10)  # type: ignore[union-attr]


def test_a_feed_is_not_polled_before_its_interval(feed_server: FeedServer, tmp_path: Path, store: Store) -> None:
    url = feed_server.serve_file("/rss", "rss20.xml")
    settings = make_settings(tmp_path, [{"url": url, "interval": 3600}])
    ingest(settings, store, T0)
    ingest(settings, store, T0 + timedelta(minutes=30))
    assert feed_server.hits["/rss"] == 1
    ingest(settings, store, T0 + timedelta(minutes=61))
    assert feed_server.hits["/rss"] == 2


def test_failing_feeds_do_not_stop_the_others(feed_server: FeedServer, tmp_path: Path, store: Store,
                                              caplog: pytest.LogCaptureFixture) -> None:
    feed_server.routes["/500"] = Route(b"oops", 500)
    feed_server.routes["/slow"] = Route((FEEDS / "atom10.xml").read_bytes(), delay=2.0)
    feed_server.routes["/huge"] = Route(b"<rss>" + b" " * 200_000, content_length=False)
    feed_server.routes["/loop"] = Route(status=302, headers={"Location": "/loop2"})
    feed_server.routes["/loop2"] = Route(status=302, headers={"Location": "/loop"})
    feed_server.serve_file("/html", "not_a_feed.html", "text/html")
    # A byte every 0.1 s: well inside the read timeout, so only fetch_deadline ends it.
    feed_server.routes["/trickle"] = Route((FEEDS / "rss20.xml").read_bytes(), trickle=0.1)
    bad = ["/404", "/500", "/slow", "/huge", "/loop", "/html", "/trickle"]
    feeds = [{"url": feed_server.url(p)} for p in bad[:3]]
    feeds.append({"url": feed_server.serve_file("/good", "rss20.xml")})
    feeds += [{"url": feed_server.url(p), "name": p} for p in bad[3:]]
    with caplog.at_level(logging.WARNING):
        report = ingest(make_settings(tmp_path, feeds, max_bytes=100_000, fetch_deadline=1.5), store, T0)
    assert report.documents_new == 2 and len(report.failures) == len(bad)
    errors = {s.key.removeprefix(f"feed:{feed_server.url('')}"): s for s in load_states(store) if s.kind == "feed"}
    assert errors["/good"].last_error is None and errors["/good"].entries_seen == 2
    expected = {"/404": "HTTP 404", "/500": "HTTP 500 Internal Server Error", "/slow": "timed out",
                "/huge": "larger than the limit of 100000 bytes refused", "/loop": "redirect loop",
                "/html": "not an RSS or Atom feed", "/trickle": "abandoned after 1.5 s"}
    for path, message in expected.items():
        assert message in (errors[path].last_error or ""), path
        assert errors[path].consecutive_failures == 1 and errors[path].failing_since == T0
    assert "refused" in caplog.text  # the size limit is logged, naming the feed
    assert feed_server.url("/huge") in caplog.text


def test_failures_back_off_and_are_reported_when_they_last(feed_server: FeedServer, tmp_path: Path,
                                                          store: Store) -> None:
    feed_server.routes["/down"] = Route(b"", 503)
    settings = make_settings(tmp_path, [{"url": feed_server.url("/down"), "name": "도청", "interval": 600}],
                             failing_after=3600)
    moments = [T0 + timedelta(minutes=m) for m in range(0, 240, 5)]
    for now in moments:
        ingest(settings, store, now)
    # Backoff 10, 20, 40, 80 minutes...: 5 attempts in 4 hours instead of 24.
    assert feed_server.hits["/down"] == 5
    state = get_state(store, f"feed:{feed_server.url('/down')}")
    assert state is not None and state.consecutive_failures == 5 and state.failing_since == T0
    attention = sources_needing_attention(store, moments[-1], failing_after=3600)
    assert [(a.name, a.reason) for a in attention] == [("도청", "failing")]
    assert "HTTP 503" in attention[0].message and "5 attempt(s)" in attention[0].message
    assert sources_needing_attention(store, T0 + timedelta(minutes=30), failing_after=3600) == []

    feed_server.serve_file("/down", "rss20.xml")  # it recovers
    ingest(settings, store, T0 + timedelta(hours=6))
    state = get_state(store, f"feed:{feed_server.url('/down')}")
    assert state is not None and state.consecutive_failures == 0 and state.entries_seen == 2
    assert sources_needing_attention(store, T0 + timedelta(hours=6), failing_after=3600) == []


def test_silent_feed_is_reported(feed_server: FeedServer, tmp_path: Path, store: Store) -> None:
    url = feed_server.serve_file("/rss", "rss20.xml")
    settings = make_settings(tmp_path, [{"url": url, "name": "조용한 피드", "interval": 3600}])
    ingest(settings, store, T0)
    assert sources_needing_attention(store, T0 + timedelta(days=2)) == []
    ingest(settings, store, T0 + timedelta(days=4))  # answers, but nothing new
    attention = sources_needing_attention(store, T0 + timedelta(days=4))
    assert [(a.name, a.reason) for a in attention] == [("조용한 피드", "silent")]


def test_changed_guid_and_link_for_the_same_item_is_not_a_repeat(feed_server: FeedServer, tmp_path: Path,
                                                                 store: Store) -> None:
    url = feed_server.serve_file("/rss", "rss20.xml")
    settings = make_settings(tmp_path, [{"url": url, "interval": 60}])
    ingest(settings, store, T0)
    articles = store.count_articles()
    body = (FEEDS / "rss20.xml").read_bytes()
    feed_server.routes["/rss"].body = body.replace(b"jb-press-1001", b"jb-press-NEW").replace(b"/press/1001",
                                                                                            b"/press/1001?utm=x")
    report = ingest(settings, store, T0 + timedelta(minutes=5))
    assert report.documents_new == 0 and store.count_documents() == 2 and store.count_articles() == articles
    with store.engine.connect() as conn:
        ids = set(conn.scalars(select(schema.feed_entries.c.entry_id)))
    assert ids == {"jb-press-1001", "jb-press-1002", "jb-press-NEW"}  # the new id is remembered too


def failing_on_title(monkeypatch: pytest.MonkeyPatch, title: str) -> list[str | None]:
    """Make the text pipeline fail on the entry titled `title`; return the titles analysed."""
    analysed: list[str | None] = []
    real = pipeline.analyze_document

    def flaky(doc, topics):  # type: ignore[no-untyped-def]
        analysed.append(doc.title)
        if doc.title == title:
            raise RuntimeError("text pipeline bug")
        return real(doc, topics)

    monkeypatch.setattr(pipeline, "analyze_document", flaky)
    return analysed


def test_an_entry_the_text_pipeline_failed_on_waits_for_its_retry(
        feed_server: FeedServer, tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # Before, a failed entry kept the feed's validators back: every poll fetched the feed in full
    # and analysed the entry again, failing again, for as long as the feed listed it.
    url = feed_server.serve_file("/rss", "rss20.xml", etag='"v1"')
    settings = make_settings(tmp_path, [{"url": url, "interval": 60}])
    analysed = failing_on_title(monkeypatch, "인공지능 산업 육성 협약 체결")
    report = ingest(settings, store, T0)
    assert report.documents_new == 1 and len(report.failures) == 1
    assert get_state(store, f"feed:{url}").etag == '"v1"'  # type: ignore[union-attr]
    assert failed_entries(store, f"feed:{url}") == {"jb-press-1002": T0}
    # The next poll may take a 304: the entry is remembered as failed, not lost.
    analysed.clear()
    report = ingest(settings, store, T0 + timedelta(minutes=5))
    assert feed_server.request_headers[-1].get("If-None-Match") == '"v1"'
    assert (report.documents_new, report.failures, analysed) == (0, (), [])
    # The body changed meanwhile (a 200): the failed entry still waits, the others are read.
    feed_server.routes["/rss"].etag = '"v2"'
    report = ingest(settings, store, T0 + timedelta(minutes=10))
    assert (report.documents_new, report.failures, analysed) == (0, (), [])
    # Its retry is due: fetched in full, analysed again; the pipeline is fixed, so it is stored.
    monkeypatch.setattr(pipeline, "analyze_document", analyze_document)
    report = ingest(settings, store, T0 + RETRY_FAILED)
    assert "If-None-Match" not in feed_server.request_headers[-1]
    assert report.documents_new == 1 and store.count_documents() == 2
    assert failed_entries(store, f"feed:{url}") == {}


def test_a_failed_entry_is_named_until_it_is_stored_or_gone_from_the_feed(
        feed_server: FeedServer, tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    url = feed_server.serve_file("/rss", "rss20.xml")
    settings = make_settings(tmp_path, [{"url": url, "interval": 60, "name": "jb"}])
    failing_on_title(monkeypatch, "인공지능 산업 육성 협약 체결")
    ingest(settings, store, T0)
    status = service_status(settings, store, T0 + timedelta(minutes=5), None)
    assert any("jb: 1 entry(ies) not taken in" in line and "jb-press-1002" in line for line in status.lines)
    assert any(a.startswith("source jb: 1 entry(ies) not taken in") for a in status.attention)
    # The feed no longer lists it (feeds keep their latest items): it can never be retried, nor stored.
    body = (FEEDS / "rss20.xml").read_text(encoding="utf-8")
    start = body.index("<item>", body.index("jb-press-1001"))
    feed_server.routes["/rss"].body = (body[:start] + body[body.index("</item>", start) + 7:]).encode("utf-8")
    ingest(settings, store, T0 + timedelta(hours=1))
    assert failed_entries(store, f"feed:{url}") == {}
    later = service_status(settings, store, T0 + timedelta(hours=1), None)
    assert not any("not taken in" in line for line in later.lines)
