from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from insatser import behorighet

from ..audit import logga_export
from ..forms import UppfoljningUtfordForm
from ..selectors import KOMMANDE_DAGAR, halvar, insatser_med_antal, uppfoljningar_att_gora

# The start page shows the first few; the follow-up page shows them all.
STARTSIDANS_UPPFOLJNINGAR = 10


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
    rader = list(uppfoljningar_att_gora(user=request.user, dag=idag, dagar_framat=KOMMANDE_DAGAR))
    if rader:
        logga_export(user=request.user, vad="uppföljningar", filter=dict(request.GET.items()), antal=len(rader))
    return render(
        request,
        "deltagare/uppfoljningar.html",
        {
            "forfallna": [u for u in rader if u.planerad_datum <= idag],
            "kommande": [u for u in rader if u.planerad_datum > idag],
            "idag": idag,
            "kommande_dagar": KOMMANDE_DAGAR,
            "form": UppfoljningUtfordForm(initial={"datum": idag}),
        },
    )
