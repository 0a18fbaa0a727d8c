"""Questions and answers about the law: asking (optionally anonymous to the unit), answering
with citations that open the library, publishing to the public FAQ; scope, privacy, audit."""

import re

import pytest
from django.urls import reverse

from tdkt.accounts.models import Role
from tdkt.accounts.scoping import Scope
from tdkt.audit.models import Action
from tdkt.legal import todo
from tdkt.legal.models import Provision, Question, QuestionStatus
from tdkt.legal.qa import services
from tdkt.notifications.models import Notification
from tests.factories import make_person, make_user, quiet_seed_context

from .test_library import load_law

pytestmark = pytest.mark.django_db

NAME = "Phạm Minh Đức"  # staff_a's name (tests/conftest.py)


@pytest.fixture
def dept(db):
    return make_user("dept_qa", Role.EMULATION_DEPT, "BTP")


@pytest.fixture
def law(db):
    return load_law()


def ask(client, **data):
    data = {"title": "Kê khai sai thành tích", "body": "Có bị thu hồi không?", **data}
    return client.post(reverse("legal:qa_ask"), data)


def answer_post(client, q, text="Theo khoản 2 Điều 93.", cites=(("luat_06_2022", "93", "2"),)):
    data = {"answer": text}
    for i, (doc, dieu, khoan) in enumerate(cites, start=1):
        data.update({f"doc_{i}": doc, f"dieu_{i}": dieu, f"khoan_{i}": khoan})
    return client.post(reverse("legal:qa_answer", args=[q.pk]), data)


def test_staff_asks_through_the_form_and_the_department_sees_it_queued(cast, client_for, dept):
    response = ask(client_for(cast.staff_a), anonymous="on")
    q = Question.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/hoi-dap/{q.pk}/")
    assert (q.asker, q.unit.code, q.anonymous, q.status) == (
        cast.staff_a, "STP-01-HCBT", True, "waiting")
    assert Action.objects.filter(verb="legal.question_ask", target_id=str(q.pk)).exists()
    [item] = todo.items(dept, Scope(dept), None)
    assert item.count == 1 and item.link.endswith("?trang_thai=waiting")
    assert todo.items(cast.officer_a, Scope(cast.officer_a), None) == []
    page = client_for(dept).get(reverse("core:home")).content.decode()
    assert "Câu hỏi pháp luật chờ trả lời" in page


def test_empty_question_is_refused_in_vietnamese(cast, client_for):
    response = ask(client_for(cast.staff_a), title="", body="  ")
    body = response.content.decode()
    assert response.status_code == 200 and "Nhập tóm tắt câu hỏi." in body
    assert "Nhập nội dung câu hỏi." in body and not Question.objects.exists()


def test_asking_is_rate_limited(cast, client_for):
    client = client_for(cast.staff_a)
    for _ in range(10):
        assert ask(client).status_code == 302
    response = ask(client)
    assert response.status_code == 429 and "quá nhiều câu hỏi" in response.content.decode()
    assert Question.objects.count() == 10


def test_department_answers_citing_articles_and_the_asker_is_told(cast, client_for, dept, law):
    q = services.ask(cast.staff_a, title="Thu hồi khen thưởng", body="Khi nào bị thu hồi?")
    response = answer_post(client_for(dept), q, cites=[("luat_06_2022", "93", "2"),
                                                        ("luat_06_2022", "93", "")])
    assert response.status_code == 302
    q.refresh_from_db()
    assert q.status == QuestionStatus.ANSWERED and q.answered_by == dept
    assert [c.provision.anchor for c in q.citations.all()] == ["dieu-93-khoan-2", "dieu-93"]
    assert {c.article.anchor for c in q.citations.all()} == {"dieu-93"}
    assert Action.objects.filter(verb="legal.question_answer", target_id=str(q.pk)).exists()
    [note] = Notification.objects.filter(user=cast.staff_a)
    assert note.link == reverse("legal:qa_detail", args=[q.pk])
    page = client_for(cast.staff_a).get(note.link).content.decode()
    assert "Theo khoản 2 Điều 93." in page
    assert re.search(r'href="/phap-luat/luat_06_2022/\?ngay=\d{4}-\d\d-\d\d#dieu-93-khoan-2"',
                     page)
    assert "Khoản 2 Điều 93 – Luật 06/2022/QH15" in page
    # Correcting the answer is audited apart and does not notify again.
    assert answer_post(client_for(dept), q, text="Sửa lại.").status_code == 302
    assert Action.objects.filter(verb="legal.question_answer_edit").count() == 1
    assert Notification.objects.filter(user=cast.staff_a).count() == 1


def test_citing_an_article_missing_from_the_library_saves_nothing(cast, client_for, dept, law):
    q = services.ask(cast.staff_a, title="Hỏi", body="Hỏi gì đó")
    response = answer_post(client_for(dept), q, cites=[("luat_06_2022", "23", "")])
    assert response.status_code == 400
    assert "Thư viện chưa có Điều 23 của văn bản đã chọn." in response.content.decode()
    q.refresh_from_db()
    assert q.status == "waiting" and not q.answer and not q.citations.exists()
    assert not Notification.objects.exists()


def test_only_the_department_answers_and_publishes(cast, client_for, dept, law):
    q = services.ask(cast.staff_a, title="Hỏi", body="Hỏi gì đó")
    for who in (cast.officer_a, cast.head_a, cast.staff_a):
        client = client_for(who)
        assert answer_post(client, q).status_code == 403
        assert client.post(reverse("legal:qa_publish", args=[q.pk]),
                           {"public_body": "x"}).status_code == 403
    q.refresh_from_db()
    assert q.status == "waiting" and q.published_at is None
    # Outside the scope the question does not even exist.
    assert answer_post(client_for(cast.officer_b), q).status_code == 404


def test_who_sees_which_questions(cast, client_for):
    mine = services.ask(cast.staff_a, title="Câu của tôi", body="…")
    colleague = make_user("staff_a2", Role.STAFF, "STP-01",
                          person=make_person("STP-01-VP", "Đỗ Thị Mai"))
    theirs = services.ask(colleague, title="Câu của đồng nghiệp", body="…")
    other = services.ask(cast.officer_b, title="Câu ở Hồ Chí Minh", body="…")

    def listed(user):
        body = client_for(user).get(reverse("legal:qa_index")).content.decode()
        return {t for t in ("Câu của tôi", "Câu của đồng nghiệp", "Câu ở Hồ Chí Minh")
                if t in body}

    assert listed(cast.staff_a) == {"Câu của tôi"}
    assert listed(cast.officer_a) == listed(cast.head_a) == {"Câu của tôi",
                                                             "Câu của đồng nghiệp"}
    assert listed(cast.admin) == {"Câu của tôi", "Câu của đồng nghiệp", "Câu ở Hồ Chí Minh"}
    staff = client_for(cast.staff_a)
    assert staff.get(reverse("legal:qa_detail", args=[mine.pk])).status_code == 200
    assert staff.get(reverse("legal:qa_detail", args=[theirs.pk])).status_code == 404
    officer = client_for(cast.officer_a)
    assert officer.get(reverse("legal:qa_detail", args=[other.pk])).status_code == 404


def test_anonymous_askers_name_is_in_no_page_the_unit_can_open(cast, client_for, dept, law):
    """Attacker: the unit's officer and head (and a colleague) walk every page that could show
    the question — lists, searches, the question itself, the FAQ, the article's page, home,
    notifications — before and after it is answered and published."""
    cast.staff_a.set_full_name(NAME)
    cast.staff_a.save()
    q = services.ask(cast.staff_a, title="Câu hỏi ẩn danh", body="Xin hỏi về Điều 93",
                     anonymous=True)
    colleague = make_user("dongnghiep", Role.STAFF, "STP-01-HCBT",
                          person=make_person("STP-01-HCBT", "Đỗ Thị Mai"))

    def pages():
        return [reverse("legal:qa_index"), reverse("legal:qa_index") + "?q=an+danh",
                reverse("legal:qa_index") + "?trang_thai=answered",
                reverse("legal:qa_detail", args=[q.pk]), reverse("legal_public:qa_index"),
                reverse("legal_public:qa_index") + "?q=dieu+93",
                reverse("legal_public:qa_detail", args=[q.pk]),
                reverse("legal:document", args=["luat_06_2022"]),
                reverse("legal_public:document", args=["luat_06_2022"]),
                reverse("core:home"), reverse("notifications:list")]

    def walk(stage):
        seen = 0
        for user in (cast.officer_a, cast.head_a, colleague):
            client = client_for(user)
            for url in pages():
                response = client.get(url)
                body = response.content.decode()
                assert NAME not in body and "staff_a" not in body, (stage, user, url)
                seen += response.status_code == 200 and "Câu hỏi ẩn danh" in body
        return seen

    assert walk("asked") >= 2  # the unit's officer and head do see the question itself
    services.answer(dept, q, text="Trả lời.", citations=[("luat_06_2022", "93", "2")])
    services.publish(dept, q, public_body="Xin hỏi về Điều 93")
    assert walk("published") >= 6
    # The department sees who asked, for follow-up.
    body = client_for(dept).get(reverse("legal:qa_detail", args=[q.pk])).content.decode()
    assert NAME in body and "ẩn tên với đơn vị" in body


def test_unpublished_questions_are_not_reachable_publicly(cast, client, dept, law):
    waiting = services.ask(cast.staff_a, title="Chờ trả lời XYZ", body="…")
    answered = services.answer(dept, services.ask(cast.staff_a, title="Đã trả lời XYZ",
                                                  body="…"),
                               text="Trả lời", citations=[("luat_06_2022", "93", "")])
    for q in (waiting, answered):
        assert client.get(reverse("legal_public:qa_detail", args=[q.pk])).status_code == 404
    assert "XYZ" not in client.get(reverse("legal_public:qa_index"), {"q": "xyz"}).content.decode()
    assert "XYZ" not in client.get(reverse("legal_public:qa_index"),
                                   {"dieu": "dieu-93"}).content.decode()
    assert client.get(reverse("legal:qa_detail", args=[answered.pk])).status_code == 302  # login
    with pytest.raises(Exception, match="Chỉ công khai câu hỏi đã được trả lời"):
        services.publish(dept, waiting, public_body="x")
    services.publish(dept, answered, public_body="Nội dung công khai")
    assert client.get(reverse("legal_public:qa_detail", args=[answered.pk])).status_code == 200
    services.unpublish(dept, answered)
    assert client.get(reverse("legal_public:qa_detail", args=[answered.pk])).status_code == 404
    assert [a.verb for a in Action.objects.filter(target_id=str(answered.pk)).order_by("pk")][-2:] \
        == ["legal.question_publish", "legal.question_unpublish"]


def test_public_faq_search_without_diacritics_filter_by_article_and_escaping(cast, client, dept,
                                                                            law):
    def published(title, body, cites):
        q = services.ask(cast.staff_a, title=title, body=body)
        services.answer(dept, q, text=f"Trả lời {title}", citations=cites)
        return services.publish(dept, q, public_body=body.replace("Anh Nguyễn Văn Tâm", "Một "
                                                                  "cán bộ"))

    a = published("Thu hồi tiền thưởng", "Anh Nguyễn Văn Tâm hỏi khi nào thu hồi tiền thưởng?",
                  [("luat_06_2022", "93", "2")])
    b = published("<script>alert(1)</script> Hỏi khác", "Nội dung khác",
                  [("luat_06_2022", "93", "1")])
    url = reverse("legal_public:qa_index")
    body = client.get(url, {"q": "thu hoi tien thuong"}).content.decode()
    assert "Thu hồi tiền thưởng" in body and "Hỏi khác" not in body
    assert "Nguyễn Văn Tâm" not in body and "Một cán bộ hỏi" in body  # the published wording
    assert 'href="/cong-khai/phap-luat/luat_06_2022/?ngay=' in body and "#dieu-93-khoan-2" in body
    body = client.get(url).content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body
    assert 'href="?dieu=dieu-93&amp;van_ban=luat_06_2022"' in body  # the article filter
    both = client.get(url, {"dieu": "dieu-93", "van_ban": "luat_06_2022"}).content.decode()
    assert "Thu hồi tiền thưởng" in both and "Hỏi khác" in both
    assert "Thu hồi" not in client.get(url, {"dieu": "dieu-59"}).content.decode()
    detail = client.get(reverse("legal_public:qa_detail", args=[a.pk])).content.decode()
    assert "Trả lời Thu hồi tiền thưởng" in detail and "Nguyễn Văn Tâm" not in detail
    assert b.pk


def test_the_article_page_lists_the_published_questions_citing_it(cast, client, dept, law):
    shown = services.answer(dept, services.ask(cast.staff_a, title="Đã công khai", body="…"),
                            text="…", citations=[("luat_06_2022", "93", "2")])
    services.publish(dept, shown, public_body="…")
    services.answer(dept, services.ask(cast.staff_a, title="Chưa công khai", body="…"),
                    text="…", citations=[("luat_06_2022", "93", "")])
    body = client.get(reverse("legal_public:document", args=["luat_06_2022"])).content.decode()
    assert "Hỏi đáp về Điều 93 (1)" in body
    assert f'href="/cong-khai/phap-luat/hoi-dap/{shown.pk}/"' in body
    assert "Chưa công khai" not in body


def test_lists_run_a_constant_number_of_queries(cast, client_for, dept, law,
                                                django_assert_max_num_queries):
    def make(n):
        for i in range(n):
            q = services.ask(cast.staff_a, title=f"Câu {i}", body="…", anonymous=i % 2 == 0)
            services.answer(dept, q, text="…", citations=[("luat_06_2022", "93", "2"),
                                                          ("luat_06_2022", "93", "1")])
            services.publish(dept, q, public_body="…")

    def run(limit):
        for user, name in ((dept, "legal:qa_index"), (cast.officer_a, "legal:qa_index"),
                           (cast.officer_a, "legal_public:qa_index")):
            client = client_for(user)
            with django_assert_max_num_queries(limit):
                assert client.get(reverse(name)).status_code == 200

    make(2)
    run(9)
    make(20)
    run(9)


def test_demo_answers_cite_only_articles_present_and_quote_them_verbatim(db):
    from tdkt.legal import demo
    from tests.factories import make_user as mk

    mk("thuongtruc", Role.EMULATION_DEPT, "BTP")
    mk("nhanvien.stp01", Role.STAFF, "STP-01")
    mk("canbo.stp01", Role.UNIT_OFFICER, "STP-01")
    mk("canbo.thads79", Role.UNIT_OFFICER, "THADS-79")
    demo.seed(quiet_seed_context())
    assert Question.objects.filter(status="waiting").count() == 1
    assert Question.objects.filter(status="answered").count() == 4
    assert Question.objects.filter(published_at__isnull=False).count() == 3
    texts = " ".join(Provision.objects.values_list("text", flat=True))
    for q in Question.objects.filter(status="answered"):
        assert q.citations.exists()
        for quote in re.findall(r"“([^”]+)”", q.answer):
            assert quote.rstrip(".") in texts, quote
    demo.seed(quiet_seed_context())  # idempotent
    assert Question.objects.count() == 5
