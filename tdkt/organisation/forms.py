from django import forms

from .models import UnitDocumentIdentity


class DocumentIdentityForm(forms.ModelForm):
    class Meta:
        model = UnitDocumentIdentity
        fields = ["parent_body", "own_name", "symbol", "place_name", "head_title"]
        help_texts = {
            "parent_body": "Dòng trên cùng của ô tên cơ quan, ví dụ: UBND THÀNH PHỐ HÀ NỘI.",
            "own_name": "Tên cơ quan ban hành, ví dụ: SỞ TƯ PHÁP.",
            "symbol": "Dùng trong số, ký hiệu văn bản, ví dụ: STP trong 12/TTr-STP.",
            "place_name": "Ghi trước ngày tháng, ví dụ: Thành phố Hồ Chí Minh.",
            "head_title": "Dùng ở khối chữ ký, ví dụ: Giám đốc.",
        }
