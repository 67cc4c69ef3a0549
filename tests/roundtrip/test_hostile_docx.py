"""A returned DOCX is hostile until proved otherwise: each bad kind gets a message, exit 1, nothing written."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest

from pitch.cli import main
from pitch.roundtrip import docx_file

DOCX = "build/tiny-pitch-v0.1.0.docx"


@pytest.fixture
def project(built_minimal: Path, tmp_path: Path) -> Path:
    """A copy of the built minimal project."""
    root = tmp_path / "project"
    shutil.copytree(built_minimal, root)
    return root


def rewrite_part(source: Path, target: Path, name: str, change: object) -> Path:
    """A copy of a DOCX with one part's bytes passed through `change`."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for entry in old.infolist():
            data = old.read(entry)
            new.writestr(entry, change(data) if entry.filename == name else data)  # type: ignore[operator]
    return target


def import_fails(project: Path, reviewed: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Run the import; assert exit 1 and unchanged inputs and no review file; return stderr."""
    before = {path: path.read_bytes() for path in (project / "inputs").rglob("*.yaml")}
    assert main(["import", str(reviewed), str(project), "--apply"]) == 1
    assert before == {path: path.read_bytes() for path in (project / "inputs").rglob("*.yaml")}
    assert not list((project / "build").glob("review-*"))
    return capsys.readouterr().err


def test_a_file_that_is_not_a_zip_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake = project / "reviewed.docx"
    fake.write_text("Dear team, my edits are below.", encoding="utf-8")
    assert "this is not a Word file (a .docx is a zip archive, and this is not one)" in \
        import_fails(project, fake, capsys)


def test_a_zip_bomb_stops_before_it_expands(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(docx_file, "MAX_PART_BYTES", 2 * 1024 * 1024)
    bomb = rewrite_part(project / DOCX, project / "reviewed.docx", "word/document.xml",
                        lambda data: data + b" " * (8 * 1024 * 1024))
    assert bomb.stat().st_size < 1024 * 1024  # 8 MB of document in well under 1 MB of file
    assert "the part word/document.xml expands to more than 2 MB (a zip bomb?)" in \
        import_fails(project, bomb, capsys)


def test_a_part_that_expands_far_beyond_its_compressed_size_is_refused(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = rewrite_part(project / DOCX, project / "reviewed.docx", "word/styles.xml",
                        lambda data: data + b"\n" * (3 * 1024 * 1024))
    assert "word/styles.xml expands to more than 200 times its compressed size (a zip bomb?)" in \
        import_fails(project, bomb, capsys)


def test_an_oversized_file_is_refused_unread(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = project / "reviewed.docx"
    shutil.copy(project / DOCX, huge)
    with huge.open("r+b") as stream:
        stream.truncate(docx_file.MAX_FILE_BYTES + 1)
    assert "a DOCX to import may be at most 50 MB" in import_fails(project, huge, capsys)


@pytest.mark.parametrize("declaration", [
    b'<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>',
    b'<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>',
])
def test_external_entities_and_entity_expansion_are_refused(
    project: Path, capsys: pytest.CaptureFixture[str], declaration: bytes
) -> None:
    def add_entities(data: bytes) -> bytes:
        head, _, rest = data.partition(b"?>")
        return head + b"?>" + declaration + rest.replace(b"<w:t>", b"<w:t>&b;&secret;", 1)
    hostile = rewrite_part(project / DOCX, project / "reviewed.docx", "word/document.xml",
                           add_entities)
    assert "the part word/document.xml declares a DTD or entities, which a Word file never " \
        "needs (an XML entity attack?)" in import_fails(project, hostile, capsys)


def test_a_docx_that_pitch_did_not_build_is_refused(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = project / "reviewed.docx"
    document = docx.Document()
    document.add_paragraph("We share what we make.")
    document.save(str(other))
    assert "this DOCX was not built by pitch, or its build record was removed" in \
        import_fails(project, other, capsys)


def test_a_docx_whose_marks_were_stripped_is_refused(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stripped = rewrite_part(project / DOCX, project / "reviewed.docx", "word/document.xml",
                            lambda data: re.sub(rb"<w:bookmark(Start|End) [^>]*/>", b"", data))
    assert "the marks that tie the text to the inputs were removed from this DOCX" in \
        import_fails(project, stripped, capsys)
