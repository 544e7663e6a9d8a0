from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

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


@register.simple_tag
def rapporttabell(visning) -> str:
    """One report table as HTML. Written in Python, not as a template: the report page shows
    two dozen tables with about a thousand cells, and the template engine's cost per cell was
    half the page's time (bench/sidor.py). Every text from the table is escaped here."""
    rader = [
        '<table class="tabell tabell--kompakt"><thead><tr><th scope="col"><span class="visually-hidden">',
        escape(_("Rad")),
        "</span></th>",
        *(f'<th scope="col" class="num">{escape(str(k))}</th>' for k in visning.kolumner),
        "</tr></thead><tbody>",
    ]
    for rad in visning.rader:
        klass = f"{rad.slag} saknas" if rad.saknas else rad.slag
        if rad.slag == "grupp":
            rader.append(
                f'<tr class="{escape(klass)}"><th scope="rowgroup" colspan="{len(visning.kolumner) + 1}">'
                f"{escape(str(rad.etikett))}</th></tr>"
            )
            continue
        rader.append(f'<tr class="{escape(klass)}"><th scope="row">{escape(str(rad.etikett))}</th>')
        for cell in rad.celler:
            typ = "text" if cell.typ == "text" else "num"
            rader.append(
                f'<td class="{typ}{" maskerad" if cell.maskerad else ""}">{escape(str(cell.text))}</td>'
            )
        rader.append("</tr>")
    rader.append("</tbody></table>")
    return mark_safe("".join(rader))  # noqa: S308 (every value above is escaped)
