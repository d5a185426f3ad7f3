"""Validate `[[digests]]`, `[smtp]` and `[housekeeping]` of monitor.toml into typed objects.

monitor/configuration.py hands this module the parsed file; this module owns
their meaning. Every bad value raises ConfigError naming the file,
the key (with its line where it can be found) and what is allowed, like the
core settings do. With no `[[digests]]` at all there is one digest called
"daily" on `[schedule].digest_cron`, without recipients: the HTML report is
written, nothing is mailed.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from monitor.config_file import ConfigFile, type_name
from monitor.config_paths import resolve_path
from monitor.errors import ConfigError
from monitor.settings import Settings
from monitor.validators import DAY, between, check_cron, check_timezone
from monitor.validators import check_address as _check_address
from monitor.validators import one_of as _one_of

DEFAULT_DIGEST = "daily"
DEFAULT_SUBJECT = "[monitor] {title} {date} · {count}건"
DEFAULT_TITLE = "정책 뉴스 다이제스트"
EMPTY_POLICIES = ("skip", "send")
EMPTY_REPORT_POLICIES = ("skip", "write")
OTHER_MODES = ("headlines", "collapsed", "off")  # as monitor.digest.build.OTHER_MODES
DEFAULT_MAX_PER_TOPIC = 10
SECURITY_MODES = ("starttls", "tls", "none")
SUBJECT_FIELDS = ("title", "name", "date", "count")
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,40}$")


@dataclass(frozen=True, slots=True)
class Recipient:
    """One subscriber of a digest; `topics` None means every topic plus "other"."""

    address: str
    name: str | None = None
    topics: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class DigestConfig:
    name: str
    cron: str
    timezone: str
    title: str = DEFAULT_TITLE
    subject: str = DEFAULT_SUBJECT
    empty: str = "skip"  # "skip": no mail when nothing is new; "send": a "nothing new" mail
    recipients: tuple[Recipient, ...] = ()
    # "skip": no report page for a period with nothing new (the index stays free of empty rows); "write"
    empty_report: str = "skip"
    other: str = "headlines"  # the 기타 section: "headlines" only, "collapsed" to a short list, or "off"
    max_per_topic: int = DEFAULT_MAX_PER_TOPIC  # stories per topic in an email; the rest: "and N more"
    report_url: str | None = None  # where the reports folder is published (https://…/reports/), for email links


# Well under what mail servers take (10-25 MB; base64 adds a third): a digest this big is
# already more than anyone reads, and its report holds everything.
DEFAULT_MAX_MESSAGE_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class SmtpConfig:
    """How to reach the mail server. The password itself is read only when sending."""

    host: str
    sender: str
    port: int = 587
    security: str = "starttls"
    username: str | None = None
    password_env: str | None = None
    password_file: Path | None = None
    timeout: int = 30
    sender_name: str | None = None
    list_id: str | None = None  # domain part of List-Id; defaults to the sender's domain
    unsubscribe: str | None = None  # mailto: or https: URL for List-Unsubscribe
    max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES  # a digest email is cut to fit (the report keeps all)


@dataclass(frozen=True, slots=True)
class HousekeepingConfig:
    interval: int = 60  # seconds between outbox retries and ledger checks
    retry_base: int = 60  # first retry delay in seconds; doubled per attempt
    retry_max: int = 6 * 3600  # longest delay between two attempts
    max_attempts: int = 10  # transient failures before a message is reported failed
    keep_sent_days: int = 30  # days a sent message's body is kept in the outbox (its row stays: the ledger)


@dataclass(frozen=True, slots=True)
class ServiceConfig:
    digests: tuple[DigestConfig, ...]
    smtp: SmtpConfig | None
    housekeeping: HousekeepingConfig

    def digest(self, name: str) -> DigestConfig:
        for digest in self.digests:
            if digest.name == name:
                return digest
        known = ", ".join(d.name for d in self.digests)
        raise ConfigError("monitor.toml", f"no digest called {name!r}", key="digests.name", hint=f"known: {known}")


class _Reader:
    """Type checks with file/key/line in every error."""

    def __init__(self, file: ConfigFile) -> None:
        self.file = file
        self.path = file.path

    def fail(self, section: str, key: str, message: str, hint: str | None = None) -> ConfigError:
        # "digests[daily].recipients" is the `recipients` of the [[digests]] table named daily.
        table, index, inner = self._locate(section)
        line = self.file.line(table, inner or key.split(".")[-1], index)
        return ConfigError(str(self.path), message, key=f"{section}.{key}", line=line, hint=hint)

    def _locate(self, section: str) -> tuple[str, int | None, str | None]:
        table, _, rest = section.partition("[")
        selector, _, inner = rest.partition("]")
        entries = self.file.data.get(table)
        index = None
        if rest and isinstance(entries, list):
            index = int(selector) if selector.isdigit() else next(
                (i for i, e in enumerate(entries) if isinstance(e, dict) and e.get("name") == selector), None)
        return table, index, inner.lstrip(".") or None

    def get(self, table: Mapping[str, Any], section: str, key: str, kind: type, default: Any,
            check: Callable[[Any], str | None] | None = None) -> Any:
        if key not in table:
            return default
        value = table[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(section, key, f"must be {type_name(kind)}, got {type(value).__name__}")
        problem = check(value) if check else None
        if problem:
            raise self.fail(section, key, f"invalid value {value!r}", hint=f"allowed: {problem}")
        return value

    def only(self, table: Mapping[str, Any], section: str, allowed: Iterable[str]) -> None:
        allowed = tuple(allowed)
        for key in table:
            if key not in allowed:
                raise self.fail(section, key, "unknown key", hint=f"allowed in [{section.split('[')[0]}]: "
                                f"{', '.join(sorted(allowed))}")


def _check_subject(value: str) -> str | None:
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
    except ValueError:
        fields = {"?"}
    unknown = fields - set(SUBJECT_FIELDS)
    return None if not unknown else "text with the fields " + ", ".join(f"{{{f}}}" for f in SUBJECT_FIELDS)


def service_from(file: ConfigFile, settings: Settings) -> ServiceConfig:
    """The digests, SMTP and housekeeping sections of a parsed monitor.toml, validated."""
    reader = _Reader(file)
    smtp = _smtp(reader, file.data.get("smtp"), settings.config_dir)
    digests = _digests(reader, settings)
    if smtp is None and any(d.recipients for d in digests):
        raise reader.fail("digests", "recipients", "recipients need an [smtp] section to send through",
                          hint="add [smtp] with host and from, or remove the recipients")
    housekeeping = _housekeeping(reader, file.data.get("housekeeping"))
    return ServiceConfig(digests, smtp, housekeeping)


def check_topics(config: ServiceConfig, topic_ids: Iterable[str], path: Path) -> None:
    """Every topic a recipient subscribes to must exist in topics.toml."""
    known = set(topic_ids)
    for digest in config.digests:
        for recipient in digest.recipients:
            unknown = [t for t in recipient.topics or () if t not in known]
            if unknown:
                raise ConfigError(str(path), f"{recipient.address} subscribes to unknown topic {unknown[0]!r}",
                                  key=f"digests[{digest.name}].recipients.topics",
                                  hint=f"allowed: {', '.join(sorted(known))}")


def _digests(reader: _Reader, settings: Settings) -> tuple[DigestConfig, ...]:
    raw = reader.file.data.get("digests")
    if raw is None:
        return (DigestConfig(DEFAULT_DIGEST, settings.digest_cron, settings.timezone),)
    if not isinstance(raw, list) or not raw:
        raise reader.fail("digests", "digests", "must be one or more [[digests]] tables")
    digests: list[DigestConfig] = []
    for index, table in enumerate(raw):
        section = f"digests[{index}]"
        if not isinstance(table, dict):
            raise reader.fail("digests", "digests", "must be one or more [[digests]] tables")
        reader.only(table, section, ("name", "cron", "timezone", "title", "subject", "empty", "recipients",
                                     "empty_report", "other", "max_per_topic", "report_url"))
        name = reader.get(table, section, "name", str, None, lambda v: None if NAME_RE.match(v) else
                          "lower-case letters, digits, - and _, e.g. daily")
        if name is None:
            raise reader.fail(section, "name", "is required", hint='e.g. name = "daily"')
        if name in {d.name for d in digests}:
            raise reader.fail(section, "name", f"digest {name!r} is defined twice")
        section = f"digests[{name}]"
        digests.append(DigestConfig(
            name=name,
            cron=reader.get(table, section, "cron", str, settings.digest_cron, check_cron),
            timezone=reader.get(table, section, "timezone", str, settings.timezone, check_timezone),
            title=reader.get(table, section, "title", str, DEFAULT_TITLE),
            subject=reader.get(table, section, "subject", str, DEFAULT_SUBJECT, _check_subject),
            empty=reader.get(table, section, "empty", str, "skip", _one_of(EMPTY_POLICIES)),
            recipients=_recipients(reader, section, reader.get(table, section, "recipients", list, [])),
            empty_report=reader.get(table, section, "empty_report", str, "skip", _one_of(EMPTY_REPORT_POLICIES)),
            other=reader.get(table, section, "other", str, "headlines", _one_of(OTHER_MODES)),
            max_per_topic=reader.get(table, section, "max_per_topic", int, DEFAULT_MAX_PER_TOPIC,
                                     between(1, 10_000, "a whole number of stories")),
            report_url=reader.get(table, section, "report_url", str, None, lambda v: None if v.startswith(
                ("https://", "http://")) else "an http(s):// URL of the published reports folder"),
        ))
    return tuple(digests)


def _recipients(reader: _Reader, section: str, raw: list[Any]) -> tuple[Recipient, ...]:
    recipients: list[Recipient] = []
    for entry in raw:
        # A bare string is shorthand for a recipient of every topic.
        table = {"address": entry} if isinstance(entry, str) else entry
        if not isinstance(table, dict):
            raise reader.fail(section, "recipients", "entries must be addresses or tables",
                              hint='e.g. {address = "kim@example.org", topics = ["smart_city"]}')
        where = f"{section}.recipients"
        reader.only(table, where, ("address", "name", "topics"))
        address = reader.get(table, where, "address", str, None, _check_address)
        if address is None:
            raise reader.fail(where, "address", "is required")
        if address.lower() in {r.address.lower() for r in recipients}:
            raise reader.fail(where, "address", f"{address} is listed twice")
        topics = reader.get(table, where, "topics", list, None)
        if topics is not None and (not topics or not all(isinstance(t, str) for t in topics)):
            raise reader.fail(where, "topics", "must be a non-empty list of topic ids",
                              hint="leave it out to receive every topic")
        recipients.append(Recipient(address, reader.get(table, where, "name", str, None),
                                    None if topics is None else tuple(topics)))
    return tuple(recipients)


def _smtp(reader: _Reader, raw: Any, config_dir: Path) -> SmtpConfig | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise reader.fail("smtp", "smtp", "must be a table")
    s = "smtp"
    reader.only(raw, s, ("host", "port", "security", "username", "password_env", "password_file", "timeout",
                         "from", "from_name", "list_id", "unsubscribe", "max_message_bytes"))
    host = reader.get(raw, s, "host", str, None, lambda v: None if v.strip() else "a host name")
    sender = reader.get(raw, s, "from", str, None, _check_address)
    if host is None or sender is None:
        raise reader.fail(s, "host" if host is None else "from", "is required when [smtp] is present")
    security = reader.get(raw, s, "security", str, "starttls", _one_of(SECURITY_MODES))
    password_file = reader.get(raw, s, "password_file", str, None)
    unsubscribe = reader.get(raw, s, "unsubscribe", str, None, lambda v: None if v.startswith(
        ("mailto:", "https://", "http://")) else "a mailto: or https:// URL")
    return SmtpConfig(
        host=host, sender=sender, security=security,
        port=reader.get(raw, s, "port", int, 465 if security == "tls" else 587 if security == "starttls" else 25,
                        lambda v: None if 0 < v < 65536 else "a port number 1-65535"),
        username=reader.get(raw, s, "username", str, None),
        password_env=reader.get(raw, s, "password_env", str, None),
        # A relative password file is relative to the config folder, where it is usually kept.
        password_file=None if password_file is None else resolve_path(password_file, config_dir),
        timeout=reader.get(raw, s, "timeout", int, 30, between(1, 3600, "a whole number of seconds")),
        sender_name=reader.get(raw, s, "from_name", str, None),
        list_id=reader.get(raw, s, "list_id", str, None),
        unsubscribe=unsubscribe,
        max_message_bytes=reader.get(raw, s, "max_message_bytes", int, DEFAULT_MAX_MESSAGE_BYTES,
                                     between(64 * 1024, 2**30, "a whole number of bytes")),
    )


def _housekeeping(reader: _Reader, raw: Any) -> HousekeepingConfig:
    if raw is None:
        return HousekeepingConfig()
    if not isinstance(raw, dict):
        raise reader.fail("housekeeping", "housekeeping", "must be a table")
    h, seconds = "housekeeping", "a whole number of seconds"
    reader.only(raw, h, ("interval", "retry_base", "retry_max", "max_attempts", "keep_sent_days"))
    defaults = HousekeepingConfig()
    return HousekeepingConfig(
        interval=reader.get(raw, h, "interval", int, defaults.interval, between(5, DAY, seconds)),
        retry_base=reader.get(raw, h, "retry_base", int, defaults.retry_base, between(0, DAY, seconds)),
        retry_max=reader.get(raw, h, "retry_max", int, defaults.retry_max, between(0, 30 * DAY, seconds)),
        max_attempts=reader.get(raw, h, "max_attempts", int, defaults.max_attempts, between(1, 1000)),
        keep_sent_days=reader.get(raw, h, "keep_sent_days", int, defaults.keep_sent_days,
                                  between(1, 36_500, "a whole number of days")),
    )
