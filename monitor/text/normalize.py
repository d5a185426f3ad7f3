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
# Characters that carry nothing and only break matching.
INVISIBLE_RE = re.compile(
    "["
    "\u200b-\u200d"  # zero-width space / joiners
    "\u2060"  # word joiner
    "\ufeff"  # byte-order mark left inside the text
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"  # C0 controls other than \t \n \r
    "]"
)
LINE_END_RE = re.compile(r"\r\n?|[\u2028\u2029\x85]")
SPACE_RUN_RE = re.compile(r" {2,}")
TRAILING_SPACE_RE = re.compile(r" +$", re.MULTILINE)
LEADING_SPACE_RE = re.compile(r"^ +", re.MULTILINE)

HANGUL_SYLLABLE_RE = re.compile(r"[가-힣]")


def normalize(text: str) -> str:
    """NFC, U+FFFD and other space look-alikes to spaces, `\\n` line ends, no edge spaces."""
    text = unicodedata.normalize("NFC", text)
    text = LINE_END_RE.sub("\n", text)
    text = INVISIBLE_RE.sub("", text)
    text = SPACE_LIKE_RE.sub(" ", text)
    text = SPACE_RUN_RE.sub(" ", text)
    text = TRAILING_SPACE_RE.sub("", text)
    return LEADING_SPACE_RE.sub("", text)


def display_width(line: str) -> int:
    """Columns the line takes in print: Hangul and other wide characters count 2.

    Column-set newspaper lines have nearly constant display width while their
    character count swings with the mix of Hangul, digits and Latin.
    """
    wide = 0
    for ch in line:
        if ch >= "\u1100" and unicodedata.east_asian_width(ch) in "WF":
            wide += 1
    return len(line) + wide


def hangul_count(text: str) -> int:
    """Number of Hangul syllables in the text."""
    return len(HANGUL_SYLLABLE_RE.findall(text))


def space_ratio(text: str) -> float:
    """Spaces per Hangul syllable: ~0.25-0.32 in normal Korean, ~0.07 in glued PDF text."""
    syllables = hangul_count(text)
    if syllables == 0:
        return 1.0
    return text.count(" ") / syllables
