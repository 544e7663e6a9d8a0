"""The kansli's page for förväntat resultat: enter, change and assess the goals of the insatser,
with the outcome beside each goal. Who may is the policy's decision (far_andra_mal)."""

import datetime
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

import rapporter

from . import behorighet
from .forms import MalForm, MalUrvalForm
from .models import Mal
from .services import mal_spara
from .services import mal_ta_bort as ta_bort


def far_andra_mal_kravs(vy):
    @login_required
    @wraps(vy)
    def skyddad(request, *args, **kwargs):
        if not behorighet.far_andra_mal(request.user):
            raise PermissionDenied(_("Förväntade resultat anges av kansliet och administratörer."))
        return vy(request, *args, **kwargs)

    return skyddad


@far_andra_mal_kravs
@require_GET
def mal_lista(request):
    urval = MalUrvalForm(request.GET or None, initial={"ar": timezone.localdate().year})
    ar = urval.cleaned_data["ar"] if urval.is_valid() and urval.cleaned_data.get("ar") else timezone.localdate().year
    fran, till = datetime.date(ar, 1, 1), datetime.date(ar, 12, 31)
    mal = list(
        Mal.objects.for_period(fran, till)
        .select_related("insats")
        .prefetch_related("avslutsorsaker", "avslutsgrupper")
        .order_by("insats__sortering", "insats__namn", "ar", "period_fran", "sortering", "pk")
    )
    # The outcome as table 14 reports it for the year: one report for every goal on the page.
    utfall, noter = {}, []
    if mal:
        tabell = rapporter.berakna("malupfyllelse", fran=fran, till=till, insatser={m.insats for m in mal})
        utfall = {rad["mal_id"]: _utfall(tabell, rad) for rad in tabell["rader"] if rad.get("mal_id")}
        if tabell.get("gallring"):
            noter.append(tabell["gallring"]["not"])
    per_insats: dict = {}
    for ett in mal:
        per_insats.setdefault(ett.insats, []).append({"mal": ett, "utfall": utfall.get(ett.pk)})
    return render(
        request,
        "insatser/mal_lista.html",
        {"urval": urval, "ar": ar, "per_insats": list(per_insats.items()), "noter": noter},
    )


def _utfall(tabell: dict, rad: dict) -> dict:
    """The few values of a table 14 row that the page shows beside its goal."""
    varden = dict(zip(tabell["kolumner"], rad["varden"]))
    return {
        "forvantat": varden.get("Förväntat antal"),
        "utfall": varden.get("Utfall"),
        "bas": varden.get("Bas för andelen"),
        "andel": varden.get("Andel (%)"),
        "andel_kvinnor": varden.get("Andel kvinnor (%)"),
    }


@far_andra_mal_kravs
@require_http_methods(["GET", "POST"])
def mal_ny(request):
    # The page's year and insats, when the link came from there.
    urval = MalUrvalForm(request.GET)
    ar = urval.cleaned_data.get("ar") if urval.is_valid() else None
    initial = {"ar": ar or timezone.localdate().year}
    if request.GET.get("insats"):
        initial["insats"] = request.GET["insats"]
    form = MalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        mal = _spara(request, form)
        if mal is not None:
            messages.success(request, _("Målet för %(insats)s är sparat.") % {"insats": mal.insats})
            return redirect(_lista(mal))
    return render(request, "insatser/mal_form.html", {"form": form, "ny": True})


@far_andra_mal_kravs
@require_http_methods(["GET", "POST"])
def mal_andra(request, pk: int):
    mal = get_object_or_404(Mal, pk=pk)
    form = MalForm(request.POST or None, instance=mal)
    if request.method == "POST" and form.is_valid():
        if _spara(request, form) is not None:
            messages.success(request, _("Ändringarna av målet för %(insats)s är sparade.") % {"insats": mal.insats})
            return redirect(_lista(mal))
    return render(request, "insatser/mal_form.html", {"form": form, "mal": mal})


@far_andra_mal_kravs
@require_http_methods(["GET", "POST"])
def mal_ta_bort(request, pk: int):
    mal = get_object_or_404(Mal, pk=pk)
    if request.method == "POST":
        ta_bort(user=request.user, mal=mal)
        messages.success(request, _("Målet är borttaget."))
        return redirect(_lista(mal))
    return render(request, "insatser/mal_ta_bort.html", {"mal": mal})


def _spara(request, form: MalForm) -> Mal | None:
    try:
        return mal_spara(
            user=request.user,
            mal=form.instance,
            avslutsorsaker=form.cleaned_data.get("avslutsorsaker") or [],
            avslutsgrupper=form.cleaned_data.get("avslutsgrupper") or [],
        )
    except ValidationError as fel:
        form.add_error(None, fel)
        return None


def _lista(mal: Mal) -> str:
    return f"{reverse('insatser:mal_lista')}?ar={mal.start.year if mal.ar is None else mal.ar}"
