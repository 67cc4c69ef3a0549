"""`pitch verify`: which version, date, DOI and inputs a built file came from, and whether it changed."""

from __future__ import annotations

import hashlib
import io
import shutil
from pathlib import Path

import docx
import pytest
from pypdf import PdfWriter

from pitch.build import output_names
from pitch.cli import main
from pitch.project import Project
from pitch.versions.embedded import read_embedded_metadata
from pitch.versions.verify import compare_inputs, find_project, verify_file

REPO_ROOT = Path(__file__).resolve().parents[2]
NAMES = output_names("tiny-pitch", "0.1.0")
DOI_LINK = "https://doi.org/10.1234/tiny.5678"


@pytest.fixture
def built(built_minimal: Path) -> Path:
    """The minimal project, built once; tests that change it work on a copy."""
    return built_minimal


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    """A copy of the built project, free to change."""
    copy = tmp_path / "project"
    shutil.copytree(built, copy)
    return copy


def _verify(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = main(["verify", str(path), *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_pdf_carries_its_version_date_and_doi(built: Path) -> None:
    metadata = read_embedded_metadata(built / "build" / NAMES["pitch_pdf"])
    assert (metadata.kind, metadata.version, metadata.date, metadata.doi) == (
        "PDF", "0.1.0", "2026-01-15", "10.1234/tiny.5678")
    assert metadata.title == "A Tiny Pitch"


def test_the_docx_carries_its_version_date_and_doi(built: Path) -> None:
    metadata = read_embedded_metadata(built / "build" / NAMES["pitch_docx"])
    assert (metadata.kind, metadata.version, metadata.date, metadata.doi) == (
        "DOCX", "0.1.0", "2026-01-15", "10.1234/tiny.5678")


@pytest.mark.parametrize("output", ["pitch_pdf", "summary_pdf", "pitch_docx"])
def test_a_built_file_names_its_version_date_doi_and_input_hashes(
    built: Path, output: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _verify(built / "build" / NAMES[output], capsys)
    assert (code, err) == (0, "")
    headline = out.splitlines()[0]
    assert "unchanged since it was built" in headline
    assert f"version 0.1.0, dated 2026-01-15, DOI {DOI_LINK}" in headline
    assert f"{_sha256(built / 'inputs' / 'asks.yaml')}  inputs/asks.yaml\n" in out
    assert f"{_sha256(built / 'templates' / 'pitch.css')}  templates/pitch.css\n" in out
    assert "build/manifest.json" in out
    assert out.rstrip().endswith("the project's current inputs still match")


def test_changed_and_added_inputs_are_named(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with (project / "inputs" / "asks.yaml").open("a") as stream:
        stream.write("# a later edit\n")
    (project / "templates" / "extra.css").write_text("p { color: black; }\n")
    code, out, _ = _verify(project / "build" / NAMES["pitch_pdf"], capsys)
    assert code == 0
    assert "inputs/asks.yaml  (changed since)" in out
    assert ("the project's inputs have changed since: inputs/asks.yaml (changed), "
            "templates/extra.css (added)") in out


def test_a_file_changed_after_the_build_cannot_be_placed(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = project / "build" / NAMES["pitch_pdf"]
    pdf.write_bytes(pdf.read_bytes() + b"\n% edited\n")
    code, out, err = _verify(pdf, capsys)
    assert (code, out) == (1, "")
    assert err.count("\n") == 1
    assert "says it is version 0.1.0" in err
    assert "its bytes differ from the tiny-pitch-v0.1.0.pdf listed in" in err
    assert "changed after it was built" in err


def test_a_copy_far_from_its_project_is_placed_with_project(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "sent-to-funder.docx"
    shutil.copyfile(built / "build" / NAMES["pitch_docx"], copy)
    code, _, err = _verify(copy, capsys)
    assert code == 1
    assert "no manifest lists its sha256" in err and "--project" in err
    code, out, _ = _verify(copy, capsys, "--project", str(built))
    assert code == 0
    assert "as tiny-pitch-v0.1.0.docx" in out


def test_a_released_file_is_compared_with_the_projects_current_inputs(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    release = project / "releases" / "0.1.0"
    shutil.copytree(project / "build", release)
    for folder in ("inputs", "templates"):
        shutil.copytree(project / folder, release / folder)
    shutil.rmtree(project / "build")
    (project / "inputs" / "values.yaml").write_text(
        (project / "inputs" / "values.yaml").read_text() + "# edited after the release\n")
    code, out, _ = _verify(release / NAMES["pitch_pdf"], capsys)
    assert code == 0
    assert "releases/0.1.0/manifest.json" in out
    assert "inputs have changed since: inputs/values.yaml (changed)" in out
    assert find_project(release) == Project(project.resolve())


def test_a_funder_variant_is_found_in_its_build_subfolder(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.move(project / "build", tmp_path / "variant")
    (project / "build").mkdir()
    shutil.move(tmp_path / "variant", project / "build" / "small-fund")
    copy = tmp_path / "pitch.pdf"
    shutil.copyfile(project / "build" / "small-fund" / NAMES["pitch_pdf"], copy)
    code, out, _ = _verify(copy, capsys, "--project", str(project))
    assert code == 0
    assert "build/small-fund/manifest.json" in out


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _plain_docx() -> bytes:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("notes.txt", b"Dear funder,\n", "it is not a PDF or a Word (DOCX) file"),
    ("empty.pdf", b"", "it is not a PDF or a Word (DOCX) file"),
    ("cut.pdf", b"%PDF-1.7\n%\xf0\x9f\x96\xa4\n1 0 obj\n<<", "it is a damaged PDF"),
    ("cut.docx", b"PK\x03\x04\x14\x00\x00\x00", "it is a damaged Word file"),
    ("other.pdf", _blank_pdf(), "the PDF names no pitch version or DOI"),
    ("other.docx", _plain_docx(), "the DOCX names no pitch version or DOI"),
])
def test_a_file_it_cannot_place_gets_one_clear_line(
    built: Path, tmp_path: Path, name: str, content: bytes, reason: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = _verify(path, capsys, "--project", str(built))
    assert (code, out) == (1, "")
    assert err.count("\n") == 1
    assert err.startswith(f"cannot place {path.resolve().as_posix()}: {reason}")


def test_a_truncated_build_output_cannot_be_placed(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "truncated.pdf"
    path.write_bytes((built / "build" / NAMES["pitch_pdf"]).read_bytes()[:4000])
    code, _, err = _verify(path, capsys, "--project", str(built))
    assert code == 1
    assert err.startswith(f"cannot place {path.resolve().as_posix()}: ")
    assert "Traceback" not in err


def test_other_build_outputs_are_placed_by_their_hash(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _verify(built / "build" / "CITATION.cff", capsys)
    assert code == 0
    assert f"version 0.1.0, dated 2026-01-15, DOI {DOI_LINK}" in out


@pytest.mark.parametrize(("argument", "message"), [
    ("no-such-file.pdf", "no file 'no-such-file.pdf'"),
    (".", "'.' is a folder; name a PDF or DOCX file"),
])
def test_a_missing_file_is_misuse(argument: str, message: str,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["verify", argument])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_verify_reports_each_kind_of_input_change() -> None:
    recorded = {"inputs/a.yaml": "1", "inputs/b.yaml": "2", "templates/c.css": "3"}
    current = {"inputs/a.yaml": "1", "inputs/b.yaml": "9", "inputs/d.yaml": "4"}
    changes = compare_inputs(recorded, current)
    assert (changes.changed, changes.added, changes.removed) == (
        ["inputs/b.yaml"], ["inputs/d.yaml"], ["templates/c.css"])
    assert not compare_inputs(recorded, dict(recorded))


def test_the_verification_records_every_manifest_that_lists_the_file(project: Path) -> None:
    shutil.copytree(project / "build", project / "releases" / "0.1.0")
    result = verify_file(project / "build" / NAMES["pitch_pdf"])
    assert result.placed
    assert [listing.manifest_path.relative_to(project).as_posix()
            for listing in result.listings] == ["build/manifest.json",
                                                "releases/0.1.0/manifest.json"]
