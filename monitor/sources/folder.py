"""The inbox folder as a source: its *.txt files become RawDocuments.

Korean text still arrives as CP949/EUC-KR; a file that is neither UTF-8 nor
CP949 is skipped with one log line naming it and counted, never a crash.
"""

from __future__ import annotations

import hashlib
import logging
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from monitor.errors import SourceError
from monitor.models import RawDocument

logger = logging.getLogger(__name__)

# Tried in order. UTF-8 first: CP949 would accept many UTF-8 byte sequences as
# (wrong) Hangul, while UTF-8 rejects almost every CP949 text. EUC-KR is read
# as CP949, its superset.
CODECS = ("utf-8", "cp949")
BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
INBOX_SUFFIXES = (".txt",)


@dataclass(slots=True)
class FolderScan:
    """What one pass over a folder found."""

    documents: list[RawDocument] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # one line per unreadable file


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
    text, codec = decode_bytes(data, label)
    return RawDocument(source=label, name=path.name, text=text, content_hash=content_hash(text), encoding=codec)


def list_inbox(folder: Path) -> list[Path]:
    """The folder's inbox files in name order (names start with a sortable prefix in practice)."""
    if not folder.is_dir():
        raise SourceError(str(folder), "inbox folder does not exist", hint="set inbox.path in monitor.toml")
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in INBOX_SUFFIXES)


def scan_folder(folder: Path) -> FolderScan:
    """Read every inbox file; unreadable ones are logged and listed, the rest go on."""
    scan = FolderScan()
    for path in list_inbox(folder):
        try:
            scan.documents.append(read_document(path))
        except SourceError as e:
            logger.warning("skipped %s", e)
            scan.failures.append(str(e))
    return scan
