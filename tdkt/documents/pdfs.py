"""PDF editions of a decision (the same content as its .docx, laid out by WeasyPrint) and of
certificates, carrying their register reference and, where a certificate is configured,
signed by the issuing body with its own certificate (signing.py)."""

from __future__ import annotations

from django.template.loader import render_to_string

from . import certificates as cert
from . import contexts, signing, verification, word
from . import formats as f


def decision_html(decision) -> str:
    content = word.decision_context(contexts.decision_data(decision))
    return render_to_string("documents/pdf/decision.html", {
        "c": content, "fonts": cert._font_css(), "national_name": f.NATIONAL_NAME,
        "motto": f.MOTTO,
    })


def decision_pdf(decision) -> bytes:
    pdf = cert.html_to_pdf(decision_html(decision))
    number = decision.number_display
    return signing.produce(
        pdf, verification.decision_reference(decision), title=f"Quyết định số {number}",
        reason=f"Ban hành Quyết định số {number}",
        location=word.place_of(decision.issuer.name), unit_code=decision.issuer.code)


def certificates_pdf(decision, items: list[cert.CertificateData], mode: str = "full",
                     layouts: dict | None = None) -> bytes:
    return finish_certificates(decision, cert.render_certificates(items, mode, layouts), items)


def finish_certificates(decision, pdf: bytes, items: list[cert.CertificateData]) -> bytes:
    """The register reference of the certificates in `pdf`, and the signature."""
    return signing.produce(
        pdf, verification.certificates_reference([i.code for i in items if i.code]),
        title=f"Bằng khen, giấy khen theo Quyết định số {decision.number_display}",
        reason=f"Bằng khen, giấy khen theo Quyết định số {decision.number_display}",
        location=word.place_of(decision.issuer.name), unit_code=decision.issuer.code)
