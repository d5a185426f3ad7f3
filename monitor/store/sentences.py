"""How an article's sentences are kept: as offsets into its text, so the text is stored once.

Sentences are mostly slices of the article text; a paragraph whose spacing the splitter
normalised gives sentences that are not, and those are kept as strings. The stored list
mixes both, and `unpack` reads any list `pack` ever wrote, including the all-strings lists
of databases from before migration 7.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def pack(text: str, sentences: Sequence[str]) -> list[list[int] | str]:
    """[start, end] for each sentence found in `text` after the previous one, else the sentence."""
    packed: list[list[int] | str] = []
    position = 0
    for sentence in sentences:
        start = text.find(sentence, position) if sentence else -1
        if start < 0:
            packed.append(sentence)
            continue
        position = start + len(sentence)
        packed.append([start, position])
    return packed


def unpack(text: str, stored: Sequence[Any]) -> tuple[str, ...]:
    """The sentences back from what `pack` stored (or from a plain list of strings)."""
    return tuple(item if isinstance(item, str) else text[item[0]:item[1]] for item in stored)
