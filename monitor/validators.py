"""The value checks every config section shares: each returns None, or what is allowed.

A check is a plain function of the value so that a section lists its keys as data
(`key -> (type, check, default)`) and `config_file.Place.value` reports a refusal the
same way for every file and section.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAY = 86_400
CRON_FIELDS = ("minute", "hour", "day", "month", "day_of_week")
CRON_HINT = 'a cron expression "minute hour day month day-of-week", e.g. "0 8 * * mon-fri"'
# The databases the store is written and tested for (store/migrations.py holds DDL for both).
DATABASE_BACKENDS = ("sqlite", "postgresql")
DATABASE_HINT = 'a sqlite:///PATH or postgresql+psycopg://USER@HOST/NAME URL, e.g. "sqlite:///var/monitor.db"'
# A plain "local@domain" check: the server is the judge of deliverability; this
# only catches typos such as a missing "@" or a display name in the address.
ADDRESS_RE = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")


def check_timezone(value: str) -> str | None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return "an IANA timezone name such as Asia/Seoul"
    return None


def check_cron(value: str) -> str | None:
    """None for a valid crontab line, else what is allowed, naming the field at fault (`hour: 25 …`)."""
    from apscheduler.triggers.cron import CronTrigger

    try:
        CronTrigger.from_crontab(value)
    except ValueError as e:
        fields = value.split()
        if len(fields) != len(CRON_FIELDS):
            return f"{CRON_HINT} (5 fields, got {len(fields)})"
        for name, field_value in zip(CRON_FIELDS, fields, strict=True):
            try:
                CronTrigger(**{name: field_value})
            except ValueError as field_error:
                return f"{CRON_HINT}; its {name.replace('_', '-')} field {field_value!r}: {_cron_reason(field_error)}"
        return f"{CRON_HINT} ({e})"
    return None


def _cron_reason(error: ValueError) -> str:
    # APScheduler says "Error validating expression '25': the last value (25) is higher than ..."
    return str(error).split(": ", 1)[-1]


def check_database_url(value: str) -> str | None:
    """A URL of a supported database whose driver is installed: what `Store.open` needs.

    `mysql://x` parses as a URL and would fail only at the first ingest
    (`No module named 'MySQLdb'`); `postgresql://` names the psycopg2 driver,
    which monitor does not install (its PostgreSQL extra is psycopg 3).
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        url = make_url(value)
    except ArgumentError:
        return DATABASE_HINT
    if url.get_backend_name() not in DATABASE_BACKENDS:
        return f"{DATABASE_HINT}; {url.get_backend_name()!r} databases are not supported"
    try:
        url.get_dialect().import_dbapi()
    except (NoSuchModuleError, ImportError) as e:
        return f"{DATABASE_HINT}; the driver {url.get_driver_name()!r} is not available ({e})"
    return None


def between(minimum: float, maximum: float, what: str = "a whole number") -> Callable[[float], str | None]:
    """A check for numbers from `minimum` to `maximum` (shared by every config section).

    Every number has an upper bound: values such as 2**63-1 seconds or 1e300 pass a lower
    bound but overflow the scheduler or the socket layer when `run` uses them, and NaN
    passes every comparison test but `<=`.
    """
    allowed = f"{what} from {_shown(minimum)} to {_shown(maximum)}"
    return lambda value: None if math.isfinite(value) and minimum <= value <= maximum else allowed


def _shown(bound: float) -> str:
    return str(int(bound)) if float(bound).is_integer() else str(bound)


def positive_at_most(maximum: float, what: str = "a number of seconds") -> Callable[[float], str | None]:
    """A check for numbers greater than 0 and at most `maximum` (timeouts)."""
    allowed = f"{what} greater than 0, at most {_shown(maximum)}"
    return lambda value: None if math.isfinite(value) and 0 < value <= maximum else allowed


def one_of(choices: tuple[str, ...]) -> Callable[[str], str | None]:
    return lambda value: None if value in choices else " or ".join(f'"{c}"' for c in choices)


def nonempty(what: str = "a non-empty string") -> Callable[[str], str | None]:
    return lambda value: None if value.strip() else what


def check_address(value: str) -> str | None:
    return None if ADDRESS_RE.match(value) else 'a bare email address such as "kim@example.org"'


def check_http_url(value: str) -> str | None:
    parts = urlsplit(value)
    ok = parts.scheme in ("http", "https") and bool(parts.hostname)
    return None if ok else 'an http:// or https:// URL such as "https://www.example.kr/rss.xml"'


def anything(_value: object) -> str | None:
    return None
