import datetime

from django import template
from django.utils import timezone

from ..links import document_url, library_for, link_sources

register = template.Library()


def _date(on):
    if isinstance(on, str):  # an ISO date kept in JSON (eligibility snapshots)
        try:
            return datetime.date.fromisoformat(on[:10])
        except ValueError:
            return None
    if isinstance(on, datetime.datetime):
        return timezone.localtime(on).date() if timezone.is_aware(on) else on.date()
    return on or None


@register.simple_tag(takes_context=True)
def cite_links(context, text, on=None):
    """{% cite_links c.source sweep.as_of %}: the text with each citation (catalogue cites,
    document numbers) linked to its article or document in the library, in the wording in
    force on `on`; one not in the library says so. The library is read once per request."""
    from tdkt.eligibility.wording import plain  # a source's open status in plain words

    lib = library_for(context.get("request") or context.render_context)
    return link_sources(plain(str(text or "")), lib, _date(on))


@register.simple_tag
def legal_url(code, anchor="", on=None, public=False):
    """{% legal_url c.provision.document.code c.provision.anchor q.answered_at public %}"""
    return document_url(code, _date(on), anchor, bool(public))
