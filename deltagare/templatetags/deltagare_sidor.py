"""Small helpers for the project leaders' pages: roles, query strings, sortable headers."""

from django import template

from insatser import behorighet

register = template.Library()


@register.filter
def antal_fel(form) -> int:
    """Every message the error summary lists: a bulk action's row errors are many messages of
    the form as a whole, which form.errors counts as one."""
    return sum(len(fel) for fel in form.errors.values())


@register.filter
def ar_kansli(user) -> bool:
    return behorighet.ar_kansli(user)


@register.filter
def ar_administrator(user) -> bool:
    return behorighet.ar_administrator(user)


@register.filter
def behorighet_till(user, fraga: str) -> bool:
    """The menu asks the policy: {% if user|behorighet_till:"far_se_rapporter" %}. Only the
    policy's yes/no questions about a user may be asked."""
    if fraga not in MENYFRAGOR:
        raise ValueError(f"Okänd behörighetsfråga {fraga!r}")
    return getattr(behorighet, fraga)(user)


MENYFRAGOR = {
    "far_se_rapporter",
    "far_ta_registerutdrag",
    "far_anvanda_admin",
    "saknar_tvafaktor",
    "far_importera",
    "skriver_nagon_insats",
}


@register.filter
def far_skriva(user, insats) -> bool:
    """Show write actions only where the policy allows them (kansli reads only). Takes an
    insats or its id; one query per request whatever the number of rows."""
    insats_id = getattr(insats, "pk", insats)
    return insats_id in behorighet.skrivbara_insats_ids(user)


@register.simple_tag(takes_context=True)
def fraga(context, **andra) -> str:
    """The current query string with some parameters replaced (None or "" removes one)."""
    params = context["request"].GET.copy()
    for namn, varde in andra.items():
        if varde in (None, ""):
            params.pop(namn, None)
        else:
            params[namn] = varde
    return "?" + params.urlencode() if params else "?"


@register.inclusion_tag("deltagare/_sorterbar_rubrik.html", takes_context=True)
def sorterbar_rubrik(context, falt: str, etikett: str) -> dict:
    """A column header that sorts the list by falt; a second click reverses the order."""
    aktuell = context["request"].GET.get("ordning", "")
    if aktuell == falt:
        riktning, nasta = "ascending", f"-{falt}"
    elif aktuell == f"-{falt}":
        riktning, nasta = "descending", falt
    else:
        riktning, nasta = None, falt
    params = context["request"].GET.copy()
    params["ordning"] = nasta
    params.pop("sida", None)
    return {"etikett": etikett, "riktning": riktning, "url": "?" + params.urlencode()}


@register.filter
def raknas_vid_start(insatser) -> str:
    """The short names of the insatser counted at the team meeting (MGT's rule), for the note
    that explains why their "active in the half-year" can be lower than "ongoing now"."""
    return ", ".join(i.kortnamn for i in insatser if i.raknas_vid_start)
