"""Response headers the project adds itself (the Content-Security-Policy comes from
django-csp, configured in settings.CONTENT_SECURITY_POLICY)."""

from django.conf import settings


def permissions_policy_header(features: dict[str, list[str]]) -> str:
    """{"camera": [], "fullscreen": ["self"]} -> 'camera=(), fullscreen=(self)'."""
    return ", ".join(f"{name}=({' '.join(allow)})" for name, allow in features.items())


class PermissionsPolicy:
    """Sends settings.PERMISSIONS_POLICY as the Permissions-Policy header on every response:
    the browser refuses the listed features (camera, microphone, location, payment…) to
    this site and to anything it embeds."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
