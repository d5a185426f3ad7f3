"""The `[sources]` section of monitor.toml, validated into typed objects.

    [sources]                  # limits shared by every feed, all optional
    [[sources.folder]]         # zero or more folders; none means `[inbox] path`
    [[sources.feed]]           # zero or more RSS/Atom feeds

and `[[sources.<kind>]]` for any other kind in the registry (sources/kinds.py), whose
keys the kind declares. monitor/configuration.py hands this module the parsed file; every problem here
raises ConfigError naming the file, the key (with the line of the n-th
`[[sources.feed]]` table when it can be found) and what is allowed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from monitor.config_file import Check, ConfigFile, Number, Place
from monitor.config_paths import is_bundled
from monitor.errors import ConfigError
from monitor.settings import Settings
from monitor.sources.feed_source import DEFAULT_FULL_TEXT_LIMIT, FeedSource  # noqa: F401 - their old home
from monitor.sources.folder_source import FolderSource
from monitor.sources.health import DEFAULT_FAILING_AFTER, DEFAULT_SILENT_AFTER
from monitor.sources.http import FetchPolicy
from monitor.sources.kinds import Source, source_kinds
from monitor.validators import DAY, between, positive_at_most


@dataclass(frozen=True, slots=True)
class SourcesConfig:
    sources: tuple[Source, ...]  # every configured source, in the order of the registry's kinds
    fetch: FetchPolicy
    failing_after: int  # seconds of failing before a source needs attention
    silent_after: int  # seconds without a new entry before a feed needs attention (at least)

    def of_kind(self, kind: str) -> tuple[Any, ...]:
        return tuple(s for s in self.sources if s.kind == kind)

    @property
    def feeds(self) -> tuple[FeedSource, ...]:
        return self.of_kind("feed")

    @property
    def folders(self) -> tuple[FolderSource, ...]:
        return self.of_kind("folder")


# The limits in [sources] itself, shared by every source: key -> (type(s), check, default)
TOP_KEYS: dict[str, tuple[Any, Check, Any]] = {
    "connect_timeout": (Number, positive_at_most(3600), 10.0),
    "read_timeout": (Number, positive_at_most(3600), 30.0),
    "max_bytes": (int, between(1024, 2**30, "a whole number of bytes"), 10 * 1024 * 1024),
    "max_redirects": (int, between(0, 50), 5),
    "fetch_deadline": (Number, positive_at_most(3600), 120.0),
    "failing_after": (int, between(60, 365 * DAY, "a whole number of seconds"), DEFAULT_FAILING_AFTER),
    "silent_after": (int, between(3600, 365 * DAY, "a whole number of seconds"), DEFAULT_SILENT_AFTER),
}


def sources_from(file: ConfigFile, settings: Settings) -> SourcesConfig:
    """Validate the `[sources]` section of a parsed monitor.toml; ConfigError on the first problem."""
    raw = file.data.get("sources", {})
    if not isinstance(raw, Mapping):
        raise Place(file, "sources", "sources").error(None, "must be a table")
    kinds = source_kinds()
    top = {k: v for k, v in raw.items() if k not in kinds}
    limits = _validate(Place(file, "sources", "sources"), top, TOP_KEYS, ())
    sources: list[Source] = []
    for kind in kinds.values():
        built = [kind.build(_validate(_entry(file, kind.name, i), body, kind.keys, kind.required), settings)
                 for i, body in enumerate(_tables(file, raw, kind.name))]
        for attribute in kind.unique:
            _check_unique(file, [(kind.name, getattr(s, attribute)) for s in built], attribute)
        if kind.name == "folder" and not built:  # backwards compatible: the inbox is the default folder
            built = [FolderSource(path=settings.inbox, name="inbox")]
        sources.extend(built)
    _check_unique(file, [(s.kind, s.name) for s in sources], "name")
    policy = FetchPolicy(connect_timeout=float(limits["connect_timeout"]), read_timeout=float(limits["read_timeout"]),
                         max_bytes=limits["max_bytes"], max_redirects=limits["max_redirects"],
                         deadline=float(limits["fetch_deadline"]))
    return SourcesConfig(tuple(sources), policy, limits["failing_after"], limits["silent_after"])


def missing_folder(file: ConfigFile, sources: SourcesConfig) -> ConfigError | None:
    """A folder source that does not exist, as the error `check-config` and `run` stop with.

    A typo in a path is far likelier than a folder that will appear later, and a service
    that starts anyway only logs "skipped" on every poll (exit 0 for `run --once`).
    """
    raw = file.data.get("sources")
    declared = isinstance(raw, Mapping) and bool(raw.get("folder"))  # else the folder is `[inbox] path`
    for index, folder in enumerate(sources.folders):
        if folder.path.is_dir():
            continue
        place = _entry(file, "folder", index) if declared else Place(file, "inbox", "inbox")
        what = "is not a folder" if folder.path.exists() else "does not exist"
        hint = ("create it, or run `monitor init` for a config/ of your own with an inbox/ beside it"
                if is_bundled(file.path.parent) else
                f"create it or fix the path; a relative path starts from {file.path.parent}/")
        return place.error("path", f"folder source {folder.name!r}: {folder.path} {what}", hint=hint)
    return None


def _entry(file: ConfigFile, kind: str, index: int) -> Place:
    return Place(file, f"sources.{kind}", f"sources.{kind}[{index}]", index)


def _tables(file: ConfigFile, raw: Mapping[str, Any], kind: str) -> list[Mapping[str, Any]]:
    tables = raw.get(kind, [])
    if not isinstance(tables, list) or not all(isinstance(t, Mapping) for t in tables):
        raise Place(file, f"sources.{kind}", f"sources.{kind}").error(
            None, f"must be written as [[sources.{kind}]] tables")
    return tables


def _validate(place: Place, body: Mapping[str, Any], schema: Mapping[str, tuple[Any, Check, Any]],
              required: tuple[str, ...]) -> dict[str, Any]:
    place.known_keys(body, schema)
    for key in required:
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
