"""Fold text into the form keywords are matched on, keeping a map back to the original.

Matching happens on a *folded* string: NFKC (full-width -> half-width, compatibility
forms), case-folded, with whitespace and word joiners removed, so that `AI 데이터센터`,
`AI데이터센터`, `ＡＩ 데이터 센터` and `ai-데이터센터` are all the same eight characters.

Removing the spaces loses the information the boundary rules need (was `원` glued to
`억`?), so each folded character also records whether something was removed just before
it (`gap_before`), and where it came from in the original (`offsets`), so spans can be
mapped back for highlighting and snippets.

A Latin gloss in brackets right after a Korean word (`인공지능(AI) 데이터센터`,
`지능형교통체계(ITS) 구축`) is another name for that word, and Korean copy puts one after
nearly every term it introduces: it is removed like a space, so the words around it
match as if it were not there (`인공지능 데이터센터`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Characters removed like whitespace: they join or separate words without changing them.
# U+FFFD stands where PDF extraction lost a space (seed 000: `대표,�아토리서치`);
# U+00B7/U+30FB/U+2027 are the middle dots of `중소·벤처`; `-_/` join `e-mail`, `AI/인공지능`.
JOINERS = frozenset("\ufffd\u00b7\u30fb\u2027-_/\u2010\u2011\u2012\u2013\u2014\u200b\u200c\u200d\ufeff")

HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3
# A Latin gloss after a Korean word: `(AI)`, `(ITS)`, `(Smart City)`, `(R&D)`.
GLOSS_RE = re.compile(r"(?<=[가-힣])\s?\([A-Za-z][A-Za-z0-9&.\- ]{0,20}\)")


def is_hangul(ch: str) -> bool:
    """True for a precomposed Hangul syllable (가-힣)."""
    return HANGUL_FIRST <= ord(ch) <= HANGUL_LAST


def is_word_char(ch: str) -> bool:
    """True for a letter or digit that is not Hangul: the chars a Latin keyword must not touch."""
    return ch.isalnum() and not is_hangul(ch)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    # Per-character NFKC: the input is NFC already (the text pipeline normalises it), and
    # folding char by char is what lets every folded char keep its original offset.
    return unicodedata.normalize("NFKC", ch).casefold()


def _is_gap(ch: str) -> bool:
    return ch.isspace() or ch in JOINERS


@dataclass(frozen=True, slots=True)
class Folded:
    """A folded string with, per character, its original offset and whether a gap preceded it."""

    chars: str  # folded text, no whitespace, no joiners
    offsets: tuple[int, ...]  # offsets[i] = index in the original text of chars[i]
    ends: tuple[int, ...]  # ends[i] = index just past the original char that produced chars[i]
    gap_before: tuple[bool, ...]  # len(chars) + 1 entries: gap_before[len] = gap at the end

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of the folded range [start, end)."""
        return self.offsets[start], self.ends[end - 1]

    def has_gap_inside(self, start: int, end: int) -> tuple[int, ...]:
        """Folded positions p in (start, end) with a gap just before p, relative to start."""
        return tuple(p - start for p in range(start + 1, end) if self.gap_before[p])


def fold(text: str) -> Folded:
    """Fold `text` for matching; see the module docstring."""
    chars: list[str] = []
    offsets: list[int] = []
    ends: list[int] = []
    gaps: list[bool] = []
    pending_gap = True  # the start of the text counts as a boundary
    glossed = _gloss_positions(text)
    for i, ch in enumerate(text):
        if _is_gap(ch) or i in glossed:
            pending_gap = True
            continue
        folded = _fold_char(ch)
        for fc in folded:
            if _is_gap(fc):  # NFKC can turn a char into a space (U+3000, U+00A0)
                pending_gap = True
                continue
            chars.append(fc)
            offsets.append(i)
            ends.append(i + 1)
            gaps.append(pending_gap)
            pending_gap = False
    gaps.append(True)  # the end of the text counts as a boundary
    return Folded("".join(chars), tuple(offsets), tuple(ends), tuple(gaps))


def _gloss_positions(text: str) -> set[int] | frozenset[int]:
    """Indexes of the characters of Latin glosses after Korean words (see the module docstring)."""
    if "(" not in text:
        return frozenset()
    return {i for match in GLOSS_RE.finditer(text) for i in range(*match.span())}


def fold_keyword(surface: str) -> tuple[str, tuple[int, ...]]:
    """Folded form of a keyword and the positions where the keyword itself has a gap."""
    folded = fold(surface)
    return folded.chars, folded.has_gap_inside(0, len(folded.chars))
