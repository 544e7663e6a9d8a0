from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from insatser import behorighet

from ..audit import logga_export
from ..forms import UppfoljningUtfordForm
from ..selectors import KOMMANDE_DAGAR, halvar, insatser_med_antal, uppfoljningar_att_gora
from ..services import uppfoljning_utford as utford

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


@login_required
@require_POST
def uppfoljning_utford(request, pk: int):
    uppfoljning = get_object_or_404(
        behorighet.uppfoljningar_att_lasa(request.user).select_related("deltagare__insats"), pk=pk
    )
    behorighet.kontrollera_skriva(request.user, uppfoljning.deltagare.insats)
    form = UppfoljningUtfordForm(request.POST)
    namn = _("%(manader)s-månadersuppföljningen av %(deltagare)s") % {
        "manader": uppfoljning.manader,
        "deltagare": uppfoljning.deltagare.deltagar_id,
    }
    if form.is_valid():
        try:
            utford(user=request.user, uppfoljning=uppfoljning, datum=form.cleaned_data["datum"])
        except ValidationError as fel:
            meddelande = " ".join(fel.messages)
            messages.error(request, _("%(namn)s sparades inte: %(fel)s") % {"namn": namn, "fel": meddelande})
        else:
            messages.success(
                request,
                _("%(namn)s är markerad som utförd %(datum)s.")
                % {"namn": namn, "datum": uppfoljning.utford_datum.isoformat()},
            )
    else:
        fel = " ".join(m for errors in form.errors.values() for m in errors)
        messages.error(request, _("%(namn)s sparades inte: %(fel)s") % {"namn": namn, "fel": fel})
    return redirect(_tillbaka(request, default="deltagare:uppfoljningar"))


def _tillbaka(request, *, default: str) -> str:
    nasta = request.POST.get("nasta", "")
    if nasta and url_has_allowed_host_and_scheme(nasta, allowed_hosts={request.get_host()}):
        return nasta
    return reverse(default)
