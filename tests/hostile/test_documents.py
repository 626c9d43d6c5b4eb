"""Hostile source files: every bad .docx or .txt gets one clear line (a SourceError), never a
traceback, and nothing is inflated into memory before it is known to be small enough.

The Word files are real: a small document written by python-docx, then taken apart and put
back together with the damage each test needs. The huge ones (a 1 GB text node, a 1.5 GB zip
bomb) are deflate streams made by repeating one compressed block, so the files stay small
and are made in well under a second.
"""

from __future__ import annotations

import base64
import re
import struct
import time
import tracemalloc
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.importer import SourceError, import_plan, read_source
from builder.yamlio import read_yaml

from ..conftest import SHIFENG_SOURCE

MB = 1 << 20
DOCUMENT = "word/document.xml"


@dataclass(frozen=True)
class Member:
    """One zip member as stored: deflated bytes with the CRC and size of what they unpack to."""

    name: str
    data: bytes
    crc: int
    size: int
    method: int = zipfile.ZIP_DEFLATED


def deflated(name: str, content: bytes) -> Member:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = compressor.compress(content) + compressor.flush()
    return Member(name, data, zlib.crc32(content), len(content))


def repeated(name: str, pieces: list[tuple[bytes, int]]) -> Member:
    """A member unpacking to each piece repeated its count of times, deflated once per piece:
    after a full flush a compressed block stands alone, so copies of it concatenate."""
    data, crc, size = b"", 0, 0
    for piece, count in pieces:
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        data += (compressor.compress(piece) + compressor.flush(zlib.Z_FULL_FLUSH)) * count
        for _ in range(count):
            crc = zlib.crc32(piece, crc)
        size += len(piece) * count
    return Member(name, data + b"\x03\x00", crc, size)  # an empty final block ends the stream


def write_zip(path: Path, members: list[Member]) -> Path:
    """A zip written field by field, so a member may claim any size and CRC."""
    local, central = b"", b""
    for member in members:
        name = member.name.encode()
        fields = (member.method, 0, 0x21, member.crc, len(member.data), member.size, len(name))
        central += struct.pack(
            "<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 0, 20, 0, 0, *fields, 0, 0, 0, 0, 0, len(local)
        )
        local += struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, 0, *fields, 0) + name
        local += member.data
        central += name
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central), len(local), 0
    )
    path.write_bytes(local + central + end)
    return path


def small_docx(path: Path) -> dict[str, bytes]:
    """The members of a real one-paragraph Word file written by python-docx."""
    document = docx.Document()
    document.add_paragraph("第一章 总则")
    document.add_paragraph("第1条 为推进生态文明建设，制定本规划。")
    document.save(str(path))
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def docx_with(tmp_path: Path, *replaced: Member) -> Path:
    """The small Word file with members replaced (by name) or added."""
    parts = small_docx(tmp_path / "real.docx")
    swap = {member.name: member for member in replaced}
    members = [swap.pop(name, None) or deflated(name, content) for name, content in parts.items()]
    return write_zip(tmp_path / "hostile.docx", members + list(swap.values()))


def document_xml(tmp_path: Path) -> bytes:
    return small_docx(tmp_path / "real.docx")[DOCUMENT]


def refused(path: Path, message: str) -> str:
    """Read `path`, expecting one clear line that matches `message`; return it."""
    with pytest.raises(SourceError, match=message) as caught:
        read_source(path)
    text = str(caught.value)
    assert text.startswith(f"{path}: ") and "\n" not in text and len(text) < 400
    return text


def with_doctype(xml: bytes, doctype: bytes, reference: bytes) -> bytes:
    """The document with a DTD before its root and an entity reference in its text."""
    root, text = xml.index(b"<w:document"), xml.index("制定".encode())
    return xml[:root] + doctype + xml[root:text] + reference + xml[text:]


BILLION_LAUGHS = (
    b'<!DOCTYPE w:document [<!ENTITY l0 "ha">'
    + b"".join(b'<!ENTITY l%d "%s">' % (n, b"&l%d;" % (n - 1) * 10) for n in range(1, 10))
    + b"]>"
)
XXE = b'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'


def broken_xml(tmp_path: Path) -> Path:
    xml = document_xml(tmp_path)
    return docx_with(tmp_path, deflated(DOCUMENT, xml[: len(xml) // 2]))


def bad_crc(tmp_path: Path) -> Path:
    good = deflated(DOCUMENT, document_xml(tmp_path))
    return docx_with(tmp_path, Member(DOCUMENT, good.data, good.crc ^ 1, good.size))


def corrupt_deflate(tmp_path: Path) -> Path:
    good = deflated(DOCUMENT, document_xml(tmp_path))
    damaged = b"\xff" * 40 + good.data[40:]
    return docx_with(tmp_path, Member(DOCUMENT, damaged, good.crc, good.size))


def billion_laughs(tmp_path: Path) -> Path:
    xml = with_doctype(document_xml(tmp_path), BILLION_LAUGHS, b"&l9;")
    return docx_with(tmp_path, deflated(DOCUMENT, xml))


def external_entity(tmp_path: Path) -> Path:
    xml = with_doctype(document_xml(tmp_path), XXE, b"&x;")
    return docx_with(tmp_path, deflated(DOCUMENT, xml))


def entity_in_utf16(tmp_path: Path) -> Path:
    """The same, in UTF-16 (which XML parsers must read): no "<!DOCTYPE" byte string."""
    xml = with_doctype(document_xml(tmp_path), XXE, b"&x;").decode()
    xml = xml.replace("UTF-8", "UTF-16", 1)
    return docx_with(tmp_path, deflated(DOCUMENT, xml.encode("utf-16")))


def utf7(text: str) -> bytes:
    """UTF-7 with every character but letters, digits, spaces and newlines in base64."""

    def shifted(match: re.Match[str]) -> str:
        return "+" + base64.b64encode(match.group().encode("utf-16-be")).decode().rstrip("=") + "-"

    return re.sub(r"[^A-Za-z0-9 \n]+", shifted, text).encode("ascii")


def entity_in_utf7(tmp_path: Path) -> Path:
    """Declared UTF-7 (lxml reads it): "<!DOCTYPE" is then written "+ADwAIQ-DOCTYPE"."""
    xml = with_doctype(document_xml(tmp_path), XXE, b"&x;")
    declaration, rest = xml.split(b"?>", 1)
    xml = declaration.replace(b"UTF-8", b"UTF-7") + b"?>" + utf7(rest.decode())
    return docx_with(tmp_path, deflated(DOCUMENT, xml))


def unsupported_compression(tmp_path: Path) -> Path:
    good = deflated(DOCUMENT, document_xml(tmp_path))
    return docx_with(tmp_path, Member(DOCUMENT, good.data, good.crc, good.size, method=99))


def cut_short(tmp_path: Path) -> Path:
    whole = docx_with(tmp_path).read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(whole[: len(whole) // 3])
    return path


def not_a_document(tmp_path: Path) -> Path:
    xml = b'<?xml version="1.0" encoding="UTF-8"?><root/>'
    return docx_with(tmp_path, deflated(DOCUMENT, xml))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (broken_xml, r"not a readable \.docx file \(broken XML: .*line 2"),
        (bad_crc, r"word/document\.xml is damaged: Bad CRC-32"),
        (corrupt_deflate, r"word/document\.xml is damaged: Error -3"),
        (billion_laughs, r"word/document\.xml declares a DOCTYPE or entities"),
        (external_entity, r"word/document\.xml declares a DOCTYPE or entities"),
        (entity_in_utf16, r"word/document\.xml declares a DOCTYPE or entities"),
        (entity_in_utf7, r"declares the encoding 'UTF-7' but starts in UTF-8"),
        (unsupported_compression, r"uses compression method 99"),
        (cut_short, r"not a readable \.docx file \(BadZipFile: "),
        (not_a_document, r"not a Word document's structure"),
    ],
)
def test_a_damaged_or_hostile_docx_gets_one_line(tmp_path: Path, make, message: str):
    refused(make(tmp_path), message)


def test_the_hostile_files_are_made_of_a_readable_one(tmp_path: Path):
    text = read_source(docx_with(tmp_path)).text
    assert text == "第一章 总则\n第1条 为推进生态文明建设，制定本规划。\n"


def test_a_comment_inside_a_paragraph_is_no_text(tmp_path: Path):
    xml = document_xml(tmp_path).replace("制定".encode(), "制<!-- a comment -->定".encode())
    path = docx_with(tmp_path, deflated(DOCUMENT, xml))
    assert "制定本规划" in read_source(path).text


def refused_unread(path: Path, message: str) -> None:
    """Refused from the zip's directory: no more than a few MB allocated, in well under 5 s."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        refused(path, message)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - start < 5
    assert peak < 20 * MB


def test_a_one_gigabyte_text_node_is_refused_unread(tmp_path: Path):
    xml = document_xml(tmp_path)
    text = xml.index("制定".encode())
    node = repeated(DOCUMENT, [(xml[:text], 1), (b"a" * MB, 1024), (xml[text:], 1)])
    path = docx_with(tmp_path, node)
    assert path.stat().st_size < 2 * MB and node.size > 1024 * MB
    refused_unread(path, r"unpacks to 1,07\d,\d{3},\d{3} bytes; the limit is 200,000,000")


def test_a_zip_bomb_is_refused_unread(tmp_path: Path):
    """1.5 GB of zeros in 15 parts of a real Word file (the shape of the reported bomb)."""
    bombs = [repeated(f"word/media/image{n}.png", [(bytes(MB), 100)]) for n in range(15)]
    path = docx_with(tmp_path, *bombs)
    assert path.stat().st_size < 2 * MB
    refused_unread(path, r"unpacks to 1,5\d\d,\d{3},\d{3} bytes; the limit is 200,000,000")


def test_one_part_compressed_like_a_bomb_is_refused(tmp_path: Path):
    xml = document_xml(tmp_path)
    text = xml.index("制定".encode())
    node = repeated(DOCUMENT, [(xml[:text], 1), (b"a" * MB, 20), (xml[text:], 1)])
    refused_unread(docx_with(tmp_path, node), r"word/document\.xml unpacks to \d+ times")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xef\xbb\xbf", "the file is empty"),
        (b"\xef\xbb\xbf \n\n", "the file is empty"),
        (b"\xef\xbb\xbf" + "第一章".encode("gb18030"), r"looks like GBK/GB18030.*\(byte 3\)"),
    ],
)
def test_a_bom_is_not_text(tmp_path: Path, content: bytes, message: str):
    path = tmp_path / "source.txt"
    path.write_bytes(content)
    refused(path, message)


def test_a_text_source_imports_the_same_with_a_bom(tmp_path: Path):
    plain, with_bom = tmp_path / "plain", tmp_path / "bom"
    for folder, prefix in ((plain, b""), (with_bom, b"\xef\xbb\xbf")):
        (folder / "sources").mkdir(parents=True)
        source = folder / "sources" / SHIFENG_SOURCE.name
        source.write_bytes(prefix + SHIFENG_SOURCE.read_bytes())
        import_plan(source, folder / "shifeng")
    for name in ("structure.yaml", "provisions.yaml", "indicators.yaml", "projects.yaml"):
        written = (with_bom / "shifeng" / name).read_bytes()
        assert written == (plain / "shifeng" / name).read_bytes(), name
    front = read_yaml(with_bom / "shifeng" / "structure.yaml")["front_matter"]
    assert "\ufeff" not in str(front)


def small_pdf(path: Path, media_box: bytes = b"/MediaBox [0 0 612 792]") -> Path:
    """A one-page PDF written object by object, with the page's MediaBox as given."""
    text = b"BT /F1 12 Tf 72 700 Td (Hello plan) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R %s /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>" % media_box,
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    data, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(data))
        data += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    data += b"xref\n0 6\n0000000000 65535 f \n" + table
    data += b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % data.index(b"xref")
    path.write_bytes(data)
    return path


def test_the_hand_made_pdf_reads(tmp_path: Path):
    assert read_source(small_pdf(tmp_path / "plan.pdf")).text == "Hello plan\n"


@pytest.mark.parametrize(
    ("media_box", "message"),
    [
        (b"/MediaBox [0 0 1e30 1e30]", r"non-number coordinate"),  # PDF has no exponents
        (b"", r"not a PDF's structure: TypeError"),
    ],
)
def test_a_pdf_with_a_broken_page_gets_one_line(tmp_path: Path, media_box: bytes, message: str):
    refused(
        small_pdf(tmp_path / "plan.pdf", media_box), rf"not a readable \.pdf file \(.*{message}"
    )


@pytest.fixture(scope="module")
def docx_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return docx_with(tmp_path_factory.mktemp("docx")).read_bytes()


@settings(max_examples=150, deadline=None)
@given(
    damage=st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.binary(min_size=1, max_size=4)),
        min_size=1,
        max_size=20,
    )
)
def test_any_damage_to_a_docx_gives_text_or_one_line(
    docx_bytes: bytes, tmp_path_factory: pytest.TempPathFactory, damage: list[tuple[float, bytes]]
):
    """Bytes overwritten anywhere (headers, directory, deflate data): never a traceback."""
    data = bytearray(docx_bytes)
    for where, new in damage:
        position = int(where * len(data))
        data[position : position + len(new)] = new
    path = tmp_path_factory.getbasetemp() / "damaged.docx"
    path.write_bytes(bytes(data))
    try:
        read_source(path)
    except SourceError as error:
        assert "\n" not in str(error)
