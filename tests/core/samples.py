"""Real and forged files for upload tests: built in memory, never read from disk."""

import io
import zipfile

# The forgery the security review used: a PDF header followed by garbage, 45 bytes.
FAKE_PDF = (b"%PDF-1.4\n" + b"...garbage" * 4)[:45]
# A Windows executable renamed to .pdf: "MZ" header, DOS stub text.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + (
    b"This program cannot be run in DOS mode.\r\n" * 4)


def pdf_bytes(pages: int = 1) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Số định danh", "Năm", "Xếp loại"])
    book.active.append(["001085000001", 2024, "HTXSNV"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def docx_bytes(text: str = "Quyết định khen thưởng") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "PNG")
    return out.getvalue()


def jpeg_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, "JPEG")
    return out.getvalue()


def rezip(content: bytes, extra: dict[str, bytes] | None = None, drop=()) -> bytes:
    """Copy an Office zip, dropping some members and adding others."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename not in drop:
                dst.writestr(info, src.read(info))
        for name, data in (extra or {}).items():
            dst.writestr(name, data)
    return out.getvalue()


def zip_bomb(template: bytes, member: str, uncompressed: int, zip64: bool = True) -> bytes:
    """An Office zip with one extra member that inflates to `uncompressed` bytes of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        chunk = bytes(1024 * 1024)
        with dst.open(member, "w", force_zip64=zip64) as handle:
            left = uncompressed
            while left > 0:
                handle.write(chunk[:min(left, len(chunk))])
                left -= len(chunk)
    return out.getvalue()


def forge_declared_size(content: bytes, member: str, size: int) -> bytes:
    """Rewrite the uncompressed size the central directory declares for `member` (no zip64)."""
    data = bytearray(content)
    at = data.find(b"PK\x01\x02")
    while at != -1:
        name_len = int.from_bytes(data[at + 28:at + 30], "little")
        if data[at + 46:at + 46 + name_len].decode() == member:
            data[at + 24:at + 28] = size.to_bytes(4, "little")
            return bytes(data)
        at = data.find(b"PK\x01\x02", at + 4)
    raise KeyError(member)
