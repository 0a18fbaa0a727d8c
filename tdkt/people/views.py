from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from tdkt.accounts.scoping import scope_of
from tdkt.audit.models import Action
from tdkt.history.selectors import person_timeline
from tdkt.movements.selectors import person_registrations
from tdkt.nominations.selectors import person_award_notes
from tdkt.organisation import selectors as org_selectors

from . import services
from .forms import MoveForm, PersonForm
from .models import Person


def _person_in_scope(request, person_pk):
    return scope_of(request).get(Person.objects.select_related("unit"), pk=person_pk)


def person_detail(request, person_pk):
    scope = scope_of(request)
    person = _person_in_scope(request, person_pk)
    own = request.user.person_id == person.pk
    history_rows, history_record = person_timeline(person, person_registrations(person.pk))
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "ancestors": org_selectors.ancestors(person.unit),
            "moves": person.moves.select_related("from_unit", "to_unit"),
            "show_personal": own or scope.can_see_personal_data(person.unit),
            "can_edit": scope.can_write(person.unit),
            "can_report": scope.can_see_personal_data(person.unit),
            "history_rows": history_rows,
            "history_record": history_record,
            "history_can_edit": scope.can_write(person.unit),
            "award_notes": person_award_notes(person.pk),
            "actions": Action.objects.for_object(person).select_related("actor")[:20]
            if scope.is_admin
            else None,
        },
    )


def person_edit(request, person_pk):
    scope = scope_of(request)
    person = _person_in_scope(request, person_pk)
    scope.require_write(person.unit)
    form = PersonForm(request.POST or None, instance=Person.objects.get(pk=person.pk))
    if request.method == "POST" and form.is_valid():
        services.update_person(request.user, person, form.cleaned_data)
        messages.success(request, "Đã lưu thông tin cán bộ.")
        return redirect("people:detail", person_pk=person.pk)
    return render(request, "people/person_form.html", {"person": person, "form": form})


def person_move(request, person_pk):
    scope = scope_of(request)
    person = _person_in_scope(request, person_pk)
    scope.require_write(person.unit)
    form = MoveForm(request.POST or None, scope=scope)
    if request.method == "POST" and form.is_valid():
        try:
            services.move_person(
                request.user,
                person,
                form.cleaned_data["to_unit"],
                form.cleaned_data["moved_on"],
                form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Đã điều chuyển {person} sang {person.unit}.")
            return redirect("people:detail", person_pk=person.pk)
    return render(request, "people/person_move.html", {"person": person, "form": form})
