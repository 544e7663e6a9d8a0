"""Pages for import (upload, columns, preview, confirm, history, undo) and export. Views only
route: the work is in services.py and the task queue, every decision about who may do what
in insatser.behorighet.

Import writes participants: kansli and anyone else without an insats to write get 403 on
every import page and action. A run is seen only by the user who started it (404 for anyone
else); the history lists a user's own runs, and every run for administrators.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from finsam.idlista import ar_id
from insatser import behorighet
from insatser.models import Insats

from ..models import ImportKorning
from . import arbete, forhandsvisning, services
from .export import exportera_deltagare
from .forms import ExportForm, ImportForm, KolumnForm, Storleksgrans, max_filstorlek
from .kolumner import RUBRIKER, Radfel
from .mall import importmall
from .sparande import kan_angras


def _kontrollera_import(user) -> None:
    if not behorighet.far_importera(user):
        raise PermissionDenied(_("Import är till för administratörer och projektledare för en insats."))


# Said alike of a run that is gone and of another user's run: the page confirms nothing.
KORNINGEN_FINNS_INTE = gettext_lazy(
    "Importen finns inte längre. En avbruten import tas bort med sin fil, och en granskning som inte "
    "bekräftas tas bort efter ett dygn. Ladda upp filen igen under Importera för att importera den."
)


def _egen_korning(request, pk: int) -> ImportKorning:
    _kontrollera_import(request.user)
    korning = ImportKorning.objects.select_related("skapad_av").filter(pk=pk).first()
    if korning is None or not behorighet.far_se_importkorning(request.user, korning):
        raise Http404(KORNINGEN_FINNS_INTE)
    return korning


# Runs that wait for the user or for a worker and that the page offers to cancel: the user
# should never have to wait out an upload no worker takes, which also blocks the next one.
AVBRYTBARA = (ImportKorning.Status.I_KO, ImportKorning.Status.KOLUMNER)


def _insatser(user):
    insatser = services.importerbara_insatser(user)
    return list(Insats.objects.all()) if insatser is None else insatser


@csrf_exempt
def importera(request):
    # The size limit must be in place before the body is read, and the CSRF check reads it:
    # the handler goes first and the check runs after (Django's documented pattern).
    if request.method == "POST" and request.user.is_authenticated and behorighet.far_importera(request.user):
        request.upload_handlers.insert(0, Storleksgrans(request))
    return _importera(request)


@login_required
@require_http_methods(["GET", "POST"])
@csrf_protect
def _importera(request):
    _kontrollera_import(request.user)
    gransen = next((h for h in request.upload_handlers if isinstance(h, Storleksgrans)), None)
    bunden = request.method == "POST"
    form = ImportForm(
        request.POST if bunden else None, request.FILES if bunden else None, for_stor=bool(gransen and gransen.for_stor)
    )
    if request.method == "POST" and form.is_valid():
        try:
            korning = services.ny_korning(user=request.user, fil=form.cleaned_data["fil"])
        except services.Avvisad as avvisad:
            form.add_error(None, avvisad.meddelande)
        else:
            return redirect("importexport:korning", pk=korning.pk)
    return render(
        request,
        "importexport/import.html",
        {
            "form": form,
            "rubriker": RUBRIKER,
            "insatser": _insatser(request.user),
            "max_bytes": max_filstorlek(),
            "pagaende": ImportKorning.objects.filter(
                skapad_av=request.user, status__in=[*ImportKorning.PAGAENDE, ImportKorning.Status.KOLUMNER]
            ),
            "avbrytbara": AVBRYTBARA,
        },
    )


@login_required
@require_GET
def korning(request, pk: int):
    korning = _egen_korning(request, pk)
    if korning.pagar:
        services.markera_avbrutna()
        korning.refresh_from_db()
    if korning.status == ImportKorning.Status.KOLUMNER:
        return redirect("importexport:kolumner", pk=korning.pk)
    fel = [Radfel.from_list(f) for f in korning.fel]
    sammanhang = {
        "korning": korning,
        "fel": fel,
        "visa_blad": any(f.blad for f in fel),
        "vantetext": arbete.vantetext(korning, request.user),
        "kan_avbrytas": korning.status in AVBRYTBARA,
    }
    if korning.status == ImportKorning.Status.GRANSKAD:
        visa = request.GET.get("visa", "alla")
        sidan, rader = forhandsvisning.sida(korning, visa=visa, nummer=request.GET.get("sida"))
        sammanhang.update(
            {"sidan": sidan, "rader": rader, "visa": visa, "visningar": forhandsvisning.VISNINGSNAMN, "valtext": forhandsvisning.valtext}
        )
    return render(request, "importexport/korning.html", sammanhang)


@login_required
@require_http_methods(["GET", "POST"])
def kolumner(request, pk: int):
    korning = _egen_korning(request, pk)
    if korning.status != ImportKorning.Status.KOLUMNER:
        return redirect("importexport:korning", pk=korning.pk)
    form = KolumnForm(request.POST or None, blad=korning.blad, insatser=_insatser(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.valj_kolumner(
                user=request.user,
                korning=korning,
                blad=form.cleaned_data["valda_blad"],
                samtycke=form.cleaned_data["samtycke_varde"],
            )
        except services.Avvisad as avvisad:
            messages.error(request, avvisad.meddelande)
        return redirect("importexport:korning", pk=korning.pk)
    return render(request, "importexport/kolumner.html", {"korning": korning, "form": form})


def _sidans_val(post) -> dict[int, bool]:
    """The preview page's radio buttons: staging row pk → write (True) or leave out (False)."""
    return {
        int(nyckel[4:]): varde == "ja"
        for nyckel, varde in post.items()
        if nyckel.startswith("val_") and ar_id(nyckel[4:]) and varde in ("ja", "nej")
    }


def _tillbaka_till_sidan(request, korning: ImportKorning):
    """The preview again at the filter and page the form was sent from, or at the view or page
    its buttons ask for (with rows to choose for, they save the page's choices on the way)."""
    if request.POST.get("till_visa") in forhandsvisning.VISNINGAR:
        visa, sida = request.POST["till_visa"], None
    else:
        visa, sida = request.POST.get("visa"), request.POST.get("till_sida") or request.POST.get("sida")
    fragor = urlencode({k: v for k, v in (("visa", visa), ("sida", sida)) if v})
    return redirect(reverse("importexport:korning", args=[korning.pk]) + (f"?{fragor}" if fragor else ""))


@login_required
@require_POST
def val(request, pk: int):
    korning = _egen_korning(request, pk)
    try:
        if "alla" in request.POST:
            services.satt_val(user=request.user, korning=korning, alla=request.POST["alla"] == "ja")
        else:
            services.satt_val(user=request.user, korning=korning, val=_sidans_val(request.POST))
    except services.Avvisad as avvisad:
        messages.error(request, avvisad.meddelande)
    return _tillbaka_till_sidan(request, korning)


@login_required
@require_POST
def bekrafta(request, pk: int):
    korning = _egen_korning(request, pk)
    nyckel = request.POST.get("granskning", "")
    # The choices ticked on the page are part of what the user confirms: saved first, then the
    # confirmation. Only when the page showed this preview: an older page's choices are not
    # this preview's, and the confirmation below refuses such a page anyway.
    sidans_val = _sidans_val(request.POST)
    try:
        if sidans_val and nyckel == korning.granskningsnyckel:
            services.satt_val(user=request.user, korning=korning, val=sidans_val)
        services.bekrafta(user=request.user, korning=korning, nyckel=nyckel)
    except services.Avvisad as avvisad:
        messages.error(request, avvisad.meddelande)
        if nyckel == korning.granskningsnyckel and (saknas := forhandsvisning.saknade_val(korning)):
            messages.error(request, saknas)
        return _tillbaka_till_sidan(request, korning)
    return redirect("importexport:korning", pk=korning.pk)


@login_required
@require_POST
def forsok_igen(request, pk: int):
    korning = _egen_korning(request, pk)
    try:
        services.forsok_igen(user=request.user, korning=korning)
    except services.Avvisad as avvisad:
        messages.error(request, avvisad.meddelande)
    return redirect("importexport:korning", pk=korning.pk)


@login_required
@require_POST
def avbryt(request, pk: int):
    korning = _egen_korning(request, pk)
    try:
        services.avbryt(user=request.user, korning=korning)
    except services.Avvisad as avvisad:
        messages.error(request, avvisad.meddelande)
        return redirect("importexport:korning", pk=korning.pk)
    # Without the file's name: a name may hold a participant's ID, and messages outlive the run.
    messages.success(request, _("Importen är avbruten och filen borttagen."))
    return redirect("importexport:import")


@login_required
@require_GET
def historik(request):
    _kontrollera_import(request.user)
    # An undo whose worker died shows as saved again here too, with its Ångra button.
    services.markera_avbrutna()
    korningar = (
        behorighet.importer_att_se(request.user)
        .filter(status__in=[ImportKorning.Status.KLAR, ImportKorning.Status.ANGRAD, ImportKorning.Status.I_KO_ANGRA, ImportKorning.Status.ANGRAS])
        .select_related("skapad_av", "angrad_av")
        .order_by("-skapad")
    )
    sidan = Paginator(korningar, 25).get_page(request.GET.get("sida"))
    rader = [
        {
            "korning": k,
            "kan_angras": kan_angras(k) and behorighet.far_angra_import(request.user, k),
            "fel": [Radfel.from_list(f) for f in k.fel],
        }
        for k in sidan
    ]
    return render(request, "importexport/historik.html", {"sidan": sidan, "rader": rader})


@login_required
@require_http_methods(["GET", "POST"])
def angra(request, pk: int):
    _kontrollera_import(request.user)
    korning = get_object_or_404(behorighet.importer_att_se(request.user).select_related("skapad_av"), pk=pk)
    if request.method == "GET":
        # Undoing deletes every participant the import created for good: the history's button
        # leads here, and only this page's button queues it.
        try:
            angrande = services.kontrollera_angra(user=request.user, korning=korning)
        except services.Avvisad as avvisad:
            messages.error(request, avvisad.meddelande)
            return redirect("importexport:historik")
        return render(request, "importexport/angra.html", {"korning": korning, "angrande": angrande})
    try:
        services.begar_angra(user=request.user, korning=korning)
    except services.Avvisad as avvisad:
        messages.error(request, avvisad.meddelande)
    else:
        messages.success(request, _("Importen ångras i bakgrunden; historiken visar när den är klar."))
    return redirect("importexport:historik")


@login_required
@require_GET
def mall(request):
    _kontrollera_import(request.user)
    innehall = importmall(insatser=_insatser(request.user))
    svar = HttpResponse(
        innehall, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    svar["Content-Disposition"] = content_disposition_header(True, "deltagare-mall.xlsx")
    return svar


@login_required
@require_GET
def exportera(request):
    if not behorighet.far_exportera(request.user):
        raise PermissionDenied(_("Du har inga insatser att exportera deltagare från."))
    form = ExportForm(request.GET or None, user=request.user)
    if request.GET and form.is_valid():
        data = form.cleaned_data
        export = exportera_deltagare(
            user=request.user,
            format=data["format"],
            insatser=list(data["insatser"]),
            fran=data["fran"],
            till=data["till"],
        )
        svar = HttpResponse(export.innehall, content_type=export.content_type)
        svar["Content-Disposition"] = content_disposition_header(True, export.filnamn)
        return svar
    return render(request, "importexport/export.html", {"form": form})
