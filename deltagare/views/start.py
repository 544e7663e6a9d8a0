from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from insatser import behorighet

from ..audit import logga_export
from ..filters import UppfoljningFilter, sidans_nummer
from ..forms import UppfoljningUtfordForm
from ..selectors import KOMMANDE_DAGAR, halvar, insatser_med_antal, uppfoljningar_att_gora, uppfoljningslista

# The start page shows the first few; the follow-up page pages through them all.
STARTSIDANS_UPPFOLJNINGAR = 10
UPPFOLJNINGAR_PER_SIDA = 100


@login_required
@require_GET
def start(request):
    idag = timezone.localdate()
    fran, till = halvar(dag=idag)
    forfallna = uppfoljningar_att_gora(user=request.user, dag=idag)
    visade = list(forfallna[:STARTSIDANS_UPPFOLJNINGAR])
    if visade:
        # The list names participants: a participant-level read, logged once for the page.
        logga_export(user=request.user, vad="startsidan: uppföljningar att göra", filter={}, antal=len(visade))
    return render(
        request,
        "deltagare/start.html",
        {
            "insatser": insatser_med_antal(user=request.user, fran=fran, till=till),
            "fran": fran,
            "till": till,
            "uppfoljningar": visade,
            "antal_uppfoljningar": forfallna.count(),
            "idag": idag,
            "kansli": behorighet.ar_kansli(request.user),
            "administrator": behorighet.ar_administrator(request.user),
        },
    )


@login_required
@require_GET
def uppfoljningar(request):
    idag = timezone.localdate()
    filtrering = UppfoljningFilter(
        request.GET, queryset=uppfoljningslista(user=request.user), request=request, idag=idag, kommande_dagar=KOMMANDE_DAGAR
    )
    sida = Paginator(filtrering.qs, UPPFOLJNINGAR_PER_SIDA).get_page(request.GET.get("sida"))
    if sida.object_list:
        # The list names participants: a participant-level read, logged once for the page, with
        # what filtered it (an insats the user may not read filters nothing and is not logged).
        logga_export(
            user=request.user,
            vad="uppföljningar",
            filter={**filtrering.loggat_filter(), **sidans_nummer(sida)},
            antal=len(sida.object_list),
        )
    return render(
        request,
        "deltagare/uppfoljningar.html",
        {
            "filter": filtrering,
            "sida": sida,
            "sidnummer": sida.paginator.get_elided_page_range(sida.number, on_each_side=2, on_ends=1),
            "idag": idag,
            "kommande_dagar": KOMMANDE_DAGAR,
            "form": UppfoljningUtfordForm(initial={"datum": idag}),
        },
    )
