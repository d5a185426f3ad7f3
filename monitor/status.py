"""`monitor status`: what the service will do next and what needs a human.

Read-only: next run times, the last report and the last delivery per
recipient with its result, pending and failed messages, source health.
"Needs attention" (a non-zero exit code, for cron or a
monitoring check) means: a recipient's latest delivery failed, a message is
being retried, a digest slot passed long ago without a digest, or a source is
failing or silent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from monitor.configuration import Config
from monitor.schedule import check_due, cron_trigger
from monitor.sources.health import attention_for
from monitor.store import Store
from monitor.store.outbox import FAILED, PENDING, Outbox
from monitor.store.sources import not_taken_in

# A slot this much in the past without its digest means the service is not doing its job.
OVERDUE_AFTER = timedelta(minutes=30)


@dataclass(slots=True)
class StatusReport:
    lines: list[str] = field(default_factory=list)
    attention: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.attention else 0

    def render(self) -> str:
        tail = ["", "needs attention:", *(f"  ! {a}" for a in self.attention)] if self.attention else ["", "ok"]
        return "\n".join([*self.lines, *tail]) + "\n"


def _local(moment: datetime | None, timezone: str) -> str:
    return "-" if moment is None else moment.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M %Z")


def service_status(config: Config, store: Store, now: datetime, running_pid: str | None) -> StatusReport:
    """Everything `monitor status` prints, and whether something needs attention."""
    report = StatusReport()
    out = report.lines.append
    out(f"service: running (pid {running_pid})" if running_pid else "service: not running")
    out(f"email: via {config.smtp.host}:{config.smtp.port} ({config.smtp.security})" if config.smtp
        else "email: not configured (reports only)")
    outbox = Outbox(store.engine)
    for digest in config.digests:
        tz = digest.timezone
        last = store.last_digest(digest.name)
        check = check_due(cron_trigger(digest.cron, tz), last.period_end if last else None, now)
        out("")
        out(f"digest {digest.name}: cron {digest.cron!r} ({tz}); next run {_local(check.next_slot, tz)}")
        out(f"  last report: {_local(last.period_end, tz)} ({last.article_count} article(s))" if last
            else "  last report: never (the first run takes everything stored)")
        if check.due and check.first_slot is not None and now - check.first_slot > OVERDUE_AFTER:
            report.attention.append(f"digest {digest.name}: due since {_local(check.first_slot, tz)} "
                                    f"({check.missed} slot(s)) and not written; is `monitor run` running?")
        for recipient in digest.recipients:
            entry = outbox.latest(digest.name, recipient.address)
            if entry is None:
                out(f"  {recipient.address}: nothing sent yet")
                continue
            result = entry.status
            if entry.status == PENDING and entry.attempts:
                result = f"retrying (attempt {entry.attempts + 1} at {_local(entry.next_attempt_at, tz)})"
            out(f"  {recipient.address}: {_local(entry.period_end, tz)} {result}, "
                f"{entry.article_count} article(s)" + (f"; server said: {entry.last_error}" if entry.last_error
                                                       else ""))
            if entry.status == FAILED:
                report.attention.append(f"{digest.name} digest to {recipient.address} failed: {entry.last_error} "
                                        "(the next digest covers this period again)")
    _outbox_lines(outbox, report)
    _source_lines(config, store, now, report)
    return report


def _outbox_lines(outbox: Outbox, report: StatusReport) -> None:
    pending = outbox.entries(PENDING)
    failed = outbox.entries(FAILED)
    report.lines.append("")
    report.lines.append(f"outbox: {len(pending)} pending, {len(failed)} failed in total")
    for entry in pending:
        report.lines.append(f"  pending {entry.digest} -> {entry.recipient}: {entry.attempts} attempt(s)"
                            + (f", last error: {entry.last_error}" if entry.last_error else ""))
        if entry.attempts:
            report.attention.append(f"{entry.digest} digest to {entry.recipient} is being retried: "
                                    f"{entry.last_error}")


def _source_lines(config: Config, store: Store, now: datetime, report: StatusReport) -> None:
    settings = config.settings
    report.lines.append("")
    report.lines.append(f"sources: inbox {settings.inbox} ({'present' if settings.inbox.is_dir() else 'MISSING'}), "
                        f"{store.count_documents()} document(s) stored")
    if not settings.inbox.is_dir():
        report.attention.append(f"inbox folder {settings.inbox} does not exist")
    for problem in attention_for(config.sources, store, now):  # the thresholds the digest uses too
        report.lines.append(f"  {problem.name}: {problem.message}")
        report.attention.append(f"source {problem.name}: {problem.message}")
    for source in config.sources.sources:
        message = not_taken_in(store, source.kind, source.key)
        if message:
            report.lines.append(f"  {source.name}: {message}")
            report.attention.append(f"source {source.name}: {message}")
