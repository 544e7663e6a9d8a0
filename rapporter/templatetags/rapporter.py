from django import template

from insatser.behorighet import far_se_rapporter

from ..visning import EJ_TILLAMPLIGT, MASKERAT, antal, decimal

register = template.Library()


@register.filter
def ar_kansli(user) -> bool:
    return far_se_rapporter(user)


@register.filter
def rapportvarde(varde, maskerad: bool = False) -> str:
    """A table value outside the report page (the goals page), in the published Swedish form:
    shares with one decimal and a decimal comma, thousands with a narrow space, masked ".."."""
    if varde is None:
        return MASKERAT if maskerad else EJ_TILLAMPLIGT
    if isinstance(varde, float):
        return decimal(varde)
    return antal(varde)
