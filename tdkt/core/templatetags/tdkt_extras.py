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


@register.filter
def plain_words(text):
    """A catalogue note or warning with its open legal status in plain words (issue 16)."""
    from tdkt.eligibility.wording import plain

    return plain(text)


@register.filter
def config_label(key):
    """A catalogue parameter's Vietnamese name (never its code)."""
    from tdkt.eligibility.wording import config_label as label

    return label(key)


@register.filter
def config_value(value):
    """A catalogue value in words ("Có", "nam 5, nữ 3", "Chưa có quy định")."""
    from tdkt.eligibility.wording import config_value as words

    return words(value)
