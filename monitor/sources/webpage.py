"""Article pages: the main text of one page's HTML, for fetched and saved pages.

Feeds with `fetch_full_text` fetch each entry's page; users also drop pages
saved from a browser (`*.html`, `*.htm`) into the inbox or hand them to
`monitor analyze`. Either way trafilatura finds the article among menus, share
buttons, ads, related-article lists and footers, and reads the page's title
and date from its metadata (`<title>`, `og:title`, `article:published_time`, …).

trafilatura (and lxml behind it) takes ~250 ms to import, so it is imported on
first use: text files, feeds without full text and `monitor --help` never pay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from monitor.errors import SourceError
from monitor.sources.encoding import CONTROL_CHARACTERS, decode_feed

SEOUL = ZoneInfo("Asia/Seoul")  # a page's bare date is a Korean calendar day
PAGE_SUFFIXES = (".html", ".htm")
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")


@dataclass(frozen=True, slots=True)
class SavedPage:
    """What a saved article page gives the text stage."""

    text: str  # the title, a blank line, then the body's paragraphs separated by blank lines
    title: str | None
    published: datetime | None
    encoding: str


def extract_article(html: str, *, url: str | None = None) -> str:
    """The main text of an article page, paragraphs separated by a blank line ("" when none).

    >>> extract_article(open("tests/data/feeds/article_utf8.html").read())[:22]  # doctest: +SKIP
    'AI 안전망·탄소중립 보상시스템 등 전주형 스마트도시'
    """
    import trafilatura

    # Tables stay in: old Korean sites lay the whole article out inside a <td>.
    text = trafilatura.extract(html, url=url, include_comments=False, include_tables=True, favor_precision=True)
    if not text:
        return ""
    lines = (" ".join(CONTROL_CHARACTERS.sub("", _cells(line)).split()) for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)


def _cells(line: str) -> str:
    """A table row as trafilatura writes it ("| a | b |") as plain text: layout tables are not data."""
    if not TABLE_ROW.match(line):
        return line
    return " ".join(cell.strip() for cell in line.strip().strip("|").split("|") if cell.strip(" -"))


def read_saved_page(data: bytes, source: str) -> SavedPage:
    """The article of a saved page's bytes; SourceError naming `source` when the page holds none."""
    import trafilatura

    decoded = decode_feed(data, source=source)  # BOM, then <meta> charset, then detection
    body = extract_article(decoded.text)
    meta = trafilatura.extract_metadata(decoded.text)
    title = " ".join((meta.title or "").split()) or None
    if not body or body == title:  # an error page or an index gives its title at most
        raise SourceError(source, "no article text found in the page", hint="save the article page itself")
    return SavedPage(titled(title, body), title, _page_date(meta.date), decoded.encoding)


def titled(title: str | None, body: str) -> str:
    """The body with the title before it, as the text stage reads a page.

    The page's own title is not in the extracted text: without it the text stage
    would take the first subheading for the headline.
    """
    return body if not title or body.startswith(title) else f"{title}\n\n{body}"


def _page_date(value: str | None) -> datetime | None:
    """trafilatura's `YYYY-MM-DD` as midnight in Seoul; None when absent or malformed."""
    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        return None
    return datetime(day.year, day.month, day.day, tzinfo=SEOUL)
