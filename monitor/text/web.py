"""One article out of a scraped web page or a feed entry.

After chrome is gone such a page reads: headline, sub-headlines, a reporter /
date stamp, maybe more sub-headlines, then the body one paragraph per line,
and sometimes the reporter's name again at the end. A dateline opening the lead
(`(서울=연합뉴스) 홍길동 기자 = …`, `[동아경제신문=김선아 기자] …`) names outlet and
reporter and stays in the lead, as printed. The body starts at the
first line that reads as prose (long, or ending a sentence); short lines above
it are the headline block. A paragraph closed by a reporter's name
(`…듣고 있다. 나건호 기자`) is a photo caption inside the body, and the byline
when it is the last paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass

from monitor.text.heading import HeadLine, read_heading
from monitor.text.metadata import (
    CREDITED_PARAGRAPH_RE,
    EMAIL_LINE_RE,
    is_stamp_line,
    parse_lead_byline,
    parse_pdf_byline,
    parse_reporter_line,
    parse_web_byline,
)
from monitor.text.paragraphs import ends_sentence

PROSE_MIN_LENGTH = 80  # a line this long is body even without a full stop
HEADLINE_MAX_LENGTH = 120  # a longer line above the body is not a headline
DATELINE_PARAGRAPHS = 3  # the dateline opens one of the first paragraphs (after a caption or two)


@dataclass(frozen=True, slots=True)
class WebArticle:
    """The parts of a single-article page, before spacing and sentence work."""

    headline: str | None
    subheadlines: tuple[str, ...]
    paragraphs: tuple[str, ...]
    byline: str | None
    domain: str | None
    outlet: str | None


def is_prose(line: str) -> bool:
    """True for a line that reads as body text: long, or ending a sentence."""
    return len(line) >= PROSE_MIN_LENGTH or ends_sentence(line)


def _drop_credited(body: list[str]) -> str | None:
    """Remove photo captions credited to a reporter from `body`; return the name closing the last paragraph."""
    last = len(body) - 1
    credited = [(i, m) for i, line in enumerate(body) if "기자" in line and (m := CREDITED_PARAGRAPH_RE.match(line))]
    closing = None
    for i, match in reversed(credited):  # from the end, so deleting keeps the earlier indices
        if i == last:
            body[i] = match["before"]
            closing = match["name"]
        else:
            del body[i]
    return closing


def _credit_line(line: str) -> tuple[str | None, str | None] | None:
    """(reporter, outlet) of a header line that only credits them, or None.

    `- 김대벽 기자`, `머니투데이 김남이기자`, or a bracket byline alone on its line
    (`[한국다중뉴스 = 김동은 기자]`).
    """
    credit = parse_reporter_line(line)
    if credit is not None:
        return credit
    outlet, name, rest = parse_lead_byline(line)
    return (name, outlet) if (outlet or name) and not rest.strip() else None


def read_web_page(lines: list[str]) -> WebArticle:
    """Headline block, byline and body paragraphs of chrome-free page lines."""
    reporter: str | None = None
    domain: str | None = None
    outlet: str | None = None
    block: list[HeadLine] = []
    body: list[str] = []
    for raw in lines:
        closing = parse_pdf_byline(raw)
        if closing is not None:  # a feed entry may end like a print article (`…했다. /홍길동 기자`)
            reporter = reporter or closing.name
            domain = domain or closing.domain
        line = closing.before if closing is not None else raw
        if not line:
            continue
        byline = parse_web_byline(line)
        if byline is not None:
            reporter = reporter or byline.name
            domain = domain or byline.domain
            if not body:
                block.append(HeadLine(line, stamp=True))
            continue
        if is_stamp_line(line):
            if not body:
                block.append(HeadLine(line, stamp=True))
            continue
        if "@" in line and (address := EMAIL_LINE_RE.match(line)):  # a wire reporter's address
            domain = domain or (address["domain"] or "").lower() or None
            continue
        if not body and not is_prose(line):
            credit = _credit_line(line)
            if credit is not None:
                reporter, outlet = reporter or credit[0], outlet or credit[1]
                block.append(HeadLine(line, stamp=True))
            elif len(line) <= HEADLINE_MAX_LENGTH:
                block.append(HeadLine(line))
            continue
        body.append(line)
    closing_name = _drop_credited(body)
    reporter = reporter or closing_name
    heading = read_heading(block, body_follows=bool(body), lead=body[0] if body else "")
    if heading.carried:
        body[:1] = [f"{heading.carried} {body[0]}"]
    # The dateline opens the lead, maybe after a photo caption the chrome rules did not know. It names
    # the outlet and the reporter, and stays where it is: the lead as printed starts with it.
    for paragraph in body[:DATELINE_PARAGRAPHS]:
        lead_outlet, lead_name, _ = parse_lead_byline(paragraph)
        if lead_outlet or lead_name:
            outlet, reporter = lead_outlet or outlet, reporter or lead_name
            break
    paragraphs = tuple(p for p in body if p)
    return WebArticle(heading.headline, heading.decks, paragraphs, reporter, domain, outlet)
