"""PDF certificates (Bằng khen A3 landscape, Giấy khen A4 landscape) from plain data.

Two modes:
- "full": the whole designed certificate (frame, national name, red authority and award);
- "blank": only the variable fields, placed at calibrated millimetre positions, for printing
  onto pre-printed blanks (phôi).

Every certificate carries a QR code (SVG, inline) to the public verification page. Many
certificates are rendered as ONE WeasyPrint document (one page each; pages of both sizes may
mix thanks to named pages), with the fonts bundled in fonts/ embedded in the PDF.
"""

from __future__ import annotations

import base64
import html
import struct
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import segno

from . import formats as f

FONT_DIR = Path(__file__).resolve().parent / "fonts"
BANG_KHEN, GIAY_KHEN = "bang_khen", "giay_khen"
PAGE_SIZES = {BANG_KHEN: (420, 297), GIAY_KHEN: (297, 210)}  # mm, landscape
KIND_LABELS = {BANG_KHEN: "Bằng khen (A3 ngang)", GIAY_KHEN: "Giấy khen (A4 ngang)"}

# Fields printed onto a blank, in the order of doc-formats §5.
FIELDS = {
    "recipient": "Ông/Bà, họ và tên hoặc tên tập thể",
    "detail": "Chức vụ, đơn vị công tác",
    "achievement": "Thành tích",
    "decision": "Số quyết định, ngày",
    "register": "Số sổ vàng",
    "place_date": "Địa danh, ngày tháng",
    "signer_title": "Chức vụ người ký",
    "signer_name": "Họ tên người ký",
    "qr": "Mã QR xác minh",
    "code": "Mã xác minh (chữ)",
}


def default_layout(kind: str) -> dict[str, dict]:
    """Field -> {x, y, w (mm, from the top-left of the sheet), size (pt)} for a blank."""
    if kind == GIAY_KHEN:
        return {
            "recipient": {"x": 40, "y": 88, "w": 217, "size": 22},
            "detail": {"x": 40, "y": 102, "w": 217, "size": 14},
            "achievement": {"x": 40, "y": 114, "w": 217, "size": 14},
            "decision": {"x": 22, "y": 160, "w": 110, "size": 11},
            "register": {"x": 22, "y": 167, "w": 110, "size": 11},
            "place_date": {"x": 160, "y": 140, "w": 120, "size": 13},
            "signer_title": {"x": 160, "y": 148, "w": 120, "size": 13},
            "signer_name": {"x": 160, "y": 185, "w": 120, "size": 14},
            "qr": {"x": 22, "y": 176, "w": 20, "size": 0},
            "code": {"x": 45, "y": 180, "w": 90, "size": 9},
        }
    return {
        "recipient": {"x": 60, "y": 128, "w": 300, "size": 30},
        "detail": {"x": 60, "y": 146, "w": 300, "size": 18},
        "achievement": {"x": 60, "y": 162, "w": 300, "size": 18},
        "decision": {"x": 35, "y": 225, "w": 150, "size": 13},
        "register": {"x": 35, "y": 233, "w": 150, "size": 13},
        "place_date": {"x": 235, "y": 200, "w": 160, "size": 16},
        "signer_title": {"x": 235, "y": 210, "w": 160, "size": 16},
        "signer_name": {"x": 235, "y": 262, "w": 160, "size": 18},
        "qr": {"x": 35, "y": 245, "w": 28, "size": 0},
        "code": {"x": 66, "y": 250, "w": 120, "size": 11},
    }


def merged_layout(kind: str, stored: dict | None) -> dict[str, dict]:
    layout = default_layout(kind)
    for key, value in (stored or {}).items():
        if key in layout and isinstance(value, dict):
            layout[key] = {**layout[key], **value}
    return layout


@dataclass
class CertificateData:
    kind: str  # bang_khen | giay_khen
    authority: str  # "Bộ trưởng Bộ Tư pháp"
    award_title: str  # "BẰNG KHEN"
    recipient: str  # "Bà Trần Thị Hồng" or the unit's full name
    detail: str
    achievement: str
    decision_number: str
    decision_date: object
    register_number: str
    place: str
    signer_title: tuple[str, str]
    signer_name: str
    verify_url: str = ""
    code: str = ""  # the verification code, printed beside the QR for typing in
    verb: str = "TẶNG"  # "CÔNG NHẬN DANH HIỆU" on a title's certificate (verb_for)
    # The register line's label; "" leaves the line out (a contest's prize certificate is not
    # entered in the golden register).
    register_label: str = "Số sổ vàng"


def printed_code(code: str) -> str:
    """"ABCD-EFGH-IJKL-MNOP-QRST": the code as printed, in groups of four."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def lookup_address(verify_url: str) -> str:
    """The public lookup page's address (without the code) for the printed line."""
    head, sep, _ = verify_url.partition("/cong-khai/van-ban/xac-minh/")
    return f"{head.split('://', 1)[-1]}{sep}" if sep else ""


def certificate_kind(award_code: str) -> str:
    return GIAY_KHEN if award_code.startswith("giay_khen") else BANG_KHEN


def verb_for(award_code: str) -> str:
    """Bằng khen and Giấy khen are given ("TẶNG"); a title is recognised."""
    if award_code.startswith(("giay_khen", "bang_khen")):
        return "TẶNG"
    return "CÔNG NHẬN DANH HIỆU"


def award_title(award_code: str, award_name: str) -> str:
    if award_code.startswith("giay_khen"):
        return "GIẤY KHEN"
    if award_code.startswith("bang_khen"):
        return "BẰNG KHEN"
    return f.upper(award_name)


def _png(matrix, scale: int = 4) -> bytes:
    """A 1-bit greyscale PNG of a QR matrix, written directly (segno's own PNG writer is ten
    times slower, and SVG images cost WeasyPrint far more to draw)."""
    size = len(matrix) * scale
    raw = bytearray()
    for row in matrix:
        bits = "".join(("0" if cell else "1") * scale for cell in row)
        bits += "0" * (-len(bits) % 8)
        line = b"\x00" + int(bits, 2).to_bytes(len(bits) // 8, "big")
        raw += line * scale
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    header = struct.pack(">IIBBBBB", size, size, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(bytes(raw), 6)) + chunk(b"IEND", b""))


@lru_cache(maxsize=4096)
def qr_data_uri(url: str) -> str:
    qr = segno.make(url, error="m")
    return "data:image/png;base64," + base64.b64encode(_png(qr.matrix)).decode()


@lru_cache(maxsize=1)
def _font_css() -> str:
    faces = []
    for file, weight, style in (
        ("LiberationSerif-Regular.ttf", "normal", "normal"),
        ("LiberationSerif-Bold.ttf", "bold", "normal"),
        ("LiberationSerif-Italic.ttf", "normal", "italic"),
        ("LiberationSerif-BoldItalic.ttf", "bold", "italic"),
    ):
        uri = (FONT_DIR / file).as_uri()
        faces.append(
            f'@font-face {{ font-family: "Times New Roman"; src: url("{uri}"); '
            f"font-weight: {weight}; font-style: {style}; }}"
        )
    return "\n".join(faces)


BASE_CSS = """
@page bang_khen { size: 420mm 297mm; margin: 0; }
@page giay_khen { size: 297mm 210mm; margin: 0; }
html { font-family: "Times New Roman"; color: #000; }
body { margin: 0; }
.sheet { position: relative; overflow: hidden; page-break-after: always; }
.sheet:last-child { page-break-after: auto; }
.sheet.bang_khen { page: bang_khen; width: 420mm; height: 297mm; }
.sheet.giay_khen { page: giay_khen; width: 297mm; height: 210mm; }
.f { position: absolute; text-align: center; line-height: 1.25; }
.l { text-align: left; }
.red { color: #c00000; }
.b { font-weight: bold; }
.i { font-style: italic; }
.u { text-decoration: underline; }
.grid { position: absolute; left: 0; top: 0; }
"""


def _full_css() -> str:
    """Class rules of the designed certificate, scaled to each sheet size (no inline styles:
    WeasyPrint then parses each rule once for hundreds of pages)."""
    rules = []
    for kind, (width, height) in PAGE_SIZES.items():
        k = width / 420
        s = f".{kind} "

        def pt(size, k=k):
            return f"{round(size * k, 1)}pt"

        rules.append(
            f"{s}.frame {{ position: absolute; left: 8mm; top: 8mm; width: {width - 22}mm; "
            f"height: {height - 22}mm; border: 3mm double #b8860b; }}"
            f"{s}.c {{ left: 30mm; top: {0.095 * height}mm; width: {width - 60}mm; "
            f"font-size: {pt(20)}; }}"
            f"{s}.c p {{ margin: {pt(6)} 0 0 0; }}"
            f"{s}.auth {{ font-size: {pt(26)}; margin-top: {pt(40)} !important; }}"
            f"{s}.tang {{ font-size: {pt(22)}; margin-top: {pt(16)} !important; }}"
            f"{s}.award {{ font-size: {pt(64)}; margin-top: {pt(8)} !important; }}"
            f"{s}.who {{ font-size: {pt(32)}; margin-top: {pt(26)} !important; }}"
            f"{s}.bl {{ left: {30 * k + 10}mm; top: {0.665 * height}mm; "
            f"width: {width * 0.4}mm; font-size: {pt(14)}; }}"
            f"{s}.br {{ left: {width * 0.55}mm; top: {0.645 * height}mm; "
            f"width: {width * 0.4}mm; font-size: {pt(18)}; }}"
            f"{s}.sn {{ left: {width * 0.55}mm; top: {0.83 * height}mm; "
            f"width: {width * 0.4}mm; font-size: {pt(20)}; }}"
            f"{s}.qr {{ position: absolute; left: {30 * k + 10}mm; top: {0.745 * height}mm; "
            f"width: {30 * k}mm; height: {30 * k}mm; image-rendering: pixelated; }}"
            f"{s}.qc {{ left: {62 * k + 10}mm; top: {0.755 * height}mm; "
            f"width: {width * 0.33}mm; font-size: {pt(13)}; }}"
        )
    return "".join(rules)


def _blank_css(layouts: dict[str, dict]) -> str:
    rules = []
    for kind, layout in layouts.items():
        for key, pos in layout.items():
            sel = f".{kind} .p-{key}"
            if key == "qr":
                rules.append(f"{sel} {{ position: absolute; left: {pos['x']}mm; "
                             f"top: {pos['y']}mm; width: {pos['w']}mm; height: {pos['w']}mm; "
                             "image-rendering: pixelated; }")
            else:
                rules.append(f"{sel} {{ left: {pos['x']}mm; top: {pos['y']}mm; "
                             f"width: {pos['w']}mm; font-size: {pos['size']}pt; }}")
    return "".join(rules)


def _esc(text) -> str:
    return html.escape(str(text or ""), quote=True)


def _lines(c: CertificateData) -> dict[str, str]:
    return {
        "recipient": _esc(c.recipient),
        "detail": _esc(c.detail),
        "achievement": _esc(c.achievement),
        "decision": _esc(f"Số quyết định: {f.decision_number(c.decision_number)}, "
                         f"{f.long_date(c.decision_date)}"),
        "register": (_esc(f"{c.register_label}: {c.register_number or '…'}")
                     if c.register_label else ""),
        "place_date": _esc(f.place_date(c.place, c.decision_date)),
        "signer_title": "<br>".join(_esc(t) for t in c.signer_title if t),
        "signer_name": _esc(c.signer_name),
        "code": (f"Mã xác minh: <b>{_esc(printed_code(c.code))}</b>"
                 + (f"<br>Tra cứu tại {_esc(lookup_address(c.verify_url))}"
                    if lookup_address(c.verify_url) else "")) if c.code else "",
    }


def _qr(c: CertificateData, cls: str) -> str:
    if not c.verify_url:
        return ""
    return f'<img class="{cls}" src="{qr_data_uri(c.verify_url)}">'


def _full_sheet(c: CertificateData) -> str:
    lines = _lines(c)
    return (
        '<div class="frame"></div>'
        f'<div class="f c"><p class="b">{f.NATIONAL_NAME}</p><p class="b u">{f.MOTTO}</p>'
        f'<p class="b red auth">{_esc(f.upper(c.authority))}</p>'
        f'<p class="b tang">{_esc(c.verb)}</p>'
        f'<p class="b red award">{_esc(c.award_title)}</p><p class="b who">'
        f'{lines["recipient"]}</p><p>{lines["detail"]}</p><p class="i">'
        f'{lines["achievement"]}</p></div>'
        f'<div class="f l bl">{lines["decision"]}<br><b>{lines["register"]}</b></div>'
        f'{_qr(c, "qr")}<div class="f l qc">{lines["code"]}</div>'
        f'<div class="f br"><span class="i">{lines["place_date"]}</span><br>'
        f'<b>{lines["signer_title"]}</b></div>'
        f'<div class="f b sn">{lines["signer_name"]}</div>'
    )


BOLD_FIELDS = ("recipient", "signer_name", "signer_title")


def _blank_sheet(c: CertificateData, layout: dict) -> str:
    lines = _lines(c)
    parts = []
    for key in layout:
        if key == "qr":
            parts.append(_qr(c, "p-qr"))
            continue
        cls = " b" if key in BOLD_FIELDS else (" i" if key == "place_date" else "")
        cls += " l" if key == "code" else ""
        parts.append(f'<div class="f p-{key}{cls}">{lines[key]}</div>')
    return "".join(parts)


def _document(sheets: str, extra_css: str = "") -> str:
    return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>{_font_css()}'
            f'{BASE_CSS}{extra_css}</style></head><body>{sheets}</body></html>')


def certificates_html(items: list[CertificateData], mode: str = "full",
                      layouts: dict[str, dict] | None = None) -> str:
    if mode == "blank":
        merged = {kind: merged_layout(kind, (layouts or {}).get(kind)) for kind in PAGE_SIZES}
        css = _blank_css(merged)
        sheets = "".join(f'<div class="sheet {c.kind}">{_blank_sheet(c, merged[c.kind])}</div>'
                         for c in items)
    else:
        css = _full_css()
        sheets = "".join(f'<div class="sheet {c.kind}">{_full_sheet(c)}</div>' for c in items)
    return _document(sheets, css)


@lru_cache(maxsize=1)
def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def html_to_pdf(document: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=document, base_url=str(FONT_DIR)).write_pdf(font_config=_font_config())


def render_certificates(items: list[CertificateData], mode: str = "full",
                        layouts: dict[str, dict] | None = None) -> bytes:
    """One PDF, one page per certificate."""
    return html_to_pdf(certificates_html(items, mode, layouts))


def test_print(kind: str, layout: dict | None = None, sample: CertificateData | None = None
               ) -> bytes:
    """A calibration sheet: a 10 mm grid with labelled centimetres, crosshairs at each field's
    anchor, and the sample fields printed at their positions."""
    width, height = PAGE_SIZES[kind]
    layout = merged_layout(kind, layout)
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}mm" height="{height}mm" '
           f'viewBox="0 0 {width} {height}">']
    for x in range(0, width + 1, 10):
        svg.append(f'<line x1="{x}" y1="0" x2="{x}" y2="{height}" stroke="#9bb" '
                   f'stroke-width="{0.3 if x % 50 == 0 else 0.1}"/>')
        if x % 50 == 0:
            svg.append(f'<text x="{x + 1}" y="4" font-size="3" fill="#366">{x}</text>')
    for y in range(0, height + 1, 10):
        svg.append(f'<line x1="0" y1="{y}" x2="{width}" y2="{y}" stroke="#9bb" '
                   f'stroke-width="{0.3 if y % 50 == 0 else 0.1}"/>')
        if y % 50 == 0:
            svg.append(f'<text x="1" y="{y - 1}" font-size="3" fill="#366">{y}</text>')
    for key, pos in layout.items():
        x, y = pos["x"], pos["y"]
        svg.append(f'<line x1="{x - 4}" y1="{y}" x2="{x + 4}" y2="{y}" stroke="#c00" '
                   f'stroke-width="0.3"/><line x1="{x}" y1="{y - 4}" x2="{x}" y2="{y + 4}" '
                   f'stroke="#c00" stroke-width="0.3"/>')
        label = _esc(FIELDS.get(key, key))  # Vietnamese field names on the test print
        svg.append(f'<text x="{x + 1}" y="{y - 1}" font-size="2.5" fill="#c00" '
                   f'font-family="Times New Roman">{label}</text>')
    svg.append("</svg>")
    grid = "data:image/svg+xml;base64," + base64.b64encode("".join(svg).encode()).decode()
    sample = sample or sample_certificate(kind)
    body = _blank_sheet(sample, layout)
    css = _blank_css({kind: layout}) + f".grid {{ width: {width}mm; height: {height}mm; }}"
    return html_to_pdf(_document(
        f'<div class="sheet {kind}"><img class="grid" src="{grid}">{body}</div>', css))


def sample_certificate(kind: str, verify_url: str = "https://example.invalid/xac-minh/MAU"
                       ) -> CertificateData:
    import datetime

    return CertificateData(
        kind=kind,
        authority="Bộ trưởng Bộ Tư pháp" if kind == BANG_KHEN else "Giám đốc Sở Tư pháp",
        award_title="BẰNG KHEN" if kind == BANG_KHEN else "GIẤY KHEN",
        recipient="Bà Nguyễn Thị Hường",
        detail="Chuyên viên, Văn phòng, Sở Tư pháp thành phố Hà Nội",
        achievement="Đã có thành tích xuất sắc trong công tác năm 2025",
        decision_number="05/QĐ-BTP", decision_date=datetime.date(2026, 1, 5),
        register_number="2026-0001", place="Hà Nội",
        signer_title=("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"), signer_name="Nguyễn Văn Mẫu",
        verify_url=verify_url, code="MAUXACMINH2345672345",
    )
