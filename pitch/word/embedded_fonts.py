"""Embed the packaged fonts in the Word file, so that Word and LibreOffice set it as the PDF is set.

Word's embedded fonts (ECMA-376 Part 1, §17.8.1 and §17.8.3.3): each font
file is stored as an obfuscated part (/word/fonts/*.odttf), related from the
font table, and named by a w:embedRegular (Bold, Italic, BoldItalic) element
whose w:fontKey is a GUID; the first 32 bytes of the file are XORed with that
GUID's 16 bytes in reverse order. The GUID comes from the font's own bytes,
so the same fonts give the same DOCX. The fonts' licence (SIL Open Font
Licence) allows embedding.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from pitch.fonts import ATKINSON, FAMILIES, PackagedFamily, family_characters

OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
STYLES = ("embedRegular", "embedBold", "embedItalic", "embedBoldItalic")
SETTINGS_BEFORE_EMBEDDING = (
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData")
"""The w:settings children that the schema puts before w:embedTrueTypeFonts."""


def families_needed(text: str) -> list[PackagedFamily]:
    """The packaged families a text needs: Atkinson always, the others for what it lacks."""
    characters = {ord(character) for character in text}
    needed, missing = [ATKINSON], characters - family_characters(ATKINSON)
    for family in FAMILIES[1:]:
        if missing & family_characters(family):
            needed.append(family)
            missing -= family_characters(family)
    return needed


def font_key(font: bytes) -> str:
    """A GUID for the font, taken from its bytes: `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`."""
    return "{" + str(uuid.UUID(bytes=hashlib.sha256(font).digest()[:16])).upper() + "}"


def obfuscate(font: bytes, key: str) -> bytes:
    """XOR the font's first 32 bytes with the key's 16 bytes in reverse order (§17.8.1)."""
    mask = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1] * 2
    return bytes(byte ^ mask[index] for index, byte in enumerate(font[:32])) + font[32:]


def embed_fonts(document: Document, families: Iterable[PackagedFamily]) -> None:
    """Store each family's styles in the DOCX and tell Word to use embedded fonts.

    A variable font serves several styles from one file; it is stored once,
    as the first style it serves (Word and LibreOffice embolden the rest).
    """
    font_table = document.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    root = etree.fromstring(font_table.blob)
    number = 0
    for family in families:
        entry = _font_entry(root, family.family)
        stored: set[str] = set()
        for style, file_name in zip(STYLES, family.files, strict=True):
            if file_name in stored:
                continue
            stored.add(file_name)
            number += 1
            font = (family.folder / file_name).read_bytes()
            key = font_key(font)
            part = Part(PackURI(f"/word/fonts/font{number}.odttf"), OBFUSCATED_FONT,
                        obfuscate(font, key), document.part.package)
            relationship = font_table.relate_to(part, RELATIONSHIP_TYPE.FONT)
            embedded = etree.SubElement(entry, qn(f"w:{style}"))
            embedded.set(qn("r:id"), relationship)
            embedded.set(qn("w:fontKey"), key)
    font_table._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
    _ask_for_embedded_fonts(document)


BULLET = "\u2022"


def bullets_in_packaged_font(document: Document) -> None:
    """Draw list bullets as a bullet of the packaged font, not Symbol's private-use glyph.

    Word's default bullet is U+F0B7 in the Symbol font, which no packaged
    font has: LibreOffice would bring in OpenSymbol for it.
    """
    numbering = document.part.numbering_part.element
    for level in numbering.iter(qn("w:lvl")):
        kind = level.find(qn("w:numFmt"))
        if kind is None or kind.get(qn("w:val")) != "bullet":
            continue
        text = level.find(qn("w:lvlText"))
        if text is not None:
            text.set(qn("w:val"), BULLET)
        for fonts in level.iter(qn("w:rFonts")):
            fonts.attrib.clear()
            for attribute in ("ascii", "hAnsi", "cs"):
                fonts.set(qn(f"w:{attribute}"), ATKINSON.family)


def _font_entry(root: etree._Element, name: str) -> etree._Element:
    """The font table's w:font entry for `name` (added if the reference lacks it), unembedded."""
    for entry in root.iter(qn("w:font")):
        if entry.get(qn("w:name")) == name:
            for style in STYLES:
                for old in entry.findall(qn(f"w:{style}")):
                    entry.remove(old)
            return entry
    entry = parse_xml(f'<w:font {nsdecls("w")} w:name="{name}"><w:family w:val="swiss"/>'
                      '<w:pitch w:val="variable"/></w:font>')
    root.insert(0, entry)
    return entry


def _ask_for_embedded_fonts(document: Document) -> None:
    """Add w:embedTrueTypeFonts to the settings, where the schema wants it."""
    settings = document.settings.element
    if settings.find(qn("w:embedTrueTypeFonts")) is not None:
        return
    before = [index for index, child in enumerate(settings)
              if child.tag in {qn(f"w:{name}") for name in SETTINGS_BEFORE_EMBEDDING}]
    settings.insert(before[-1] + 1 if before else 0, parse_xml(f"<w:embedTrueTypeFonts {nsdecls('w')}/>"))
