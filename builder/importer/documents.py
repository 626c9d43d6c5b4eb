"""Turn the files maintainers receive (.txt, .docx, .pdf) into the source text the layout
parsers read, with a list of what could not be placed.

The text follows the seeds' extraction conventions, so one set of layout parsers serves
every format: a blank line between paragraphs, Word bookmarks as ``[bookmark: NAME]``,
a Word table as one tab-indented line per cell with a blank line after each row, a PDF
table as one tab-separated line per row.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:  # the readers load python-docx and pdfplumber only when a document comes
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    from lxml import etree
    from pdfplumber.page import Page

HEADING = re.compile(r"^\s*(第\s*[\d一二三四五六七八九十百]+\s*[条章节]|附件|附表)")


@dataclass
class SourceText:
    text: str
    unplaced: list[str] = field(default_factory=list)


class DocumentError(Exception):
    """The file cannot be read as a document of its kind."""


# A .docx is a zip of XML parts. What a plan's Word file needs is far below these limits;
# past them the file is a zip bomb or made to exhaust memory, and is refused unread.
MAX_UNPACKED_BYTES = 200_000_000
MAX_PARTS = 10_000
MAX_COMPRESSION_RATIO = 100  # Word's XML deflates about 10:1, a bomb's filler about 1000:1
RATIO_CHECKED_ABOVE = 1_000_000  # a small part may compress oddly well and cost nothing
WORD_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
SCAN_CHUNK = 1 << 20

# How an XML parser tells the encoding from the first bytes (XML 1.0, appendix F), longest
# prefixes first; anything else is read as UTF-8 unless its declaration says otherwise.
XML_ENCODINGS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)
DECLARED_ENCODING = re.compile(r"""<\?xml[^>]*?encoding\s*=\s*["']([^"']*)""")
DTD_MARKERS = ("<!DOCTYPE", "<!ENTITY")


def docx_text(path: Path) -> SourceText:
    """A Word file's body in document order: paragraphs (with bookmarks) and tables.

    The zip is checked before python-docx reads it: its unpacked size, and no part declaring
    a DTD (lxml, which python-docx parses with, can expand entities)."""
    import docx
    from docx.exceptions import PythonDocxError
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    _check_package(path)
    try:
        document = docx.Document(str(path))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, docx.table.Table):
                lines.extend(_docx_table_lines(block))
            else:
                lines.append(_docx_paragraph_text(block))
    except (PackageNotFoundError, KeyError, ValueError) as error:
        raise DocumentError(f"not a readable .docx file ({type(error).__name__})") from None
    except etree.XMLSyntaxError as error:
        broken = _one_line(error.msg)  # without SyntaxError's "(<string>, line N)"
        raise DocumentError(f"not a readable .docx file (broken XML: {broken})") from None
    except (PythonDocxError, AttributeError, IndexError, TypeError) as error:
        # python-docx walks the XML it expects; a tree shaped otherwise fails in its code.
        raise DocumentError(
            f"not a readable .docx file (not a Word document's structure: {type(error).__name__})"
        ) from None
    return SourceText("\n".join(lines) + "\n")


def _check_package(path: Path) -> None:
    """Refuse a .docx that is not a sound zip, unpacks too large, or declares a DTD."""
    with path.open("rb") as handle:  # an OSError past here comes from the zip's own offsets
        try:
            with zipfile.ZipFile(handle) as archive:
                members = archive.infolist()
                _check_sizes(members)
                for member in members:
                    _check_member(archive, member)
        except (zipfile.BadZipFile, EOFError, NotImplementedError, OSError, ValueError) as error:
            reason = f"{type(error).__name__}: {_one_line(error)}".removesuffix(": ")
            raise DocumentError(f"not a readable .docx file ({reason})") from None


def _check_sizes(members: list[zipfile.ZipInfo]) -> None:
    """From the zip's directory alone: zipfile never unpacks past a member's stated size."""
    if len(members) > MAX_PARTS:
        raise DocumentError(f"{len(members):,} parts; the limit is {MAX_PARTS:,}")
    total = sum(member.file_size for member in members)
    if total > MAX_UNPACKED_BYTES:
        raise DocumentError(
            f"unpacks to {total:,} bytes; the limit is {MAX_UNPACKED_BYTES:,} (a zip bomb?)"
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_CHECKED_ABOVE and ratio > MAX_COMPRESSION_RATIO:
            raise DocumentError(
                f"{member.filename} unpacks to {ratio:,.0f} times its packed size; the limit "
                f"is {MAX_COMPRESSION_RATIO} (a zip bomb?)"
            )


def _check_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Unpack one part in chunks (which checks its CRC) and refuse it if it declares a DTD."""
    name = member.filename
    if member.flag_bits & 0x1:
        raise DocumentError(f"not a readable .docx file ({name} is encrypted)")
    if member.compress_type not in WORD_COMPRESSION:
        raise DocumentError(
            f"not a readable .docx file ({name} uses compression method {member.compress_type})"
        )
    try:
        with archive.open(member) as stream:
            if _declares_dtd(stream, name):
                raise DocumentError(
                    f"{name} declares a DOCTYPE or entities, which Word never writes "
                    "(refused: entity expansion)"
                )
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        damage = _one_line(error)
        raise DocumentError(f"not a readable .docx file ({name} is damaged: {damage})") from None
    except NotImplementedError as error:  # zipfile's word for zip features Word never uses
        raise DocumentError(f"not a readable .docx file ({name}: {_one_line(error)})") from None


def _declares_dtd(stream: IO[bytes], name: str) -> bool:
    """Whether "<!DOCTYPE" or "<!ENTITY" occurs anywhere in the part, in its encoding."""
    chunk = stream.read(SCAN_CHUNK)
    codec = _xml_encoding(chunk, name)
    markers = [marker.encode(codec) for marker in DTD_MARKERS]
    overlap = max(len(marker) for marker in markers) - 1  # a marker cut by a chunk's end
    tail = b""
    while chunk:
        window = tail + chunk
        if any(marker in window for marker in markers):
            return True
        tail = window[-overlap:]
        chunk = stream.read(SCAN_CHUNK)
    return False


def _xml_encoding(head: bytes, name: str) -> str:
    """The encoding an XML parser reads a part in. A declaration may only confirm what the
    first bytes show: declared as, say, UTF-7, "<!DOCTYPE" would hide from a byte scan."""
    codec = next((codec for prefix, codec in XML_ENCODINGS if head.startswith(prefix)), "utf-8")
    text = head[:200].decode(codec, errors="ignore").lstrip("\ufeff")
    declared = DECLARED_ENCODING.match(text)
    family = codec.replace("-", "")[:5]  # utf8, utf16, utf32
    if declared and not declared.group(1).lower().replace("-", "").startswith(family):
        raise DocumentError(
            f"{name} declares the encoding {declared.group(1)!r} but starts in "
            f"{codec.upper()} (refused: Word never writes that)"
        )
    return codec


def _one_line(error: Exception | str) -> str:
    return " ".join(str(error).split())[:200]


def _docx_paragraph_text(paragraph: Paragraph) -> str:
    parts: list[str] = []
    for node in paragraph._p.iter():
        if not isinstance(node.tag, str):  # a comment or processing instruction
            continue
        tag = node.tag.rsplit("}", 1)[-1]
        if tag == "bookmarkStart":
            name = next((v for k, v in node.attrib.items() if k.endswith("}name")), "")
            parts.append(f"[bookmark: {name}]")
        elif tag == "t":
            parts.append(_text_node(node))
        elif tag == "tab":
            parts.append("\t")
    return "".join(parts)


def _text_node(node: etree._Element) -> str:
    """A w:t's text; a comment or processing instruction inside it splits the text in two."""
    tails = [child.tail or "" for child in node if not isinstance(child.tag, str)]
    return "".join([node.text or "", *tails])


def _docx_table_lines(table: Table) -> list[str]:
    lines: list[str] = []
    for row in table.rows:
        for cell in row.cells:
            first, *more = [p.text for p in cell.paragraphs] or [""]
            lines.append("\t" + first)
            lines.extend(more)
        lines.append("")
    return lines


def pdf_text(path: Path) -> SourceText:
    """A PDF's text, best effort: lines joined into paragraphs by where they end, tables as
    tab-separated rows; pages without text and unreadable glyphs are reported."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    unplaced: list[str] = []
    blocks: list[str] = []
    try:
        with pdfplumber.open(str(path)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                page_blocks = _pdf_page_blocks(page)
                if not page_blocks:
                    unplaced.append(f"page {number}: no text layer (a scanned image?)")
                for block in page_blocks:
                    if "(cid:" in block:
                        unplaced.append(f"page {number}: unreadable glyphs in {block[:30]!r}")
                blocks.extend(page_blocks)
    except (PDFSyntaxError, PdfminerException, MalformedPDFException) as error:
        raise DocumentError(f"not a readable .pdf file ({_one_line(error)})") from None
    except (AttributeError, IndexError, KeyError, TypeError, ValueError) as error:
        # pdfminer trusts a PDF's objects to be what the format says; hostile ones are not.
        raise DocumentError(
            f"not a readable .pdf file (not a PDF's structure: {type(error).__name__})"
        ) from None
    return SourceText("\n\n".join(_join_page_breaks(blocks)) + "\n", unplaced)


def _pdf_page_blocks(page: Page) -> list[str]:
    """A page as paragraphs and table rows, top to bottom."""
    tables = page.find_tables()
    placed: list[tuple[float, str]] = []
    for table in tables:
        rows = ["\t".join(_cell(c) for c in row) for row in table.extract()]
        placed.append((table.bbox[1], "\n".join(rows)))
    outside = page
    for table in tables:
        outside = outside.outside_bbox(table.bbox)
    lines = outside.extract_text_lines(return_chars=False)
    right = max((line["x1"] for line in lines), default=0)
    paragraph: list[str] = []
    top = 0.0
    for line in lines:
        if paragraph and HEADING.match(line["text"]):  # a heading never continues a paragraph
            placed.append((top, "".join(paragraph)))
            paragraph = []
        if not paragraph:
            top = line["top"]
        paragraph.append(line["text"])
        if line["x1"] < right - 15:  # a line that stops short ends its paragraph
            placed.append((top, "".join(paragraph)))
            paragraph = []
    if paragraph:
        placed.append((top, "".join(paragraph) + _OPEN))
    return [text for _, text in sorted(placed, key=lambda item: item[0])]


_OPEN = "\x00open"  # marks a paragraph that runs on to the next page


def _join_page_breaks(blocks: list[str]) -> list[str]:
    """A paragraph left open at the foot of a page continues in the next page's first
    paragraph (a table never continues a paragraph)."""
    joined: list[str] = []
    carry = ""
    for block in blocks:
        if block.endswith(_OPEN):
            carry += block.removesuffix(_OPEN)
        elif "\t" in block:
            joined += [carry, block] if carry else [block]
            carry = ""
        else:
            joined.append(carry + block)
            carry = ""
    return [*joined, carry] if carry else joined


def _cell(value: str | None) -> str:
    return (value or "").replace("\n", "")
