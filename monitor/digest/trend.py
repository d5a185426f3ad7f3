"""Stories per topic over the last digests: an inline SVG chart for the index, bar rows for the email.

Drawn from the counts each digest recorded (`digests.topic_counts`), oldest period
on the left. Both are plain markup: nothing is fetched, no script runs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from monitor.store import StoredDigest

TREND_PERIODS = 12  # periods shown: two weeks of a weekday digest, a quarter of a weekly one
# Distinct in light and dark mode alike (mid-tone, no near-white or near-black).
COLOURS = ("#2563eb", "#d97706", "#059669", "#db2777", "#7c3aed", "#0891b2", "#65a30d", "#dc2626")
BAR_HEIGHT = 20  # px of the tallest bar in the email


@dataclass(frozen=True, slots=True)
class Series:
    topic_id: str
    name: str
    counts: tuple[int, ...]  # stories per period, oldest first
    colour: str

    @property
    def count(self) -> int:
        """The newest period's."""
        return self.counts[-1] if self.counts else 0


def series(digests: Sequence[StoredDigest], topics: Sequence[tuple[str, str]],
           current: Mapping[str, int] | None = None, periods: int = TREND_PERIODS) -> list[Series]:
    """One series per topic over the newest `periods` digests (`digests` newest first, as listed).

    `current` is a period not recorded yet (the email being built), appended as the newest.
    """
    history = [d.topic_counts for d in reversed(digests[: periods - (current is not None)])]
    if current is not None:
        history.append(current)
    return [Series(tid, name, tuple(int(counts.get(tid, 0)) for counts in history), COLOURS[n % len(COLOURS)])
            for n, (tid, name) in enumerate(topics)]


def bar_heights(all_series: Sequence[Series]) -> list[tuple[Series, tuple[int, ...]]]:
    """Each series with its bars' heights in px (1 px for an empty period, so the row stays visible)."""
    top = max((c for s in all_series for c in s.counts), default=0) or 1
    return [(s, tuple(max(1, round(c * BAR_HEIGHT / top)) for c in s.counts)) for s in all_series]


LEGEND_PER_ROW = 3


def svg_chart(all_series: Sequence[Series], labels: Sequence[str], width: int = 720) -> Markup:
    """A line per topic, a legend below; `labels` name the periods (oldest first)."""
    if not all_series or not labels:
        return Markup("")
    left, right, top, plot_h = 36, 12, 12, 130
    height = top + plot_h + 30 + -(-len(all_series) // LEGEND_PER_ROW) * 18
    plot_w = width - left - right
    peak = max((c for s in all_series for c in s.counts), default=0) or 1
    step = plot_w / max(1, len(labels) - 1)

    def x(i: int) -> float:
        return left + (i * step if len(labels) > 1 else plot_w / 2)

    def y(c: int) -> float:
        return top + plot_h - c * plot_h / peak

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'aria-labelledby="trend-title">'
             f'<title id="trend-title">주제별 이야기 수 추이 (최근 {len(labels)}회)</title>',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#9ca3af"/>',
             f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" font-size="11" fill="#6b7280">{peak}</text>',
             f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" font-size="11" fill="#6b7280">0</text>']
    for i in (0, len(labels) - 1) if len(labels) > 1 else (0,):
        anchor = "start" if i == 0 and len(labels) > 1 else "end" if i else "middle"
        parts.append(f'<text x="{x(i):.1f}" y="{top + plot_h + 16}" text-anchor="{anchor}" font-size="11" '
                     f'fill="#6b7280">{escape(labels[i])}</text>')
    for s in all_series:
        points = " ".join(f"{x(i):.1f},{y(c):.1f}" for i, c in enumerate(s.counts))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{s.colour}" stroke-width="2" '
                     f'data-topic="{escape(s.topic_id)}"/>')
        parts.extend(f'<circle cx="{x(i):.1f}" cy="{y(c):.1f}" r="2.5" fill="{s.colour}"/>'
                     for i, c in enumerate(s.counts))
    per_row = LEGEND_PER_ROW
    for n, s in enumerate(all_series):
        lx, ly = left + (n % per_row) * (plot_w / per_row), top + plot_h + 36 + (n // per_row) * 18
        parts.append(f'<rect x="{lx:.1f}" y="{ly - 9}" width="10" height="10" fill="{s.colour}"/>'
                     f'<text x="{lx + 14:.1f}" y="{ly}" font-size="12" fill="currentColor">{escape(s.name)} '
                     f'({s.count})</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
