"""Signed PDFs (PAdES, pyHanko) and their verification.

Each issuing body signs with its own certificate: a unit's decisions and certificates are
signed by the unit's PKCS#12 file `<unit code>.p12` in settings.TDKT_SIGNING_DIR (passphrase
from the environment variable TDKT_SIGNING_PASSPHRASE_<UNIT_CODE> with "-" as "_", else
TDKT_SIGNING_PASSPHRASE); the Ministry's may instead be named by settings.TDKT_SIGNING_P12.
A body with no certificate gets unsigned PDFs — never another body's signature. Signatures
are checked against the CA certificates (PEM) in settings.TDKT_SIGNING_TRUST_ROOTS, and a
decision's signer must be the body that issued it. `make_demo_ca` writes a demo CA and
signing certificates for "Bộ Tư pháp" and the demo units (manage.py make_demo_signing_cert,
and seed_demo) into DATA_DIR/signing/.

Every generated PDF carries its register reference in its document information dictionary
(/TDKTRef: "decision:<issuer code>:<year>:<sequence>" or "certificates:<code> <code> …"), so
that an uploaded copy can be matched to the register.
"""

from __future__ import annotations

import datetime
import io
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

REF_KEY = "/TDKTRef"
DEMO_DIR_NAME = "signing"
MINISTRY_CODE = "BTP"
DEMO_P12 = "bo-tu-phap.p12"
DEMO_CA = "demo-ca.pem"
DEMO_PASSPHRASE = "tdkt-demo"  # a demonstration certificate only (docs/decisions/pyhanko.md)
# Demo units that get their own certificate (those with a council in the demo data):
# (unit code, organisation name written in the certificate).
DEMO_UNITS = (("STP-01", "Sở Tư pháp thành phố Hà Nội"),
              ("THADS-79", "Thi hành án dân sự Thành phố Hồ Chí Minh"))


# --- configuration -----------------------------------------------------------------------------


def demo_dir() -> Path:
    return Path(settings.DATA_DIR) / DEMO_DIR_NAME


def p12_path(unit_code: str = MINISTRY_CODE) -> Path | None:
    """The PKCS#12 file of the body `unit_code`; in DEBUG (make run) the demo one."""
    directory = getattr(settings, "TDKT_SIGNING_DIR", "")
    if directory and (Path(directory) / f"{unit_code}.p12").exists():
        return Path(directory) / f"{unit_code}.p12"
    configured = getattr(settings, "TDKT_SIGNING_P12", "")
    if unit_code == MINISTRY_CODE and configured:
        return Path(configured)
    if settings.DEBUG and not directory and not configured:
        demo = demo_dir() / (DEMO_P12 if unit_code == MINISTRY_CODE else f"{unit_code}.p12")
        if demo.exists():
            return demo
    return None


def passphrase(unit_code: str = MINISTRY_CODE) -> bytes | None:
    path = p12_path(unit_code)
    if path is not None and path.parent == demo_dir() and settings.DEBUG:
        return DEMO_PASSPHRASE.encode()
    own = os.environ.get("TDKT_SIGNING_PASSPHRASE_" + unit_code.upper().replace("-", "_"), "")
    value = own or getattr(settings, "TDKT_SIGNING_PASSPHRASE", "")
    return value.encode() if value else None


def trust_root_paths() -> list[Path]:
    configured = getattr(settings, "TDKT_SIGNING_TRUST_ROOTS", "")
    if configured:
        return [Path(p.strip()) for p in configured.split(",") if p.strip()]
    demo = demo_dir() / DEMO_CA
    return [demo] if settings.DEBUG and demo.exists() else []


def signing_configured(unit_code: str = MINISTRY_CODE) -> bool:
    path = p12_path(unit_code)
    return bool(path and path.exists())


def _signer(unit_code: str = MINISTRY_CODE):
    from pyhanko.sign import signers

    path = p12_path(unit_code)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        signer = signers.SimpleSigner.load_pkcs12(str(path), passphrase=passphrase(unit_code))
    if signer is None:
        raise RuntimeError(f"Không đọc được chứng thư số ký văn bản ({path}).")
    return signer


def signer_name_of(unit_code: str) -> str:
    """The common name in the certificate `unit_code` signs with ("" without one)."""
    if not signing_configured(unit_code):
        return ""
    return _signer(unit_code).signing_cert.subject.native.get("common_name", "")


# --- writing -----------------------------------------------------------------------------------


def with_reference(pdf: bytes, reference: str, title: str = "") -> bytes:
    """The same PDF with its register reference (and title) in the document information."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    info = {REF_KEY: reference}
    if title:
        info["/Title"] = title
    writer.add_metadata(info)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def sign(pdf: bytes, *, reason: str, location: str = "Hà Nội",
         unit_code: str = MINISTRY_CODE) -> bytes:
    """PAdES B-B signature by the certificate of the issuing body `unit_code`; the PDF
    unchanged when that body has none (never signed by another body's certificate)."""
    if not signing_configured(unit_code):
        return pdf
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name="ChuKySo", reason=reason, location=location,
        subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
    )
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        signers.sign_pdf(writer, meta, signer=_signer(unit_code), output=out)
    return out.getvalue()


def produce(pdf: bytes, reference: str, *, title: str, reason: str, location: str,
            unit_code: str = MINISTRY_CODE) -> bytes:
    return sign(with_reference(pdf, reference, title), reason=reason, location=location,
                unit_code=unit_code)


# --- checking ----------------------------------------------------------------------------------


@dataclass
class SignatureCheck:
    signed: bool = False
    valid: bool = False  # intact, cryptographically valid and trusted, covering the whole file
    intact: bool = False
    trusted: bool = False
    whole_file: bool = False
    signer: str = ""
    signed_at: datetime.datetime | None = None
    reference: str = ""
    problems: list[str] = field(default_factory=list)


def _trust_roots():
    from asn1crypto import pem, x509

    roots = []
    for path in trust_root_paths():
        if not path.exists():
            continue
        data = path.read_bytes()
        if pem.detect(data):
            for _, _, der in pem.unarmor(data, multiple=True):
                roots.append(x509.Certificate.load(der))
        else:
            roots.append(x509.Certificate.load(data))
    return roots


def reference_of(pdf: bytes) -> str:
    from pypdf import PdfReader

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            info = PdfReader(io.BytesIO(pdf), strict=False).metadata or {}
            return str(info.get(REF_KEY, "") or "")
        except Exception:  # noqa: BLE001 - a broken file has no reference
            return ""


def check(pdf: bytes) -> SignatureCheck:
    """Whether `pdf` is signed, and whether its (last) signature validates against the
    configured trust roots and covers the whole file (nothing added after signing)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    result = SignatureCheck(reference=reference_of(pdf))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            reader = PdfFileReader(io.BytesIO(pdf), strict=False)
            signatures = reader.embedded_signatures
        except Exception:  # noqa: BLE001 - pyHanko raises many kinds on a malformed file
            result.problems.append("Không đọc được cấu trúc tệp PDF để tìm chữ ký số.")
            return result
        if not signatures:
            return result
        result.signed = True
        roots = _trust_roots()
        if not roots:
            result.problems.append("Hệ thống chưa được cấu hình chứng thư gốc tin cậy.")
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        try:
            status = validate_pdf_signature(signatures[-1], context)
        except Exception:  # noqa: BLE001
            result.problems.append("Chữ ký số bị hỏng, không kiểm tra được.")
            return result
    result.intact = bool(status.intact and status.valid)
    result.trusted = bool(status.trusted)
    result.whole_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    result.signed_at = status.signer_reported_dt
    try:
        result.signer = status.signing_cert.subject.native.get("common_name", "")
    except Exception:  # noqa: BLE001
        result.signer = ""
    if not result.intact:
        result.problems.append("Nội dung tệp đã bị thay đổi sau khi ký (chữ ký không khớp).")
    if result.intact and not result.trusted:
        result.problems.append("Chứng thư số của người ký không thuộc cơ quan tin cậy.")
    if result.intact and not result.whole_file:
        result.problems.append("Tệp có phần được thêm vào sau khi ký.")
    result.valid = result.intact and result.trusted and result.whole_file
    return result


# --- demo certificate authority ----------------------------------------------------------------


def make_demo_ca(target: Path, password: str = DEMO_PASSPHRASE, *, force: bool = False
                 ) -> tuple[Path, Path]:
    """A demo root CA and signing certificates (PKCS#12) for "Bộ Tư pháp" and the demo units
    (`<unit code>.p12`), in `target`. Returns (the Ministry's p12 path, CA certificate path).
    Existing files are kept unless `force`."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    target.mkdir(parents=True, exist_ok=True)
    p12_file, ca_file = target / DEMO_P12, target / DEMO_CA
    unit_files = [target / f"{code}.p12" for code, _ in DEMO_UNITS]
    if all(f.exists() for f in (p12_file, ca_file, *unit_files)) and not force:
        return p12_file, ca_file
    now = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)

    def name(common: str, unit: str = "", organisation: str = "Bộ Tư pháp") -> x509.Name:
        parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                 x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation)]
        if unit:
            parts.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit))
        parts.append(x509.NameAttribute(NameOID.COMMON_NAME, common))
        return x509.Name(parts)

    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = name("CA thử nghiệm TĐKT Tư pháp (không dùng thật)")
    ca_cert = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
        .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=False, content_commitment=False, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    encryption = (serialization.BestAvailableEncryption(password.encode()) if password
                  else serialization.NoEncryption())

    def leaf(subject: x509.Name, friendly: bytes, path: Path) -> None:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        cert = (
            x509.CertificateBuilder().subject_name(subject)
            .issuer_name(ca_name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1825))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False,
                crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]),
                           critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                critical=False)
            .sign(ca_key, hashes.SHA256())
        )
        path.write_bytes(pkcs12.serialize_key_and_certificates(
            friendly, key, cert, [ca_cert], encryption))
        path.chmod(0o600)

    leaf(name("Bộ Tư pháp", "Văn phòng Bộ"), b"Bo Tu phap", p12_file)
    for (code, organisation), path in zip(DEMO_UNITS, unit_files, strict=True):
        leaf(name(organisation, organisation=organisation), code.encode(), path)
    ca_file.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    return p12_file, ca_file
