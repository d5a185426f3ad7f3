"""Build one digest email for one recipient: multipart/alternative, text + inlined HTML.

The message is built once and stored whole in the outbox, so a retry sends the
same bytes with the same Message-ID. Headers follow what mail clients and list
filters expect: RFC 2047 encoded Korean subject and display names (done by
`email.policy.SMTP`), a Message-ID stable per (digest, period end, recipient),
Date in the digest's timezone, List-Id (RFC 2919) and List-Unsubscribe (RFC 2369).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import css_inline

from monitor.delivery import fit
from monitor.digest import trend
from monitor.digest.build import Digest
from monitor.digest.render import OTHER_COLLAPSED, environment
from monitor.digest.reports import report_stem
from monitor.digests_config import DigestConfig, Recipient, SmtpConfig
from monitor.gc_pause import paused_gc
from monitor.store import StoredDigest

# keep_at_rules keeps @media queries in a <style> block for clients that honour
# them; remote stylesheets are never fetched while building a message.
INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)


@dataclass(frozen=True, slots=True)
class RenderedMessage:
    message_id: str
    subject: str
    data: bytes  # the whole message, CRLF line ends, ready for SMTP DATA
    article_count: int

    @property
    def is_empty(self) -> bool:
        return self.article_count == 0


def message_id(digest: str, period_end: datetime, recipient: str, domain: str) -> str:
    """<monitor.NAME.PERIODEND.HASH@DOMAIN>: the same inputs always give the same id."""
    # Short enough that "Message-ID: <...>" is not folded for usual names and domains.
    stamp = period_end.astimezone(UTC).strftime("%Y%m%d%H%M%S%f")
    # A hash, not the address, so the id does not leak who else got the digest.
    who = hashlib.sha256(recipient.strip().lower().encode("utf-8")).hexdigest()[:12]
    return f"<monitor.{digest}.{stamp}.{who}@{domain}>"


def subject_line(config: DigestConfig, view: Digest) -> str:
    date = view.period_end.astimezone(ZoneInfo(view.timezone)).strftime("%Y-%m-%d")
    return config.subject.format(title=config.title, name=config.name, date=date, count=view.article_count)


def unsubscribe_url(smtp: SmtpConfig, digest: str) -> str:
    if smtp.unsubscribe:
        return smtp.unsubscribe
    return f"mailto:{smtp.sender}?subject={quote(f'unsubscribe {digest}')}"


def build_message(view: Digest, config: DigestConfig, recipient: Recipient, smtp: SmtpConfig,
                  now: datetime, history: Sequence[StoredDigest] = ()) -> RenderedMessage:
    """Render `view` (already filtered to the recipient's topics) into a ready-to-send message.

    The message is kept under `smtp.max_message_bytes`: every field quoted from a source is
    cut to a readable length (one 5 MB feed title made a 47 MB email, refused with 552 at
    every retry), and a digest still too big keeps its first stories of each topic and says
    how many more the report holds. Each topic shows its first `config.max_per_topic` stories
    and "외 N건" linking to the report. `history` (the digest's earlier records, newest first)
    gives the trend bars.

    >>> rendered = build_message(view, config, Recipient("kim@example.org", "김민수"), smtp, now)  # doctest: +SKIP
    >>> rendered.message_id                                                               # doctest: +SKIP
    '<monitor.daily.20260105000000000000.3f1c...@example.org>'
    """
    # A big period's stories are many small objects: no collections while they are cut and rendered.
    with paused_gc():
        other = OTHER_COLLAPSED if config.other == "collapsed" else config.max_per_topic
        # Capped first: the cut fields of the stories left out (most of a big period) are never shown.
        shown = fit.with_fields_cut(fit.capped(view, config.max_per_topic, other))
        context = _context(view, config, recipient, smtp, history)
        rendered = _render(shown, view, config, recipient, smtp, now, context, omitted=0)
        total = fit.item_count(shown)
        keep = total
        while len(rendered.data) > smtp.max_message_bytes and keep > 0:
            # Items are about the same size: aim 10 % below the limit by the measured ratio, so
            # one or two renders usually suffice; each round drops at least one item.
            keep = min(keep - 1, int(keep * smtp.max_message_bytes / len(rendered.data) * 0.9))
            keep = max(keep, 0)
            rendered = _render(fit.first_items(shown, keep), view, config, recipient, smtp, now, context,
                               omitted=total - keep)
        return rendered


def _context(view: Digest, config: DigestConfig, recipient: Recipient, smtp: SmtpConfig,
             history: Sequence[StoredDigest]) -> dict[str, Any]:
    """What every render of one message shares: names, links, the trend bars."""
    name = report_stem(view) + ".html"
    link = f"{config.report_url.rstrip('/')}/{quote(name)}" if config.report_url else None
    earlier = [d for d in history if d.period_end < view.period_end]
    columns = [(s.topic_id, s.name) for s in view.sections]
    current = {s.topic_id: s.story_count for s in view.sections}
    bars = [] if view.is_empty else trend.bar_heights(trend.series(earlier, columns, current))
    return {
        "recipient": recipient, "title": config.title, "subject": subject_line(config, view),
        "unsubscribe": unsubscribe_url(smtp, config.name), "topic_names": [s.name for s in view.sections],
        "report_name": name, "report_link": link,
        "trend": [{"name": s.name, "count": s.count, "heights": heights} for s, heights in bars],
    }


def _render(shown: Digest, view: Digest, config: DigestConfig, recipient: Recipient, smtp: SmtpConfig,
            now: datetime, context: dict[str, Any], *, omitted: int) -> RenderedMessage:
    domain = smtp.sender.rsplit("@", 1)[1]
    subject = context["subject"]
    unsubscribe = context["unsubscribe"]
    env = environment()
    text = env.get_template("email.txt").render(digest=shown, omitted=omitted, **context)
    html = INLINER.inline(env.get_template("email.html").render(digest=shown, omitted=omitted, **context))

    msg = EmailMessage(policy=SMTP)
    msg["From"] = Address(smtp.sender_name or "", addr_spec=smtp.sender)
    msg["To"] = Address(recipient.name or "", addr_spec=recipient.address)
    msg["Subject"] = subject
    msg["Date"] = format_datetime(now.astimezone(ZoneInfo(view.timezone)))
    mid = message_id(config.name, view.period_end, recipient.address, domain)
    msg["Message-ID"] = mid
    msg["List-Id"] = f"{config.title} <{config.name}.{smtp.list_id or domain}>"
    msg["List-Unsubscribe"] = f"<{unsubscribe}>"
    # Tells auto-responders (vacation replies) not to answer a machine.
    msg["Auto-Submitted"] = "auto-generated"
    # 7-bit safe transfer encodings: not every relay announces 8BITMIME. The text is
    # mostly Hangul (base64 is shorter); the HTML mostly ASCII markup (quoted-printable is).
    msg.set_content(text, subtype="plain", charset="utf-8", cte="base64")
    msg.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    return RenderedMessage(mid, subject, msg.as_bytes(policy=SMTP), view.article_count)
