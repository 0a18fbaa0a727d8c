"""Forms of the council pages (councils per unit and term, their rules and members)."""

from django import forms

from .config import award_choices
from .forms import REQUIRED, date_field
from .models import CouncilPosition, Denominator


def _user(value: str):
    from tdkt.accounts.models import User

    try:
        return User.objects.get(username=value.strip())
    except User.DoesNotExist:
        raise forms.ValidationError("Không có tài khoản này.") from None


class CouncilForm(forms.Form):
    """A council's identity, term and quorum (create and edit)."""

    name = forms.CharField(label="Tên Hội đồng (để trống: theo tên đơn vị)", max_length=255,
                           required=False)
    term_start = date_field("Nhiệm kỳ từ ngày")
    term_end = date_field("Đến ngày (để trống: đến khi kiện toàn)", required=False)
    established_by = forms.CharField(label="Quyết định thành lập, kiện toàn", max_length=255,
                                     required=False)
    quorum_numerator = forms.IntegerField(label="Số thành viên có mặt tối thiểu: tử số",
                                          initial=2, min_value=1, max_value=20)
    quorum_denominator = forms.IntegerField(label="mẫu số (trên tổng số thành viên)", initial=3,
                                            min_value=1, max_value=20)
    quorum_source = forms.CharField(
        label="Căn cứ tỷ lệ có mặt (quy chế, quyết định của đơn vị; để trống: chưa quy định)",
        max_length=255, required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", "Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu.")
        num, den = data.get("quorum_numerator"), data.get("quorum_denominator")
        if num and den and num > den:
            self.add_error("quorum_numerator", "Tử số không được lớn hơn mẫu số.")
        return data


class CouncilCreateForm(CouncilForm):
    unit = forms.ChoiceField(label="Đơn vị")

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {str(u.pk): u for u in units}
        self.fields["unit"].choices = [(str(u.pk), u.name) for u in units]
        self.order_fields(["unit"])

    def clean_unit(self):
        unit = self.units.get(self.cleaned_data["unit"])
        if unit is None:
            raise forms.ValidationError("Chọn đơn vị trong phạm vi của bạn.")
        return unit


class ThresholdForm(forms.Form):
    award_code = forms.ChoiceField(label="Danh hiệu, hình thức")
    percent = forms.IntegerField(
        label="Tỷ lệ phiếu đồng ý tối thiểu (%; để trống: bỏ quy định riêng)", required=False,
        min_value=1, max_value=100,
        error_messages={"min_value": "Từ 1 đến 100.", "max_value": "Từ 1 đến 100."})
    denominator = forms.ChoiceField(label="Tính trên", choices=Denominator.choices)
    source = forms.CharField(label="Căn cứ (quy chế, quyết định của đơn vị)", max_length=255,
                             required=False)

    def __init__(self, *args, codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award_code"].choices = award_choices(list(codes))

    def clean(self):
        data = super().clean()
        if data.get("percent") is not None and not (data.get("source") or "").strip():
            self.add_error("source", "Ghi rõ căn cứ: quy chế hoặc quyết định của đơn vị quy "
                                     "định tỷ lệ này.")
        return data


class MemberForm(forms.Form):
    username = forms.CharField(label="Tên đăng nhập", max_length=150, error_messages=REQUIRED)
    position = forms.ChoiceField(label="Chức danh", choices=CouncilPosition.choices)
    joined_on = date_field("Từ ngày (để trống: hôm nay)", required=False)

    def clean_username(self):
        return _user(self.cleaned_data["username"])


class PositionForm(forms.Form):
    position = forms.ChoiceField(label="Chức danh", choices=CouncilPosition.choices)
