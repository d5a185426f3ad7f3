"""Sentence splitting and lead summaries with compiled rules, no tokenizer.

Korean news sentences end in a verb ending and a stop (`밝혔다.`, `있나요?`).
A stop is a sentence end only after Hangul or a closing bracket, so decimals
(`4.8`, `5.18`), domains (`www.광주아이키움.kr`) and Latin abbreviations stay
whole; a stop inside quotes (`“…기대한다.”고 했다`) ends nothing, and glued
text (`밝혔다.3년간`) still splits.

    >>> split_sentences("규모 4.8 지진이 났다.3년간 조사했다. “잘 됐다.”고 말했다.")
    ['규모 4.8 지진이 났다.', '3년간 조사했다.', '“잘 됐다.”고 말했다.']
"""

from __future__ import annotations

import re

# Candidate ends: a run of stops with any closing quotes/brackets after it.
END_CANDIDATE_RE = re.compile(r"[.!?…]+[\"”’'」』)\]]*")
OPENING_QUOTES = "“‘「『"
CLOSING_QUOTES = "”’」』"
QUOTE_RE = re.compile(f'["{OPENING_QUOTES}]')  # a paragraph without one needs no quote counting
PARAGRAPH_SPLIT_RE = re.compile(r"\n\s*\n")
SUMMARY_MIN_SENTENCES = 2
SUMMARY_MAX_SENTENCES = 3
SUMMARY_SHORT = 160  # characters: a lead this short takes a third sentence


def _quote_depth(text: str) -> int:
    """Open curly quotes minus closed ones, plus an unpaired straight quote."""
    depth = sum(map(text.count, OPENING_QUOTES)) - sum(map(text.count, CLOSING_QUOTES))
    return max(depth, 0) + text.count('"') % 2


def _is_end(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    closed = text[end - 1] in "\"”’'」』)]"
    followed_by_text = after and not (after.isspace() or "가" <= after <= "힣" or after in OPENING_QUOTES)
    # Glued text (`밝혔다.3년간`) splits before a digit only after a Korean ending.
    if followed_by_text and not (after.isdigit() and "가" <= before <= "힣"):
        return False
    if "가" <= before <= "힣":
        # A quote closed and followed by Hangul is quoted speech going on (`…했다.”고`).
        return not (closed and after and "가" <= after <= "힣")
    return before in ")]%”’\"'" and (not after or after.isspace())


def split_paragraph(paragraph: str) -> list[str]:
    """Sentences of one paragraph."""
    sentences: list[str] = []
    start = 0
    quoted = QUOTE_RE.search(paragraph) is not None
    for match in END_CANDIDATE_RE.finditer(paragraph):
        end = match.end()
        if not _is_end(paragraph, match.start(), end):
            continue
        piece = paragraph[start:end]
        if quoted and _quote_depth(piece) > 0:
            continue  # inside a quotation: wait for the quote to close
        piece = piece.strip()
        if piece:
            sentences.append(piece)
        start = end
    rest = paragraph[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def split_sentences(text: str) -> list[str]:
    """Sentences of a text whose paragraphs are separated by blank lines."""
    sentences: list[str] = []
    for paragraph in PARAGRAPH_SPLIT_RE.split(text):
        sentences.extend(split_paragraph(" ".join(paragraph.split())))
    return sentences


def lead_summary(sentences: list[str] | tuple[str, ...]) -> str:
    """The first two sentences, or three when the first two are short."""
    chosen: list[str] = []
    for sentence in sentences:
        if len(chosen) >= SUMMARY_MAX_SENTENCES:
            break
        if len(chosen) >= SUMMARY_MIN_SENTENCES and sum(map(len, chosen)) >= SUMMARY_SHORT:
            break
        chosen.append(sentence)
    return " ".join(chosen)
