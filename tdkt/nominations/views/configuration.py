"""Views: award settings, holidays and the unit's notifications."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import services
from ..config import award_config, award_configs
from ..forms import (
    AwardSettingForm,
    HolidayForm,
)
from ..models import (
    AwardSetting,
    Holiday,
)
from .common import _require_dept, _today


def configuration(request):
    _require_dept(request)
    year = request.GET.get("nam", "")
    year = int(year) if year.isdigit() else _today().year
    form = HolidayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        holiday = services.add_holiday(request.user, form.cleaned_data)
        messages.success(request, f"Đã thêm {holiday}.")
        return redirect(f"{reverse('nominations:configuration')}?nam={holiday.day.year}")
    rules = award_configs(list(AwardSetting.objects.values_list("code", flat=True)))
    return render(request, "nominations/configuration.html", {
        "settings": AwardSetting.objects.all(), "rules": rules, "form": form, "year": year,
        "holidays": Holiday.objects.filter(day__year=year),
        "years": sorted({d.year for d in Holiday.objects.dates("day", "year")}),
    })


def setting_edit(request, setting_pk):
    _require_dept(request)
    setting = get_object_or_404(AwardSetting, pk=setting_pk)
    form = AwardSettingForm(request.POST or None, instance=setting)
    if request.method == "POST" and form.is_valid():
        services.update_award_setting(request.user, setting, form.cleaned_data)
        messages.success(request, f"Đã lưu cấu hình {setting.name}.")
        return redirect("nominations:configuration")
    return render(request, "nominations/setting_form.html", {"form": form, "setting": setting,
                                                              "rule": award_config(setting.code)})


@require_POST
def holiday_delete(request, holiday_pk):
    _require_dept(request)
    holiday = get_object_or_404(Holiday, pk=holiday_pk)
    year = holiday.day.year
    services.delete_holiday(request.user, holiday)
    messages.success(request, "Đã xóa ngày khỏi lịch.")
    return redirect(f"{reverse('nominations:configuration')}?nam={year}")


def notifications(request):
    """Nominations' notices now live in the one notification list."""
    return redirect("notifications:list")
