"""Builds in a language: pitch build --language, a funder's language:, and --draft."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from pypdf import PdfReader

from pitch.build import BuildOptions, build
from pitch.cli import main
from pitch.errors import PitchError
from pitch.project import Project
from pitch.roundtrip.yaml_edit import replace_value
from tests.conftest import REPO_ROOT

SPANISH = Path("inputs/translations/es.yaml")


def pdf_text(path: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(path).pages)


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join([paragraph.text for paragraph in document.paragraphs] + cells)


def docx_language(path: Path) -> list[str]:
    styles = zipfile.ZipFile(path).read("word/styles.xml").decode()
    return re.findall(r'<w:lang w:val="([^"]+)"', styles)


def translate_everything(project: Path) -> None:
    """Every value of the minimal project 'translated' as «source» (quotes a test can find)."""
    assert main(["translate", "es", str(project)]) == 0
    file = project / SPANISH
    text = file.read_text()
    for path, entry in yaml.safe_load(text).items():
        text = replace_value(text, (path, "text"), f"«{entry['source']}»")
    file.write_text(text, encoding="utf-8")


def test_a_build_in_a_language_with_missing_values_fails_and_lists_them(
    minimal_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(minimal_project)
    main(["translate", "es"])
    capsys.readouterr()
    assert main(["build", "--language", "es"]) == 1
    err = capsys.readouterr().err
    assert "error: pitch.title: no es text yet (the source is at inputs/pitch.yaml:1:8)" in err
    assert "40 errors in 1 file" in err
    assert not (minimal_project / "build").exists()


def test_a_language_with_no_file_yet_is_one_finding_at_the_file_to_create(
    minimal_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(minimal_project)
    assert main(["build", "--language", "pt"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[0] == (
        "inputs/translations/pt.yaml: error: there is no pt translation yet: pitch translate pt "
        "creates this file with the 40 values to translate (--draft builds meanwhile, with them "
        "in the source language)")
    assert "1 error in 1 file" in err
    assert not (minimal_project / "build").exists()
    assert main(["build", "--language", "pt", "--draft"]) == 0
    err = capsys.readouterr().err
    assert "not translated into pt" not in err
    assert ("inputs/translations/pt.yaml: warning: there is no pt translation yet, so this draft "
            "shows all 40 values in the source language; pitch translate pt creates the file") in err
    assert "Rascunho: 40 valores ainda não traduzidos" in pdf_text(
        minimal_project / "build" / "pt" / "tiny-pitch-v0.1.0.pdf")


def test_a_draft_falls_back_to_the_source_and_counts_the_untranslated_in_the_footer(
    minimal_project: Path,
) -> None:
    main(["translate", "es", str(minimal_project)])
    file = minimal_project / SPANISH
    file.write_text(replace_value(file.read_text(), ("pitch.title", "text"),
                                  "Una propuesta pequeña"))
    out = minimal_project / "build" / "es"
    build(Project(minimal_project), BuildOptions(out=out, language="es", draft=True))
    pitch = pdf_text(out / "tiny-pitch-v0.1.0.pdf")
    assert "Una propuesta pequeña" in pitch
    assert "Two small groups ask for a little money" in pitch  # the source, untranslated
    assert "Borrador: 39 valores sin traducir" in pitch
    assert "Resumen ejecutivo" in pitch and "Página 2 de" in pitch
    assert "Versión 0.1.0 · 15 de enero de 2026" in pitch
    assert "Borrador: 39 valores sin traducir" in docx_text_of_footer(out / "tiny-pitch-v0.1.0.docx")


def docx_text_of_footer(path: Path) -> str:
    return " ".join(paragraph.text for paragraph in docx.Document(str(path)).sections[0].footer
                    .paragraphs)


def test_a_funder_s_language_builds_all_three_documents_in_it(minimal_project: Path) -> None:
    translate_everything(minimal_project)
    funder = minimal_project / "inputs/funders/small-fund.yaml"
    funder.write_text(funder.read_text() + "language: es\n")
    out = minimal_project / "build" / "small-fund"
    build(Project(minimal_project), BuildOptions(out=out, funder="small-fund"))
    pitch, summary = out / "tiny-pitch-v0.1.0.pdf", out / "tiny-pitch-v0.1.0-summary.pdf"
    assert "«A Tiny Pitch»" in pdf_text(pitch)
    assert "Borrador" not in pdf_text(pitch)
    assert "La solicitud" in pdf_text(summary) and "3.000" in pdf_text(summary)
    assert PdfReader(pitch).trailer["/Root"]["/Lang"] == "es"
    assert PdfReader(summary).trailer["/Root"]["/Lang"] == "es"
    document = out / "tiny-pitch-v0.1.0.docx"
    assert "«We share what we make.»" in docx_text(document)
    assert "Valores compartidos" in docx_text(document)
    assert docx_language(document) == ["es"]
    assert '<html lang="es"' in (out / "tiny-pitch-v0.1.0.html").read_text()


def test_a_stale_value_stops_the_build_at_its_entry(minimal_project: Path) -> None:
    translate_everything(minimal_project)
    pitch_file = minimal_project / "inputs/pitch.yaml"
    pitch_file.write_text(pitch_file.read_text().replace("Tiny Coalition", "Small Coalition"))
    with pytest.raises(PitchError) as raised:
        build(Project(minimal_project), BuildOptions(out=minimal_project / "out", language="es"))
    [problem] = raised.value.problems
    assert problem.file.endswith("inputs/translations/es.yaml")
    assert problem.field_path == "pitch.coalition"
    assert "stale: the source at" in problem.message and "inputs/pitch.yaml:7:12" in problem.message


@pytest.fixture(scope="module")
def spanish_coalition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The coalition's pitch built in Spanish, from its shipped translation."""
    root = tmp_path_factory.mktemp("spanish") / "coalition"
    for folder in ("inputs", "templates"):
        shutil.copytree(REPO_ROOT / folder, root / folder)
    build(Project(root), BuildOptions(out=root / "build" / "es", language="es"))
    return root / "build" / "es"


def test_the_coalition_s_spanish_pitch_is_in_spanish_throughout(spanish_coalition: Path) -> None:
    text = pdf_text(spanish_coalition / "coalition-pitch-v1.0.0.pdf")
    for words in ("De sobrevivir a prosperar", "Resumen ejecutivo", "La necesidad",
                  "Solicitamos 1.355.200 USD durante 24 meses",
                  "Presupuesto por categoría", "Cómo citar", "Riesgos y mitigación",
                  "Infrafinanciación crónica", "de enero de 2027 a diciembre de 2028"):
        assert words in text
    for english in ("Executive summary", "The need", "How to cite", "Budget by category"):
        assert english not in text
    assert PdfReader(spanish_coalition / "coalition-pitch-v1.0.0.pdf").metadata.title == (
        "De sobrevivir a prosperar")


def test_the_coalition_s_spanish_summary_stays_on_one_page(spanish_coalition: Path) -> None:
    summary = PdfReader(spanish_coalition / "coalition-pitch-v1.0.0-summary.pdf")
    assert len(summary.pages) == 1
    assert "La solicitud" in summary.pages[0].extract_text()
    assert summary.trailer["/Root"]["/Lang"] == "es"


def test_the_coalition_s_spanish_docx_carries_the_text_and_the_language(
    spanish_coalition: Path,
) -> None:
    document = spanish_coalition / "coalition-pitch-v1.0.0.docx"
    text = docx_text(document)
    assert "Cinco organizaciones de ciencia abierta compartirán sus operaciones" in text
    assert "Qué financia" in text and "Teoría del cambio" in text
    assert docx_language(document) == ["es"]
    assert docx.Document(str(document)).core_properties.language == "es"


def test_the_preview_speaks_the_language_of_the_pages_it_shows() -> None:
    from pitch.preview.page import preview_page, preview_words
    from pitch.preview.state import Snapshot

    snapshot = Snapshot(problems=(), language="es")
    page = preview_page(snapshot, "summary", preview_words(REPO_ROOT / "templates", snapshot))
    assert '<html lang="es"' in page
    assert "Vista previa en directo" in page and "Resumen: todavía sin vista previa" in page
    assert "Live preview" not in page


def test_a_funder_s_own_text_is_translated_apart_from_the_pitch_s(minimal_project: Path) -> None:
    funder = minimal_project / "inputs/funders/small-fund.yaml"
    funder.write_text(funder.read_text() + "language: es\noverrides:\n"
                      "  pitch.purpose: A purpose for this fund alone.\n")
    translate_everything(minimal_project)
    written = yaml.safe_load((minimal_project / SPANISH).read_text())
    assert written["funders/small-fund/pitch.purpose"]["source"] == "A purpose for this fund alone."
    out = minimal_project / "build" / "small-fund"
    build(Project(minimal_project), BuildOptions(out=out, funder="small-fund"))
    assert "«A purpose for this fund alone.»" in pdf_text(out / "tiny-pitch-v0.1.0.pdf")


def test_the_inputs_own_language_asked_for_over_a_funders_builds_untranslated(
    minimal_project: Path,
) -> None:
    funder = minimal_project / "inputs" / "funders" / "small-fund.yaml"
    funder.write_text(funder.read_text() + "language: fr\n")
    out = minimal_project / "build" / "en"
    build(Project(minimal_project), BuildOptions(out=out, funder="small-fund", language="en"))
    pdf = out / "tiny-pitch-v0.1.0.pdf"
    assert PdfReader(pdf).trailer["/Root"]["/Lang"] == "en"
    assert "Page 2 of" in pdf_text(pdf) and "Page 2 sur" not in pdf_text(pdf)
    assert 'lang="en"' in (out / "tiny-pitch-v0.1.0.html").read_text()
    assert set(docx_language(out / "tiny-pitch-v0.1.0.docx")) == {"en"}
