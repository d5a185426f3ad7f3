"""Shared pieces for the delivery, schedule and service tests: a real SMTP server on
127.0.0.1 (aiosmtpd) that records what it accepted and can refuse on demand, and a
store seeded with hand-made articles filed under known topics (no Kiwi needed)."""

from __future__ import annotations

import asyncio
import email
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from monitor.digests_config import DigestConfig, Recipient, SmtpConfig
from monitor.models import Article, RawDocument, TopicMatch
from monitor.store import Store
from monitor.topics import TopicSet, load_topics

ROOT = Path(__file__).resolve().parent.parent
TOPICS_FILE = ROOT / "monitor" / "config" / "topics.toml"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Recorder:
    """aiosmtpd handler: keeps accepted messages; answers `refuse[address]` to RCPT for that address."""

    messages: list[tuple[str, list[str], bytes]] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds a message takes to be taken in (a slow server)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: Any) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted for delivery"

    def parsed(self) -> list[EmailMessage]:
        return [email.message_from_bytes(data, policy=default) for _, _, data in self.messages]  # type: ignore[misc]

    def to(self, address: str) -> list[EmailMessage]:
        return [m for (_, rcpts, _), m in zip(self.messages, self.parsed(), strict=True) if address in rcpts]


class SmtpServer:
    """A loopback SMTP server that can be stopped and started again on the same port."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.recorder = Recorder()
        self.controller: Controller | None = None

    def start(self) -> SmtpServer:
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def config(self, **overrides: Any) -> SmtpConfig:
        values: dict[str, Any] = dict(host="127.0.0.1", port=self.port, security="none", sender="monitor@example.org",
                                      sender_name="정책 뉴스 모니터", timeout=5)
        values.update(overrides)
        return SmtpConfig(**values)


@pytest.fixture(name="smtp")
def smtp_server() -> Iterator[SmtpServer]:
    """The `smtp` fixture: a started SmtpServer, stopped after the test (test modules import it)."""
    server = SmtpServer().start()
    yield server
    server.stop()


def topics() -> TopicSet:
    return load_topics(TOPICS_FILE)


def add_article(store: Store, when: datetime, headline: str, topic_ids: tuple[str, ...], body: str = "") -> None:
    """Store one document with one article filed under `topic_ids`, ingested at `when`."""
    text = body or f"{headline}. 본문은 정책 뉴스입니다."
    doc = RawDocument(source=f"inbox/{headline}.txt", name=f"{headline}.txt", text=text,
                      content_hash=f"{headline}-{when.isoformat()}")
    article = Article(source=doc.source, index=0, headline=headline, text=text, summary=text)
    matches = [TopicMatch(t, 5.0, 4.0, True, keywords=(t,)) for t in topic_ids]
    store.add_document(doc, [article], [matches], when)


def digest_config(*recipients: Recipient, cron: str = "0 8 * * *", empty: str = "skip",
                  timezone: str = "Asia/Seoul", **options: Any) -> DigestConfig:
    return DigestConfig(name="daily", cron=cron, timezone=timezone, empty=empty, recipients=recipients, **options)
