"""Finish the tags WeasyPrint writes, so that both PDFs pass a PDF/UA-1 checker.

WeasyPrint tags the body well but leaves four things short of PDF/UA-1:
what it paints in the page margins (the running title, the footer, page
numbers) is marked as content that no structure element owns, where it
must be an artifact; list markers are painted after the whole page's text,
out of the tags' reading order; header cells carry no /Scope; and link
annotations are not flagged for printing. `finish_tagged_pdf` mends these
on the written bytes with pikepdf, changing nothing else: the text, the
fonts, the XMP metadata and the stamps stay as they were, and the same input
gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Operator

PRINT_FLAG = 4
"""Bit 3 of an annotation's /F: print it (PDF 32000-1, 12.5.3)."""
ObjectKey = tuple[int, int]


def finish_tagged_pdf(content: bytes) -> bytes:
    """Mark page furniture and list markers as artifacts, scope header cells, print links.

    The one post-processing step for every PDF the build writes (the pitch,
    the summary, the redline): call it on what WeasyPrint's write_pdf returned.
    """
    with pikepdf.open(BytesIO(content)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return content
        labels = _drop_elements(root, "/Lbl")
        owned = {_key(element) for element in _elements(root)}
        parents = _parent_arrays(root)
        _links_in_link_elements(root, owned)
        for page in pdf.pages:
            mcids = parents.get(int(page.obj.get("/StructParents", -1)))
            if mcids is not None:
                _mark_artifacts(pdf, page, mcids, owned, labels)
            _print_links(page)
        for element in list(_elements(root)):
            if element.get("/S") == "/TH":
                _scope_header_cell(element)
            elif element.get("/S") == "/LI":
                _body_in_list_item(pdf, element)
        written = BytesIO()
        pdf.save(written, deterministic_id=True)
    return written.getvalue()


def _key(item: pikepdf.Object) -> ObjectKey:
    return item.objgen


def _kids(element: pikepdf.Object) -> list[pikepdf.Object]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _elements(root: pikepdf.Object) -> Iterator[pikepdf.Object]:
    """Every structure element reachable from the root, depth first."""
    for kid in _kids(root):
        if isinstance(kid, Dictionary) and kid.get("/Type", Name.StructElem) == Name.StructElem \
                and "/S" in kid:
            yield kid
            yield from _elements(kid)


def _drop_elements(root: pikepdf.Object, role: str) -> set[ObjectKey]:
    """Take the elements of `role` out of the tree; the keys of everything under them."""
    dropped: set[ObjectKey] = set()
    for element in list(_elements(root)):
        kids = element.get("/K")
        if not isinstance(kids, Array):
            continue
        keep = [kid for kid in kids if not (isinstance(kid, Dictionary) and kid.get("/S") == role)]
        for kid in kids:
            if isinstance(kid, Dictionary) and kid.get("/S") == role:
                dropped |= {_key(kid)} | {_key(below) for below in _elements(kid)}
        if len(keep) != len(kids):
            element["/K"] = Array(keep)
    return dropped


def _links_in_link_elements(root: pikepdf.Object, owned: set[ObjectKey]) -> None:
    """Hand each link annotation that a span inside a link holds to that Link element.

    WeasyPrint gives a link's inner boxes (a marked value's <span> inside an
    <a>) the link annotation too, so the annotation's object reference sits
    in the span; PDF/UA-1 wants it in the Link element itself.
    """
    numbers = root.ParentTree.Nums
    for index in range(0, len(numbers), 2):
        element = numbers[index + 1]
        if isinstance(element, Array) or _key(element) not in owned or element.S == "/Link":
            continue
        link = element.get("/P")
        while link is not None and link.get("/S") not in ("/Link", None):
            link = link.get("/P")
        if link is None or link.get("/S") != "/Link":
            continue
        references = [kid for kid in _kids(element)
                      if isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR]
        element.K = Array([kid for kid in _kids(element) if kid not in references])
        link.K = Array([*_kids(link), *references])
        numbers[index + 1] = link


def _parent_arrays(root: pikepdf.Object) -> dict[int, pikepdf.Array]:
    """Each page's MCID-to-element array from the parent tree, by its /StructParents key."""
    numbers = list(root.ParentTree.get("/Nums", Array()))
    arrays: dict[int, pikepdf.Array] = {}
    for index in range(0, len(numbers), 2):
        value = numbers[index + 1]
        if isinstance(value, Array):
            arrays[int(numbers[index])] = value
    return arrays


def _mark_artifacts(pdf: pikepdf.Pdf, page: pikepdf.Page, mcids: pikepdf.Array,
                    owned: set[ObjectKey], labels: set[ObjectKey]) -> None:
    """Turn marked content that no element in the tree owns into artifacts.

    What the margins hold becomes a pagination artifact, a list marker a
    plain one; their parent-tree entries become null, as nothing owns them.
    """
    instructions: list[Any] = []
    changed = False
    for instruction in pikepdf.parse_content_stream(page):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            instructions.append(instruction)
            continue
        operands, operator = list(instruction.operands), instruction.operator
        mcid = _mcid(operands, operator)
        if mcid is not None and mcid < len(mcids) and _key(mcids[mcid]) not in owned:
            changed = True
            if _key(mcids[mcid]) in labels:
                operands, operator = [Name.Artifact], Operator("BMC")
            else:
                operands = [Name.Artifact, Dictionary(Type=Name.Pagination)]
            mcids[mcid] = pikepdf.Object.parse(b"null")
        instructions.append((operands, operator))
    if changed:
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))


def _mcid(operands: list[pikepdf.Object], operator: Operator) -> int | None:
    if str(operator) != "BDC" or len(operands) != 2 or not isinstance(operands[1], Dictionary):
        return None
    mcid = operands[1].get("/MCID")
    return None if mcid is None else int(mcid)


def _print_links(page: pikepdf.Page) -> None:
    for annotation in page.obj.get("/Annots", Array()):
        if annotation.get("/Subtype") == Name.Link:
            annotation.F = int(annotation.get("/F", 0)) | PRINT_FLAG


def _body_in_list_item(pdf: pikepdf.Pdf, item: pikepdf.Object) -> None:
    """Put a list item's elements in an LBody, as PDF/UA-1 (7.6) wants.

    WeasyPrint leaves it out where the item holds block elements (a note's
    <li><p>); an item that holds marked content directly is left alone, so
    the parent tree never needs to change.
    """
    kids = _kids(item)
    if not kids or any(kid.get("/S") == "/LBody" for kid in kids if isinstance(kid, Dictionary)):
        return
    if not all(isinstance(kid, Dictionary) and "/S" in kid for kid in kids):
        return
    body = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.LBody, P=item, K=Array(kids)))
    for kid in kids:
        kid["/P"] = body
    item["/K"] = Array([body])


def _scope_header_cell(cell: pikepdf.Object) -> None:
    """A header cell in a THead row heads its column; one in a body or footer row, its row."""
    row = cell.get("/P")
    group = row.get("/P") if row is not None else None
    scope = Name.Column if group is not None and group.get("/S") == "/THead" else Name.Row
    attributes = cell.get("/A")
    if not isinstance(attributes, Dictionary):
        attributes = Dictionary(O=Name.Table)
        cell.A = attributes
    attributes.Scope = scope
