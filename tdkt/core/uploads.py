"""The one place that decides whether an uploaded file is accepted.

    validate_upload(uploaded_file, kind)   # -> None, or ValidationError (Vietnamese message)

Every form and service that takes a file calls it with one of the KINDS below. The checks run
from cheapest to dearest, and the size is judged from `UploadedFile.size` (what Django counted
while it streamed the body to memory or a temporary file) before a single byte is read here:

1. size: not empty, at most the kind's limit (settings.MAX_UPLOAD_BYTES, or less for a kind);
2. extension: one the kind allows;
3. signature: the first bytes must be those of the format the extension names (a renamed
   executable, or a Word file renamed .pdf, is refused);
4. structure: PDFs are parsed with pypdf (page tree read, password-protected refused);
   .xlsx/.docx are zips with their required members, no unsafe member names, no encrypted or
   macro members, a bounded member count and a bounded total uncompressed size (zip bombs),
   and every member's CRC checks out; images are opened with Pillow (bounded pixel count).
   Old binary Office files (.doc, .xls) are checked by signature only.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

MB = 1024 * 1024
DEFAULT_UNCOMPRESSED_BYTES = 200 * MB  # settings.MAX_UPLOAD_UNCOMPRESSED_BYTES overrides
DEFAULT_ZIP_MEMBERS = 2000  # settings.MAX_UPLOAD_ZIP_MEMBERS overrides
TEMPLATE_BYTES = 5 * MB


@dataclass(frozen=True)
class Format:
    signatures: tuple[bytes, ...]
    invalid: str  # "Tệp không phải … hợp lệ."
    check: str = ""  # name of the structural check below ("" = signature only)
    members: tuple[str, ...] = ()  # zip members an Office file cannot lack
    image: str = ""  # Pillow's format name


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
FORMATS = {
    ".pdf": Format((b"%PDF-",), "Tệp không phải PDF hợp lệ.", "pdf"),
    ".docx": Format((ZIP,), "Tệp không phải tệp Word (.docx) hợp lệ.", "ooxml",
                    ("[Content_Types].xml", "word/document.xml")),
    ".xlsx": Format((ZIP,), "Tệp không phải tệp Excel .xlsx hợp lệ.", "ooxml",
                    ("[Content_Types].xml", "xl/workbook.xml")),
    ".doc": Format((OLE,), "Tệp không phải tệp Word (.doc) hợp lệ."),
    ".xls": Format((OLE,), "Tệp không phải tệp Excel (.xls) hợp lệ."),
    ".jpg": Format((b"\xff\xd8\xff",), "Tệp không phải ảnh JPEG hợp lệ.", "image",
                   image="JPEG"),
    ".jpeg": Format((b"\xff\xd8\xff",), "Tệp không phải ảnh JPEG hợp lệ.", "image",
                    image="JPEG"),
    ".png": Format((b"\x89PNG\r\n\x1a\n",), "Tệp không phải ảnh PNG hợp lệ.", "image",
                   image="PNG"),
    # Text: an object or array, after an optional UTF-8 BOM and white space.
    ".json": Format((b"{", b"[", b"\xef\xbb\xbf", b" ", b"\t", b"\r", b"\n"),
                    "Tệp không phải JSON (UTF-8) hợp lệ.", "json"),
}


@dataclass(frozen=True)
class Kind:
    extensions: tuple[str, ...]
    described: str  # completes "Chỉ nhận tệp …."
    max_bytes: int | None = None  # None: settings.MAX_UPLOAD_BYTES


KINDS = {
    # Personnel history workbook (tdkt.history import).
    "xlsx": Kind((".xlsx",), "Excel định dạng .xlsx"),
    # Nomination dossier attachments.
    "attachment": Kind((".pdf", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png"),
                       "PDF, Word (.doc, .docx), Excel (.xls, .xlsx) hoặc ảnh (.jpg, .png)"),
    # Movement plans, decisions, minutes, scorecard evidence.
    "movement_file": Kind((".pdf", ".doc", ".docx"), "PDF hoặc Word (.pdf, .doc, .docx)"),
    # Word templates of generated documents (their Jinja checks live in documents.services).
    "docx_template": Kind((".docx",), "Word định dạng .docx", TEMPLATE_BYTES),
    # The text of a law, decree or circular imported into the legal library (tdkt.legal).
    "legal_docx": Kind((".docx",), "Word định dạng .docx"),
    # A contest question bank (tdkt.contests.bank: its schema is checked there).
    "question_bank": Kind((".json",), "JSON (.json)", 2 * MB),
    # A signed decision or certificate checked on the public verification page.
    "signed_pdf": Kind((".pdf",), "PDF (.pdf)"),
    # Photos of an exemplar (tdkt.exemplars): embedded in its summary, shown in its story.
    "photo": Kind((".jpg", ".jpeg", ".png"), "ảnh JPEG hoặc PNG (.jpg, .jpeg, .png)", 10 * MB),
}


def _mb(n: float) -> str:
    return f"{n / MB:.1f}".rstrip("0").rstrip(".").replace(".", ",")


def max_bytes(kind: str) -> int:
    limit = settings.MAX_UPLOAD_BYTES
    own = KINDS[kind].max_bytes
    return min(limit, own) if own else limit


def validate_upload(uploaded_file, kind: str) -> None:
    """Accept `uploaded_file` as a `kind` upload or raise ValidationError (Vietnamese).

    `None` (an optional file field left empty) is accepted: whether a file is required is the
    form's business. The file is left rewound at its start."""
    if uploaded_file is None:
        return
    spec = KINDS[kind]  # KeyError for an unknown kind: a programming error
    if kind in getattr(uploaded_file, "_tdkt_upload_checked", ()):
        return  # the form already checked this very object; the service need not parse again
    size = uploaded_file.size
    limit = max_bytes(kind)
    if size is not None and size > limit:
        raise ValidationError(
            f"Tệp quá lớn: vượt quá giới hạn {_mb(limit)} MB (tệp này {_mb(size)} MB).",
            code="too_large",
        )
    name = PurePosixPath((uploaded_file.name or "").replace("\\", "/")).name
    ext = PurePosixPath(name.lower()).suffix
    if ext not in spec.extensions:
        raise ValidationError(f"Chỉ nhận tệp {spec.described}.", code="extension")
    if not size:
        raise ValidationError("Tệp rỗng.", code="empty")
    fmt = FORMATS[ext]
    try:
        uploaded_file.seek(0)
        head = uploaded_file.read(16)
        if not any(head.startswith(sig) for sig in fmt.signatures):
            raise ValidationError(
                f"{fmt.invalid} Nội dung tệp không đúng định dạng {ext}.", code="signature")
        uploaded_file.seek(0)
        if fmt.check == "pdf":
            _check_pdf(uploaded_file, fmt)
        elif fmt.check == "ooxml":
            _check_ooxml(uploaded_file, fmt)
        elif fmt.check == "image":
            _check_image(uploaded_file, fmt)
        elif fmt.check == "json":
            _check_json(uploaded_file, fmt)
    finally:
        uploaded_file.seek(0)
    try:
        uploaded_file._tdkt_upload_checked = (
            *getattr(uploaded_file, "_tdkt_upload_checked", ()), kind)
    except AttributeError:  # an object that takes no attributes: it will be checked again
        pass


def validate_content(content: bytes, name: str, kind: str) -> None:
    """validate_upload for bytes already in memory (e.g. a stored template being re-checked)."""
    validate_upload(ContentFile(content, name=name), kind)


# --- while the request body streams in -----------------------------------------------------


class OversizeUpload(UploadedFile):
    """Stands for a file that went past MAX_UPLOAD_BYTES while it streamed in: its size is
    known, its bytes were dropped. validate_upload refuses it on its size alone."""

    def __init__(self, name, content_type, size, charset=None):
        super().__init__(None, name, content_type, size, charset)

    def _dropped(self, *args, **kwargs):
        raise ValidationError("Tệp quá lớn; nội dung không được lưu lại.", code="too_large")

    open = read = chunks = seek = _dropped


class SizeCapUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: counts each file's bytes as the body streams; past
    settings.MAX_UPLOAD_BYTES the rest is counted but no longer handed to the memory or
    temporary-file handlers, and the form receives an OversizeUpload (refused, with its size
    in the message). Nothing beyond the limit is held in memory or written to disk."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.limit = settings.MAX_UPLOAD_BYTES

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        return None if self.received > self.limit else raw_data

    def file_complete(self, file_size):
        if self.received > self.limit:
            return OversizeUpload(self.file_name, self.content_type, self.received, self.charset)
        return None  # the next handler (memory or temporary file) returns the real file


# --- structural checks -------------------------------------------------------------------


def _unreadable(fmt: Format, detail: str = "") -> ValidationError:
    return ValidationError(
        f"{fmt.invalid} {detail or 'Không đọc được nội dung tệp (tệp hỏng hoặc giả mạo).'}",
        code="invalid",
    )


def _check_pdf(handle, fmt: Format) -> None:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(handle, strict=False)
            if reader.is_encrypted and not _opens_without_password(reader):
                raise ValidationError(
                    "Tệp PDF được đặt mật khẩu; hãy tải lên bản không đặt mật khẩu.",
                    code="encrypted")
            pages = len(reader.pages)
            if pages < 1:
                raise _unreadable(fmt, "Tệp PDF không có trang nào.")
            reader.pages[0].mediabox  # noqa: B018 - the first page must resolve
    except ValidationError:
        raise
    except FileNotDecryptedError:
        raise ValidationError(
            "Tệp PDF được đặt mật khẩu; hãy tải lên bản không đặt mật khẩu.", code="encrypted"
        ) from None
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on a malformed file
        raise _unreadable(fmt) from exc


def _opens_without_password(reader) -> bool:
    try:
        return bool(reader.decrypt(""))
    except Exception:  # noqa: BLE001
        return False


def _unsafe_member_name(name: str) -> bool:
    if not name or "\x00" in name or "\\" in name:
        return True
    if name.startswith("/") or PureWindowsPath(name).drive:
        return True
    return any(part == ".." for part in name.split("/"))


def _check_ooxml(handle, fmt: Format) -> None:
    max_members = getattr(settings, "MAX_UPLOAD_ZIP_MEMBERS", DEFAULT_ZIP_MEMBERS)
    max_total = getattr(settings, "MAX_UPLOAD_UNCOMPRESSED_BYTES", DEFAULT_UNCOMPRESSED_BYTES)
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _unreadable(fmt, "Tệp nén bị hỏng.") from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > max_members:
            raise ValidationError(
                f"Tệp chứa quá nhiều thành phần ({len(infos)}; tối đa {max_members}); "
                "không nhận tệp này.", code="zip_members")
        seen = set()
        total = 0
        for info in infos:
            if _unsafe_member_name(info.filename):
                raise ValidationError(
                    f"Tệp chứa thành phần có đường dẫn không an toàn ({info.filename[:80]!r}); "
                    "không nhận tệp này.", code="zip_traversal")
            lowered = info.filename.lower()
            if lowered in seen:
                raise _unreadable(fmt, f"Thành phần {info.filename[:80]} bị lặp.")
            seen.add(lowered)
            if info.flag_bits & 0x1:
                raise ValidationError(
                    "Tệp được đặt mật khẩu; hãy tải lên bản không đặt mật khẩu.",
                    code="encrypted")
            if PurePosixPath(lowered).name == "vbaproject.bin":
                raise ValidationError(
                    "Tệp chứa macro (VBA); hãy lưu lại thành tệp không có macro.",
                    code="macro")
            total += info.file_size
        if total > max_total:
            raise ValidationError(
                f"Tệp khi giải nén vượt quá {_mb(max_total)} MB (có thể là “bom nén”); "
                "không nhận tệp này.", code="zip_bomb")
        for member in fmt.members:
            if member.lower() not in seen:
                raise _unreadable(fmt, f"Thiếu thành phần {member}.")
        # Python's zipfile never inflates a member past its declared size (it stops there and
        # the CRC check fails), so the declared total above bounds this full read.
        try:
            broken = archive.testzip()
        except Exception as exc:  # noqa: BLE001 - zlib/zipfile errors on a corrupt member
            raise _unreadable(fmt, "Tệp nén bị hỏng.") from exc
        if broken is not None:
            raise _unreadable(fmt, "Tệp nén bị hỏng.")


def _check_json(handle, fmt: Format) -> None:
    import json

    try:
        data = json.loads(handle.read().decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _unreadable(fmt) from exc
    if not isinstance(data, dict | list):
        raise _unreadable(fmt)


def _check_image(handle, fmt: Format) -> None:
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(handle.read())) as image:
                if image.format != fmt.image:
                    raise _unreadable(fmt)
                image.verify()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError("Ảnh có kích thước điểm ảnh quá lớn; không nhận tệp này.",
                              code="image_bomb") from exc
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds on a malformed file
        raise _unreadable(fmt) from exc
