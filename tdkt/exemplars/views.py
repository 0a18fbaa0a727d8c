"""Thin views: resolve the scope, fetch through scoped getters, validate, call a service."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tdkt.accounts.models import WRITE_ROLES
from tdkt.accounts.scoping import scope_of
from tdkt.core.pagination import paginate
from tdkt.core.ratelimit import client_ip, hit
from tdkt.core.text import fold
from tdkt.organisation.models import Unit, UnitKind
from tdkt.people.models import Person

from . import services, summary_views
from .forms import DecideForm, ProposeForm, PublicReportForm, PublishForm
from .models import Exemplar, Stage, Status, SummaryStatus
from .suggestions import suggestions_for
from .summary import publicly_visible_photos

REPORTS_PER_HOUR = 5
FLOODED = ("Bạn đã gửi quá nhiều phản ánh trong thời gian ngắn; vui lòng thử lại sau một giờ.")


def _writable_units(scope):
    if scope.user.is_superuser:
        return Unit.objects.order_by("path")
    return Unit.objects.filter(scope.unit_q("", WRITE_ROLES)).order_by("path")


def _error(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc)


def index(request):
    scope = scope_of(request)
    qs = scope.filter(Exemplar.objects.select_related("unit"))
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(search_text__contains=fold(q))
    status = request.GET.get("trang_thai", "")
    if status in Status.values:
        qs = qs.filter(status=status)
    stage = request.GET.get("giai_doan", "")
    if stage in Stage.values:
        qs = qs.filter(stage=stage, status=Status.ACCEPTED)
    summary_status = request.GET.get("tong_ket", "")
    if summary_status in SummaryStatus.values:
        qs = qs.filter(summary__status=summary_status)
    return render(request, "exemplars/index.html", {
        "page": paginate(request, qs), "q": q, "status": status, "stage": stage,
        "statuses": Status.choices, "stages": Stage.choices,
        "summary_filter": SummaryStatus(summary_status).label
        if summary_status in SummaryStatus.values else "",
        "can_propose": bool(scope.paths(WRITE_ROLES)) or scope.is_admin,
    })


def create(request):
    scope = scope_of(request)
    units = _writable_units(scope)
    initial = {"year": timezone.localdate().year}
    person = None
    person_pk = request.GET.get("can_bo") or request.POST.get("can_bo")
    if person_pk and str(person_pk).isdigit():
        person = scope.get(Person.objects.select_related("unit"), pk=int(person_pk))
        initial.update(kind="person", name=person.full_name, unit=person.unit_id)
    unit_pk = request.GET.get("don_vi_id", "")
    if unit_pk.isdigit() and not person:
        unit = scope.get(Unit.objects, field="", pk=int(unit_pk))
        initial.update(kind="collective", name=unit.name, unit=unit.pk)
    form = ProposeForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            ex = services.propose(request.user, person=person, **d)
        except ValidationError as exc:
            _error(form, exc)
        else:
            messages.success(request, "Đã ghi nhận đề xuất điển hình tiên tiến.")
            return redirect("exemplars:detail", exemplar_pk=ex.pk)
    return render(request, "exemplars/create.html", {"form": form, "person": person})


def detail(request, exemplar_pk):
    scope = scope_of(request)
    ex = scope.get(Exemplar.objects.select_related("unit", "person", "decided_by"),
                   pk=exemplar_pk)
    can_write = scope.can_write(ex.unit)
    from .models import FosterPlan

    plan = FosterPlan.objects.filter(exemplar=ex).select_related("responsible_unit").first()
    from tdkt.accounts.scoping import is_dept

    from . import replication

    adoptions = replication.spread(ex)
    from .next_steps import for_exemplar

    return render(request, "exemplars/detail.html", {
        "step": for_exemplar(ex, writer=can_write),
        "ex": ex, "can_write": can_write, "decide_form": DecideForm(), "plan": plan,
        "plan_units": _writable_units(scope) if can_write else Unit.objects.none(),
        "adoptions": adoptions,
        "adoptions_reported": sum(1 for a in adoptions if a.status == "reported"),
        "can_feature": is_dept(scope),
        "milestones": list(plan.milestones.all()) if plan else [],
        "notes": list(ex.notes.select_related("author")[:50]), "today": timezone.localdate(),
        "publish_form": PublishForm(initial={"story": ex.story or ex.achievement,
                                             "consent_publish": ex.consent_publish,
                                             "consent_note": ex.consent_note}),
        **summary_views.section(request, ex),
    })


@require_POST
def decide(request, exemplar_pk):
    scope = scope_of(request)
    ex = scope.get(Exemplar.objects.select_related("unit"), pk=exemplar_pk)
    form = DecideForm(request.POST)
    form.is_valid()
    try:
        services.decide(request.user, ex, accept=request.POST.get("action") == "accept",
                        note=form.cleaned_data.get("note", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Đã xử lý đề xuất.")
    return redirect("exemplars:detail", exemplar_pk=ex.pk)


@require_POST
def advance(request, exemplar_pk):
    scope = scope_of(request)
    ex = scope.get(Exemplar.objects.select_related("unit"), pk=exemplar_pk)
    try:
        ex = services.advance(request.user, ex)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Đã chuyển sang giai đoạn {ex.get_stage_display()}.")
    return redirect("exemplars:detail", exemplar_pk=ex.pk)


@require_POST
def publish(request, exemplar_pk):
    scope = scope_of(request)
    ex = scope.get(Exemplar.objects.select_related("unit"), pk=exemplar_pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Nhập nội dung bài viết trước khi công bố.")
        return redirect("exemplars:detail", exemplar_pk=ex.pk)
    d = form.cleaned_data
    try:
        services.publish(request.user, ex, story=d["story"], consent_publish=d["consent_publish"],
                         consent_note=d["consent_note"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Đã công bố bài viết về điển hình.")
    return redirect("exemplars:detail", exemplar_pk=ex.pk)


@require_POST
def feature(request, exemplar_pk):
    """The department features a published story on the public home (nêu gương), or stops."""
    scope = scope_of(request)
    ex = scope.get(Exemplar.objects.select_related("unit"), pk=exemplar_pk)
    try:
        services.set_featured(request.user, ex, request.POST.get("featured") == "1")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Đã cập nhật nêu gương trên trang công khai.")
    return redirect("exemplars:detail", exemplar_pk=ex.pk)


def suggestions(request):
    scope = scope_of(request)
    year = timezone.localdate().year
    items = suggestions_for(scope, since_year=year - 6)[:200]
    return render(request, "exemplars/suggestions.html", {"items": items})


# --- public pages (no login) ----------------------------------------------------------------

def public_index(request):
    qs = (Exemplar.objects.filter(status=Status.ACCEPTED, published_at__isnull=False)
          .select_related("unit").order_by("-published_at", "-pk"))
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(search_text__contains=fold(q))
    kind = request.GET.get("loai_don_vi", "")
    if kind in UnitKind.values:
        qs = qs.filter(unit__kind=kind)
    year = request.GET.get("nam", "")
    if year.isdigit():
        qs = qs.filter(year=int(year))
    years = (Exemplar.objects.filter(status=Status.ACCEPTED, published_at__isnull=False)
             .order_by("-year").values_list("year", flat=True).distinct())
    return render(request, "exemplars/public_index.html", {
        "page": paginate(request, qs), "q": q, "kind": kind, "year": year,
        "kinds": UnitKind.choices, "years": list(years),
    })


def public_story(request, exemplar_pk):
    from django.utils.text import Truncator

    from . import replication

    ex = get_object_or_404(Exemplar.objects.select_related("unit"), pk=exemplar_pk,
                           status=Status.ACCEPTED, published_at__isnull=False)
    rows = replication.spread(ex)
    photos = list(publicly_visible_photos(ex))
    return render(request, "exemplars/public_story.html", {
        "ex": ex, "rows": rows, "reported": sum(1 for a in rows if a.status == "reported"),
        "description": Truncator(" ".join(ex.story.split())).chars(200),
        "share_url": request.build_absolute_uri(
            reverse("exemplars_public:story", kwargs={"exemplar_pk": ex.pk})),
        "share_image": request.build_absolute_uri(
            reverse("exemplars_public:photo", kwargs={"exemplar_pk": ex.pk,
                                                      "photo_pk": photos[0].pk}))
        if photos else "",
        "photos": photos,
    })


def public_report(request):
    form = PublicReportForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data.get("website"):  # a bot filled the hidden field
            return redirect("exemplars_public:thanks")
        if not hit("exemplars.report", client_ip(request), REPORTS_PER_HOUR, 3600):
            form.add_error(None, FLOODED)
            status = 429
        else:
            d = dict(form.cleaned_data)
            d.pop("website", None)
            try:
                services.report_public(**d)
            except ValidationError as exc:
                _error(form, exc)
            else:
                return redirect("exemplars_public:thanks")
    return render(request, "exemplars/public_report.html", {"form": form}, status=status)


def public_thanks(request):
    return render(request, "exemplars/public_thanks.html")


@require_POST
def foster(request, exemplar_pk):
    """The fostering section of an exemplar's page: plan, milestones, progress notes."""

    from .models import FosterPlan

    scope = scope_of(request)
    ex = scope.get(Exemplar.objects.select_related("unit"), pk=exemplar_pk)
    action = request.POST.get("action")
    plan = FosterPlan.objects.filter(exemplar=ex).first()
    try:
        if action == "plan":
            unit_pk = request.POST.get("responsible_unit", "")
            unit = (scope.get(Unit.objects, field="", pk=int(unit_pk)) if unit_pk.isdigit()
                    else ex.unit)
            services.save_plan(request.user, ex, responsible_unit=unit,
                               mentor=request.POST.get("mentor", ""),
                               goals=request.POST.get("goals", ""))
        elif action in ("milestone", "done") and plan is None:
            raise ValidationError("Lập kế hoạch bồi dưỡng trước.")
        elif action == "milestone":
            from tdkt.core.forms import DateField

            try:  # the native date input's ISO value, or dd/mm/yyyy typed by hand
                due = DateField(required=True).clean(request.POST.get("due_on", ""))
            except ValidationError as exc:
                raise ValidationError("Chọn hạn hoàn thành của mốc.") from exc
            services.add_milestone(request.user, plan, title=request.POST.get("title", ""),
                                   due_on=due)
        elif action == "done":
            m = plan.milestones.filter(pk=request.POST.get("milestone") or 0).first()
            if m is None:
                raise ValidationError("Không tìm thấy mốc.")
            services.complete_milestone(request.user, m, done_on=timezone.localdate())
        elif action == "note":
            services.add_note(request.user, ex, text=request.POST.get("text", ""))
        else:
            raise ValidationError("Thao tác không hợp lệ.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Đã lưu.")
    return redirect(reverse("exemplars:detail", kwargs={"exemplar_pk": ex.pk}) + "#boi-duong")
