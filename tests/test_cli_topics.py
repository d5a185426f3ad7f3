"""`monitor explain` and `monitor reclassify` as a user runs them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.conftest import RunCli

SEED_000 = "seeds/000_0a4d32020e7abde5.txt"

QUAKE_TOPIC = '''
[[topic]]
id = "quakes"
name = "지진"
keywords = [{ term = "지진", weight = 4 }]
'''


def test_explain_shows_score_keywords_and_near_misses(run_cli: RunCli, workdir: Path) -> None:
    result = run_cli("explain", SEED_000, "--topic", "env_subsidies", cwd=workdir)
    assert result.returncode == 0, result.stderr
    blocks = [b for b in result.stdout.split("\n\n") if b.strip()]
    assert len(blocks) == 4  # one per article of the page
    excavator = blocks[1]
    assert "env_subsidies" in excavator and "accepted" in excavator
    assert "≥ 4" in excavator and "[전기굴착기]" in excavator and "headline" in excavator
    assert "missing required" in blocks[3]  # the earthquake article: what it lacked
    assert "ai_hubs" not in result.stdout  # --topic limits the explanation


def test_explain_unknown_topic_is_usage_error(run_cli: RunCli, workdir: Path) -> None:
    result = run_cli("explain", SEED_000, "--topic", "weather", cwd=workdir)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("monitor: error: --topic weather: no such topic")


def topics_of(workdir: Path, headline_part: str) -> set[str]:
    with sqlite3.connect(workdir / "var" / "monitor.db") as conn:
        rows = conn.execute("select m.topic_id from topic_matches m join articles a on a.id = m.article_id "
                            "where a.headline like ?", (f"%{headline_part}%",)).fetchall()
    return {row[0] for row in rows}


def test_reclassify_files_stored_articles_under_changed_topics(run_cli: RunCli, workdir: Path) -> None:
    assert run_cli("ingest", cwd=workdir).returncode == 0
    assert topics_of(workdir, "일상생활") == set()
    topics = workdir / "config" / "topics.toml"
    topics.write_text(topics.read_text(encoding="utf-8") + QUAKE_TOPIC, encoding="utf-8")
    result = run_cli("reclassify", cwd=workdir)
    assert result.returncode == 0, result.stderr
    assert "1 changed topics" in result.stdout
    assert topics_of(workdir, "일상생활") == {"quakes"}
    assert "smart_cities" in topics_of(workdir, "거점형 스마트시티")  # the others keep theirs
    again = run_cli("reclassify", cwd=workdir)
    assert "0 changed topics" in again.stdout


def test_check_config_names_file_line_and_field_of_a_bad_rule(run_cli: RunCli, workdir: Path) -> None:
    topics = workdir / "config" / "topics.toml"
    lines = topics.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith('{ name = "친환경차 구매보조금"'))
    lines[at] = lines[at].replace('all = ["@green_vehicle"', 'all = ["@green_vehicles"')
    topics.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("check-config", cwd=workdir)
    assert result.returncode == 2
    message = result.stderr.strip()
    assert "\n" not in message
    assert message.startswith("monitor: error: ") and message.endswith(")"), message
    assert (f"config/topics.toml:{at + 1}: topic 'env_subsidies', field 'rules': "
            "unknown synonym group '@green_vehicles'") in message
