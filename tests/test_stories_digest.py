"""The digest shows a story once with its outlets, region tags, and a money box per topic."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from monitor.digest import build_digest, render_digest
from monitor.models import Article, RawDocument, TopicMatch
from monitor.store import Store
from monitor.stories.stored import fold_new_articles
from monitor.topics import load_topics
from tests.test_stories_fold import remove_spaces

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2025, 6, 21, 9, 0, tzinfo=UTC)
TEXT = ("전주시가 19일 국토교통부 공모사업인 '2025년 거점형 스마트시티 조성사업'에 최종 선정됐다. 3년간 국비 160억, "
        "도비 16억, 시비 144억 등 325억 사업비가 확정된 이번 사업으로 전주는 다섯 개 분야에서 전주형 AI 스마트도시 "
        "모델을 본격 가동할 전망이다.\n\n국비 160억이 투입되는 이번 사업 선정으로 전주는 경쟁하던 수원과 화성을 앞서며 "
        "거점형 스마트시티로 최종 선정되는 쾌거를 이뤘다. 전주시가 선정된 거점형 스마트시티 조성사업은 전북의 거점이자 "
        "주변 도시로 연계·확산이 가능한 찾아가는 초개인 맞춤형 스마트도시 구축을 골자로 한다.")


def add(store: Store, name: str, headline: str, text: str, outlet: str, published: date, when: datetime) -> None:
    doc = RawDocument(source=f"inbox/{name}", name=name, text=text,
                      content_hash=hashlib.sha256(text.encode()).hexdigest())
    article = Article(doc.source, 0, headline, text, text[:80], outlet=outlet, published=published,
                      spacing_restored=" " not in text)
    store.add_document(doc, [article], [[TopicMatch("smart_cities", 5.0, 1.0, True, ("스마트시티",))]], when)


def test_a_story_is_shown_once_with_its_outlets_regions_and_money(store: Store) -> None:
    topics = load_topics(ROOT / "monitor" / "config" / "topics.toml")
    add(store, "b.txt", "전주거점형스마트시티선정", remove_spaces(TEXT), "새전북신문", date(2025, 6, 21),
        NOW - timedelta(hours=3))
    add(store, "a.txt", "전주, 거점형 스마트시티 선정…AI 선도도시", TEXT, "동아경제신문", date(2025, 6, 20),
        NOW - timedelta(hours=2))
    fold_new_articles(store, NOW - timedelta(hours=1))
    view = build_digest(store, topics, NOW, "Asia/Seoul")
    [section] = [s for s in view.sections if s.topic_id == "smart_cities"]
    [item] = section.items
    assert view.article_count == 2
    assert item.headline == "전주, 거점형 스마트시티 선정…AI 선도도시"
    assert item.outlets == ("동아경제신문", "새전북신문")  # who ran it first comes first
    assert [copy.outlet for copy in item.copies] == ["동아경제신문"]
    assert item.regions[:2] == ("전주", "전북")
    [line] = section.money  # one line for the story, not one per copy
    assert line.region == "전주"
    [total] = line.figures
    assert (total.amount.kind, total.amount.krw) == ("total", 32_500_000_000)
    assert [(part.amount.kind, part.amount.krw) for part in total.parts] == [
        ("국비", 16_000_000_000), ("도비", 1_600_000_000), ("시비", 14_400_000_000)]
    html = render_digest(view)
    assert html.count("<h3>") == 1
    assert "보도 2곳" in html and "(최초)" in html
    assert 'data-money="smart_cities"' in html and "시비 144억 원" in html
    assert '<span class="region">전주</span>' in html


def test_three_copies_stating_the_same_figures_give_one_money_line(store: Store) -> None:
    later = TEXT + "\n\n시는 내년 상반기 실시설계에 들어간다."  # a copy with one more sentence, no more money
    copies = [("a.txt", "전주, 거점형 스마트시티 선정", TEXT, "동아경제신문"),
              ("b.txt", "전주거점형스마트시티선정", remove_spaces(TEXT), "새전북신문"),
              ("c.txt", "전주시 거점형 스마트시티 최종 선정", later, "전북일보")]
    for hours, (name, headline, text, outlet) in zip((4, 3, 2), copies, strict=True):
        add(store, name, headline, text, outlet, date(2025, 6, 20), NOW - timedelta(hours=hours))
    fold_new_articles(store, NOW - timedelta(hours=1))
    view = build_digest(store, load_topics(ROOT / "monitor" / "config" / "topics.toml"), NOW, "Asia/Seoul")
    [section] = [s for s in view.sections if s.topic_id == "smart_cities"]
    assert [len(item.outlets) for item in section.items] == [3]
    [line] = section.money
    assert line.figures_text == "총 325억 원 (국비 160억 원 · 도비 16억 원 · 시비 144억 원 포함)"
    assert render_digest(view).count('class="money-line"') == 1
