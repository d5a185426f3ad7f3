"""Cut a file of several articles whose blank lines mark its structure.

Two kinds of multi-article file set a blank line where the structure changes:

* clean files: headline, body paragraphs (one per line or wrapped), a
  `/이름 기자` line, a blank line, the next headline; blank lines between
  paragraphs too;
* PDF-like pages (wrapped at a column, with or without their spaces): each
  article body is one block of wrapped lines with no blank line inside, and
  the next article's headline stands alone between two blank lines.

So the blocks between blank lines are read as headlines (short, no sentence
stop), bylines and bodies, and a new article starts at a headline that follows
a body, after a byline, and, on pages whose blocks are whole article bodies
(many sentences each), at every body block. An article may lack its headline
or its byline; its dateline lead (`[충남일보 윤근호 기자]`) stays in its text.

Other pages put blank lines anywhere (after every line, or in mid-sentence, as
the seed PDF pages do) or hold one article: `split_blocks` returns None for
them and the caller reads them by bylines and widths (`monitor.text.layout`)
or as a web page. A single article is never cut here: the file must show
several, by a byline closing an article that another one follows, or by
column-wrapped blocks of whole bodies.

    >>> one = "광주시는 올해 청년 창업가를 위한 지원 예산을 두 배로 늘린다고 10일 밝혔다. 신청은 다음 달 받는다."
    >>> two = "목포시는 갯벌 생태 관광 코스를 새로 개발해 다음 달부터 운영한다고 밝혔다. 구간은 5㎞이다."
    >>> text = f"청년 창업 지원 확대\\n\\n{one}\\n/홍길동 기자\\n\\n갯벌 관광 코스 개발\\n\\n{two}"
    >>> [(a.headline, a.byline and a.byline.name) for a in split_blocks(text)]
    [('청년 창업 지원 확대', '홍길동'), ('갯벌 관광 코스 개발', None)]
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from enum import Enum
from itertools import chain

from monitor.text.chrome import is_furniture
from monitor.text.layout import CAPTION_WIDTH, PageArticle, Unit, attach_heads, find_bylines
from monitor.text.metadata import Byline
from monitor.text.normalize import display_width, display_widths, hangul_count
from monitor.text.paragraphs import sentence_ends, terminal_lines
from monitor.text.sentences import SENTENCE_END_RE

BLANK_LINES_RE = re.compile(r"\n(?:[ \t]*\n)+")  # one or more blank lines: a block boundary
MIN_BLOCKS = 3  # two articles need at least a body, a boundary and a body
MIN_BODY_LINES = 3  # a wrapped body block has at least this many lines
HEAD_MAX_LINES = 3  # a headline wraps to a few lines at most, even in a narrow column
HEAD_MAX_WIDTH = 160  # display columns: a longer stopless block is a paragraph
# A block ending mid-sentence at the column's width means the page sets blank lines inside
# sentences (the seed PDF pages): its blank lines carry no structure. A few such blocks are
# tolerated (a headline as wide as the column, a cut-off last line).
COLUMN_LOW, COLUMN_HIGH = 0.88, 1.10
MAX_MID_SENTENCE_SHARE = 0.1
# Blocks of this many sentences (median) are whole article bodies, not paragraphs.
ARTICLE_BLOCK_SENTENCES = 4
SENTENCE_STOPS = ".!?…"  # every sentence end holds one
NARROW_COLUMN = 70  # display columns of a wrapped column line; web paragraphs are far wider
CAPTION_MAX_LINES = 4  # a caption runs a few lines under its photo
MIN_ARTICLE_SYLLABLES = 30  # less is a caption or a stray, not an article (a brief has two sentences)


class Kind(Enum):
    """What a block of the page is."""

    HEAD = "head"
    CAPTION = "caption"  # sentences under a photo, set wider than the column
    BODY = "body"
    FURNITURE = "furniture"


@dataclass(slots=True)
class _Block:
    lines: list[str]
    kind: Kind
    byline: Byline | None = None  # the byline closing the block (its text is in `lines` without it)


@dataclass(slots=True)
class _Open:
    """The article being read."""

    heads: list[tuple[int, str]] = field(default_factory=list)  # (block index, text) printed right above
    subheads: list[str] = field(default_factory=list)  # set by `_headlines`
    bodies: list[list[str]] = field(default_factory=list)
    byline: Byline | None = None
    first: int = 0  # block index of its first body


def split_blocks(text: str) -> list[PageArticle] | None:
    """Articles of a normalized multi-article file whose blank lines mark its structure, or None."""
    if text.count("\n\n") < MIN_BLOCKS - 1:
        return None
    # `filter(None, …)` drops the empty strings in C: this runs on every line of every document.
    raw = [lines for chunk in BLANK_LINES_RE.split(text) if (lines := list(filter(None, chunk.split("\n"))))]
    if len(raw) < MIN_BLOCKS:
        return None
    # The cheap tests first: this runs on every document, and nearly all are one web article.
    found = [find_bylines(lines) for lines in raw] if "기자" in text else None  # each block's, used again below
    bylined = bool(found) and any(found)
    if not bylined and sum(map(_may_be_whole_body, raw)) < 2:
        return None  # no byline, and no two blocks that can be whole bodies: one article
    if _blank_lines_in_sentences(raw):
        return None
    column = _column(raw)
    wrapped = column is not None and column <= NARROW_COLUMN
    if not wrapped and not bylined:
        return None  # one web article, or a page no blank line can cut
    blocks = _blocks(raw, found)
    if wrapped:
        assert column is not None
        _mark_captions(blocks, column)
    whole_bodies = wrapped and _whole_bodies(blocks)  # a web article may set its paragraphs in a few blocks
    articles, heads = _assemble(blocks, whole_bodies)
    articles = [a for a in articles if _syllables(a) >= MIN_ARTICLE_SYLLABLES]
    if len(articles) < 2:
        return None
    if not whole_bodies and not any(a.byline for a in articles[:-1]):
        return None  # paragraphs only: a byline must close an article that another one follows
    _headlines(articles, [(i, b) for i, b in enumerate(blocks) if b.kind is Kind.CAPTION], heads)
    return [_page_article(article) for article in articles]


def _may_be_whole_body(lines: list[str]) -> bool:
    """A quick upper bound: the block has the lines and the stops of a whole article body."""
    if len(lines) < MIN_BODY_LINES:
        return False
    text = "".join(lines)
    return sum(map(text.count, SENTENCE_STOPS)) >= ARTICLE_BLOCK_SENTENCES


def _blocks(raw: list[list[str]], found: list[dict[int, Byline]] | None) -> list[_Block]:
    """Typed blocks; a byline inside a block ends it there (`found`: each block's bylines, when known)."""
    blocks: list[_Block] = []
    for number, lines in enumerate(raw):
        bylines = found[number] if found is not None else find_bylines(lines)
        start = 0
        for end in sorted(bylines):
            byline = bylines[end]
            part = lines[start:end] + ([byline.before] if byline.before else [])
            blocks.append(_Block(part, Kind.BODY, byline))
            start = end + 1
        if start < len(lines):
            part = lines[start:]
            blocks.append(_Block(part, _kind(part)))
    return blocks


def _kind(lines: list[str]) -> Kind:
    if len(lines) == 1 and is_furniture(lines[0]):
        return Kind.FURNITURE
    if (
        len(lines) <= HEAD_MAX_LINES
        and not any(sentence_ends(lines))
        and hangul_count(lines[0])
        and sum(map(display_width, lines)) <= HEAD_MAX_WIDTH
    ):
        return Kind.HEAD
    return Kind.BODY


def _column(raw: list[list[str]]) -> float | None:
    """Median display width of the lines of wrapped blocks (of several lines), None without any."""
    lines = [line for block in raw if len(block) >= MIN_BODY_LINES for line in block]
    return statistics.median(display_widths(lines)) if lines else None


def _mark_captions(blocks: list[_Block], column: float) -> None:
    """Mark short blocks of sentences set wider than the column: photo captions, no article."""
    for block in blocks:
        lines = block.lines
        if block.kind is not Kind.BODY or block.byline is not None or len(lines) > CAPTION_MAX_LINES:
            continue
        if min(display_widths(lines)) > CAPTION_WIDTH * column and sentence_ends(lines[-1:])[0]:
            block.kind = Kind.CAPTION


def _blank_lines_in_sentences(raw: list[list[str]]) -> bool:
    """True when many blocks end in mid-sentence at the column's width: blank lines there are noise.

    Widths are counted in characters here, not display columns: a column line's share of
    Hangul hardly varies, and this test runs on every page with a byline.
    """
    ends = terminal_lines([lines[-1] for lines in raw])
    suspects = [
        lines[-1]
        for lines, following, terminal in zip(raw, raw[1:], ends, strict=False)
        # A line that ends in Hangul without an ending, not a byline, not a headline over a body.
        if not terminal
        and "가" <= lines[-1][-1] <= "힣"
        and not (len(lines) == 1 and len(following) > 1)
    ]
    if len(suspects) <= 1:
        return False
    column = statistics.median(list(map(len, chain.from_iterable(raw))))  # in C, not a generator
    low, high = COLUMN_LOW * column, COLUMN_HIGH * column
    mid = sum(low <= len(line) <= high for line in suspects)
    return mid > max(1, MAX_MID_SENTENCE_SHARE * (len(raw) - 1))


def _whole_bodies(blocks: list[_Block]) -> bool:
    """True when body blocks hold many sentences each: each is an article's whole body."""
    counts = [len(SENTENCE_END_RE.findall(" ".join(b.lines))) for b in blocks if b.kind is Kind.BODY]
    return len(counts) >= 2 and statistics.median(counts) >= ARTICLE_BLOCK_SENTENCES


def _assemble(blocks: list[_Block], whole_bodies: bool) -> tuple[list[_Open], list[tuple[int, str]]]:
    """Articles in page order, and every headline candidate with its block index."""
    articles: list[_Open] = []
    heads: list[tuple[int, str]] = []
    current = _Open()
    for index, block in enumerate(blocks):
        if block.kind in (Kind.FURNITURE, Kind.CAPTION):
            continue
        if not block.lines:  # a byline on its own line closes the article above it
            if current.bodies:
                current.byline = block.byline
                articles.append(current)
                current = _Open()
            elif articles and articles[-1].byline is None:
                articles[-1].byline = block.byline
            continue
        if block.kind is Kind.HEAD and _ends_body(current, whole_bodies):
            articles.append(current)
            current = _Open()
        if block.kind is Kind.HEAD and not current.bodies:
            head = (index, " ".join(block.lines))
            current.heads.append(head)
            heads.append(head)
            continue
        if whole_bodies and current.bodies:
            articles.append(current)
            current = _Open()
        if not current.bodies:
            current.first = index
        current.bodies.append(block.lines)
        if block.byline is not None:
            current.byline = block.byline
            articles.append(current)
            current = _Open()
    if current.bodies:
        articles.append(current)
    return articles, heads


def _headlines(articles: list[_Open], captions: list[tuple[int, _Block]], heads: list[tuple[int, str]]) -> None:
    """Give each headline to the article (or caption) sharing most of its rare bigrams.

    Print sets a headline right above its body, but a page may print an article's
    sub-headline above the next one, or under a photo: those go where their words are.
    A headline right above a body that shares too little with any text stays there.
    """
    units = [Unit([line for lines in a.bodies for line in lines], a.first) for a in articles]
    for unit, article in zip(units, articles, strict=True):
        unit.own = {position for position, _ in article.heads}
    attach_heads(heads, [*units, *(Unit(c.lines, index) for index, c in captions)])
    attached = {position for unit in units for position, _ in unit.heads}
    for unit, article in zip(units, articles, strict=True):
        own = sorted(head for head in article.heads if head in unit.heads or head[0] not in attached)
        rest = sorted(head for head in unit.heads if head[0] not in unit.own)
        article.heads = own
        article.subheads = [text for _, text in own[1:]] + [text for _, text in rest]


def _syllables(article: _Open) -> int:
    return hangul_count("".join(line for lines in article.bodies for line in lines))


def _ends_body(current: _Open, whole_bodies: bool) -> bool:
    """True when a headline after the current article's body starts a new article."""
    if not current.bodies:
        return False
    # Between paragraphs a stopless short line may be a caption or a list item of the same
    # article: only one after a paragraph that ended its sentence starts the next article.
    return whole_bodies or terminal_lines([current.bodies[-1][-1]])[0]


def _page_article(article: _Open) -> PageArticle:
    headline = article.heads[0][1] if article.heads else None
    bodies = tuple(tuple(lines) for lines in article.bodies)
    return PageArticle(headline, tuple(article.subheads), bodies, article.byline)
