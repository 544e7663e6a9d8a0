"""The follow-up result choices for the inline mark-done form, which is included once per row:
the code lists are read once per request, not once per row."""

from django import template

from .. import inmatning
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


@register.simple_tag(takes_context=True)
def uppfoljningsinmatning(context, formular) -> dict | None:
    """What was typed into this form when it was last refused (deltagare/inmatning.py): its
    input ("data") and errors per field ("fel"); None when it was not. `formular` is a
    follow-up's pk for its own form, or "flera" for the form that registers several."""
    namn = formular if formular == "flera" else f"u-{formular}"
    return inmatning.for_formular(context.get("uppfoljning_inmatning"), namn)
