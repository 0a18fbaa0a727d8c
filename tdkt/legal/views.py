import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from tdkt.accounts.models import Role
from tdkt.accounts.scoping import scope_of
from tdkt.core.forms import DATE_INPUT_FORMATS
from tdkt.core.pagination import paginate

from . import selectors, services
from .forms import AmendForm, ImportForm, docx_text
from .models import LegalDocument, Provision
from .parser import LABELS, ParseError, parse
from .qa import selectors as qa_selectors
from .reading import selectors as reading_selectors


def _public(request) -> bool:
    return request.resolver_match.namespace == "legal_public"


def _can_import(request) -> bool:
    if _public(request) or not request.user.is_authenticated:
        return False
    scope = scope_of(request)
    return scope.is_admin or scope.has_role(Role.EMULATION_DEPT)


def index(request):
    query = (request.GET.get("q") or "").strip()
    ctx = {"query": query, "public": _public(request), "can_import": _can_import(request),
           "can_ask": request.user.is_authenticated and not _public(request),
           "can_follow": not _public(request) and bool(scope_of(request).people_paths())}
    if query:
        ctx["results"] = paginate(request, selectors.search_articles(query))
    else:
        ctx["documents"] = paginate(request, selectors.documents())
    return render(request, "legal/index.html", ctx)


def _date(value: str | None):
    """?ngay= from the native date input (yyyy-mm-dd) or typed / linked as dd/mm/yyyy."""
    for fmt in DATE_INPUT_FORMATS:
        try:
            return datetime.datetime.strptime((value or "").strip(), fmt).date()
        except ValueError:
            continue
    return None


def document(request, code):
    doc = get_object_or_404(LegalDocument, code=code)
    raw = request.GET.get("ngay")
    on = _date(raw)
    when = on or timezone.localdate()
    provisions = selectors.provisions_on(doc, on, today=when)
    related = qa_selectors.published_by_article(doc)
    for p in provisions:
        p.questions = related.get(p.pk, ())
    return render(request, "legal/document.html", {
        "doc": doc, "provisions": provisions, "on": on, "when": when,
        "bad_date": bool(raw) and on is None, "public": _public(request),
        "not_yet": bool(on and doc.in_force_from and on < doc.in_force_from),
        "expired": bool(on and doc.in_force_to and on > doc.in_force_to),
        "toc": [p for p in provisions if p.level in ("chuong", "muc", "dieu")],
        "labels": LABELS,
        "readings": [] if _public(request) else reading_selectors.open_for_document(
            request.user, doc),
    })


def article_versions(request, code, article):
    """The wordings of one article over time, each change side by side (old / new)."""
    row = get_object_or_404(Provision.objects.select_related("document"), document__code=code,
                            level=Provision.Level.ARTICLE, number=article)
    versions = list(row.versions.select_related("amended_by").order_by("valid_from"))
    return render(request, "legal/article_versions.html", {
        "doc": row.document, "article": row, "versions": versions,
        "changes": selectors.article_history(row), "public": _public(request),
        "stored": services.article_wording(row), "can_amend": _can_import(request),
    })


def amend_article(request, code, article):
    """The department records an amending document's new wording of an article."""
    if not _can_import(request):
        raise PermissionDenied
    row = get_object_or_404(Provision.objects.select_related("document"), document__code=code,
                            level=Provision.Level.ARTICLE, number=article)
    if request.method == "POST":
        form = AmendForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.amend_article(request.user, row, data["text"], data["valid_from"],
                                       amended_by=data["amended_by"], note=data["note"])
            except ValidationError as exc:
                form.add_error(None, exc.messages[0])
            else:
                messages.success(request, f"Đã ghi nội dung sửa đổi của Điều {row.number}, "
                                          f"áp dụng từ {data['valid_from']:%d/%m/%Y}.")
                return redirect("legal:article_versions", code, article)
    else:
        latest = row.versions.order_by("-valid_from").first()
        form = AmendForm(initial={"text": latest.text if latest else
                                  services.article_wording(row)})
    return render(request, "legal/article_amend.html", {"doc": row.document, "article": row,
                                                        "form": form})


def import_document(request):
    if not _can_import(request):
        raise PermissionDenied
    preview = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                text = docx_text(data["file"]) if data.get("file") else data["text"]
                preview = parse(text)
            except (ValueError, ParseError) as exc:
                form.add_error(None, str(exc))
            else:
                meta = {k: data[k] for k in ("code", "number", "title", "kind", "issuer",
                                             "signed_on", "in_force_from", "status",
                                             "source_url")}
                error = None
                if request.POST.get("confirm") == "1":
                    try:
                        doc = services.save_document(request.user, meta, preview)
                    except ValidationError as exc:
                        error = exc.messages[0]
                    else:
                        messages.success(request, f"Đã lưu {doc} vào thư viện.")
                        return redirect("legal:document", doc.code)
                # The preview keeps the text in the form so confirming re-parses the same text.
                form = ImportForm(initial={**data, "text": text, "file": None,
                                           "signed_on": _fmt(data["signed_on"]),
                                           "in_force_from": _fmt(data["in_force_from"])})
                if error:
                    form.errors_before = error
    else:
        form = ImportForm()
    nodes = [n for top in preview.nodes for n in top.walk()] if preview else []
    return render(request, "legal/import.html", {
        "form": form, "error": getattr(form, "errors_before", ""), "preview": preview,
        "nodes": nodes, "labels": LABELS})


def _fmt(value):
    return f"{value:%d/%m/%Y}" if value else ""


