"""Thin views of the contests area: resolve the scope, fetch through scoped getters, call a
service. The page of an attempt in progress never carries which choices are right: choices
are named by their place in the order shown, and the answers (with their article) appear
only on the result page once the round has closed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tdkt.accounts.scoping import is_dept, require_dept, scope_of
from tdkt.core.pagination import paginate
from tdkt.core.text import fold
from tdkt.legal.models import LegalDocument

from . import bank, selectors, services
from .forms import ContestForm, ImportForm, PrizeForm, QuestionForm, RoundForm
from .models import (
    Attempt,
    AttemptStatus,
    Choice,
    Contest,
    Entry,
    Prize,
    PrizeDecision,
    PrizeKind,
    Question,
    Round,
)


def _errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc)


def _contest(request, contest_pk) -> Contest:
    """A contest the user may see, else 404."""
    scope = scope_of(request)
    try:
        return selectors.visible_contests(scope).get(pk=contest_pk)
    except Contest.DoesNotExist as exc:
        raise Http404("Không tìm thấy cuộc thi hoặc ngoài phạm vi của bạn.") from exc


def _round(request, contest_round_pk) -> Round:
    scope = scope_of(request)
    visible = selectors.visible_contests(scope).values("pk")
    return get_object_or_404(Round.objects.select_related("contest"), pk=contest_round_pk,
                             contest__in=visible)


def _state(rnd: Round, now) -> str:
    if rnd.is_open(now):
        return "open"
    return "closed" if rnd.is_closed(now) else "upcoming"


STATE_LABELS = {"open": "Đang mở", "closed": "Đã kết thúc", "upcoming": "Sắp mở"}


# --- contests --------------------------------------------------------------------------------

def index(request):
    scope = scope_of(request)
    now = timezone.now()
    contests = (selectors.visible_contests(scope)
                .prefetch_related(Prefetch("rounds", queryset=Round.objects.order_by("number")))
                .order_by("-created_at", "-pk"))
    page = paginate(request, contests)
    for c in page:
        c.round_list = list(c.rounds.all())
        c.current = next((r for r in c.round_list if r.is_open(now)), None)
    return render(request, "contests/index.html", {
        "page": page, "dept": is_dept(scope), "person": request.user.person,
    })


def _my_entries(request, rounds) -> dict[int, Entry]:
    person_id = request.user.person_id
    if not person_id:
        return {}
    return {e.round_id: e for e in Entry.objects.filter(person_id=person_id, round__in=rounds)
            .select_related("best_attempt")}


def detail(request, contest_pk):
    contest = _contest(request, contest_pk)
    now = timezone.now()
    rounds = list(contest.rounds.all())
    mine = _my_entries(request, rounds)
    for r in rounds:
        r.state = _state(r, now)
        r.state_label = STATE_LABELS[r.state]
        r.mine = mine.get(r.pk)
        r.left = contest.max_attempts - (r.mine.attempts_used if r.mine else 0)
    person = request.user.person
    return render(request, "contests/detail.html", {
        "contest": contest, "rounds": rounds, "dept": is_dept(request),
        "can_take": person is not None and services.may_take(contest, person),
        "units": contest.units.order_by("path"),
        "table": selectors.unit_table(contest),
        "decisions": contest.decisions.select_related("round").order_by("-signed_on", "-pk"),
    })


def contest_form(request, contest_pk=None):
    require_dept(request)
    contest = None if contest_pk is None else get_object_or_404(Contest, pk=contest_pk)
    form = ContestForm(request.POST or None, instance=contest)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        units, documents = list(d.pop("units")), list(d.pop("documents"))
        try:
            contest = services.save_contest(request.user, units=units, documents=documents,
                                            contest=contest, **d)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, "Đã lưu cuộc thi.")
            return redirect("contests:detail", contest_pk=contest.pk)
    return render(request, "contests/contest_form.html", {"form": form, "contest": contest})


def round_add(request, contest_pk):
    require_dept(request)
    contest = get_object_or_404(Contest, pk=contest_pk)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            rnd = services.add_round(request.user, contest, opens_at=d["opens_at"],
                                     closes_at=d["closes_at"])
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, f"Đã thêm vòng {rnd.number}.")
            return redirect("contests:detail", contest_pk=contest.pk)
    return render(request, "contests/round_form.html", {"form": form, "contest": contest})


# --- a round: results and taking it ----------------------------------------------------------

def round_detail(request, contest_round_pk):
    rnd = _round(request, contest_round_pk)
    scope = scope_of(request)
    now = timezone.now()
    count = selectors.participants(rnd)
    entries = scope.filter(selectors.ranking(rnd, count))
    q = (request.GET.get("q") or "").strip()
    if q:
        entries = entries.filter(person__search_text__contains=fold(q))
    page = paginate(request, entries)
    places = selectors.ranks(rnd) if page.object_list else {}
    for e in page:
        e.place = places.get(e.pk)
    mine = _my_entries(request, [rnd]).get(rnd.pk)
    attempts = list(mine.attempts.order_by("number")) if mine else []
    person = request.user.person
    return render(request, "contests/round.html", {
        "round": rnd, "contest": rnd.contest, "page": page, "q": q, "count": count,
        "state": _state(rnd, now), "state_label": STATE_LABELS[_state(rnd, now)],
        "mine": mine, "attempts": attempts,
        "left": rnd.contest.max_attempts - (mine.attempts_used if mine else 0),
        "can_take": person is not None and services.may_take(rnd.contest, person),
        "table": selectors.unit_table(rnd.contest, rnd),
    })


@require_POST
def start(request, contest_round_pk):
    rnd = _round(request, contest_round_pk)
    try:
        attempt, resumed = services.start(request.user, rnd)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("contests:round", contest_round_pk=rnd.pk)
    if resumed:
        messages.info(request, "Bạn đang có một lượt thi chưa nộp bài; tiếp tục lượt thi này.")
    return redirect("contests:take", contest_attempt_pk=attempt.pk)


def _own_attempt(request, contest_attempt_pk) -> Attempt:
    """Only the participant reaches their attempt in progress."""
    person_id = request.user.person_id
    if not person_id:
        raise Http404
    return get_object_or_404(Attempt.objects.select_related("entry__round__contest"),
                             pk=contest_attempt_pk, person_id=person_id)


def _answers(post) -> dict[int, list[int]]:
    answers: dict[int, list[int]] = {}
    for key in post:
        if key.startswith("q") and key[1:].isdigit():
            answers[int(key[1:])] = [int(v) for v in post.getlist(key) if v.isdigit()]
    return answers


def _prediction(raw: str | None):
    raw = (raw or "").strip().replace(".", "").replace(",", "")
    return int(raw) if raw.isdigit() and len(raw) <= 9 else None


def take(request, contest_attempt_pk):
    attempt = _own_attempt(request, contest_attempt_pk)
    if attempt.status != AttemptStatus.OPEN:
        return redirect("contests:result", contest_attempt_pk=attempt.pk)
    if request.method == "POST":
        try:
            attempt = services.submit(request.user, attempt, _answers(request.POST),
                                      _prediction(request.POST.get("du_doan")))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if attempt.status == AttemptStatus.EXPIRED:
                messages.error(request, "Bài nộp sau khi hết thời gian làm bài nên không "
                                        "được tính; lượt thi này đã kết thúc.")
            else:
                messages.success(request, f"Đã nộp bài: đúng {attempt.score}/{attempt.total} "
                                          f"câu trong {attempt.duration_text}.")
        return redirect("contests:result", contest_attempt_pk=attempt.pk)
    items = list(attempt.items.select_related("question").order_by("position"))
    texts = dict(Choice.objects.filter(question__in=[i.question_id for i in items])
                 .values_list("pk", "text"))
    for item in items:
        # Only the text and the place in the order shown: nothing tells a right choice.
        item.shown = [(place, texts.get(cid, "")) for place, cid in enumerate(item.order)]
    remaining = max(0, int((attempt.deadline - timezone.now()).total_seconds()))
    return render(request, "contests/take.html", {
        "attempt": attempt, "round": attempt.entry.round, "contest": attempt.entry.round.contest,
        "items": items, "remaining": remaining,
    })


def result(request, contest_attempt_pk):
    scope = scope_of(request)
    qs = Attempt.objects.select_related("entry__round__contest", "person", "entry__unit")
    own = qs.filter(pk=contest_attempt_pk, person_id=request.user.person_id or 0).first()
    attempt = own or scope.get(qs, pk=contest_attempt_pk)
    rnd = attempt.entry.round
    now = timezone.now()
    show_answers = rnd.is_closed(now) and attempt.status != AttemptStatus.OPEN
    items = []
    if show_answers:
        from tdkt.legal.selectors import article_keys

        items = list(attempt.items.select_related("question__document").order_by("position"))
        choices = {c.pk: c for c in Choice.objects.filter(
            question__in=[i.question_id for i in items])}
        present = article_keys({i.question.document.code for i in items})
        for item in items:
            item.shown = [(choices[cid], cid in item.selected) for cid in item.order
                          if cid in choices]
            item.link = _citation(item.question, present)
    return render(request, "contests/result.html", {
        "attempt": attempt, "round": rnd, "contest": rnd.contest, "items": items,
        "show_answers": show_answers, "own": attempt.person_id == request.user.person_id,
        "entry": attempt.entry,
    })


def _citation(question: Question, present) -> str | None:
    from tdkt.legal.links import citation_url

    parts = question.anchor.split("-")
    article = parts[1] if len(parts) > 1 else ""
    clause = parts[parts.index("khoan") + 1] if "khoan" in parts else None
    return citation_url(question.document.code, article, clause, present=present)


# --- prizes and certificates -----------------------------------------------------------------

def prizes(request, contest_pk):
    contest = _contest(request, contest_pk)
    scope = scope_of(request)
    dept = is_dept(scope)
    form = PrizeForm(request.POST or None)
    rounds = list(contest.rounds.all())
    if request.method == "POST":
        require_dept(scope)
        raw = request.POST.get("vong", "")
        rnd = next((r for r in rounds if str(r.pk) == raw), None)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.award_prizes(request.user, contest, rnd, number=d["number"],
                                      signed_on=d["signed_on"], signer_title=d["signer_title"],
                                      signer_name=d["signer_name"], counts=form.counts(),
                                      collectives=d["collectives"],
                                      collective_by=d["collective_by"])
            except ValidationError as exc:
                _errors(form, exc)
            else:
                messages.success(request, "Đã ghi nhận quyết định trao giải.")
                return redirect("contests:prizes", contest_pk=contest.pk)
    decisions = list(contest.decisions.select_related("round").order_by("-signed_on", "-pk"))
    visible = scope.filter(Prize.objects.filter(decision__contest=contest)
                           .select_related("unit", "person"))
    by_decision: dict[int, list[Prize]] = {}
    for p in sorted(visible, key=lambda p: (p.decision_id, p.kind != PrizeKind.INDIVIDUAL,
                                            p.rank)):
        by_decision.setdefault(p.decision_id, []).append(p)
    for d in decisions:
        d.prize_list = by_decision.get(d.pk, [])
    return render(request, "contests/prizes.html", {
        "contest": contest, "decisions": decisions, "form": form, "dept": dept,
        "rounds": rounds, "now": timezone.now(),
    })


def _certificate_data(prize: Prize):
    from tdkt.documents.certificates import GIAY_KHEN, CertificateData

    decision = prize.decision
    contest = decision.contest
    what = f"vòng {decision.round.number} " if decision.round else ""
    level = prize.get_level_display()
    if prize.kind == PrizeKind.INDIVIDUAL:
        gender = getattr(prize.person, "gender", "")
        title = {"female": "Bà", "male": "Ông"}.get(gender, "Ông/Bà")
        recipient = f"{title} {prize.name}"
        detail = prize.unit.name
    else:
        recipient, detail = prize.name, (f"Tỷ lệ cán bộ tham gia {prize.percent}% "
                                         f"({prize.participants}/{prize.headcount} người)")
    return CertificateData(
        kind=GIAY_KHEN, authority=decision.authority, award_title="GIẤY CHỨNG NHẬN",
        verb="TẶNG", recipient=recipient, detail=detail, register_label="",
        achievement=f"Đạt {level[0].lower()}{level[1:]} {what}{contest.title}",
        decision_number=decision.number, decision_date=decision.signed_on,
        register_number="", place="Hà Nội", signer_title=(decision.signer_title, ""),
        signer_name=decision.signer_name)


def _pdf(items, filename: str) -> HttpResponse:
    from tdkt.documents.certificates import render_certificates

    response = HttpResponse(render_certificates(items), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def certificate(request, contest_prize_pk):
    scope = scope_of(request)
    prize = scope.get(Prize.objects.select_related("decision__contest", "decision__round",
                                                   "unit", "person"), pk=contest_prize_pk)
    return _pdf([_certificate_data(prize)], f"giay-chung-nhan-{prize.pk}.pdf")


def decision_certificates(request, prize_decision_pk):
    require_dept(request)
    decision = get_object_or_404(PrizeDecision, pk=prize_decision_pk)
    prizes = list(decision.prizes.select_related("decision__contest", "decision__round",
                                                 "unit", "person").order_by("kind", "rank"))
    if not prizes:
        raise Http404
    return _pdf([_certificate_data(p) for p in prizes],
                f"giay-chung-nhan-quyet-dinh-{decision.pk}.pdf")


# --- the question bank (department) ----------------------------------------------------------

def questions(request):
    require_dept(request)
    qs = (Question.objects.select_related("document")
          .annotate(n_choices=Count("choices"), n_right=Count("choices",
                                                              filter=Q(choices__correct=True)))
          .order_by("document__code", "article", "anchor", "pk"))
    q = (request.GET.get("q") or "").strip()
    for word in fold(q).split():
        qs = qs.filter(search_text__contains=word)
    doc = request.GET.get("van_ban", "")
    if doc:
        qs = qs.filter(document__code=doc)
    article = request.GET.get("dieu", "").strip()
    if article.isdigit():
        qs = qs.filter(article=int(article))
    return render(request, "contests/questions.html", {
        "page": paginate(request, qs), "q": q, "doc": doc, "article": article,
        "documents": LegalDocument.objects.filter(contest_questions__isnull=False).distinct()
        .order_by("code"),
    })


def question_form(request, bank_question_pk=None):
    require_dept(request)
    question = None
    if bank_question_pk is not None:
        question = get_object_or_404(Question.objects.prefetch_related("choices"),
                                     pk=bank_question_pk)
    initial = QuestionForm.initial_for(question) if question else None
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.save_question(request.user, document=d["document"], anchor=d["anchor"],
                                   text=d["text"], explanation=d["explanation"],
                                   choices=form.choices(), active=d["active"],
                                   question=question)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, "Đã lưu câu hỏi.")
            return redirect("contests:questions")
    return render(request, "contests/question_form.html", {"form": form, "question": question})


def question_import(request):
    require_dept(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        known = set(LegalDocument.objects.values_list("code", flat=True))
        try:
            specs = bank.read_bank(form.cleaned_data["file"].read(), known)
            result = services.import_questions(request.user, specs)
        except bank.BankError as exc:
            problems = exc.problems[:50]
        except ValidationError as exc:
            problems = exc.messages
        else:
            messages.success(request, f"Đã nhập {result.created} câu hỏi"
                             + (f", bỏ qua {result.skipped} câu đã có." if result.skipped
                                else "."))
            return redirect("contests:questions")
    return render(request, "contests/question_import.html", {"form": form,
                                                              "problems": problems})


# --- public pages (no login) -----------------------------------------------------------------

def public_index(request):
    contests = (Contest.objects.filter(published=True)
                .prefetch_related(Prefetch("rounds", queryset=Round.objects.order_by("number")))
                .order_by("-created_at", "-pk"))
    return render(request, "contests/public_index.html", {"page": paginate(request, contests)})


def public_contest(request, contest_pk):
    contest = get_object_or_404(Contest, pk=contest_pk, published=True)
    now = timezone.now()
    rounds = list(contest.rounds.all())
    for r in rounds:
        r.state_label = STATE_LABELS[_state(r, now)]
    collective = list(Prize.objects.filter(decision__contest=contest,
                                           kind=PrizeKind.COLLECTIVE)
                      .select_related("decision__round").order_by("decision", "rank"))
    return render(request, "contests/public_contest.html", {
        "contest": contest, "rounds": rounds, "table": selectors.unit_table(contest),
        "collective": collective,
    })


