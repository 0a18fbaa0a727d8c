"""Pages of the contests area, attacker first: the page of an attempt in progress carries no
hint of the right choices; a participant reaches only their own attempt; results follow role
scopes; the public page names units only and escapes what it shows."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tdkt.contests import services
from tdkt.contests.models import Attempt, AttemptStatus, Choice, Entry
from tests.contests.conftest import answer_key

pytestmark = pytest.mark.django_db


def _start(client, rnd):
    response = client.post(reverse("contests:start", args=[rnd.pk]))
    assert response.status_code == 302
    return Attempt.objects.order_by("-pk").first(), response


def test_the_page_of_an_attempt_in_progress_never_reveals_the_answers(cast, client_for,
                                                                      open_round):
    client = client_for(cast.staff_a)
    attempt, response = _start(client, open_round)
    assert response["Location"] == reverse("contests:take", args=[attempt.pk])
    html = client.get(response["Location"]).content.decode()
    # every question's text and every choice's text is there…
    for item in attempt.items.select_related("question"):
        assert item.question.text.split("?")[0][:40] in html
    # …but nothing that tells a right choice: no flag, no choice id, no explanation
    assert not re.search(r"correct|dap-an|đáp án đúng|true", html, re.I)
    right = set(Choice.objects.filter(correct=True).values_list("pk", flat=True))
    values = re.findall(r'name="q\d+" value="([^"]*)"', html)
    assert values and all(v.isdigit() and int(v) < 8 for v in values)
    assert not any(f'value="{pk}"' in html for pk in right if pk >= 8)
    for item in attempt.items.select_related("question"):
        if item.question.explanation:
            assert item.question.explanation[:60] not in html
    # the timer is a static script with the server's remaining seconds
    assert 'src="/static/contests/timer.js"' in html
    assert re.search(r'data-remaining="(59\d|600)"', html)


def test_submitting_through_the_page_grades_on_the_server(cast, client_for, open_round):
    client = client_for(cast.staff_a)
    attempt, _ = _start(client, open_round)
    data = {f"q{p}": [str(i) for i in places] for p, places in answer_key(attempt).items()}
    data["du_doan"] = "150"
    response = client.post(reverse("contests:take", args=[attempt.pk]), data)
    assert response["Location"] == reverse("contests:result", args=[attempt.pk])
    attempt.refresh_from_db()
    assert (attempt.status, attempt.score, attempt.prediction) == ("submitted", 4, 150)
    page = client.get(response["Location"]).content.decode()
    assert "4/4" in page
    # answers come only after the round closes
    assert "đáp án đúng" not in page and "được công bố sau khi vòng thi kết thúc" in page


def test_answers_with_their_article_after_the_round_closes(cast, client_for, open_round,
                                                           clock):
    client = client_for(cast.staff_a)
    attempt, _ = _start(client, open_round)
    services.submit(cast.staff_a, attempt, answer_key(attempt))
    clock.shift(datetime.timedelta(days=7))
    client = client_for(cast.staff_a)  # a new session: the old one idled out meanwhile
    page = client.get(reverse("contests:result", args=[attempt.pk])).content.decode()
    assert "(đáp án đúng)" in page
    # each question's article opens in the library (the bank cites articles it holds)
    links = re.findall(r'href="/phap-luat/(\w+)/#(dieu-[\w-]+)"', page)
    assert len(links) == attempt.items.count()
    assert all((doc, anchor.split("-khoan")[0]) == (item.question.document.code,
                                                    item.question.anchor.split("-khoan")[0])
               for (doc, anchor), item in zip(links, attempt.items.select_related(
                   "question__document").order_by("position"), strict=True))


def test_a_late_submission_is_refused(cast, client_for, open_round, clock):
    client = client_for(cast.staff_a)
    attempt, _ = _start(client, open_round)
    clock.shift(datetime.timedelta(minutes=11))
    data = {f"q{p}": [str(i) for i in places] for p, places in answer_key(attempt).items()}
    client.post(reverse("contests:take", args=[attempt.pk]), data)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.EXPIRED and attempt.score is None


def test_a_second_start_resumes_instead_of_opening_a_parallel_attempt(cast, client_for,
                                                                     open_round):
    client = client_for(cast.staff_a)
    first, _ = _start(client, open_round)
    second, response = _start(client, open_round)
    assert first.pk == second.pk and Attempt.objects.count() == 1
    assert response["Location"] == reverse("contests:take", args=[first.pk])


def test_no_one_reaches_someone_elses_attempt(cast, client_for, open_round):
    attempt, _ = services.start(cast.staff_a, open_round)
    from tests.factories import make_user

    colleague = make_user("staff_b2", "staff", "STP-01", person=cast.person_a)
    client = client_for(colleague)
    assert client.get(reverse("contests:take", args=[attempt.pk])).status_code == 404
    assert client.post(reverse("contests:take", args=[attempt.pk]),
                       {"q1": "0"}).status_code == 404
    assert client.get(reverse("contests:result", args=[attempt.pk])).status_code == 404
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.OPEN
    # the unit's emulation officer reads the result page (no answers while it is open)
    officer = client_for(cast.officer_a)
    assert officer.get(reverse("contests:result", args=[attempt.pk])).status_code == 200
    assert officer.get(reverse("contests:take", args=[attempt.pk])).status_code == 404


def test_results_follow_role_scopes(cast, client_for, open_round):
    from types import SimpleNamespace

    b = SimpleNamespace(person=cast.person_b, person_id=cast.person_b.pk,
                        is_authenticated=False)
    for who in (cast.staff_a, b):
        attempt, _ = services.start(who, open_round)
        services.submit(who, attempt, answer_key(attempt))
    url = reverse("contests:round", args=[open_round.pk])
    officer = client_for(cast.officer_a).get(url).content.decode()
    assert "Phạm Minh Đức" in officer and "Lê Văn Bình" not in officer
    # both units appear in the unit ranking
    assert "Sở Tư pháp thành phố Hà Nội" in officer and "Hồ Chí Minh" in officer


def test_the_round_page_lists_many_participants_in_few_queries(
        cast, client_for, open_round, django_assert_max_num_queries):
    from types import SimpleNamespace

    from tests.factories import make_person

    def add(n):
        for i in range(n):
            p = make_person("STP-01-VP", f"Người Dự Thi {Entry.objects.count()} {i}")
            who = SimpleNamespace(person=p, person_id=p.pk, is_authenticated=False)
            attempt, _ = services.start(who, open_round)
            services.submit(who, attempt, answer_key(attempt))

    client = client_for(cast.officer_a)
    url = reverse("contests:round", args=[open_round.pk])
    add(3)
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    add(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_only_the_department_manages_the_bank_and_contests(cast, client_for, dept_user,
                                                           open_round):
    for url in (reverse("contests:questions"), reverse("contests:question_create"),
                reverse("contests:question_import"), reverse("contests:create"),
                reverse("contests:edit", args=[open_round.contest_id]),
                reverse("contests:round_add", args=[open_round.contest_id])):
        assert client_for(cast.officer_a).get(url).status_code == 403, url
        assert client_for(dept_user).get(url).status_code == 200, url


def test_department_writes_a_question_with_two_right_answers(client_for, dept_user, library):
    from tdkt.contests.models import Question

    response = client_for(dept_user).post(reverse("contests:question_create"), {
        "document": library.pk, "anchor": "Dieu-93-khoan-2", "text": "Câu hỏi mới?",
        "choice_1": "Một", "correct_1": "on", "choice_2": "Hai", "correct_2": "on",
        "choice_3": "Ba", "active": "on"})
    assert response.status_code == 302
    q = Question.objects.get(text="Câu hỏi mới?")
    assert q.anchor == "dieu-93-khoan-2"
    assert [(c.text, c.correct) for c in q.choices.all()] == [
        ("Một", True), ("Hai", True), ("Ba", False)]
    listing = client_for(dept_user).get(reverse("contests:questions"),
                                        {"q": "cau hoi moi", "dieu": "93"}).content.decode()
    assert "Câu hỏi mới?" in listing


def test_question_without_a_right_answer_is_refused_in_vietnamese(client_for, dept_user,
                                                                  library):
    response = client_for(dept_user).post(reverse("contests:question_create"), {
        "document": library.pk, "anchor": "dieu-93", "text": "Câu?", "choice_1": "A",
        "choice_2": "B"})
    assert response.status_code == 200
    assert "Đánh dấu ít nhất một phương án đúng." in response.content.decode()


def test_import_page_refuses_a_bad_file_and_saves_nothing(client_for, dept_user, library):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tdkt.contests.models import Question

    bad = SimpleUploadedFile("bank.json", b'{"questions": [{"document": "luat_06_2022"}]}')
    response = client_for(dept_user).post(reverse("contests:question_import"), {"file": bad})
    body = response.content.decode()
    assert "Câu 1: thiếu nội dung câu hỏi." in body and not Question.objects.exists()
    exe = SimpleUploadedFile("bank.json", b"MZ\x90\x00")
    body = client_for(dept_user).post(reverse("contests:question_import"),
                                      {"file": exe}).content.decode()
    assert "JSON" in body and not Question.objects.exists()


def test_import_page_loads_the_shipped_bank(client_for, dept_user, library):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tdkt.contests.bank import DEFAULT_FILE
    from tdkt.contests.models import Question

    upload = SimpleUploadedFile("bank.json", DEFAULT_FILE.read_bytes())
    response = client_for(dept_user).post(reverse("contests:question_import"),
                                          {"file": upload})
    assert response.status_code == 302
    assert Question.objects.count() == len(__import__("json").loads(
        DEFAULT_FILE.read_text())["questions"])


def test_public_page_shows_units_only_and_escapes(client, cast, open_round):
    contest = open_round.contest
    contest.title = "<script>alert(1)</script> Cuộc thi"
    contest.save()
    attempt, _ = services.start(cast.staff_a, open_round)
    services.submit(cast.staff_a, attempt, answer_key(attempt))
    html = client.get(reverse("contests_public:contest", args=[contest.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "Sở Tư pháp thành phố Hà Nội" in html  # the unit ranking
    assert "Phạm Minh Đức" not in html  # no person's name
    listing = client.get(reverse("contests_public:index")).content.decode()
    assert reverse("contests_public:contest", args=[contest.pk]) in listing
    assert reverse("contests_public:index") in client.get(
        reverse("core:public_home")).content.decode()
    contest.published = False
    contest.save()
    assert client.get(reverse("contests_public:contest",
                              args=[contest.pk])).status_code == 404


def test_unit_ranking_by_participation_rate(cast, open_round):
    from tdkt.contests import selectors
    from tdkt.people.models import Person

    attempt, _ = services.start(cast.staff_a, open_round)
    services.submit(cast.staff_a, attempt, answer_key(attempt))
    rows = {r.unit.code: r for r in selectors.unit_table(open_round.contest, open_round)}
    hn = rows["STP-01"]
    headcount = Person.objects.filter(unit__path__startswith=cast.unit_a.path).count()
    assert (hn.headcount, hn.participants, hn.score_sum) == (headcount, 1, 4)
    assert hn.rate == pytest.approx(1 / headcount) and hn.place == 1
    assert rows["STP-79"].participants == 0 and rows["STP-79"].place > 1


def test_todo_until_the_round_is_taken(cast, open_round, django_assert_max_num_queries):
    from tdkt.accounts.scoping import Scope
    from tdkt.contests import todo

    today = timezone.localdate()
    with django_assert_max_num_queries(2):
        items = todo.items(cast.staff_a, Scope(cast.staff_a), today)
    assert len(items) == 1 and items[0].title.startswith(
        "Cuộc thi đang mở: Tìm hiểu Luật Thi đua, khen thưởng, vòng 1, hạn ")
    assert items[0].link == reverse("contests:round", args=[open_round.pk])
    attempt, _ = services.start(cast.staff_a, open_round)
    services.submit(cast.staff_a, attempt, {})
    assert todo.items(cast.staff_a, Scope(cast.staff_a), today) == []
    assert todo.items(cast.officer_a, Scope(cast.officer_a), today) == []  # no staff record


def test_department_creates_a_contest_and_adds_rounds(client_for, dept_user, cast):
    from tdkt.contests.models import Contest

    client = client_for(dept_user)
    response = client.post(reverse("contests:create"), {
        "title": "Cuộc thi của Sở Tư pháp Hà Nội", "rules": "Thể lệ", "units": [cast.unit_a.pk],
        "questions_per_attempt": 10, "time_limit_minutes": 15, "max_attempts": 2,
        "tiebreak_question": "Dự đoán số người tham gia?", "published": "on"})
    contest = Contest.objects.get()
    assert response["Location"] == reverse("contests:detail", args=[contest.pk])
    assert list(contest.units.all()) == [cast.unit_a]
    url = reverse("contests:round_add", args=[contest.pk])
    ok = client.post(url, {"opens_on": "2026-12-07", "opens_time": "08:00",
                           "closes_on": "13/12/2026", "closes_time": "17:00"})
    assert ok.status_code == 302
    rnd = contest.rounds.get()
    local = timezone.localtime(rnd.opens_at)
    assert (local.date(), local.hour) == (datetime.date(2026, 12, 7), 8)
    clash = client.post(url, {"opens_on": "2026-12-10", "opens_time": "08:00",
                              "closes_on": "2026-12-20", "closes_time": "17:00"})
    assert "trùng thời gian" in clash.content.decode()
    backwards = client.post(url, {"opens_on": "2026-12-30", "opens_time": "08:00",
                                  "closes_on": "2026-12-21", "closes_time": "17:00"})
    assert "phải sau thời điểm mở" in backwards.content.decode()
    # the contest is for Hà Nội only: Hồ Chí Minh's officer does not see it
    assert client_for(cast.officer_b).get(
        reverse("contests:detail", args=[contest.pk])).status_code == 404
    assert client_for(cast.officer_a).get(
        reverse("contests:detail", args=[contest.pk])).status_code == 200


def test_department_records_prizes_through_the_page(client_for, dept_user, cast, open_round,
                                                    clock):
    attempt, _ = services.start(cast.staff_a, open_round)
    services.submit(cast.staff_a, attempt, answer_key(attempt))
    clock.shift(datetime.timedelta(days=7))
    client = client_for(dept_user)
    response = client.post(reverse("contests:prizes", args=[open_round.contest_id]), {
        "vong": open_round.pk, "number": "15/QĐ-BTC", "signed_on": "2026-12-20",
        "signer_title": "TRƯỞNG BAN TỔ CHỨC", "signer_name": "Nguyễn Văn Hòa", "first": 1,
        "second": 0, "third": 0, "consolation": 0, "collectives": 1, "collective_by": "rate"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Quyết định số 15/QĐ-BTC" in page and "Phạm Minh Đức" in page
    assert "Sở Tư pháp thành phố Hà Nội" in page


@pytest.mark.parametrize("which", ["public", "detail", "index", "questions"])
def test_pages_answer_in_a_fixed_number_of_queries(which, client, client_for, cast, dept_user,
                                                   open_round, django_assert_max_num_queries):
    from types import SimpleNamespace

    from tests.factories import make_person

    contest = open_round.contest

    def add(n):
        for i in range(n):
            p = make_person("STP-79-VP" if i % 2 else "STP-01-VP", f"Người Thi {which} {i}")
            who = SimpleNamespace(person=p, person_id=p.pk, is_authenticated=False)
            attempt, _ = services.start(who, open_round)
            services.submit(who, attempt, answer_key(attempt))

    if which == "public":
        get = client.get
        url = reverse("contests_public:contest", args=[contest.pk])
    else:
        get = client_for(dept_user).get
        url = {"detail": reverse("contests:detail", args=[contest.pk]),
               "index": reverse("contests:index"),
               "questions": reverse("contests:questions")}[which]
    add(2)
    with django_assert_max_num_queries(40) as few:
        assert get(url).status_code == 200
    add(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert get(url).status_code == 200
