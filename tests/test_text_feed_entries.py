"""Feed entries: the title stands in for a headline, and a title-only entry is still an article."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from monitor.models import RawDocument
from monitor.text import extract_articles

SEOUL = ZoneInfo("Asia/Seoul")


def entry(text: str, title: str | None = "전주, 거점형 스마트시티 선정",
          author: str | None = "김선아 기자") -> RawDocument:
    return RawDocument(source="https://news.example.kr/1", name="1", text=text, content_hash="h", title=title,
                       published=datetime(2025, 6, 20, 15, 9, tzinfo=SEOUL), author=author)


@pytest.mark.parametrize("body", ["", "   \n\n", "\ufffd"])
def test_title_only_entry_is_one_headline_article(body: str) -> None:
    [article] = extract_articles(entry(body))
    assert article.headline == "전주, 거점형 스마트시티 선정"
    assert article.text == "" and article.summary == ""
    assert article.byline == "김선아"
    # The entry's date, marked as the feed's: the text shows none (`published` stays null).
    assert (article.dated, article.date_source, article.published) == (date(2025, 6, 20), "feed", None)


def test_teaser_keeps_its_text_under_the_title() -> None:
    [article] = extract_articles(entry("전주시가 거점형 스마트시티 조성사업에 선정됐다고 19일 밝혔다."))
    assert article.headline == "전주, 거점형 스마트시티 선정"
    assert article.text.startswith("전주시가 거점형 스마트시티")


def test_no_title_and_no_text_is_no_article() -> None:
    assert extract_articles(entry("", title=None)) == []
