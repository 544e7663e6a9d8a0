"""Kansli pages: every table of a period as HTML with charts, and the tables as files.

Reports across all insatser are for the kansli only (docs/regler.md §5): anonymous users are sent to
the login page, everyone else without the kansli role is refused.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from deltagare.audit import logga_export
from insatser.behorighet import far_se_rapporter

from . import RAPPORTNAMN, berakna, berakna_alla
from .diagram import FORMAT as DIAGRAMFORMAT
from .diagram import har_diagram, rita
from .export import som_csv_zip, som_xlsx
from .forms import RapportForm
from .templatetags.rapporter import rapportvarde

FILFORMAT = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
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
    return RapportForm(request.GET if request.GET else {"period": "halvar"})


def _fel(form: RapportForm) -> HttpResponseBadRequest:
    meddelanden = [str(m) for fel in form.errors.values() for m in fel]
    return HttpResponseBadRequest(
        (_("Ogiltigt urval: %(fel)s") % {"fel": " ".join(meddelanden)}).encode(),
        content_type="text/plain; charset=utf-8",
    )


def _filter(form: RapportForm) -> dict:
    p = form.parametrar()
    return {
        "fran": p["fran"].isoformat(),
        "till": p["till"].isoformat(),
        "insatser": [i.kortnamn for i in p["insatser"]] if p["insatser"] else None,
        "publicering": p["publicering"],
    }


def _visning(tabell: dict) -> dict:
    """Values as shown on the page, next to the numbers."""

    def rad(r: dict) -> dict:
        celler = [
            rapportvarde(v, tabell["maskerad"] and typ != "mal")
            for v, typ in zip(r["varden"], tabell["kolumntyper"])
        ]
        return {**r, "celler": celler}

    return {
        **tabell,
        "visade_rader": [rad(r) for r in tabell["rader"]],
        "visad_summa": rad(tabell["summa"]),
        "visade_extrarader": [rad(r) for r in tabell["extrarader"]],
        "visade_delar": [
            {"insats": d["insats"], "rader": [rad(r) for r in d["rader"]], "summa": rad(d["summa"])}
            for d in tabell.get("per_insats", [])
        ],
        "har_diagram": har_diagram(tabell),
    }


@kansli_kravs
def oversikt(request):
    form = _formular(request)
    tabeller = []
    if form.is_valid():
        tabeller = [_visning(t) for t in berakna_alla(**form.parametrar())]
    return render(
        request,
        "rapporter/oversikt.html",
        {"form": form, "tabeller": tabeller, "urval": request.GET.urlencode(), "diagramformat": DIAGRAMFORMAT},
    )


@kansli_kravs
def diagram(request, namn: str, format: str):
    if namn not in RAPPORTNAMN or format not in DIAGRAMFORMAT:
        raise Http404(_("Okänt diagram."))
    form = _formular(request)
    if not form.is_valid():
        return _fel(form)
    tabell = berakna(namn, **form.parametrar())
    if not har_diagram(tabell):
        raise Http404(_("Tabellen har inget diagram."))
    svar = HttpResponse(rita(tabell, format=format), content_type=DIAGRAMFORMAT[format])
    if request.GET.get("ladda_ner"):
        svar["Content-Disposition"] = f'attachment; filename="{namn}-{tabell["fran"]}-{tabell["till"]}.{format}"'
    return svar


@kansli_kravs
def ladda_ner(request, format: str):
    if format not in FILFORMAT:
        raise Http404(_("Okänt filformat."))
    form = _formular(request)
    if not form.is_valid():
        return _fel(form)
    tabeller = berakna_alla(**form.parametrar())
    innehall = som_xlsx(tabeller) if format == "xlsx" else som_csv_zip(tabeller)
    filter_ = _filter(form)
    logga_export(
        user=request.user,
        vad=_("rapporter (%(format)s)") % {"format": "Excel" if format == "xlsx" else "CSV"},
        filter=filter_,
    )
    svar = HttpResponse(innehall, content_type=FILFORMAT[format])
    svar["Content-Disposition"] = (
        f'attachment; filename="rapporter-{filter_["fran"]}-{filter_["till"]}'
        f'{"-publicering" if filter_["publicering"] else ""}.{format}"'
    )
    return svar
