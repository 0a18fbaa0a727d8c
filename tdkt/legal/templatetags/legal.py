from django import template

from ..links import link_sources
from ..selectors import article_keys

register = template.Library()


@register.simple_tag(takes_context=True)
def cite_links(context, text, on=None):
    """{% cite_links c.source %}: the source with each citation linked to its article. The
    set of articles present is read once per template render."""
    holder = context.get("request") or context.render_context
    present = getattr(holder, "_legal_present", None)
    if present is None:
        present = article_keys()
        try:
            holder._legal_present = present  # read the library once per request
        except AttributeError:
            pass  # a holder without attributes (a plain dict context): no cache, same result
    from tdkt.eligibility.wording import plain  # a source's open status in plain words

    return link_sources(plain(str(text or "")), present, on)
