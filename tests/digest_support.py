"""A fixed digest for the golden and browser tests: the stored articles of tests/data/digest/articles.json.

The articles go through the real store, the real topics and the real story folding;
only the text pipeline is skipped (its own tests cover it), so the digest is the same
on every machine and fast to build.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

from monitor import __version__
from monitor.delivery.compose import compose
from monitor.digest import build_digest, render_digest
from monitor.digests_config import DigestConfig, Recipient, SmtpConfig
from monitor.models import Article, RawDocument
from monitor.sources.health import Attention
from monitor.store import Store
from monitor.store.outbox import Outbox
from monitor.stories.stored import fold_new_articles
from monitor.topics import TopicSet, load_topics

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "digest"
END = datetime(2026, 1, 5, 23, 0, tzinfo=UTC)  # the digest's period ends here (08:00 in Seoul)
RECIPIENT = Recipient("kim@example.org", "김민수")
SMTP = SmtpConfig(host="127.0.0.1", sender="monitor@example.org", sender_name="정책 뉴스 모니터")
CONFIG = DigestConfig("daily", "0 8 * * *", "Asia/Seoul", recipients=(RECIPIENT,), max_per_topic=1,
                      report_url="https://reports.example.org/monitor/")
ATTENTION = (Attention(key="feed:https://press.example.kr/rss", name="도청 보도자료", kind="feed", reason="failing",
                       message="failing since 2026-01-03 08:00 UTC (9 attempts): HTTP 500", since=None),)


def topics() -> TopicSet:
    return load_topics(ROOT / "monitor" / "config" / "topics.toml")


def fill(store: Store, topic_set: TopicSet) -> None:
    """Store the fixed articles and fold them into stories."""
    for entry in json.loads((DATA / "articles.json").read_text(encoding="utf-8"))["articles"]:
        article = Article(source=f"inbox/{entry['name']}", index=0, headline=entry["headline"], text=entry["text"],
                          summary=entry["summary"], outlet=entry["outlet"], byline=entry["byline"],
                          published=date.fromisoformat(entry["published"]))
        doc = RawDocument(source=article.source, name=entry["name"], text=entry["text"],
                          content_hash=entry["name"].ljust(64, "0"), link=entry.get("link"))
        ingested = END - timedelta(hours=entry["ingested_hours"])
        store.add_document(doc, [article], [topic_set.classify(article)], ingested)
    fold_new_articles(store, END)


@dataclass(frozen=True, slots=True)
class Rendered:
    text: str  # the email's text part
    html: str  # the email's HTML part (CSS inlined)
    report: str  # the report page


def render(store: Store) -> Rendered:
    """The report and the email of the fixed digest (see `mask`)."""
    topic_set = topics()
    fill(store, topic_set)
    view = build_digest(store, topic_set, END, "Asia/Seoul", attention=ATTENTION)
    composed = compose(store, Outbox(store.engine), topic_set, CONFIG, SMTP, RECIPIENT, END, ATTENTION)
    message = message_from_bytes(composed.message.data, policy=default)
    assert isinstance(message, EmailMessage)
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    return Rendered(*(mask(part) for part in (text, html, render_digest(view))))


def mask(text: str) -> str:
    """The version masked (it changes with every release), line ends as in a file."""
    return text.replace("\r\n", "\n").replace(f"monitor {__version__}", "monitor VERSION")
