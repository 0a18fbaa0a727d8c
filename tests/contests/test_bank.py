"""The question bank file: the schema agreed with the bank's author, validated whole before
anything is saved; importing twice adds nothing."""

import json

import pytest
from django.core.exceptions import PermissionDenied

from tdkt.contests import bank, services
from tdkt.contests.models import Question

GOOD = {"_about": "x", "questions": [
    {"document": "luat_06_2022", "anchor": "dieu-93-khoan-2", "text": "Câu hỏi một?",
     "choices": [{"text": "Đúng", "correct": True}, {"text": "Sai", "correct": False}],
     "explanation": "Vì khoản 2."},
    {"document": "luat_06_2022", "anchor": "dieu-93", "text": "Câu hỏi hai?",
     "choices": [{"text": "A", "correct": True}, {"text": "B", "correct": True},
                 {"text": "C", "correct": False}]},
]}


def test_the_shipped_bank_file_follows_the_schema():
    specs = bank.read_default()
    assert specs and all(s.document and s.anchor.startswith("dieu-") for s in specs)
    assert all(any(ok for _, ok in s.choices) for s in specs)


def test_reads_the_agreed_schema_with_several_right_answers():
    specs = bank.read_bank(json.dumps(GOOD).encode("utf-8-sig"), {"luat_06_2022"})
    assert [s.anchor for s in specs] == ["dieu-93-khoan-2", "dieu-93"]
    assert specs[1].choices == [("A", True), ("B", True), ("C", False)]


@pytest.mark.parametrize("change, message", [
    (lambda q: q.update(choices=[{"text": "A", "correct": False},
                                 {"text": "B", "correct": False}]),
     "Câu 1: chưa đánh dấu phương án đúng."),
    (lambda q: q.update(anchor="điều 93"), "Câu 1: điều, khoản (anchor) phải có dạng"),
    (lambda q: q.update(document="luat_khong_co"), "chưa có trong thư viện pháp luật"),
    (lambda q: q.update(choices=[{"text": "A", "correct": True}]), "từ 2 đến 8 phương án"),
    (lambda q: q.update(text="  "), "Câu 1: thiếu nội dung câu hỏi."),
])
def test_every_problem_is_named_in_vietnamese(change, message):
    data = json.loads(json.dumps(GOOD))
    change(data["questions"][0])
    with pytest.raises(bank.BankError) as exc:
        bank.read_bank(json.dumps(data), {"luat_06_2022"})
    assert any(message in p for p in exc.value.problems)


def test_not_json_is_a_clear_error():
    with pytest.raises(bank.BankError, match="không phải JSON hợp lệ"):
        bank.read_bank(b"{not json")
    with pytest.raises(bank.BankError, match="UTF-8"):
        bank.read_bank("{}".encode("utf-16"))


@pytest.mark.django_db
def test_import_saves_once_and_is_audited(dept_user, library):
    from tdkt.audit.models import Action

    specs = bank.read_bank(json.dumps(GOOD))
    assert services.import_questions(dept_user, specs) == services.ImportResult(2, 0)
    assert services.import_questions(dept_user, specs) == services.ImportResult(0, 2)
    q = Question.objects.get(anchor="dieu-93-khoan-2")
    assert q.article == 93 and q.article_label == "Điều 93, khoản 2"
    assert [c.correct for c in q.choices.all()] == [True, False]
    assert Action.objects.filter(verb="contest_question.import_file").count() == 1


@pytest.mark.django_db
def test_only_the_department_imports(cast, library):
    with pytest.raises(PermissionDenied):
        services.import_questions(cast.officer_a, bank.read_bank(json.dumps(GOOD)))
    assert not Question.objects.exists()
