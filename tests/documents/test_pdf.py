"""Laying out PDFs: text, pages, metadata, the one-page rule, and no network."""

from __future__ import annotations

import hashlib
import io
import re
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pypdf import PdfReader

from pitch.documents.compose import SUMMARY_HINT
from pitch.documents.pdf import OnePage, RenderedPdf, with_file_identifier, write_pdf
from pitch.errors import PitchError, Severity, display_path
from pitch.inputs.model import Pitch
from pitch.inputs.validate import load_inputs
from pitch.project import Project
from pitch.render.html import render_html

WriteTree = Callable[[Path, dict[str, str | bytes]], Path]
REPO_ROOT = Path(__file__).resolve().parents[2]


def _pdf(
    root: Path, document: str = "pitch", html: str | None = None, **options: Any
) -> RenderedPdf:
    pitch = load_inputs(Project(root)).pitch
    html = html or render_html(pitch, root / "templates", document)  # type: ignore[arg-type]
    if options.pop("one_page", False):
        options["one_page"] = OnePage(display_path(root / "inputs" / "pitch.yaml"), SUMMARY_HINT)
    return write_pdf(html, templates_dir=root / "templates", readable=[root / "inputs"],
                     source=f"templates/{document}.html.j2", doi=pitch.info.doi, **options)


def _text(pdf: RenderedPdf) -> str:
    reader = PdfReader(io.BytesIO(pdf.content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _links(pdf: RenderedPdf) -> set[str]:
    reader = PdfReader(io.BytesIO(pdf.content))
    return {
        str(annotation.get_object()["/A"]["/URI"])
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if "/URI" in annotation.get_object().get("/A", {})
    }


@pytest.fixture(scope="module")
def coalition() -> Pitch:
    """The real coalition pitch, checked once for the module."""
    return load_inputs(Project(REPO_ROOT)).pitch


@pytest.fixture(scope="module")
def coalition_pdf() -> RenderedPdf:
    """The real coalition pitch, laid out once for the module (it takes a second or two)."""
    return _pdf(REPO_ROOT)


@pytest.fixture(scope="module")
def coalition_summary() -> RenderedPdf:
    """The real coalition summary, laid out once for the module."""
    return _pdf(REPO_ROOT, "summary", one_page=True)


def test_the_pitch_pdf_says_the_title_total_and_doi(
    coalition: Pitch, coalition_pdf: RenderedPdf
) -> None:
    text = _text(coalition_pdf)
    total = sum(ask.amount for ask in coalition.asks.asks)
    assert coalition.info.title in text
    assert f"{coalition.asks.currency} {total:,.0f}" in text
    assert f"https://doi.org/{coalition.info.doi}" in text
    assert f"https://doi.org/{coalition.info.doi}" in _links(coalition_pdf)


def test_the_page_count_is_reported_and_true(coalition_pdf: RenderedPdf) -> None:
    assert coalition_pdf.page_count == len(PdfReader(io.BytesIO(coalition_pdf.content)).pages)
    # The full pitch, with every open section (risks, governance, personnel, ...).
    assert 6 <= coalition_pdf.page_count <= 28
    assert coalition_pdf.warnings == []


def test_the_pdf_metadata_names_title_authors_and_doi(
    coalition: Pitch, coalition_pdf: RenderedPdf
) -> None:
    reader = PdfReader(io.BytesIO(coalition_pdf.content))
    assert reader.metadata is not None
    assert reader.metadata.title == coalition.info.title
    assert reader.metadata.author is not None
    assert reader.metadata.author.startswith("The Carpentries, Open Life Science")
    assert reader.metadata.subject == coalition.info.purpose
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert f"<prism:doi>{coalition.info.doi}</prism:doi>" in xmp
    assert f"<dc:identifier>https://doi.org/{coalition.info.doi}</dc:identifier>" in xmp
    assert 'pdfuaid:part="1"' in xmp


def test_the_pdf_is_tagged_declares_its_language_and_embeds_only_the_bundled_font(
    coalition: Pitch, coalition_pdf: RenderedPdf
) -> None:
    reader = PdfReader(io.BytesIO(coalition_pdf.content))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == coalition.info.language
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in (page["/Resources"].get("/Font") or {}).values()
    }
    assert fonts and all("Atkinson-Hyperlegible" in name for name in fonts)


def test_the_summary_is_exactly_one_page(
    coalition: Pitch, coalition_summary: RenderedPdf
) -> None:
    assert coalition_summary.page_count == 1
    assert f"{coalition.asks.currency} " in _text(coalition_summary)


def test_the_same_html_gives_the_same_bytes(coalition_summary: RenderedPdf) -> None:
    assert _pdf(REPO_ROOT, "summary", one_page=True).content == coalition_summary.content


def test_the_pdf_has_a_file_identifier_from_its_own_bytes_and_parses_cleanly(
    coalition_summary: RenderedPdf, tmp_path: Path
) -> None:
    content = coalition_summary.content
    path = tmp_path / "summary.pdf"
    path.write_bytes(content)
    with pikepdf.open(path, suppress_warnings=False) as pdf:
        first, second = (bytes(part) for part in pdf.trailer.ID)
        assert pdf.check_pdf_syntax() == []
        assert pdf.get_warnings() == []
        assert len(pdf.pages) == 1
    assert first == second and re.fullmatch(rb"[0-9a-f]{32}", first)
    stamp = b"/ID [(" + first + b") (" + first + b")]"
    assert content.count(stamp) == 1
    assert hashlib.md5(content.replace(stamp, b""), usedforsecurity=False).hexdigest() \
        == first.decode()


def test_another_document_gets_another_file_identifier(
    coalition_pdf: RenderedPdf, coalition_summary: RenderedPdf
) -> None:
    identifiers = {bytes(PdfReader(io.BytesIO(pdf.content)).trailer["/ID"][0].original_bytes)
                   for pdf in (coalition_pdf, coalition_summary)}
    assert len(identifiers) == 2


def test_a_pdf_not_ending_as_pydyf_writes_it_is_refused_not_mangled() -> None:
    with pytest.raises(ValueError, match="cross-reference stream"):
        with_file_identifier(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n"
                             b"startxref\n9\n%%EOF\n")


def test_an_over_long_executive_summary_fails_the_one_page_rule(minimal_project: Path) -> None:
    pitch_file = minimal_project / "inputs" / "pitch.yaml"
    long_text = " ".join(["We will run one more useful workshop together."] * 120)
    text = pitch_file.read_text().replace(
        "executive_summary: We ask for **USD 3,000** to run one joint workshop.",
        f"executive_summary: {long_text}",
    )
    pitch_file.write_text(text, encoding="utf-8")
    with pytest.raises(PitchError) as error:
        _pdf(minimal_project, "summary", one_page=True)
    [problem] = error.value.problems
    assert problem.message.startswith("the summary runs to 2 pages (about ")
    assert "lines over); shorten pitch.yaml: purpose, executive_summary" in problem.message


def test_a_short_summary_passes_the_one_page_rule(minimal_project: Path) -> None:
    assert _pdf(minimal_project, "summary", one_page=True).page_count == 1


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Record, and refuse, any attempt to open a network connection."""
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> None:
        attempts.append(args)
        raise AssertionError("the build touched the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


def test_a_remote_stylesheet_and_image_are_refused_with_warnings(
    minimal_project: Path, tree: WriteTree, no_network: list[Any]
) -> None:
    remote_css = "https://fonts.example.com/style.css"
    remote_image = "http://example.org/logo.png"
    css = (minimal_project / "templates" / "pitch.css").read_text()
    tree(minimal_project, {"templates/pitch.css": f'@import url("{remote_css}");\n{css}'})
    html = render_html(load_inputs(Project(minimal_project)).pitch,
                       minimal_project / "templates", "pitch").replace(
        "</h1>", f'</h1><figure><img src="{remote_image}" alt="Logo"></figure>', 1)
    pdf = _pdf(minimal_project, html=html)
    messages = [problem.message for problem in pdf.warnings]
    assert no_network == []
    assert any(remote_css in message for message in messages)
    assert any(remote_image in message for message in messages)
    assert all(problem.severity is Severity.WARNING for problem in pdf.warnings)
    assert all(problem.file == "templates/pitch.html.j2" for problem in pdf.warnings)


def test_a_file_outside_the_project_is_refused(minimal_project: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not for the PDF")
    html = render_html(load_inputs(Project(minimal_project)).pitch,
                       minimal_project / "templates", "pitch").replace(
        "</h1>", f'</h1><img src="{secret.as_uri()}" alt="x">', 1)
    [problem] = _pdf(minimal_project, html=html).warnings
    assert problem.message == (
        f"did not read {secret.as_uri()}: it is outside templates/ and inputs/"
    )


def test_an_image_in_inputs_is_served(minimal_project: Path, tree: WriteTree) -> None:
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
           '<rect width="10" height="10" fill="#0b5563"/></svg>')
    tree(minimal_project, {"inputs/logo.svg": svg})
    html = render_html(load_inputs(Project(minimal_project)).pitch,
                       minimal_project / "templates", "pitch").replace(
        "</h1>", '</h1><figure><img src="../inputs/logo.svg" alt="Logo"></figure>', 1)
    assert _pdf(minimal_project, html=html).warnings == []


def test_a_css_mistake_is_a_warning_at_its_stylesheet_line(
    minimal_project: Path, tree: WriteTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    css = (minimal_project / "templates" / "pitch.css").read_text()
    tree(minimal_project, {"templates/pitch.css": css + "\nh1 { colour: red; }\n"})
    monkeypatch.chdir(minimal_project)
    [problem] = _pdf(minimal_project).warnings
    line = css.count("\n") + 2
    assert problem.format().startswith(f"templates/pitch.css:{line}:6: warning: Ignored `colour")


def test_importing_the_pipeline_does_not_import_weasyprint() -> None:
    code = ("import sys, pitch.documents.pdf, pitch.render.html, pitch.render.context, pitch.render.markdown; "
            "print('weasyprint' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=REPO_ROOT, check=True)
    assert result.stdout.strip() == "False"
