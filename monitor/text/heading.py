"""The heading of a web article: its headline, its decks, or no headline at all.

Above the body of a scraped Korean news page stand short lines: section names
(`부동산 정책`), image alt text (`강원특별자치도청`), the headline, the decks
(sub-headlines) under it, and byline / date stamps. An excerpt often lost its
headline and starts with the decks. So the headline is not simply the first short
line; it is chosen by what Korean news pages are made of:

* labels are never headlines: a line of one or two words under `LABEL_MAX_CHARS`,
  or a single word when other lines stand with it;
* a byline or date stamp after the lines means the block holds a headline: the
  first line (stamps follow the headline, decks come before or after them);
* without a stamp, of several lines the first is the headline when it is clearly
  longer than the lines after it (a headline over its shorter decks), or when it
  names who acts: a place (`광주`, `창원시`), a subject closed by a comma (`국토부, …`),
  an institution (`…부`, `…청`, `…재단`), or it is a quote (`“…”`); decks elaborate
  a headline that named the actor, and the first of them restates the lead as a
  headline would, so only the form tells them apart;
* a single line is the headline when it says what the lead says (inverted pyramid:
  a quarter or more of its letter pairs are in the lead paragraph), names an actor
  or is a quote; a deck left alone details what comes further down
  (`대당 1600만·3310만 원 보조` over a lead about the whole programme);
* a last line that breaks off mid-phrase (`…에 대한`, `…주제로 한`) is the body's
  first line wrapped above it (broadcast scripts), carried back into the body.

    >>> read_heading([HeadLine("정치"), HeadLine("광주시, AI 센터 착공"), HeadLine("입력 2025.06.20", stamp=True)])
    Heading(headline='광주시, AI 센터 착공', decks=(), carried=None)
    >>> read_heading([HeadLine("대당 1600만·3310만 원 보조")]).headline is None
    True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from monitor.facts.regions import load_regions

LABEL_MAX_CHARS = 8  # letters of a section name or menu label (`부동산 정책`, `뉴스 호남권뉴스`)
LABEL_MAX_WORDS = 2
LEAD_SHARE_MIN = 0.25  # share of a headline's letter pairs found in its lead paragraph
WORD_RE = re.compile(r"[가-힣A-Za-z0-9]{2,}")
LONGER_RATIO = 1.6  # a headline standing over decks this much shorter than it (decks alone differ less)
# A subject closed by a comma opening the line: `광주시, …`, `국토부, …`, `SH-서울디지털재단, …`.
ACTOR_COMMA_RE = re.compile(r"^[^\s,…·]{2,12},\s")
# A word naming an institution, then a particle, a space or the end: `국토교통부는`, `경찰청`, `…재단과`.
INSTITUTION_RE = re.compile(
    r"[가-힣A-Za-z]{2,12}(?:부|청|처)(?=[은는이가의와과도에,\s]|$)"  # ministries and agencies (`환경부`, `산림청`)
    r"|[가-힣A-Za-z]{1,12}(?:위원회|공사|공단|재단|대학교|연구원|진흥원|그룹|전자|은행|협회|교육청)"  # bodies, firms
    r"|(?:^|\s)(?:정부|국회|경찰|검찰|법원|대통령)(?=[은는이가의와과도,\s]|$)"  # state actors
)
# A headline that is one quotation (`“2년 전에 산사태 났는데...태양광 짓겠다니”`).
QUOTE_RE = re.compile(r"^[“\"].{4,}[”\"]$")
# A line breaking off where a noun must follow: the body's first line, wrapped.
DANGLING_END_RE = re.compile(
    r"(?:에\s(?:대한|관한|따른|의한)|[을를]\s(?:위한|통한|향한)|(?:으로|로)\s한|[을를]|\s및|의)$"
)


@dataclass(frozen=True, slots=True)
class HeadLine:
    """One line above the body: text, or a byline / date stamp."""

    text: str
    stamp: bool = False


@dataclass(frozen=True, slots=True)
class Heading:
    headline: str | None
    decks: tuple[str, ...]
    carried: str | None  # a wrapped first line of the body that stood above it


def read_heading(block: Sequence[HeadLine], body_follows: bool = True, lead: str = "") -> Heading:
    """Headline, decks and carried line of the lines above a body whose first paragraph is `lead`."""
    entries = list(block)
    carried = None
    if body_follows and entries and not entries[-1].stamp and DANGLING_END_RE.search(entries[-1].text):
        carried = entries.pop().text
    texts = [(i, e.text) for i, e in enumerate(entries) if not e.stamp]
    several = len(texts) > 1
    lines = [(i, text) for i, text in texts if not is_label(text, several)]
    if not lines:
        return Heading(None, (), carried)
    first_at, first = lines[0]
    rest = [text for _, text in lines[1:]]
    stamped = any(e.stamp for e in entries[first_at + 1 :])
    if rest:
        headed = stamped or len(first) >= LONGER_RATIO * max(map(len, rest)) or names_actor(first)
    else:
        headed = stamped or names_actor(first) or tells_the_lead(first, lead)
    if headed:
        return Heading(first, tuple(rest), carried)
    return Heading(None, (first, *rest), carried)


def is_label(line: str, among_others: bool) -> bool:
    """True for a section name or menu label; a single word too when other lines stand with it."""
    words = line.split()
    if len(words) <= LABEL_MAX_WORDS and sum(map(len, words)) <= LABEL_MAX_CHARS:
        return True
    return among_others and len(words) == 1


def names_actor(line: str) -> bool:
    """True when the line names who acts, as a headline does: a place, a subject with a comma, an institution."""
    return (
        ACTOR_COMMA_RE.match(line) is not None
        or QUOTE_RE.match(line) is not None
        or INSTITUTION_RE.search(line) is not None
        or bool(load_regions().mentions(line))
    )


def tells_the_lead(line: str, lead: str) -> bool:
    """True when a quarter or more of the line's letter pairs (within words) are in the lead paragraph."""
    pairs = _letter_pairs(line)
    return bool(pairs) and len(pairs & _letter_pairs(lead)) >= LEAD_SHARE_MIN * len(pairs)


def _letter_pairs(text: str) -> set[str]:
    """Adjacent letter pairs inside words: `보조금이` -> 보조, 조금, 금이 (particles barely matter)."""
    return {word[i : i + 2] for word in WORD_RE.findall(text) for i in range(len(word) - 1)}
