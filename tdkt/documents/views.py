"""Thin views: resolve the scope, fetch through scoped getters, call contexts/services."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tdkt.accounts.scoping import is_dept, require_dept, scope_of
from tdkt.core.pagination import paginate
from tdkt.core.ratelimit import client_ip, hit
from tdkt.core.text import fold
from tdkt.history.models import AwardType
from tdkt.nominations.models import Awardee, Decision, Meeting, Submission
from tdkt.nominations.selectors import visible_decisions
from tdkt.organisation.models import Unit
from tdkt.people.models import Person
from tdkt.worker.jobs import reap_stale_jobs

from . import certificates as cert
from . import contexts, pdfs, services, signing, stats, verification, word
from .awardees import label
from .forms import JobForm, LayoutForm, LookupForm, PdfCheckForm, StatsForm, TemplateUploadForm
from .models import (
    CertificateLayout,
    DocumentTemplate,
    GenerationJob,
    JobStatus,
    TemplateKind,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CERT_SLUGS = {"bang-khen": cert.BANG_KHEN, "giay-khen": cert.GIAY_KHEN}


def _file(content: bytes, name: str, content_type: str, inline=False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    ascii_name = name.encode("ascii", "ignore").decode() or "van-ban"
    from urllib.parse import quote

    response["Content-Disposition"] = (
        f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    )
    return response


_is_dept = is_dept  # takes the request (tdkt.accounts.scoping)


def _visible_decisions(request):
    return visible_decisions(scope_of(request))


def _decision(request, pk) -> Decision:
    return get_object_or_404(
        _visible_decisions(request).select_related("issuer", "round"), pk=pk)


def _my_awardees(request, decision):
    """The awardees of a decision this user may print: all for the department and the
    issuer's officers, else those proposed by units in scope."""
    scope = scope_of(request)
    qs = decision.awardees.filter(revoked=False).select_related(
        "person__unit", "unit", "proposing_unit").order_by("position", "pk")
    if _is_dept(request) or scope.can_write(decision.issuer):
        return qs
    return scope.filter(qs)


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


# --- index ---------------------------------------------------------------------------------


def index(request):
    decisions = _visible_decisions(request).annotate(n=Count("awardees")).order_by(
        "-signed_on", "-pk")
    jobs = GenerationJob.objects.filter(created_by=request.user).select_related("decision")[:10]
    return render(request, "documents/index.html", {
        "page": paginate(request, decisions), "jobs": jobs, "is_dept": _is_dept(request),
        "is_admin": scope_of(request).is_admin,
    })


def decision_detail(request, doc_decision_pk):
    decision = _decision(request, doc_decision_pk)
    awardees = label(_my_awardees(request, decision))
    return render(request, "documents/decision.html", {
        "decision": decision, "awardees": awardees, "form": JobForm(),
        "signing": signing.signing_configured(decision.issuer.code),
        "kinds": sorted({cert.certificate_kind(a.award_code) for a in awardees}),
    })


def decision_docx(request, doc_decision_pk):
    decision = _decision(request, doc_decision_pk)
    content = services.render("decision", word.decision_context(
        contexts.decision_data(decision)))
    return _file(content, f"Quyet dinh {decision.number_display.replace('/', '-')}.docx", DOCX)


def decision_pdf(request, doc_decision_pk):
    """The decision and its list as PDF, signed with the issuing body's certificate where one
    is configured (unsigned otherwise)."""
    decision = _decision(request, doc_decision_pk)
    return _file(pdfs.decision_pdf(decision),
                 f"Quyet dinh {decision.number_display.replace('/', '-')}.pdf",
                 "application/pdf", inline=True)


def decision_certificates(request, doc_decision_pk):
    decision = _decision(request, doc_decision_pk)
    awardees = list(_my_awardees(request, decision))
    if not awardees:
        raise Http404("Không có bằng khen, giấy khen nào trong phạm vi của bạn.")
    mode = "blank" if request.GET.get("che_do") == "phoi" else "full"
    items = contexts.certificate_items(decision, awardees, _base_url(request))
    content = pdfs.certificates_pdf(decision, items, mode,
                                    contexts.layouts() if mode == "blank" else None)
    return _file(content, f"Bang khen {decision.number_display.replace('/', '-')}.pdf",
                 "application/pdf", inline=True)


def awardee_certificate(request, doc_awardee_pk):
    scope = scope_of(request)
    qs = Awardee.objects.select_related("decision__issuer", "decision__round", "person__unit",
                                        "unit")
    if _is_dept(request):
        awardee = get_object_or_404(qs, pk=doc_awardee_pk)
    else:
        awardee = scope.get(qs, pk=doc_awardee_pk)
    if awardee.revoked:
        raise Http404("Khen thưởng này đã bị hủy bỏ, không in được.")
    mode = "blank" if request.GET.get("che_do") == "phoi" else "full"
    items = contexts.certificate_items(awardee.decision, [awardee], _base_url(request))
    content = pdfs.certificates_pdf(awardee.decision, items, mode,
                                    contexts.layouts() if mode == "blank" else None)
    return _file(content, f"{awardee.subject_name}.pdf", "application/pdf", inline=True)


@require_POST
def decision_job(request, doc_decision_pk):
    decision = _decision(request, doc_decision_pk)
    form = JobForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Chọn loại tệp cần tạo.")
        return redirect("documents:decision", doc_decision_pk=decision.pk)
    ids = list(_my_awardees(request, decision).values_list("pk", flat=True))
    if not ids:
        messages.error(request, "Không có trường hợp nào trong phạm vi của bạn để tạo tệp.")
        return redirect("documents:decision", doc_decision_pk=decision.pk)
    job = services.start_job(request.user, form.cleaned_data["kind"], decision, {
        "awardee_ids": ids, "mode": form.cleaned_data["mode"], "base_url": _base_url(request),
    })
    return redirect("documents:job", gen_job_pk=job.pk)


def job_detail(request, gen_job_pk):
    job = get_object_or_404(GenerationJob.objects.select_related("decision"),
                            pk=gen_job_pk, created_by=request.user)
    if job.status == JobStatus.RUNNING and reap_stale_jobs(job=job).get("documents"):
        job.refresh_from_db()  # its worker died
    template = "documents/job.html#progress" if request.htmx else "documents/job.html"
    return render(request, template, {"job": job})


@require_POST
def job_retry(request, gen_job_pk):
    job = get_object_or_404(GenerationJob, pk=gen_job_pk, created_by=request.user)
    try:
        services.retry_job(request.user, job)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, "Đã chạy lại tác vụ.")
    return redirect("documents:job", gen_job_pk=job.pk)


def job_download(request, gen_job_pk):
    job = get_object_or_404(GenerationJob, pk=gen_job_pk, created_by=request.user)
    if not job.file:
        raise Http404("Tệp chưa sẵn sàng.")
    with job.file.open("rb") as fh:
        content = fh.read()
    return _file(content, job.file.name.rsplit("/", 1)[-1].split("-", 1)[-1],
                 "application/zip")


# --- submission, minutes, reports ---------------------------------------------------------


def submission_docx(request, doc_submission_pk):
    scope = scope_of(request)
    submission = scope.get(Submission.objects.select_related("unit", "round"),
                           pk=doc_submission_pk)
    content = services.render("submission", word.submission_context(
        contexts.submission_data(submission)))
    return _file(content, f"To trinh {submission.pk}.docx", DOCX)


def minutes_docx(request, doc_meeting_pk):
    """The minutes of a meeting of a council the user reads (scope over its unit, or a seat
    on it); 404 otherwise."""
    from tdkt.nominations.views.council_admin import readable_councils

    meeting = Meeting.objects.select_related("council__unit").filter(
        pk=doc_meeting_pk, council__in=readable_councils(request)).first()
    if meeting is None:
        raise Http404("Không tìm thấy hoặc ngoài phạm vi của bạn.")
    content = services.render("minutes", word.minutes_context(contexts.minutes_data(meeting)))
    return _file(content, f"Bien ban hop Hoi dong {meeting.held_on:%d-%m-%Y}.docx", DOCX)


def _report_params(request) -> tuple[str, int]:
    award = request.GET.get("hinh_thuc", "").strip()
    names = contexts.award_names([award]) if award else {}
    try:
        until = int(request.GET.get("nam", ""))
    except ValueError:
        until = datetime.date.today().year - 1
    until = min(max(until, 1975), 2100)
    return names.get(award, award) or "…", until


def person_report(request, person_pk):
    scope = scope_of(request)
    person = scope.get(Person.objects.select_related("unit"), pk=person_pk)
    if not scope.can_see_personal_data(person.unit):
        raise PermissionDenied("Vai trò của bạn không được xem lý lịch của cán bộ này.")
    award, until = _report_params(request)
    data = contexts.individual_report_data(person, award, until)
    content = services.render("report_individual", word.individual_report_context(data))
    return _file(content, f"Bao cao thanh tich {person.full_name}.docx", DOCX)


def unit_report(request, unit_code):
    scope = scope_of(request)
    unit = scope.get(Unit.objects.all(), code=unit_code)
    award, until = _report_params(request)
    data = contexts.collective_report_data(unit, award, until)
    content = services.render("report_collective", word.collective_report_context(data))
    return _file(content, f"Bao cao thanh tich {unit.code}.docx", DOCX)


def reports(request):
    """Pick a person or unit in scope and download the pre-filled achievement report."""
    scope = scope_of(request)
    q = request.GET.get("q", "").strip()
    people = units = []
    if q:
        people = scope.filter(Person.objects.search(q).select_related("unit"))[:20]
        units = scope.filter(Unit.objects.current().filter(search_text__contains=fold(q)))[:20]
    return render(request, "documents/reports.html", {
        "q": q, "people": people, "units": units, "year": datetime.date.today().year - 1,
        "awards": AwardType.objects.values_list("code", "name"),
    })


# --- templates (administrators) -------------------------------------------------------------


def templates(request):
    scope = scope_of(request)
    if not scope.is_admin:
        raise PermissionDenied("Chỉ quản trị hệ thống được quản lý mẫu văn bản.")
    form = TemplateUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = services.upload_template(request.user, form.cleaned_data["kind"],
                                           form.cleaned_data["file"],
                                           form.cleaned_data["note"])
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, f"Đã kiểm tra và áp dụng {row}.")
            return redirect("documents:templates")
    rows = DocumentTemplate.objects.select_related("uploaded_by")
    kinds = [(value, label, [r for r in rows if r.kind == value])
             for value, label in TemplateKind.choices]
    return render(request, "documents/templates.html", {"form": form, "kinds": kinds})


@require_POST
def template_activate(request, template_pk):
    if not scope_of(request).is_admin:
        raise PermissionDenied("Chỉ quản trị hệ thống được quản lý mẫu văn bản.")
    row = get_object_or_404(DocumentTemplate, pk=template_pk)
    services.activate_template(request.user, row.kind, row)
    messages.success(request, f"Đã dùng lại {row}.")
    return redirect("documents:templates")


@require_POST
def template_reset(request, template_kind):
    if not scope_of(request).is_admin:
        raise PermissionDenied("Chỉ quản trị hệ thống được quản lý mẫu văn bản.")
    if template_kind not in TemplateKind.values:
        raise Http404("Không có loại văn bản này.")
    services.activate_template(request.user, template_kind, None)
    messages.success(request, "Đã trở lại mẫu mặc định của hệ thống.")
    return redirect("documents:templates")


def template_download(request, template_kind):
    if not scope_of(request).is_admin:
        raise PermissionDenied("Chỉ quản trị hệ thống được quản lý mẫu văn bản.")
    if template_kind not in TemplateKind.values:
        raise Http404("Không có loại văn bản này.")
    version = request.GET.get("phien_ban")
    if version:
        row = get_object_or_404(DocumentTemplate, kind=template_kind, version=version)
        with row.file.open("rb") as fh:
            content = fh.read()
    else:
        content = word.default_template(template_kind).read_bytes()
    return _file(content, f"mau-{template_kind}{'-v' + version if version else ''}.docx", DOCX)


# --- certificate layouts ---------------------------------------------------------------------


def _require_dept(request):
    require_dept(request, "Chỉ Thường trực Hội đồng TĐKT (Vụ TCCB) được căn chỉnh phôi.")


def layouts(request):
    _require_dept(request)
    return render(request, "documents/layouts.html", {"kinds": [
        (slug, cert.KIND_LABELS[kind]) for slug, kind in CERT_SLUGS.items()]})


def layout_edit(request, cert_kind):
    _require_dept(request)
    kind = CERT_SLUGS.get(cert_kind)
    if kind is None:
        raise Http404("Không có loại phôi này.")
    stored = CertificateLayout.objects.filter(kind=kind).first()
    current = cert.merged_layout(kind, stored.fields if stored else None)
    form = LayoutForm(kind, current, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_layout(request.user, kind, form.layout())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã lưu vị trí các trường trên phôi.")
            return redirect("documents:layout", cert_kind=cert_kind)
    width, height = cert.PAGE_SIZES[kind]
    return render(request, "documents/layout_form.html", {
        "form": form, "slug": cert_kind, "label": cert.KIND_LABELS[kind],
        "width": width, "height": height, "stored": stored,
    })


def layout_test_print(request, cert_kind):
    _require_dept(request)
    kind = CERT_SLUGS.get(cert_kind)
    if kind is None:
        raise Http404("Không có loại phôi này.")
    stored = CertificateLayout.objects.filter(kind=kind).first()
    content = cert.test_print(kind, stored.fields if stored else None)
    return _file(content, f"in-thu-{cert_kind}.pdf", "application/pdf", inline=True)


# --- statistics ------------------------------------------------------------------------------


def _stats_table(request):
    scope = scope_of(request)
    roots = scope.paths()
    if not roots:
        raise PermissionDenied("Tài khoản chưa được phân quyền đơn vị.")
    default_root = Unit.objects.filter(path__in=roots).order_by("path").first() \
        if roots != [""] else Unit.get_first_root_node()
    form = StatsForm(request.GET or None, initial={
        "nam": datetime.date.today().year - 1, "bieu": "0601",
        "don_vi": default_root.code if default_root else ""})
    if not form.is_valid():
        return form, None
    code = form.cleaned_data["don_vi"] or (default_root.code if default_root else "")
    root = scope.get(Unit.objects.all(), code=code)
    table = stats.build(form.cleaned_data["bieu"], root, form.cleaned_data["nam"])
    return form, table


def statistics(request):
    form, table = _stats_table(request)
    return render(request, "documents/statistics.html", {"form": form, "table": table})


def statistics_excel(request):
    form, table = _stats_table(request)
    if table is None:
        messages.error(request, "Chọn biểu, năm và đơn vị hợp lệ.")
        return redirect("documents:statistics")
    return _file(stats.to_excel(table), f"Bieu {table.form} nam {table.year}.xlsx", XLSX)


# --- public verification -------------------------------------------------------------------


def _limited(request) -> bool:
    """True once this client address has looked up too many codes or files this window."""
    return not hit("documents.verify", client_ip(request), verification.LOOKUPS_PER_WINDOW,
                   verification.WINDOW_SECONDS)


def _too_many(request):
    return render(request, "documents/verify_lookup.html", {
        "form": LookupForm(), "pdf_form": PdfCheckForm(), "limited": True}, status=429)


def verify(request, code):
    """The page a certificate's QR code opens."""
    if _limited(request):
        return _too_many(request)
    facts = verification.lookup(code)
    if facts is None:
        return render(request, "documents/verify_missing.html", {
            "code": (code or "")[:40], "form": LookupForm()}, status=404)
    return render(request, "documents/verify.html", {"facts": facts})


def verify_lookup(request):
    """Anyone types the code printed on a certificate, or uploads a PDF to check its digital
    signature and its match with the register."""
    form = LookupForm(request.GET if "ma" in request.GET else None)
    pdf_form = PdfCheckForm(request.POST or None, request.FILES or None)
    context = {"form": form, "pdf_form": pdf_form, "signing": signing.signing_configured()}
    status = 200
    if request.method == "POST" or form.is_bound:
        if _limited(request):
            return _too_many(request)
    if request.method == "POST":
        if pdf_form.is_valid():
            context["verdict"] = verification.verify_pdf(pdf_form.cleaned_data["tep"].read())
        else:
            status = 400
    elif form.is_valid():
        facts = verification.lookup(form.cleaned_data["ma"])
        context["facts"] = facts
        context["searched"] = True
        if facts is None:
            status = 404
    return render(request, "documents/verify_lookup.html", context, status=status)
