"""The follow-up result choices for the inline mark-done form, which is included once per row:
the code lists are read once per request, not once per row."""

from django import template

from ..forms import resultatval

register = template.Library()


@register.simple_tag(takes_context=True)
def uppfoljningsresultat(context) -> list:
    request = context.get("request")
    if request is None:
        return resultatval()
    if not hasattr(request, "_uppfoljningsresultat"):
        request._uppfoljningsresultat = resultatval()
    return request._uppfoljningsresultat
