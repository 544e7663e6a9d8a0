from django import template
from django.utils.formats import number_format

from insatser.behorighet import far_se_rapporter

register = template.Library()


@register.filter
def ar_kansli(user) -> bool:
    return far_se_rapporter(user)


@register.filter
def rapportvarde(varde, maskerad: bool = False) -> str:
    """A table value as shown: shares with one decimal (Swedish comma), masked as ".."."""
    if varde is None:
        return ".." if maskerad else "–"
    if isinstance(varde, float):
        return number_format(varde, 1, use_l10n=True)
    return str(varde)
