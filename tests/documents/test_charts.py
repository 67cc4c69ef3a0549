"""The budget charts in the built PDF (vector, tagged with alt text) and DOCX (300 dpi, described)."""

from __future__ import annotations

import re
import struct
import zipfile
from html import unescape
from pathlib import Path

import docx
from docx.oxml.ns import qn
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

ALT = re.compile(r'<img class="chart" src="[^"]+" alt="([^"]*)"')


def _alts(build: Path) -> list[str]:
    html = next(build.glob("*-v*[0-9].html")).read_text(encoding="utf-8")
    return [unescape(alt) for alt in ALT.findall(html)]


def _figures(reader: PdfReader) -> list[DictionaryObject]:
    """Every Figure element of the PDF's structure tree, in document order."""
    found: list[DictionaryObject] = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, DictionaryObject):
            if node.get("/S") == "/Figure":
                found.append(node)
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def _raster_images(reader: PdfReader) -> int:
    count = 0
    for page in reader.pages:
        for xobject in (page.get("/Resources", {}).get("/XObject") or {}).values():
            count += xobject.get_object().get("/Subtype") == "/Image"
    return count


def test_the_pdf_draws_the_charts_as_vectors_with_their_alt_text(built_minimal: Path) -> None:
    build = built_minimal / "build"
    reader = PdfReader(next(build.glob("*-v*[0-9].pdf")))
    alts = _alts(build)
    assert alts[0] == ("The ask by kind of cost, in 2 parts. The largest is Travel, with "
                       "USD\u00a02,000 or 67 percent; then Events, with USD\u00a01,000 or 33 percent. "
                       "The total is USD\u00a03,000.")
    assert [str(figure.get("/Alt")) for figure in _figures(reader)] == alts
    assert _raster_images(reader) == 0  # no bitmap anywhere: the bars and labels are vector art
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    assert "2,000 · 67%" in text  # the labels are real text, in the packaged font


def _png_size_and_dpi(data: bytes) -> tuple[int, int, float]:
    width, height = struct.unpack(">II", data[16:24])
    at = data.index(b"pHYs") + 4
    per_metre, _, unit = struct.unpack(">IIB", data[at:at + 9])
    assert unit == 1
    return width, height, per_metre * 0.0254


def test_the_docx_shows_each_chart_at_print_resolution_with_the_same_alt_text(
    built_minimal: Path,
) -> None:
    build = built_minimal / "build"
    path = next(build.glob("*.docx"))
    document = docx.Document(str(path))
    descriptions = [element.get("descr") for element in document.element.body.iter(qn("wp:docPr"))]
    assert descriptions == _alts(build)
    with zipfile.ZipFile(path) as archive:
        pictures = [archive.read(name) for name in archive.namelist() if name.startswith("word/media/")]
    assert len(pictures) == len(descriptions) == 3
    for picture in pictures:
        assert picture.startswith(b"\x89PNG")
        width, _, dpi = _png_size_and_dpi(picture)
        assert round(dpi) == 300 and abs(width - 1000) <= 1  # 320 CSS px = 3.33 in at 300 dpi
    assert all(shape.width == docx.shared.Inches(320 / 96) for shape in document.inline_shapes)
