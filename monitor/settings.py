"""Service settings: loaded once from `monitor.toml`, validated, passed explicitly.

Layering is defaults <- file <- overrides. Every problem raises ConfigError
naming the file, the key (with its line where it can be found) and what is
allowed, so `monitor check-config` and every command fail with one clear line.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from monitor.errors import ConfigError

SETTINGS_FILE = "monitor.toml"
TOPICS_FILE = "topics.toml"

# The defaults shipped inside the package (a wheel or pipx install has them too): used
# when the working directory has no config/ of its own; `monitor init` copies them there.
BUNDLED_CONFIG_DIR = Path(__file__).resolve().parent / "config"


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the service needs to know, resolved and validated."""

    config_dir: Path
    inbox: Path = Path("seeds")
    database_url: str = "sqlite:///var/monitor.db"
    reports_dir: Path = Path("reports")
    timezone: str = "Asia/Seoul"
    digest_cron: str = "0 8 * * mon-fri"
    poll_interval: int = 300
    extra: Mapping[str, Any] = field(default_factory=dict)  # sections owned by later features

    @property
    def settings_file(self) -> Path:
        return self.config_dir / SETTINGS_FILE

    @property
    def topics_file(self) -> Path:
        return self.config_dir / TOPICS_FILE

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def check_timezone(value: str) -> str | None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return "an IANA timezone name such as Asia/Seoul"
    return None


CRON_FIELDS = ("minute", "hour", "day", "month", "day_of_week")
CRON_HINT = 'a cron expression "minute hour day month day-of-week", e.g. "0 8 * * mon-fri"'


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


def _check_url(value: str) -> str | None:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        make_url(value)
    except ArgumentError:
        return 'a database URL such as "sqlite:///var/monitor.db"'
    return None


DAY = 86_400


def between(minimum: float, maximum: float, what: str = "a whole number") -> Callable[[float], str | None]:
    """A validator for numbers from `minimum` to `maximum` (shared by every config section).

    Every number has an upper bound: values such as 2**63-1 seconds or 1e300 pass a lower
    bound but overflow the scheduler or the socket layer when `run` uses them, and NaN
    passes every comparison test but `<=`.
    """
    allowed = f"{what} from {_shown(minimum)} to {_shown(maximum)}"
    return lambda value: None if math.isfinite(value) and minimum <= value <= maximum else allowed


def _shown(bound: float) -> str:
    return str(int(bound)) if float(bound).is_integer() else str(bound)


def positive_at_most(maximum: float, what: str = "a number of seconds") -> Callable[[float], str | None]:
    """A validator for numbers greater than 0 and at most `maximum` (timeouts)."""
    allowed = f"{what} greater than 0, at most {_shown(maximum)}"
    return lambda value: None if math.isfinite(value) and 0 < value <= maximum else allowed


def _check_nonempty(value: str) -> str | None:
    return None if value.strip() else "a non-empty path"


# section -> key -> (Settings attribute, type, validator). Sections not listed
# here are kept in Settings.extra for the features that own them.
Check = Callable[[Any], str | None]
SCHEMA: dict[str, dict[str, tuple[str, type, Check]]] = {
    "inbox": {"path": ("inbox", str, _check_nonempty)},
    "database": {"url": ("database_url", str, _check_url)},
    "reports": {"path": ("reports_dir", str, _check_nonempty)},
    "schedule": {
        "timezone": ("timezone", str, check_timezone),
        "digest_cron": ("digest_cron", str, check_cron),
        "poll_interval": ("poll_interval", int, between(10, 7 * DAY, "a whole number of seconds")),
    },
}
EXTENSION_SECTIONS = ("sources", "digests", "smtp", "housekeeping")
PATH_ATTRIBUTES = {"inbox", "reports_dir"}
TYPE_NAMES = {str: "a string", int: "a whole number", bool: "true or false", list: "a list"}


def resolve_config_dir(explicit: str | Path | None, cwd: Path | None = None) -> Path:
    """--config DIR if given, else ./config when present, else the bundled defaults."""
    if explicit is not None:
        return Path(explicit)
    local = (cwd or Path.cwd()) / "config"
    return local if (local / SETTINGS_FILE).is_file() else BUNDLED_CONFIG_DIR


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """Parse one TOML file; ConfigError (with line) when missing or malformed."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(str(path), "file not found",
                          hint="pass --config DIR, a folder with monitor.toml and topics.toml") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(str(path), f"cannot be read: {e}") from e
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as e:
        match = re.search(r"at line (\d+)", str(e))
        line = int(match.group(1)) if match else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(e))
        raise ConfigError(str(path), f"TOML syntax error: {message}", line=line) from e


def line_of(text: str, section: str | None, key: str) -> int | None:
    """Best-effort line number of `key` (inside `[section]` when given) in a TOML text."""
    current: str | None = None
    key_re = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"^\s*\[+\s*([^\]]+?)\s*\]+", line)
        if header:
            current = header.group(1)
            if section is not None and key == current.split(".")[-1] and current == section:
                return number
            continue
        if key_re.match(line) and (section is None or current == section):
            return number
    return None


def load_settings(config_dir: str | Path | None = None, **overrides: Any) -> Settings:
    """Load `<config_dir>/monitor.toml` over the defaults, then apply overrides.

    >>> settings = load_settings("config")            # doctest: +SKIP
    >>> settings.inbox, settings.timezone             # doctest: +SKIP
    (PosixPath('seeds'), 'Asia/Seoul')
    """
    directory = resolve_config_dir(config_dir)
    path = directory / SETTINGS_FILE
    data, text = read_toml(path)
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for section, body in data.items():
        if section in EXTENSION_SECTIONS:
            extra[section] = body
            continue
        if section not in SCHEMA:
            allowed = ", ".join(sorted([*SCHEMA, *EXTENSION_SECTIONS]))
            raise ConfigError(str(path), f"unknown section [{section}]", key=section,
                              line=line_of(text, None, section) or line_of(text, section, section),
                              hint=f"allowed: {allowed}")
        if not isinstance(body, dict):
            raise ConfigError(str(path), "must be a table", key=section, line=line_of(text, None, section))
        values.update(_section_values(path, text, section, body))
    settings = Settings(config_dir=directory, extra=extra, **values)
    return replace(settings, **overrides) if overrides else settings


def _section_values(path: Path, text: str, section: str, body: dict[str, Any]) -> dict[str, Any]:
    schema = SCHEMA[section]
    values: dict[str, Any] = {}
    for key, value in body.items():
        name = f"{section}.{key}"
        if key not in schema:
            raise ConfigError(str(path), "unknown key", key=name, line=line_of(text, section, key),
                              hint=f"allowed in [{section}]: {', '.join(sorted(schema))}")
        attribute, expected, check = schema[key]
        # bool is an int in Python; a TOML `true` is never a number of seconds.
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ConfigError(str(path), f"must be {TYPE_NAMES[expected]}, got {type(value).__name__}",
                              key=name, line=line_of(text, section, key))
        problem = check(value)
        if problem:
            raise ConfigError(str(path), f"invalid value {value!r}", key=name,
                              line=line_of(text, section, key), hint=f"allowed: {problem}")
        values[attribute] = Path(value) if attribute in PATH_ATTRIBUTES else value
    return values
