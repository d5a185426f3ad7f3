"""Decoding feed bytes to text before feedparser sees them.

Many Korean sites still serve EUC-KR/CP949, often without saying so or while
saying something else. feedparser alone reads undeclared EUC-KR as
windows-1252 (mojibake), so monitor decodes the bytes itself, in this order:

    per-feed override > byte-order mark > HTTP charset > XML/meta declaration > detection

and hands feedparser UTF-8 with a matching declaration. A declared codec that
cannot decode the bytes is checked against UTF-8 and CP949 before bad bytes
are replaced: a server that says "utf-8" about CP949 bytes is common. Bad bytes
are replaced with U+FFFD (visible) and logged, never a reason to drop an entry.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass

from monitor.models import CONTROL_CHARACTERS

logger = logging.getLogger(__name__)

BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Korean labels that all mean "read as CP949": EUC-KR is its subset, and
# servers labelling CP949 text (확장 완성형: 똠, 햏) as EUC-KR are the norm.
CP949_ALIASES = frozenset({"euc-kr", "euckr", "euc_kr", "ks_c_5601-1987", "ks_c_5601", "ksc5601", "ksc_5601",
                           "korean", "x-windows-949", "windows-949", "cp949", "ms949", "uhc", "x-euc-kr"})
# Tried in order when nothing is declared: UTF-8 rejects almost every CP949
# text, while CP949 would accept many UTF-8 byte sequences as wrong Hangul.
DETECTION_ORDER = ("utf-8", "cp949")
XML_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)
HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)
DECLARATION_TEXT = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*)(["'])[A-Za-z0-9._:-]+\2""")
# C0 controls other than tab/newline/CR are illegal in XML 1.0: one makes the whole feed
# "ill-formed" and the survivors end up inside titles. CONTROL_CHARACTERS (imported above) is
# the pattern RawDocument cleans every source's text with.


@dataclass(frozen=True, slots=True)
class Decoded:
    """Feed text and how it was obtained."""

    text: str
    encoding: str  # the Python codec used, e.g. "utf-8", "cp949"
    via: str  # override | bom | header | declaration | detection
    replaced: int = 0  # bytes that could not be decoded and became U+FFFD


def normalize_codec(label: str | None) -> str | None:
    """A charset label as a Python codec name (EUC-KR -> cp949); None when unknown."""
    if not label:
        return None
    lowered = label.strip().strip("\"'").lower()
    if lowered in CP949_ALIASES:
        return "cp949"
    try:
        name = codecs.lookup(lowered).name
    except LookupError:
        return None
    return "cp949" if name == "euc_kr" else name


def header_charset(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, if any."""
    match = HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def declared_charset(data: bytes) -> str | None:
    """The encoding named by the XML declaration, else by an HTML <meta> in the first 2 KB."""
    head = data[:2048]
    match = XML_DECLARATION.match(head) or META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def decode_feed(data: bytes, *, content_type: str | None = None, override: str | None = None,
                source: str = "feed") -> Decoded:
    """Decode feed bytes in the documented order; never raises on bad bytes.

    >>> decode_feed("<rss><title>전북</title></rss>".encode("cp949")).encoding
    'cp949'
    """
    forced = normalize_codec(override)
    if forced:
        return _decode_or_replace(data, forced, "override", source, strict_alternatives=False)
    for bom, codec in BOMS:
        if data.startswith(bom):
            return _decode_or_replace(data[len(bom):], codec, "bom", source, strict_alternatives=False)
    for via, label in (("header", header_charset(content_type)), ("declaration", declared_charset(data))):
        codec = normalize_codec(label)
        if codec:
            return _decode_or_replace(data, codec, via, source, strict_alternatives=True)
        if label:
            logger.warning("%s: unknown charset %r in the %s; ignored", source, label, via)
    for codec in DETECTION_ORDER:
        try:
            return Decoded(data.decode(codec), codec, "detection")
        except UnicodeDecodeError:
            continue
    return _decode_or_replace(data, "utf-8", "detection", source, strict_alternatives=False)


def _decode_or_replace(data: bytes, codec: str, via: str, source: str, *, strict_alternatives: bool) -> Decoded:
    try:
        return Decoded(data.decode(codec), codec, via)
    except UnicodeDecodeError:
        pass
    if strict_alternatives:
        for alternative in DETECTION_ORDER:
            if alternative == codec:
                continue
            try:
                text = data.decode(alternative)
            except UnicodeDecodeError:
                continue
            logger.warning("%s: declared %s (%s) but the bytes are %s; read as %s", source, codec, via,
                           alternative, alternative)
            return Decoded(text, alternative, "detection")
    text = data.decode(codec, errors="replace")
    replaced = text.count("\ufffd") - data.decode(codec, errors="ignore").count("\ufffd")
    logger.warning("%s: %d undecodable byte sequence(s) in %s replaced with U+FFFD", source, replaced, codec)
    return Decoded(text, codec, via, replaced)


def as_utf8_feed(text: str) -> bytes:
    """Text for feedparser: controls stripped, declaration rewritten to UTF-8, encoded as UTF-8."""
    clean = CONTROL_CHARACTERS.sub("", text)
    clean = DECLARATION_TEXT.sub(r"\1\2utf-8\2", clean, count=1)
    return clean.encode("utf-8")
