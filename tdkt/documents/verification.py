"""Public verification: what anyone may learn from a certificate's code or a signed PDF.

Only what the certificate itself shows is revealed: who (with position and agency), the award,
the decision's number and date, and the revocation if any; never identity numbers, dates of
birth or the achievement text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import signing
from .models import CODE_ALPHABET, CODE_LENGTH, Certificate

LOOKUPS_PER_WINDOW = 30  # per client address
WINDOW_SECONDS = 600


def normalise_code(text: str) -> str:
    """"abcd-efgh ijkl…" as typed from a printed certificate -> "ABCDEFGHIJKL…"."""
    return re.sub(r"[\s\-.]", "", text or "").upper()[:64]


def plausible(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(c in CODE_ALPHABET for c in code)


@dataclass
class PublicFacts:
    code: str
    kind: str  # individual | collective
    name: str  # "Bà Trần Thị Hồng" or the collective's name
    position: str
    workplace: str  # department and agency, or the collective's parent agency
    award: str
    number: str
    signed_on: object
    revoked: bool
    revoked_on: object = None
    revocation_reference: str = ""
    revocation_ground: str = ""


def facts_for(certificates: list[Certificate]) -> list[PublicFacts]:
    from . import awardees as written

    rows = [c.awardee for c in certificates]
    found = written.for_awardees(rows)  # the one way an awardee is written (one query)
    out = []
    for c, a in zip(certificates, rows, strict=True):
        designation = found[a.pk]
        if a.subject_kind == "collective":
            name, position, workplace = designation.name, "", designation.detail
        else:
            name, position = designation.name, a.position_title
            # "Văn phòng, Thi hành án dân sự …": the designation's detail after the position
            workplace = designation.detail.removeprefix(position).removeprefix(", ")
        out.append(PublicFacts(
            code=c.code, kind=a.subject_kind, name=name, position=position,
            workplace=workplace, award=a.award_name, number=a.decision.number_display,
            signed_on=a.decision.signed_on, revoked=a.revoked, revoked_on=a.revoked_on,
            revocation_reference=a.revocation_reference,
            revocation_ground=a.get_revocation_ground_display() if a.revocation_ground else "",
        ))
    return out


def _certificates(codes):
    return list(
        Certificate.objects.filter(code__in=codes)
        .select_related("awardee__decision__issuer", "awardee__person__unit",
                        "awardee__unit")
    )


def lookup(code: str) -> PublicFacts | None:
    code = normalise_code(code)
    if not plausible(code):
        return None
    rows = _certificates([code])
    return facts_for(rows)[0] if rows else None


# --- uploaded PDFs ---------------------------------------------------------------------------


@dataclass
class PdfVerdict:
    check: signing.SignatureCheck
    kind: str = ""  # decision | certificates | ""
    decision: object = None
    revoked_count: int = 0
    certificates: list[PublicFacts] = field(default_factory=list)
    missing_codes: int = 0

    @property
    def matches_register(self) -> bool:
        if self.kind == "decision":
            return self.decision is not None
        if self.kind == "certificates":
            return bool(self.certificates) and not self.missing_codes
        return False

    @property
    def all_valid(self) -> bool:
        revoked = self.revoked_count or any(c.revoked for c in self.certificates)
        return self.check.valid and self.matches_register and not revoked


def verify_pdf(content: bytes) -> PdfVerdict:
    """The signature check of an uploaded PDF and its match with the register (through the
    reference written into the signed file)."""
    from tdkt.nominations.models import Decision

    verdict = PdfVerdict(check=signing.check(content))
    reference = verdict.check.reference
    kind, _, rest = reference.partition(":")
    if kind == "decision":
        verdict.kind = kind
        parts = rest.split(":")
        if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
            verdict.decision = Decision.objects.filter(
                issuer_code=parts[0], year=int(parts[1]), sequence=int(parts[2])).first()
        if verdict.decision is not None:
            verdict.revoked_count = verdict.decision.awardees.filter(revoked=True).count()
    elif kind == "certificates":
        verdict.kind = kind
        codes = [c for c in rest.split() if plausible(c)][:1000]
        rows = _certificates(codes)
        verdict.certificates = facts_for(rows)
        verdict.missing_codes = len(set(codes)) - len(rows) if codes else 1
        if rows:
            _require_issuer_signature(verdict.check, rows[0].awardee.decision.issuer)
    if verdict.decision is not None:
        _require_issuer_signature(verdict.check, verdict.decision.issuer)
    return verdict


def _require_issuer_signature(check: signing.SignatureCheck, issuer) -> None:
    """A valid signature that is not the issuing body's own does not vouch for the document:
    a decision of Sở Tư pháp Hà Nội signed with the Ministry's certificate is refused."""
    if not (check.signed and check.intact):
        return
    expected = signing.signer_name_of(issuer.code)
    if expected and check.signer == expected:
        return
    check.valid = False
    check.problems.append(
        f"Văn bản do {issuer.name} ban hành nhưng chữ ký số là của "
        f"{check.signer or 'một cơ quan khác'}, không phải chứng thư số của cơ quan ban hành."
    )


def decision_reference(decision) -> str:
    return f"decision:{decision.issuer_code}:{decision.year}:{decision.sequence}"


def certificates_reference(codes) -> str:
    return "certificates:" + " ".join(codes)
