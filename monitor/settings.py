"""Service settings: loaded once from `monitor.toml`, validated, passed explicitly.

Layering is defaults <- file <- overrides. Every problem raises ConfigError
naming the file, the key (with its line where it can be found) and what is
allowed, so `monitor check-config` and every command fail with one clear line.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from monitor.config_file import Check, ConfigFile, Place
from monitor.config_paths import BUNDLED_CONFIG_DIR, former_meaning, resolve_database_url, resolve_path
from monitor.validators import (
    DAY,
    between,
    check_cron,
    check_database_url,
    check_timezone,
)

SETTINGS_FILE = "monitor.toml"
TOPICS_FILE = "topics.toml"


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

    @property
    def settings_file(self) -> Path:
        return self.config_dir / SETTINGS_FILE

    @property
    def topics_file(self) -> Path:
        return self.config_dir / TOPICS_FILE

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def _check_nonempty(value: str) -> str | None:
    return None if value.strip() else "a non-empty path"


# section -> key -> (Settings attribute, type, validator). The sections not listed
# here are read by the modules that own them (see monitor/configuration.py).
SCHEMA: dict[str, dict[str, tuple[str, type, Check]]] = {
    "inbox": {"path": ("inbox", str, _check_nonempty)},
    "database": {"url": ("database_url", str, check_database_url)},
    "reports": {"path": ("reports_dir", str, _check_nonempty)},
    "schedule": {
        "timezone": ("timezone", str, check_timezone),
        "digest_cron": ("digest_cron", str, check_cron),
        "poll_interval": ("poll_interval", int, between(10, 7 * DAY, "a whole number of seconds")),
    },
}
EXTENSION_SECTIONS = ("sources", "digests", "smtp", "housekeeping")
PATH_ATTRIBUTES = {"inbox", "reports_dir"}
_DEFAULTS = {f.name: f.default for f in fields(Settings)}


def resolve_config_dir(explicit: str | Path | None, cwd: Path | None = None,
                       environ: Mapping[str, str] | None = None) -> Path:
    """The config folder: --config DIR, else $MONITOR_CONFIG, else ./config when it has a monitor.toml,
    else the user's config folder ($XDG_CONFIG_HOME/monitor, by default ~/.config/monitor) when it
    has one, else the bundled defaults.

    An explicit folder (option or variable) is taken as given, so that a wrong one fails with its
    name instead of silently falling back; the folders looked for are used only when they hold a
    monitor.toml.
    """
    env = os.environ if environ is None else environ
    if explicit is not None:
        return Path(explicit)
    if env.get("MONITOR_CONFIG"):
        return Path(env["MONITOR_CONFIG"])
    local = (cwd or Path.cwd()) / "config"
    if (local / SETTINGS_FILE).is_file():
        return local
    # The XDG base directory spec: a relative XDG_CONFIG_HOME is invalid and ignored.
    base = Path(env.get("XDG_CONFIG_HOME") or "")
    user = (base if base.is_absolute() else Path.home() / ".config") / "monitor"
    return user if (user / SETTINGS_FILE).is_file() else BUNDLED_CONFIG_DIR


def read_settings_file(path: Path) -> ConfigFile:
    return ConfigFile.read(path, hint="pass --config DIR, a folder with monitor.toml and topics.toml")


def load_settings(config_dir: str | Path | None = None, **overrides: Any) -> Settings:
    """Load `<config_dir>/monitor.toml` over the defaults, then apply overrides.

    Only the core sections; `monitor.configuration.load_config` reads the whole file.

    >>> settings = load_settings("config")            # doctest: +SKIP
    >>> settings.inbox, settings.timezone             # doctest: +SKIP
    (PosixPath('seeds'), 'Asia/Seoul')
    """
    directory = resolve_config_dir(config_dir)
    return settings_from(read_settings_file(directory / SETTINGS_FILE), directory, **overrides)


def settings_from(file: ConfigFile, directory: Path, **overrides: Any) -> Settings:
    """The core sections of a parsed monitor.toml; every other section must be one a module owns."""
    values: dict[str, Any] = {}
    for section, body in file.data.items():
        if section in EXTENSION_SECTIONS:
            continue
        if section not in SCHEMA:
            allowed = ", ".join(sorted([*SCHEMA, *EXTENSION_SECTIONS]))
            raise file.error(f"unknown section [{section}]", key=section, line=file.line(None, section),
                             hint=f"allowed: {allowed}")
        if not isinstance(body, dict):
            raise file.error("must be a table", key=section, line=file.line(None, section))
        values.update(_section_values(Place(file, section, section), section, body))
    # Paths resolved in one place, a default as what it would mean written in the file.
    for attribute in PATH_ATTRIBUTES:
        values[attribute] = resolve_path(str(values.get(attribute, _DEFAULTS[attribute])), file.path.parent)
    values["database_url"] = _database_url(Place(file, "database", "database"), "url",
                                           values.get("database_url", _DEFAULTS["database_url"]))
    settings = Settings(config_dir=directory, **values)
    return replace(settings, **overrides) if overrides else settings


def _database_url(place: Place, key: str, url: str) -> str:
    """The URL with a relative SQLite file resolved against the config folder; refused when that
    file is missing but the working folder has one of that name (a config from before the rule)."""
    resolved = resolve_database_url(url, place.file.path.parent)
    if resolved != url:
        from sqlalchemy.engine import make_url

        before = former_meaning(make_url(url).database or "", place.file.path.parent)
        if before is not None:  # also for the default url, which an old config relied on by leaving it out
            raise place.error(key, f"{make_url(resolved).database} does not exist, but {before} does",
                              hint="relative paths resolve against the folder of monitor.toml; "
                                   "write the database's path relative to that folder, or an absolute one")
    return resolved


def _section_values(place: Place, section: str, body: dict[str, Any]) -> dict[str, Any]:
    schema = SCHEMA[section]
    place.known_keys(body, sorted(schema), hint_prefix=f"allowed in [{section}]")
    values: dict[str, Any] = {}
    for key in body:
        attribute, expected, check = schema[key]
        values[attribute] = place.value(body, key, expected, None, check)
    return values
