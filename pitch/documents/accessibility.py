"""Finish the tags WeasyPrint writes, so that both PDFs pass a PDF/UA-1 checker.

WeasyPrint tags the body well but leaves four things short of PDF/UA-1:
what it paints in the page margins (the running title, the footer, page
numbers) is marked as content that no structure element owns, where it
must be an artifact; list markers are painted after the whole page's text,
out of the tags' reading order; header cells carry no /Scope; and link
annotations are not flagged for printing. `finish_tags` mends these in
WeasyPrint's own PDF objects (pydyf), as its `write_pdf` finisher, just
before they are written: no second parse and save of the bytes, so it costs
a few hundredths of a second. The text, the fonts, the XMP metadata and the
stamps stay as they were, and the same input gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pydyf

PRINT_FLAG = 4
"""Bit 3 of an annotation's /F: print it (PDF 32000-1, 12.5.3)."""
NULL = "null"
"""pydyf writes a str as it is: this is the PDF null object."""


def finish_tags(document: Any, pdf: pydyf.PDF) -> None:
    """Mark page furniture and list markers as artifacts, scope header cells, print links.

    The one post-processing step for every PDF the build writes (the pitch,
    the summary, the redline): pass it as WeasyPrint's `write_pdf(finisher=...)`.
    """
    if "StructTreeRoot" not in pdf.catalog:
        return
    tree = _Tree(pdf)
    root = tree.get(pdf.catalog["StructTreeRoot"])
    elements, labels = tree.walk_dropping(root, "/Lbl")
    owned = {id(element) for element in elements}
    numbers = tree.get(root["ParentTree"])["Nums"]
    tree.links_in_link_elements(numbers, owned)
    parents = {int(numbers[index]): numbers[index + 1] for index in range(0, len(numbers), 2)
               if isinstance(numbers[index + 1], list)}
    for page in (pdf.objects[number] for number in pdf.pages["Kids"][::3]):  # n 0 R, flat
        mcids = parents.get(int(page.get("StructParents", -1)))
        if mcids is not None:
            tree.mark_artifacts(tree.get(page["Contents"]), mcids, owned, labels)
        _print_links(tree, page)
    for element in elements:
        if element["S"] == "/TH":
            tree.scope_header_cell(element)
        elif element["S"] == "/LI":
            tree.body_in_list_item(element)


@dataclass
class _Tree:
    """The PDF's objects, reached by their references (b"12 0 R")."""

    pdf: pydyf.PDF
    objects: list[Any] = field(init=False)

    def __post_init__(self) -> None:
        self.objects = self.pdf.objects

    def get(self, reference: bytes) -> Any:
        """The object a reference names."""
        return self.objects[int(reference.split()[0])]

    def element(self, kid: object) -> Any | None:
        """The structure element a /K entry names, or None (an MCID, an object reference)."""
        if not isinstance(kid, bytes):
            return None
        target = self.get(kid)
        return target if isinstance(target, dict) and "S" in target else None

    def walk_dropping(self, root: Any, role: str) -> tuple[list[Any], set[int]]:
        """Take the elements of `role` out of the tree; every element left, depth first,
        and the ids of everything taken out."""
        from pydyf import Array

        elements: list[Any] = []
        dropped: set[int] = set()
        stack = [root]
        while stack:
            parent = stack.pop()
            kept, kids = [], []
            for kid in parent["K"]:
                child = self.element(kid)
                if child is not None and child["S"] == role:
                    dropped |= {id(child)} | {id(below) for below in self._below(child)}
                    continue
                kids.append(kid)
                if child is not None:
                    kept.append(child)
            if len(kids) != len(parent["K"]):
                parent["K"] = Array(kids)
            if parent is not root:
                elements.append(parent)
            stack.extend(reversed(kept))
        return elements, dropped

    def _below(self, element: Any) -> Iterator[Any]:
        for kid in element["K"]:
            child = self.element(kid)
            if child is not None:
                yield child
                yield from self._below(child)

    def links_in_link_elements(self, numbers: list[Any], owned: set[int]) -> None:
        """Hand each link annotation that a span inside a link holds to that Link element.

        WeasyPrint gives a link's inner boxes (a marked value's <span> inside an
        <a>) the link annotation too, so the annotation's object reference sits
        in the span; PDF/UA-1 wants it in the Link element itself.
        """
        from pydyf import Array

        for index in range(1, len(numbers), 2):
            if not isinstance(numbers[index], bytes):
                continue
            element = self.get(numbers[index])
            if id(element) not in owned or element["S"] == "/Link":
                continue
            link_reference = self._enclosing_link(element)
            if link_reference is None:
                continue
            link = self.get(link_reference)
            references = [kid for kid in element["K"] if isinstance(kid, bytes)
                          and self.get(kid).get("Type") == "/OBJR"]
            element["K"] = Array([kid for kid in element["K"] if kid not in references])
            link["K"].extend(references)
            numbers[index] = link_reference

    def _enclosing_link(self, element: Any) -> bytes | None:
        reference = element.get("P")
        while reference is not None:
            parent = self.get(reference)
            if parent.get("S") != "/Link":
                if "S" not in parent:
                    return None
                reference = parent.get("P")
                continue
            return bytes(reference)
        return None

    def mark_artifacts(self, stream: Any, mcids: list[Any], owned: set[int],
                       labels: set[int]) -> None:
        """Turn marked content that no element in the tree owns into artifacts.

        What the margins hold becomes a pagination artifact, a list marker a
        plain one; their parent-tree entries become null, as nothing owns them.
        pydyf keeps a `/Tag <</MCID n>> BDC` as three items of the stream's list.
        """
        from pydyf import Dictionary

        items: list[Any] = stream.stream
        finished: list[Any] = []
        changed = False
        for item in items:
            finished.append(item)
            if item != b"BDC" or len(finished) < 3 or not isinstance(finished[-2], Dictionary):
                continue
            mcid = finished[-2].get("MCID")
            if mcid is None or mcid >= len(mcids) or not isinstance(mcids[mcid], bytes):
                continue
            owner = self.get(mcids[mcid])
            if id(owner) in owned:
                continue
            changed = True
            del finished[-3:]
            if id(owner) in labels:
                finished += ["/Artifact", b"BMC"]
            else:
                finished += ["/Artifact", Dictionary({"Type": "/Pagination"}), b"BDC"]
            mcids[mcid] = NULL
        if changed:
            stream.stream = finished

    def body_in_list_item(self, item: Any) -> None:
        """Put a list item's elements in an LBody, as PDF/UA-1 (7.6) wants.

        WeasyPrint leaves it out where the item holds block elements (a note's
        <li><p>); an item that holds marked content directly is left alone, so
        the parent tree never needs to change.
        """
        from pydyf import Array, Dictionary

        kids = list(item["K"])
        children = [child for child in map(self.element, kids) if child is not None]
        if not kids or len(children) != len(kids) or any(child["S"] == "/LBody" for child in children):
            return
        body = Dictionary({"Type": "/StructElem", "S": "/LBody", "P": item.reference,
                           "K": Array(kids)})
        self.pdf.add_object(body)
        for child in children:
            child["P"] = body.reference
        item["K"] = Array([body.reference])

    def scope_header_cell(self, cell: Any) -> None:
        """A header cell in a THead row heads its column; one in a body or footer row, its row."""
        from pydyf import Dictionary

        row = self.get(cell["P"])
        group = self.get(row["P"]) if "P" in row else None
        scope = "/Column" if group is not None and group.get("S") == "/THead" else "/Row"
        attributes = cell.get("A")
        if not isinstance(attributes, Dictionary):
            attributes = Dictionary({"O": "/Table"})
            cell["A"] = attributes
        attributes["Scope"] = scope


def _print_links(tree: _Tree, page: Any) -> None:
    for reference in page.get("Annots", []):
        annotation = tree.get(reference)
        if annotation.get("Subtype") == "/Link":
            annotation["F"] = int(annotation.get("F", 0)) | PRINT_FLAG
