import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from deltagare.models import Deltagare
from insatser import behorighet

from .formats import lasbart, utdrag_som_pdf, utdrag_som_xlsx
from .forms import RegisterutdragForm
from .services import registerutdrag


@login_required
def registerutdrag_view(request):
    if not behorighet.far_ta_registerutdrag(request.user):
        raise PermissionDenied(_("Registerutdrag tas fram av en administratör eller insatsens projektledare."))
    form = RegisterutdragForm(request.GET or None, user=request.user)
    utdrag = None
    if form.is_valid():
        try:
            utdrag = registerutdrag(
                user=request.user, insats=form.cleaned_data["insats"], deltagar_id=form.cleaned_data["deltagar_id"]
            )
        except Deltagare.DoesNotExist:
            form.add_error("deltagar_id", _("Det finns ingen deltagare med det ID:t i insatsen."))
        else:
            format = request.GET.get("format")
            filnamn = f"registerutdrag-{utdrag['deltagar_id']}"
            if format == "xlsx":
                response = HttpResponse(
                    utdrag_som_xlsx(utdrag),
                    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                )
                response["Content-Disposition"] = content_disposition_header(True, f"{filnamn}.xlsx")
                return response
            if format == "pdf":
                response = HttpResponse(utdrag_som_pdf(utdrag), content_type="application/pdf")
                response["Content-Disposition"] = content_disposition_header(True, f"{filnamn}.pdf")
                return response
            if format == "json":
                response = HttpResponse(
                    json.dumps(utdrag, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
                )
                response["Content-Disposition"] = content_disposition_header(True, f"{filnamn}.json")
                return response
    return render(
        request,
        "dataskydd/registerutdrag.html",
        {"form": form, "utdrag": lasbart(utdrag) if utdrag else None},
    )
