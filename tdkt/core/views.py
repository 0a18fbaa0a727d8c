from django.http import HttpResponse, JsonResponse
from django.shortcuts import render

from tdkt.accounts.scoping import scope_of
from tdkt.core.pagination import paginate
from tdkt.organisation import selectors as org_selectors
from tdkt.people.models import Person


def search(request):
    scope = scope_of(request)
    q = request.GET.get("q", "").strip()
    people = units = None
    if q:
        people = paginate(
            request,
            scope.filter(Person.objects.search(q))
            .select_related("unit")
            .order_by("sort_key", "id"),
            25,
        )
        units = org_selectors.search_units(scope, q)[:20]
    template = "core/search.html#results" if request.htmx else "core/search.html"
    return render(request, template, {"q": q, "people": people, "units": units})


def ping(request):
    """Liveness: the process answers, nothing else is touched (also the load benchmark's bare
    view, the server's own ceiling)."""
    return HttpResponse("ok", content_type="text/plain")


def healthz(request):
    """Public probe for the proxy and the operator: the database, the task worker's last
    heartbeat, jobs waiting (tdkt.worker.health). 200 while the database answers, else 503."""
    from tdkt.worker.health import health

    report, status = health()
    response = JsonResponse(report, status=status)
    response["Cache-Control"] = "no-store"
    return response


# The public home (/cong-khai/): what anyone may read without an account. Sections whose
# module has not landed yet (no URL name) are simply left out.
PUBLIC_SECTIONS = [
    ("nominations_public:index", "Công khai danh sách đề nghị khen thưởng",
     "Danh sách cá nhân, tập thể được đề nghị khen thưởng đang lấy ý kiến nhân dân."),
    ("documents_public:lookup", "Xác minh bằng khen, giấy khen",
     "Nhập mã xác minh in trên bằng khen, giấy khen hoặc kiểm tra tệp PDF có chữ ký số."),
    ("legal_public:index", "Văn bản pháp luật về thi đua, khen thưởng",
     "Luật, nghị định, thông tư và quy chế đang áp dụng, tra cứu theo điều khoản."),
    ("contests_public:index", "Cuộc thi tìm hiểu pháp luật",
     "Các cuộc thi trực tuyến tìm hiểu pháp luật về thi đua, khen thưởng: lịch các vòng thi "
     "và bảng xếp hạng đơn vị."),
    ("exemplars_public:index", "Điển hình tiên tiến",
     "Gương người tốt, việc tốt trong ngành Tư pháp; gửi thông tin về một điển hình."),
]


def public_home(request):
    import datetime

    from django.db.models import Count
    from django.urls import NoReverseMatch, reverse

    from tdkt.nominations.models import DisclosurePeriod

    sections = []
    for name, title, blurb in PUBLIC_SECTIONS:
        try:
            sections.append({"url": reverse(name), "title": title, "blurb": blurb})
        except NoReverseMatch:
            continue
    today = datetime.date.today()
    open_periods = (DisclosurePeriod.objects.filter(starts_on__lte=today, ends_on__gte=today)
                    .annotate(n=Count("nominations")).order_by("ends_on", "pk"))
    return render(request, "core/public_home.html", {
        "sections": sections, "open_periods": open_periods, "featured": _featured_stories(),
    })


FEATURED_ON_HOME = 3


def _featured_stories() -> list:
    """Up to three exemplar stories the department features (nêu gương), newest first."""
    try:
        from tdkt.exemplars.models import Exemplar, Status
    except ImportError:  # pragma: no cover - exemplars app not installed
        return []
    return list(Exemplar.objects.filter(featured=True, status=Status.ACCEPTED,
                                        published_at__isnull=False)
                .select_related("unit").order_by("-published_at", "-pk")[:FEATURED_ON_HOME])
