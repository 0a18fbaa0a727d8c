"""Reading questions: what a user's scope shows in the app, the public FAQ, and the published
questions citing each article of a document."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch, Q

from tdkt.accounts.models import Role
from tdkt.accounts.scoping import Scope, is_dept
from tdkt.core.text import fold

from ..models import Kind, Question, QuestionCitation

# Roles that read the questions of their subtree (names of anonymous askers hidden). Staff
# read only their own questions.
UNIT_READERS = (Role.ADMIN, Role.EMULATION_DEPT, Role.COUNCIL_MEMBER, Role.UNIT_OFFICER,
                Role.UNIT_HEAD)


def _citations():
    return Prefetch("citations", queryset=QuestionCitation.objects.select_related(
        "provision__document", "provision__parent", "article"))


def visible(scope: Scope):
    """The questions the user may open in the app."""
    qs = Question.objects.select_related("unit", "asker__person")
    if is_dept(scope) or scope.is_admin:
        return qs
    return qs.filter(scope.unit_q("unit", UNIT_READERS) | Q(asker_id=scope.user.pk))


def published():
    return (Question.objects.filter(published_at__isnull=False)
            .prefetch_related(_citations()).order_by("-published_at", "-pk"))


def search(qs, query: str = "", document: str = "", article: str = ""):
    """Filter by words (without diacritics) and by the article cited (`dieu-93`, optionally
    of one document)."""
    for word in fold(query).split():
        qs = qs.filter(search_text__contains=word)
    if article or document:
        cites = QuestionCitation.objects.all()
        if article:
            cites = cites.filter(article__anchor=article)
        if document:
            cites = cites.filter(article__document__code=document)
        qs = qs.filter(pk__in=cites.values("question_id"))
    return qs


def with_citations(qs):
    return qs.prefetch_related(_citations())


def published_by_article(document) -> dict[int, list[Question]]:
    """{article provision id: [published questions citing it]} for one document — one query."""
    rows = (QuestionCitation.objects
            .filter(article__document=document, question__published_at__isnull=False)
            .select_related("question").order_by("question__published_at", "question_id"))
    out: dict[int, list[Question]] = defaultdict(list)
    for c in rows:
        if all(q.pk != c.question_id for q in out[c.article_id]):
            out[c.article_id].append(c.question)
    return dict(out)


def cited_articles():
    """(document code, article anchor, label) of the articles the published answers cite,
    for the FAQ's filter — one query."""
    rows = (QuestionCitation.objects.filter(question__published_at__isnull=False)
            .values_list("article__document__code", "article__document__kind",
                         "article__document__number", "article__anchor", "article__number",
                         "article__position")
            .distinct().order_by("article__document__code", "article__position"))
    kinds = dict(Kind.choices)
    return [(code, anchor, f"Điều {number} {kinds.get(kind, '')} {doc_number}")
            for code, kind, doc_number, anchor, number, _pos in rows]
