"""Cut a digest to what one email can carry: readable field lengths, a cap per topic, then fewer stories.

A field quoted from a source has no natural bound (a feed once sent a 5 MB title), and a
digest after a long outage can hold thousands of stories. The report page keeps
everything; the email keeps every topic's first stories, in the digest's order.
"""

from __future__ import annotations

from dataclasses import replace

from markupsafe import Markup, escape

from monitor.digest.build import OTHER_SECTION_ID, Digest, DigestItem, TopicSection

# Longest field shown, in characters: a headline is a line, a summary two or three sentences.
HEADLINE_CHARS = 300
SUMMARY_CHARS = 1_000
NAME_CHARS = 100  # outlets, reporters, source names
NOTICE_CHARS = 500  # a source's error in "sources needing attention"


def cut(text: str, limit: int) -> str:
    """`text` itself, or its first `limit` characters and an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _cut_optional(text: str | None, limit: int) -> str | None:
    return None if text is None else cut(text, limit)


def _item(item: DigestItem) -> DigestItem:
    summary = item.summary_html
    if len(summary) > SUMMARY_CHARS * 2:  # markup counted too; only a runaway summary loses its marks
        summary = Markup(escape(cut(Markup(summary).striptags(), SUMMARY_CHARS)))
    return replace(
        item, headline=cut(item.headline, HEADLINE_CHARS), summary_html=summary,
        source_name=cut(item.source_name, NAME_CHARS), byline=_cut_optional(item.byline, NAME_CHARS),
        outlet=_cut_optional(item.outlet, NAME_CHARS), outlets=tuple(cut(o, NAME_CHARS) for o in item.outlets),
        copies=tuple(replace(c, headline=cut(c.headline, HEADLINE_CHARS), outlet=cut(c.outlet, NAME_CHARS),
                             source_name=cut(c.source_name, NAME_CHARS)) for c in item.copies),
    )


def with_fields_cut(view: Digest) -> Digest:
    """`view` with every quoted field at a readable length."""
    sections = tuple(replace(s, items=tuple(_item(i) for i in s.items)) for s in view.sections)
    attention = tuple(replace(a, message=cut(a.message, NOTICE_CHARS)) for a in view.attention)
    return replace(view, sections=sections, attention=attention)


def item_count(view: Digest) -> int:
    return sum(len(s.items) for s in view.sections)


def first_items(view: Digest, keep: int) -> Digest:
    """`view` with `keep` items in all, taken rank by rank across topics (each topic's first first)."""
    quota = [0] * len(view.sections)
    rank, left = 0, keep
    while left > 0 and any(len(s.items) > rank for s in view.sections):
        for number, section in enumerate(view.sections):
            if left > 0 and len(section.items) > rank:
                quota[number] += 1
                left -= 1
        rank += 1
    sections: tuple[TopicSection, ...] = tuple(replace(s, items=s.items[:n], more=s.more + len(s.items) - n)
                                               for s, n in zip(view.sections, quota, strict=True))
    return replace(view, sections=sections)


def capped(view: Digest, per_topic: int, other: int) -> Digest:
    """`view` with each topic's first `per_topic` stories (the 기타 section's first `other`), the rest counted."""
    def cap(s: TopicSection) -> int:
        return other if s.topic_id == OTHER_SECTION_ID else per_topic

    return replace(view, sections=tuple(replace(s, items=s.items[:cap(s)], more=s.more + max(0, len(s.items) - cap(s)))
                                        for s in view.sections))
