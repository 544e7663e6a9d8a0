from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from insatser import behorighet
from insatser.models import Insats

from ..audit import logga_export, logga_lasning
from ..choices import KODFALT
from ..filters import DeltagareFilter, sidans_nummer
from ..forms import AvslutaForm, DeltagareForm, UppfoljningUtfordForm, VersionForm
from ..models import Deltagare
from ..selectors import Sidvis, deltagare_historik, deltagare_i_insats, senaste_andring, uppfoljningar_att_ta_bort
from ..services import (
    VersionKonflikt,
    deltagare_ateroppna,
    deltagare_avsluta,
    deltagare_spara,
    deltagare_ta_bort,
)
from ..validators import SOK_PERSONNUMMER_MESSAGE

PER_SIDA = 25


def _insats(request, insats_id: int, *, skriva: bool = False) -> Insats:
    """The insats if the user may read it (404 otherwise, so nothing is learnt about another
    insats); for a write, also a 403 unless the policy lets the user write (kansli reads only)."""
    insats = get_object_or_404(behorighet.insatser_att_lasa(request.user), pk=insats_id)
    if skriva:
        behorighet.kontrollera_skriva(request.user, insats)
    return insats


def _deltagare(request, pk: int, *, skriva: bool = False) -> Deltagare:
    deltagare = get_object_or_404(
        behorighet.deltagare_att_lasa(request.user).select_related("insats", *KODFALT),
        pk=pk,
    )
    if skriva:
        behorighet.kontrollera_skriva(request.user, deltagare.insats)
    return deltagare


@login_required
@require_GET
def lista(request, insats_id: int):
    insats = _insats(request, insats_id)
    filtrering = DeltagareFilter(request.GET, queryset=deltagare_i_insats(user=request.user, insats=insats))
    if not filtrering.form.is_valid() and filtrering.form.has_error("deltagar_id", code="personnummer"):
        # Out of the address bar (and so the history) at once: the same address without it.
        messages.error(request, SOK_PERSONNUMMER_MESSAGE)
        kvar = request.GET.copy()
        kvar.pop("deltagar_id")
        return redirect(f"{request.path}?{kvar.urlencode()}" if kvar else request.path)
    sida = Paginator(Sidvis(filtrering.qs), PER_SIDA).get_page(request.GET.get("sida"))
    # The list shows participant-level data (IDs, dates, exit reasons): logged like an export,
    # with what filtered it; the insats of the address last, so no parameter can rename it.
    logga_export(
        user=request.user,
        vad="deltagarlista",
        filter={**filtrering.loggat_filter(), **sidans_nummer(sida), "insats": insats.kortnamn},
        antal=len(sida.object_list),
    )
    return render(
        request,
        "deltagare/lista.html",
        {
            "insats": insats,
            "filter": filtrering,
            "sida": sida,
            "sidnummer": sida.paginator.get_elided_page_range(sida.number, on_each_side=2, on_ends=1),
            "idag": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def ny(request, insats_id: int):
    insats = _insats(request, insats_id, skriva=True)
    form = DeltagareForm(request.POST or None, instance=Deltagare(insats=insats))
    if request.method == "POST":
        resultat = _spara(request, form, lambda version: deltagare_spara(user=request.user, deltagare=form.instance))
        if resultat is SPARAD:
            messages.success(request, _("Deltagaren %(id)s är registrerad.") % {"id": form.instance.deltagar_id})
            if "spara_och_ny" in request.POST:
                return redirect("deltagare:ny", insats_id=insats.pk)
            return redirect("deltagare:visa", pk=form.instance.pk)
    return render(request, "deltagare/form.html", {"form": form, "insats": insats, "ny": True})


@login_required
@require_GET
def visa(request, pk: int):
    deltagare = _deltagare(request, pk)
    logga_lasning(user=request.user, deltagare=deltagare)
    return render(
        request,
        "deltagare/visa.html",
        {
            "deltagare": deltagare,
            "insats": deltagare.insats,
            "uppfoljningar": deltagare.uppfoljningar.select_related("utford_av", "utfall", "ej_genomford_orsak"),
            "historik": deltagare_historik(deltagare=deltagare)
            if behorighet.far_se_historik(request.user)
            else None,
            "utford_form": UppfoljningUtfordForm(initial={"datum": timezone.localdate()}),
            "idag": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def andra(request, pk: int):
    deltagare = _deltagare(request, pk, skriva=True)
    if request.method == "GET":
        logga_lasning(user=request.user, deltagare=deltagare)
    form = DeltagareForm(request.POST or None, instance=deltagare)
    if request.method == "POST":
        resultat = _spara(
            request,
            form,
            lambda version: deltagare_spara(user=request.user, deltagare=deltagare, forvantad_version=version),
        )
        if resultat is SPARAD:
            messages.success(request, _("Ändringarna för %(id)s är sparade.") % {"id": deltagare.deltagar_id})
            return redirect("deltagare:visa", pk=deltagare.pk)
        if isinstance(resultat, VersionKonflikt):
            return _visa_konflikt(request, DeltagareForm, form, resultat, "deltagare/form.html")
    return render(request, "deltagare/form.html", {"form": form, "insats": deltagare.insats, "deltagare": deltagare})


@login_required
@require_http_methods(["GET", "POST"])
def avsluta(request, pk: int):
    deltagare = _deltagare(request, pk, skriva=True)
    if request.method == "GET":
        logga_lasning(user=request.user, deltagare=deltagare)
    form = AvslutaForm(request.POST or None, instance=deltagare, forslag_slutdatum=timezone.localdate())
    if request.method == "POST":
        resultat = _spara(
            request,
            form,
            lambda version: deltagare_avsluta(
                user=request.user,
                deltagare=deltagare,
                slutdatum=form.cleaned_data["slutdatum"],
                avslutsorsak=form.cleaned_data.get("avslutsorsak"),
                forsorjning_slut=form.cleaned_data.get("forsorjning_slut"),
                forvantad_version=version,
            ),
        )
        if resultat is SPARAD:
            messages.success(request, _("%(id)s är avslutad.") % {"id": deltagare.deltagar_id})
            return redirect("deltagare:visa", pk=deltagare.pk)
        if isinstance(resultat, VersionKonflikt):
            return _visa_konflikt(request, AvslutaForm, form, resultat, "deltagare/avsluta.html")
    return render(request, "deltagare/avsluta.html", {"form": form, "insats": deltagare.insats, "deltagare": deltagare})


@login_required
@require_http_methods(["GET", "POST"])
def ateroppna(request, pk: int):
    deltagare = _deltagare(request, pk, skriva=True)
    if request.method == "GET":
        logga_lasning(user=request.user, deltagare=deltagare)
    if deltagare.slutdatum is None:
        messages.info(request, _("%(id)s är redan aktiv.") % {"id": deltagare.deltagar_id})
        return redirect("deltagare:visa", pk=deltagare.pk)
    form = VersionForm(request.POST or None, initial={"version": deltagare.version})
    if request.method == "POST" and form.is_valid():
        try:
            deltagare_ateroppna(user=request.user, deltagare=deltagare, forvantad_version=form.cleaned_data["version"])
        except VersionKonflikt:
            messages.error(request, _("Deltagaren har ändrats av någon annan sedan du öppnade sidan. Kontrollera uppgifterna och försök igen."))
        except ValidationError as fel:
            messages.error(request, " ".join(fel.messages))
        else:
            messages.success(request, _("%(id)s är återöppnad och räknas som aktiv igen.") % {"id": deltagare.deltagar_id})
        return redirect("deltagare:visa", pk=deltagare.pk)
    return render(request, "deltagare/ateroppna.html", {"form": form, "insats": deltagare.insats, "deltagare": deltagare})


@login_required
@require_http_methods(["GET", "POST"])
def ta_bort(request, pk: int):
    deltagare = _deltagare(request, pk, skriva=True)
    if request.method == "GET":
        logga_lasning(user=request.user, deltagare=deltagare)
    form = VersionForm(request.POST or None, initial={"version": deltagare.version})
    if request.method == "POST" and form.is_valid():
        try:
            deltagare_ta_bort(user=request.user, deltagare=deltagare, forvantad_version=form.cleaned_data["version"])
        except VersionKonflikt:
            messages.error(request, _("Deltagaren har ändrats av någon annan sedan du öppnade sidan. Kontrollera uppgifterna och försök igen."))
            return redirect("deltagare:visa", pk=deltagare.pk)
        messages.success(request, _("Deltagaren %(id)s är borttagen.") % {"id": deltagare.deltagar_id})
        return redirect("deltagare:lista", insats_id=deltagare.insats_id)
    return render(
        request,
        "deltagare/ta_bort.html",
        {
            "form": form,
            "insats": deltagare.insats,
            "deltagare": deltagare,
            "uppfoljningar": uppfoljningar_att_ta_bort(deltagare=deltagare),
        },
    )


SPARAD = object()


def _spara(request, form, spara: Callable[[int | None], object]):
    """Validate, then write through the service. Returns SPARAD, the VersionKonflikt when
    someone else saved first, or None when the form has errors to show."""
    if not form.is_valid():
        return None
    try:
        spara(form.cleaned_data.get("version"))
    except VersionKonflikt as konflikt:
        return konflikt
    except ValidationError as fel:
        form.add_error(None, fel)
        return None
    if getattr(form, "bakgrund_rensad", False):
        messages.info(request, _("Bakgrundsuppgifterna sparades inte eftersom deltagaren saknar samtycke."))
    return SPARAD


def _visa_konflikt(request, form_class, form, konflikt: VersionKonflikt, template: str):
    """The second save is refused: show what the other person saved, keep this user's input,
    and let a new submit (now against the current version) save it deliberately."""
    aktuell = konflikt.aktuell
    # The answer shows the stored row: a participant-level read like any other.
    logga_lasning(user=request.user, deltagare=aktuell)
    skillnader = form.konflikt(aktuell)
    ny_form = form_class(form.data_efter_konflikt(aktuell), instance=aktuell)
    ny_form.is_valid()
    ny_form.add_error(None, str(konflikt))
    context = {
        "form": ny_form,
        "insats": aktuell.insats,
        "deltagare": aktuell,
        "konflikt": {**skillnader, "andring": senaste_andring(deltagare=aktuell)},
    }
    return render(request, template, context, status=409)

