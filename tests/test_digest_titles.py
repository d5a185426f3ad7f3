"""The digest titles a headline-less article by its lead, marked as derived, and credits no file as an outlet."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from monitor.digest import build_digest, render_digest
from monitor.models import Article, RawDocument, TopicMatch
from monitor.pipeline import as_credited
from monitor.store import Store
from monitor.stories.story import UNKNOWN_OUTLET, outlet_name
from monitor.topics import load_topics

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2025, 6, 21, 9, 0, tzinfo=UTC)
LEAD = "광주시는 20일 북구에서 AI 데이터센터 2단계 착공식을 열었으며, 2027년 완공을 목표로 한다."


def _store_one(store: Store, article: Article, name: str = "a5.html") -> None:
    doc = RawDocument(source=f"inbox/{name}", name=name, text=article.text,
                      content_hash=hashlib.sha256(article.text.encode()).hexdigest())
    store.add_document(doc, [as_credited(article)], [[TopicMatch("ai_hubs", 5.0, 1.0, True, ("AI 데이터센터",))]],
                       NOW - timedelta(hours=1))


def _item(store: Store):  # type: ignore[no-untyped-def]
    view = build_digest(store, load_topics(ROOT / "monitor" / "config" / "topics.toml"), NOW, "Asia/Seoul")
    [section] = [s for s in view.sections if s.topic_id == "ai_hubs"]
    [item] = section.items
    return view, item


def test_a_headline_less_article_is_titled_by_its_lead_and_marked_so(store: Store) -> None:
    _store_one(store, Article("inbox/a5.html", 0, None, LEAD, LEAD, outlet="광주일보"))
    view, item = _item(store)
    assert item.derived and item.headline == "광주시는 20일 북구에서 AI 데이터센터 2단계 착공식을 열었으며…"
    html = render_digest(view)
    assert 'class="derived"' in html and "제목 없음" in html


def test_a_headline_is_not_marked_derived(store: Store) -> None:
    _store_one(store, Article("inbox/a5.html", 0, "광주시, AI 센터 착공", LEAD, LEAD, outlet="광주일보"))
    view, item = _item(store)
    assert not item.derived and item.headline == "광주시, AI 센터 착공"
    assert "제목 없음" not in render_digest(view)


def test_the_source_names_the_outlet_and_dates_the_article_when_the_text_does_not(store: Store) -> None:
    article = Article("https://a.kr/1", 0, "광주시, AI 센터 착공", LEAD, LEAD, publisher="광주일보",
                      dated=date(2025, 6, 20), date_source="feed")
    _store_one(store, article)
    _, item = _item(store)
    assert (item.outlet, item.published) == ("광주일보", date(2025, 6, 20))


def test_no_file_name_ever_stands_for_an_outlet() -> None:
    article = Article("inbox/102_jeonnam.txt", 0, None, LEAD, LEAD)
    assert outlet_name(article) == UNKNOWN_OUTLET
    assert as_credited(article) is article  # nothing to credit: stored as the text gave it
