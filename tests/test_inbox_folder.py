"""The inbox folder: encodings decoded right, undecodable files skipped and counted."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.errors import SourceError
from monitor.sources.folder import decode_bytes, read_document, scan_folder

KOREAN = "전북특별자치도는 전기굴착기 구매 지원사업을 추진한다고 13일 밝혔다."


@pytest.mark.parametrize(
    ("data", "codec"),
    [
        (KOREAN.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + KOREAN.encode("utf-8"), "utf-8-sig"),
        (KOREAN.encode("euc-kr"), "cp949"),
        (KOREAN.encode("cp949"), "cp949"),
        ("똠방각하 햏".encode("cp949"), "cp949"),  # CP949-only syllables, outside EUC-KR
        (KOREAN.encode("utf-16"), "utf-16"),
    ],
)
def test_decodes_korean_encodings(data: bytes, codec: str) -> None:
    text, used = decode_bytes(data, "x.txt")
    assert used == codec
    assert text.lstrip("\ufeff") in (KOREAN, "똠방각하 햏")


def test_undecodable_bytes_raise_naming_the_source() -> None:
    with pytest.raises(SourceError, match=r"^bad.txt: cannot be decoded as UTF-8 or CP949"):
        decode_bytes(b"\xff\xff\xfe\x80\x81\xc8", "bad.txt")


def test_scan_skips_and_counts_bad_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(KOREAN, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(KOREAN.encode("cp949"))
    (tmp_path / "c.txt").write_bytes(b"\x80\x81\xc8\xff\xfe\xff")
    (tmp_path / "notes.md").write_text("not an inbox file", encoding="utf-8")
    scan = scan_folder(tmp_path)
    assert [d.name for d in scan.documents] == ["a.txt", "b.txt"]
    assert scan.documents[0].content_hash == scan.documents[1].content_hash  # same text, same identity
    assert scan.failures == [f"{tmp_path / 'c.txt'}: cannot be decoded as UTF-8 or CP949/EUC-KR (save it as UTF-8)"]


def test_missing_inbox_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="inbox folder does not exist"):
        scan_folder(tmp_path / "nope")


def test_read_document_keeps_the_label_given(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text(KOREAN, encoding="utf-8")
    doc = read_document(path, source="inbox/x.txt")
    assert doc.source == "inbox/x.txt" and doc.name == "x.txt" and doc.text == KOREAN
