"""The whole configuration, read and validated once at start-up, then passed explicitly.

    config = load_config("config")          # monitor.toml + topics.toml, every section
    ingest(config, store, now)              # each stage takes the Config or its own part

One file read per file, one line-finder (`config_file.ConfigFile.line`), one set of value
checks (`validators`); each section is read by the module that owns its meaning:

| section                              | read by                    | into             |
|--------------------------------------|----------------------------|------------------|
| `[inbox] [database] [reports] [schedule]` | `settings.settings_from` | `Settings`       |
| `[sources]`, `[[sources.folder]]`, `[[sources.feed]]` | `sources.config.sources_from` | `SourcesConfig` |
| `[[digests]] [smtp] [housekeeping]`  | `digests_config.service_from` | `ServiceConfig` |
| topics.toml                          | `topics.config`            | `TopicSet`       |

A bad value anywhere stops every command before it does anything, with one line
naming the file, the line and the field.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from monitor.config_file import ConfigFile
from monitor.digests_config import (
    DigestConfig,
    HousekeepingConfig,
    ServiceConfig,
    SmtpConfig,
    check_topics,
    service_from,
)
from monitor.errors import ConfigError
from monitor.settings import SETTINGS_FILE, Settings, read_settings_file, resolve_config_dir, settings_from
from monitor.sources.config import SourcesConfig, missing_folder, sources_from
from monitor.topics import TopicSet, load_topics


@dataclass(frozen=True, slots=True)
class Config:
    """Everything monitor.toml and topics.toml say, validated together."""

    settings: Settings
    sources: SourcesConfig
    service: ServiceConfig  # digests, smtp, housekeeping
    topics: TopicSet
    file: ConfigFile  # monitor.toml as read, for the checks that need the line of a key later

    @property
    def digests(self) -> tuple[DigestConfig, ...]:
        return self.service.digests

    @property
    def smtp(self) -> SmtpConfig | None:
        return self.service.smtp

    @property
    def housekeeping(self) -> HousekeepingConfig:
        return self.service.housekeeping

    def digest(self, name: str) -> DigestConfig:
        return self.service.digest(name)

    def with_settings(self, **changes: Any) -> Config:
        """The same configuration with some core settings replaced (tests, `--inbox`-style overrides)."""
        return replace(self, settings=replace(self.settings, **changes))

    def missing_folder(self) -> ConfigError | None:
        """A folder source that does not exist: `check-config`, `run` and `ingest` stop on it."""
        return missing_folder(self.file, self.sources)


def load_config(config_dir: str | Path | None = None, *, topics: TopicSet | None = None, **overrides: Any) -> Config:
    """Read and validate `<config_dir>/monitor.toml` and its topics.toml; ConfigError on the first problem.

    `overrides` replace core settings (`inbox=…`) before the sections that depend on them are read.

    >>> config = load_config("config")                  # doctest: +SKIP
    >>> config.settings.timezone, [d.name for d in config.digests]   # doctest: +SKIP
    ('Asia/Seoul', ['daily'])
    """
    directory = resolve_config_dir(config_dir)
    return config_from(read_settings_file(directory / SETTINGS_FILE), directory, topics=topics, **overrides)


def config_from(file: ConfigFile, directory: Path, *, topics: TopicSet | None = None, **overrides: Any) -> Config:
    """A Config from an already parsed monitor.toml (`load_config` reads it; tests build it from data).

    `topics` given: use them instead of reading `<directory>/topics.toml`.
    """
    settings = settings_from(file, directory, **overrides)
    sources = sources_from(file, settings)
    service = service_from(file, settings)
    topics = topics if topics is not None else load_topics(settings.topics_file)
    check_topics(service, [t.id for t in topics.topics], file.path)
    return Config(settings, sources, service, topics, file)


def config_from_data(data: dict[str, Any], directory: Path, *, topics: TopicSet | None = None,
                     **overrides: Any) -> Config:
    """A Config from monitor.toml's content as a dict (no lines to show in errors)."""
    return config_from(ConfigFile(directory / SETTINGS_FILE, data), directory, topics=topics, **overrides)
