"""Feed bytes -> RawDocuments: formats, encodings, dates, entry HTML, identity."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from monitor.sources.encoding import as_utf8_feed, decode_feed, normalize_codec
from monitor.sources.feeds import FeedParseError, parse_date, parse_feed
from monitor.sources.html import html_to_text

FEEDS = Path(__file__).resolve().parent / "data" / "feeds"
KST = timezone(timedelta(hours=9))


def parse(name: str, **kwargs):  # type: ignore[no-untyped-def]
    return parse_feed((FEEDS / name).read_bytes(), feed=name, **kwargs)


@pytest.mark.parametrize(
    ("name", "version", "title", "link", "published", "author"),
    [
        ("rss20.xml", "rss20", "전북도, 스마트시티 챌린지 공모 선정", "http://127.0.0.1/press/1001",
         datetime(2025, 6, 20, 9, 30, tzinfo=KST), "홍보담당관실"),
        ("atom10.xml", "atom10", "광주시, 수소 버스 100대 도입", "http://127.0.0.1/gwangju/77",
         datetime(2025, 6, 20, 8, 0, tzinfo=UTC), "교통정책과"),
        ("rss10.rdf", "rss10", "대구시, 도심 공항 이전 설명회 개최", "http://127.0.0.1/daegu/5",
         datetime(2025, 6, 18, 11, 0, tzinfo=KST), "공항정책과"),
    ],
)
def test_each_format_yields_documents(name: str, version: str, title: str, link: str, published: datetime,
                                      author: str) -> None:
    parsed = parse(name)
    assert parsed.version == version and parsed.problem is None
    doc = parsed.entries[0].document
    assert (doc.title, doc.link, doc.author, doc.feed) == (title, link, author, name)
    assert doc.published == published and doc.published.utcoffset() is not None
    assert doc.source == link and doc.name == title and doc.text


def test_entry_html_becomes_clean_paragraphs() -> None:
    doc = parse("rss20.xml").entries[0].document
    assert doc.text == ("전북특별자치도는 국토교통부 스마트시티 챌린지 공모에 선정돼 "
                        "국비 30억원을 확보했다고 20일 밝혔다.\n\n"
                        "도는 2026년까지 데이터 기반 교통 서비스를 구축한다.")


def test_atom_prefers_full_content_over_summary() -> None:
    doc = parse("atom10.xml").entries[0].document
    assert doc.text == "광주광역시는 올해 수소 버스 100대를 도입한다고 20일 밝혔다.\n\n충전소도 두 곳 늘린다."


def test_date_without_zone_is_seoul() -> None:
    doc = parse("rss20.xml").entries[1].document
    assert doc.published == datetime(2025, 6, 19, 14, 0, tzinfo=KST)


@pytest.mark.parametrize("name", ["euckr_declared.xml", "euckr_undeclared.xml"])
def test_euc_kr_with_and_without_declaration(name: str) -> None:
    parsed = parse(name)
    assert parsed.encoding == "cp949" and parsed.title == "충청북도 보도자료"
    doc = parsed.entries[0].document
    assert doc.title == "충북도, 반도체 특화단지 지정 건의"
    assert doc.text.endswith("건의했다. 똠방각하")  # 똠 exists only in CP949, not in EUC-KR proper
    assert doc.published == datetime(2025, 6, 17, 15, 20, tzinfo=KST)


def test_wrong_http_charset_is_overruled_by_clean_cp949() -> None:
    parsed = parse("euckr_undeclared.xml", content_type="text/xml; charset=utf-8")
    assert parsed.entries[0].document.title == "충북도, 반도체 특화단지 지정 건의"


def test_per_feed_override_wins_over_a_lying_header() -> None:
    # Latin-1 decodes any bytes, so a server claiming it turns Hangul into mojibake without an error.
    lying = parse("euckr_undeclared.xml", content_type="text/xml; charset=iso-8859-1")
    assert lying.encoding == "iso8859-1" and lying.entries[0].document.title != "충북도, 반도체 특화단지 지정 건의"
    fixed = parse("euckr_undeclared.xml", content_type="text/xml; charset=iso-8859-1", encoding="euc-kr")
    assert fixed.encoding == "cp949" and fixed.entries[0].document.title == "충북도, 반도체 특화단지 지정 건의"


def test_bad_bytes_are_replaced_visibly_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    data = (FEEDS / "euckr_declared.xml").read_bytes().replace("특화단지".encode("cp949"), b"\xff\xfe\xff\xfe")
    with caplog.at_level(logging.WARNING):
        parsed = parse_feed(data, feed="broken.xml")
    assert len(parsed.entries) == 1 and "\ufffd" in parsed.entries[0].document.title
    assert "broken.xml" in caplog.text and "replaced with U+FFFD" in caplog.text


def test_malformed_feed_keeps_its_entries_and_strips_control_characters() -> None:
    parsed = parse("malformed.xml")
    assert parsed.problem  # bozo
    assert [e.document.title for e in parsed.entries] == ["경남도, 우주항공 산업 지원 확대", "제목 안에 제어문자 있음"]


def test_html_page_is_not_an_empty_feed() -> None:
    with pytest.raises(FeedParseError, match=r"^not_a_feed.html: not an RSS or Atom feed"):
        parse("not_a_feed.html")


def test_identity_guid_else_link_else_hash() -> None:
    assert parse("rss20.xml").entries[0].entry_id == "jb-press-1001"
    assert parse("malformed.xml").entries[0].entry_id == "http://127.0.0.1/gn/1"  # no guid: the link
    bare = b'<rss version="2.0"><channel><item><title>t</title><pubDate>2025-06-01</pubDate></item></channel></rss>'
    entry = parse_feed(bare, feed="bare").entries[0]
    assert len(entry.entry_id) == 64 and entry.document.source == f"bare#{entry.entry_id}"


def test_same_words_same_hash_even_with_another_guid() -> None:
    first = parse("rss20.xml").entries[0].document
    changed = (FEEDS / "rss20.xml").read_bytes().replace(b"jb-press-1001", b"jb-press-9999")
    again = parse_feed(changed, feed="rss20.xml").entries[0]
    assert again.entry_id == "jb-press-9999" and again.document.content_hash == first.content_hash


def test_entry_without_title_or_text_is_skipped() -> None:
    data = b'<rss version="2.0"><channel><item><link>http://x/1</link></item><item><title>t</title></item></channel></rss>'
    assert [e.document.title for e in parse_feed(data, feed="f").entries] == ["t"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Fri, 20 Jun 2025 09:30:00 +0900", datetime(2025, 6, 20, 9, 30, tzinfo=KST)),
        ("Fri, 20 Jun 2025 09:30:00 KST", datetime(2025, 6, 20, 9, 30, tzinfo=KST)),
        ("Fri, 20 Jun 2025 09:30:00 GMT", datetime(2025, 6, 20, 9, 30, tzinfo=UTC)),
        ("Fri, 20 Jun 2025 09:30:00", datetime(2025, 6, 20, 9, 30, tzinfo=KST)),
        ("2025-06-20T00:30:00Z", datetime(2025, 6, 20, 0, 30, tzinfo=UTC)),
        ("2025-06-20 09:30", datetime(2025, 6, 20, 9, 30, tzinfo=KST)),
        ("2025.06.20 09:30", datetime(2025, 6, 20, 9, 30, tzinfo=KST)),  # feedparser reads this as 1 November
        ("2025년 6월 20일 오후 3:05", datetime(2025, 6, 20, 15, 5, tzinfo=KST)),
        ("2025-06-20", datetime(2025, 6, 20, 0, 0, tzinfo=KST)),
        ("not a date", None),
        ("", None),
    ],
)
def test_parse_date(raw: str, expected: datetime | None) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>a</p><p>b</p>", "a\n\nb"),
        ("<div>줄<br>바꿈</div>", "줄\n바꿈"),
        ("<p>x<script>alert(1)</script><style>.a{}</style></p>", "x"),
        ('<p>본문<img src="https://t.example/p.gif" width="1" height="1"></p>', "본문"),
        ("<ul><li>하나</li><li>둘</li></ul>", "- 하나\n\n- 둘"),
        ("A &amp; B &lt;C&gt;", "A & B <C>"),
        ('<p onclick="x()">a <a href="javascript:x()">링크</a></p><iframe src="x">숨김</iframe>', "a 링크"),
        ("plain  text\n\n\n둘째 문단", "plain text\n\n둘째 문단"),
        ("", ""),
    ],
)
def test_html_to_text(html: str, text: str) -> None:
    assert html_to_text(html) == text


@pytest.mark.parametrize(("label", "codec"), [("EUC-KR", "cp949"), ("ks_c_5601-1987", "cp949"), ("UTF8", "utf-8"),
                                              ("x-nonsense", None), (None, None)])
def test_charset_labels(label: str | None, codec: str | None) -> None:
    assert normalize_codec(label) == codec


def test_decoding_order_bom_beats_header_and_declaration() -> None:
    data = b"\xef\xbb\xbf" + '<?xml version="1.0" encoding="euc-kr"?><rss>가</rss>'.encode()
    decoded = decode_feed(data, content_type="text/xml; charset=euc-kr")
    assert (decoded.via, decoded.encoding) == ("bom", "utf-8") and "가" in decoded.text


def test_text_handed_to_feedparser_declares_utf8() -> None:
    assert as_utf8_feed("<?xml version='1.0' encoding='euc-kr'?><rss>\x01가</rss>") == \
        "<?xml version='1.0' encoding='utf-8'?><rss>가</rss>".encode()
