"""The Word reference styles: templates/reference.docx, made from python-docx's template.

A designer may edit the generated file in Word afterwards; the DOCX writer
only names styles, so whatever the reference says is what the pitch gets.
Colours meet WCAG AA against white: text 4.5:1, rules and fills 3:1.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Length, Pt, RGBColor
from docx.text.parfmt import ParagraphFormat
from lxml import etree

from pitch.outputs import write_atomically
from pitch.word.package import ZIP_EPOCH, repack_zip

FONT = "Atkinson Hyperlegible"
# The print CSS's palette (templates/pitch.css), so both outputs look alike.
INK = "1B2230"  # 15.9:1 on white
ACCENT = "0B5563"  # 8.4:1 on white, 7.3:1 on ACCENT_TINT
MUTED = "4B5565"  # 7.5:1 on white
ACCENT_TINT = "E8F1F1"  # the header row's fill
RULE = "7F8C90"  # 3.5:1 on white, 3.0:1 on ACCENT_TINT: table rules

WORD_BUILT_IN_STYLES = frozenset({"Hyperlink"})
"""Styles Word knows by name although the template lacks them."""
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


@dataclass(frozen=True)
class StyleSpec:
    """How one named style looks; None leaves the template's value."""

    name: str
    base: str | None = None
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    colour: str | None = None
    space_before: float | None = None
    space_after: float | None = None
    line_spacing: float | None = None
    keep_with_next: bool | None = None
    all_caps: bool | None = None
    underline: bool | None = None
    centred: bool = False
    character: bool = False
    superscript: bool | None = None


STYLES = (
    StyleSpec("Normal", size=11, colour=INK, space_after=6, line_spacing=1.15),
    StyleSpec("Body Text", base="Normal", space_after=8),
    StyleSpec("Title", size=28, bold=True, colour=ACCENT, space_after=6, line_spacing=1.0),
    StyleSpec("Subtitle", size=14, italic=False, colour=MUTED, space_after=18),
    StyleSpec("Heading 1", size=18, bold=True, colour=ACCENT, space_before=18, space_after=6),
    StyleSpec("Heading 2", size=14, bold=True, colour=ACCENT, space_before=14, space_after=4),
    StyleSpec("Heading 3", size=12, bold=True, colour=ACCENT, space_before=10, space_after=2),
    StyleSpec("Heading 4", size=11, bold=True, italic=False, colour=ACCENT, space_before=8),
    StyleSpec("Heading 5", size=11, bold=True, italic=False, colour=ACCENT, space_before=8),
    StyleSpec("Heading 6", size=11, bold=True, italic=False, colour=ACCENT, space_before=8),
    StyleSpec("Lead", base="Body Text", size=13, space_after=12),
    StyleSpec("Meta", base="Normal", size=9, colour=MUTED),
    StyleSpec("Label", base="Normal", size=8.5, bold=True, all_caps=True, colour=ACCENT,
              space_before=8, space_after=2, keep_with_next=True),
    StyleSpec("Caption", size=9.5, bold=False, italic=False, colour=MUTED, space_after=10),
    StyleSpec(
        "Figure", base="Normal", space_before=8, space_after=2, keep_with_next=True, centred=True
    ),
    StyleSpec("Footer", size=9, colour=MUTED),
    StyleSpec("Quote", colour=INK),
    StyleSpec("Table Text", base="Normal", size=10, space_after=0, line_spacing=1.0),
    StyleSpec("Table Heading", base="Table Text", bold=True, colour=ACCENT),
    StyleSpec("Table Total", base="Table Text", bold=True),
    StyleSpec("Hyperlink", base="Default Paragraph Font", colour=ACCENT, underline=True,
              character=True),
    StyleSpec("Table Note", base="Default Paragraph Font", size=8.5, bold=False, colour=MUTED,
              character=True),
    StyleSpec("Note Reference", base="Default Paragraph Font", colour=ACCENT, superscript=True,
              character=True),
)

TABLE_STYLE = f"""
<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="PitchTable">
  <w:name w:val="Pitch Table"/><w:basedOn w:val="TableNormal"/>
  <w:uiPriority w:val="59"/><w:qFormat/>
  <w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:tblPr>
    <w:tblBorders>
      <w:top w:val="single" w:sz="8" w:space="0" w:color="{RULE}"/>
      <w:bottom w:val="single" w:sz="8" w:space="0" w:color="{RULE}"/>
      <w:insideH w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/>
    </w:tblBorders>
    <w:tblCellMar>
      <w:top w:w="57" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>
      <w:bottom w:w="57" w:type="dxa"/><w:right w:w="85" w:type="dxa"/>
    </w:tblCellMar>
  </w:tblPr>
  <w:tblStylePr w:type="firstRow">
    <w:rPr><w:b/><w:bCs/></w:rPr>
    <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{ACCENT_TINT}"/></w:tcPr>
  </w:tblStylePr>
</w:style>
"""

FONT_ENTRY = f"""
<w:font {nsdecls("w")} w:name="{FONT}">
  <w:family w:val="swiss"/><w:pitch w:val="variable"/>
</w:font>
"""
"""Names the font as a sans-serif: Word and LibreOffice substitute one when it is absent."""


TEMPLATE_LEFTOVERS = (
    ("Title", "w:pPr", "w:pBdr"),
    ("Title", "w:rPr", "w:spacing"),
    ("Subtitle", "w:rPr", "w:spacing"),
    ("Subtitle", "w:pPr", "w:numPr"),
    ("Footer", "w:pPr", "w:tabs"),
)
"""Template formatting that fights the type scale: (style, properties, property)."""


def write_reference_docx(path: Path) -> None:
    """Write the Word reference styles the DOCX writer uses to `path`."""
    document = docx.Document()
    _use_font_everywhere(document)
    for spec in STYLES:
        _apply_style(document, spec)
    _tidy_template_styles(document)
    _match_complex_script_sizes(document)
    document.styles.element.append(parse_xml(TABLE_STYLE))
    _set_page(document)
    _drop_template_leftovers(document)
    _set_properties(document)
    buffer = BytesIO()
    document.save(buffer)
    write_atomically(path, repack_zip(buffer.getvalue(), ZIP_EPOCH))


def _use_font_everywhere(document: Document) -> None:
    """Name the font in the defaults and drop the theme fonts that would override it."""
    styles = document.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{attribute}"), None)
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    for attribute in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{attribute}"), FONT)
    font_table = document.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    root = etree.fromstring(font_table.blob)
    root.insert(0, parse_xml(FONT_ENTRY))
    font_table._blob = etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", standalone=True
    )


def _apply_style(document: Document, spec: StyleSpec) -> None:
    kind = WD_STYLE_TYPE.CHARACTER if spec.character else WD_STYLE_TYPE.PARAGRAPH
    names = {style.name for style in document.styles}
    if spec.name in names:
        style = document.styles[spec.name]
    else:
        builtin = spec.name in WORD_BUILT_IN_STYLES
        style = document.styles.add_style(spec.name, kind, builtin=builtin)
    if spec.base is not None:
        style.base_style = document.styles[spec.base]
    style.quick_style, style.hidden = True, False
    font = style.font
    _set_given(font, size=_points(spec.size), bold=spec.bold, italic=spec.italic,
               all_caps=spec.all_caps, underline=spec.underline, superscript=spec.superscript)
    if spec.colour is not None:
        font.color.rgb = RGBColor.from_string(spec.colour)
    if not spec.character:
        _apply_paragraph_format(style.paragraph_format, spec)


def _apply_paragraph_format(paragraph_format: ParagraphFormat, spec: StyleSpec) -> None:
    _set_given(
        paragraph_format,
        space_before=_points(spec.space_before),
        space_after=_points(spec.space_after),
        line_spacing=spec.line_spacing,
        keep_with_next=spec.keep_with_next,
    )
    if spec.centred:
        paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _set_given(target: object, **values: object) -> None:
    """Set the attributes whose value is given; None keeps the template's."""
    for attribute, value in values.items():
        if value is not None:
            setattr(target, attribute, value)


def _points(value: float | None) -> Length | None:
    return None if value is None else Pt(value)


def _tidy_template_styles(document: Document) -> None:
    """Remove the template's rule under the title, its letter spacing and footer tab stops."""
    for style_name, properties, leftover in TEMPLATE_LEFTOVERS:
        style = document.styles[style_name].element
        for element in style.findall(f"{qn(properties)}/{qn(leftover)}"):
            element.getparent().remove(element)


def _match_complex_script_sizes(document: Document) -> None:
    """Give right-to-left and Asian text the same size as the style's Latin text."""
    for properties in document.styles.element.iter(qn("w:rPr")):
        size, complex_size = properties.find(qn("w:sz")), properties.find(qn("w:szCs"))
        if size is not None and complex_size is not None:
            complex_size.set(qn("w:val"), size.get(qn("w:val")))


def _set_page(document: Document) -> None:
    """A4 with 2.5 cm margins; the writer switches to US Letter when asked."""
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.header_distance = section.footer_distance = Cm(1.25)


def _drop_template_leftovers(document: Document) -> None:
    """Drop the template's thumbnail of a blank page and its Word 2010 style copy."""
    package_rels = document.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            package_rels.pop(rel_id)
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            document.part.rels.pop(rel_id)


def _set_properties(document: Document) -> None:
    properties = document.core_properties
    properties.title = "funder-pitch reference styles"
    properties.author = properties.last_modified_by = "funder-pitch"
    properties.comments = "Edit the styles in Word; the pitch's DOCX uses them by name."
    moment = datetime.datetime(ZIP_EPOCH.year, 1, 1, tzinfo=datetime.UTC)
    properties.created = properties.modified = moment
    properties.revision = 1
