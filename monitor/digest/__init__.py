"""Digests: choose the period's articles, group them by topic, render, write."""

from monitor.digest.build import Digest, DigestItem, TopicSection, build_digest
from monitor.digest.render import render_digest, render_index
from monitor.digest.reports import write_report

__all__ = ["Digest", "DigestItem", "TopicSection", "build_digest", "render_digest", "render_index",
           "write_report"]
