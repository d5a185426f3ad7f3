"""The full article for teaser-only feed entries (`fetch_full_text = true`).

For each *new* entry of such a feed, its link is fetched with the feed's own
bounded fetcher (timeouts, size limit, redirect limit, User-Agent), decoded by
the same rules as a feed (HTTP charset, then the page's <meta> charset, EUC-KR
read as CP949), and trafilatura extracts the main text (`webpage.extract_article`):
menus, share buttons, ads, related-article lists and footers stay behind.

The extracted body replaces the teaser only when it is clearly the article:
longer than the teaser by MIN_GAIN, and containing the teaser's opening words
(compared without spaces and punctuation, which sites re-type). A login or
paywall page, or a site's generic page, fails that test and the entry keeps
its teaser. So does an entry whose page cannot be fetched. Either way one
line names the link; nothing here drops an entry or fails the feed.

The document keeps the teaser's content hash: an entry's identity must not
depend on whether its page answered this time, and a publisher re-issuing an
item under a new guid is then recognised before its page is fetched again.

Politeness: pages are fetched one after the other, at most `limit` per feed
per pass; entries beyond that keep their teaser.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import replace

import httpx

from monitor.errors import SourceError
from monitor.sources.encoding import decode_feed
from monitor.sources.feeds import FeedEntry
from monitor.sources.http import FetchPolicy, fetch
from monitor.sources.webpage import extract_article, titled

logger = logging.getLogger(__name__)

MIN_GAIN = 1.2  # the page's text must be at least this many times as long as the teaser
OPENING_WORDS = 6  # teaser words that must appear in the page's text
NOT_WORD = re.compile(r"[\W_]+")  # spaces and punctuation, ignored when comparing openings
# How teasers end when the feed cut them: "…", "...", "[…]", "(더보기)".
CUT_MARK = re.compile(r"\s*(?:\[?(?:…|\.{2,})\]?|\(?더보기\)?)\s*$")
# Responses that can hold an article; a PDF or an image link keeps its teaser.
PAGE_TYPES = ("html", "xml", "text/plain")


def with_full_text(entries: Sequence[FeedEntry], client: httpx.Client, policy: FetchPolicy, *, feed: str,
                   limit: int, known: Callable[[str], bool] = lambda content_hash: False,
                   ) -> list[FeedEntry]:
    """The entries, each with its page's article text where that could be had; never raises.

    `known(content_hash)` says a document is stored already: its page is not fetched.

    >>> entries = with_full_text(parsed.entries, client, FetchPolicy(), feed="전북도청", limit=20)  # doctest: +SKIP
    """
    result: list[FeedEntry] = []
    fetched = improved = over_limit = 0
    for entry in entries:
        link = entry.document.link
        if not link or not link.startswith(("http://", "https://")) or known(entry.document.content_hash):
            result.append(entry)
        elif fetched >= limit:
            over_limit += 1
            result.append(entry)
        else:
            fetched += 1
            full = _with_article(entry, link, client, policy, feed)
            improved += full is not entry
            result.append(full)
    if fetched:
        logger.info("%s: full text for %d of %d page(s) fetched", feed, improved, fetched)
    if over_limit:
        logger.info("%s: %d more new entries keep their teaser (full_text_limit = %d per pass)", feed, over_limit,
                    limit)
    return result


def _with_article(entry: FeedEntry, link: str, client: httpx.Client, policy: FetchPolicy, feed: str) -> FeedEntry:
    """The entry with its page's article text, or the entry unchanged (one log line says why)."""
    teaser = entry.document.text
    try:
        page = fetch(client, link, policy)
        content_type = (page.content_type or "text/html").lower()
        if not any(kind in content_type for kind in PAGE_TYPES):
            logger.warning("%s: %s is %s, not a web page; teaser kept", feed, link, content_type.split(";")[0])
            return entry
        html = decode_feed(page.body, content_type=page.content_type, source=link).text
        body = extract_article(html, url=page.url)
    except SourceError as e:  # FetchError names the link
        logger.warning("%s: article page not fetched, teaser kept: %s", feed, e)
        return entry
    except Exception as e:  # a page nobody foresaw must not cost the entry or the feed
        logger.warning("%s: %s: article not extracted (%s: %s); teaser kept", feed, link, e.__class__.__name__, e)
        return entry
    problem = _not_the_article(body, teaser)
    if problem:
        logger.warning("%s: %s does not hold the article (%s); teaser kept", feed, link, problem)
        return entry
    return FeedEntry(entry.entry_id, replace(entry.document, text=titled(entry.document.title, body)))


def is_article(body: str, teaser: str) -> bool:
    """True when `body` is clearly the article `teaser` comes from: longer, and holding its opening words.

    >>> is_article("전북도는 20일 공모에 선정됐다고 밝혔다. " * 3, "전북도는 20일 공모에 선정됐다고…")
    True
    >>> is_article("이 기사는 유료 회원 전용입니다. 로그인해 주세요. " * 3, "전북도는 20일 공모에 선정됐다고…")
    False
    """
    return _not_the_article(body, teaser) is None


def _not_the_article(body: str, teaser: str) -> str | None:
    """Why `body` cannot replace `teaser`, or None."""
    if not body:
        return "no text extracted"
    if len(body) < MIN_GAIN * len(teaser):
        return f"{len(body)} chars extracted, the teaser has {len(teaser)}"
    opening = _opening(teaser)
    if not opening or opening not in _squash(body):
        return f"{len(body)} chars extracted, without the teaser's opening words"
    return None


def _opening(teaser: str) -> str:
    words = CUT_MARK.sub("", teaser).split()
    # A short teaser may end in a word the feed cut in half.
    words = words[:OPENING_WORDS] if len(words) > OPENING_WORDS else words[:-1] or words
    return _squash(" ".join(words))


def _squash(text: str) -> str:
    return NOT_WORD.sub("", unicodedata.normalize("NFC", text)).lower()
