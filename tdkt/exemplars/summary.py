"""The summary record of an exemplar (báo cáo tổng kết điển hình): its text, evidence files and
captioned photos, the figures pulled from the records, and its two approvals — the unit head,
then the department (Vụ TCCB) — each of which may return it for changes.

Every state change runs in one transaction, locks the row it changes and is audited."""

from __future__ import annotations

import io
from pathlib import PurePosixPath

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tdkt.accounts.models import Role
from tdkt.accounts.scoping import Scope, is_dept
from tdkt.audit.services import record
from tdkt.core.uploads import validate_upload

from .models import (
    Evidence,
    EvidenceKind,
    Exemplar,
    Status,
    SubjectKind,
    Summary,
    SummaryStatus,
)

FIGURE_YEARS = 5  # the figures cover the exemplar's year and the four before it
MAX_PHOTOS = 12
MAX_FILES = 20
PHOTO_MAX_PX = 1600  # photos are re-encoded no larger than this (and lose their EXIF data)

HEAD_ONLY = "Chỉ thủ trưởng đơn vị có điển hình được duyệt báo cáo tổng kết."
DEPT_ONLY = "Chỉ Thường trực Hội đồng TĐKT (Vụ TCCB) được phê duyệt báo cáo tổng kết."


def _clean(value: str, limit: int) -> str:
    return " ".join((value or "").split())[:limit]


def _lock(obj):
    obj.refresh_from_db(from_queryset=type(obj)._default_manager.select_for_update())
    return obj


def is_head(actor, ex: Exemplar) -> bool:
    return Scope(actor).covers(ex.unit, {Role.UNIT_HEAD})


def is_dept_over(actor, ex: Exemplar) -> bool:
    scope = Scope(actor)
    return is_dept(scope) and scope.covers(ex.unit)


def _notify_unit(ex: Exemplar, message: str, key: str) -> None:
    from tdkt.notifications.services import notify

    notify(units=[ex.unit], message=message,
           link=reverse("exemplars:detail", kwargs={"exemplar_pk": ex.pk}) + "#tong-ket",
           key=key)


# --- figures from the records ---------------------------------------------------------------

def _decision_text(entry) -> str:
    parts = []
    if entry.decision_number:
        parts.append(f"Quyết định số {entry.decision_number}")
    if entry.decision_date:
        parts.append(f"ngày {entry.decision_date:%d/%m/%Y}")
    text = " ".join(parts)
    if entry.issuer:
        text = f"{text} của {entry.issuer}" if text else entry.issuer
    return text


def figures_for(ex: Exemplar) -> dict:
    """Titles, awards and initiatives of the exemplar (a person's own, or the collective's)
    over its year and the four before, read from the history tables (a few queries)."""
    from tdkt.history.selectors import load_person_records, load_unit_records

    first, last = ex.year - FIGURE_YEARS + 1, ex.year
    out = {"first": first, "last": last, "titles": [], "awards": [], "initiatives": [],
           "members": []}
    if ex.kind == SubjectKind.PERSON:
        if ex.person_id is None:
            out["note"] = "Điển hình chưa gắn với hồ sơ cán bộ: không có số liệu từ hệ thống."
            return out
        rec = load_person_records([ex.person_id], years=(first, last))[ex.person_id]
        scope_names = {"co_so": "cơ sở", "bo": "cấp Bộ", "toan_quoc": "toàn quốc"}
        out["initiatives"] = [
            {"year": i.year, "name": i.title, "scope": scope_names.get(i.scope, i.scope),
             "decision": i.decision_number or ""} for i in rec.initiatives]
    else:
        rec = load_unit_records([ex.unit], years=(first, last))[ex.unit_id]
        for year in range(first, last + 1):
            counts = rec.members.get(year)
            if counts and (counts.members or counts.chien_si_thi_dua_co_so
                           or counts.lao_dong_tien_tien):
                out["members"].append({
                    "year": year, "members": counts.members,
                    "cstd": counts.chien_si_thi_dua_co_so or 0,
                    "ldtt": counts.lao_dong_tien_tien or 0})
    out["titles"] = [{"year": t.year, "name": t.name, "decision": _decision_text(t)}
                     for t in rec.titles]
    out["awards"] = [{"year": a.year, "name": a.name, "decision": _decision_text(a)}
                     for a in rec.awards]
    return out


def current_figures(summary: Summary | None, ex: Exemplar) -> dict:
    """The frozen figures once the record is submitted, else the live ones."""
    if summary is not None and summary.figures and not summary.editable:
        return summary.figures
    return figures_for(ex)


# --- the record --------------------------------------------------------------------------

def save_summary(actor, ex: Exemplar, *, achievement: str, lessons: str,
                 replication: str = "") -> Summary:
    """Write or change the record of an accepted exemplar (while a draft or returned)."""
    Scope(actor).require_write(ex.unit)
    achievement, lessons = (achievement or "").strip(), (lessons or "").strip()
    errors = {}
    if not achievement:
        errors["achievement"] = "Nêu thành tích, kết quả nổi bật của điển hình."
    if not lessons:
        errors["lessons"] = "Nêu nguyên nhân thành công, bài học kinh nghiệm."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        ex = Exemplar.objects.select_for_update().get(pk=ex.pk)
        if ex.status != Status.ACCEPTED:
            raise ValidationError("Chỉ lập báo cáo tổng kết cho điển hình đã được công nhận.")
        summary = Summary.objects.filter(exemplar=ex).first()
        created = summary is None
        if summary is not None and not summary.editable:
            raise ValidationError("Báo cáo đang được duyệt hoặc đã phê duyệt, không sửa được.")
        if created:
            summary = Summary(exemplar=ex, created_by=actor)
        summary.achievement, summary.lessons = achievement[:20000], lessons[:20000]
        summary.replication = (replication or "").strip()[:20000]
        summary.save()
        record(actor, "exemplar.summary_save", ex, {"created": created,
                                                    "status": summary.status})
    return summary


def submit(actor, summary: Summary) -> Summary:
    """The unit's officer sends the record to the unit head; the figures are frozen."""
    Scope(actor).require_write(summary.exemplar.unit)
    with transaction.atomic():
        summary = _lock(summary)
        if not summary.editable:
            raise ValidationError("Báo cáo đã được gửi duyệt.")
        old = summary.status
        summary.figures = figures_for(summary.exemplar)
        summary.status = SummaryStatus.AT_HEAD
        summary.return_note = ""
        summary.save(update_fields=["figures", "status", "return_note", "updated_at"])
        record(actor, "exemplar.summary_submit", summary.exemplar,
               {"status": [old, summary.status]})
    _notify_unit(summary.exemplar, f"Báo cáo tổng kết điển hình chờ thủ trưởng đơn vị duyệt: "
                                   f"{summary.exemplar.title}",
                 key=f"exemplar-summary-head-{summary.pk}-{summary.updated_at:%Y%m%d%H%M%S}")
    return summary


def head_approve(actor, summary: Summary) -> Summary:
    """First approval: the head of the exemplar's unit (or of a unit above it)."""
    ex = summary.exemplar
    if not is_head(actor, ex):
        raise PermissionDenied(HEAD_ONLY)
    with transaction.atomic():
        summary = _lock(summary)
        if summary.status != SummaryStatus.AT_HEAD:
            raise ValidationError("Báo cáo không ở bước chờ thủ trưởng đơn vị duyệt.")
        summary.status = SummaryStatus.AT_DEPT
        summary.head_approved_by, summary.head_approved_at = actor, timezone.now()
        summary.save(update_fields=["status", "head_approved_by", "head_approved_at",
                                    "updated_at"])
        record(actor, "exemplar.summary_head_approve", ex,
               {"status": [SummaryStatus.AT_HEAD, summary.status]})
    return summary


def dept_approve(actor, summary: Summary) -> Summary:
    """Second approval: the department. The approved .docx is rendered and kept (it is the
    file attached when the exemplar is proposed for an award)."""
    from .summary_docx import build

    ex = summary.exemplar
    if not is_dept_over(actor, ex):
        raise PermissionDenied(DEPT_ONLY)
    with transaction.atomic():
        summary = _lock(summary)
        if summary.status != SummaryStatus.AT_DEPT:
            raise ValidationError("Báo cáo chưa được thủ trưởng đơn vị duyệt.")
        summary.status = SummaryStatus.APPROVED
        summary.approved_by, summary.approved_at = actor, timezone.now()
        content = build(summary)
        summary.document.save(f"{ex.pk}.docx", ContentFile(content), save=False)
        summary.save(update_fields=["status", "approved_by", "approved_at", "document",
                                    "updated_at"])
        record(actor, "exemplar.summary_approve", ex,
               {"status": [SummaryStatus.AT_DEPT, summary.status]})
    _notify_unit(ex, f"Báo cáo tổng kết điển hình đã được phê duyệt: {ex.title}",
                 key=f"exemplar-summary-approved-{summary.pk}")
    return summary


def return_for_changes(actor, summary: Summary, *, note: str) -> Summary:
    """The unit head (at the first step) or the department (at the second) sends the record
    back to the unit with the reason."""
    ex = summary.exemplar
    note = _clean(note, 500)
    if not note:
        raise ValidationError("Nêu nội dung cần chỉnh sửa, bổ sung.")
    with transaction.atomic():
        summary = _lock(summary)
        if summary.status == SummaryStatus.AT_HEAD:
            if not is_head(actor, ex):
                raise PermissionDenied(HEAD_ONLY)
        elif summary.status == SummaryStatus.AT_DEPT:
            if not is_dept_over(actor, ex):
                raise PermissionDenied(DEPT_ONLY)
        else:
            raise ValidationError("Báo cáo không ở bước chờ duyệt.")
        old = summary.status
        summary.status = SummaryStatus.RETURNED
        summary.return_note = note
        summary.head_approved_by = summary.head_approved_at = None
        summary.save(update_fields=["status", "return_note", "head_approved_by",
                                    "head_approved_at", "updated_at"])
        record(actor, "exemplar.summary_return", ex, {"status": [old, summary.status]},
               note=note)
    _notify_unit(ex, f"Báo cáo tổng kết điển hình bị trả lại để chỉnh sửa: {ex.title}",
                 key=f"exemplar-summary-returned-{summary.pk}-{summary.updated_at:%Y%m%d%H%M%S}")
    return summary


# --- evidence and photos -----------------------------------------------------------------

def _photo_bytes(upload) -> tuple[bytes, str]:
    """The photo re-encoded (at most PHOTO_MAX_PX on its longer side, no EXIF/GPS data)."""
    from PIL import Image, ImageOps

    upload.seek(0)
    with Image.open(io.BytesIO(upload.read())) as image:
        image = ImageOps.exif_transpose(image)
        image.thumbnail((PHOTO_MAX_PX, PHOTO_MAX_PX))
        out = io.BytesIO()
        if image.mode in ("RGBA", "LA", "P"):
            image.convert("RGBA").save(out, "PNG", optimize=True)
            return out.getvalue(), ".png"
        image.convert("RGB").save(out, "JPEG", quality=85)
        return out.getvalue(), ".jpg"


def add_evidence(actor, ex: Exemplar, *, upload, kind: str, caption: str = "",
                 public: bool = False) -> Evidence:
    """A file (PDF, Word, Excel, image) or a photo with its caption. Only photos may be shown
    in the public story (`public`)."""
    Scope(actor).require_write(ex.unit)
    if kind not in EvidenceKind.values:
        raise ValidationError("Loại minh chứng không hợp lệ.")
    if upload is None:
        raise ValidationError("Chọn tệp cần tải lên.")
    validate_upload(upload, "photo" if kind == EvidenceKind.PHOTO else "attachment")
    caption = _clean(caption, 300)
    if kind == EvidenceKind.PHOTO and not caption:
        raise ValidationError("Nhập chú thích cho ảnh.")
    name = PurePosixPath((upload.name or "").replace("\\", "/")).name[:255]
    with transaction.atomic():
        ex = Exemplar.objects.select_for_update().get(pk=ex.pk)
        summary = Summary.objects.filter(exemplar=ex).first()
        if summary is not None and not summary.editable:
            raise ValidationError("Báo cáo tổng kết đang được duyệt hoặc đã phê duyệt: không "
                                  "thay đổi minh chứng.")
        count = ex.evidence.filter(kind=kind).count()
        if kind == EvidenceKind.PHOTO and count >= MAX_PHOTOS:
            raise ValidationError(f"Mỗi điển hình có tối đa {MAX_PHOTOS} ảnh.")
        if kind == EvidenceKind.FILE and count >= MAX_FILES:
            raise ValidationError(f"Mỗi điển hình có tối đa {MAX_FILES} tài liệu minh chứng.")
        item = Evidence(exemplar=ex, kind=kind, original_name=name, caption=caption,
                        public=bool(public) and kind == EvidenceKind.PHOTO, uploaded_by=actor)
        if kind == EvidenceKind.PHOTO:
            content, suffix = _photo_bytes(upload)
            item.size = len(content)
            item.file.save(f"anh{suffix}", ContentFile(content), save=False)
        else:
            item.size = upload.size
            item.file.save(name, upload, save=False)
        item.save()
        record(actor, "exemplar.evidence_add", ex,
               {"evidence": [None, name], "kind": kind, "public": item.public})
    return item


def remove_evidence(actor, item: Evidence) -> None:
    ex = item.exemplar
    Scope(actor).require_write(ex.unit)
    with transaction.atomic():
        summary = Summary.objects.select_for_update().filter(exemplar=ex).first()
        if summary is not None and not summary.editable:
            raise ValidationError("Báo cáo tổng kết đang được duyệt hoặc đã phê duyệt: không "
                                  "thay đổi minh chứng.")
        record(actor, "exemplar.evidence_remove", ex,
               {"evidence": [item.original_name, None], "kind": item.kind})
        item.file.delete(save=False)
        item.delete()


def publicly_visible_photos(ex: Exemplar):
    """The photos the public story shows: public photos of a published exemplar; for a
    person, only with consent to publish recorded."""
    if not is_public_photo_owner(ex):
        return Evidence.objects.none()
    return ex.evidence.filter(kind=EvidenceKind.PHOTO, public=True)


def is_public_photo_owner(ex: Exemplar) -> bool:
    return (ex.status == Status.ACCEPTED and ex.published_at is not None
            and (ex.kind == SubjectKind.COLLECTIVE or ex.consent_publish))
