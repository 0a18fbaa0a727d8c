"""The contest question bank (tdkt/contests/data/question_bank.json) against the stored law:
every question points at an article or clause present in the demo library, has right and wrong
choices, and its explanation quotes, word for word, the text stored for that provision."""

import json
from pathlib import Path

import pytest

from tdkt.legal import demo
from tdkt.legal.models import LegalDocument, Provision
from tests.factories import quiet_seed_context

BANK = Path(__file__).resolve().parents[2] / "tdkt" / "contests" / "data" / "question_bank.json"
QUESTIONS = json.loads(BANK.read_text(encoding="utf-8"))["questions"]




def _norm(text: str) -> str:
    return " ".join(text.split())


def _full_text(node: Provision) -> str:
    """The provision's wording with everything under it, in order (clause and point numbers
    left out, as a quotation runs on from a lead-in into its points)."""
    parts = [node.text]
    for child in node.children.order_by("position"):
        parts.append(_full_text(child))
    return _norm(" ".join(p for p in parts if p))


def _quote(explanation: str) -> str:
    """The verbatim part: after the first ': “' up to the closing ” that ends the explanation."""
    assert explanation.endswith("”"), explanation
    return _norm(explanation[explanation.index(": “") + 3:-1])


@pytest.fixture
def library(db):
    demo.seed(quiet_seed_context())
    return {d.code: d for d in LegalDocument.objects.all()}


def test_the_bank_has_forty_questions_mixing_single_and_multiple_answers():
    assert len(QUESTIONS) == 40
    multi = [q for q in QUESTIONS if sum(c["correct"] for c in q["choices"]) > 1]
    assert 5 <= len(multi) < len(QUESTIONS)


@pytest.mark.parametrize("number,question", list(enumerate(QUESTIONS, start=1)))
def test_each_question_is_tied_to_stored_text_it_quotes(library, number, question):
    doc = library[question["document"]]
    node = doc.provisions.filter(anchor=question["anchor"]).first()
    assert node is not None, f"câu {number}: {question['anchor']} không có trong thư viện"
    flags = [c["correct"] for c in question["choices"]]
    assert any(flags) and not all(flags), f"câu {number}"
    assert len({c["text"] for c in question["choices"]}) == len(flags)
    # The quoted wording is in the provision the question points at (or the article holding it).
    article = node
    while article.level != "dieu":
        article = article.parent
    quote = _quote(question["explanation"])
    assert quote in _full_text(node) or quote in _full_text(article), f"câu {number}: {quote}"


def test_the_contest_loader_accepts_the_bank(library):
    from tdkt.contests.bank import read_bank

    specs = read_bank(BANK.read_bytes(), known_documents=set(library))
    assert len(specs) == 40
