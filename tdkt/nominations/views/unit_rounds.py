"""A unit's own year-end round (services/unit_rounds.py): list and open, candidates from the
due list and movement reviews, the head's agenda approval, results, the head's decision in the
unit's numbering, proposals up to the level above. Every page is scoped to the organiser:
another unit's round is a 404."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tdkt.accounts.models import Role
from tdkt.accounts.scoping import scope_of
from tdkt.core.forms import DateField
from tdkt.organisation.models import Unit

from ..config import award_configs
from ..models import AwardRound, ItemResult, Nomination, Status
from ..services import unit_rounds as ur


def _errors(request, exc):
    for message in (exc.messages if isinstance(exc, ValidationError) else [str(exc)]):
        messages.error(request, message)


def _round(request, unit_round_pk) -> AwardRound:
    """The unit round if its organiser is in the user's scope; 404 otherwise."""
    return scope_of(request).get(
        AwardRound.objects.filter(unit_round=True).select_related("organiser"),
        "organiser", pk=unit_round_pk)


def _year_default() -> int:
    return datetime.date.today().year - 1


class OpenForm(forms.Form):
    unit = forms.ModelChoiceField(Unit.objects.none(), label="Đơn vị",
                                  empty_label=None)
    year = forms.IntegerField(label="Năm bình xét", min_value=2000)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])


def _officer_units(scope, day):
    """Units the user is the emulation officer of that may hold their own round."""
    roots = [p for p in scope.paths([Role.UNIT_OFFICER]) if p]
    units = Unit.objects.filter(path__in=roots).order_by("path")
    return [u for u in units if ur.may_hold_round(u, day)]


def unit_rounds(request):
    scope = scope_of(request)
    today = datetime.date.today()
    units = _officer_units(scope, today)
    form = OpenForm(request.POST or None, units=units, initial={"year": _year_default()})
    if request.method == "POST":
        if not units:
            raise PermissionDenied(ur.OFFICER_ONLY)
        if form.is_valid():
            try:
                award_round = ur.open_unit_round(request.user, form.cleaned_data["unit"],
                                                 form.cleaned_data["year"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"Đã mở {award_round.name} của "
                                          f"{award_round.organiser.name}.")
                return redirect("nominations:unit_round", unit_round_pk=award_round.pk)
    rounds = ur.unit_rounds_for(scope).select_related("organiser").order_by(
        "organiser__path", "-year")
    return render(request, "nominations/unit_rounds.html", {
        "rounds": rounds, "form": form, "can_open": bool(units),
    })


def unit_round(request, unit_round_pk):
    award_round = _round(request, unit_round_pk)
    unit = award_round.organiser
    nominations = list(
        Nomination.objects.filter(round=award_round)
        .select_related("person__unit", "unit", "round", "forwarded_to__submission__round")
        .prefetch_related("attachments", "agenda_items__meeting")
        .order_by("award_code", "subject_kind", "subject_name", "pk"))
    rules = award_configs({n.award_code for n in nominations} | set(award_round.award_codes),
                          award_round.opens_on)
    day = award_round.council_date or award_round.opens_on
    decides = {c for c in award_round.award_codes if ur.authority(unit, c, day).decides}
    for n in nominations:
        rule = rules[n.award_code]
        n.award_name = rule.name
        n.dossier = ur.unit_dossier(n, rule)
        n.complete = all(i["present"] for i in n.dossier)
        n.decides = n.award_code in decides
        items = list(n.agenda_items.all())
        n.item = items[-1] if items else None
    user = request.user
    meetings = list(ur.round_meetings(award_round))
    settle_waiting = any(
        n.status == Status.AT_COUNCIL and n.item and n.item.result != ItemResult.PENDING
        and n.item.meeting.status == "closed" for n in nominations)
    approved_here = [n for n in nominations if n.decides and (
        n.status == Status.APPROVED or (n.status == Status.AT_COUNCIL and n.item
                                        and n.item.result == ItemResult.PASSED
                                        and n.item.meeting.status == "closed"))]
    forwardable = ur.proposals_to_forward(award_round)
    return render(request, "nominations/unit_round_detail.html", {
        "round": award_round, "unit": unit, "nominations": nominations,
        "state": ur.state(award_round), "meetings": meetings,
        "decided_awards": [rules[c].name for c in award_round.award_codes if c in decides],
        "proposed_awards": [rules[c].name for c in award_round.award_codes if c not in decides],
        "is_officer": ur.is_officer(user, unit), "is_head": ur.is_head(user, unit),
        "listing": ur.unit_list(award_round), "settle_waiting": settle_waiting,
        "approved_here": approved_here, "forwardable": forwardable,
        "higher_rounds": list(ur.higher_rounds(award_round)) if forwardable else [],
        "decisions": award_round.decisions.order_by("-year", "-sequence"),
        "today": datetime.date.today(),
    })


def unit_round_pick(request, unit_round_pk):
    """Candidates from the unit subtree's due list, each with the engine's reasons."""
    from tdkt.eligibility.catalogue import evaluator

    award_round = _round(request, unit_round_pk)
    if not ur.is_officer(request.user, award_round.organiser):
        raise PermissionDenied(ur.OFFICER_ONLY)
    if request.method == "POST":
        try:
            added, errors = ur.add_candidates_from_due_list(
                request.user, award_round, [i for i in request.POST.getlist("chon")
                                            if i.isdigit()])
        except ValidationError as exc:
            _errors(request, exc)
        else:
            for error in errors:
                messages.error(request, error)
            if added:
                messages.success(request, f"Đã thêm {added} người, tập thể vào danh sách "
                                          "bình xét.")
        return redirect("nominations:unit_round", unit_round_pk=award_round.pk)
    sweep, entries = ur.due_candidates(award_round)
    rows = []
    if sweep:
        from tdkt.legal.links import library_for

        library_for(request)  # the reasons' citations: the library read once per page
        names = evaluator().version_for(sweep.as_of)
        rows = [(e, names.name(e.award), [c for c in (e.checks or []) if c.get("why")])
                for e in entries]
    return render(request, "nominations/unit_round_pick.html", {
        "round": award_round, "sweep": sweep, "rows": rows,
    })


def unit_round_proposals(request, unit_round_pk):
    """Candidates from movement reviews' proposals within the unit subtree."""
    award_round = _round(request, unit_round_pk)
    if not ur.is_officer(request.user, award_round.organiser):
        raise PermissionDenied(ur.OFFICER_ONLY)
    if request.method == "POST":
        try:
            added, errors = ur.add_candidates_from_proposals(
                request.user, award_round, [i for i in request.POST.getlist("chon")
                                            if i.isdigit()])
        except ValidationError as exc:
            _errors(request, exc)
        else:
            for error in errors:
                messages.error(request, error)
            if added:
                messages.success(request, f"Đã thêm {added} đề nghị của phong trào vào danh "
                                          "sách bình xét.")
        return redirect("nominations:unit_round", unit_round_pk=award_round.pk)
    proposals = ur.movement_proposals(award_round)
    names = {c: r.name for c, r in award_configs({p.award_code for p in proposals}).items()}
    return render(request, "nominations/unit_round_proposals.html", {
        "round": award_round, "rows": [(p, names.get(p.award_code, p.award_code))
                                       for p in proposals],
    })


class AgendaForm(forms.Form):
    held_on = DateField(label="Ngày họp Hội đồng")
    starts_at = forms.TimeField(label="Giờ họp", required=False,
                                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    place = forms.CharField(label="Địa điểm", max_length=255, required=False)


@require_POST
def unit_round_approve(request, unit_round_pk):
    award_round = _round(request, unit_round_pk)
    if not ur.is_head(request.user, award_round.organiser):
        raise PermissionDenied(ur.HEAD_ONLY)
    form = AgendaForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Nhập ngày họp Hội đồng (dd/mm/yyyy).")
    else:
        try:
            meeting = ur.approve_agenda(request.user, award_round, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, f"Đã phê duyệt chương trình họp: {meeting.items.count()} "
                                      f"nội dung, họp ngày {meeting.held_on:%d/%m/%Y}.")
    return redirect("nominations:unit_round", unit_round_pk=award_round.pk)


@require_POST
def unit_round_settle(request, unit_round_pk):
    award_round = _round(request, unit_round_pk)
    if not (ur.is_head(request.user, award_round.organiser)
            or ur.is_officer(request.user, award_round.organiser)):
        raise PermissionDenied(ur.OFFICER_ONLY)
    try:
        approved, refused = ur.settle_results(request.user, award_round)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"Đã ghi nhận kết quả bỏ phiếu: {approved} đạt, "
                                  f"{refused} không đạt.")
    return redirect("nominations:unit_round", unit_round_pk=award_round.pk)


class UnitDecisionForm(forms.Form):
    signed_on = DateField(label="Ngày ký")
    signer_name = forms.CharField(label="Người ký", max_length=120)
    signer_title = forms.CharField(label="Chức vụ người ký", max_length=120)
    title = forms.CharField(label="Trích yếu", max_length=300)
    legal_bases = forms.CharField(label="Căn cứ ban hành", widget=forms.Textarea(attrs={"rows": 4}))


def unit_round_decide(request, unit_round_pk):
    """The head's decision, one award at a time (`?danh_hieu=`): the candidates the council
    approved for it; those above the head's authority are shown with the rule, not offered."""
    award_round = _round(request, unit_round_pk)
    unit = award_round.organiser
    if not ur.is_head(request.user, unit):
        raise PermissionDenied(ur.HEAD_ONLY)
    everyone = list(ur.passed(award_round).select_related("person__unit", "unit")
                    .order_by("award_code", "subject_kind", "subject_name", "pk"))
    today = datetime.date.today()
    rules = award_configs({n.award_code for n in everyone}, today)
    order = {code: i for i, code in enumerate(award_round.award_codes)}
    awards = sorted(rules, key=lambda c: order.get(c, len(order)))
    award = request.GET.get("danh_hieu") or request.POST.get("danh_hieu") or ""
    if award not in rules:
        award = awards[0] if awards else ""
    day = award_round.council_date or award_round.opens_on
    answer = ur.authority(unit, award, day) if award else None
    candidates = [n for n in everyone if n.award_code == award]
    for n in candidates:
        n.award_name = rules[n.award_code].name
    rule = rules.get(award)
    ident = ur.issuer_identity(unit)
    subject = ""
    if rule:
        subject = (f"Về việc công nhận danh hiệu “{rule.name}” năm {award_round.year}"
                   if rule.is_title else f"Về việc tặng {rule.name}")
    initial = {
        "signed_on": today, "signer_title": ident["head_title"],
        "signer_name": ident["signer_name"] or request.user.get_full_name(),
        "title": subject,
        "legal_bases": "\n".join(
            [f"Căn cứ {b};" for b in (rule.legal_bases if rule else [])]
            + [f"Xét đề nghị của Hội đồng Thi đua – Khen thưởng {unit.name}."]),
    }
    form = UnitDecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        ids = {int(i) for i in request.POST.getlist("chon") if i.isdigit()}
        chosen = [n for n in candidates if n.pk in ids]
        try:
            if not chosen:
                raise ValidationError("Chọn ít nhất một người, tập thể được khen thưởng.")
            decision = ur.issue_unit_decision(request.user, award_round, chosen,
                                              **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Đã ban hành Quyết định số {decision.number_display}; "
                                      "danh hiệu, hình thức đã ghi vào hồ sơ thi đua, khen "
                                      "thưởng.")
            return redirect("nominations:decision", decision_pk=decision.pk)
    return render(request, "nominations/unit_round_decision.html", {
        "round": award_round, "unit": unit, "form": form, "candidates": candidates,
        "symbol": ident["symbol"], "issuer_title": ident["issuer_title"],
        "award": award, "rule": rule, "answer": answer,
        "awards": [(c, rules[c].name, sum(1 for n in everyone if n.award_code == c))
                   for c in awards],
    })


@require_POST
def unit_round_forward(request, unit_round_pk):
    award_round = _round(request, unit_round_pk)
    if not ur.is_officer(request.user, award_round.organiser):
        raise PermissionDenied(ur.OFFICER_ONLY)
    target = ur.higher_rounds(award_round).filter(pk=request.POST.get("dot") or 0).first()
    if target is None:
        messages.error(request, "Chọn đợt xét khen thưởng đang mở của cấp trên.")
        return redirect("nominations:unit_round", unit_round_pk=award_round.pk)
    try:
        submission = ur.forward_to_level_above(request.user, award_round, target)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("nominations:unit_round", unit_round_pk=award_round.pk)
    messages.success(request, f"Đã lập tờ trình “{submission.title}” trong {target.name}; "
                              "bổ sung hồ sơ và trình thủ trưởng ký trình.")
    return redirect("nominations:submission", submission_pk=submission.pk)
