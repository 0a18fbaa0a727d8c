"""Views: councils per unit and term — the council page, its rules (quorum, thresholds with
their sources, authority per award), members and the councils in the user's scope.

Read: anyone whose scope covers the council's unit, and its current members. Write: the
emulation department (every council) and the unit's own officer (its council); another
unit's officer gets 404, a read-only role 403 (services check it again)."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tdkt.accounts.models import WRITE_ROLES, Role
from tdkt.accounts.scoping import scope_of
from tdkt.organisation.models import Unit

from .. import selectors
from ..council_forms import CouncilCreateForm, CouncilForm, MemberForm, PositionForm, ThresholdForm
from ..councils import (
    MINISTRY_CODE,
    authorities_for,
    council_thresholds,
    current_council,
    holds_council,
    quorum_wording,
)
from ..forms import MeetingForm
from ..models import Council, CouncilMember, Meeting
from ..services import council as services
from .common import _errors


def _today():
    return datetime.date.today()


# Roles that read a unit's council, its meetings and minutes (staff do not).
READ_ROLES = (Role.ADMIN, Role.EMULATION_DEPT, Role.UNIT_OFFICER, Role.UNIT_HEAD,
              Role.COUNCIL_MEMBER)


def readable_councils(request):
    """Councils whose unit the user's scope covers (any role but staff), and those the user
    sits on."""
    scope = scope_of(request)
    in_scope = scope.filter(Council.objects.all(), roles=READ_ROLES).values("pk")
    seats = CouncilMember.objects.filter(user=request.user, left_on__isnull=True) \
        .values("council_id")
    return Council.objects.filter(Q(pk__in=in_scope) | Q(pk__in=seats))


def get_council(request, pk) -> Council:
    council = readable_councils(request).select_related("unit").filter(pk=pk).first()
    if council is None:
        raise Http404("Không tìm thấy hoặc ngoài phạm vi của bạn.")
    return council


def can_manage(request, council_or_unit) -> bool:
    unit = getattr(council_or_unit, "unit", council_or_unit)
    return scope_of(request).can_write(unit)


def require_manage(request, council) -> None:
    scope = scope_of(request)
    if not scope.covers(council.unit):
        raise Http404("Không tìm thấy hoặc ngoài phạm vi của bạn.")
    scope.require_write(council.unit)


def _home_unit(request):
    """The unit whose council the page opens with: the highest unit of the user's roles."""
    scope = scope_of(request)
    paths = scope.paths(WRITE_ROLES) or scope.paths()
    if not paths:
        return None
    root = min(paths, key=len)
    if root == "":
        return Unit.objects.filter(code=MINISTRY_CODE).first()
    return Unit.objects.filter(path=root).first()


def _creatable_units(request):
    """Units in the user's write scope whose kind holds a council (for the create form)."""
    scope = scope_of(request)
    if not scope.has_role(*WRITE_ROLES):
        return []
    today = _today()
    units = scope.filter(Unit.objects.current(), roles=WRITE_ROLES).filter(
        kind__in=_council_kinds(today)).order_by("path")[:400]
    return list(units)


def _council_kinds(day):
    from ..config import catalogue_for

    catalogue = catalogue_for(day)
    from ..councils import _matrix_for

    matrix = _matrix_for(catalogue, day) or catalogue
    from tdkt.organisation.models import UnitKind

    return [k for k in UnitKind.values
            if (a := matrix.unit_kind_authority(k)) is not None and a.holds_council]


def council_page(request, council, *, member_form=None, council_form=None,
                 threshold_form=None, create_form=None, meeting_form=None, status=200):
    today = _today()
    manage = council is not None and can_manage(request, council)
    context = {"council": council, "can_manage": manage, "is_dept": manage}
    if council is not None:
        members = selectors.council_sorted(
            CouncilMember.objects.filter(council=council, left_on__isnull=True)
            .select_related("user__person"))
        former = list(CouncilMember.objects.filter(council=council, left_on__isnull=False)
                      .select_related("user__person").order_by("-left_on")[:50])
        day = today if council.in_term(today) else council.term_start
        answers = authorities_for(council.unit, day)
        codes = [c for c, a in answers.items() if a.may_consider]
        codes.sort(key=lambda c: not answers[c].decides)
        thresholds = council_thresholds(council, codes, day)
        rules = [{"code": c, "authority": answers[c], "threshold": thresholds[c]} for c in codes]
        meetings = Meeting.objects.filter(council=council).annotate(n=Count("items"))[:50]
        terms = Council.objects.filter(unit=council.unit).exclude(pk=council.pk) \
            .order_by("-term_start")[:20]
        context.update({
            "members": members, "former": former, "rules": rules, "meetings": meetings,
            "quorum": quorum_wording(council), "terms": terms,
            "member_form": (member_form or MemberForm()) if manage else None,
            "council_form": (council_form or CouncilForm(initial={
                f: getattr(council, f) for f in CouncilForm.base_fields})) if manage else None,
            "threshold_form": (threshold_form or ThresholdForm(codes=codes)) if manage else None,
            "meeting_form": (meeting_form or MeetingForm(initial={
                "year": today.year, "council": council.pk})) if manage else None,
            "position_choices": PositionForm.base_fields["position"].choices,
        })
    units = _creatable_units(request)
    if units:
        context["create_form"] = create_form or CouncilCreateForm(
            units=units, initial={"term_start": today})
    others = readable_councils(request).select_related("unit").annotate(
        seats=Count("members", filter=Q(members__left_on__isnull=True)))
    if council is not None:
        others = others.exclude(pk=council.pk)
    context["others"] = others.order_by("unit__path", "-term_start")[:100]
    return render(request, "nominations/council.html", context, status=status)


def council_home(request):
    """/khen-thuong/hoi-dong/: the council of the user's own unit in term today (the
    Ministry's for the department; `?nam=` picks the Ministry council of a year), the
    councils in scope, and for officers of a unit without one the form to set it up."""
    year = request.GET.get("nam", "")
    council = None
    if year.isdigit():
        ministry = Unit.objects.filter(code=MINISTRY_CODE).first()
        if ministry is not None:
            council = readable_councils(request).filter(
                unit=ministry, term_start__lte=datetime.date(int(year), 12, 31)).filter(
                Q(term_end__isnull=True) | Q(term_end__gte=datetime.date(int(year), 1, 1))
            ).order_by("-term_start").first()
    if council is None:
        unit = _home_unit(request)
        if unit is not None:
            council = current_council(unit, _today()) or Council.objects.filter(
                unit=unit).order_by("-term_start").first()
            if council is not None and not readable_councils(request).filter(
                    pk=council.pk).exists():
                council = None
    if council is None:
        seat = CouncilMember.objects.filter(user=request.user, left_on__isnull=True) \
            .select_related("council__unit").order_by("-council__term_start").first()
        council = seat.council if seat else None
    return council_page(request, council)


def council_detail(request, council_pk):
    return council_page(request, get_council(request, council_pk))


@require_POST
def council_create(request):
    units = _creatable_units(request)
    if not units:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("Vai trò của bạn không thành lập Hội đồng được.")
    form = CouncilCreateForm(request.POST, units=units)
    if form.is_valid():
        d = form.cleaned_data
        try:
            council = services.create_council(
                request.user, unit=d["unit"], name=d["name"], term_start=d["term_start"],
                term_end=d["term_end"], established_by=d["established_by"],
                quorum_numerator=d["quorum_numerator"],
                quorum_denominator=d["quorum_denominator"], quorum_source=d["quorum_source"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Đã thành lập {council.name}.")
            return redirect("nominations:council_detail", council_pk=council.pk)
    return council_page(request, None, create_form=form, status=400)


@require_POST
def council_update(request, council_pk):
    council = get_council(request, council_pk)
    require_manage(request, council)
    form = CouncilForm(request.POST)
    if form.is_valid():
        try:
            services.update_council(request.user, council, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã lưu nhiệm kỳ và quy chế của Hội đồng.")
            return redirect("nominations:council_detail", council_pk=council.pk)
    return council_page(request, council, council_form=form, status=400)


@require_POST
def council_threshold(request, council_pk):
    council = get_council(request, council_pk)
    require_manage(request, council)
    day = _today() if council.in_term(_today()) else council.term_start
    codes = [c for c, a in authorities_for(council.unit, day).items() if a.may_consider]
    form = ThresholdForm(request.POST, codes=codes)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.set_council_threshold(request.user, council, d["award_code"], d["percent"],
                                           d["denominator"], d["source"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã lưu ngưỡng biểu quyết.")
            return redirect("nominations:council_detail", council_pk=council.pk)
    return council_page(request, council, threshold_form=form, status=400)


@require_POST
def council_member_add(request, council_pk):
    council = get_council(request, council_pk)
    require_manage(request, council)
    form = MemberForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.add_council_member(request.user, council, d["username"], d["position"],
                                        joined_on=d["joined_on"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            user = d["username"]
            messages.success(request, f"Đã thêm {user.get_full_name() or user} vào Hội đồng.")
            return redirect("nominations:council_detail", council_pk=council.pk)
    return council_page(request, council, member_form=form, status=400)


def _member(request, member_pk) -> CouncilMember:
    member = CouncilMember.objects.select_related("council__unit", "user").filter(
        pk=member_pk, council__in=readable_councils(request)).first()
    if member is None:
        raise Http404("Không tìm thấy hoặc ngoài phạm vi của bạn.")
    require_manage(request, member.council)
    return member


@require_POST
def council_member_position(request, member_pk):
    member = _member(request, member_pk)
    form = PositionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Chọn chức danh trong Hội đồng.")
    else:
        try:
            services.change_member_position(request.user, member,
                                            form.cleaned_data["position"])
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "Đã đổi chức danh.")
    return redirect("nominations:council_detail", council_pk=member.council_id)


@require_POST
def council_member_remove(request, member_pk):
    member = _member(request, member_pk)
    try:
        services.remove_council_member(request.user, member)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, "Thành viên đã thôi tham gia Hội đồng.")
    return redirect(reverse("nominations:council_detail", args=[member.council_id]))


def council_in_scope_or_404(request, council_pk) -> Council:
    """For other views (meetings): the council if readable, else 404."""
    return get_council(request, council_pk)


__all__ = [
    "council_create", "council_detail", "council_home", "council_member_add",
    "council_member_position", "council_member_remove", "council_threshold", "council_update",
    "readable_councils", "get_council", "can_manage", "require_manage", "holds_council",
    "Role",
]
