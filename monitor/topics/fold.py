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
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress

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
    """A folded string, with where each character came from and where gaps were removed.

    Stored per stretch, not per character: folded chars from `starts[k]` on came one to one
    from the original chars from `origins[k]` on, so an offset is one bisect away and
    folding a long text costs a few operations per word, not per character.
    """

    chars: str  # folded text, no whitespace, no joiners
    starts: tuple[int, ...]  # folded index where each stretch begins (starts[0] == 0)
    origins: tuple[int, ...]  # original index of the first char of each stretch
    gaps: frozenset[int]  # folded indexes with a gap just before; 0 and len(chars) included

    def offset(self, i: int) -> int:
        """Index in the original text of folded char `i`."""
        k = bisect_right(self.starts, i) - 1
        return self.origins[k] + i - self.starts[k]

    def gap_before(self, i: int) -> bool:
        """True when a gap (or the start or end of the text) comes just before folded char `i`."""
        return i in self.gaps

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of the folded range [start, end)."""
        return self.offset(start), self.offset(end - 1) + 1

    def has_gap_inside(self, start: int, end: int) -> tuple[int, ...]:
        """Folded positions p in (start, end) with a gap just before p, relative to start."""
        return tuple(p - start for p in range(start + 1, end) if p in self.gaps)


# A run of characters between gaps, once every gap has been translated to a space.
_RUN_RE = re.compile(r"[^ ]+")


@lru_cache(maxsize=8192)
def _char_class(ch: str) -> str | None:
    """What `ch` becomes in the translated text: " " for a gap, its one-char fold, or None
    when it folds to several characters (`㎡` -> `m2`) and needs the per-character path."""
    if _is_gap(ch):
        return " "
    folded = _fold_char(ch)
    if len(folded) == 1:
        return " " if _is_gap(folded) else folded
    return None


# Every character met so far, classified once: the translation table of the one-char folds
# that change something, and the characters with a longer fold.
_SEEN: set[str] = set()
_TABLE: dict[int, str] = {}
_WIDE: set[str] = set()


def _learn(chars: set[str]) -> None:
    for ch in chars:
        cls = _char_class(ch)
        if cls is None:
            _WIDE.add(ch)
        elif cls != ch:
            _TABLE[ord(ch)] = cls
    _SEEN.update(chars)


class _Builder:
    """Collects folded pieces with their stretches and gaps."""

    __slots__ = ("gaps", "length", "origins", "parts", "starts")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.starts: list[int] = []
        self.origins: list[int] = []
        self.gaps: list[int] = []
        self.length = 0

    def add(self, piece: str, origin: int, gap: bool) -> None:
        self.starts.append(self.length)
        self.origins.append(origin)
        if gap:
            self.gaps.append(self.length)
        self.parts.append(piece)
        self.length += len(piece)

    def build(self) -> Folded:
        self.gaps.append(self.length)  # the end of the text counts as a boundary
        if not self.starts:
            self.starts.append(0)
            self.origins.append(0)
        return Folded("".join(self.parts), tuple(self.starts), tuple(self.origins), frozenset(self.gaps))


def fold(text: str) -> Folded:
    """Fold `text` for matching; see the module docstring.

    Every distinct character is classified once, the text is translated in C (gaps to
    spaces, one-char folds in place) and cut into runs between gaps; only a run holding a
    character with a longer fold (`㎡`, `㈜`) is walked character by character.
    """
    glossed = GLOSS_RE.finditer(text) if "(" in text else ()
    for match in glossed:
        start, end = match.span()
        text = text[:start] + " " * (end - start) + text[end:]
    new = set(text) - _SEEN
    if new:
        _learn(new)
    wide = _WIDE.intersection(text) if _WIDE else _WIDE
    table = _TABLE
    translated = text.translate(table)
    if not wide:
        return _fold_runs(translated)
    out = _Builder()
    for run in _RUN_RE.finditer(translated):
        start = run.start()
        piece = run.group()
        if not wide.isdisjoint(piece):
            _fold_slow(text, start, run.end(), out)
        else:
            out.add(piece, start, True)
    return out.build()


def _fold_runs(translated: str) -> Folded:
    """The common case, every fold one char: the runs between spaces, with C-level iterators only."""
    pieces = translated.split(" ")
    lengths = list(map(len, pieces))
    # where each piece starts in the original: the lengths before it, plus one space each
    origins = list(compress(accumulate(map((1).__add__, lengths), initial=0), lengths))
    kept = list(filter(None, lengths))
    starts = list(accumulate(kept, initial=0))
    chars = "".join(pieces)
    if not kept:
        return Folded(chars, (0,), (0,), frozenset((0,)))
    return Folded(chars, tuple(starts[:-1]), tuple(origins), frozenset(starts))


def _fold_slow(text: str, start: int, end: int, out: _Builder) -> None:
    """One run (no gap inside) character by character: a fold may be several characters."""
    pending_gap = True  # the run starts after a gap or at the start of the text
    for i in range(start, end):
        for fc in _fold_char(text[i]):
            if _is_gap(fc):  # a compatibility form holding a space
                pending_gap = True
                continue
            # each char of a longer fold maps back to the same original char: its own stretch
            out.add(fc, i, pending_gap)
            pending_gap = False


def fold_keyword(surface: str) -> tuple[str, tuple[int, ...]]:
    """Folded form of a keyword and the positions where the keyword itself has a gap."""
    folded = fold(surface)
    return folded.chars, folded.has_gap_inside(0, len(folded.chars))
