"""`[sources]` in monitor.toml: typed sources, and one-line errors naming file, key and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from monitor.configuration import load_config
from monitor.errors import ConfigError
from monitor.sources.config import FeedSource, FolderSource
from tests.conftest import CONFIG, RunCli, default_topics

GOOD = """
[sources]
max_bytes = 2000000
failing_after = 7200

[[sources.folder]]
path = "inbox"
name = "받은 편지함"

[[sources.feed]]
url = "https://www.jeonbuk.go.kr/rss.xml"
name = "전북도청"
interval = 1800
encoding = "EUC-KR"

[[sources.feed]]
url = "http://news.example.kr/rss"
"""


def write(tmp_path: Path, sources: str) -> Path:
    directory = tmp_path / "config"
    shutil.copytree(CONFIG, directory)
    path = directory / "monitor.toml"
    path.write_text(path.read_text(encoding="utf-8") + sources, encoding="utf-8")
    return directory


def test_valid_sources_become_typed_objects(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD), topics=default_topics()).sources
    assert config.feeds == (
        FeedSource("https://www.jeonbuk.go.kr/rss.xml", "전북도청", 1800, "cp949"),
        FeedSource("http://news.example.kr/rss", "news.example.kr/rss", 300, None),  # interval: the poll interval
    )
    # Relative to the folder holding monitor.toml, whatever the working folder.
    assert config.folders == (FolderSource(tmp_path / "config" / "inbox", "받은 편지함"),)
    assert config.fetch.max_bytes == 2_000_000 and config.failing_after == 7200


def test_no_folder_declared_means_the_inbox(tmp_path: Path) -> None:
    whole = load_config(write(tmp_path, ""), topics=default_topics())
    settings, config = whole.settings, whole.sources
    assert config.folders == (FolderSource(settings.inbox, "inbox"),) and config.feeds == ()


FEED_HEAD = '\n[[sources.feed]]\nurl = "https://a.example.kr/rss"\n\n[[sources.feed]]\n'


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (FEED_HEAD + 'url = "ftp://b.example.kr/rss"\n',
         r"monitor.toml:\d+: sources.feed\[1\].url: invalid value 'ftp://b.example.kr/rss' "
         r"\(allowed: an http:// or https:// URL"),
        (FEED_HEAD + 'url = "https://b.example.kr/rss"\ncolour = "red"\n',
         r"monitor.toml:\d+: sources.feed\[1\].colour: unknown key \(allowed: url, name, interval, encoding, "
         r"fetch_full_text, full_text_limit\)"),
        (FEED_HEAD + 'url = "https://b.example.kr/rss"\ninterval = "30m"\n',
         r"monitor.toml:\d+: sources.feed\[1\].interval: must be a whole number, got str"),
        (FEED_HEAD + 'url = "https://b.example.kr/rss"\ninterval = true\n',
         r"sources.feed\[1\].interval: must be a whole number, got bool"),
        (FEED_HEAD + 'url = "https://b.example.kr/rss"\ninterval = 5\n',
         r"sources.feed\[1\].interval: invalid value 5 \(allowed: a whole number of seconds from 60 to 2592000\)"),
        (FEED_HEAD + 'url = "https://b.example.kr/rss"\nencoding = "klingon"\n',
         r"sources.feed\[1\].encoding: invalid value 'klingon'"),
        (FEED_HEAD + 'url = "https://b.example.kr/rss"\nfetch_full_text = "yes"\n',
         r"sources.feed\[1\].fetch_full_text: must be true or false, got str"),
        (FEED_HEAD + 'url = "https://b.example.kr/rss"\nfull_text_limit = 0\n',
         r"sources.feed\[1\].full_text_limit: invalid value 0 \(allowed: a whole number from 1 to 1000\)"),
        (FEED_HEAD + 'name = "no url"\n', r"sources.feed\[1\]: missing required key 'url'"),
        (FEED_HEAD + 'url = "https://a.example.kr/rss"\n', r"sources.feed.url: duplicate url"),
        ('\n[sources]\nmax_bytes = "big"\n', r"monitor.toml:\d+: sources.max_bytes: must be a whole number, got str"),
        ('\n[sources]\nfeed = "https://a.example.kr/rss"\n', r"sources.feed: must be written as \[\[sources.feed\]\]"),
        ('\n[[sources.folder]]\nname = "x"\n', r"sources.folder\[0\]: missing required key 'path'"),
    ],
)
def test_bad_sources_raise_one_line_config_errors(tmp_path: Path, toml: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        load_config(write(tmp_path, toml), topics=default_topics())
    assert "\n" not in str(caught.value) and caught.value.exit_code == 2


def test_error_points_at_the_line_of_the_right_table(tmp_path: Path) -> None:
    directory = write(tmp_path, FEED_HEAD + 'url = "https://b.example.kr/rss"\ninterval = "x"\n')
    lines = (directory / "monitor.toml").read_text(encoding="utf-8").splitlines()
    with pytest.raises(ConfigError) as caught:
        load_config(directory, topics=default_topics())
    assert caught.value.line is not None and lines[caught.value.line - 1] == 'interval = "x"'


def test_cli_exits_2_with_one_line(run_cli: RunCli, tmp_path: Path) -> None:
    directory = write(tmp_path, FEED_HEAD + 'url = "not a url"\n')
    result = run_cli("check-config", "--config", str(directory), cwd=tmp_path, timeout=120)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "sources.feed[1].url: invalid value 'not a url'" in result.stderr
