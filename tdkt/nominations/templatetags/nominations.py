from django import template

from tdkt.accounts.scoping import is_dept

register = template.Library()


@register.simple_tag(takes_context=True)
def dept_user(context) -> bool:
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return False
    return is_dept(request)


@register.filter
def abs_value(value):
    try:
        return abs(int(value))
    except (TypeError, ValueError):
        return value
