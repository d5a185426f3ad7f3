"""The `folder` kind: `[[sources.folder]]`, a folder of dropped files (or the `[inbox] path`)."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from monitor.config_file import Number
from monitor.config_paths import resolve_path
from monitor.errors import SourceError
from monitor.models import RawDocument
from monitor.settings import Settings
from monitor.sources.folder import FolderScan, iter_folder
from monitor.sources.kinds import KeySpec, Outcome, Pass, register
from monitor.store.sources import forget_files, known_files
from monitor.validators import between, nonempty

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FolderSource:
    """One `[[sources.folder]]` (or the `[inbox] path` when none is declared)."""

    path: Path
    name: str
    settle_seconds: float = 2.0  # a file modified more recently is taken on the next pass

    @property
    def key(self) -> str:
        return f"folder:{self.path}"

    @property
    def kind(self) -> str:
        return FOLDER


FOLDER = "folder"


class FolderKind:
    name = FOLDER
    keys: Mapping[str, KeySpec] = {
        "path": (str, nonempty(), None),
        "name": (str, nonempty(), None),
        "settle_seconds": (Number, between(0, 3600, "a number of seconds"), 2.0),
    }
    required = ("path",)
    unique: tuple[str, ...] = ()
    may_fall_silent = False  # people drop files in a folder when they have some

    def build(self, values: Mapping[str, Any], settings: Settings) -> FolderSource:
        path = resolve_path(values["path"], settings.config_dir)
        return FolderSource(path=path, name=values["name"] or str(path),
                            settle_seconds=float(values["settle_seconds"]))

    def where(self, source: FolderSource) -> str:
        return str(source.path)

    def read(self, sources: Sequence[FolderSource], into: Pass) -> None:
        for folder in sources:  # every pass: a folder costs a directory listing
            _read_folder(into, folder, into.settings.poll_interval)


def _read_folder(batch: Pass, folder: FolderSource, interval: int) -> None:
    pending = batch.begin(folder, interval)
    batch.stream(_folder_documents(batch, folder, pending))


def _folder_documents(batch: Pass, folder: FolderSource, pending: Outcome) -> Iterator[RawDocument]:
    """The folder's new or changed files, read as the pipeline asks for them."""
    scan = FolderScan()
    known = known_files(batch.store, folder.key)
    try:
        for doc in iter_folder(folder.path, scan, folder.settle_seconds, known):
            batch.note(folder.key, doc, file=(doc.name, scan.stamps[doc.name]))
            yield doc
    except SourceError as e:
        logger.warning("skipped %s", e)
        batch.failures.append(str(e))
        pending.error = str(e)
        return
    forget_files(batch.store, folder.key, known.keys() - scan.names)  # a new file of a gone one's name is read
    batch.unchanged += scan.unchanged
    if scan.unchanged:
        logger.info("%s: %d file(s) unchanged since they were taken in", folder.name, scan.unchanged)
    batch.failures.extend(scan.failures)
    if scan.failures:  # the folder is readable, but someone should look at these files
        pending.error = f"{len(scan.failures)} unreadable file(s), e.g. {scan.failures[0]}"


register(FolderKind())
