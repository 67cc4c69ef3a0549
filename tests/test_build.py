"""Building a project: what lands in build/, the manifest, and atomic writes."""

from __future__ import annotations

import base64
import collections
import hashlib
import json
import re
import shutil
from html import unescape
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from pitch.build import BuildOptions, build, output_names
from pitch.cli import main
from pitch.documents.cache import CACHE_FOLDER
from pitch.errors import PitchError
from pitch.outputs import STAGING_PREFIX
from pitch.project import Project

REPO_ROOT = Path(__file__).resolve().parent.parent
NAMES = output_names("tiny-pitch", "0.1.0")


@pytest.fixture
def built(built_minimal: Path) -> Path:
    """The minimal project, built once for the tests that only read outputs."""
    return built_minimal


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_outputs_carry_the_slug_and_the_version(built: Path) -> None:
    names = {path.name for path in (built / "build").iterdir()}
    assert {*NAMES.values(), "manifest.json", "portal"} <= names


def test_the_manifest_records_every_input_and_output_hash(built: Path) -> None:
    manifest = json.loads((built / "build" / "manifest.json").read_text())
    assert manifest["pitch"] == {"title": "A Tiny Pitch", "version": "0.1.0", "date": "2026-01-15",
                                 "doi": "10.1234/tiny.5678", "slug": "tiny-pitch"}
    assert manifest["inputs"]["inputs/asks.yaml"] == _sha256(built / "inputs" / "asks.yaml")
    assert "templates/pitch.html.j2" in manifest["inputs"]
    for name, digest in manifest["outputs"].items():
        assert _sha256(built / "build" / name) == digest


def test_the_summary_is_one_page_and_the_pitch_is_longer(built: Path) -> None:
    assert len(PdfReader(built / "build" / NAMES["summary_pdf"]).pages) == 1
    assert len(PdfReader(built / "build" / NAMES["pitch_pdf"]).pages) > 1


MARGIN_TOP_PT, MARGIN_BOTTOM_PT = 24 / 25.4 * 72, 26 / 25.4 * 72


def _pdf_words(path: Path) -> collections.Counter[str]:
    """The words of the PDF's body: running headers and footers (in the margins) aside."""
    pieces: list[str] = []
    for number, page in enumerate(PdfReader(path).pages):
        height = float(page.mediabox.height)

        def keep(text: str, cm: list[float], tm: list[float], font: object, size: object,
                 number: int = number, height: float = height) -> None:
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if number == 0 or MARGIN_BOTTOM_PT <= y <= height - MARGIN_TOP_PT:
                pieces.append(text)

        page.extract_text(visitor_text=keep)
        pieces.append("\n")
    return _words(" ".join(pieces))


def _chart_words(pdf: Path) -> collections.Counter[str]:
    """The words drawn in the charts: text in the PDF, a picture (with alt text) in the DOCX."""
    html = pdf.with_suffix(".html").read_text(encoding="utf-8")
    drawn = []
    for encoded in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html):
        svg = base64.b64decode(encoded).decode("utf-8")
        drawn += [unescape(text) for text in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    return _words(" ".join(drawn))


def _docx_words(path: Path) -> collections.Counter[str]:
    body = docx.Document(str(path)).element.body
    return _words("\n".join(_paragraph_text(p) for p in body.iter(qn("w:p"))))


def _paragraph_text(paragraph: object) -> str:
    pieces = []
    for element in paragraph.iter(qn("w:t"), qn("w:br"), qn("w:tab")):
        if element.tag != qn("w:t"):
            pieces.append(" ")
        elif _is_note_reference(element):
            # A raised note number is a word of its own in the PDF's text.
            pieces.append(f" {element.text} ")
        else:
            pieces.append(element.text or "")
    return "".join(pieces)


def _is_note_reference(text_element: object) -> bool:
    run_style = text_element.getparent().find(f"{qn('w:rPr')}/{qn('w:rStyle')}")
    return run_style is not None and run_style.get(qn("w:val")) == "NoteReference"


def _words(text: str) -> collections.Counter[str]:
    text = re.sub(r"(?<=\w)-\s+(?=\w)", "-", text)
    text = re.sub(r"https://\s+", "https://", text)
    # The PDF breaks a long address after a slash; the DOCX keeps it whole.
    text = re.sub(r"(https://\S*/)\s+(?=[\w-])", r"\1", text)
    words = re.findall(r"[\w@./:'’-]+", text)
    # List numbers are text in the PDF but numbering in Word.
    return collections.Counter(word.lower().rstrip(".") for word in words
                               if word.strip(".") and not re.fullmatch(r"\d+\.", word))


def test_the_pdf_and_the_docx_say_the_same_thing(built: Path) -> None:
    pdf_words = _pdf_words(built / "build" / NAMES["pitch_pdf"])
    pdf_words -= _chart_words(built / "build" / NAMES["pitch_pdf"])
    docx_words = _docx_words(built / "build" / NAMES["pitch_docx"])
    assert pdf_words - docx_words == collections.Counter()
    assert docx_words - pdf_words == collections.Counter()


@pytest.fixture(scope="module")
def coalition_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The coalition's real pitch, built once."""
    root = tmp_path_factory.mktemp("coalition")
    for folder in ("inputs", "templates"):
        shutil.copytree(REPO_ROOT / folder, root / folder)
    build(Project(root), BuildOptions(out=root / "build"))
    return root / "build"


def test_the_coalition_pdf_and_docx_say_the_same_thing(coalition_built: Path) -> None:
    pdf_words = _pdf_words(coalition_built / "coalition-pitch-v1.0.0.pdf")
    pdf_words -= _chart_words(coalition_built / "coalition-pitch-v1.0.0.pdf")
    word_file = coalition_built / "coalition-pitch-v1.0.0.docx"
    docx_words = _docx_words(word_file)
    assert docx_words - pdf_words == collections.Counter()
    # A long table repeats its header row (and its footer row, such as the
    # total) on each new page of the PDF.
    repeated_words = _words(" ".join(cell.text for table in docx.Document(str(word_file)).tables
                                     for row in (table.rows[0], table.rows[-1])
                                     for cell in row.cells))
    assert set(pdf_words - docx_words) <= set(repeated_words)


def test_the_coalition_summary_is_one_page(coalition_built: Path) -> None:
    summary = PdfReader(coalition_built / "coalition-pitch-v1.0.0-summary.pdf")
    assert len(summary.pages) == 1
    text = summary.pages[0].extract_text()
    assert "1,355,200" in text
    assert "https://doi.org/10.71707/qttn-3j47" in text


def test_an_unchanged_project_is_not_built_again(built: Path) -> None:
    before = {path.name: path.stat().st_mtime_ns for path in (built / "build").iterdir()}
    result = build(Project(built), BuildOptions(out=built / "build"))
    assert result.up_to_date
    assert {path.name: path.stat().st_mtime_ns for path in (built / "build").iterdir()} == before


def test_input_problems_stop_the_build_before_anything_is_written(
    minimal_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (minimal_project / "inputs" / "asks.yaml").write_text("currency: USD\n")
    assert main(["build", str(minimal_project)]) == 1
    assert "missing required key 'total'" in capsys.readouterr().err
    assert not (minimal_project / "build").exists()


def _outputs(folder: Path) -> dict[str, str]:
    """Every output file's sha256 (the layout cache, which only grows, aside)."""
    return {path.name: _sha256(path) for path in folder.rglob("*")
            if path.is_file() and CACHE_FOLDER not in path.parts}


def test_a_failed_build_keeps_the_last_good_outputs(built: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(built, project)
    before = _outputs(project / "build")
    pitch_file = project / "inputs" / "pitch.yaml"
    long_summary = "We ask for help. " * 400
    pitch_file.write_text(pitch_file.read_text().replace(
        "executive_summary: We ask for **USD 3,000** to run one joint workshop.",
        f"executive_summary: {long_summary}"))
    with pytest.raises(PitchError) as error:
        build(Project(project), BuildOptions(out=project / "build"))
    assert "the summary runs to" in str(error.value)
    assert _outputs(project / "build") == before
    assert not list((project / "build").glob(f"{STAGING_PREFIX}*"))


def test_build_writes_where_out_says(minimal_project: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "elsewhere"
    assert main(["build", str(minimal_project), "--out", str(out), "--jobs", "1"]) == 0
    printed = capsys.readouterr().out.split()
    assert str(out / NAMES["pitch_pdf"]) in printed
    assert (out / NAMES["summary_pdf"]).is_file()


@pytest.mark.parametrize("damage", ["missing", "corrupt"])
def test_a_missing_or_damaged_word_reference_is_reported_at_its_path(
    minimal_project: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    reference = minimal_project / "templates" / "reference.docx"
    reference.unlink() if damage == "missing" else reference.write_text("not a zip")
    assert main(["build", str(minimal_project), "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert f"{reference}: error: cannot open the Word reference styles" in err
    assert "pitch reference-docx" in err and "Traceback" not in err
    assert not (minimal_project / "build").exists()


@pytest.mark.parametrize("where", ["project", "parent"])
def test_an_input_saved_during_the_build_stops_it_before_writing(
    minimal_project: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """The changed file is named from the current folder, like every other problem."""
    import pitch.documents.compose

    monkeypatch.chdir(minimal_project if where == "project" else minimal_project.parent)
    shown = "inputs/values.yaml" if where == "project" else "project/inputs/values.yaml"

    real_start_layout = pitch.documents.compose.start_layout
    values = minimal_project / "inputs" / "values.yaml"

    def lay_out_while_a_writer_saves(*args: object, **kwargs: object) -> object:
        values.write_text(values.read_text().replace("We share what we make.", "We share."))
        return real_start_layout(*args, **kwargs)

    monkeypatch.setattr(pitch.documents.compose, "start_layout", lay_out_while_a_writer_saves)
    with pytest.raises(PitchError) as error:
        build(Project(minimal_project), BuildOptions(out=minimal_project / "build", jobs=1))
    assert [problem.format() for problem in error.value.problems] == [
        f"{shown}: error: this file changed while the build ran; "
        "nothing was written, build again"
    ]
    assert not (minimal_project / "build").exists()


def test_on_a_terminal_the_build_names_the_three_documents_and_counts_the_rest(
    minimal_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("pitch.cli.reporter._interactive", lambda: True)
    assert main(["build", str(minimal_project)]) == 0
    lines = capsys.readouterr().out.splitlines()
    build_folder = minimal_project / "build"
    assert lines[:3] == [f"{build_folder / NAMES['pitch_pdf']}  (7 pages)",
                         f"{build_folder / NAMES['summary_pdf']}  (1 page)",
                         f"{build_folder / NAMES['pitch_docx']}"]
    assert lines[3].startswith("and 18 more files in ")



@pytest.fixture
def fonts_unread(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process has not read the packaged fonts' characters yet."""
    import pitch.fonts

    monkeypatch.setattr(pitch.fonts, "_CHARACTERS", {})
    pitch.fonts.covered_characters.cache_clear()


def test_the_glyph_check_uses_the_characters_the_first_worker_read(
    minimal_project: Path, monkeypatch: pytest.MonkeyPatch, fonts_unread: None
) -> None:
    import os

    import fontTools.ttLib

    parent, opened_here, real = os.getpid(), [], fontTools.ttLib.TTFont

    def counted(*args: object, **kwargs: object) -> object:
        if os.getpid() == parent:
            opened_here.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(fontTools.ttLib, "TTFont", counted)
    pitch_file = minimal_project / "inputs" / "pitch.yaml"
    pitch_file.write_text(pitch_file.read_text().replace(
        "We ask for **USD 3,000**", "We ask for **USD 3,000** 山"), encoding="utf-8")
    with pytest.raises(PitchError) as error:
        build(Project(minimal_project), BuildOptions(out=minimal_project / "build"))
    [problem] = error.value.problems
    assert "'山' (U+5C71, cjk unified ideograph-5c71) is in no packaged font" in problem.message
    assert opened_here == []


def test_a_worker_that_cannot_read_the_fonts_leaves_them_to_the_parent(
    minimal_project: Path, monkeypatch: pytest.MonkeyPatch, fonts_unread: None
) -> None:
    import os

    import pitch.fonts

    parent, real = os.getpid(), pitch.fonts.every_familys_characters

    def only_here() -> dict[str, frozenset[int]]:
        if os.getpid() != parent:
            raise OSError("a worker that cannot read the fonts")
        return real()

    monkeypatch.setattr(pitch.fonts, "every_familys_characters", only_here)
    build(Project(minimal_project), BuildOptions(out=minimal_project / "build"))
    assert (minimal_project / "build" / NAMES["pitch_pdf"]).is_file()
    assert pitch.fonts.covered_characters() == real().get("Atkinson Hyperlegible", frozenset()) \
        | real().get("Noto Sans", frozenset())


def test_a_build_leaves_the_cycle_collector_on_whether_it_fails_or_not(
    minimal_project: Path
) -> None:
    import gc

    options = BuildOptions(out=minimal_project / "build", cache=False)
    build(Project(minimal_project), options)
    assert gc.isenabled()
    (minimal_project / "inputs" / "asks.yaml").write_text("currency: USD\n")
    with pytest.raises(PitchError):
        build(Project(minimal_project), options)
    assert gc.isenabled()
