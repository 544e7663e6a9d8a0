"""Kansli pages: every table of a period as HTML with its figure, and the tables as files.

One page view computes the period's tables once (one publication, one masking pattern) and
draws the figures from them into the page (SVG as data: URIs, allowed by the content security
policy); the Excel file, the CSV files and the report book are computed by the same function
with the same choices. Reports across all insatser are for the kansli only (docs/regler.md §5).
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseNotFound
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from deltagare.audit import logga_export
from insatser.behorighet import far_se_rapporter

from . import ALLA_TABELLER, berakna, berakna_alla
from .export import som_csv_zip, som_xlsx
from .figurer import FORMAT as DIAGRAMFORMAT
from .figurer import data_uri, figur_for, rita
from .forms import RapportForm
from .rapportbok import rapportbok
from .visning import utan_deltagare, visa

FILFORMAT = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def kansli_kravs(vy):
    @login_required
    @wraps(vy)
    def skyddad(request, *args, **kwargs):
        if not far_se_rapporter(request.user):
            raise PermissionDenied(_("Rapporterna är till för kansliet."))
        return vy(request, *args, **kwargs)

    return skyddad


def _formular(request) -> RapportForm:
    # A link without a period (a bookmark, a link naming only insatser) gets the page's
    # default: its own dates if it has any, otherwise the current half-year.
    data = request.GET.copy()
    if "period" not in data:
        data["period"] = "egen" if ("fran" in data or "till" in data) else "halvar"
    return RapportForm(data)


def _fel(form: RapportForm) -> HttpResponseBadRequest:
    # Each message names its field ("Period: …"): a file link has no form beside it to show where.
    meddelanden = [
        str(m) if falt == "__all__" else f"{form.fields[falt].label}: {m}"
        for falt, fel in form.errors.items()
        for m in fel
    ]
    return HttpResponseBadRequest(
        (_("Ogiltigt urval: %(fel)s") % {"fel": " ".join(meddelanden)}).encode(),
        content_type="text/plain; charset=utf-8",
    )


def _saknas(meddelande: str) -> HttpResponseNotFound:
    # The Swedish reason as plain text, like _fel: an image address has no page to show it in,
    # and Http404 would show Django's English technical page in DEBUG.
    return HttpResponseNotFound(meddelande.encode(), content_type="text/plain; charset=utf-8")


def _filter(form: RapportForm) -> dict:
    p = form.parametrar()
    alternativ = p["alternativ"]
    filter_ = {
        "fran": p["fran"].isoformat(),
        "till": p["till"].isoformat(),
        "insatser": [i.kortnamn for i in p["insatser"]] if p["insatser"] else None,
        "publicering": alternativ.publicering,
    }
    if alternativ.publicering:
        filter_ |= {"maskera_under": alternativ.grans, "minsta_bas_for_andel": alternativ.bas}
    return filter_


@kansli_kravs
def oversikt(request):
    form = _formular(request)
    tabeller = []
    if form.is_valid():
        alternativ = form.alternativ()
        for tabell in berakna_alla(**form.parametrar()):
            figur = figur_for(tabell)
            tabeller.append(
                {
                    "data": tabell,
                    "visning": visa(tabell, alternativ),
                    "figur": data_uri(figur) if figur is not None else None,
                    "figurnoter": figur.noter if figur is not None else [],
                    "utan_figur": utan_deltagare(tabell) if figur is None else None,
                }
            )
    return render(
        request,
        "rapporter/oversikt.html",
        {"form": form, "tabeller": tabeller, "urval": request.GET.urlencode(), "diagramformat": DIAGRAMFORMAT},
    )


@kansli_kravs
def diagram(request, namn: str, format: str):
    """One figure to download (PNG at print resolution, or SVG)."""
    if namn not in ALLA_TABELLER or format not in DIAGRAMFORMAT:
        return _saknas(_("Okänt diagram."))
    form = _formular(request)
    if not form.is_valid():
        return _fel(form)
    tabell = berakna(namn, **form.parametrar())
    figur = figur_for(tabell)
    if figur is None:
        return _saknas(utan_deltagare(tabell) or _("Tabellen har inget diagram."))
    svar = HttpResponse(rita(figur, format, dpi=300), content_type=DIAGRAMFORMAT[format])
    if request.GET.get("ladda_ner"):
        svar["Content-Disposition"] = content_disposition_header(True, f"{namn}-{tabell['fran']}-{tabell['till']}.{format}")
    return svar


@kansli_kravs
def ladda_ner(request, format: str):
    if format not in FILFORMAT:
        raise Http404(_("Okänt filformat."))
    form = _formular(request)
    if not form.is_valid():
        return _fel(form)
    parametrar = form.parametrar()
    filter_ = _filter(form)
    if format == "docx":
        innehall = rapportbok(**parametrar)
        vad = _("rapportbok (Word)")
        namn = "rapportbok"
    else:
        tabeller = berakna_alla(**parametrar)
        innehall = som_xlsx(tabeller, parametrar["alternativ"]) if format == "xlsx" else som_csv_zip(tabeller)
        vad = _("rapporter (%(format)s)") % {"format": "Excel" if format == "xlsx" else "CSV"}
        namn = "rapporter"
    logga_export(user=request.user, vad=vad, filter=filter_)
    svar = HttpResponse(innehall, content_type=FILFORMAT[format])
    svar["Content-Disposition"] = content_disposition_header(
        True, f"{namn}-{filter_['fran']}-{filter_['till']}{'-publicering' if filter_['publicering'] else ''}.{format}"
    )
    return svar
