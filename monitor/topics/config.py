"""Read and validate a topics TOML file into `Topic` objects.

Every problem raises `ConfigError` with one line naming the file, the topic id and the
field, and the line in the file where one can be found (tomllib gives it for syntax
errors; for the rest `ConfigFile.line` finds the topic's `field =` line).
The file format is documented in config/topics.toml.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

from monitor.config_file import ConfigFile
from monitor.errors import ConfigError
from monitor.topics.config_rules import read_rules
from monitor.topics.fold import fold_keyword
from monitor.topics.model import WHERE_VALUES, Concept, Exclusion, Term, Topic

TOP_LEVEL_FIELDS = ("defaults", "synonyms", "concepts", "topic")
DEFAULT_FIELDS = ("min_score", "headline_weight", "body_weight", "max_repeats")
TOPIC_FIELDS = ("id", "name", "description", "keywords", "rules", "exclude", "require", *DEFAULT_FIELDS)
KEYWORD_FIELDS = ("term", "aliases", "weight", "where")
EXCLUDE_FIELDS = ("term", "aliases", "where")

BUILTIN_DEFAULTS: dict[str, float | int] = {
    "min_score": 3.0,
    "headline_weight": 2.0,
    "body_weight": 1.0,
    "max_repeats": 3,
}

ID_RE = re.compile(r"[a-z][a-z0-9_]*\Z")
GROUP_REF_RE = re.compile(r"@([A-Za-z0-9_]+)")


class _Reader:
    """Validation context: the file, its lines and the shared synonym groups."""

    def __init__(self, file: ConfigFile) -> None:
        self.file = file
        self.path = file.path
        topics = file.data.get("topic")
        self.topic_ids = [t.get("id") if isinstance(t, dict) else None for t in topics] if isinstance(topics, list) \
            else []
        self.synonyms: dict[str, tuple[str, ...]] = {}
        self.entry_line: int | None = None  # set while one rule is read: its errors point at its line

    def line_of(self, topic_id: str | None, field: str | None, nth: int = 0) -> int | None:
        """Best-effort 1-based line of `field = ...` in the `nth` topic with `topic_id`.

        Falls back to the topic's `id` line when the field is absent (a missing `name`).
        """
        if topic_id is None:
            return None if field is None else self.file.line(None, field)
        index = self._topic_index(topic_id, nth)
        if index is None:
            return None
        id_line = self.file.line("topic", "id", index)
        found = self.file.line("topic", field, index) if field else None
        return id_line if found is None or found == self.file.line("topic", None, index) else found

    def _topic_index(self, topic_id: str, nth: int) -> int | None:
        found = [i for i, known in enumerate(self.topic_ids) if known == topic_id]
        return found[nth] if nth < len(found) else None

    def line_of_entry(self, topic_id: str, field: str, needle: str, index: int | None = None) -> int | None:
        """The line of one entry of a topic's list `field`: the first line from `field = ` on
        that holds `needle`, else the `index`-th line starting with `{`, else the field's line."""
        topic = self._topic_index(topic_id, 0)
        if topic is None:
            return None
        return self.file.line("topic", field, topic, needle=needle or None, entry=index)

    def fail(self, message: str, topic_id: str | None = None, field: str | None = None,
             hint: str | None = None, nth: int = 0, line: int | None = None) -> ConfigError:
        key = f"topic '{topic_id}'" if topic_id else None
        if field:
            key = f"{key}, field '{field}'" if key else f"field '{field}'"
        if line is None and field == "rules" and self.entry_line is not None:
            line = self.entry_line
        line = line if line is not None else self.line_of(topic_id, field, nth)
        return ConfigError(str(self.path), message, key=key, line=line, hint=hint)


def load_topics_file(path: Path) -> tuple[Topic, ...]:
    """Read `path` and return its validated topics; raise ConfigError on any problem."""
    file = ConfigFile.read(path, missing="topics file not found",
                           hint="create it or point --config at the folder holding topics.toml")
    data = file.data
    reader = _Reader(file)
    _check_fields(reader, data, TOP_LEVEL_FIELDS, None, "top level")
    defaults = dict(BUILTIN_DEFAULTS)
    defaults.update(_read_defaults(reader, data.get("defaults", {})))
    reader.synonyms = _read_synonyms(reader, data.get("synonyms", {}))
    # [concepts] and [synonyms] are one namespace: concept groups to combine in rules
    for name, forms in _read_synonyms(reader, data.get("concepts", {}), "concepts", nested=True).items():
        if name in reader.synonyms:
            raise reader.fail(f"'{name}' is declared under both [synonyms] and [concepts]", field=name,
                              hint="keep one of them")
        # a concept may use the synonym groups and the concepts declared above it
        expanded = [f for form in forms for f in _expand(reader, form, None, name)]
        reader.synonyms[name] = tuple(dict.fromkeys(expanded))
    raw_topics = data.get("topic")
    if not isinstance(raw_topics, list) or not raw_topics:
        raise reader.fail("no topics defined", field="topic", hint="add at least one [[topic]] table")
    topics: list[Topic] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw_topics):
        topic = _read_topic(reader, entry, index, defaults)
        if topic.id in seen:
            nth = sum(1 for t in topics if t.id == topic.id)
            raise reader.fail(f"duplicate topic id '{topic.id}'", topic.id, "id",
                              hint="every [[topic]] needs its own id", nth=nth)
        seen.add(topic.id)
        topics.append(topic)
    return tuple(topics)


def _check_fields(reader: _Reader, table: dict[str, Any], allowed: tuple[str, ...],
                  topic_id: str | None, where: str) -> None:
    for key in table:
        if key not in allowed:
            raise reader.fail(f"unknown field '{key}' in {where}", topic_id, key,
                              hint=f"allowed: {', '.join(allowed)}")


def _number(reader: _Reader, value: Any, topic_id: str | None, field: str, *,
            minimum: float, strict: bool = False, integer: bool = False) -> float:
    kind = int if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kind):
        raise reader.fail(f"must be {'an integer' if integer else 'a number'}, got {value!r}", topic_id, field)
    if value < minimum or (strict and value == minimum):
        raise reader.fail(f"must be {'>' if strict else '>='} {minimum:g}, got {value!r}", topic_id, field)
    return value


def _read_defaults(reader: _Reader, table: Any) -> dict[str, float | int]:
    if not isinstance(table, dict):
        raise reader.fail("must be a table", field="defaults")
    _check_fields(reader, table, DEFAULT_FIELDS, None, "[defaults]")
    return {k: _topic_number(reader, k, v, None) for k, v in table.items()}


def _topic_number(reader: _Reader, field: str, value: Any, topic_id: str | None) -> float | int:
    if field == "max_repeats":
        return int(_number(reader, value, topic_id, field, minimum=1, integer=True))
    if field == "min_score":
        return float(_number(reader, value, topic_id, field, minimum=0))
    return float(_number(reader, value, topic_id, field, minimum=0, strict=True))


def _read_synonyms(reader: _Reader, table: Any, section: str = "synonyms",
                   nested: bool = False) -> dict[str, tuple[str, ...]]:
    if not isinstance(table, dict):
        raise reader.fail("must be a table of name = [forms]", field=section)
    groups: dict[str, tuple[str, ...]] = {}
    for name, forms in table.items():
        if not ID_RE.match(name):
            raise reader.fail(f"group name '{name}' must be lowercase letters, digits and _", field=name)
        if not isinstance(forms, list) or not forms or not all(isinstance(f, str) and f.strip() for f in forms):
            raise reader.fail("must be a non-empty list of non-empty strings", field=name)
        if not nested and any("@" in f for f in forms):
            raise reader.fail("a synonym group cannot refer to another group", field=name)
        groups[name] = tuple(f.strip() for f in forms)
    return groups


def _expand(reader: _Reader, text: str, topic_id: str | None, field: str) -> list[str]:
    """Surface forms of `text`, with each `@group` replaced by every form of that group."""
    names = GROUP_REF_RE.findall(text)
    for name in names:
        if name not in reader.synonyms:
            known = ", ".join(sorted(reader.synonyms)) or "none declared"
            raise reader.fail(f"unknown synonym group '@{name}' in {text!r}", topic_id, field,
                              hint=f"declare it under [concepts] or [synonyms]; known: {known}")
    if "@" in GROUP_REF_RE.sub("", text):
        raise reader.fail(f"'@' must be followed by a synonym group name in {text!r}", topic_id, field)
    if "*" in text.rstrip("*") or text.endswith("**"):
        raise reader.fail(f"'*' may only end a prefix form, in {text!r}", topic_id, field,
                          hint='write "보조*" for 보조금, 보조사업, …')
    parts = GROUP_REF_RE.split(text)  # literal, name, literal, name, ..., literal
    choices = [[p] if i % 2 == 0 else list(reader.synonyms[p]) for i, p in enumerate(parts)]
    return [" ".join("".join(combo).split()) for combo in itertools.product(*choices)]


def _concept(reader: _Reader, entry: Any, topic_id: str, field: str, allowed: tuple[str, ...],
             weight_ok: bool) -> Concept:
    """One keyword/exclusion/require entry (string or inline table) -> Concept."""
    table: dict[str, Any] = {"term": entry} if isinstance(entry, str) else entry
    if not isinstance(table, dict):
        raise reader.fail(f"entries must be strings or tables, got {entry!r}", topic_id, field)
    unknown = next((k for k in table if k not in allowed), None)
    if unknown is not None:
        raise reader.fail(f"unknown field '{unknown}' in an entry", topic_id, field,
                          hint=f"allowed: {', '.join(allowed)}")
    term = table.get("term")
    if not isinstance(term, str) or not term.strip():
        raise reader.fail(f"each entry needs a non-empty string 'term', got {term!r}", topic_id, field)
    aliases = table.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise reader.fail(f"'aliases' of {term!r} must be a list of non-empty strings", topic_id, field)
    weight = 1.0
    if weight_ok and "weight" in table:
        weight = float(_number(reader, table["weight"], topic_id, field, minimum=0, strict=True))
    where = table.get("where", "any")
    if where not in WHERE_VALUES:
        raise reader.fail(f"'where' of {term!r} must be one of {', '.join(WHERE_VALUES)}, got {where!r}",
                          topic_id, field)
    surfaces: list[str] = []
    for text in (term, *aliases):
        for surface in _expand(reader, text, topic_id, field):
            if surface not in surfaces:
                surfaces.append(surface)
    empty = next((s for s in surfaces if not fold_keyword(s.rstrip("*"))[0]), None)
    if empty is not None:
        raise reader.fail(f"{empty!r} has no letters to match", topic_id, field)
    return Concept(surfaces[0], tuple(Term.of(s) for s in surfaces), weight, where)


def rule_part(reader: _Reader, entry: Any, topic_id: str, field: str, allowed: tuple[str, ...]) -> Concept:
    """One rule part (string with @groups, or a list of alternatives) as a Concept named as written."""
    texts = [entry] if isinstance(entry, str) else entry
    if not isinstance(texts, list) or not texts or not all(isinstance(t, str) and t.strip() for t in texts):
        raise reader.fail(f"each part must be a string or a non-empty list of strings, got {entry!r}",
                          topic_id, field)  # at the line of the rule being read (reader.entry_line)
    found = _concept(reader, {"term": texts[0], "aliases": texts[1:]}, topic_id, field, allowed, False)
    return Concept(" | ".join(t.strip() for t in texts), found.forms)


def _list(reader: _Reader, value: Any, topic_id: str, field: str) -> list[Any]:
    if not isinstance(value, list):
        raise reader.fail(f"must be a list, got {type(value).__name__}", topic_id, field)
    return value


def _read_topic(reader: _Reader, entry: Any, index: int, defaults: dict[str, float | int]) -> Topic:
    if not isinstance(entry, dict):
        raise reader.fail(f"topic #{index + 1} must be a table", field="topic")
    topic_id = entry.get("id")
    if not isinstance(topic_id, str) or not ID_RE.match(topic_id):
        raise reader.fail(f"topic #{index + 1} needs an id of lowercase letters, digits and _, got {topic_id!r}",
                          field="id")
    _check_fields(reader, entry, TOPIC_FIELDS, topic_id, "[[topic]]")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise reader.fail("must be a non-empty string (the name users see)", topic_id, "name")
    description = entry.get("description", "")
    if not isinstance(description, str):
        raise reader.fail("must be a string", topic_id, "description")
    numbers = {k: _topic_number(reader, k, entry[k], topic_id) if k in entry else defaults[k]
               for k in DEFAULT_FIELDS}

    raw_keywords = _list(reader, entry.get("keywords", []), topic_id, "keywords")
    rules = read_rules(reader, entry.get("rules", []), topic_id, float(numbers["min_score"]), rule_part)
    # a topic of rules alone leaves `keywords` out; an empty list is a mistake either way
    if not raw_keywords and (not rules or "keywords" in entry):
        raise reader.fail("must list at least one keyword (or leave it out and give rules)", topic_id, "keywords")
    keywords = tuple(_concept(reader, k, topic_id, "keywords", KEYWORD_FIELDS, True) for k in raw_keywords)
    exclude: list[Exclusion] = []
    for raw in _list(reader, entry.get("exclude", []), topic_id, "exclude"):
        concept = _concept(reader, raw, topic_id, "exclude", EXCLUDE_FIELDS, False)
        exclude.append(Exclusion(concept, concept.where))
    require: list[tuple[Concept, ...]] = []
    for group in _list(reader, entry.get("require", []), topic_id, "require"):
        members = [group] if isinstance(group, str) else group
        if not isinstance(members, list) or not members:
            raise reader.fail(f"each group must be a string or a non-empty list of strings, got {group!r}",
                              topic_id, "require")
        require.append(tuple(_concept(reader, m, topic_id, "require", ("term",), False)
                             if isinstance(m, str) else _bad_require(reader, m, topic_id) for m in members))
    _check_overlaps(reader, topic_id, keywords, exclude)
    return Topic(
        id=topic_id, name=name.strip(), description=description.strip(),
        min_score=float(numbers["min_score"]), keywords=keywords, exclude=tuple(exclude),
        require=tuple(require), headline_weight=float(numbers["headline_weight"]),
        body_weight=float(numbers["body_weight"]), max_repeats=int(numbers["max_repeats"]), rules=rules,
    )


def _bad_require(reader: _Reader, member: Any, topic_id: str) -> Concept:
    raise reader.fail(f"require terms must be strings, got {member!r}", topic_id, "require")


def _check_overlaps(reader: _Reader, topic_id: str, keywords: tuple[Concept, ...],
                    exclude: list[Exclusion]) -> None:
    """Reject a keyword listed twice, or listed both as keyword and as exclusion."""
    seen: dict[str, int] = {}
    for index, concept in enumerate(keywords):
        for term in concept.forms:
            if seen.get(term.folded, index) != index:
                other = keywords[seen[term.folded]].canonical
                raise reader.fail(f"{term.surface!r} is listed twice (under {other!r} and "
                                  f"{concept.canonical!r})", topic_id, "keywords")
            seen[term.folded] = index
    for ex in exclude:
        for term in ex.concept.forms:
            if term.folded in seen:
                raise reader.fail(f"{term.surface!r} is both a keyword and an exclusion", topic_id, "exclude",
                                  hint="a phrase cannot count for a topic and veto it")
