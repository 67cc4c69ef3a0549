"""The DOCX writer, by reopening what it wrote: styles, links, lists, tables, metadata, bytes."""

from __future__ import annotations

import datetime
import shutil
import subprocess
from io import BytesIO
from pathlib import Path
from zipfile import ZipFile

import docx
import pytest
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt
from PIL import Image
from pypdf import PdfReader

from pitch.errors import PitchError, Problem, Severity
from pitch.word.reference import ACCENT, INK, MUTED, write_reference_docx
from pitch.word.writer import REQUIRED_STYLES, DocumentMetadata, write_docx

PROJECT = Path(__file__).resolve().parents[2]
DOI = "10.71707/qttn-3j47"
METADATA = DocumentMetadata(
    title="From Surviving to Thriving",
    author="Open Science Communities Coalition",
    subject="A shared plan to sustain five open science communities",
    keywords=("open science", "sustainability"),
    language="en-GB",
    version="1.2.0",
    date=datetime.date(2026, 11, 24),
    doi=DOI,
    footer_text=f"Version 1.2.0 · 24 November 2026 · https://doi.org/{DOI}",
)


@pytest.fixture(scope="session")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reference") / "reference.docx"
    write_reference_docx(path)
    return path


def page(body: str) -> str:
    head = '<!DOCTYPE html><html lang="en"><head><title>t</title></head>'
    return f"{head}<body>{body}</body></html>"


def write_bytes(reference: Path, body: str, **options: object) -> bytes:
    return write_docx(page(body), reference=reference, metadata=METADATA, **options)


def write(reference: Path, body: str, **options: object) -> Document:
    return docx.Document(BytesIO(write_bytes(reference, body, **options)))


def xpath(path: str) -> str:
    """An ElementTree path with the w: prefix expanded."""
    return "/".join(qn(step) for step in path.split("/"))


def styles_and_texts(document: Document) -> list[tuple[str, str]]:
    return [(paragraph.style.name, paragraph.text) for paragraph in document.paragraphs]


# --- paragraphs and headings ---------------------------------------------------


def test_headings_use_the_heading_styles(reference: Path) -> None:
    document = write(reference, "<h1>One</h1><h2>Two</h2><section><h3>Three</h3></section>")
    assert styles_and_texts(document) == [
        ("Heading 1", "One"), ("Heading 2", "Two"), ("Heading 3", "Three"),
    ]


def test_cover_gives_title_and_subtitle_and_sections_become_heading_1(reference: Path) -> None:
    body = """<header class="cover"><h1>From Surviving to Thriving</h1>
    <p class="subtitle">A shared plan</p></header>
    <section><h2>Executive summary</h2><h3>Detail</h3></section>"""
    assert styles_and_texts(write(reference, body)) == [
        ("Title", "From Surviving to Thriving"), ("Subtitle", "A shared plan"),
        ("Heading 1", "Executive summary"), ("Heading 2", "Detail"),
    ]


def test_paragraph_classes_map_to_their_own_styles(reference: Path) -> None:
    body = """<p>Plain</p><p class="lead">Lead</p><p class="meta">Meta</p>
    <p class="caption">Caption</p><p class="label">Label</p>"""
    assert styles_and_texts(write(reference, body)) == [
        ("Body Text", "Plain"), ("Lead", "Lead"), ("Meta", "Meta"), ("Caption", "Caption"),
        ("Label", "Label"),
    ]


def test_whitespace_collapses_as_in_html(reference: Path) -> None:
    body = "<p>\n   Five   open\n  science <em> organisations </em>\n</p>"
    assert write(reference, body).paragraphs[0].text == "Five open science organisations"


def test_br_becomes_a_line_break(reference: Path) -> None:
    paragraph = write(reference, "<p>Version 1.2.0<br>24 November 2026</p>").paragraphs[0]
    assert paragraph.text == "Version 1.2.0\n24 November 2026"


def test_emphasis_and_strong_use_character_styles(reference: Path) -> None:
    runs = write(reference, "<p><em>a</em> <strong>b</strong></p>").paragraphs[0].runs
    assert [(run.text, run.style.name) for run in runs if run.text.strip()] == [
        ("a", "Emphasis"), ("b", "Strong"),
    ]


def test_unknown_elements_keep_their_text(reference: Path) -> None:
    body = "<main><custom-card><p>Inside <blink>it</blink></p></custom-card></main>"
    document = write(reference, body)
    assert styles_and_texts(document) == [("Body Text", "Inside it")]


def test_content_marked_skip_is_left_out(reference: Path) -> None:
    body = """<div data-docx="skip">Running footer</div>
    <p>Kept <span data-docx="skip">not</span></p>"""
    assert styles_and_texts(write(reference, body)) == [("Body Text", "Kept")]


def test_page_break_section_starts_a_new_page_except_at_the_start(reference: Path) -> None:
    body = """<section class="page-break"><h2>First</h2></section>
    <section class="page-break"><h2>Second</h2><p>Text</p></section>"""
    first, second, text = write(reference, body).paragraphs
    assert not first.paragraph_format.page_break_before
    assert second.paragraph_format.page_break_before
    assert not text.paragraph_format.page_break_before


# --- links -----------------------------------------------------------------------


def test_link_is_a_real_hyperlink_with_an_external_relationship(reference: Path) -> None:
    document = write(reference, '<p>See <a href="https://ropensci.org">rOpenSci</a>.</p>')
    paragraph = document.paragraphs[0]
    (hyperlink,) = paragraph._p.findall(qn("w:hyperlink"))
    relationship = document.part.rels[hyperlink.get(qn("r:id"))]
    assert relationship.reltype == RELATIONSHIP_TYPE.HYPERLINK
    assert relationship.is_external and relationship.target_ref == "https://ropensci.org"
    assert paragraph.hyperlinks[0].text == "rOpenSci"
    assert paragraph.hyperlinks[0].runs[0].style.name == "Hyperlink"
    assert paragraph.text == "See rOpenSci."


def test_link_with_an_unsafe_scheme_stays_plain_text(reference: Path) -> None:
    paragraph = write(reference, '<p><a href="javascript:alert(1)">Click</a></p>').paragraphs[0]
    assert paragraph.hyperlinks == [] and paragraph.text == "Click"


# --- lists -----------------------------------------------------------------------


def test_lists_use_list_styles_and_nested_lists_the_second_level(reference: Path) -> None:
    body = """<ul><li>One</li><li><p>Two</p><p>More of two</p><ul><li>Nested</li></ul></li></ul>
    <ol><li>First</li></ol>"""
    assert styles_and_texts(write(reference, body)) == [
        ("List Bullet", "One"), ("List Bullet", "Two"), ("List Continue", "More of two"),
        ("List Bullet 2", "Nested"), ("List Number", "First"),
    ]


def test_each_ordered_list_counts_from_one(reference: Path) -> None:
    document = write(reference, "<ol><li>a</li><li>b</li></ol><p>x</p><ol><li>c</li></ol>")
    a, b, _, c = document.paragraphs
    number_ids = [p._p.pPr.numPr.numId.val for p in (a, b, c)]
    assert number_ids[0] == number_ids[1] != number_ids[2]
    numbering = document.part.numbering_part.element
    for number_id in {number_ids[0], number_ids[2]}:
        override = numbering.num_having_numId(number_id).lvlOverride_lst[0]
        assert override.startOverride.val == 1


# --- tables ----------------------------------------------------------------------

BUDGET = """<table><caption>The ask</caption>
<thead><tr><th scope="col">Ask</th><th scope="col" class="num">USD</th></tr></thead>
<tbody><tr><th scope="row">Shared operations hub</th><td class="num">583,000</td></tr>
<tr><th scope="row">Participation fund</th><td class="num">301,400</td></tr></tbody>
<tfoot><tr class="total"><th scope="row">Total</th><td class="num">884,400</td></tr></tfoot>
</table>"""


def test_table_has_a_repeating_header_row_and_right_aligned_numbers(reference: Path) -> None:
    document = write(reference, BUDGET)
    (table,) = document.tables
    assert table.style.name == "Pitch Table"
    header, first, _, total = table.rows
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert first._tr.trPr is None or first._tr.trPr.find(qn("w:tblHeader")) is None
    assert [cell.paragraphs[0].style.name for cell in header.cells] == ["Table Heading"] * 2
    assert first.cells[1].text == "583,000"
    assert first.cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert first.cells[0].paragraphs[0].alignment is None
    assert [cell.paragraphs[0].style.name for cell in total.cells] == ["Table Total"] * 2


def test_table_caption_comes_first_and_names_the_table(reference: Path) -> None:
    document = write(reference, BUDGET)
    assert styles_and_texts(document)[0] == ("Caption", "The ask")
    caption = document.tables[0]._tbl.tblPr.find(qn("w:tblCaption"))
    assert caption.get(qn("w:val")) == "The ask"


def test_colspan_merges_cells_and_cells_may_hold_lists(reference: Path) -> None:
    body = """<table><tr><td colspan="2">Both</td></tr>
    <tr><td>Left</td><td><ul><li>Item</li></ul></td></tr></table>"""
    (table,) = write(reference, body).tables
    assert table.cell(0, 0)._tc is table.cell(0, 1)._tc
    assert [(p.style.name, p.text) for p in table.cell(1, 1).paragraphs] == [
        ("List Bullet", "Item"),
    ]


# --- pictures --------------------------------------------------------------------


def test_figure_has_a_picture_with_alt_text_and_a_caption(reference: Path, tmp_path: Path) -> None:
    Image.new("RGB", (40, 20), "teal").save(tmp_path / "logo.png")
    body = """<figure><img src="logo.png" alt="The coalition logo">
    <figcaption>Logo</figcaption></figure>"""
    document = write(reference, body, image_folders=[tmp_path])
    (shape,) = document.inline_shapes
    assert shape._inline.docPr.get("descr") == "The coalition logo"
    assert [p.style.name for p in document.paragraphs] == ["Figure", "Caption"]


def test_image_outside_the_allowed_folders_is_reported_and_left_out(
    reference: Path, tmp_path: Path
) -> None:
    allowed = tmp_path / "images"
    allowed.mkdir()
    Image.new("RGB", (4, 4)).save(tmp_path / "secret.png")
    problems: list[Problem] = []
    body = '<p>Before <img src="../secret.png" alt="x"> after</p>'
    document = write(reference, body, image_folders=[allowed], report=problems.append)
    assert document.inline_shapes._inline_lst == []
    assert [(p.file, p.severity) for p in problems] == [("../secret.png", Severity.WARNING)]


# --- page, footer and metadata ---------------------------------------------------


def test_footer_carries_the_version_line_and_a_page_number_field(reference: Path) -> None:
    footer = write(reference, "<p>x</p>").sections[0].footer
    (paragraph,) = footer.paragraphs
    assert paragraph.style.name == "Footer"
    assert paragraph.text.startswith(METADATA.footer_text)
    instructions = [text.text.strip() for text in paragraph._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE"]


def test_document_language_is_declared_in_the_style_defaults(reference: Path) -> None:
    styles = write(reference, "<p>x</p>").styles.element
    language = styles.find(xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang"))
    assert language.get(qn("w:val")) == "en-GB"


def test_core_properties_name_the_coalition_the_doi_and_the_date(reference: Path) -> None:
    properties = write(reference, "<p>x</p>").core_properties
    midnight = datetime.datetime(2026, 11, 24, tzinfo=datetime.UTC)
    assert (properties.author, properties.last_modified_by) == (METADATA.author, METADATA.author)
    assert properties.title == METADATA.title
    assert properties.identifier == f"https://doi.org/{DOI}"
    assert (properties.version, properties.language) == ("1.2.0", "en-GB")
    assert properties.keywords == "open science, sustainability"
    assert properties.created == properties.modified == midnight
    assert properties.comments == ""


def test_python_docx_is_not_named_anywhere_in_the_file(reference: Path) -> None:
    with ZipFile(BytesIO(write_bytes(reference, "<p>x</p>"))) as archive:
        for name in archive.namelist():
            assert b"python-docx" not in archive.read(name), name


def test_letter_paper_sets_the_page_size(reference: Path) -> None:
    metadata = DocumentMetadata(**{**METADATA.__dict__, "paper": "letter"})
    data = write_docx(page("<p>x</p>"), reference=reference, metadata=metadata)
    section = docx.Document(BytesIO(data)).sections[0]
    assert (round(section.page_width.inches, 2), round(section.page_height.inches, 2)) == (8.5, 11)


def test_same_html_gives_identical_bytes_stamped_with_the_version_date(reference: Path) -> None:
    body = BUDGET + '<p><a href="https://prereview.org">PREreview</a></p><ol><li>a</li></ol>'
    first, second = write_bytes(reference, body), write_bytes(reference, body)
    assert first == second
    with ZipFile(BytesIO(first)) as archive:
        assert archive.namelist()[0] == "[Content_Types].xml"
        assert {info.date_time for info in archive.infolist()} == {(2026, 11, 24, 0, 0, 0)}


# --- the reference document ------------------------------------------------------


def test_reference_is_byte_stable_and_defines_every_style_the_writer_names(
    reference: Path, tmp_path: Path
) -> None:
    again = tmp_path / "again.docx"
    write_reference_docx(again)
    assert again.read_bytes() == reference.read_bytes()
    for path in (reference, PROJECT / "templates" / "reference.docx"):
        names = {style.name for style in docx.Document(str(path)).styles}
        assert set(REQUIRED_STYLES) <= names, path


def test_reference_names_the_font_and_the_type_scale(reference: Path) -> None:
    document = docx.Document(str(reference))
    fonts = document.styles.element.find(xpath("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts"))
    assert fonts.get(qn("w:ascii")) == "Atkinson Hyperlegible"
    sizes = {name: document.styles[name].font.size for name in ("Title", "Heading 1", "Normal")}
    assert sizes == {"Title": Pt(28), "Heading 1": Pt(18), "Normal": Pt(11)}


@pytest.mark.parametrize("colour", [INK, ACCENT, MUTED])
def test_reference_text_colours_meet_wcag_aa_on_white(colour: str) -> None:
    assert contrast_with_white(colour) >= 4.5


def test_a_style_a_designer_changes_in_the_reference_reaches_the_output(
    reference: Path, tmp_path: Path
) -> None:
    designed = docx.Document(str(reference))
    designed.styles["Lead"].font.size = Pt(15)
    edited = tmp_path / "edited.docx"
    designed.save(str(edited))
    document = write(edited, '<p class="lead">Bigger</p>')
    assert document.paragraphs[0].style.font.size == Pt(15)


def test_a_reference_missing_a_style_is_reported(reference: Path, tmp_path: Path) -> None:
    broken = docx.Document(str(reference))
    lead = broken.styles["Lead"].element
    lead.getparent().remove(lead)
    path = tmp_path / "broken.docx"
    broken.save(str(path))
    with pytest.raises(PitchError, match="no style 'Lead'"):
        write(path, "<p>x</p>")


def contrast_with_white(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


# --- LibreOffice round trip ------------------------------------------------------


def test_libreoffice_opens_the_docx_and_converts_it_to_pdf(
    reference: Path, tmp_path: Path
) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    body = """<header class="cover"><h1>From Surviving to Thriving</h1></header>
    <section class="page-break"><h2>Budget</h2>""" + BUDGET + "</section>"
    (tmp_path / "pitch.docx").write_bytes(write_bytes(reference, body))
    profile = (tmp_path / "libreoffice-profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(tmp_path / "pitch.docx")],
        check=True, capture_output=True, timeout=180,
    )
    reader = PdfReader(tmp_path / "pitch.pdf")
    assert len(reader.pages) == 2
    assert "From Surviving to Thriving" in reader.pages[0].extract_text()
    assert "884,400" in reader.pages[1].extract_text()
    assert reader.metadata.title == METADATA.title
