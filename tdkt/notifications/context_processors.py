from django.utils.functional import SimpleLazyObject


def unread_badge(request):
    """`notifications_unread` for the header badge: one COUNT query, run only when a template
    reads it (base.html does, for signed-in users)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from .selectors import unread_count

    return {"notifications_unread": SimpleLazyObject(lambda: unread_count(user))}
