from django.conf import settings
from django.contrib.auth.views import redirect_to_login

# Paths open without login: the login page itself, static files and public pages
# (honours board, public disclosure, certificate verification) under /cong-khai/.
PUBLIC_PREFIXES = ("/dang-nhap/", "/static/", "/cong-khai/", "/healthz")


class LoginRequiredByDefault:
    """Everything needs a login unless it is explicitly public."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)
