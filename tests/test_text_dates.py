"""Publication dates as the text shows them, and where an article's date came from."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from monitor.models import RawDocument
from monitor.text import extract_articles
from monitor.text.dates import find_date, leading_date, source_dating

LEAD = "광주시는 20일 북구에서 AI 데이터센터 2단계 착공식을 열고 공사에 들어갔다고 밝혔다."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("입력 | 2025-12-24 22:51   수정 | 2025-12-24 22:52", date(2025, 12, 24)),  # a bar after the label
        ("• 승인 2023.01.31 17:16", date(2023, 1, 31)),
        ("디지털경제입력 :2021/09/23 09:03", date(2021, 9, 23)),  # a section glued to the label
        ("작성자 홍길동기자 댓글 0건 조회 541회 작성일 24.07.04", date(2024, 7, 4)),  # two-digit year after a label
        ("기사등록 2024/06/23 11:00:00 최종수정 2024/06/23 14:06:51", date(2024, 6, 23)),
        ("제목\n2023-05-04 11:38:37 게재\n본문이다.", date(2023, 5, 4)),  # the label after the time
        ("제목\n2024.11.11 15:49:23\n본문이다.", date(2024, 11, 11)),  # a bare stamp under the headline
        ("제목\n  • 2026.01.26 17:40\n본문이다.", date(2026, 1, 26)),
        ("수정 2025.01.02 10:00", None),  # the last edit is not the publication
        ("행사는 24.07.04 열린다.", None),  # a two-digit year counts only after a label
        ("2025년 6월 20일 지진이 났다", None),
    ],
)
def test_dates_the_text_shows(text: str, expected: date | None) -> None:
    assert find_date(text) == expected


def test_a_bare_stamp_counts_only_in_the_header() -> None:
    body = "\n".join([LEAD] * 30)  # far past the header
    assert find_date(f"제목\n{body}\n2025.03.03 10:00\n") is None


@pytest.mark.parametrize(
    ("text", "expected", "rest"),
    [
        (" date 2025-08-19 광주시, 착공\n", date(2025, 8, 19), "광주시, 착공\n"),
        ("date 2025-08-19\n광주시, 착공", date(2025, 8, 19), "광주시, 착공"),
        ("update 2025-08-19 광주", None, "update 2025-08-19 광주"),
        (" date 2021-03 광주", None, " date 2021-03 광주"),  # a month is no publication day
    ],
)
def test_a_leading_date_line(text: str, expected: date | None, rest: str) -> None:
    assert leading_date(text) == (expected, rest)


def test_the_leading_date_dates_the_article_and_leaves_the_headline() -> None:
    doc = RawDocument("a.txt", "a.txt", f" date 2025-08-19 광주시, AI 센터 착공\n\n{LEAD}\n", "h")
    [article] = extract_articles(doc)
    assert (article.headline, article.published, article.date_source) == ("광주시, AI 센터 착공", date(2025, 8, 19),
                                                                          "text")


@pytest.mark.parametrize(
    ("published", "doc", "expected"),
    [
        (date(2025, 1, 2), RawDocument("a.txt", "a.txt", "", "h", published=datetime(2025, 3, 4)),
         (date(2025, 1, 2), "text")),
        (None, RawDocument("https://a.kr/1", "1", "", "h", feed="feed.xml", published=datetime(2025, 3, 4)),
         (date(2025, 3, 4), "feed")),
        (None, RawDocument("saved/page.html", "page.html", "", "h", published=datetime(2025, 3, 4)),
         (date(2025, 3, 4), "file")),
        (None, RawDocument("a.txt", "a.txt", "", "h"), (None, None)),
    ],
)
def test_the_best_date_known_and_where_it_came_from(published, doc, expected) -> None:  # type: ignore[no-untyped-def]
    assert source_dating(published, doc) == expected


def test_a_feed_date_never_passes_for_the_texts_own() -> None:
    doc = RawDocument("https://a.kr/1", "1", f"광주시, AI 센터 착공\n\n{LEAD}\n", "h", feed="feed.xml",
                      published=datetime(2025, 3, 4, 9, 0))
    [article] = extract_articles(doc)
    assert (article.published, article.dated, article.date_source) == (None, date(2025, 3, 4), "feed")
