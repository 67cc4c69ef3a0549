"""The budget charts as PNG pictures for the DOCX, at print resolution.

Word needs a bitmap (SVG only from Word 2016 on, and not in every portal's
viewer), so each chart's SVG is laid out by WeasyPrint, with the same
packaged font as the PDF, on a page of its own size, and rasterised by
pdfium (pypdfium2) at 300 dpi. Both are deterministic, so the pictures, and
the DOCX, are byte-identical from build to build.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from xml.etree.ElementTree import fromstring

from markupsafe import escape

from pitch.documents.cache import Entry
from pitch.documents.pdf import write_pdf
from pitch.render.data_urls import SVG_DATA_URL, svg_of
from pitch.timings import span

DOTS_PER_INCH = 300
POINTS_PER_INCH = 72
CHART_SOURCE = re.compile(r'src="(' + re.escape(SVG_DATA_URL) + r'[A-Za-z0-9+/=]+)"')


def chart_sources(html: str) -> list[str]:
    """The data: URL of each chart in `html`, once each, in order."""
    return list(dict.fromkeys(CHART_SOURCE.findall(html)))


def chart_pictures(html: str, templates_dir: Path) -> tuple[dict[str, bytes], dict[str, str]]:
    """Each chart's data: URL in `html`, mapped to its PNG at 300 dpi (none: an empty dict),
    and the files drawing them read (the fonts), each with its sha256."""
    sources = chart_sources(html)
    if not sources:
        return {}, {}
    with span("charts: import pypdfium2"):
        import pypdfium2  # a 9 MB library: loaded only when there are charts to draw
    pages = write_pdf(_one_chart_a_page(sources), templates_dir=templates_dir,
                      source="templates/charts/bars.svg.j2")
    document = pypdfium2.PdfDocument(pages.content)
    try:
        with span("charts: rasterise"):
            pictures = {source: _png(document[index]) for index, source in enumerate(sources)}
    finally:
        document.close()
    return pictures, pages.dependencies


def pictures_entry(pictures: dict[str, bytes], dependencies: dict[str, str]) -> Entry:
    """The charts' pictures as one cache entry: the PNGs one after another."""
    return Entry(b"".join(pictures.values()),
                 {"lengths": [len(picture) for picture in pictures.values()]}, dependencies)


def pictures_from_entry(entry: Entry, sources: list[str]) -> dict[str, bytes]:
    """The pictures `pictures_entry` kept, for these chart sources."""
    pictures, start = {}, 0
    for source, length in zip(sources, entry.details["lengths"], strict=True):
        pictures[source] = entry.payload[start:start + int(length)]
        start += int(length)
    return pictures


def _one_chart_a_page(sources: list[str]) -> str:
    """HTML that puts each chart on a page exactly its size."""
    rules, images = [], []
    for index, source in enumerate(sources):
        width, height = _size(svg_of(source) or b"")
        rules.append(f"@page chart{index} {{ size: {width}px {height}px; margin: 0 }}"
                     f" .chart{index} {{ page: chart{index} }}")
        images.append(f'<img class="chart{index}" src="{escape(source)}" alt="chart {index}">')
    return ('<!DOCTYPE html><html lang="en"><head><title>charts</title>'
            '<link rel="stylesheet" href="fonts.css"><style>'
            "body { margin: 0 } img { display: block; break-before: page } "
            + " ".join(rules) + "</style></head><body>" + "".join(images) + "</body></html>")


def _size(svg: bytes) -> tuple[str, str]:
    root = fromstring(svg)
    return root.get("width", "300"), root.get("height", "150")


def _png(page: object) -> bytes:
    bitmap = page.render(scale=DOTS_PER_INCH / POINTS_PER_INCH)  # type: ignore[attr-defined]
    picture = bitmap.to_pil().convert("RGB")
    out = io.BytesIO()
    picture.save(out, "PNG", dpi=(DOTS_PER_INCH, DOTS_PER_INCH), optimize=True)
    return out.getvalue()
