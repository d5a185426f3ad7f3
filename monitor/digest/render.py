"""Render digests and the report index with Jinja2 (autoescape on, StrictUndefined)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from monitor import __version__
from monitor.digest.build import Digest
from monitor.logs import escape_controls_in_page
from monitor.store import StoredDigest

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"  # shipped inside the package


@cache
def environment(templates_dir: Path = TEMPLATES_DIR) -> Environment:
    env = Environment(
        loader=FileSystemLoader(templates_dir),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # Names and errors quoted from outside (file names, feed titles) may hold control
        # characters; none reaches a page or an email unescaped.
        finalize=_without_controls,
    )
    env.filters["localtime"] = _localtime
    env.filters["basename"] = lambda path: Path(path).name
    env.globals["version"] = __version__
    return env


def _without_controls(value: object) -> object:
    if isinstance(value, Markup):  # already safe HTML: its escapes are plain ASCII, it stays Markup
        return Markup(escape_controls_in_page(str(value)))
    return escape_controls_in_page(value) if isinstance(value, str) else value


def _localtime(moment: datetime | None, timezone: str, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return "" if moment is None else moment.astimezone(ZoneInfo(timezone)).strftime(fmt)


def render_digest(digest: Digest, *, index_href: str | None = "index.html") -> str:
    """The digest as a standalone HTML page."""
    return environment().get_template("digest.html").render(digest=digest, index_href=index_href)


def render_index(digests: Sequence[StoredDigest], timezone: str) -> str:
    """reports/index.html: every digest written so far, newest first."""
    return environment().get_template("index.html").render(digests=digests, timezone=timezone)
