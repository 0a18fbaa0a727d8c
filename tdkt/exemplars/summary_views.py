"""Views of the summary record, its evidence and photos (thin: scope, validate, call
tdkt.exemplars.summary), and the public photo of a published story."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from tdkt.accounts.scoping import scope_of

from . import summary as svc
from .models import Evidence, EvidenceKind, Exemplar, Status, Summary, SummaryStatus

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def section(request, ex: Exemplar) -> dict:
    """The context of the summary section on the exemplar's page (two queries)."""
    s = Summary.objects.filter(exemplar=ex).select_related(
        "head_approved_by", "approved_by").first()
    evidence = list(ex.evidence.all())
    return {
        **award_section(request, ex, s),
        "summary": s,
        "summary_editable": s is None or s.editable,
        "photos": [e for e in evidence if e.kind == EvidenceKind.PHOTO],
        "files": [e for e in evidence if e.kind == EvidenceKind.FILE],
        "is_head": bool(s and s.status == SummaryStatus.AT_HEAD and svc.is_head(request.user, ex)),
        "is_dept_over": bool(s and s.status == SummaryStatus.AT_DEPT
                             and svc.is_dept_over(request.user, ex)),
    }


def _back(ex):
    return redirect(reverse("exemplars:detail", kwargs={"exemplar_pk": ex.pk}) + "#tong-ket")


@require_POST
def summary(request, exemplar_pk):
    scope = scope_of(request)
    ex = scope.get(Exemplar.objects.select_related("unit", "person"), pk=exemplar_pk)
    action = request.POST.get("action", "")
    s = Summary.objects.filter(exemplar=ex).first()
    done = "Đã lưu."
    try:
        if action == "save":
            svc.save_summary(request.user, ex, achievement=request.POST.get("achievement", ""),
                             lessons=request.POST.get("lessons", ""),
                             replication=request.POST.get("replication", ""))
            done = "Đã lưu báo cáo tổng kết."
        elif action == "evidence":
            svc.add_evidence(request.user, ex, upload=request.FILES.get("file"),
                             kind=request.POST.get("kind", ""),
                             caption=request.POST.get("caption", ""),
                             public=bool(request.POST.get("public")))
            done = "Đã tải lên minh chứng."
        elif action == "remove":
            item = ex.evidence.filter(pk=request.POST.get("evidence") or 0).first()
            if item is None:
                raise ValidationError("Không tìm thấy minh chứng.")
            svc.remove_evidence(request.user, item)
            done = "Đã xóa minh chứng."
        elif s is None:
            raise ValidationError("Lập báo cáo tổng kết trước.")
        elif action == "submit":
            svc.submit(request.user, s)
            done = "Đã gửi báo cáo tổng kết để thủ trưởng đơn vị duyệt."
        elif action == "head_approve":
            svc.head_approve(request.user, s)
            done = "Đã duyệt báo cáo; báo cáo được chuyển Vụ Tổ chức cán bộ phê duyệt."
        elif action == "approve":
            svc.dept_approve(request.user, s)
            done = "Đã phê duyệt báo cáo tổng kết."
        elif action == "return":
            svc.return_for_changes(request.user, s, note=request.POST.get("note", ""))
            done = "Đã trả lại báo cáo để đơn vị chỉnh sửa."
        else:
            raise ValidationError("Thao tác không hợp lệ.")
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, done)
    return _back(ex)


def summary_docx(request, exemplar_pk):
    """The record as .docx: the approved file as kept, else rendered now (marked DỰ THẢO)."""
    from .summary_docx import build

    scope = scope_of(request)
    ex = scope.get(Exemplar.objects.select_related("unit", "person"), pk=exemplar_pk)
    s = Summary.objects.filter(exemplar=ex).first()
    if s is None:
        raise Http404("Chưa có báo cáo tổng kết.")
    name = f"bao-cao-tong-ket-dien-hinh-{ex.pk}.docx"
    if s.status == SummaryStatus.APPROVED and s.document:
        try:
            return FileResponse(s.document.open("rb"), as_attachment=True, filename=name,
                                content_type=DOCX)
        except FileNotFoundError:
            pass
    response = HttpResponse(build(s), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def evidence(request, exemplar_pk, item_pk):
    scope = scope_of(request)
    ex = scope.get(Exemplar.objects.all(), pk=exemplar_pk)
    item = get_object_or_404(Evidence, pk=item_pk, exemplar=ex)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404("Tệp không còn trên máy chủ.") from None
    return FileResponse(handle, as_attachment=item.kind == EvidenceKind.FILE,
                        filename=item.original_name)


def public_photo(request, exemplar_pk, photo_pk):
    """A photo of a published story, for anyone: only photos chosen for the story, of an
    exemplar accepted and published, and for a person only with consent recorded."""
    ex = get_object_or_404(Exemplar, pk=exemplar_pk, status=Status.ACCEPTED,
                           published_at__isnull=False)
    item = get_object_or_404(svc.publicly_visible_photos(ex), pk=photo_pk)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404("Không tìm thấy ảnh.") from None
    content_type = mimetypes.guess_type(item.file.name)[0]
    if content_type not in ("image/png", "image/jpeg"):
        raise Http404("Không tìm thấy ảnh.")
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-cache"  # consent withdrawn takes effect at once
    return response


# --- into commendation (đề nghị khen thưởng) -------------------------------------------------

VERDICTS = {"eligible": "Đủ điều kiện", "ineligible": "Không đủ điều kiện",
            "needs_review": "Cần xem xét thêm"}


def award_section(request, ex: Exemplar, summary_row) -> dict:
    """The detail page's "Đề nghị khen thưởng" box: the awards open today, if the record is
    approved."""
    from . import proposals

    ready = bool(summary_row and summary_row.status == SummaryStatus.APPROVED)
    return {
        "award_ready": ready,
        "award_options": proposals.options(ex) if ready else [],
        "award_proposals": list(ex.award_proposals.select_related("nomination__round")),
    }


def propose_award(request, exemplar_pk):
    """GET: the awards the exemplar may be proposed for and the rounds they go to. POST: the
    one click — the nomination is created (or refused, with the reasons)."""
    from django.shortcuts import render

    from . import proposals

    scope = scope_of(request)
    ex = scope.get(Exemplar.objects.select_related("unit", "person"), pk=exemplar_pk)
    s = Summary.objects.filter(exemplar=ex).first()
    context = {"ex": ex, "can_write": scope.can_write(ex.unit), **award_section(request, ex, s)}
    if request.method == "POST":
        scope.require_write(ex.unit)
        code = request.POST.get("award", "")
        try:
            outcome = proposals.propose_for_award(request.user, ex, code)
        except proposals.NotEligible as exc:
            context.update(refused=exc.messages, result=exc.result)
        except ValidationError as exc:
            context.update(refused=exc.messages)
        else:
            context.update(created=outcome.nomination, round=outcome.round,
                           result=outcome.result, **award_section(request, ex, s))
    if context.get("result"):
        context["verdict"] = VERDICTS.get(context["result"].get("verdict"), "Cần xem xét thêm")
    return render(request, "exemplars/propose_award.html", context)
