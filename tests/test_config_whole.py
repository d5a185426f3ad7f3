"""One Config: monitor.toml and topics.toml validated together, once, before any command does anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.cli import main
from monitor.config_file import ConfigFile

COMMANDS = [
    ["run", "--once"], ["ingest"], ["digest"], ["digest", "--preview"], ["status"], ["sources"], ["check-config"],
    ["analyze", "seeds"], ["explain", "seeds/002_406841c61750686d.txt"], ["reclassify"], ["refold"],
    ["topics", "suggest"],
]
BAD_FEED = '\n[[sources.feed]]\nurl = "https://a.example.kr/rss"\n\n[[sources.feed]]\nurl = "ftp://b.example.kr/rss"\n'


def append(path: Path, text: str) -> int:
    """Append `text` to the file; the line number its first non-empty line gets."""
    before = path.read_text(encoding="utf-8")
    path.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1 + (len(text) - len(text.lstrip("\n")))


def run(workdir: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def nothing_done(workdir: Path) -> bool:
    return not (workdir / "var").exists() and not (workdir / "reports").exists()


@pytest.mark.parametrize("argv", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_a_bad_source_stops_every_command_before_it_does_anything(
        workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    monkeypatch.chdir(workdir)
    settings = workdir / "config" / "monitor.toml"
    first = append(settings, BAD_FEED)
    code, out, err = run(workdir, capsys, *argv)
    assert (code, out) == (2, "")
    assert err == (f"monitor: error: {settings}:{first + 4}: sources.feed[1].url: invalid value "
                   "'ftp://b.example.kr/rss' (allowed: an http:// or https:// URL such as "
                   '"https://www.example.kr/rss.xml")\n')
    assert nothing_done(workdir)


@pytest.mark.parametrize("argv", [["status"], ["sources"], ["refold"]], ids=["status", "sources", "refold"])
def test_a_bad_topics_file_stops_the_commands_that_do_not_match_topics_too(
        workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    monkeypatch.chdir(workdir)
    append(workdir / "config" / "topics.toml", '\n[[topic]]\nid = "broken"\nname = "x"\nkeywords = ["@nope"]\n')
    code, _out, err = run(workdir, capsys, *argv)
    assert code == 2 and "topics.toml:" in err and "topic 'broken', field 'keywords'" in err
    assert nothing_done(workdir)


@pytest.mark.parametrize("argv", [["check-config"], ["run", "--once"], ["ingest"]],
                         ids=["check-config", "run", "ingest"])
def test_an_unsupported_database_is_refused_by_check_config_as_by_run(
        workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    monkeypatch.chdir(workdir)
    settings = workdir / "config" / "monitor.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace('"sqlite:///../var/monitor.db"', '"mysql://x"'),
                        encoding="utf-8")
    code, out, err = run(workdir, capsys, *argv)
    assert code == 2 and "ok" not in out
    assert "monitor.toml:" in err and "database.url: invalid value 'mysql://x'" in err
    assert "'mysql' databases are not supported" in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("argv", [["check-config"], ["run", "--once"], ["ingest"]],
                         ids=["check-config", "run", "ingest"])
def test_a_missing_inbox_is_an_error_for_check_config_run_and_ingest(
        workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    monkeypatch.chdir(workdir)
    (workdir / "seeds").rename(workdir / "elsewhere")
    code, out, err = run(workdir, capsys, *argv)
    assert (code, out) == (2, "")
    assert "monitor.toml:" in err and f"inbox.path: folder source 'inbox': {workdir / 'seeds'} does not exist" in err
    assert "(create it" in err and len(err.splitlines()) == 1
    assert nothing_done(workdir)


def test_a_missing_declared_folder_names_its_table(workdir: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(workdir)
    first = append(workdir / "config" / "monitor.toml",
                   '\n[[sources.folder]]\npath = "../seeds"\n\n[[sources.folder]]\npath = "../scans"\nname = "스캔"\n')
    code, _out, err = run(workdir, capsys, "check-config")
    assert code == 2
    scans = workdir / "scans"
    assert f"monitor.toml:{first + 4}: sources.folder[1].path: folder source '스캔': {scans} does not exist" in err


def test_status_still_reports_a_missing_inbox(workdir: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(workdir)
    (workdir / "seeds").rename(workdir / "elsewhere")
    code, out, _err = run(workdir, capsys, "status")
    assert code == 1 and f"inbox folder {workdir / 'seeds'} does not exist" in out


LINES = """top = 1
[inbox]
path = "x"   # [not] a header
[[sources.feed]]
url = "a"
[[sources.feed]]
name = "b"
require = [
    ["AI", "인공지능"],
    { term = "x" },
    { term = "y" },
]
[smtp]
host = "h"
"""


@pytest.mark.parametrize(
    ("table", "key", "index", "extra", "line"),
    [
        ("inbox", "path", None, {}, 3),
        ("sources.feed", "url", 0, {}, 5),
        ("sources.feed", "name", 1, {}, 7),
        ("sources.feed", "url", 1, {}, 6),  # absent in that entry: its header
        ("sources.feed", "require", 1, {"needle": "인공지능"}, 9),  # a list line is not a header
        ("sources.feed", "require", 1, {"entry": 1}, 11),
        ("sources.feed", "require", 1, {"needle": "none", "entry": 0}, 10),
        ("smtp", "host", None, {}, 14),
        (None, "smtp", None, {}, 13),  # a section by name
        (None, "top", None, {}, 1),
        ("nowhere", "key", None, {}, None),
    ],
)
def test_the_one_line_finder(table: str | None, key: str, index: int | None, extra: dict[str, object],
                             line: int | None) -> None:
    assert ConfigFile(Path("monitor.toml"), {}, LINES).line(table, key, index, **extra) == line  # type: ignore[arg-type]
