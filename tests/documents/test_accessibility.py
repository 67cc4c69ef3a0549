"""Accessibility and fonts, proved by independent checkers on what the build writes.

outloud (PDF/UA-1) reads both PDFs of the coalition and of the minimal
project; openxml-audit and LibreOffice read the DOCX; pypdf lists the fonts.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from pitch.build import BuildOptions, build
from pitch.documents.accessibility import finish_tags
from pitch.fonts import ATKINSON, FAMILIES
from pitch.project import Project
from pitch.word.embedded_fonts import obfuscate
from tests.conftest import MINIMAL_PROJECT, REPO_ROOT

OUTLOUD = Path(sys.executable).parent / "outloud"
OPENXML_AUDIT = Path(sys.executable).parent / "openxml-audit"
PACKAGED_NAMES = {re.sub(r"[^a-z]", "", family.family.lower()) for family in FAMILIES}
INTERNATIONAL = "Thanks to Σωκράτης, Пётр and Nguyễn Thị Minh Khai for reading a draft."


def outloud(pdf: Path) -> dict[str, object]:
    """outloud's JSON verdict and counts for one PDF."""
    run = subprocess.run([str(OUTLOUD), "--json", "-", "--fail-on", "warning", str(pdf)],
                         capture_output=True, text=True, timeout=300, check=False)
    result: dict[str, object] = json.loads(run.stdout)["results"][0]
    return result


def font_names(pdf: Path) -> set[str]:
    """The base font of every font a PDF's pages use, without the subset prefix."""
    names = set()
    for page in PdfReader(pdf).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    return names


def family_of(font_name: str) -> str:
    """A font name reduced to its family: AtkinsonHyperlegible-Bold and Atkinson-Hyperlegible-Bold meet."""
    name = re.sub(r"[^a-z]", "", font_name.lower())
    return next((family for family in PACKAGED_NAMES if name.startswith(family)), name)


def structure_elements(parent: pikepdf.Object) -> Iterator[pikepdf.Object]:
    """Every structure element under `parent`, depth first."""
    kids = parent.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from structure_elements(kid)


def built(root: Path) -> Path:
    build(Project(root), BuildOptions(out=root / "build"))
    return root / "build"


@pytest.fixture(scope="module")
def coalition_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("coalition")
    for folder in ("inputs", "templates"):
        shutil.copytree(REPO_ROOT / folder, root / folder)
    return built(root)


@pytest.fixture(scope="module")
def international_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal project with Greek, Cyrillic and Vietnamese names in it."""
    root = tmp_path_factory.mktemp("international") / "project"
    shutil.copytree(MINIMAL_PROJECT, root)
    shutil.copytree(REPO_ROOT / "templates", root / "templates")
    pitch_yaml = root / "inputs" / "pitch.yaml"
    pitch_yaml.write_text(re.sub(r"(?m)^acknowledgements: .*$", f"acknowledgements: {INTERNATIONAL}",
                                 pitch_yaml.read_text(encoding="utf-8")), encoding="utf-8")
    return built(root)


@pytest.fixture(scope="module")
def coalition_in_languages(
        coalition_build: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The coalition's outputs in every shipped language: English, the complete Spanish
    translation, and Portuguese and French as drafts (their words from the catalogues,
    the values still in English, the footer marked as a draft)."""
    root = coalition_build.parent
    folders = {"en": coalition_build}
    for language, draft in (("es", False), ("pt", True), ("fr", True)):
        out = tmp_path_factory.mktemp(f"coalition-{language}")
        build(Project(root), BuildOptions(out=out, language=language, draft=draft))
        folders[language] = out
    return folders


@pytest.mark.parametrize("language", ["en", "es", "pt", "fr"])
@pytest.mark.parametrize("document", ["pitch", "summary"])
def test_coalition_pdfs_pass_pdf_ua_with_no_failure_and_no_warning(
        coalition_in_languages: dict[str, Path], language: str, document: str) -> None:
    suffix = "-summary" if document == "summary" else ""
    pdf = coalition_in_languages[language] / f"coalition-pitch-v1.0.0{suffix}.pdf"
    assert pikepdf.open(pdf).Root.Lang == language
    result = outloud(pdf)
    assert result["counts"] == {"error": 0, "warning": 0, "info": 0}, result["findings"]
    assert result["verdict"] == "pass"


@pytest.mark.parametrize("document", ["pitch", "summary"])
def test_minimal_pdfs_pass_pdf_ua_with_no_failure_and_no_warning(
        built_minimal: Path, document: str) -> None:
    suffix = "-summary" if document == "summary" else ""
    result = outloud(built_minimal / "build" / f"tiny-pitch-v0.1.0{suffix}.pdf")
    assert result["counts"] == {"error": 0, "warning": 0, "info": 0}, result["findings"]


def test_weasyprint_alone_fails_the_checker_and_the_finishing_step_mends_it(tmp_path: Path) -> None:
    import weasyprint

    html = """<html lang="en"><head><title>T</title><style>
    @page { @bottom-left { content: element(footer) } }
    .footer { position: running(footer) }</style></head><body>
    <div class="footer">Running footer text on every page</div>
    <h1>Title</h1><p>See <a href="https://example.org/"><span>the site</span></a>.</p>
    <ul><li>one</li><li>two</li><li>three</li><li>four</li></ul>
    <table><thead><tr><td>A</td><th>B</th><th>C</th></tr></thead>
    <tbody><tr><th scope="row">1</th><td>2</td><td>x</td></tr>
    <tr><th scope="row">3</th><td>4</td><td>y</td></tr></tbody></table>
    <p style="break-before: page">Two</p><p style="break-before: page">Three</p></body></html>"""
    def written(**options: object) -> bytes:
        return bytes(weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1",
                                                            pdf_identifier=True, **options))

    (tmp_path / "raw.pdf").write_bytes(written())
    (tmp_path / "finished.pdf").write_bytes(written(finisher=finish_tags))
    before = {finding["rule"] for finding in outloud(tmp_path / "raw.pdf")["findings"]}  # type: ignore[attr-defined]
    assert {"LNK-001", "LNK-004", "PAG-001"} <= before
    after = outloud(tmp_path / "finished.pdf")
    assert after["counts"] == {"error": 0, "warning": 0, "info": 0}, after["findings"]
    assert written(finisher=finish_tags) == written(finisher=finish_tags)
    with pikepdf.open(tmp_path / "finished.pdf") as pdf:
        scopes = [str(element.A.Scope) for element in structure_elements(pdf.Root.StructTreeRoot)
                  if element.S == "/TH"]
    assert scopes == ["/Column", "/Column", "/Row", "/Row"]
    assert PdfReader(tmp_path / "finished.pdf").pages[0].extract_text().startswith("Title")


def test_pdfs_use_only_the_packaged_fonts_even_beside_dejavu(international_build: Path) -> None:
    listed = subprocess.run(["fc-list"], capture_output=True, text=True, check=False).stdout \
        if shutil.which("fc-list") else ""
    if "DejaVu" not in listed:
        pytest.skip("DejaVu is not installed, so there is no system font to avoid")
    for pdf in international_build.glob("*.pdf"):
        families = {family_of(name) for name in font_names(pdf)}
        assert families <= PACKAGED_NAMES, (pdf.name, font_names(pdf))
    pitch_pdf = international_build / "tiny-pitch-v0.1.0.pdf"
    assert {family_of(name) for name in font_names(pitch_pdf)} == PACKAGED_NAMES
    text = "".join(page.extract_text() for page in PdfReader(pitch_pdf).pages)
    # A letter that only Noto Sans has (ị) is a run of its own, which text extraction may space off.
    assert "Σωκράτης" in text and "Пётр" in text and "NguyễnThị" in text.replace(" ", "")


def test_docx_marks_header_rows_alt_text_and_language(coalition_build: Path) -> None:
    document = Document(str(coalition_build / "coalition-pitch-v1.0.0.docx"))
    tables = document.tables
    html = (coalition_build / "coalition-pitch-v1.0.0.html").read_text(encoding="utf-8")
    assert len(tables) == html.count("<table") > 0
    for table in tables:
        first_row = table.rows[0]._tr
        assert first_row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    languages = document.styles.element.findall(f".//{qn('w:rPrDefault')}//{qn('w:lang')}")
    assert [language.get(qn("w:val")) for language in languages] == ["en"]
    pictures = document.element.body.findall(".//" + qn("wp:docPr"))
    assert all(picture.get("descr") for picture in pictures)


def test_docx_embeds_the_packaged_fonts_obfuscated(coalition_build: Path) -> None:
    docx = coalition_build / "coalition-pitch-v1.0.0.docx"
    with zipfile.ZipFile(docx) as archive:
        table = archive.read("word/fontTable.xml").decode("utf-8")
        regular = re.search(r'w:name="Atkinson Hyperlegible">.*?<w:embedRegular r:id="(\w+)" '
                            r'w:fontKey="(\{[0-9A-F-]+\})"', table, re.DOTALL)
        assert regular is not None
        relationships = archive.read("word/_rels/fontTable.xml.rels").decode("utf-8")
        target = re.search(rf'Id="{regular[1]}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{regular[1]}"',
                           relationships)
        assert target is not None
        stored = archive.read("word/" + (target[1] or target[2]))
        assert "<w:embedTrueTypeFonts/>" in archive.read("word/settings.xml").decode("utf-8")
    font = (ATKINSON.folder / ATKINSON.files[0]).read_bytes()
    assert stored != font and obfuscate(stored, regular[2]) == font


def test_docx_is_valid_under_openxml_audit(coalition_build: Path) -> None:
    run = subprocess.run([str(OPENXML_AUDIT), str(coalition_build / "coalition-pitch-v1.0.0.docx")],
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Errors: 0" in run.stdout


def libreoffice_pdf(docx_file: Path, folder: Path) -> Path:
    """The DOCX as LibreOffice lays it out, converted to PDF in `folder`."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    profile = (folder / "libreoffice-profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(docx_file)],
                   check=True, capture_output=True, timeout=300)
    return folder / f"{docx_file.stem}.pdf"


def test_libreoffice_sets_the_docx_in_the_pdfs_families(coalition_build: Path, tmp_path: Path) -> None:
    converted = libreoffice_pdf(coalition_build / "coalition-pitch-v1.0.0.docx", tmp_path)
    from_word = {family_of(name) for name in font_names(converted)}
    from_html = {family_of(name) for name in font_names(coalition_build / "coalition-pitch-v1.0.0.pdf")}
    assert from_word == from_html == {"atkinsonhyperlegible"}


@pytest.fixture(scope="module")
def letter_build(coalition_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Sloan letter of inquiry: the letter layout, two pages of US Letter."""
    out = tmp_path_factory.mktemp("letter")
    build(Project(coalition_build.parent), BuildOptions(out=out, funder="sloan-loi"))
    return out


def test_libreoffice_keeps_the_letters_page_count(letter_build: Path, tmp_path: Path) -> None:
    converted = libreoffice_pdf(letter_build / "coalition-pitch-v1.0.0.docx", tmp_path)
    from_word = PdfReader(converted)
    from_html = PdfReader(letter_build / "coalition-pitch-v1.0.0.pdf")
    assert len(from_word.pages) == len(from_html.pages) == 2
    assert "Budget and the ask" in from_word.pages[1].extract_text()
    assert {family_of(name) for name in font_names(converted)} == {"atkinsonhyperlegible"}
