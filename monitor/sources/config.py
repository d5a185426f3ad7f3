"""The `[sources]` section of monitor.toml, validated into typed objects.

    [sources]                  # limits shared by every feed, all optional
    [[sources.folder]]         # zero or more folders; none means `[inbox] path`
    [[sources.feed]]           # zero or more RSS/Atom feeds

monitor/configuration.py hands this module the parsed file; every problem here
raises ConfigError naming the file, the key (with the line of the n-th
`[[sources.feed]]` table when it can be found) and what is allowed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from monitor.config_file import Check, ConfigFile, Number, Place
from monitor.errors import ConfigError
from monitor.settings import Settings, read_settings_file
from monitor.sources.encoding import normalize_codec
from monitor.sources.http import FetchPolicy
from monitor.validators import DAY, anything, between, check_http_url, nonempty, positive_at_most

# Article pages fetched per feed per pass, one after the other: a feed that
# suddenly lists 500 new entries must not turn into 500 requests to one site.
DEFAULT_FULL_TEXT_LIMIT = 20
# When a source needs attention (sources/health.py), unless [sources] says otherwise.
DEFAULT_FAILING_AFTER = 24 * 3600
DEFAULT_SILENT_AFTER = 3 * 24 * 3600  # a long weekend plus a day


@dataclass(frozen=True, slots=True)
class FeedSource:
    """One `[[sources.feed]]`."""

    url: str
    name: str
    interval: int  # seconds between two polls of this feed
    encoding: str | None = None  # override: a Python codec name, wins over anything the feed says
    fetch_full_text: bool = False  # fetch each new entry's page for the article (fulltext.py)
    full_text_limit: int = DEFAULT_FULL_TEXT_LIMIT  # pages fetched per pass at most, one after the other

    @property
    def key(self) -> str:
        return f"feed:{self.url}"


@dataclass(frozen=True, slots=True)
class FolderSource:
    """One `[[sources.folder]]` (or the `[inbox] path` when none is declared)."""

    path: Path
    name: str
    settle_seconds: float = 2.0  # a file modified more recently is taken on the next pass

    @property
    def key(self) -> str:
        return f"folder:{self.path}"


@dataclass(frozen=True, slots=True)
class SourcesConfig:
    feeds: tuple[FeedSource, ...]
    folders: tuple[FolderSource, ...]
    fetch: FetchPolicy
    failing_after: int  # seconds of failing before a source needs attention
    silent_after: int  # seconds without a new entry before a feed needs attention (at least)


def _codec(value: str) -> str | None:
    return None if normalize_codec(value) else 'a charset name such as "euc-kr", "cp949" or "utf-8"'


# key -> (type(s), validator, default)
TOP_KEYS: dict[str, tuple[Any, Check, Any]] = {
    "connect_timeout": (Number, positive_at_most(3600), 10.0),
    "read_timeout": (Number, positive_at_most(3600), 30.0),
    "max_bytes": (int, between(1024, 2**30, "a whole number of bytes"), 10 * 1024 * 1024),
    "max_redirects": (int, between(0, 50), 5),
    "fetch_deadline": (Number, positive_at_most(3600), 120.0),
    "failing_after": (int, between(60, 365 * DAY, "a whole number of seconds"), DEFAULT_FAILING_AFTER),
    "silent_after": (int, between(3600, 365 * DAY, "a whole number of seconds"), DEFAULT_SILENT_AFTER),
}
FEED_KEYS: dict[str, tuple[Any, Check, Any]] = {
    "url": (str, check_http_url, None),
    "name": (str, nonempty(), None),
    "interval": (int, between(60, 30 * DAY, "a whole number of seconds"), None),
    "encoding": (str, _codec, None),
    "fetch_full_text": (bool, anything, False),
    "full_text_limit": (int, between(1, 1000), DEFAULT_FULL_TEXT_LIMIT),
}
FOLDER_KEYS: dict[str, tuple[Any, Check, Any]] = {
    "path": (str, nonempty(), None),
    "name": (str, nonempty(), None),
    "settle_seconds": (Number, between(0, 3600, "a number of seconds"), 2.0),
}
REQUIRED = {"feed": ("url",), "folder": ("path",)}


def load_sources(settings: Settings) -> SourcesConfig:
    """The sources of `settings`' monitor.toml (for callers without a Config; reads the file again).

    >>> load_sources(load_settings("config")).feeds     # doctest: +SKIP
    (FeedSource(url='https://www.jeonbuk.go.kr/rss.xml', name='전북도청', interval=1800, encoding=None),)
    """
    return sources_from(read_settings_file(settings.settings_file), settings)


def sources_from(file: ConfigFile, settings: Settings) -> SourcesConfig:
    """Validate the `[sources]` section of a parsed monitor.toml; ConfigError on the first problem."""
    raw = file.data.get("sources", {})
    if not isinstance(raw, Mapping):
        raise Place(file, "sources", "sources").error(None, "must be a table")
    top = {k: v for k, v in raw.items() if k not in ("feed", "folder")}
    limits = _validate(Place(file, "sources", "sources"), "sources", top, TOP_KEYS)
    feeds = tuple(_feed(_entry(file, "feed", i), body, settings.poll_interval)
                  for i, body in enumerate(_tables(file, raw, "feed")))
    folders = tuple(_folder(_entry(file, "folder", i), body) for i, body in enumerate(_tables(file, raw, "folder")))
    if not folders:  # backwards compatible: the inbox is the default folder source
        folders = (FolderSource(path=settings.inbox, name="inbox"),)
    _check_unique(file, [("feed", f.url) for f in feeds], "url")
    _check_unique(file, [("feed" if isinstance(s, FeedSource) else "folder", s.name) for s in (*folders, *feeds)],
                  "name")
    policy = FetchPolicy(connect_timeout=float(limits["connect_timeout"]), read_timeout=float(limits["read_timeout"]),
                         max_bytes=limits["max_bytes"], max_redirects=limits["max_redirects"],
                         deadline=float(limits["fetch_deadline"]))
    return SourcesConfig(feeds, folders, policy, limits["failing_after"], limits["silent_after"])


def missing_folder(file: ConfigFile, sources: SourcesConfig) -> ConfigError | None:
    """A folder source that does not exist, as the error `check-config` and `run` stop with.

    A typo in a path is far likelier than a folder that will appear later, and a service
    that starts anyway only logs "skipped" on every poll (exit 0 for `run --once`).
    """
    declared = bool(file.data.get("sources", {}).get("folder")) if isinstance(file.data.get("sources"), Mapping) \
        else False
    for index, folder in enumerate(sources.folders):
        if folder.path.is_dir():
            continue
        place = _entry(file, "folder", index) if declared else Place(file, "inbox", "inbox")
        what = "is not a folder" if folder.path.exists() else "does not exist"
        return place.error("path", f"folder source {folder.name!r}: {folder.path} {what}",
                           hint="create it or fix the path; `monitor init` makes an inbox/ next to config/")
    return None


def _entry(file: ConfigFile, kind: str, index: int) -> Place:
    return Place(file, f"sources.{kind}", f"sources.{kind}[{index}]", index)


def _tables(file: ConfigFile, raw: Mapping[str, Any], kind: str) -> list[Mapping[str, Any]]:
    tables = raw.get(kind, [])
    if not isinstance(tables, list) or not all(isinstance(t, Mapping) for t in tables):
        raise Place(file, f"sources.{kind}", f"sources.{kind}").error(
            None, f"must be written as [[sources.{kind}]] tables")
    return tables


def _feed(place: Place, body: Mapping[str, Any], default_interval: int) -> FeedSource:
    values = _validate(place, "feed", body, FEED_KEYS)
    url = values["url"].strip()
    parts = urlsplit(url)
    # Without a name, host and path: unique like the URL, and short enough for a listing.
    default_name = f"{parts.hostname}{parts.path}".rstrip("/")
    return FeedSource(url=url, name=values["name"] or default_name,
                      interval=values["interval"] or default_interval,
                      encoding=normalize_codec(values["encoding"]) if values["encoding"] else None,
                      fetch_full_text=values["fetch_full_text"], full_text_limit=values["full_text_limit"])


def _folder(place: Place, body: Mapping[str, Any]) -> FolderSource:
    values = _validate(place, "folder", body, FOLDER_KEYS)
    path = Path(values["path"])
    return FolderSource(path=path, name=values["name"] or str(path), settle_seconds=float(values["settle_seconds"]))


def _validate(place: Place, kind: str, body: Mapping[str, Any],
              schema: dict[str, tuple[Any, Check, Any]]) -> dict[str, Any]:
    place.known_keys(body, schema)
    for key in REQUIRED.get(kind, ()):
        if key not in body:
            raise place.error(None, f"missing required key {key!r}")
    return {key: place.value(body, key, expected, default, check) for key, (expected, check, default) in schema.items()}


def _check_unique(file: ConfigFile, values: list[tuple[str, str]], key: str) -> None:
    seen: set[str] = set()
    for kind, value in values:
        if value in seen:
            raise Place(file, f"sources.{kind}", f"sources.{kind}").error(
                key, f"duplicate {key} {value!r}", hint=f"each source needs its own {key}")
        seen.add(value)
