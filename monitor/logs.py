"""Log lines that cannot be forged: what a record quotes is escaped, one record is one line.

File names, feed titles and server replies reach log messages verbatim. A name holding CR/LF
would start a fake log line and an ESC sequence would rewrite the terminal, so every control
character (C0, DEL, C1), the Unicode line and paragraph separators and the bidi overrides in a
record's message are shown escaped (`\\n`, `\\x1b`, `\\u202e`). Tracebacks (with -v) are ours and
keep their lines.
"""

from __future__ import annotations

import logging
import re
import sys

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# The same, less the newline and tab that paragraphs of text in a page legitimately hold.
_UNSAFE_IN_PAGE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def escape_controls(text: str) -> str:
    """`text` with every character that could break or fake a line shown as an escape."""
    return _UNSAFE.sub(_escaped, text)


def escape_controls_in_page(text: str) -> str:
    """Like `escape_controls`, but newlines and tabs stay (for values written into HTML)."""
    return _UNSAFE_IN_PAGE.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or char.encode("unicode_escape").decode("ascii")


class OneLineFormatter(logging.Formatter):
    """A Formatter whose message part is escaped by `escape_controls`."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        return escape_controls(super().formatMessage(record))


def configure(level: int) -> None:
    """Send monitor's log to stderr, one escaped line per record."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(OneLineFormatter(LOG_FORMAT))
    logging.basicConfig(level=level, handlers=[handler])
