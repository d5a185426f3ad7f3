"""Hostile names in the inbox: links out of it are refused, names cannot forge log lines or HTML."""

from __future__ import annotations

import logging
from pathlib import Path

from markupsafe import Markup

from monitor.digest.render import environment
from monitor.logs import OneLineFormatter, escape_controls
from monitor.sources.folder import scan_folder
from tests.conftest import RunCli

KOREAN = "전북특별자치도는 전기굴착기 구매 지원사업을 추진한다고 13일 밝혔다."
FORGED = "a\r\n2026-01-01 00:00:00,000 ERROR monitor: forged\x1b[2J.txt"


def test_a_link_out_of_the_inbox_is_refused_and_named(tmp_path: Path) -> None:
    inbox, outside = tmp_path / "inbox", tmp_path / "private.txt"
    inbox.mkdir()
    outside.write_text("비밀 " + KOREAN, encoding="utf-8")
    (inbox / "a.txt").write_text(KOREAN, encoding="utf-8")
    (inbox / "passwd.txt").symlink_to(outside)
    (inbox / "b.txt").symlink_to(inbox / "a.txt")  # a link that stays inside is an ordinary file
    scan = scan_folder(inbox)
    assert [d.name for d in scan.documents] == ["a.txt", "b.txt"]
    assert len(scan.failures) == 1
    assert scan.failures[0].startswith(f"{inbox / 'passwd.txt'}: links outside the inbox (to {outside})")


def test_ingest_reports_the_refused_link_and_stores_the_rest(run_cli: RunCli, workdir: Path, tmp_path: Path) -> None:
    outside = tmp_path / "private.txt"
    outside.write_text(KOREAN, encoding="utf-8")
    (workdir / "seeds" / "zz_passwd.txt").symlink_to(outside)
    done = run_cli("ingest", cwd=workdir)
    assert done.returncode == 1, done.stderr  # some input was skipped
    assert "zz_passwd.txt: links outside the inbox" in done.stderr
    again = run_cli("analyze", "seeds", cwd=workdir)
    assert "zz_passwd.txt" not in again.stdout


def test_a_file_name_cannot_start_a_log_line(run_cli: RunCli, workdir: Path) -> None:
    (workdir / "seeds" / FORGED).write_bytes(b"\x80\x81\xc8\xff\xfe\xff")  # undecodable: logged as skipped
    done = run_cli("ingest", cwd=workdir)
    assert "\x1b" not in done.stderr and "\r" not in done.stderr
    skipped = [line for line in done.stderr.splitlines() if "skipped" in line]
    assert len(skipped) == 1 and "forged" in skipped[0] and "\\r\\n" in skipped[0] and "\\x1b[2J" in skipped[0]
    assert not any(line.startswith("2026-01-01") for line in done.stderr.splitlines())


def test_the_formatter_escapes_the_message_not_the_format() -> None:
    record = logging.LogRecord("monitor", logging.WARNING, __file__, 1, "skipped %s", (FORGED,), None)
    line = OneLineFormatter("%(levelname)s %(message)s").format(record)
    assert "\n" not in line and line.startswith("WARNING skipped a\\r\\n2026")
    assert escape_controls("gauche\u202eevil\u2028x") == "gauche\\u202eevil\\u2028x"


def test_pages_show_control_characters_escaped() -> None:
    env = environment()
    assert env.from_string("<p>{{ name }}</p>").render(name="a\x1b[31mb") == "<p>a\\x1b[31mb</p>"
    assert env.from_string("{{ text }}").render(text="첫 문단\n\n둘째\t문단") == "첫 문단\n\n둘째\t문단"
    assert env.from_string("{{ html }}").render(html=Markup("<b>굵게\x07</b>")) == "<b>굵게\\x07</b>"
