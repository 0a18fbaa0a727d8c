"""Thin views for questions and answers: resolve the scope, fetch through the selectors
(404 outside it), validate, call a service."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tdkt.accounts.scoping import is_dept, require_dept, scope_of
from tdkt.core.pagination import paginate
from tdkt.core.ratelimit import hit

from ..models import Question, QuestionStatus
from . import selectors, services
from .forms import AnswerForm, AskForm, PublishForm

ASKS_PER_HOUR = 10
FLOODED = "Bạn đã gửi quá nhiều câu hỏi trong thời gian ngắn; vui lòng thử lại sau một giờ."


def _add_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _shown(scope, questions):
    for q in questions:
        q.asker_shown = services.can_see_asker(scope, q)
    return questions


def index(request):
    scope = scope_of(request)
    qs = selectors.visible(scope)
    query = request.GET.get("q", "").strip()
    status = request.GET.get("trang_thai", "")
    if status in QuestionStatus.values:
        qs = qs.filter(status=status)
    if request.GET.get("cua_toi"):
        qs = qs.filter(asker_id=request.user.pk)
    page = paginate(request, selectors.search(qs, query))
    _shown(scope, page.object_list)
    return render(request, "legal/qa/index.html", {
        "page": page, "q": query, "status": status, "statuses": QuestionStatus.choices,
        "mine": bool(request.GET.get("cua_toi")), "is_dept": is_dept(scope),
    })


def ask(request):
    form = AskForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if not hit("legal.ask", str(request.user.pk), ASKS_PER_HOUR, 3600):
            form.add_error(None, FLOODED)
            status = 429
        else:
            try:
                q = services.ask(request.user, **form.cleaned_data)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, "Đã gửi câu hỏi. Bạn sẽ nhận thông báo khi có trả lời.")
                return redirect("legal:qa_detail", question_pk=q.pk)
    return render(request, "legal/qa/ask.html", {"form": form}, status=status)


def _get(request, question_pk) -> Question:
    qs = selectors.with_citations(selectors.visible(scope_of(request)))
    try:
        return qs.get(pk=question_pk)
    except Question.DoesNotExist as exc:
        raise Http404("Không tìm thấy hoặc ngoài phạm vi của bạn.") from exc


def detail(request, question_pk, answer_form=None, publish_form=None, status=200):
    scope = scope_of(request)
    q = _get(request, question_pk)
    dept = is_dept(scope)
    if dept:
        answer_form = answer_form or AnswerForm(initial=AnswerForm.initial_for(q))
        if q.status == QuestionStatus.ANSWERED:
            publish_form = publish_form or PublishForm(
                initial={"public_body": q.public_body or q.body})
    return render(request, "legal/qa/detail.html", {
        "question": q, "asker_shown": services.can_see_asker(scope, q), "is_dept": dept,
        "answer_form": answer_form, "publish_form": publish_form,
    }, status=status)


@require_POST
def answer(request, question_pk):
    q = _get(request, question_pk)
    require_dept(request.user, services.DEPT_ONLY)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer(request.user, q, text=form.cleaned_data["answer"],
                            citations=form.citations())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Đã lưu câu trả lời.")
            return redirect("legal:qa_detail", question_pk=q.pk)
    return detail(request, question_pk, answer_form=form, status=400)


@require_POST
def publish(request, question_pk):
    q = _get(request, question_pk)
    require_dept(request.user, services.DEPT_ONLY)
    if request.POST.get("action") == "unpublish":
        try:
            services.unpublish(request.user, q)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Đã thôi công khai câu hỏi.")
        return redirect("legal:qa_detail", question_pk=q.pk)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            services.publish(request.user, q, public_body=form.cleaned_data["public_body"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Đã công khai câu hỏi và câu trả lời.")
            return redirect("legal:qa_detail", question_pk=q.pk)
    return detail(request, question_pk, publish_form=form, status=400)


# --- the public FAQ (no login) ---------------------------------------------------------------

def public_index(request):
    query = request.GET.get("q", "").strip()
    article = request.GET.get("dieu", "").strip()[:80]
    document = request.GET.get("van_ban", "").strip()[:60]
    qs = selectors.search(selectors.published(), query, document, article)
    return render(request, "legal/qa/public_index.html", {
        "page": paginate(request, qs, 20), "q": query, "dieu": article, "van_ban": document,
        "articles": selectors.cited_articles(), "public": True,
    })


def public_detail(request, question_pk):
    q = get_object_or_404(selectors.published(), pk=question_pk)
    return render(request, "legal/qa/public_detail.html", {"question": q, "public": True})
