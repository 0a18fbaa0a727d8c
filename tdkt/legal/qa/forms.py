from django import forms

from ..models import LegalDocument

CITATION_ROWS = 3


class AskForm(forms.Form):
    title = forms.CharField(label="Tóm tắt câu hỏi", max_length=255,
                            error_messages={"required": "Nhập tóm tắt câu hỏi.",
                                            "max_length": "Tóm tắt tối đa 255 ký tự."})
    body = forms.CharField(label="Nội dung câu hỏi", max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 6}),
                           error_messages={"required": "Nhập nội dung câu hỏi.",
                                           "max_length": "Nội dung tối đa 5.000 ký tự."})
    anonymous = forms.BooleanField(
        label="Không hiện tên tôi với đơn vị", required=False,
        help_text="Cán bộ của đơn vị không thấy họ tên người hỏi; Thường trực Hội đồng TĐKT "
                  "(Vụ TCCB) vẫn thấy để trao đổi thêm khi cần. Câu hỏi công khai không bao "
                  "giờ ghi tên người hỏi.")


class AnswerForm(forms.Form):
    """The answer and up to CITATION_ROWS citations: a document, an article, a clause."""

    answer = forms.CharField(label="Nội dung trả lời", widget=forms.Textarea(attrs={"rows": 8}),
                             max_length=20000,
                             error_messages={"required": "Nhập nội dung trả lời."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "— Chọn văn bản —")] + [
            (d.code, str(d)) for d in LegalDocument.objects.order_by("-signed_on", "code")]
        for i in range(1, CITATION_ROWS + 1):
            self.fields[f"doc_{i}"] = forms.ChoiceField(
                label=f"Căn cứ {i}: văn bản", choices=choices, required=False,
                error_messages={"invalid_choice": "Văn bản không có trong thư viện."})
            self.fields[f"dieu_{i}"] = forms.CharField(
                label="Điều", max_length=10, required=False,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}))
            self.fields[f"khoan_{i}"] = forms.CharField(
                label="Khoản (nếu có)", max_length=10, required=False,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}))

    def citation_rows(self):
        return [(self[f"doc_{i}"], self[f"dieu_{i}"], self[f"khoan_{i}"])
                for i in range(1, CITATION_ROWS + 1)]

    def citations(self):
        d = self.cleaned_data
        return [(d.get(f"doc_{i}", ""), d.get(f"dieu_{i}", ""), d.get(f"khoan_{i}", ""))
                for i in range(1, CITATION_ROWS + 1)]

    @classmethod
    def initial_for(cls, question):
        initial = {"answer": question.answer}
        for i, c in enumerate(question.citations.all()[:CITATION_ROWS], start=1):
            p = c.provision
            initial[f"doc_{i}"] = p.document.code
            initial[f"dieu_{i}"] = c.article.number
            initial[f"khoan_{i}"] = p.number if p.level == "khoan" else ""
        return initial


class PublishForm(forms.Form):
    public_body = forms.CharField(
        label="Nội dung câu hỏi sẽ công khai", widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000, help_text="Bỏ các chi tiết cá nhân (họ tên, đơn vị, vụ việc cụ thể) "
                                   "trước khi công khai.",
        error_messages={"required": "Nhập nội dung câu hỏi sẽ công khai."})
