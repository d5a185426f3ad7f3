"""Read the `rules` of a topic: concepts that count together (see monitor.topics.rules).

    rules = [
        # a green vehicle and money for it, in one sentence
        { name = "친환경차 구매보조금", all = ["@green_vehicle", "@purchase_aid"] },
        # three parts within 40 characters, in the headline or lead only
        { all = ["태양광", "설치비*", "지원"], near = 40, where = "lead", weight = 2 },
        # not when the sentence is about a fire
        { all = ["@green_vehicle", "@purchase_aid"], unless = ["화재"] },
    ]

Fields of a rule: `all` (parts; each a string, `@group` for a concept group, or a list
of alternatives), `near` ("sentence", the default, or a number of characters), `where`
(any, headline, lead, body), `weight` (points when it fires; default the topic's
min_score, so a rule alone files the article), `unless` (concepts that cancel a
sentence), `name` (shown by explain and stored as the matched keyword).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from monitor.topics.model import WHERE_VALUES, Concept, Rule

RULE_FIELDS = ("name", "all", "near", "where", "weight", "unless")
PART_FIELDS = ("term", "aliases")
MAX_PARTS = 4  # more parts in one sentence is a query nobody can read
MAX_NEAR = 1000  # characters; further apart is not "near"

PartReader = Callable[[Any, Any, str, str, tuple[str, ...]], Concept]


def read_rules(reader: Any, raw: Any, topic_id: str, min_score: float, part: PartReader) -> tuple[Rule, ...]:
    """The validated rules of one topic; `part` turns one `all`/`unless` entry into a Concept."""
    if not isinstance(raw, list):
        raise reader.fail(f"must be a list of rule tables, got {type(raw).__name__}", topic_id, "rules")
    rules: list[Rule] = []
    names: set[str] = set()
    for index, entry in enumerate(raw):
        needle = ""
        if isinstance(entry, dict):
            first = entry.get("all")
            name = entry.get("name") or (first[0] if isinstance(first, list) and first else "")
            needle = f'"{name}"' if isinstance(name, str) and name else ""
        elif isinstance(entry, str):
            needle = f'"{entry}"'
        reader.entry_line = reader.line_of_entry(topic_id, "rules", needle, index)
        try:
            rule = _read_rule(reader, entry, index, topic_id, min_score, part)
        finally:
            reader.entry_line = None
        if rule.name in names:
            at = reader.line_of_entry(topic_id, "rules", rule.name)
            raise reader.fail(f"two rules are named {rule.name!r}", topic_id, "rules",
                              hint="give each rule its own name", line=at)
        names.add(rule.name)
        rules.append(rule)
    return tuple(rules)


def _fail(reader: Any, message: str, topic_id: str, hint: str | None = None) -> Exception:
    """The error of the rule being read: reader.fail puts it at that rule's line (reader.entry_line)."""
    return reader.fail(message, topic_id, "rules", hint=hint)


def _read_rule(reader: Any, entry: Any, index: int, topic_id: str, min_score: float, part: PartReader) -> Rule:
    label = f"rule #{index + 1}"
    if not isinstance(entry, dict):
        raise _fail(reader, f"{label} must be a table like {{ all = [\"a\", \"b\"] }}, got {entry!r}",
                    topic_id)
    parts_raw = entry.get("all")
    unknown = next((k for k in entry if k not in RULE_FIELDS), None)
    if unknown is not None:
        raise _fail(reader, f"unknown field '{unknown}' in {label}", topic_id,
                    hint=f"allowed: {', '.join(RULE_FIELDS)}")
    if not isinstance(parts_raw, list) or not parts_raw:
        raise _fail(reader, f"{label} needs 'all', a non-empty list of parts", topic_id)
    if len(parts_raw) > MAX_PARTS:
        raise _fail(reader, f"{label} has {len(parts_raw)} parts; at most {MAX_PARTS}", topic_id)
    parts = tuple(part(reader, p, topic_id, "rules", PART_FIELDS) for p in parts_raw)
    unless_raw = entry.get("unless", [])
    if not isinstance(unless_raw, list):
        raise _fail(reader, f"'unless' of {label} must be a list", topic_id)
    unless = tuple(part(reader, u, topic_id, "rules", PART_FIELDS) for u in unless_raw)
    near = entry.get("near", "sentence")
    if near == "sentence":
        near_chars = None
    elif isinstance(near, int) and not isinstance(near, bool) and 1 <= near <= MAX_NEAR:
        near_chars = near
    else:
        raise _fail(reader, f"'near' of {label} must be \"sentence\" or a number of characters "
                    f"1..{MAX_NEAR}, got {near!r}", topic_id)
    where = entry.get("where", "any")
    if where not in WHERE_VALUES:
        raise _fail(reader, f"'where' of {label} must be one of {', '.join(WHERE_VALUES)}, got {where!r}",
                    topic_id)
    weight = entry.get("weight", min_score)
    if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
        raise _fail(reader, f"'weight' of {label} must be a number > 0, got {weight!r}", topic_id)
    name = entry.get("name", " … ".join(p.canonical for p in parts))
    if not isinstance(name, str) or not name.strip():
        raise _fail(reader, f"'name' of {label} must be a non-empty string", topic_id)
    return Rule(name.strip(), parts, near_chars, where, float(weight), unless)
