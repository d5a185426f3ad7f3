"""The `[sources]` section of monitor.toml, validated into typed objects.

    [sources]                  # limits shared by every feed, all optional
    [[sources.folder]]         # zero or more folders; none means `[inbox] path`
    [[sources.feed]]           # zero or more RSS/Atom feeds

settings.py passes the section through untouched (Settings.extra["sources"]);
every problem here raises ConfigError naming the file, the key (with the line
of the n-th `[[sources.feed]]` table when it can be found) and what is allowed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from monitor.errors import ConfigError
from monitor.settings import DAY, TYPE_NAMES, Settings, between, positive_at_most
from monitor.sources.encoding import normalize_codec
from monitor.sources.health import DEFAULT_FAILING_AFTER, DEFAULT_SILENT_AFTER
from monitor.sources.http import FetchPolicy

# Article pages fetched per feed per pass, one after the other: a feed that
# suddenly lists 500 new entries must not turn into 500 requests to one site.
DEFAULT_FULL_TEXT_LIMIT = 20


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


Check = Callable[[Any], str | None]


def _http_url(value: str) -> str | None:
    parts = urlsplit(value)
    ok = parts.scheme in ("http", "https") and bool(parts.hostname)
    return None if ok else 'an http:// or https:// URL such as "https://www.example.kr/rss.xml"'


def _codec(value: str) -> str | None:
    return None if normalize_codec(value) else 'a charset name such as "euc-kr", "cp949" or "utf-8"'


def _nonempty(value: str) -> str | None:
    return None if value.strip() else "a non-empty string"


Number = (int, float)
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
    "url": (str, _http_url, None),
    "name": (str, _nonempty, None),
    "interval": (int, between(60, 30 * DAY, "a whole number of seconds"), None),
    "encoding": (str, _codec, None),
    "fetch_full_text": (bool, lambda value: None, False),
    "full_text_limit": (int, between(1, 1000), DEFAULT_FULL_TEXT_LIMIT),
}
FOLDER_KEYS: dict[str, tuple[Any, Check, Any]] = {
    "path": (str, _nonempty, None),
    "name": (str, _nonempty, None),
    "settle_seconds": (Number, between(0, 3600, "a number of seconds"), 2.0),
}
REQUIRED = {"feed": ("url",), "folder": ("path",)}


def load_sources(settings: Settings) -> SourcesConfig:
    """Validate Settings.extra["sources"]; ConfigError on the first problem.

    >>> load_sources(load_settings("config")).feeds     # doctest: +SKIP
    (FeedSource(url='https://www.jeonbuk.go.kr/rss.xml', name='전북도청', interval=1800, encoding=None),)
    """
    raw = settings.extra.get("sources", {})
    where = _Where(settings.settings_file)
    if not isinstance(raw, Mapping):
        raise where.error("sources", None, "must be a table", None)
    top = {k: v for k, v in raw.items() if k not in ("feed", "folder")}
    limits = _validate(where, "sources", None, top, TOP_KEYS)
    feeds = tuple(_feed(where, i, body, settings.poll_interval) for i, body in enumerate(_tables(where, raw, "feed")))
    folders = tuple(_folder(where, i, body) for i, body in enumerate(_tables(where, raw, "folder")))
    if not folders:  # backwards compatible: the inbox is the default folder source
        folders = (FolderSource(path=settings.inbox, name="inbox"),)
    _check_unique(where, [("feed", f.url) for f in feeds], "url")
    _check_unique(where, [("feed" if isinstance(s, FeedSource) else "folder", s.name) for s in (*folders, *feeds)],
                  "name")
    policy = FetchPolicy(connect_timeout=float(limits["connect_timeout"]), read_timeout=float(limits["read_timeout"]),
                         max_bytes=limits["max_bytes"], max_redirects=limits["max_redirects"],
                         deadline=float(limits["fetch_deadline"]))
    return SourcesConfig(feeds, folders, policy, limits["failing_after"], limits["silent_after"])


def _tables(where: _Where, raw: Mapping[str, Any], kind: str) -> list[Mapping[str, Any]]:
    tables = raw.get(kind, [])
    if not isinstance(tables, list) or not all(isinstance(t, Mapping) for t in tables):
        raise where.error(f"sources.{kind}", None, f"must be written as [[sources.{kind}]] tables", None)
    return tables


def _feed(where: _Where, index: int, body: Mapping[str, Any], default_interval: int) -> FeedSource:
    values = _validate(where, "sources.feed", index, body, FEED_KEYS)
    url = values["url"].strip()
    parts = urlsplit(url)
    # Without a name, host and path: unique like the URL, and short enough for a listing.
    default_name = f"{parts.hostname}{parts.path}".rstrip("/")
    return FeedSource(url=url, name=values["name"] or default_name,
                      interval=values["interval"] or default_interval,
                      encoding=normalize_codec(values["encoding"]) if values["encoding"] else None,
                      fetch_full_text=values["fetch_full_text"], full_text_limit=values["full_text_limit"])


def _folder(where: _Where, index: int, body: Mapping[str, Any]) -> FolderSource:
    values = _validate(where, "sources.folder", index, body, FOLDER_KEYS)
    path = Path(values["path"])
    return FolderSource(path=path, name=values["name"] or str(path), settle_seconds=float(values["settle_seconds"]))


def _validate(where: _Where, section: str, index: int | None, body: Mapping[str, Any],
              schema: dict[str, tuple[Any, Check, Any]]) -> dict[str, Any]:
    kind = section.removeprefix("sources.")
    for key in body:
        if key not in schema:
            raise where.error(section, index, "unknown key", key, hint=f"allowed: {', '.join(schema)}")
    for key in REQUIRED.get(kind, ()) if index is not None else ():
        if key not in body:
            raise where.error(section, index, f"missing required key {key!r}", None)
    values: dict[str, Any] = {}
    for key, (expected, check, default) in schema.items():
        if key not in body:
            values[key] = default
            continue
        value = body[key]
        # bool is an int in Python; a TOML `true` is never a number.
        if not isinstance(value, expected) or (expected is not bool and isinstance(value, bool)):
            raise where.error(section, index, f"must be {_type_name(expected)}, got {type(value).__name__}", key)
        problem = check(value)
        if problem:
            raise where.error(section, index, f"invalid value {value!r}", key, hint=f"allowed: {problem}")
        values[key] = value
    return values


def _check_unique(where: _Where, values: list[tuple[str, str]], key: str) -> None:
    seen: set[str] = set()
    for kind, value in values:
        if value in seen:
            raise where.error(f"sources.{kind}", None, f"duplicate {key} {value!r}", key,
                              hint=f"each source needs its own {key}")
        seen.add(value)


def _type_name(expected: Any) -> str:
    if expected == Number:
        return "a number"
    return TYPE_NAMES.get(expected, getattr(expected, "__name__", str(expected)))


class _Where:
    """Builds ConfigErrors with the line of a key inside the n-th array-of-tables entry."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def error(self, section: str, index: int | None, message: str, key: str | None, *,
              hint: str | None = None) -> ConfigError:
        label = section if index is None else f"{section}[{index}]"
        name = f"{label}.{key}" if key else label
        return ConfigError(str(self.path), message, key=name, line=self._line(section, index, key), hint=hint)

    def _line(self, section: str, index: int | None, key: str | None) -> int | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        header = re.compile(r"^\s*\[+\s*([^\]]+?)\s*\]+")
        key_re = re.compile(rf"^\s*{re.escape(key)}\s*=") if key else None
        current, count, header_line = None, -1, None
        for number, line in enumerate(text.splitlines(), start=1):
            match = header.match(line)
            if match:
                current = match.group(1)
                if current == section:
                    count += 1
                    if index is None or count == index:
                        header_line = number
                continue
            if key_re and current == section and (index is None or count == index) and key_re.match(line):
                return number
        return header_line

