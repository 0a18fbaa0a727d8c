from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """{{ mapping|get_item:key }} — dictionary lookup with a variable key."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current URL's query string with the page number replaced (keeps filters)."""
    query = context["request"].GET.copy()
    query["trang"] = number
    return "?" + query.urlencode()
