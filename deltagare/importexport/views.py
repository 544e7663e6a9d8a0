"""Pages for import (with preview) and export. Work is done by services; views only route.

Import is for administrators and project leaders (into the insatser they lead); a run is
visible only to the user who started it (404 for anyone else). Export is limited to
Deltagare.objects.for_user and audited.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from insatser.models import Insats

from ..models import ImportKorning
from . import korning as korningar
from .export import exportera_deltagare
from .forms import ExportForm, ImportForm
from .kolumner import RUBRIKER, Radfel
from .mall import importmall
from .services import far_importera, importerbara_insatser


def _kontrollera_import(user) -> None:
    if not far_importera(user):
        raise PermissionDenied(_("Import är till för administratörer och projektledare för en insats."))


def _egen_korning(request, pk: int) -> ImportKorning:
    return get_object_or_404(ImportKorning, pk=pk, skapad_av=request.user)


@login_required
@require_http_methods(["GET", "POST"])
def importera(request):
    _kontrollera_import(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fil = form.cleaned_data["fil"]
        korning = korningar.ny_korning(user=request.user, filnamn=fil.name, innehall=fil.read())
        return redirect("importexport:korning", pk=korning.pk)
    insatser = importerbara_insatser(request.user)
    return render(
        request,
        "importexport/import.html",
        {
            "form": form,
            "rubriker": RUBRIKER,
            "insatser": Insats.objects.all() if insatser is None else insatser,
        },
    )


@login_required
@require_GET
def korning(request, pk: int):
    korning = _egen_korning(request, pk)
    return render(
        request,
        "importexport/korning.html",
        {"korning": korning, "fel": [Radfel.from_list(f) for f in korning.fel]},
    )


@login_required
@require_POST
def bekrafta(request, pk: int):
    korning = _egen_korning(request, pk)
    _kontrollera_import(request.user)
    if korning.status != ImportKorning.Status.GRANSKAD:
        return redirect("importexport:korning", pk=korning.pk)
    korningar.starta(korning, granska=False)
    return redirect("importexport:korning", pk=korning.pk)


@login_required
@require_POST
def avbryt(request, pk: int):
    korning = _egen_korning(request, pk)
    if not korning.pagar or korning.avbruten:
        korningar.glom_granskning(korning.pk)
        korning.delete()
    return redirect("importexport:import")


@login_required
@require_GET
def mall(request):
    _kontrollera_import(request.user)
    insatser = importerbara_insatser(request.user)
    innehall = importmall(insatser=list(Insats.objects.all()) if insatser is None else insatser)
    svar = HttpResponse(
        innehall, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    svar["Content-Disposition"] = 'attachment; filename="deltagare-mall.xlsx"'
    return svar


@login_required
@require_GET
def exportera(request):
    if not Insats.objects.for_user(request.user).exists():
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
        svar["Content-Disposition"] = f'attachment; filename="{export.filnamn}"'
        return svar
    return render(request, "importexport/export.html", {"form": form})
