"""Views: decisions, revocation and a person's awards."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render

from tdkt.accounts.scoping import scope_of
from tdkt.core.pagination import paginate
from tdkt.people.models import Person

from .. import next_steps, selectors, services
from ..config import award_config
from ..forms import (
    DecisionForm,
    RevokeForm,
)
from ..models import (
    Awardee,
    Nomination,
    Status,
)
from .common import _annotate, _is_dept, _require_dept, _today, _viewer


def _visible_decisions(request):
    return selectors.visible_decisions(scope_of(request))


def decisions(request):
    qs = (_visible_decisions(request).annotate(n=Count("awardees")).select_related("round")
          .order_by("-year", "-sequence"))
    return render(request, "nominations/decisions.html", {
        "page": paginate(request, qs), "is_dept": _is_dept(request),
    })


def decision_create(request):
    _require_dept(request)
    scope = scope_of(request)
    today = _today()
    rounds = selectors.visible_rounds(scope).filter(nominations__status=Status.APPROVED).distinct()
    round_id = request.GET.get("dot") or request.POST.get("dot") or ""
    award_round = rounds.filter(pk=round_id).first() if str(round_id).isdigit() else None
    candidates = []
    if award_round:
        candidates = _annotate(selectors.nomination_list(scope.filter(
            award_round.nominations.filter(status=Status.APPROVED))))
    for n in candidates:
        n.blocked = bool(n.disclosure and not n.disclosure.has_ended(today))
    rule = award_config(candidates[0].award_code, today) if candidates else None
    initial = {
        "signed_on": today, "signer_title": "Bộ trưởng",
        "title": f"Về việc khen thưởng ({award_round.name})" if award_round else "",
        "legal_bases": "\n".join(
            ["Căn cứ " + b + ";" for b in (rule.legal_bases if rule else [])]
            + ["Xét đề nghị của Vụ trưởng Vụ Tổ chức cán bộ."]),
    }
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and award_round:
        ids = [int(i) for i in request.POST.getlist("chon") if i.isdigit()]
        noms = scope.filter(award_round.nominations.filter(pk__in=ids))
        issuer = award_round.organiser
        try:
            decision = services.issue_decision(
                request.user, issuer=issuer, nominations=noms, **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Đã ban hành Quyết định số {decision.number_display}.")
            return redirect("nominations:decision", decision_pk=decision.pk)
    return render(request, "nominations/decision_form.html", {
        "form": form, "rounds": rounds, "round": award_round, "candidates": candidates,
    })


def decision_detail(request, decision_pk):
    decision = get_object_or_404(
        _visible_decisions(request).select_related("round", "issuer", "issued_by"),
        pk=decision_pk)
    from tdkt.documents.awardees import label

    awardees = label(decision.awardees.select_related("proposing_unit", "person__unit", "unit"))
    step = next_steps.for_decision(decision, _viewer(request, decision.issuer))
    return render(request, "nominations/decision_detail.html", {
        "decision": decision, "awardees": awardees, "is_dept": _is_dept(request), "step": step,
    })


def awardee_revoke(request, awardee_pk):
    _require_dept(request)
    awardee = get_object_or_404(Awardee.objects.select_related("decision"), pk=awardee_pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            flagged = services.revoke_award(request.user, awardee, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Đã hủy bỏ khen thưởng của {awardee.subject_name}.")
            for other in flagged:
                messages.error(request, f"Cần xem xét lại: {other.subject_name} – "
                                        f"{other.award_name} năm {other.year} "
                                        f"(QĐ {other.decision.number_display}).")
            return redirect("nominations:decision", decision_pk=awardee.decision_id)
    return render(request, "nominations/revoke.html", {"form": form, "awardee": awardee})


def person_awards(request, person_pk):
    """Awards decided for one person (with revocations), for the person's record."""
    person = scope_of(request).get(Person.objects.select_related("unit"), pk=person_pk)
    awardees = Awardee.objects.filter(person=person).select_related("decision").order_by(
        "-year", "-decision__signed_on")
    from tdkt.history.models import PersonAward, PersonTitle
    titles = PersonTitle.objects.filter(person=person).select_related("award")
    forms_ = PersonAward.objects.filter(person=person).select_related("award")
    return render(request, "nominations/person_awards.html", {
        "person": person, "awardees": awardees, "history": [*titles, *forms_],
        "nominations": _annotate(selectors.nomination_list(
            scope_of(request).filter(Nomination.objects.filter(person=person)))),
    })
