"""`monitor analyze`: the text pipeline's public face, as JSON Lines.

One JSON object per article, in input order, UTF-8. This is a contract other
tools rely on (documented in README.md, "monitor analyze output"): fields are
only ever added, never renamed or removed.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from monitor.errors import SourceError, UsageError
from monitor.facts import article_facts
from monitor.models import Article, RawDocument, TopicMatch
from monitor.pipeline import analyze_document
from monitor.sources.feeds import is_feed_location, read_feed_location
from monitor.sources.folder import list_inbox, read_document
from monitor.stories import InvocationFolder
from monitor.text.titles import derived_title
from monitor.topics import TopicSet

logger = logging.getLogger(__name__)


def article_record(article: Article, matches: Iterable[TopicMatch], doc: RawDocument | None = None,
                   story: int | None = None) -> dict[str, Any]:
    """The JSON object for one article (field order is part of the contract)."""
    accepted = [m for m in matches if m.accepted]
    return {
        "source": article.source,
        "index": article.index,
        "headline": article.headline,
        "byline": article.byline,
        "outlet": article.outlet,
        "published": article.published.isoformat() if article.published else None,
        "text": article.text,
        "summary": article.summary,
        "topics": [m.topic_id for m in accepted],
        "matched": {m.topic_id: list(m.keywords) for m in accepted},
        # Added for feed documents (null for files): the entry's link and the feed it came from.
        "link": doc.link if doc else None,
        "feed": doc.feed if doc else None,
        # Added with stories and facts: the story number (equal for copies of one event within one
        # invocation), every amount of money in won, and the regions named, the main one first.
        "story": story,
        **_facts_fields(article),
        # Added with headline, date and outlet detection: a display title (the headline, else one derived
        # from the lead, `headline` staying null), the best date known and where it came from, and the
        # outlet the source names (feed title or configured name) for when the text names none.
        "title": article.headline or derived_title(article.text),
        "date": article.dated.isoformat() if article.dated else None,
        "date_source": article.date_source,
        "publisher": article.publisher,
    }


def _facts_fields(article: Article) -> dict[str, Any]:
    facts = article_facts(article)
    return {
        # Added with the money box: the unit an amount is per, its qualifier, a range's upper end, past money.
        "amounts": [{"text": a.text, "krw": a.krw, "kind": a.kind, "max": a.max, "per_unit": a.per_unit,
                     "approx": a.approx, "upto": a.upto, "past": a.past} for a in facts.amounts],
        "regions": [r.name for r in facts.regions],
    }


URL_SCHEMES = ("http://", "https://")


def expand_paths(paths: Iterable[str]) -> list[tuple[str, Path]]:
    """(source label as the user gave it, file) for URLs, files and the inbox files of folders.

    Every path is checked before anything is read, so a typo fails with a usage
    error before the first line of output.
    """
    found: list[tuple[str, Path]] = []
    for given in paths:
        path = Path(given)
        if given.startswith(URL_SCHEMES) or path.is_file():
            found.append((given, path))  # a URL is read by read_documents
        elif path.is_dir():
            found.extend((str(path / child.name), child) for child in list_inbox(path))
        else:
            raise UsageError(f"{given}: no such file or folder")
    return found


def read_documents(paths: Iterable[str], errors: list[str]) -> Iterator[RawDocument]:
    """Each input's documents (a feed gives one per entry); unreadable inputs go to `errors`."""
    for label, path in expand_paths(paths):
        try:
            if is_feed_location(label):  # each entry of a feed file or URL is a document
                yield from read_feed_location(label)
            else:
                yield read_document(path, source=label)
        except SourceError as e:
            logger.error("%s", e)
            errors.append(str(e))


def analyze_paths(paths: list[str], topics: TopicSet, out: TextIO) -> int:
    """Print one JSON line per article; return the number of unreadable inputs.

    The lines are written once every input is read: stories are folded over the
    whole invocation (IDF learned from all of its articles, see monitor.stories),
    so an article's story number is known only then.
    """
    errors: list[str] = []
    analysed = [(article, matches, doc) for doc in read_documents(paths, errors)
                for article, matches in analyze_document(doc, topics)]
    stories = InvocationFolder().fold([article for article, _, _ in analysed])  # the database is not read
    for (article, matches, doc), story in zip(analysed, stories, strict=True):
        out.write(json.dumps(article_record(article, matches, doc, story=story), ensure_ascii=False) + "\n")
    out.flush()
    return len(errors)
