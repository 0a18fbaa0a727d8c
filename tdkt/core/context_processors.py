from django.urls import NoReverseMatch, reverse

# The product's areas. An area appears as a link once its app provides the URL name;
# until then it is listed as coming, so users see where the product is going.
# Areas only some roles may use are listed only for them (see WRITE_ONLY_AREAS).
AREAS = [
    ("Tổ chức", "organisation:tree"),
    ("Tra cứu cán bộ", "core:search"),
    ("Nhập, xuất hồ sơ Excel", "history:import_upload"),
    ("Văn bản pháp luật", "legal:index"),
    ("Hỏi đáp pháp luật", "legal:qa_index"),
    ("Cuộc thi tìm hiểu pháp luật", "contests:index"),
    ("Phong trào thi đua", "movements:index"),
    ("Cụm, khối thi đua", "movements:clusters"),
    ("Xét điều kiện", "eligibility:due_list"),
    ("Khen thưởng", "nominations:index"),
    ("Văn bản, bằng khen", "documents:index"),
    ("Kiểm tra công tác TĐKT", "inspections:index"),
    ("Điển hình tiên tiến", "exemplars:index"),
    ("Báo cáo, thống kê", "reports:index"),
]

WRITE_ONLY_AREAS = {"history:import_upload"}


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    from tdkt.accounts.models import WRITE_ROLES
    from tdkt.accounts.scoping import scope_of

    scope = scope_of(request)
    writer = bool(scope.paths(WRITE_ROLES))
    items = []
    for label, name in AREAS:
        if name in WRITE_ONLY_AREAS and not writer:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            url = None
        items.append(
            {"label": label, "url": url, "active": bool(url) and request.path.startswith(url)}
        )
    # Nested areas (/phap-luat/ and /phap-luat/hoi-dap/): only the closest one is active.
    longest = max((len(i["url"]) for i in items if i["active"]), default=0)
    for item in items:
        item["active"] = item["active"] and len(item["url"]) == longest
    return {"nav_areas": items, "scope": scope}
