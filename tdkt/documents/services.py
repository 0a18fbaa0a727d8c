"""State changes of the documents area (templates, layouts, certificate codes, jobs) and the
render entry points used by views and tasks."""

from __future__ import annotations

import datetime
import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from jinja2.sandbox import SecurityError

from tdkt.accounts.scoping import Scope
from tdkt.accounts.scoping import is_dept as is_dept  # re-exported
from tdkt.accounts.scoping import require_dept as require_dept  # re-exported
from tdkt.audit.services import record
from tdkt.core.uploads import validate_content, validate_upload

from . import certificates as cert
from . import word
from .models import CertificateLayout, DocumentTemplate, GenerationJob, JobKind, TemplateKind


def require_admin(actor) -> None:
    if not Scope(actor).is_admin:
        raise PermissionDenied("Chỉ quản trị hệ thống được thay mẫu văn bản.")


# --- templates -----------------------------------------------------------------------------


def active_template(kind: str) -> DocumentTemplate | None:
    return DocumentTemplate.objects.filter(kind=kind, active=True).first()


def template_source(kind: str):
    """Bytes of the active uploaded version, else the bundled default's path."""
    row = active_template(kind)
    if row is None:
        return word.default_template(kind)
    with row.file.open("rb") as fh:
        return fh.read()


def render(kind: str, context: dict) -> bytes:
    return word.render_docx(kind, context, template_source(kind))


def sample_data(kind: str):
    """Plain sample data of each kind, used to validate an uploaded template."""
    day = datetime.date(2026, 1, 5)
    people = [
        word.Recipient("collective", "Phòng Hành chính tư pháp",
                       unit_name="Sở Tư pháp tỉnh Lạng Sơn", award_name="Bằng khen"),
        word.Recipient("individual", "Nguyễn Thị Hường", gender="female",
                       position="Chuyên viên", unit_name="Văn phòng, Sở Tư pháp tỉnh Lạng Sơn",
                       award_name="Bằng khen", achievement="Hoàn thành xuất sắc nhiệm vụ"),
    ]
    lines = [word.RecordLine(2025, "Lao động tiên tiến", "Quyết định số 01/QĐ-STP")]
    if kind == TemplateKind.DECISION:
        return word.DecisionData(
            number="05/QĐ-BTP", signed_on=day, issuer_name="Bộ Tư pháp",
            authority="Bộ trưởng Bộ Tư pháp", signer_name="Nguyễn Văn Mẫu",
            signer_title="Thứ trưởng", subject="Về việc tặng Bằng khen",
            bases="Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
            award_name="Bằng khen của Bộ trưởng Bộ Tư pháp", recipients=people,
        )
    if kind == TemplateKind.SUBMISSION:
        return word.SubmissionData(
            number="12/TTr-STP", submitted_on=day, unit_name="Sở Tư pháp tỉnh Lạng Sơn",
            parent_body="UBND tỉnh Lạng Sơn", title="Về việc đề nghị khen thưởng",
            round_name="Đợt xét khen thưởng năm 2025", recipients=people,
        )
    if kind == TemplateKind.MINUTES:
        return word.MinutesData(
            title="Họp Hội đồng Thi đua - Khen thưởng", held_on=day, place="Hà Nội",
            members_total=9, present=8,
            members=[("Nguyễn Văn Mẫu", "Chủ tịch Hội đồng", True)],
            items=[word.VoteRow("Nguyễn Thị Hường", "Bằng khen", 8, 0, 9, True)],
        )
    if kind == TemplateKind.REPORT_INDIVIDUAL:
        return word.IndividualReportData(
            name="Nguyễn Thị Hường", award_name="Bằng khen", unit_name="Văn phòng",
            parent_body="Sở Tư pháp", position="Chuyên viên", gender="female",
            date_of_birth=datetime.date(1985, 5, 17), joined_on=None,
            ratings=[word.RecordLine(2025, "Hoàn thành xuất sắc nhiệm vụ")],
            initiatives=lines, titles=lines, awards=lines, report_date=day,
        )
    return word.CollectiveReportData(
        name="Phòng Hành chính tư pháp", award_name="Bằng khen", parent_body="Sở Tư pháp",
        member_count=12, years=[word.UnitYear(2025, "Hoàn thành xuất sắc nhiệm vụ", 12, 3, 10)],
        titles=lines, awards=lines, report_date=day,
    )


def validate_template(kind: str, content: bytes) -> None:
    """Render the template with sample data and reopen the result; Vietnamese errors."""
    import docx

    validate_content(content, "mau.docx", "docx_template")  # size, zip members, zip bomb
    try:
        rendered = word.render_docx(kind, word.CONTEXT_BUILDERS[kind](sample_data(kind)),
                                    content)
        docx.Document(io.BytesIO(rendered))
    except word.TemplateResourceError as exc:
        raise ValidationError(
            "Không dùng được mẫu này: tạo thử văn bản với dữ liệu mẫu chạy quá lâu hoặc dùng "
            "quá nhiều bộ nhớ (vòng lặp hoặc giá trị quá lớn). Mẫu đang dùng được giữ nguyên."
        ) from exc
    except SecurityError as exc:
        raise ValidationError(
            "Không dùng được mẫu này: mẫu chứa biểu thức không được phép (truy cập thuộc tính "
            "nội bộ của Python hoặc tạo giá trị quá lớn). Chỉ dùng các trường dữ liệu của văn "
            "bản. Mẫu đang dùng được giữ nguyên."
        ) from exc
    except Exception as exc:  # noqa: BLE001 - any failure means the template is unusable
        message = str(exc).splitlines()[0][:200] if str(exc) else exc.__class__.__name__
        raise ValidationError(
            f"Không dùng được mẫu này: tạo thử văn bản với dữ liệu mẫu bị lỗi ({message}). "
            "Mẫu đang dùng được giữ nguyên."
        ) from exc


@transaction.atomic
def upload_template(actor, kind: str, upload, note: str = "") -> DocumentTemplate:
    require_admin(actor)
    if kind not in TemplateKind.values:
        raise ValidationError("Loại văn bản không hợp lệ.")
    validate_upload(upload, "docx_template")  # before the body is read into memory
    content = upload.read()
    validate_template(kind, content)
    version = (DocumentTemplate.objects.select_for_update().filter(kind=kind)
               .aggregate(m=Max("version"))["m"] or 0) + 1
    previous = active_template(kind)
    DocumentTemplate.objects.filter(kind=kind, active=True).update(active=False)
    row = DocumentTemplate(kind=kind, version=version, original_name=upload.name[:255],
                           note=note[:255], active=True, uploaded_by=actor)
    row.file.save(f"v{version}.docx", ContentFile(content), save=False)
    row.save()
    record(actor, "document_template.upload", row, {
        "kind": [None, kind], "version": [previous.version if previous else None, version],
    })
    return row


@transaction.atomic
def activate_template(actor, kind: str, template: DocumentTemplate | None) -> None:
    """Make `template` the active version of `kind` (None: back to the bundled default)."""
    require_admin(actor)
    previous = active_template(kind)
    DocumentTemplate.objects.filter(kind=kind, active=True).update(active=False)
    if template is not None:
        template.active = True
        template.save(update_fields=["active"])
    target = template or previous
    if target is not None:
        record(actor, "document_template.activate", target, {
            "kind": [kind, kind],
            "version": [previous.version if previous else None,
                        template.version if template else None],
        })


# --- certificate layouts -------------------------------------------------------------------


def clean_layout(kind: str, data: dict) -> dict:
    width, height = cert.PAGE_SIZES[kind]
    cleaned = {}
    errors = []
    for key, label in cert.FIELDS.items():
        pos = data.get(key) or {}
        try:
            x, y, w = float(pos["x"]), float(pos["y"]), float(pos["w"])
            size = float(pos.get("size") or 0)
        except (KeyError, TypeError, ValueError):
            errors.append(f"{label}: nhập đủ các giá trị số (mm, cỡ chữ).")
            continue
        if not (0 <= x < width and 0 <= y < height and 0 < w <= width):
            errors.append(f"{label}: vị trí phải nằm trong khổ giấy {width} × {height} mm.")
        if key != "qr" and not (6 <= size <= 96):
            errors.append(f"{label}: cỡ chữ từ 6 đến 96 pt.")
        cleaned[key] = {"x": x, "y": y, "w": w, "size": size}
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def save_layout(actor, kind: str, data: dict) -> CertificateLayout:
    require_dept(actor)
    fields = clean_layout(kind, data)
    layout, _ = CertificateLayout.objects.select_for_update().get_or_create(kind=kind)
    old = layout.fields
    layout.fields = fields
    layout.updated_by = actor
    layout.save()
    changed = {k: [old.get(k), v] for k, v in fields.items() if old.get(k) != v}
    record(actor, "certificate_layout.save", layout, changed)
    return layout


# --- jobs ----------------------------------------------------------------------------------


@transaction.atomic
def start_job(actor, kind: str, decision, params: dict) -> GenerationJob:
    if kind not in JobKind.values:
        raise ValidationError("Loại tác vụ không hợp lệ.")
    job = GenerationJob.objects.create(kind=kind, decision=decision, params=params,
                                       created_by=actor)
    record(actor, "documents.job_start", job, {"kind": [None, kind],
                                               "decision": [None, decision.number]})
    from .tasks import run_job

    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


@transaction.atomic
def retry_job(actor, job: GenerationJob) -> GenerationJob:
    """Run a failed bulk generation again (its worker died, or it failed); it rebuilds the
    whole archive, so nothing is produced twice."""
    from .models import JobStatus

    job = GenerationJob.objects.select_for_update().get(pk=job.pk)
    if job.status != JobStatus.FAILED:
        raise ValidationError("Chỉ chạy lại được tác vụ bị lỗi.")
    GenerationJob.objects.filter(pk=job.pk).update(
        status=JobStatus.PENDING, error="", processed=0, heartbeat_at=None, finished_at=None
    )
    record(actor, "documents.job_retry", job, {"status": [JobStatus.FAILED, JobStatus.PENDING]})
    from .tasks import run_job

    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    job.refresh_from_db()
    return job
