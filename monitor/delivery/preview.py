"""`monitor digest --preview`: what would be sent, as a person reads it, without sending or touching the ledger.

With recipients (and [smtp]) configured, each recipient's message is composed
exactly as it would be queued: the terminal shows its headers and its text part
(decoded), `--html FILE` gets its HTML part and `--output FILE` the whole
messages as mbox (byte for byte what would be queued; a mail client opens it).
Without recipients it is the digest the report would show: as text in the
terminal, the report page for `--html`/`--output`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default

from monitor.delivery.compose import compose
from monitor.digest import build_digest, render_digest
from monitor.digest.build import PeriodCache
from monitor.digest.render import environment
from monitor.digests_config import DigestConfig, ServiceConfig
from monitor.errors import UsageError
from monitor.sources.health import Attention
from monitor.store import Store
from monitor.store.outbox import Outbox
from monitor.topics import TopicSet


@dataclass(frozen=True, slots=True)
class Preview:
    text: str  # for the terminal: each message's headers and text part
    html: tuple[tuple[str, str], ...]  # (recipient or "report", HTML) per message
    mbox: bytes  # the messages as queued (the report page without recipients)
    summary: tuple[str, ...]  # one line per message or report, for stderr


def preview(store: Store, topics: TopicSet, config: ServiceConfig, name: str | None, recipient: str | None,
            now: datetime, attention: Sequence[Attention] = ()) -> Preview:
    """Render the digest `name` (default: the first configured) for one or every recipient."""
    digest = config.digest(name) if name else config.digests[0]
    if not digest.recipients or config.smtp is None:
        if recipient:
            raise UsageError(f"--recipient {recipient}: digest {digest.name!r} has no recipients",
                             hint="add recipients under [[digests]] in monitor.toml, with an [smtp] section")
        return _report(store, topics, digest, now, attention)
    chosen = [r for r in digest.recipients if recipient is None or r.address.lower() == recipient.lower()]
    if not chosen:
        known = ", ".join(r.address for r in digest.recipients)
        raise UsageError(f"--recipient {recipient}: not a recipient of digest {digest.name!r}",
                         hint=f"recipients: {known}")
    outbox, periods = Outbox(store.engine), PeriodCache(store, topics)
    chunks: list[bytes] = []
    texts: list[str] = []
    pages: list[tuple[str, str]] = []
    lines: list[str] = []
    for entry in chosen:
        composed = compose(store, outbox, topics, digest, config.smtp, entry, now, attention, periods)
        message = composed.message
        start = composed.view.period_start.isoformat(timespec="seconds") if composed.view.period_start else "start"
        skipped = composed.skipped(digest)
        lines.append(f"{digest.name} -> {entry.address}: {start} .. {now.isoformat(timespec='seconds')}, "
                     f"{message.article_count} article(s), {message.subject!r}"
                     + (" (empty: would be skipped, not sent)" if skipped else ""))
        parsed = message_from_bytes(message.data, policy=default)
        assert isinstance(parsed, EmailMessage)
        texts.append(_as_read(parsed))
        html = parsed.get_body(("html",))
        pages.append((entry.address, html.get_content() if html is not None else ""))  # type: ignore[union-attr]
        stamp = now.strftime("%a %b %d %H:%M:%S %Y")
        # mbox: a "From " separator line, the message with LF line ends, a blank line.
        body = re.sub(rb"^(>*From )", rb">\1", message.data.replace(b"\r\n", b"\n"), flags=re.M)
        chunks.append(f"From {config.smtp.sender} {stamp}\n".encode() + body + b"\n")
    return Preview("\n".join(texts), tuple(pages), b"".join(chunks), tuple(lines))


def _as_read(message: EmailMessage) -> str:
    """A message as a mail client shows it: the headers a reader looks at, then the decoded text part."""
    head = "".join(f"{field}: {message[field]}\n" for field in ("From", "To", "Subject", "Date") if message[field])
    body = message.get_body(("plain",))
    text = body.get_content() if body is not None else ""  # type: ignore[union-attr]
    rule = "=" * 72
    return f"{rule}\n{head}{rule}\n{text.rstrip()}\n"


def _report(store: Store, topics: TopicSet, digest: DigestConfig, now: datetime,
            attention: Sequence[Attention] = ()) -> Preview:
    view = build_digest(store, topics, now, digest.timezone, name=digest.name, attention=attention,
                        other=digest.other)
    line = f"{digest.name}: no recipients; the digest the report would show ({view.article_count} article(s))"
    text = environment().get_template("email.txt").render(
        digest=view, recipient=None, title=digest.title, topic_names=[], report_link=None,
        report_name="", omitted=0, unsubscribe="")
    page = render_digest(view)
    return Preview(text, (("report", page),), page.encode("utf-8"), (line,))
