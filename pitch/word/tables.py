"""HTML tables into Word tables in the reference's "Pitch Table" style.

Header rows repeat on every page, number cells align right, footer rows
(totals) use "Table Total", and columns get widths from their content.
"""

from __future__ import annotations

from collections.abc import Callable
from xml.etree.ElementTree import Element

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Emu, Length, Pt
from docx.table import Table, _Cell

from pitch.word.inline import classes
from pitch.word.ooxml import StyleIds, mark_header_row

TABLE_STYLE = "Pitch Table"
SECTION_ORDER = {"thead": 0, "tbody": 1, "tfoot": 2}
CHARACTER_WIDTH = Pt(6.5)
"""A generous average width of one character of 10 pt table text, bold or not."""
CELL_PADDING = Pt(12)
"""The Pitch Table style's left and right cell margins, and a little air."""
LINE_TAGS = frozenset({"p", "li", "div"})

CellWriter = Callable[[_Cell, Element, str], None]
Row = tuple[str, Element]


def write_table(
    element: Element,
    container: Document | _Cell,
    write_cell: CellWriter,
    width: Length | None,
    styles: StyleIds,
) -> Table:
    """Add a table for an HTML <table>; `write_cell` fills each cell in the given style."""
    rows = _rows(element)
    columns = max((sum(_span(cell) for cell in _cells(tr)) for _, tr in rows), default=1)
    table = container.add_table(rows=max(len(rows), 1), cols=columns)
    table.style = TABLE_STYLE
    for index, (section, tr) in enumerate(rows):
        _write_row(table, (index, section, tr), write_cell, styles)
    has_header = _mark_header_rows(table, rows)
    _set_first_row_look(table, has_header)
    if width is not None:
        _set_column_widths(table, _column_widths(rows, columns, width))
    return table


def _rows(table: Element) -> list[Row]:
    """Rows in display order: head, body, foot (the parser adds the tbody)."""
    rows = [
        (section.tag, tr)
        for section in table
        if section.tag in SECTION_ORDER
        for tr in section
        if tr.tag == "tr"
    ]
    return sorted(rows, key=lambda row: SECTION_ORDER[row[0]])


def _cells(tr: Element) -> list[Element]:
    return [cell for cell in tr if cell.tag in ("th", "td") and cell.get("data-docx") != "skip"]


def _span(cell: Element) -> int:
    value = cell.get("colspan", "1")
    return max(int(value), 1) if value.isdigit() else 1


def _write_row(
    table: Table, row: tuple[int, str, Element], write_cell: CellWriter, styles: StyleIds
) -> None:
    index, section, tr = row
    column = 0
    for element in _cells(tr):
        span = min(_span(element), len(table.columns) - column)
        cell = table.cell(index, column)
        if span > 1:
            cell = cell.merge(table.cell(index, column + span - 1))
        style = _cell_style(section, tr, element)
        write_cell(cell, element, style)
        _tidy_cell(cell, style, styles)
        if "num" in classes(element):
            for paragraph in cell.paragraphs:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        column += span


def _cell_style(section: str, tr: Element, element: Element) -> str:
    if section == "tfoot" or "total" in classes(tr):
        return "Table Total"
    if section == "thead" or element.tag == "th":
        return "Table Heading"
    return "Table Text"


def _tidy_cell(cell: _Cell, style: str, styles: StyleIds) -> None:
    """Drop the empty paragraph every new cell starts with, unless it is all there is."""
    first, *rest = [child for child in cell._tc if child.tag != qn("w:tcPr")]
    if rest:
        cell._tc.remove(first)
    else:
        styles.set_paragraph_style(cell.paragraphs[0], style)


def _mark_header_rows(table: Table, rows: list[Row]) -> bool:
    """Repeat the thead rows (or a first row of th cells) on every page; True if any."""
    header = [index for index, (section, _) in enumerate(rows) if section == "thead"]
    if not header and rows and all(cell.tag == "th" for cell in _cells(rows[0][1])):
        header = [0]
    for index in header:
        mark_header_row(table.rows[index])
    return bool(header)


def _set_first_row_look(table: Table, has_header: bool) -> None:
    """Let the style's header formatting apply only when there is a header row."""
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    if look is not None:
        look.set(qn("w:firstRow"), "1" if has_header else "0")
        look.set(qn("w:firstColumn"), "0")
        look.set(qn("w:val"), "0420" if has_header else "0400")


def _column_widths(rows: list[Row], columns: int, width: Length) -> list[int]:
    """Widths as a browser's automatic table layout gives them.

    Every column gets at least its longest unbreakable text (a word, or a
    whole number in a td.num), then shares the rest by how much wider its
    longest line would like to be.
    """
    least, most = [0] * columns, [0] * columns
    for _, tr in rows:
        column = 0
        for cell in _cells(tr):
            if _span(cell) == 1 and column < columns:
                lines = [" ".join(line.split()) for line in _cell_text(cell).split("\n")]
                whole = cell.tag == "td" and "num" in classes(cell)
                pieces = lines if whole else " ".join(lines).split()
                least[column] = max(least[column], _text_length(max(pieces, key=len, default="")))
                most[column] = max(most[column], _text_length(max(lines, key=len)))
            column += _span(cell)
    return _share(least, most, width)


def _share(least: list[int], most: list[int], width: int) -> list[int]:
    if sum(most) <= width:
        return [width * wanted // sum(most) for wanted in most]
    if sum(least) >= width:
        return [width * needed // sum(least) for needed in least]
    stretch = [wanted - needed for needed, wanted in zip(least, most, strict=True)]
    spare = width - sum(least)
    return [needed + spare * extra // sum(stretch) for needed, extra in zip(least, stretch, strict=True)]


def _text_length(text: str) -> int:
    return CELL_PADDING + len(text) * CHARACTER_WIDTH


def _cell_text(element: Element) -> str:
    """The cell's text with a line break for each <br>, list item and paragraph."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == "br" or child.tag in LINE_TAGS:
            parts.append("\n")
        if child.tag != "br":
            parts.append(_cell_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _set_column_widths(table: Table, widths: list[int]) -> None:
    for grid_column, column_width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=False):
        grid_column.w = Length(column_width)
    for tr in table._tbl.tr_lst:
        column = 0
        for tc in tr.tc_lst:
            tc.width = Emu(sum(widths[column : column + tc.grid_span]))
            column += tc.grid_span
