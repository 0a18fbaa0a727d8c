from django.urls import NoReverseMatch, reverse

# The product's areas. An area appears as a link once its app provides the URL name;
# until then it is listed as coming, so users see where the product is going.
AREAS = [
    ("Tổ chức", "organisation:tree"),
    ("Tra cứu cán bộ", "core:search"),
    ("Văn bản pháp luật", "library:index"),
    ("Phong trào thi đua", "movements:index"),
    ("Cụm, khối thi đua", "movements:clusters"),
    ("Xét điều kiện", "eligibility:due_list"),
    ("Khen thưởng", "nominations:index"),
    ("Văn bản, bằng khen", "documents:index"),
    ("Điển hình tiên tiến", "exemplars:index"),
    ("Báo cáo, thống kê", "reports:index"),
]


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    items = []
    for label, name in AREAS:
        try:
            url = reverse(name)
        except NoReverseMatch:
            url = None
        items.append(
            {"label": label, "url": url, "active": bool(url) and request.path.startswith(url)}
        )
    from tdkt.accounts.scoping import scope_of

    scope = scope_of(request)
    return {"nav_areas": items, "scope": scope}
