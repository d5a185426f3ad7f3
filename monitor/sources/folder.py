"""The inbox folder as a source: its *.txt files and saved web pages (*.html, *.htm) become RawDocuments.

Korean text still arrives as CP949/EUC-KR; a file that is neither UTF-8 nor
CP949 is skipped with one log line naming it and counted, never a crash.
A file that is still being written (modified within the last `settle_seconds`
and changing between two looks, or changing while it is read) is left for the
next pass rather than half-read. The inbox is confined to itself: a symlink
whose target lies outside the folder (`inbox/passwd.txt -> /etc/passwd`) is
refused, so dropping a link never mails a file the user did not drop.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from monitor.errors import SourceError
from monitor.models import RawDocument
from monitor.sources.webpage import PAGE_SUFFIXES, read_saved_page

logger = logging.getLogger(__name__)

# Tried in order. UTF-8 first: CP949 would accept many UTF-8 byte sequences as
# (wrong) Hangul, while UTF-8 rejects almost every CP949 text. EUC-KR is read
# as CP949, its superset.
CODECS = ("utf-8", "cp949")
BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
INBOX_SUFFIXES = (".txt", *PAGE_SUFFIXES)


# A file whose mtime is this close to the moment it was read may be rewritten with the same
# size and still show the same mtime (coarse timestamps: 2 s on FAT, 1 s on some network
# mounts, a kernel tick elsewhere); such a record is "racy" and the file is hashed again.
RACY_NS = 2_000_000_000
# A file the text pipeline failed on is not read again while unchanged, for this long: reading
# and analysing it every poll cost a quiet poll seconds (Kiwi loaded for one bad page), yet a
# failure that was transient (the model could not load) or a fixed bug must not lose it for good.
RETRY_FAILED_NS = 6 * 3600 * 1_000_000_000


class FileStamp(NamedTuple):
    """What a file looked like just before it was read: a poll skips it while this still holds.

    A tuple, not a dataclass: a poll builds one per stored file (10k in well under 0.1 s).
    """

    size: int
    mtime_ns: int
    checked_ns: int  # wall clock when it was looked at, before reading
    failed: bool = False  # the text pipeline failed on it: not stored, retried after RETRY_FAILED_NS

    def matches(self, size: int, mtime_ns: int, now_ns: int | None = None) -> bool:
        """Same size and mtime, and recorded late enough after the mtime that a rewrite would show;
        for a file that failed, also recently enough (`now_ns`: wall clock, default now) that it is not retried yet."""
        if not (size == self.size and mtime_ns == self.mtime_ns and self.checked_ns - self.mtime_ns > RACY_NS):
            return False
        return not self.failed or (time.time_ns() if now_ns is None else now_ns) - self.checked_ns < RETRY_FAILED_NS


@dataclass(slots=True)
class FolderScan:
    """What one pass over a folder found."""

    documents: list[RawDocument] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # one line per unreadable file
    deferred: list[Path] = field(default_factory=list)  # still being written: next pass
    stamps: dict[str, FileStamp] = field(default_factory=dict)  # file name -> its look before it was read
    names: set[str] = field(default_factory=set)  # every inbox file listed, read or not
    unchanged: int = 0  # files skipped unread: name, size and mtime as recorded


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Return (text, codec name) or raise SourceError naming the source."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError as e:
                raise SourceError(source, f"starts with a {codec} byte-order mark but is not {codec}") from e
    for codec in CODECS:
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    raise SourceError(source, "cannot be decoded as UTF-8 or CP949/EUC-KR", hint="save it as UTF-8")


def content_hash(text: str) -> str:
    return hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()


def read_document(path: Path, source: str | None = None) -> RawDocument:
    """Read and decode one file; `source` is how the user named it (defaults to the path)."""
    label = source if source is not None else str(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise SourceError(label, f"cannot be read: {e.strerror or e}") from e
    if path.suffix.lower() in PAGE_SUFFIXES:
        page = read_saved_page(data, label)
        return RawDocument(source=label, name=path.name, text=page.text, content_hash=content_hash(page.text),
                           encoding=page.encoding, title=page.title, published=page.published)
    text, codec = decode_bytes(data, label)
    return RawDocument(source=label, name=path.name, text=text, content_hash=content_hash(text), encoding=codec)


def list_inbox(folder: Path, refused: list[str] | None = None) -> list[Path]:
    """The folder's inbox files in name order (names start with a sortable prefix in practice).

    Files that resolve outside the folder are left out; each gets one line in
    `refused` (and in the log) naming it and where it points.
    """
    return [folder / entry.name for entry, _ in _inbox_entries(folder, refused)]


def _inbox_entries(folder: Path, refused: list[str] | None) -> list[tuple[os.DirEntry[str], os.stat_result]]:
    """(entry, stat) of each inbox file in name order: one directory read, no file opened.

    Only a symlink can lead out of the folder, so only symlinks are resolved; no Path is
    built for the others (at 10k files, building them was most of a quiet poll).
    """
    if not folder.is_dir():
        raise SourceError(str(folder), "inbox folder does not exist", hint="set inbox.path in monitor.toml")
    root = folder.resolve()
    inside = []
    with os.scandir(folder) as entries:
        listed = sorted((e for e in entries if os.path.splitext(e.name)[1].lower() in INBOX_SUFFIXES),
                        key=lambda e: e.name)
    for entry in listed:
        try:
            if not entry.is_file():
                continue
            stat = entry.stat()
        except OSError:
            continue  # vanished, or a broken link: not a file to read
        if entry.is_symlink() and not (target := (folder / entry.name).resolve()).is_relative_to(root):
            problem = str(SourceError(str(folder / entry.name), f"links outside the inbox (to {target}); not read",
                                      hint="copy the file into the inbox instead of linking it"))
            logger.warning("skipped %s", problem)
            if refused is not None:
                refused.append(problem)
            continue
        inside.append((entry, stat))
    return inside


def scan_folder(folder: Path, settle_seconds: float = 0.0,
                known: Mapping[str, FileStamp] | None = None) -> FolderScan:
    """Read every inbox file but those `known` unchanged; unreadable ones are logged and listed."""
    scan = FolderScan()
    scan.documents.extend(iter_folder(folder, scan, settle_seconds, known))
    return scan


def iter_folder(folder: Path, scan: FolderScan, settle_seconds: float = 0.0,
                known: Mapping[str, FileStamp] | None = None) -> Iterator[RawDocument]:
    """The folder's new or changed documents one at a time, so a pass never holds the whole inbox.

    A file whose name, size and mtime are as `known` records them is not opened (a poll
    over 10k stored files reads none); failures, deferred files and the stamp of each
    document read are noted in `scan`.
    """
    known = known or {}
    changed = []
    now_ns = time.time_ns()
    for entry, stat in _inbox_entries(folder, scan.failures):
        scan.names.add(entry.name)
        stamp = known.get(entry.name)
        if stamp is not None and stamp.matches(stat.st_size, stat.st_mtime_ns, now_ns):
            scan.unchanged += 1
        else:
            changed.append(folder / entry.name)
    for path in settled_files(changed, settle_seconds, scan.deferred):
        try:
            checked = time.time_ns()
            before = _look(path)
            doc = read_document(path)
            if before is None or _look(path) != before:  # grew or was rewritten while we read it
                logger.info("%s changed while being read; taken on the next pass", path)
                scan.deferred.append(path)
                continue
        except SourceError as e:
            logger.warning("skipped %s", e)
            scan.failures.append(str(e))
            continue
        scan.stamps[path.name] = FileStamp(before[0], before[1], checked)
        yield doc


def settled_files(paths: list[Path], settle_seconds: float, deferred: list[Path]) -> list[Path]:
    """Paths not being written: young files are looked at twice, `settle_seconds` apart.

    Waiting once per pass (at most `settle_seconds`) instead of deferring every
    young file keeps a file dropped just before a pass from waiting a whole
    poll interval; one that changes between the two looks is deferred.
    """
    if settle_seconds <= 0:
        return paths
    first = {path: _look(path) for path in paths}
    now = time.time()
    young = {p: look for p, look in first.items() if look is not None and now - look[1] / 1e9 < settle_seconds}
    if not young:
        return paths
    newest = max(look[1] for look in young.values()) / 1e9
    time.sleep(max(0.0, min(settle_seconds, newest + settle_seconds - now)))
    settled = []
    for path in paths:
        if path in young and _look(path) != young[path]:
            logger.info("%s is still being written; taken on the next pass", path)
            deferred.append(path)
        else:
            settled.append(path)
    return settled


def _look(path: Path) -> tuple[int, int] | None:
    """(size, mtime in ns): nanoseconds, so that a rewrite within the same second shows where the disk can."""
    try:
        stat = path.stat()
    except OSError:
        return None  # reported by read_document when it tries
    return stat.st_size, stat.st_mtime_ns
