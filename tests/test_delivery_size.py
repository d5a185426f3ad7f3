"""A digest email always fits: fields cut to a readable length, then fewer stories, never 552 for ever."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.policy import default

import pytest
from aiosmtpd.controller import Controller

from monitor.delivery.compose import compose
from monitor.delivery.smtp import DeliveryError, SmtpSender
from monitor.digests_config import Recipient
from monitor.store import Store
from monitor.store.outbox import Outbox
from tests.conftest import default_topics
from tests.delivery_support import SmtpServer, add_article, digest_config, smtp_server, topics  # noqa: F401  (the smtp fixture)

NOW = datetime(2026, 1, 5, 23, 0, tzinfo=UTC)
RECIPIENT = Recipient("kim@example.org", "김민수")


@pytest.fixture
def small_server() -> SmtpServer:
    """A loopback server that takes messages of 256 KiB at most (it says so with SIZE)."""
    server = SmtpServer()
    server.controller = Controller(server.recorder, hostname="127.0.0.1", port=server.port,
                                   data_size_limit=256 * 1024)
    server.controller.start()
    yield server  # type: ignore[misc]
    server.stop()


def _parts(data: bytes) -> tuple[str, str]:
    message = message_from_bytes(data, policy=default)
    return message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()  # type: ignore


def test_a_huge_title_is_cut_and_the_mail_goes_through(store: Store, small_server: SmtpServer) -> None:
    add_article(store, NOW - timedelta(hours=2), "전기차 보조금 " + "가" * 500_000, ("env_subsidies",),
                body="전기차 구매보조금 신청을 받는다.")
    add_article(store, NOW - timedelta(hours=1), "전주 스마트시티 챌린지 선정", ("smart_cities",))
    composed = compose(store, Outbox(store.engine), topics(), digest_config(RECIPIENT), small_server.config(),
                       RECIPIENT, NOW)
    assert len(composed.message.data) < 64 * 1024
    text, html = _parts(composed.message.data)
    assert "전기차 보조금 가가가" in text and "가…" in text and "전주 스마트시티 챌린지 선정" in html
    sender = SmtpSender(small_server.config())
    sender.send(composed.message.data, "monitor@example.org", RECIPIENT.address)
    sender.close()
    assert len(small_server.recorder.messages) == 1


def test_a_digest_too_big_keeps_each_topics_first_stories(store: Store, smtp: SmtpServer) -> None:
    for number in range(300):
        topic = ("smart_cities",) if number % 2 else ("env_subsidies",)
        add_article(store, NOW - timedelta(minutes=600 - number), f"기사 {number:03d} 스마트시티 보조금",
                    topic, body=f"기사 {number:03d}의 본문. " + "정책 뉴스 내용입니다. " * 60)
    config = smtp.config(max_message_bytes=128 * 1024)
    # No cap per topic here: the size budget alone decides.
    composed = compose(store, Outbox(store.engine), topics(), digest_config(RECIPIENT, max_per_topic=1000), config,
                       RECIPIENT, NOW)
    assert 64 * 1024 < len(composed.message.data) <= 128 * 1024
    assert composed.message.article_count == 300  # the ledger still covers every article
    text, html = _parts(composed.message.data)
    omitted = int(text.split("메일 크기 제한으로 기사 ")[1].split("건")[0])
    shown = len(re.findall(r"^\d+\. 기사 ", text, flags=re.M))
    assert 0 < omitted < 300 and shown + omitted == 300
    assert f"기사 {omitted}건을 더 싣지 못했습니다" in html
    assert text.count("\n■ ") == 2  # both topics keep their first stories
    # Stories of equal weight go newest first.
    assert "기사 299 " in text and "기사 298 " in text and "기사 000 " not in text


def test_a_size_refusal_says_which_setting_to_lower(store: Store, small_server: SmtpServer) -> None:
    sender = SmtpSender(small_server.config())
    with pytest.raises(DeliveryError) as caught:
        sender.send(b"Subject: x\r\n\r\n" + b"x" * (300 * 1024) + b"\r\n", "monitor@example.org", RECIPIENT.address)
    error = caught.value
    assert error.permanent and error.reply.startswith("552")
    assert "smtp.max_message_bytes" in str(error) and str(256 * 1024) in str(error)


def test_max_message_bytes_is_validated(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from monitor.configuration import load_config
    from monitor.errors import ConfigError

    (tmp_path / "monitor.toml").write_text('[smtp]\nhost = "127.0.0.1"\nfrom = "m@example.org"\n'
                                           "max_message_bytes = 10\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"smtp.max_message_bytes: invalid value 10"):
        load_config(tmp_path, topics=default_topics())
