"""The machine-checkable part of PDF/UA-1, read from a PDF's objects with pypdf: what a screen
reader needs (marked, a structure tree with headings, lists and tables, the languages, a title
shown as the title, every piece of text marked and reachable from the tree) and what makes the text readable at all (fonts
embedded). It is not a validator: veraPDF checks some 100 more rules (reading order, role maps,
artefacts, the semantics of each tag), and no such validator runs here."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ContentStream

TEXT_OPERATORS = {b"Tj", b"TJ", b"'", b'"'}


@dataclass(frozen=True)
class Element:
    """One structure element: its type (``H1``, ``P``, ``L``...), its own ``/Lang`` if it has
    one, the language it is read in (its own or the nearest ancestor's, else the catalogue's) and
    its depth under the structure tree root; ``outer``: the language of the text around it."""

    kind: str
    lang: str | None
    reads_as: str
    depth: int
    outer: str


def elements(reader: PdfReader) -> list[Element]:
    """Every structure element reachable from the StructTreeRoot, in tree order."""
    root = reader.trailer["/Root"]
    found: list[Element] = []

    def walk(node: Any, depth: int, inherited: str) -> None:
        node = node.get_object()
        lang = str(node["/Lang"]) if "/Lang" in node else None
        reads_as = lang or inherited
        if "/S" in node:
            found.append(Element(str(node["/S"])[1:], lang, reads_as, depth, inherited))
        kids = node.get("/K")
        if kids is None:
            return
        for kid in kids if isinstance(kids, list) else [kids]:
            obj = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(obj, dict) and obj.get("/Type") != "/OBJR" and ("/S" in obj or "/K" in obj):
                walk(obj, depth + 1, reads_as)

    walk(root["/StructTreeRoot"], 0, str(root.get("/Lang", "")))
    return found


def text_outside_marked_content(reader: PdfReader) -> list[int]:
    """The page numbers (from 1) with text drawn outside any marked content (BDC/BMC ... EMC):
    text a screen reader would never reach, neither tagged nor declared an artefact."""
    pages = []
    for number, page in enumerate(reader.pages, start=1):
        depth = 0
        for _operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator in (b"BDC", b"BMC"):
                depth += 1
            elif operator == b"EMC":
                depth -= 1
            elif operator in TEXT_OPERATORS and depth <= 0:
                pages.append(number)
                break
    return pages


def marked_content_outside_the_tree(reader: PdfReader) -> list[tuple[int, int]]:
    """(page from 1, MCID) of marked text whose structure element (found through the ParentTree)
    cannot be reached from the tree's root: tagged, yet never read."""
    root = reader.trailer["/Root"]
    if "/StructTreeRoot" not in root:
        return []
    reachable: set[int] = set()

    def walk(reference: Any) -> None:
        reachable.add(reference.idnum)
        kids = reference.get_object().get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            if hasattr(kid, "idnum") and "/S" in kid.get_object():
                walk(kid)

    tree_root = root["/StructTreeRoot"]
    kids = tree_root["/K"]
    for kid in kids if isinstance(kids, list) else [kids]:
        walk(kid)
    nums = tree_root["/ParentTree"].get_object()["/Nums"]
    outside = []
    for page, parents in zip(nums[0::2], nums[1::2], strict=True):
        parents = parents.get_object()
        if isinstance(parents, list):  # a page's MCIDs (the other entries are annotations)
            outside += [(page + 1, mcid) for mcid, ref in enumerate(parents) if ref.idnum not in reachable]
    return outside


def fonts_not_embedded(reader: PdfReader) -> list[str]:
    """The fonts used on the pages whose program is not in the file."""
    missing = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.append(str(font["/BaseFont"]))
    return missing


def xmp(reader: PdfReader) -> str:
    """The XMP metadata stream's text ("" if there is none)."""
    root = reader.trailer["/Root"]
    if "/Metadata" not in root:
        return ""
    return str(root["/Metadata"].get_object().get_data().decode("utf-8"))


def _true(value: Any) -> bool:
    """A PDF boolean that is true (pypdf reads it as a BooleanObject)."""
    return getattr(value, "value", value) is True


def problems(pdf: bytes, lang: str) -> Iterator[str]:
    """What stops ``pdf`` from passing the checks above, for a document in language ``lang``."""
    reader = PdfReader(BytesIO(pdf))
    yield from _catalogue_problems(reader, lang)
    yield from _metadata_problems(reader)
    for page in text_outside_marked_content(reader):
        yield f"page {page}: text outside marked content"
    for font in fonts_not_embedded(reader):
        yield f"font not embedded: {font}"
    for page, mcid in marked_content_outside_the_tree(reader):
        yield f"page {page}: marked content {mcid} is not in the structure tree"
    yield from _tree_problems(reader)


def _catalogue_problems(reader: PdfReader, lang: str) -> Iterator[str]:
    root = reader.trailer["/Root"]
    if not reader.pdf_header.startswith("%PDF-1.7"):
        yield f"PDF version {reader.pdf_header} (PDF/UA-1 is based on PDF 1.7)"
    if not _true(root.get("/MarkInfo", {}).get("/Marked")):
        yield "not marked as tagged (MarkInfo /Marked)"
    if not _true(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle")):
        yield "the title is not displayed (ViewerPreferences /DisplayDocTitle)"
    if str(root.get("/Lang", "")) != lang:
        yield f"catalogue /Lang is {root.get('/Lang')!r}, not {lang!r}"


def _metadata_problems(reader: PdfReader) -> Iterator[str]:
    title = (reader.metadata or {}).get("/Title")
    if not title:
        yield "no /Title in the Info dictionary"
    meta = xmp(reader)
    if not re.search(r'pdfuaid:part="1"|<pdfuaid:part>1</pdfuaid:part>', meta):
        yield "no PDF/UA-1 identifier (pdfuaid:part=1) in the XMP metadata"
    if not title or f">{title}</rdf:li>" not in meta:
        yield "the XMP has no dc:title matching the Info /Title"


def _tree_problems(reader: PdfReader) -> Iterator[str]:
    if "/StructTreeRoot" not in reader.trailer["/Root"]:
        yield "no structure tree"
        return
    tree = elements(reader)
    if not tree or tree[0].kind != "Document":
        yield "the structure tree does not start with a Document element"
    if not any(re.fullmatch(r"H[1-6]", e.kind) for e in tree):
        yield "no headings in the structure tree"
