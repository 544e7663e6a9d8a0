"""Actions on several rows (deltagare/massatgarder.py): close several participants of an insats,
mark several follow-ups done. Kansli and other insatser's leaders are refused like on the
one-row pages (403 and 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from finsam.idlista import id_lista
from insatser import behorighet

from .. import inmatning
from ..audit import logga_export
from ..forms import AvslutaFleraForm, UppfoljningarUtfordaForm
from ..massatgarder import deltagare_avsluta_flera, uppfoljningar_utforda
from .deltagare import _insats
from .uppfoljning import _tillbaka


@login_required
@require_http_methods(["GET", "POST"])
def avsluta_flera(request, insats_id: int):
    insats = _insats(request, insats_id, skriva=True)
    valbara = (
        behorighet.deltagare_att_skriva(request.user)
        .filter(insats=insats, slutdatum__isnull=True)
        .order_by("deltagar_id")
    )
    if request.method == "GET":
        valbara_valda = valbara.filter(pk__in=id_lista(request.GET.getlist("valda")))
        visade = list(valbara_valda)
        form = AvslutaFleraForm(
            insats=insats,
            valbara=valbara_valda,
            initial={"valda": visade, "visade": visade, "slutdatum": timezone.localdate()},
        )
        if visade:
            # The rows shown, not the ids asked for: another insats' id shows nothing.
            logga_export(user=request.user, vad="avsluta flera", filter={"insats": insats.kortnamn}, antal=len(visade))
    else:
        form = AvslutaFleraForm(request.POST, insats=insats, valbara=valbara)
        if form.is_valid():
            try:
                rader = deltagare_avsluta_flera(
                    user=request.user,
                    insats=insats,
                    deltagare_ids=[d.pk for d in form.cleaned_data["valda"]],
                    slutdatum=form.cleaned_data["slutdatum"],
                    avslutsorsak=form.cleaned_data.get("avslutsorsak"),
                )
            except ValidationError as fel:
                form.add_error(None, fel)
            else:
                messages.success(
                    request,
                    ngettext("%(antal)d deltagare är avslutad: %(id)s.", "%(antal)d deltagare är avslutade: %(id)s.", len(rader))
                    % {"antal": len(rader), "id": ", ".join(d.deltagar_id for d in rader)},
                )
                return redirect("deltagare:lista", insats_id=insats.pk)
        # The rows the page listed (and any ticked), not only the ticked ones.
        listade = id_lista([*request.POST.getlist("visade"), *request.POST.getlist("valda")])
        form.fields["valda"].queryset = form.fields["visade"].queryset = valbara.filter(pk__in=listade)
    return render(request, "deltagare/avsluta_flera.html", {"form": form, "insats": insats})


@login_required
@require_POST
def uppfoljningar_utforda_view(request):
    if not behorighet.skriver_nagon_insats(request.user):
        raise PermissionDenied(_("Du kan läsa men inte ändra uppföljningar."))
    valda = set(id_lista(request.POST.getlist("valda")))
    if len(behorighet.uppfoljningar_att_lasa(request.user).filter(pk__in=valda)) < len(valda):
        # Another insats' follow-up: as on the one-row pages, nothing tells that it exists.
        raise Http404
    form = UppfoljningarUtfordaForm(
        request.POST, valbara=behorighet.uppfoljningar_att_skriva(request.user).filter(utford_datum__isnull=True)
    )
    if form.is_valid():
        try:
            rader = uppfoljningar_utforda(
                user=request.user,
                uppfoljning_ids=[u.pk for u in form.cleaned_data["valda"]],
                datum=form.cleaned_data["datum"],
                utfall=form.cleaned_data["utfall"],
                ej_genomford_orsak=form.cleaned_data["ej_genomford_orsak"],
            )
        except ValidationError as fel:
            form.add_error(None, fel)
        else:
            messages.success(
                request,
                ngettext(
                    "%(antal)d uppföljning är markerad som utförd.", "%(antal)d uppföljningar är markerade som utförda.", len(rader)
                )
                % {"antal": len(rader)},
            )
    tillbaka = _tillbaka(request, default="deltagare:uppfoljningar")
    if form.errors:
        fel = " ".join(m for errors in form.errors.values() for m in errors)
        messages.error(request, _("Inget sparades: %(fel)s") % {"fel": fel})
        # The ticks, the date and the result come back on the list the form is on.
        inmatning.behall(request, sida=tillbaka, formular="flera", form=form)
    return redirect(tillbaka)
