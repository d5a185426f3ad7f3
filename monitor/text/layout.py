"""Cut a PDF-extracted newspaper page into articles, captions and headlines.

A page holds several articles, each closed by a byline (`/이만호 기자`). The
lines between two bylines are, in order: headlines left over from the layout
(they may belong to any article on the page), photo captions, the headlines of
the next article, and its body. So:

1. cut the page at the bylines into chunks;
2. in each chunk, mark captions (runs of lines wider than the column that end
   a sentence: a caption spans the photo, not the column) and find where the
   body starts: the first sentence of the body is preceded only by lines that
   do not end a sentence, and the last of those that looks like a headline
   (narrower or wider than the column, or glued on a spaced page) ends the
   headline block. The line right after a byline is never body: print puts a
   headline there;
3. attach every headline to the article (or caption) whose text shares most of
   its character bigrams, weighted by how rare each bigram is on the page;
   bigrams over text with spaces removed work on glued and spaced text alike.

Lines after the last byline are headlines, captions and strays, never articles.
"""

from __future__ import annotations

import re
import statistics
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain

from monitor.text.metadata import Byline, parse_pdf_byline
from monitor.text.normalize import display_width, display_widths, hangul_count, space_ratio
from monitor.text.paragraphs import ends_sentence, sentence_ends
from monitor.text.spacing import GLUED_RATIO

# Width band of a column line, relative to the page's median line width.
COLUMN_LOW = 0.88  # a narrower line that does not end a sentence is a headline
COLUMN_HIGH = 1.10  # a wider one too (headlines span columns)
CAPTION_WIDTH = 1.30  # lines this much wider than the column run under a photo
MIN_ATTACH_SCORE = 0.25  # share of a headline's (weighted) bigrams an article must have
OWN_ARTICLE_BONUS = 0.10  # tie-break for the article a headline is printed right above
WORD_SPACE_RE = re.compile(r"[0-9A-Za-z가-힣] [0-9A-Za-z가-힣]")  # a space between two words
CAPTION_SAME_WIDTH = 0.85  # lines of one caption wrap at the photo's width
NOT_BIGRAM_RE = re.compile(r"[^0-9a-z가-힣]+")
# A headline is printed near its article: it is weighed against this many units on each side of
# it, which is every unit of any real page, and keeps a file of a thousand articles linear.
NEAR_UNITS = 16


@dataclass(slots=True)
class Unit:
    """An article body or a caption that headlines can attach to."""

    lines: list[str]
    position: int  # where it starts on the page, in the numbering of the headline positions
    byline: Byline | None = None  # None for captions
    own: set[int] = field(default_factory=set)  # positions of the headlines printed right above
    heads: list[tuple[int, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PageArticle:
    """One article of a page or multi-article file: its headlines, wrapped body lines and byline.

    `bodies` holds the article's runs of wrapped lines, each joined into paragraphs on its
    own (a PDF page sets one per article, a clean file one per paragraph block); a file
    cut at its blank lines may leave an article without a byline.
    """

    headline: str | None
    subheadlines: tuple[str, ...]
    bodies: tuple[tuple[str, ...], ...]
    byline: Byline | None


@dataclass(frozen=True, slots=True)
class _Column:
    """Width band of the page's column lines."""

    low: float
    high: float
    caption: float
    spaced: bool  # the page keeps its word spacing

    def is_heading(self, line: str, width: int) -> bool:
        """True for a line (of `width`, not ending a sentence) set like a headline."""
        if width < self.low or width > self.high:
            return True
        # On a spaced page a headline set without spaces between words stands out
        # (`전북자치도, 건설기계도친환경으로전환`: the only space follows the comma).
        return self.spaced and hangul_count(line) >= 8 and WORD_SPACE_RE.search(line) is None


@dataclass(slots=True)
class _Chunk:
    """The lines between two bylines, with each line's width and whether it ends a sentence."""

    lines: list[str]
    widths: list[int]
    ends: list[bool]
    offset: int  # page index of the first line


def bigram_codes(text: str, among: set[int] | None = None) -> set[int]:
    """Character bigrams (spaces and punctuation removed) as integers, built in C; only those in `among` if given.

    What is left of the text is BMP characters, two bytes each in UTF-16, so every
    four bytes starting at an even character are one bigram as a 32-bit integer, and
    every four starting at an odd one are the bigrams in between.
    """
    # Spaces are most of what goes: `str.replace` drops them before the regex sees each one.
    flat = NOT_BIGRAM_RE.sub("", text.lower().replace(" ", "")).encode("utf-16-le")
    even = memoryview(flat[: len(flat) // 4 * 4]).cast("I")
    odd = memoryview(flat[2 : 2 + (len(flat) - 2) // 4 * 4]).cast("I")
    if among is None:
        return set(even).union(odd)
    return among.intersection(even).union(among.intersection(odd))  # no set of the whole text


def find_bylines(lines: list[str]) -> dict[int, Byline]:
    """Line index -> the byline that closes an article on that line."""
    found = {}
    for index, line in enumerate(lines):
        # `parse_pdf_byline`'s own first test, asked here: most lines have no `기자`, and the
        # call would cost more than the answer.
        if "기자" in line:
            byline = parse_pdf_byline(line)
            if byline is not None:
                found[index] = byline
    return found


def _captions(chunk: _Chunk, column: _Column) -> set[int]:
    """Indices of caption lines: over-wide lines of one width closed by a sentence end.

    The closing line may be short (`누고있다. <사진공동취재단>`). Wide headlines
    printed above a caption have their own widths, so the run stops at them.
    """
    widths, ends = chunk.widths, chunk.ends
    marked: set[int] = set()
    for end, terminal in enumerate(ends):
        if not terminal or end in marked:
            continue
        if widths[end] > column.caption:
            reference = widths[end]
        elif end and widths[end - 1] > column.caption and not ends[end - 1]:
            reference = widths[end - 1]
        else:
            continue
        run = [end]
        k = end - 1
        while k >= 0 and not ends[k] and widths[k] > column.caption:
            if widths[k] < CAPTION_SAME_WIDTH * reference:
                break
            reference = max(reference, widths[k])
            run.append(k)
            k -= 1
        marked.update(run)
    return marked


def _split_chunk(
    chunk: _Chunk, column: _Column, byline: Byline | None
) -> tuple[Unit | None, list[Unit], list[tuple[int, str]], set[int]]:
    """(article, captions, headline candidates, own-run positions) of one chunk."""
    lines, ends, offset = chunk.lines, chunk.ends, chunk.offset
    caption_at = _captions(chunk, column)
    captions = _group_runs(lines, caption_at, offset)
    items = [i for i in range(len(lines)) if i not in caption_at]
    if byline is None:  # after the last byline: no body, only headlines and strays
        heads = [(offset + i, lines[i]) for i in items if not ends[i]]
        return None, captions, heads, set()
    first_end = next((k for k, i in enumerate(items) if ends[i]), len(items) - 1)
    # The headline block right above the body starts after the last caption before it.
    run_start = 0
    for k in range(first_end):
        if any(c in caption_at for c in range(items[k - 1] + 1 if k else 0, items[k])):
            run_start = k
    headings = (
        k for k in range(run_start, first_end) if column.is_heading(lines[items[k]], chunk.widths[items[k]])
    )  # no line before `first_end` ends a sentence
    last_head = max(headings, default=-1)
    body_from = max(last_head + 1, run_start + 1 if first_end > run_start else run_start)
    heads = [(offset + items[k], lines[items[k]]) for k in range(body_from) if not ends[items[k]]]
    own = {offset + items[k] for k in range(run_start, body_from)}
    body = items[body_from:]
    article = Unit([lines[i] for i in body], offset + (body[0] if body else len(lines)), byline)
    return article, captions, heads, own


def _group_runs(chunk: list[str], marked: set[int], offset: int) -> list[Unit]:
    runs: list[Unit] = []
    previous = -2
    for i in sorted(marked):
        if i != previous + 1:
            runs.append(Unit([], offset + i))
        runs[-1].lines.append(chunk[i])
        previous = i
    return runs


def attach_heads(heads: list[tuple[int, str]], units: list[Unit]) -> None:
    """Give each headline to the unit sharing most of its rare bigrams; drop the rest."""
    head_grams = [bigram_codes(text) for _, text in heads]
    # Only the headlines' bigrams are ever looked up: count and keep just those.
    wanted = set().union(*head_grams)
    unit_grams = [bigram_codes("".join(u.lines), among=wanted) for u in units]
    # A bigram no unit has weighs 1 in the total; `dict.get` spares Counter's `__missing__` call.
    df = Counter(chain.from_iterable(unit_grams))
    weight = dict.fromkeys(wanted, 1.0)
    weight.update({g: 1 / n for g, n in df.items()})
    order = sorted(range(len(units)), key=lambda k: units[k].position)
    starts = [units[k].position for k in order]
    for (position, text), grams in zip(heads, head_grams, strict=True):
        total = sum(map(weight.__getitem__, grams))
        if not total:
            continue
        best, best_score = None, 0.0
        at = bisect_left(starts, position)
        for k in sorted(order[max(0, at - NEAR_UNITS) : at + NEAR_UNITS]):  # in the callers' order, for ties
            unit, own_grams = units[k], unit_grams[k]
            score = sum(map(weight.__getitem__, grams & own_grams)) / total
            if position in unit.own:
                score += OWN_ARTICLE_BONUS
            if score > best_score:
                best, best_score = unit, score
        if best is not None and best_score >= MIN_ATTACH_SCORE:
            best.heads.append((position, text))


def _column(lines: list[str], widths: list[int]) -> _Column:
    median = statistics.median(widths)
    ratio = space_ratio(" ".join(lines))
    return _Column(median * COLUMN_LOW, median * COLUMN_HIGH, median * CAPTION_WIDTH, ratio >= GLUED_RATIO)


def split_page(
    lines: list[str], bylines: dict[int, Byline] | None = None, widths: list[int] | None = None
) -> list[PageArticle]:
    """Articles of a PDF page (non-empty, stripped lines), in page order.

    `bylines` (`find_bylines`) and `widths` (`display_widths`) save the work when the caller has them.
    """
    if bylines is None:
        bylines = find_bylines(lines)
    if not bylines:
        return []
    if widths is None:
        widths = display_widths(lines)
    column = _column(lines, widths)
    ends = sentence_ends(lines)  # each line is asked many times: answer once
    units: list[Unit] = []
    articles: list[Unit] = []
    heads: list[tuple[int, str]] = []
    start = 0
    for end in [*sorted(bylines), len(lines)]:
        byline = bylines.get(end)
        chunk = _Chunk(lines[start:end], widths[start:end], ends[start:end], start)
        if byline is not None and byline.before:
            chunk.lines.append(byline.before)
            chunk.widths.append(display_width(byline.before))
            chunk.ends.append(ends_sentence(byline.before))
        article, captions, chunk_heads, own = _split_chunk(chunk, column, byline)
        if article is not None and article.lines:
            article.own = own
            articles.append(article)
            units.append(article)
        units.extend(captions)
        heads.extend(chunk_heads)
        start = end + 1
    attach_heads(heads, units)
    return [_page_article(unit) for unit in articles if unit.byline is not None]


def _page_article(unit: Unit) -> PageArticle:
    assert unit.byline is not None
    headline, subheadlines = unit_headlines(unit)
    return PageArticle(headline, subheadlines, (tuple(unit.lines),), unit.byline)


def unit_headlines(unit: Unit) -> tuple[str | None, tuple[str, ...]]:
    """(headline, sub-headlines) of a unit: the first attached headline printed above it leads."""
    ordered = sorted(unit.heads)
    own = [text for position, text in ordered if position in unit.own]
    headline = own[0] if own else (ordered[0][1] if ordered else None)
    return headline, tuple(text for _, text in ordered if text != headline)
