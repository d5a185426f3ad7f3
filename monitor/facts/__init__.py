"""Facts read out of an article: amounts of money (in won, with their kind) and regions.

    money    find_amounts: 62억원 -> 6200000000, kind 국비/도비/시비/…/total, 최대 kept
    regions  find_regions: 광역/기초 units folded to canonical names (regions.toml), main first
"""

from __future__ import annotations

from dataclasses import dataclass

from monitor.facts.money import Amount, find_amounts, parse_amount
from monitor.facts.regions import Region, find_regions, load_regions
from monitor.models import Article

__version__ = "0.1.0"

__all__ = ["Amount", "Facts", "Region", "__version__", "article_facts", "find_amounts", "find_regions",
           "load_regions", "parse_amount"]


@dataclass(frozen=True, slots=True)
class Facts:
    amounts: tuple[Amount, ...]
    regions: tuple[Region, ...]  # the main region first

    @property
    def main_region(self) -> Region | None:
        return self.regions[0] if self.regions else None


def article_facts(article: Article) -> Facts:
    """Amounts and regions of one article; the headline counts for both (and weighs for the main region)."""
    lines = [article.headline or "", *article.subheadlines, article.text]
    return Facts(tuple(find_amounts("\n\n".join(line for line in lines if line))),
                 tuple(find_regions(article.text, headline=article.headline)))
