"""Space the glued runs of a headline with the words its own article spells.

Print sets some headlines without spaces even on a normally spaced page
(`저탄소농산물인증지원농가모집`), and they read badly in a digest. Kiwi is not
called for them (it runs only where a whole text lost its spacing); the article
body is a better guide anyway, as it spells the same words with spaces:
`저탄소 농산물 인증 지원사업`, `농가로`, `모집한다고`.

Within each run of `MIN_GLUED_SYLLABLES` or more Hangul syllables, from the
left, the longest piece that starts some word of the body (two syllables at
least) starts a new word; syllables no word starts with stay glued to what
precedes them, as particles and endings do (`건설기계도`, `친환경으로`). A word
is split off only after a piece the body justifies too (a word and at most
`MAX_TRAILING_SYLLABLES` unknown ones). So the split is never more than the
body can justify, and a run the body spells whole (`전북특별자치도`) stays whole.
One exception: headlines end in a noun the body may not spell (`…으로전환`,
`…복귀에최선`); after a body word, a case particle that closes it followed by
two syllables or more ends the word there (`친환경으로 전환`).

    >>> space_glued_runs("저탄소농산물인증지원농가모집", "저탄소 농산물 인증 지원사업을 할 농가로 모집한다.")
    '저탄소 농산물 인증 지원 농가 모집'
"""

from __future__ import annotations

import re

MIN_GLUED_SYLLABLES = 6  # shorter runs are ordinary compound words (`전북자치도`)
MIN_WORD_SYLLABLES = 2  # a single syllable is as likely a particle as a word
# A word is split off only after a piece that begins with a body word and ends in at most
# this many syllables no word starts with (`도`, `으로`): a longer unknown stretch means the
# body does not spell this part of the run, and a split there would be a guess (`가정 부지원`).
MAX_TRAILING_SYLLABLES = 2
GLUED_RUN_RE = re.compile(rf"[가-힣]{{{MIN_GLUED_SYLLABLES},}}")
# A body word is what the body spells with a space (or the text start) before it, maybe after
# some of these opening quotes and brackets (`‘저탄소`): the Hangul run there, particles
# included (`농가로`).
BODY_WORD_OPENERS = frozenset("([‘“'\"「『<")
# Case particles that close a word, longest first; not those that also begin many nouns
# (`의료`, `이전`, `가정`, `도시`, `은행`, `과제`), as the syllables after them are unknown.
CLOSING_PARTICLES = ("으로", "에서", "에게", "에", "로", "을", "를", "는")


class _BodyWords:
    """The body's spaced words, for asking whether some word starts with a piece."""

    __slots__ = ("_body",)

    def __init__(self, body: str) -> None:
        # The body is searched for each piece directly (`str.find` in C) rather than listing
        # and sorting its words: a headline asks a dozen questions, fewer than the body has words.
        self._body = body

    def starts_some_word(self, piece: str) -> bool:
        """True when a body word starts with `piece` (Hangul, MIN_WORD_SYLLABLES or more)."""
        body = self._body
        at = body.find(piece)
        while at != -1:
            start = at
            while start and body[start - 1] in BODY_WORD_OPENERS:
                start -= 1
            if not start or body[start - 1].isspace():  # a space or the text start before the openers
                return True
            at = body.find(piece, at + 1)
        return False


def _split_run(run: str, words: _BodyWords) -> str:
    """The run with a space before each word the body justifies (longest first, never at the start)."""
    pieces: list[str] = []
    start = 0  # where the current piece began
    justified = False  # the current piece begins with a body word
    trailing = 0  # syllables after its last word that start no word (particles, endings)
    i = 0
    while i < len(run):
        end = i + MIN_WORD_SYLLABLES
        # A prefix of a word's prefix is one too: grow the piece while some word still starts with it.
        while end <= len(run) and words.starts_some_word(run[i:end]):
            end += 1
        end -= 1
        if end - i < MIN_WORD_SYLLABLES:
            trailing += 1  # no word starts here: the syllable stays glued to what precedes it
            i += 1
            continue
        if i == start:
            justified = True
        elif justified and trailing <= MAX_TRAILING_SYLLABLES:
            pieces.append(run[start:i])
            start = i
        trailing = 0
        i = end
    if justified and trailing:
        tail_start = len(run) - trailing
        closed = _closing_particle(run[tail_start:])
        if closed:
            pieces.append(run[start : tail_start + closed])
            start = tail_start + closed
    pieces.append(run[start:])
    return " ".join(pieces)


def _closing_particle(tail: str) -> int:
    """Length of the particle opening `tail` when a word of two syllables or more follows it, else 0."""
    for particle in CLOSING_PARTICLES:
        if tail.startswith(particle) and len(tail) - len(particle) >= MIN_WORD_SYLLABLES:
            return len(particle)
    return 0


def space_glued_runs(headline: str, body: str) -> str:
    """The headline with its long glued Hangul runs split where the body's spaced words begin."""
    if GLUED_RUN_RE.search(headline) is None:
        return headline  # nearly every headline: the body is not read
    words = _BodyWords(body)
    return GLUED_RUN_RE.sub(lambda match: _split_run(match.group(), words), headline)
