"""Registering a follow-up's result from the project leaders' pages, and correcting or undoing
it. The inline forms post here and return to the page they came from. A follow-up of another
insats is a 404 (as every participant page); one the user may read but not write (kansli) is a
403."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from finsam.datum import datum
from insatser import behorighet

from .. import inmatning
from ..audit import logga_lasning
from ..forms import UppfoljningRattelseForm, UppfoljningUtfordForm
from ..models import Uppfoljning
from ..services import UppfoljningKonflikt, uppfoljningens_namn
from ..services import uppfoljning_angra as angra
from ..services import uppfoljning_utford as utford

# The model's fields as the form shows them.
FORMULARFALT = {"utford_datum": "datum", "utfall": "resultat", "ej_genomford_orsak": "resultat"}


def _uppfoljning(request, pk: int) -> Uppfoljning:
    """A follow-up the user may write: another insats' is a 404, one the user may only read
    (kansli) a 403."""
    uppfoljning = get_object_or_404(
        behorighet.uppfoljningar_att_lasa(request.user).select_related(
            "deltagare__insats", "utfall", "ej_genomford_orsak", "utford_av"
        ),
        pk=pk,
    )
    behorighet.kontrollera_skriva(request.user, uppfoljning.deltagare.insats)
    return uppfoljning


def _registrera(request, uppfoljning: Uppfoljning, form: UppfoljningUtfordForm) -> Uppfoljning | None:
    """Save through the service; None (with the reason on the form) when the rules refuse.
    UppfoljningKonflikt when someone else changed the registration the page showed."""
    if not form.is_valid():
        return None
    try:
        return utford(
            user=request.user,
            uppfoljning=uppfoljning,
            datum=form.cleaned_data["datum"],
            utfall=form.cleaned_data["utfall"],
            ej_genomford_orsak=form.cleaned_data["ej_genomford_orsak"],
            sedd_registrering=form.cleaned_data["sett"],
        )
    except ValidationError as fel:
        for falt, meddelanden in fel.message_dict.items():
            form.add_error(FORMULARFALT.get(falt), meddelanden)
        return None


def _kvitto(uppfoljning: Uppfoljning) -> str:
    return _("%(namn)s är registrerad %(datum)s: %(resultat)s.") % {
        "namn": uppfoljningens_namn(uppfoljning),
        "datum": datum(uppfoljning.utford_datum),
        "resultat": uppfoljning.resultat,
    }


@login_required
@require_POST
def uppfoljning_utford(request, pk: int):
    uppfoljning = _uppfoljning(request, pk)
    form = UppfoljningUtfordForm(request.POST, uppfoljning=uppfoljning)
    tillbaka = _tillbaka(request, default="deltagare:uppfoljningar")
    try:
        sparad = _registrera(request, uppfoljning, form)
    except UppfoljningKonflikt as konflikt:
        # The page it came from now shows the registration someone else made.
        messages.error(request, str(konflikt))
        return redirect(tillbaka)
    if sparad is not None:
        messages.success(request, _kvitto(sparad))
    else:
        fel = " ".join(m for errors in form.errors.values() for m in errors)
        messages.error(request, _("%(namn)s sparades inte: %(fel)s") % {"namn": uppfoljningens_namn(uppfoljning), "fel": fel})
        # The form is inline on the page it came from: that page shows the input and the errors.
        inmatning.behall(request, sida=tillbaka, formular=f"u-{uppfoljning.pk}", form=form)
    return redirect(tillbaka)


@login_required
@require_http_methods(["GET", "POST"])
def uppfoljning_andra(request, pk: int):
    """Correct a registered follow-up (date or result), or undo it."""
    uppfoljning = _uppfoljning(request, pk)
    if request.method == "GET":
        # The page names the participant: a participant-level read.
        logga_lasning(user=request.user, deltagare=uppfoljning.deltagare)
    form = UppfoljningRattelseForm(request.POST or None, uppfoljning=uppfoljning)
    konflikt = False
    if request.method == "POST":
        try:
            sparad = _registrera(request, uppfoljning, form)
        except UppfoljningKonflikt as fel:
            # The page shows the registration as it is now, with what the user typed kept;
            # saving again then replaces it knowingly.
            uppfoljning, sparad, konflikt = fel.aktuell, None, True
            # The page shows the participant and its registration now: a read like any other.
            logga_lasning(user=request.user, deltagare=uppfoljning.deltagare)
            form.data = form.data.copy()
            form.data["sett"] = uppfoljning.registrering
            form.add_error(None, str(fel))
        if sparad is not None:
            messages.success(request, _kvitto(sparad))
            return redirect("deltagare:visa", pk=uppfoljning.deltagare_id)
    return render(
        request,
        "deltagare/uppfoljning_andra.html",
        {
            "form": form,
            "uppfoljning": uppfoljning,
            "deltagare": uppfoljning.deltagare,
            "insats": uppfoljning.deltagare.insats,
            "idag": timezone.localdate(),
        },
        status=409 if konflikt else (400 if form.errors else 200),
    )


@login_required
@require_POST
def uppfoljning_angra(request, pk: int):
    uppfoljning = _uppfoljning(request, pk)
    try:
        # As the forms' field: an empty or missing value is not checked.
        angra(user=request.user, uppfoljning=uppfoljning, sedd_registrering=request.POST.get("sett") or None)
    except UppfoljningKonflikt as konflikt:
        messages.error(request, str(konflikt))
        return redirect("deltagare:uppfoljning_andra", pk=uppfoljning.pk)
    messages.success(
        request, _("%(namn)s är inte längre registrerad och räknas som planerad igen.") % {"namn": uppfoljningens_namn(uppfoljning)}
    )
    return redirect("deltagare:visa", pk=uppfoljning.deltagare_id)


def _tillbaka(request, *, default: str) -> str:
    nasta = request.POST.get("nasta", "")
    if nasta and url_has_allowed_host_and_scheme(nasta, allowed_hosts={request.get_host()}):
        return nasta
    return reverse(default)
