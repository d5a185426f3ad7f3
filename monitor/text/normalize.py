"""Character-level clean-up that every input needs before anything reads it.

Extracted PDF text replaces some spaces with U+FFFD (a byte the extractor could
not decode stood where a space was: `대표,�아토리서치`, `4.8�규모`), and web pages
carry non-breaking and zero-width spaces. Everything downstream assumes NFC,
plain spaces and `\\n` line ends, so this runs first.

    >>> normalize("대표,\\ufffd아토리서치\\r\\n")
    '대표, 아토리서치\\n'
"""

from __future__ import annotations

import re
import unicodedata

# Characters that stand for a space in real input.
SPACE_LIKE_RE = re.compile(
    "["
    "\ufffd"  # replacement char: the PDF extractor's stand-in for a lost space
    "\u00a0"  # no-break space: web pages (`&nbsp;` paragraphs in seed 002)
    "\u2000-\u200a"  # typographic spaces (en/em/thin ...)
    "\u3000"  # ideographic space
    "\t"  # tabs from table-like layouts
    "]"
)
# The space look-alikes web pages are full of (`&nbsp;`), for plain `str.replace` first.
COMMON_SPACE_LIKE = ("\u00a0", "\t")
# Characters that carry nothing and only break matching.
INVISIBLE_RE = re.compile(
    "["
    "\u200b-\u200d"  # zero-width space / joiners
    "\u2060"  # word joiner
    "\ufeff"  # byte-order mark left inside the text
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"  # C0 controls other than \t \n \r
    "]"
)
# Line ends other than `\n`; plain `str.replace` beats a regex alternation here.
OTHER_LINE_ENDS = ("\r\n", "\r", "\u2028", "\u2029", "\x85")
# UTF-8 lead bytes of U+A000-U+DFFF, which in Korean text are the Hangul syllables (U+AC00-U+D7A3).
HANGUL_LEAD_BYTES = b"\xea\xeb\xec\xed"
# Every other byte value, for `bytes.translate(None, delete)` to drop in one C pass.
NOT_HANGUL_LEAD_BYTES = bytes(b for b in range(256) if b not in HANGUL_LEAD_BYTES)
NOT_HANGUL_LEAD_OR_NEWLINE = NOT_HANGUL_LEAD_BYTES.replace(b"\n", b"")

# Characters printed double-width (East Asian Wide/Fullwidth): Hangul, CJK, fullwidth forms.
WIDE_RUN_RE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]+"
)
# Wide characters other than Hangul syllables, and whatever else has a Hangul syllable's UTF-8
# lead byte (U+A000-U+DFFF): in a line without these, counting lead bytes counts the wide characters.
OTHER_WIDE_RE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua000-\uabff\ud7a4-\udfff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)


def normalize(text: str) -> str:
    """NFC, U+FFFD and other space look-alikes to spaces, `\\n` line ends, no edge spaces."""
    # This runs on every document, so it uses C-speed `str` methods where they do the job.
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    # Every character the patterns below change but U+FFFD is unprintable (controls, format
    # characters, space separators, line ends): most documents need a `replace` or three.
    if not text.replace("\n", "").isprintable():
        for line_end in OTHER_LINE_ENDS:
            if line_end in text:
                text = text.replace(line_end, "\n")
        for space in COMMON_SPACE_LIKE:
            if space in text:
                text = text.replace(space, " ")
        if not text.replace("\n", "").isprintable():
            text = INVISIBLE_RE.sub("", text)
            text = SPACE_LIKE_RE.sub(" ", text)
    text = text.replace("\ufffd", " ")
    while "  " in text:
        text = text.replace("  ", " ")
    text = text.replace(" \n", "\n").replace("\n ", "\n")  # single spaces only now
    return text.strip(" ")


def display_width(line: str) -> int:
    """Columns the line takes in print: Hangul and other wide characters count 2.

    Column-set newspaper lines have nearly constant display width while their
    character count swings with the mix of Hangul, digits and Latin.
    """
    # Counting what a substitution removes is several times faster than a loop per character.
    return 2 * len(line) - len(WIDE_RUN_RE.sub("", line))


def display_widths(lines: list[str]) -> list[int]:
    """`display_width` of each line (lines without `\\n`), computed for the whole page at once."""
    page = "\n".join(lines)
    # Nearly every wide character is a Hangul syllable: count those per line in two C passes
    # over the UTF-8 bytes (their lead bytes, split at the line ends) ...
    syllables = page.encode("utf-8", "surrogatepass").translate(None, NOT_HANGUL_LEAD_OR_NEWLINE).split(b"\n")
    widths = [len(line) + len(wide) for line, wide in zip(lines, syllables, strict=True)]
    # ... and measure the few lines with anything else (hanja, `㎡`) the slow way.
    for other in OTHER_WIDE_RE.finditer(page):
        index = page.count("\n", 0, other.start())
        widths[index] = display_width(lines[index])
    return widths


def hangul_count(text: str) -> int:
    """Number of Hangul syllables in the text."""
    # Counting lead bytes of the UTF-8 form runs in C; U+A000-U+ABFF and U+D7A4-U+DFFF
    # (Yi, rare jamo, surrogates) would count too, and do not occur in Korean news.
    # Deleting all other bytes is one pass, where `bytes.count` per lead byte takes four.
    return len(text.encode("utf-8", "surrogatepass").translate(None, NOT_HANGUL_LEAD_BYTES))


def space_ratio(text: str) -> float:
    """Spaces per Hangul syllable: ~0.25-0.32 in normal Korean, ~0.07 in glued PDF text."""
    syllables = hangul_count(text)
    if syllables == 0:
        return 1.0
    return text.count(" ") / syllables
