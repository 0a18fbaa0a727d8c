from django import template

from ..charts import fmt_number

register = template.Library()


@register.filter
def group_count(counts, group):
    return counts.count(group)


@register.filter
def group_share(counts, group):
    return counts.share(group)


@register.filter
def vn_number(value):
    return fmt_number(value)
