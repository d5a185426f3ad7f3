"""Render digests and the report index with Jinja2 (autoescape on, StrictUndefined)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from monitor import __version__
from monitor.digest import trend
from monitor.digest.build import Digest
from monitor.gc_pause import paused_gc
from monitor.logs import escape_controls_in_page
from monitor.store import StoredDigest

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"  # shipped inside the package
OTHER_COLLAPSED = 5  # headlines of the 기타 section shown when it is collapsed
MARK_RE = re.compile(r"</?mark>")


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
    env.filters["plain"] = plain
    env.globals["version"] = __version__
    env.globals["other_collapsed"] = OTHER_COLLAPSED
    return env


def _without_controls(value: object) -> object:
    if isinstance(value, Markup):  # already safe HTML: its escapes are plain ASCII, it stays Markup
        return Markup(escape_controls_in_page(str(value)))
    return escape_controls_in_page(value) if isinstance(value, str) else value


def _localtime(moment: datetime | None, timezone: str, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return "" if moment is None else moment.astimezone(ZoneInfo(timezone)).strftime(fmt)


def plain(html: Markup) -> str:
    """A highlighted summary as text: each <mark>word</mark> as *word*, entities decoded."""
    return Markup(MARK_RE.sub("*", str(html))).striptags()


def render_digest(digest: Digest, *, index_href: str | None = "index.html") -> str:
    """The digest as a standalone HTML page."""
    with paused_gc():
        return environment().get_template("digest.html").render(digest=digest, index_href=index_href)


def render_index(digests: Sequence[StoredDigest], timezone: str, topics: Sequence[tuple[str, str]] = ()) -> str:
    """reports/index.html: every digest written so far, newest first, with stories per topic and a trend.

    `topics` are (id, name) in config order; a chart is drawn per digest name over its last periods.
    """
    charts = []
    for name in dict.fromkeys(d.name for d in digests):
        mine = [d for d in digests if d.name == name][: trend.TREND_PERIODS]
        labels = [_localtime(d.period_end, timezone, "%m-%d %H:%M") for d in reversed(mine)]
        charts.append((name, trend.svg_chart(trend.series(mine, topics), labels), len(mine)))
    return environment().get_template("index.html").render(digests=digests, timezone=timezone, topics=topics,
                                                           charts=charts)
