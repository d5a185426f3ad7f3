"""The facts (money, regions) are found once, at ingest: a digest reads them from the store.

A digest that parsed every text again spent two thirds of its time there. These tests count
the parser's calls instead of timing anything: none for articles stored with their facts, one
per article for articles stored before (or by other rules), and the same digest either way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import create_engine, insert, select, update

import monitor.facts
from monitor.digest import build_digest, render_digest
from monitor.facts import article_facts
from monitor.facts.stored import decode, encode
from monitor.models import Article
from monitor.store import Store, schema
from monitor.store.migrations import migrate
from monitor.text import extract_articles
from tests.corpus_support import CORPUS, corpus_labels, requires_corpus
from tests.digest_support import END, fill, topics

NOW = datetime(2026, 1, 5, 23, 0)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every text the facts parser reads (find_amounts and find_regions, as article_facts calls them)."""
    calls: list[str] = []

    def counted(find: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(text: str, *args: Any, **kwargs: Any) -> Any:
            calls.append(text)
            return find(text, *args, **kwargs)
        return wrapper

    monkeypatch.setattr(monitor.facts, "find_amounts", counted(monitor.facts.find_amounts))
    monkeypatch.setattr(monitor.facts, "find_regions", counted(monitor.facts.find_regions))
    yield calls


def test_a_digest_reads_the_facts_found_at_ingest(store: Store, parses: list[str]) -> None:
    topic_set = topics()
    fill(store, topic_set)
    stored = store.count_articles()
    assert len(parses) == 2 * stored  # at ingest: amounts and regions of each article, once
    parses.clear()
    view = build_digest(store, topic_set, END, "Asia/Seoul")
    render_digest(view)
    assert view.article_count == stored and any(s.money for s in view.sections)
    assert parses == []


def test_articles_stored_without_facts_are_parsed_and_give_the_same_digest(store: Store,
                                                                           parses: list[str]) -> None:
    topic_set = topics()
    fill(store, topic_set)
    expected = render_digest(build_digest(store, topic_set, END, "Asia/Seoul", name="with"))
    with store.engine.begin() as conn:  # as if stored before migration 9, and by other rules
        conn.execute(update(schema.articles).where(schema.articles.c.id % 2 == 0).values(facts=None))
        conn.execute(update(schema.articles).where(schema.articles.c.id % 2 == 1)
                     .values(facts={"recipe": "0:old", "amounts": [], "regions": []}))
    parses.clear()
    again = render_digest(build_digest(store, topic_set, END, "Asia/Seoul", name="with"))
    assert len(parses) == 2 * store.count_articles()
    assert again == expected


def test_facts_read_back_equal_those_found() -> None:
    article = Article("a.txt", 0, "전주, 스마트시티 선정", "전주시는 국비 160억원, 도비 16억원 등 총 325억원을 들여 "
                      "1대당 최대 5,000만원을 지원한다. 지난해 10억~20억 원 규모였다.", "",
                      subheadlines=("전북특별자치도와 함께",))
    facts = article_facts(article)
    assert facts.amounts and facts.regions
    assert decode(encode(facts)) == facts
    assert decode(None) is None
    assert decode({**encode(facts), "recipe": "0:old"}) is None


@requires_corpus
def test_facts_read_back_equal_those_found_over_the_corpus() -> None:
    from monitor.sources.folder import read_document

    checked = 0
    for entry in corpus_labels()["articles"]:
        for article in extract_articles(read_document(CORPUS / entry["file"])):
            facts = article_facts(article)
            assert decode(encode(facts)) == facts, entry["file"]
            checked += bool(facts.amounts)
    assert checked > 20


def test_articles_stored_before_the_upgrade_are_parsed_when_shown(sqlite_url: str, parses: list[str]) -> None:
    # The upgrade only adds the column (filling it would hold the first start for minutes on a big
    # store); a digest parses those articles as it always did.
    from pathlib import Path

    Path(sqlite_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    old = create_engine(sqlite_url)
    migrate(old, upto=8)
    text = "광주시는 국비 62억원을 확보했다."
    with old.begin() as conn:
        doc = conn.execute(insert(schema.documents).values(
            source="inbox/a.txt", name="a.txt", content_hash="h" * 64, encoding="utf-8", text=text,
            ingested_at=NOW)).inserted_primary_key[0]
        conn.execute(insert(schema.articles).values(
            document_id=doc, idx=0, headline="광주, 국비 확보", subheadlines=["부제"], text=text, summary=text,
            sentences=[[0, len(text)]], spacing_restored=False, ingested_at=NOW, published=date(2026, 1, 5)))
    old.dispose()
    store = Store.open(sqlite_url)
    try:
        with store.engine.connect() as conn:
            assert conn.execute(select(schema.articles.c.facts)).scalar_one() is None
        assert parses == []  # nothing parsed by the upgrade itself
        # Read without facts: the digest parses it (the test above: the same page either way).
        (entry,) = store.articles_between(None, NOW.replace(tzinfo=UTC).replace(year=2027))
        assert entry.facts is None and entry.article.text == text
    finally:
        store.close()
