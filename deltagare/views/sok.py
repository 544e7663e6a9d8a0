from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from insatser import behorighet

from ..audit import logga_export
from ..filters import SokForm
from ..validators import SOK_PERSONNUMMER_MESSAGE, looks_like_personnummer

# A search names participants: more than a page of hits means the term is too short.
HOGST_TRAFFAR = 50


@login_required
@require_http_methods(["GET", "POST"])
def sok(request):
    """Deltagar-ID across the insatser the user may read (the header's search field). One exact
    hit opens the participant; otherwise the hits are listed with their insats.

    The term is posted, never part of an address: an address is kept in the browser's history,
    in proxies' and the server's access logs and in the next page's Referer, and a term may be
    a personnummer typed by mistake, or a deltagar-ID that must be gone after deletion. GET
    shows the empty search."""
    if request.method == "GET":
        return render(request, "deltagare/sok.html", {"term": ""})
    form = SokForm(request.POST)
    if not form.is_valid():
        # Not searched (too long for any ID): nothing is read, so nothing is logged.
        fel = " ".join(form.errors["q"])
        return render(request, "deltagare/sok.html", {"term": "", "fel": fel}, status=400)
    term = form.cleaned_data["q"]
    traffar = None
    if looks_like_personnummer(term):
        # Not searched: no deltagar-ID may look like a personnummer, so a search could only find
        # a chance match on its digits, and a result page would echo it. The attempt is logged
        # without it (logga_export masks it), and the field is emptied.
        logga_export(user=request.user, vad="sökning på deltagar-ID", filter={"q": term}, antal=0)
        return render(request, "deltagare/sok.html", {"term": "", "personnummer": SOK_PERSONNUMMER_MESSAGE})
    if term:
        rader = (
            behorighet.deltagare_att_lasa(request.user)
            .filter(deltagar_id__icontains=term)
            .select_related("insats")
            .order_by("deltagar_id", "insats__sortering")
        )
        traffar = list(rader[: HOGST_TRAFFAR + 1])
        # Logged before the one-hit redirect too: the participant page logs a read, not that a
        # search for this term led there.
        logga_export(user=request.user, vad="sökning på deltagar-ID", filter={"q": term}, antal=len(traffar))
        exakta = [d for d in traffar if d.deltagar_id.lower() == term.lower()]
        if len(exakta) == 1 and len(traffar) == 1:
            return redirect("deltagare:visa", pk=exakta[0].pk)
    return render(
        request,
        "deltagare/sok.html",
        {
            "term": term,
            "traffar": traffar[:HOGST_TRAFFAR] if traffar is not None else None,
            "fler": traffar is not None and len(traffar) > HOGST_TRAFFAR,
            "hogst": HOGST_TRAFFAR,
        },
    )
