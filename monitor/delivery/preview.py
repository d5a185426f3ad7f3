"""`monitor digest --preview`: exactly what would be sent, without sending or touching the ledger.

With recipients (and [smtp]) configured, the output is each recipient's whole
message in mbox format, byte for byte what would be queued (a mail client
opens it); without, it is the HTML report page that would be written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from monitor.delivery.compose import compose
from monitor.digest import build_digest, render_digest
from monitor.digests_config import DigestConfig, ServiceConfig
from monitor.errors import UsageError
from monitor.sources.health import Attention
from monitor.store import Store
from monitor.store.outbox import Outbox
from monitor.topics import TopicSet


@dataclass(frozen=True, slots=True)
class Preview:
    data: bytes
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
    outbox = Outbox(store.engine)
    chunks: list[bytes] = []
    lines: list[str] = []
    for entry in chosen:
        composed = compose(store, outbox, topics, digest, config.smtp, entry, now, attention)
        message = composed.message
        start = composed.view.period_start.isoformat(timespec="seconds") if composed.view.period_start else "start"
        skipped = composed.skipped(digest)
        lines.append(f"{digest.name} -> {entry.address}: {start} .. {now.isoformat(timespec='seconds')}, "
                     f"{message.article_count} article(s), {message.subject!r}"
                     + (" (empty: would be skipped, not sent)" if skipped else ""))
        stamp = now.strftime("%a %b %d %H:%M:%S %Y")
        # mbox: a "From " separator line, the message with LF line ends, a blank line.
        body = re.sub(rb"^(>*From )", rb">\1", message.data.replace(b"\r\n", b"\n"), flags=re.M)
        chunks.append(f"From {config.smtp.sender} {stamp}\n".encode() + body + b"\n")
    return Preview(b"".join(chunks), tuple(lines))


def _report(store: Store, topics: TopicSet, digest: DigestConfig, now: datetime,
            attention: Sequence[Attention] = ()) -> Preview:
    view = build_digest(store, topics, now, digest.timezone, name=digest.name, attention=attention)
    line = f"{digest.name}: no recipients; the HTML report that would be written ({view.article_count} article(s))"
    return Preview(render_digest(view).encode("utf-8"), (line,))
