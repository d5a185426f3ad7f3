"""Restore word spacing in text that lost it, with Kiwi, and only there.

Normal Korean prose has 0.25-0.32 spaces per Hangul syllable; PDF pages whose
extractor dropped the spaces (seeds 001, 004) have ~0.07. Kiwi's `space()`
brings those back (251 -> 1,241 spaces on seed 001) but runs at ~0.2 MB/s and
holds ~530 MB, so it is called only below `GLUED_RATIO`, and the model loads
on the first such call (see `monitor.text.kiwi`).

Kiwi over-splits: it spaces every noun from the next (`인공 지능`, `보 장구`,
`송 숙 란`). Its spaces are therefore only proposals, checked against evidence
(below): the words the page itself prints whole in its
spaced lines, one-syllable fragments that are no word on their own, and digits
that keep their counter. Only spaces change, and the text's own spaces stay.

Kiwi leaves a stop glued to the next sentence (`밝혔다.3년간`) and a comma to
the next word (`하고,지역`); the patterns below add those spaces.

    >>> needs_restoration("광주시는과학기술정보통신부와정보통신산업진흥원이주관하는사업에선정됐다.")
    True
"""

from __future__ import annotations

import logging
import re
import tomllib
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise

from monitor.text.kiwi import space_texts, tokenize_words
from monitor.text.normalize import hangul_count

logger = logging.getLogger(__name__)

GLUED_RATIO = 0.15  # below this many spaces per syllable a text has lost its spacing
MIN_SYLLABLES = 20  # too little text to judge (headlines are glued by design)

# Spaces Kiwi does not put back; each pattern matches the mark a space goes after. It starts
# with that mark, not a look-behind, so the regex engine can skip ahead to the next one.
MISSING_SPACE_RES = (
    re.compile(r"[.!?](?<=[가-힣][.!?])(?=[가-힣0-9A-Za-z(“‘])"),  # after a sentence stop (`밝혔다.3년간`)
    re.compile(r",(?<=[가-힣A-Za-z)],)(?=[가-힣A-Za-z(“‘])"),  # after a comma (`하고,지역`)
)
SPACE_RUN_RE = re.compile(r" {2,}")
WHITESPACE_RE = re.compile(r"\s")
# Web and mail addresses, whose dots are not sentence stops and whose Hangul (an IDN such as
# `www.광주아이키움.kr`) is not words: no space goes inside one. The host ends at its last
# top-level label; a path after it is ASCII without brackets, so `(www.….kr)` keeps its `)`.
# Host and mailbox are bounded by their longest legal forms (253 and 64 characters): unbounded,
# each `www.` or letter of a long unspaced run would scan to the end of it (quadratic).
ADDRESS_RE = re.compile(
    r"(?:https?://|www\.)[^\s()<>\[\]{}\"'“”‘’,]{0,253}?(?:\.[A-Za-z]{2,6})+(?![A-Za-z])"
    r"(?:/[A-Za-z0-9\-._~%!$&*+;=:@/?#]*)?"
    r"|[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+"
)
ADDRESS_MARKS = ("www.", "://", "@")  # an address holds one of these: the regex runs only then


def needs_restoration(text: str) -> bool:
    """True when the text has too few spaces for its Hangul to be readable."""
    syllables = hangul_count(text)
    return syllables >= MIN_SYLLABLES and text.count(" ") / syllables < GLUED_RATIO  # `space_ratio`


def fix_punctuation_spacing(text: str) -> str:
    """Add the spaces after stops, commas and closing quotes that glued text lacks (not inside addresses)."""
    for pattern in MISSING_SPACE_RES:
        spans = address_spans(text)  # again after each pattern: its spaces moved them
        text = pattern.sub(_space_after_outside(spans) if spans else r"\g<0> ", text)
    return SPACE_RUN_RE.sub(" ", text) if "  " in text else text


def address_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each web or mail address in the text."""
    if not any(mark in text for mark in ADDRESS_MARKS):
        return []
    return [match.span() for match in ADDRESS_RE.finditer(text)]


def _space_after_outside(spans: list[tuple[int, int]]) -> Callable[[re.Match[str]], str]:
    """A replacement that adds a space after the match unless that space would split an address."""
    return lambda match: match.group() if _inside(match.end(), spans) else f"{match.group()} "


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    """True when a space before `position` would fall inside one of the spans (sorted, disjoint)."""
    # Only the last span starting before `position` can hold it: a bisection, not a scan,
    # as a long text has as many addresses as stops and asking each of each is quadratic.
    at = bisect_left(spans, (position,)) - 1
    return at >= 0 and position < spans[at][1]


def restore_spacing(paragraphs: Sequence[str], page: str | None = None) -> list[str]:
    """Paragraphs with word spacing restored by Kiwi (loads the model on first use).

    `page` is the whole document the paragraphs come from: the words its spaced
    lines print whole keep Kiwi from splitting them elsewhere (`보장구`).
    """
    if not paragraphs:
        return []
    words = page_words(page or "\n".join(paragraphs))
    spaced = space_texts(paragraphs)
    return [fix_punctuation_spacing(_checked(p, s, words)) for p, s in zip(paragraphs, spaced, strict=True)]


def space_positions(text: str) -> tuple[str, set[int]]:
    """The text without whitespace, and the indexes of the characters whitespace precedes.

    Whitespace at either end precedes no character and is no position: Kiwi sometimes ends its
    output with a space the original lacks, and a position past the last character would be
    read as one.
    """
    flat: list[str] = []
    spaces = set()
    pending = False
    for char in text:
        if char.isspace():
            pending = bool(flat)
        else:
            if pending:
                spaces.add(len(flat))
                pending = False
            flat.append(char)
    return "".join(flat), spaces


def _checked(original: str, kiwi_spaced: str, words: PageWords) -> str:
    """The original with those of Kiwi's added spaces that survive the rules; nothing else changes."""
    flat, kept = space_positions(original)
    kiwi_flat, proposed = space_positions(kiwi_spaced)
    if kiwi_flat != flat:  # Kiwi rewrote a character: trust none of its spaces
        logger.debug("Kiwi changed more than spaces in %.40r; spacing left as it was", original)
        return original
    added = prune_spaces(flat, kept, proposed - kept, words)
    out, index = [], 0
    for char in original:
        if not char.isspace():
            if index in added:
                out.append(" ")
            index += 1
        out.append(char)
    return "".join(out)


# --- which of Kiwi's added spaces to keep -------------------------------------------------------

# One-syllable words that do stand alone, so Kiwi may space them off (`할 수`, `각 부처`, `피해 시`).
STANDALONE_SYLLABLES = frozenset(
    "수등및것한번두세네첫새그이저각총전양약또더못안잘곧꼭왜온올좀막다참즉겸주"  # determiners, adverbs
    "중간때데뒤앞위밖곳줄듯뿐채차측시바리적만후초말내외제대연명개건분별원"  # dependent nouns
    "해돼봐줘와가서써놔할될갈볼쓸알살날된본준난"  # short verb forms (`해 줄 것`, `할 수`)
)
# A surname standing for a person before a title (`강 대변인`, `윤 정부`) is not a fragment.
TITLE_WORDS = frozenset(
    {
        "대통령",
        "대변인",
        "정부",
        "장관",
        "차관",
        "총리",
        "의원",
        "시장",
        "지사",
        "위원장",
        "원장",
        "대표",
        "후보",
        "회장",
        "교수",
        "씨",
    }
)
# Particles that end a noun fragment Kiwi cut from its noun (`과장 급까지`, `보장 구를`). Left out:
# those shared with verb and adjective endings (`있는`, `같은`, `있을`, `서로`) or common after a
# one-syllable noun (`빛의`), which would glue real words.
NOUN_PARTICLES = frozenset(
    {"를", "에", "와", "과", "도", "에서", "에게", "까지", "부터", "에서도", "에는", "에도", "이다"}
)
# Any particle, to read a page word with its particle (`보장구를` is the word `보장구`).
PARTICLES = NOUN_PARTICLES | frozenset(
    {"는", "의", "은", "이", "가", "을", "로", "으로", "만", "으로는", "으로도", "와의", "과의", "처럼", "보다", "이라"}
)
# Morpheme tags of a noun (compound) the page prints whole.
NOUN_TAGS = frozenset({"NNG", "NNP", "NNB", "NR", "SN", "SL", "SH", "XPN", "XSN"})
TRAILING_MARKS_RE = re.compile(r"[.,!?;:)\]”’'\"…]+$")
LEADING_MARKS_RE = re.compile(r"^[^가-힣A-Za-z0-9]+")
GLOSS_RE = re.compile(r"\([A-Za-z][A-Za-z0-9&.\- ]{0,20}\)")  # `(AI)`, `(ICT)` after a word
PAGE_WORD_RE = re.compile(r"[가-힣A-Za-z0-9]*[가-힣][가-힣A-Za-z0-9]*")
HANGUL_SYLLABLE_RE = re.compile(r"[가-힣]")
MAX_WORD_PIECES = 5  # a page noun Kiwi cut in more pieces is not looked for (keeps the search linear)
SPACED_LINE_RATIO = 0.2  # spaces per syllable of a line whose tokens are words
FINAL_N_OR_L = frozenset({4, 8})  # index of the final consonant ㄴ, ㄹ in a precomposed syllable
EVIDENCE_CHARS = 50_000  # a page up to this long is all read for a lone syllable; a longer text near it


@dataclass(frozen=True, slots=True)
class PageWords:
    """Evidence from the page: the nouns it prints whole, and its text without spaces."""

    nouns: frozenset[str]
    flat: str


# Compounds of this beat the press writes whole and Kiwi cuts (`인공 지능`, `과학 기술 정보 통신부`),
# known whatever the page shows: a glued page prints them only glued, so it cannot teach them.
COMPOUNDS_TOML = resources.files("monitor.text").joinpath("compounds.toml")
PRESS_COMPOUNDS = frozenset(
    word for words in tomllib.loads(COMPOUNDS_TOML.read_text("utf-8")).values() for word in words
)
# Marks that join the words around them without a space (`울산·경기`, `기후위기·지역소멸`).
JOINING_MARKS = frozenset("·ㆍ‧・")


@lru_cache(maxsize=4)
def page_words(page: str) -> PageWords:
    """Nouns the page prints between two spaces of one line (`보장구`, `25분간`), particles cut off."""
    candidates = set()
    for line in page.split("\n"):
        if line.count(" ") < SPACED_LINE_RATIO * hangul_count(line):
            continue  # a glued line's "words" are whole phrases (`각부처과장급까지참여`)
        for token in line.split()[1:-1]:  # a line's first and last token may be half a word
            token = TRAILING_MARKS_RE.sub("", token)
            if PAGE_WORD_RE.fullmatch(token) and len(HANGUL_SYLLABLE_RE.findall(token)) >= 2:
                candidates.add(token)
    ordered = sorted(candidates)
    nouns = set()
    for token, found in zip(ordered, tokenize_words(ordered), strict=True):
        morphemes = list(found)
        end = len(token)
        while morphemes and morphemes[-1][0].startswith("J"):
            end = morphemes.pop()[1]
        if morphemes and all(tag in NOUN_TAGS for tag, _ in morphemes) and end >= 2:
            nouns.add(token[:end])
    return PageWords(frozenset(nouns) | PRESS_COMPOUNDS, WHITESPACE_RE.sub("", page))


def prune_spaces(flat: str, kept: set[int], added: set[int], words: PageWords) -> set[int]:
    """Those of Kiwi's added space positions that the evidence does not contradict."""
    spans = address_spans(flat)
    added = {
        p
        for p in added
        if not _splits_number(flat, p)
        and not _inside(p, spans)
        and flat[p - 1] not in JOINING_MARKS
        and flat[p] not in JOINING_MARKS
    }
    ordered = sorted(added)  # each run's proposals by bisection: a scan of all per run is quadratic
    for start, end in _runs(flat, kept):
        inside = ordered[bisect_right(ordered, start) : bisect_left(ordered, end)]
        if inside:
            joined = _page_word_joins(flat, [start, *inside, end], words)
            added -= joined
            inside = [p for p in inside if p not in joined]
            added -= _fragment_joins(flat, [start, *inside, end], words)
    return added


def _splits_number(flat: str, position: int) -> bool:
    """A space between a digit and its counter or unit (`6 곳`, `100 조`, `10 %`)."""
    return flat[position - 1].isdigit() and (flat[position] == "%" or "가" <= flat[position] <= "힣")


def _runs(flat: str, kept: set[int]) -> list[tuple[int, int]]:
    """(start, end) of each stretch the original printed without a space."""
    bounds = [0, *sorted(kept), len(flat)]
    return list(pairwise(bounds))


def _page_word_joins(flat: str, cuts: list[int], words: PageWords) -> set[int]:
    """Spaces inside a page noun, longest first (`보 장구` when the page prints `보장구`)."""
    joins: set[int] = set()
    i = 0
    while i < len(cuts) - 2:
        for j in range(min(len(cuts) - 1, i + MAX_WORD_PIECES), i + 1, -1):
            if _is_page_noun(flat[cuts[i] : cuts[j]], words.nouns):
                joins.update(cuts[i + 1 : j])
                i = j - 1
                break
        i += 1
    return joins


def _is_page_noun(text: str, nouns: frozenset[str]) -> bool:
    # Marks around the word and a Latin gloss after it (`▲인공지능`, `인공지능(AI)을`) are not part of it.
    text = TRAILING_MARKS_RE.sub("", LEADING_MARKS_RE.sub("", GLOSS_RE.sub("", text)))
    if text in nouns:
        return True
    # Particles are 1-3 syllables: try those cuts only, not every one.
    return any(text[-n:] in PARTICLES and text[:-n] in nouns for n in (1, 2, 3) if len(text) - n >= 2)


def _fragment_joins(flat: str, cuts: list[int], words: PageWords) -> set[int]:
    """Spaces around one-syllable fragments that are no word on their own (`송 숙 란`, `과장 급`)."""
    pieces = [flat[a:b] for a, b in pairwise(cuts)]
    joins: set[int] = set()
    k = 0
    while k < len(pieces):
        if not _is_bare_syllable(pieces[k]):
            k += 1
            continue
        last = k
        while last + 1 < len(pieces) and _is_bare_syllable(pieces[last + 1]):
            last += 1
        first, end = k, last + 1
        k = end
        # Words at the ends stay apart (`한 광 주!`); a final ㄴ/ㄹ inside a run is a name (`송 숙 란`).
        while first < end and pieces[first][0] in STANDALONE_SYLLABLES:
            first += 1
        while end > first and pieces[end - 1][0] in STANDALONE_SYLLABLES:
            end -= 1
        if end - first > 1:
            joins.update(cuts[first + 1 : end])  # a name or word cut into syllables (`송 숙 란`)
        elif end - first == 1 and _is_fragment(pieces[first][0]):
            joins |= _attach_syllable(flat, pieces, cuts, first, words)
    for k, piece in enumerate(pieces[1:], start=1):  # `급까지`: a noun's last syllable + particle
        core, particle = piece[0], TRAILING_MARKS_RE.sub("", piece[1:])
        if particle in NOUN_PARTICLES and _is_fragment(core):
            joins.add(cuts[k])
    return joins


def _is_bare_syllable(piece: str) -> bool:
    return len(TRAILING_MARKS_RE.sub("", piece)) == 1 and "가" <= piece[0] <= "힣"


def _is_fragment(syllable: str) -> bool:
    """A Hangul syllable that is no word alone; a final ㄴ/ㄹ marks a verb form (`큰`, `할`)."""
    if not "가" <= syllable <= "힣" or syllable in STANDALONE_SYLLABLES:
        return False
    return (ord(syllable) - 0xAC00) % 28 not in FINAL_N_OR_L



def _attach_syllable(flat: str, pieces: list[str], cuts: list[int], k: int, words: PageWords) -> set[int]:
    """Join a lone syllable to the neighbour the page spells it with more often (`보장구`, `스토리지`)."""
    syllable = TRAILING_MARKS_RE.sub("", pieces[k])
    left = pieces[k - 1] if k > 0 and not TRAILING_MARKS_RE.search(pieces[k - 1]) else None
    right = pieces[k + 1] if k + 1 < len(pieces) and syllable == pieces[k] else None
    if left is None and right is None:
        return set()
    if right is not None and (right in TITLE_WORDS or right.startswith(tuple(TITLE_WORDS))):
        return set()  # a surname: `강 대변인은`
    core = _without_particle(right) if right else None
    left_count = _spelled(left + syllable, flat, cuts[k], words) if left else -1
    right_count = _spelled(syllable + core, flat, cuts[k], words) if core else -1
    # On a tie a noun that ends in a particle is the whole word the syllable begins (`광 양을`).
    to_right = right_count > left_count or (right_count == left_count and core != right)
    return {cuts[k + 1]} if to_right else {cuts[k]}


def _spelled(piece: str, flat: str, at: int, words: PageWords) -> int:
    """How often the page spells `piece`; in a text longer than a page, only near `at` in `flat`.

    A text has about as many lone syllables as it is long, so counting over all of a long
    one for each would be quadratic.
    """
    if len(words.flat) <= EVIDENCE_CHARS:
        return words.flat.count(piece)
    return flat.count(piece, max(0, at - EVIDENCE_CHARS // 2), at + EVIDENCE_CHARS // 2)


def _without_particle(piece: str) -> str:
    """The piece without its final particle (`양을` -> `양`), or the piece itself."""
    for k in range(1, len(piece)):
        if piece[k:] in PARTICLES:
            return piece[:k]
    return piece
