"""One TOML config file: its data, its text, and the line of any key in it.

Every reader of monitor.toml and topics.toml places its errors through this one
line-finder and raises them through `ConfigFile.error`, so every problem reads the
same: `file:line: key: message (hint)`. The line is best effort (TOML gives lines
only for syntax errors): the line of `key = …` inside the right table, else the
table's header, else none.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from monitor.errors import ConfigError

# `[table]` or `[[table]]` (an array of tables) alone on its line: not a line of a list value
# such as `    ["AI", "인공지능"],` (require groups and rule parts are written like that).
HEADER_RE = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.-]+)\s*\]\]?\s*(?:#.*)?$")
TOML_LINE_RE = re.compile(r"at line (\d+)")
TYPE_NAMES = {str: "a string", int: "a whole number", bool: "true or false", list: "a list", float: "a number"}
Number = (int, float)
Check = Callable[[Any], str | None]  # None when the value is allowed, else what is allowed


@dataclass(frozen=True)
class ConfigFile:
    """A parsed TOML file with its text, for errors that name the line."""

    path: Path
    data: dict[str, Any]
    text: str = ""
    lines: list[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "lines", self.text.splitlines())

    @classmethod
    def read(cls, path: Path, *, missing: str = "file not found", hint: str | None = None) -> ConfigFile:
        """Parse `path`; ConfigError (with the line of a syntax error) when missing or malformed."""
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ConfigError(str(path), missing, hint=hint) from None
        except (OSError, UnicodeDecodeError) as e:
            raise ConfigError(str(path), f"cannot read the file: {e}") from e
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            match = TOML_LINE_RE.search(str(e))
            message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(e))
            raise ConfigError(str(path), f"TOML syntax error: {message}",
                              line=int(match.group(1)) if match else None) from e
        return cls(path, data, text)

    def line(self, table: str | None, key: str | None = None, index: int | None = None, *,
             needle: str | None = None, entry: int | None = None) -> int | None:
        """1-based line of `key = …` in `[table]` (in its `index`-th entry for `[[table]]`).

        `table` None searches the whole file (and a header named `key` counts). Inside the
        key's value (a list over several lines), `needle` picks the first line holding it,
        else `entry` the entry-th line that starts an inline table. When the key is absent:
        the table's header line; None when the table is absent too.
        """
        header, value = self._find(table, key, index)
        if not value:
            return header
        if needle:
            hit = next((n for n in value if needle in self.lines[n - 1]), None)
            if hit is not None:
                return hit
        if entry is not None:
            starts = [n for n in value if self.lines[n - 1].strip().startswith("{")
                      or self.lines[n - 1].split("=", 1)[-1].strip().startswith("{")]
            if entry < len(starts):
                return starts[entry]
        return value[0]

    def _find(self, table: str | None, key: str | None, index: int | None) -> tuple[int | None, list[int]]:
        """The table's header line, and the lines from `key = ` to the end of that table."""
        key_re = re.compile(rf"^\s*{re.escape(key)}\s*=") if key else None
        current: str | None = None
        count = -1
        header: int | None = None
        value: list[int] = []
        for number, text in enumerate(self.lines, start=1):
            match = HEADER_RE.match(text)
            if match:
                if value:
                    break  # the key's value ends with its table
                current = match.group(1)
                if current == table:
                    count += 1
                    if header is None and (index is None or count == index):
                        header = number
                elif table is None and key is not None and current.split(".")[-1] == key:
                    return number, []
                continue
            if table is not None and (current != table or (index is not None and count != index)):
                continue
            if value or (key_re is not None and key_re.match(text)):
                value.append(number)
        return header, value

    def error(self, message: str, *, key: str | None = None, line: int | None = None,
              hint: str | None = None) -> ConfigError:
        return ConfigError(str(self.path), message, key=key, line=line, hint=hint)


@dataclass(frozen=True, slots=True)
class Place:
    """Where a table sits in a ConfigFile: `label` names it in errors (`sources.feed[1]`)."""

    file: ConfigFile
    table: str | None
    label: str
    index: int | None = None

    def error(self, key: str | None, message: str, hint: str | None = None, *,
              line_key: str | None = None) -> ConfigError:
        """ConfigError for `key` of this table (`line_key`: the key whose line to show, when other)."""
        label = f"{self.label}.{key}" if key else self.label
        line = self.file.line(self.table, line_key or key, self.index)
        return self.file.error(message, key=label, line=line, hint=hint)

    def known_keys(self, table: Mapping[str, Any], allowed: Iterable[str], hint_prefix: str = "allowed") -> None:
        """An unknown key stops here, naming what is allowed."""
        allowed = tuple(allowed)
        for key in table:
            if key not in allowed:
                raise self.error(key, "unknown key", hint=f"{hint_prefix}: {', '.join(allowed)}")

    def value(self, table: Mapping[str, Any], key: str, kind: Any, default: Any, check: Check | None = None) -> Any:
        """`table[key]` checked for its type and by `check`, or `default` when absent."""
        if key not in table:
            return default
        value = table[key]
        # bool is an int in Python; a TOML `true` is never a number.
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            raise self.error(key, f"must be {type_name(kind)}, got {type(value).__name__}")
        problem = check(value) if check else None
        if problem:
            raise self.error(key, f"invalid value {value!r}", hint=f"allowed: {problem}")
        return value


def type_name(kind: Any) -> str:
    if kind == Number:
        return "a number"
    return TYPE_NAMES.get(kind, getattr(kind, "__name__", str(kind)))
