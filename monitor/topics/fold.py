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
from bisect import bisect_left, bisect_right
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
    gap_list: tuple[int, ...] = ()  # the same, sorted

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
        lo = bisect_right(self.gap_list, start)
        hi = bisect_left(self.gap_list, end, lo)
        return tuple(p - start for p in self.gap_list[lo:hi]) if hi > lo else ()


# One gap character: whitespace or a joiner (the same set as `_is_gap`; the rare space-like
# characters `\s` does not cover are translated to a space first, see `_char_class`).
_GAP_RE = re.compile("[\\s" + re.escape("".join(sorted(JOINERS))) + "]")


@lru_cache(maxsize=8192)
def _char_class(ch: str) -> str | None:
    """What `ch` becomes before the text is cut at gaps: itself or a space for a gap, its
    one-char fold, or None when it folds to several characters (`㎡` -> `m2`)."""
    if _is_gap(ch):
        return ch if _GAP_RE.match(ch) else " "
    folded = _fold_char(ch)
    if len(folded) == 1:
        return " " if _is_gap(folded) else folded
    return None


# Every character met so far, classified once: the translation table of the one-char folds
# that change something, the characters `str.casefold` alone would get wrong, and the
# characters with a longer fold.
_SEEN: set[str] = set()
_TABLE: dict[int, str] = {}
_COMPAT: set[str] = set()
_WIDE: set[str] = set()
_GAPS: set[str] = set()  # the characters that are gaps once translated (` `, `\n`, `·`, U+3000 …)


def _learn(chars: set[str]) -> None:
    for ch in chars:
        cls = _char_class(ch)
        if cls is None:
            _WIDE.add(ch)
            continue
        if _is_gap(cls):
            _GAPS.add(ch)
        if cls != ch:
            _TABLE[ord(ch)] = cls
        if cls != ch.casefold():
            _COMPAT.add(ch)
    _SEEN.update(chars)


# ASCII is never looked at one by one (see _RARE_RE): its one change, the case, is in the table
_learn({chr(c) for c in range(128)})
# The ASCII gaps but the space: a text is searched for each (in C) rather than cut by _GAP_RE,
# whose character class the regex engine tests character by character.
_ASCII_GAPS = tuple(sorted(ch for ch in _GAPS if ch != " "))


class _Builder:
    """Collects folded pieces with their stretches (folded start, original start) and gaps."""

    __slots__ = ("gaps", "length", "origins", "parts", "pending_gap", "starts")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.starts: list[int] = []
        self.origins: list[int] = []
        self.gaps: list[int] = []
        self.length = 0
        self.pending_gap = True  # the start of the text counts as a boundary

    def add(self, char: str, origin: int) -> None:
        """One folded char that came from the original char at `origin`."""
        self.starts.append(self.length)
        self.origins.append(origin)
        if self.pending_gap:
            self.gaps.append(self.length)
        self.parts.append(char)
        self.length += 1
        self.pending_gap = False

    def bulk(self, translated: str, base: int) -> None:
        """A stretch of translated text (one-char folds only) from `base` on, cut at gaps with
        C-level iterators."""
        pieces = _GAP_RE.split(translated)
        lengths = list(map(len, pieces))
        # where each piece starts: the lengths before it, plus one gap char each
        origins = list(compress(accumulate(map((1).__add__, lengths), initial=base), lengths))
        kept = list(filter(None, lengths))
        if kept:
            starts = list(accumulate(kept, initial=self.length))
            first_glued = not self.pending_gap and lengths[0] > 0  # glued to a wide char before it
            self.starts.extend(starts[:-1])
            self.origins.extend(origins)
            self.gaps.extend(starts[1:-1] if first_glued else starts[:-1])
            self.parts.extend(pieces)
            self.length = starts[-1]
            self.pending_gap = lengths[-1] == 0
        elif len(pieces) > 1:  # only gaps
            self.pending_gap = True

    def build(self) -> Folded:
        self.gaps.append(self.length)  # the end of the text counts as a boundary
        if not self.starts:
            self.starts.append(0)
            self.origins.append(0)
        return Folded("".join(self.parts), tuple(self.starts), tuple(self.origins), frozenset(self.gaps),
                      tuple(self.gaps))


# A Latin gloss in brackets, found from its "(" (a literal the regex engine jumps to); the
# char before it (or before one space) must be Hangul, as GLOSS_RE's lookbehind says.
_PAREN_GLOSS_RE = re.compile(r"\([A-Za-z][A-Za-z0-9&.\- ]{0,20}\)")


# Characters that are neither ASCII nor precomposed Hangul: the only ones that can need
# NFKC (full-width forms, `㎡`, U+3000) or a second look; the regex engine skips the rest.
_RARE_RE = re.compile("[^\x00-\x7f\uac00-\ud7a3]")


def _blank_glosses(text: str) -> str:
    """`text` with each Latin gloss after a Korean word replaced by spaces (same length)."""
    spans = []
    for match in _PAREN_GLOSS_RE.finditer(text):
        start, end = match.span()
        if start > 1 and text[start - 1].isspace() and is_hangul(text[start - 2]):
            start -= 1
        elif not (start and is_hangul(text[start - 1])):
            continue
        spans.append((start, end))
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _split_at_gaps(translated: str, distinct: set[str]) -> list[str]:
    """`_GAP_RE.split(translated)`: every gap made a space, then a split at spaces.

    `distinct`: the characters of the text that are neither ASCII nor Hangul, the only
    other ones that may be gaps.
    """
    for gap in (*_ASCII_GAPS, *_GAPS.intersection(distinct)):
        if gap in translated:
            translated = translated.replace(gap, " ")
    return translated.split(" ")


def _fold_one_to_one(translated: str, distinct: set[str]) -> Folded:
    """`Folded` of a whole text translated one char to one: what `_Builder.bulk` then `build` make
    of it, in fewer passes, since every stretch then starts after a gap (or at 0)."""
    pieces = _split_at_gaps(translated, distinct)
    lengths = list(map(len, pieces))
    # where each piece starts in the text: the lengths before it, plus one gap char each
    origins = tuple(compress(accumulate(map((1).__add__, lengths), initial=0), lengths)) or (0,)
    gaps = tuple(accumulate(filter(None, lengths), initial=0))  # each stretch's start, and the end
    return Folded("".join(pieces), gaps[:-1] or (0,), origins, frozenset(gaps), gaps)


def fold(text: str) -> Folded:
    """Fold `text` for matching; see the module docstring.

    Every distinct character is classified once. The text is case-folded (or translated,
    when it holds compatibility forms) in C and cut at gaps with C-level iterators; only a
    character with a longer fold (`㎡`, `㈜`) is handled on its own.
    """
    if "(" in text:
        text = _blank_glosses(text)
    # ASCII and Hangul syllables fold by case alone; only the other characters need a look
    distinct = set(_RARE_RE.findall(text))
    new = distinct - _SEEN
    if new:
        _learn(new)
    wide = _WIDE.intersection(distinct) if _WIDE else None
    if not wide:
        translated = text.casefold() if _COMPAT.isdisjoint(distinct) else text.translate(_TABLE)
        if len(translated) != len(text):  # a case fold that is not one to one
            translated = text.translate(_TABLE)
        return _fold_one_to_one(translated, distinct)
    out = _Builder()
    translated = text.translate(_TABLE)
    done = 0
    for match in re.finditer("[" + re.escape("".join(sorted(wide))) + "]", text):
        i = match.start()
        out.bulk(translated[done:i], done)
        for fc in _fold_char(text[i]):  # each char of a longer fold maps back to i
            if _is_gap(fc):  # a compatibility form holding a space
                out.pending_gap = True
            else:
                out.add(fc, i)
        done = i + 1
    out.bulk(translated[done:], done)
    return out.build()


def fold_keyword(surface: str) -> tuple[str, tuple[int, ...]]:
    """Folded form of a keyword and the positions where the keyword itself has a gap."""
    folded = fold(surface)
    return folded.chars, folded.has_gap_inside(0, len(folded.chars))
