"""Marking follow-ups done (and, later, correcting and undoing them) from the project
leaders' pages. The forms post here and return to the page they came from."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from insatser import behorighet

from ..forms import UppfoljningUtfordForm
from ..services import uppfoljning_utford as utford


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
