"""A digest email as a real SMTP server receives it: both parts, inlined CSS, encoded Korean headers."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from monitor.delivery.compose import compose
from monitor.delivery.message import message_id
from monitor.delivery.smtp import SmtpSender
from monitor.digests_config import Recipient
from monitor.store import Store
from monitor.store.outbox import Outbox
from tests.delivery_support import SmtpServer, add_article, digest_config, smtp_server, topics  # noqa: F401  (the smtp fixture)

NOW = datetime(2026, 1, 5, 23, 0, tzinfo=UTC)  # 08:00 on 6 January in Seoul


def test_digest_arrives_with_text_and_inlined_html_and_encoded_korean_headers(store: Store, smtp: SmtpServer) -> None:
    add_article(store, NOW - timedelta(hours=3), "전주 스마트시티 챌린지 선정", ("smart_cities",))
    recipient = Recipient("kim@example.org", "김민수")
    composed = compose(store, Outbox(store.engine), topics(), digest_config(recipient), smtp.config(), recipient, NOW)

    sender = SmtpSender(smtp.config())
    sender.send(composed.message.data, "monitor@example.org", recipient.address)
    sender.close()

    [(mail_from, rcpts, raw)] = smtp.recorder.messages
    assert (mail_from, rcpts) == ("monitor@example.org", ["kim@example.org"])
    # On the wire the headers are ASCII: RFC 2047 encoded words for the Korean subject and names.
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    assert re.search(r"^Subject: \[monitor\] =\?utf-8\?", head, re.M)
    assert "To: =?utf-8?" in head and "<kim@example.org>" in head
    assert "From: =?utf-8?" in head
    [message] = smtp.recorder.parsed()
    assert message["Subject"] == "[monitor] 정책 뉴스 다이제스트 2026-01-06 · 1건"
    assert message["To"].addresses[0].display_name == "김민수"
    assert message["From"].addresses[0].display_name == "정책 뉴스 모니터"
    assert message.get_content_type() == "multipart/alternative"
    assert message["Message-ID"].strip() == message_id("daily", NOW, "kim@example.org", "example.org")
    assert message["Date"] == "Tue, 06 Jan 2026 08:00:00 +0900"
    assert message["List-Id"].endswith("<daily.example.org>")
    assert message["List-Unsubscribe"] == "<mailto:monitor@example.org?subject=unsubscribe%20daily>"

    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "전주 스마트시티 챌린지 선정" in text and "<" not in text.split("수신 거부")[0]
    assert "전주 스마트시티 챌린지 선정" in html
    # Styles are on the elements, because Gmail and Outlook drop <style> blocks.
    assert 'class="item" style="' in html
    assert "<style>" not in html or "@media" in html


def test_message_id_is_stable_per_period_and_recipient() -> None:
    first = message_id("daily", NOW, "Kim@Example.org", "example.org")
    assert first == message_id("daily", NOW, "kim@example.org ", "example.org")
    assert first != message_id("daily", NOW + timedelta(days=1), "kim@example.org", "example.org")
    assert first != message_id("daily", NOW, "lee@example.org", "example.org")
    assert first != message_id("weekly", NOW, "kim@example.org", "example.org")
    assert "kim" not in first  # the address itself is not exposed


def test_empty_period_renders_a_nothing_new_message(store: Store, smtp: SmtpServer) -> None:
    recipient = Recipient("kim@example.org")
    config = digest_config(recipient, empty="send")
    composed = compose(store, Outbox(store.engine), topics(), config, smtp.config(), recipient, NOW)
    assert composed.message.is_empty
    assert "새로 들어온 기사가 없습니다".encode() not in composed.message.data  # encoded, not raw UTF-8 on the wire
    from email import message_from_bytes
    from email.policy import default
    parsed = message_from_bytes(composed.message.data, policy=default)
    assert "새로 들어온 기사가 없습니다" in parsed.get_body(("plain",)).get_content()  # type: ignore[union-attr]
