"""What the user typed into a follow-up form that was refused, kept for the page it returns to.

The follow-up forms sit inline on several pages (start page, follow-up list, participant page)
and post to one view, which redirects back. A refused registration must not lose what was typed
(README: ingen inmatning försvinner): the input and the errors per field are kept in the session
for exactly one showing of the page the form came from, like Django's messages, and the page's
form shows them at its fields. Only the form's own fields are kept (a date, a result code,
follow-up numbers), nothing typed freely.
"""

from typing import Any

NYCKEL = "uppfoljning_inmatning"
FALT = ("datum", "resultat", "valda")


def behall(request, *, sida: str, formular: str, form) -> None:
    """Keep the refused form's input and errors for the next showing of `sida`. `formular` names
    the form on that page: "u-<pk>" for one follow-up's, "flera" for several at once."""
    data = {
        falt: request.POST.getlist(falt) if falt == "valda" else request.POST.get(falt, "")
        for falt in FALT
        if falt in form.fields
    }
    # Errors of no one field under "ovrigt": a template cannot read Django's "__all__".
    fel = {
        "ovrigt" if falt == "__all__" else falt: [str(m) for m in meddelanden]
        for falt, meddelanden in form.errors.items()
    }
    request.session[NYCKEL] = {"sida": sida, "formular": formular, "data": data, "fel": fel}


def sidans(request) -> dict[str, Any] | None:
    """The kept input if this request shows the page it was kept for. Taken from the session by
    the first page shown after the refusal (the context processor below runs on every page), so
    it is never shown twice, nor on another page."""
    if not hasattr(request, "_uppfoljning_inmatning"):
        sparad = request.session.pop(NYCKEL, None) if hasattr(request, "session") else None
        if sparad is not None and sparad.get("sida") != request.get_full_path():
            sparad = None
        request._uppfoljning_inmatning = sparad
    return request._uppfoljning_inmatning


def for_formular(sparad: dict[str, Any] | None, formular: str) -> dict[str, Any] | None:
    return sparad if sparad is not None and sparad["formular"] == formular else None


def context_processor(request) -> dict:
    return {"uppfoljning_inmatning": sparad} if (sparad := sidans(request)) else {}
