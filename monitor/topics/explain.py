"""Explain, in plain text, why an article did or did not get each topic.

Used by `monitor explain FILE [--topic ID]`. For each topic: the verdict, the score
against `min_score`, each matched keyword with where it was found (headline/body), how
often, its points and a snippet; for a topic that was not accepted, what stood in the way
(an exclusion that vetoed it, a require group that found nothing, or too low a score).
Each rule that fired is shown with the window it fired in; a rule that found some of its
parts is shown as a near-miss with what was missing or too far apart.

    ai_hubs (AI 집적단지·데이터센터): accepted, score 24 ≥ 4
      + AI 집적단지  body ×14  +9  …2단계 진입 시급하다[AI집적단지]1단계 2024년…
"""

from __future__ import annotations

from monitor.models import Article
from monitor.topics.scoring import TopicResult
from monitor.topics.topicset import TopicSet


def _verdict(result: TopicResult) -> str:
    topic = result.topic
    head = f"{topic.id} ({topic.name}): "
    compare = f"score {result.score:g} {'≥' if result.score >= topic.min_score else '<'} {topic.min_score:g}"
    if result.accepted:
        return f"{head}accepted, {compare}"
    if not result.evidence and result.veto is None and not result.rules:
        return f"{head}not matched, no keyword found"
    return f"{head}rejected, {compare}"


MAX_FORMS_SHOWN = 8  # of a require group; the rest is counted


def _shorten(group: str) -> str:
    forms = group.split(" | ")
    if len(forms) <= MAX_FORMS_SHOWN:
        return group
    return " | ".join(forms[:MAX_FORMS_SHOWN]) + f" | … ({len(forms) - MAX_FORMS_SHOWN} more)"


def _reasons(result: TopicResult) -> list[str]:
    """Why a topic that found something was still rejected."""
    reasons: list[str] = []
    if result.veto is not None:
        v = result.veto
        reasons.append(f"vetoed by exclusion {v.exclusion.concept.canonical!r} in the {v.field}: {v.snippet}")
    reasons.extend(f"missing required: one of {_shorten(group)}" for group in result.missing)
    if result.score < result.topic.min_score and (result.evidence or result.veto or result.rules):
        short = result.topic.min_score - result.score
        reasons.append(f"needs {short:g} more points to reach min_score {result.topic.min_score:g}")
    return reasons


def explain_result(result: TopicResult) -> list[str]:
    """Lines for one topic: verdict, evidence, and the reasons it was not accepted."""
    lines = [_verdict(result)]
    for ev in result.evidence:
        where = "  ".join(p for p in ("headline" if ev.headline else "",
                                      f"body ×{ev.body}" if ev.body else "") if p)
        lines.append(f"  + {ev.concept.canonical}  {where}  +{ev.points:g}  {ev.snippet}")
    lines.extend(f"  + {rule.line()}" for rule in result.rules if rule.fired)
    lines.extend(f"  ~ near-miss {rule.line()}" for rule in result.rules if not rule.fired)
    if not result.accepted:
        lines.extend(f"  - {reason}" for reason in _reasons(result))
    return lines


def explain_article(topics: TopicSet, article: Article, topic_id: str | None = None) -> str:
    """A human-readable account of how `article` was classified.

    With `topic_id`, only that topic (KeyError for an unknown id); without, every topic,
    accepted ones first.
    """
    results = topics.analyze(article)
    if topic_id is not None:
        topics.get(topic_id)  # raises KeyError naming the known ids
        results = [r for r in results if r.topic.id == topic_id]
    else:
        results.sort(key=lambda r: (not r.accepted, not (r.evidence or r.rules), -r.score))
    title = article.headline or article.text.strip().split("\n", 1)[0][:60]
    lines = [f"{article.source}#{article.index}: {title}"]
    for result in results:
        lines.extend("  " + line for line in explain_result(result))
    return "\n".join(lines)
