"""Stories over time: a report arriving days later joins its story and is shown once, as an update.

End to end: seed 002 (the 전주 거점형 스마트시티 story) arrives as a folder file on day 1; a feed
entry served over loopback HTTP with its first paragraphs (same lead, same date, as another
outlet's feed carries it) arrives two days later. One story in the database, one entry in the
first digest, the update once in the second, nothing in the third, and its money counted once.
"""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from pathlib import Path

from monitor import pipeline
from monitor.digest import build_digest, render_digest
from monitor.store import Store
from monitor.store.stories import count_stories, story_ids
from monitor.topics import load_topics
from tests.conftest import CONFIG
from tests.feeds_server import FeedServer, Route
from tests.test_feeds_ingest import make_settings

ROOT = Path(__file__).resolve().parent.parent
SEED = next((ROOT / "seeds").glob("002_*.txt"))
DAY1 = datetime(2025, 6, 20, 9, 0, tzinfo=UTC)
DAY3 = DAY1 + timedelta(days=2)


def feed_with_lead() -> bytes:
    """An RSS feed whose one entry holds the seed's headline and its first two body paragraphs."""
    text = SEED.read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if len(p.strip()) >= 100]
    headline = next(line for line in text.splitlines() if "거점형 스마트시티 선정" in line)
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs[:2])
    published = format_datetime(datetime(2025, 6, 20, 6, 9, tzinfo=UTC))
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>전북 소식</title>'
            f"<link>http://127.0.0.1/news</link><description>지역 뉴스</description><item>"
            f"<title>{escape(headline)}</title><link>http://127.0.0.1/news/77</link>"
            f'<guid isPermaLink="false">jb-news-77</guid><pubDate>{published}</pubDate>'
            f"<description><![CDATA[{body}]]></description></item></channel></rss>").encode()


def smart_city_items(view):  # type: ignore[no-untyped-def]
    [section] = [s for s in view.sections if s.topic_id == "smart_cities"]
    return section


def test_a_report_arriving_days_later_joins_its_story_and_is_shown_once_as_an_update(
        feed_server: FeedServer, tmp_path: Path, store: Store) -> None:
    topics = load_topics(CONFIG / "topics.toml")
    settings = make_settings(tmp_path, [])
    shutil.copy(SEED, settings.settings.inbox / SEED.name)

    # Day 1: the folder file. The first digest shows the story with its money.
    pipeline.ingest(settings, store, DAY1)
    first = build_digest(store, topics, DAY1 + timedelta(hours=1), "Asia/Seoul")
    store.record_digest("daily", first.period_start, first.period_end, None, first.article_count, first.period_end)
    [item] = smart_city_items(first).items
    assert sum(1 for s in first.sections for i in s.items if i.story_id == item.story_id) == len(
        [s for s in first.sections if s.items])  # one entry per section it is filed under
    assert not item.update
    assert any(part.amount.krw == 16_000_000_000 for line in smart_city_items(first).money
               for figure in line.figures for part in figure.parts)

    # Two days later: the feed entry with the same lead.
    feed_server.routes["/news"] = Route(feed_with_lead())
    later = make_settings(tmp_path, [{"url": feed_server.url("/news"), "name": "전북 소식"}])
    pipeline.ingest(later, store, DAY3)
    articles = list(store.iter_articles())
    assert len(articles) == 2
    assert len(set(story_ids(store, [a.id for a in articles]).values())) == 1
    assert count_stories(store) == 1

    second = build_digest(store, topics, DAY3 + timedelta(hours=1), "Asia/Seoul")
    store.record_digest("daily", second.period_start, second.period_end, None, second.article_count,
                        second.period_end)
    section = smart_city_items(second)
    [update] = section.items
    assert update.update and update.story_id == item.story_id
    assert len(update.added) == 1  # the entry's outlet (its lead names the same paper as the file)
    assert section.money == ()  # counted in the first digest already
    # Once per section it is filed under (the story is about AI too), each time as the update.
    shown = [i for s in second.sections for i in s.items]
    assert {i.story_id for i in shown} == {item.story_id} and len(shown) == len(
        [s for s in second.sections if s.items])
    html = render_digest(second)
    assert html.count("<h3>") == html.count("보도 1곳 추가") == len(shown)

    third = build_digest(store, topics, DAY3 + timedelta(days=1), "Asia/Seoul")
    assert third.article_count == 0
