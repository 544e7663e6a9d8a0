"""Tables 5, 6, 7 and 15: exit reasons, exit groups, and the groups over several years.

Both generations of exit reasons are code-list rows: a period that spans both shows each
reason once (Arbete and Studier belong to both lists), and comparisons across the lists use
the avslutsgrupp every reason maps to.
"""

from collections import defaultdict

from django.utils.translation import gettext as _

from ..namn import TITLAR
from .hjalp import andelskolumner, kon_koder, kon_kolumner, synliga_koder, totalt
from .tabell import ANDEL, KOLUMNSUMMA, Extrarad, Kolumn, Rad, Tabell
from .underlag import Underlag


def _saknas() -> str:
    return _("Avslutsorsak saknas")


def _arbete_eller_studier() -> str:
    return _("Arbete eller studier")


def _med_orsak(u: Underlag):
    """The insatser that register exit reasons, and a note naming those left out."""
    med = [i for i in u.insatser if i.registrerar_avslutsorsak]
    utan = [i for i in u.insatser if not i.registrerar_avslutsorsak]
    noter = []
    if utan:
        antal = defaultdict(int)
        for insats_id, _kon, _s, _orsak, _ar, n in u.fordelning["avslut"]:
            antal[insats_id] += n
        noter.append(
            _("Insatser som inte registrerar avslutsorsak ingår inte: %(insatser)s.")
            % {
                "insatser": ", ".join(
                    _("%(namn)s (%(antal)s avslutade)") % {"namn": i.namn, "antal": antal[i.pk]} for i in utan
                )
            }
        )
    return med, noter


def _orsaksrader(u: Underlag, antal_per_orsak: dict) -> tuple[list, bool]:
    orsaker = synliga_koder(u.avslutsorsaker, antal_per_orsak)
    return orsaker, bool(antal_per_orsak.get(None))


def _arbete_studier_rad(orsaker: list, kolumner: int) -> list[Extrarad]:
    index = [i for i, orsak in enumerate(orsaker) if orsak.arbete_eller_studier]
    return [Extrarad(_arbete_eller_studier(), [None] * kolumner, av_rader=index)] if index else []


def avslutsorsak(u: Underlag) -> Tabell:
    """Table 5 (2025 Tabell 4): reasons as rows, insatser as columns."""
    insatser, noter = _med_orsak(u)
    ids = {i.pk for i in insatser}
    antal: dict = defaultdict(int)
    for insats_id, _kon, _s, orsak, _ar, n in u.fordelning["avslut"]:
        if insats_id in ids:
            antal[(orsak, insats_id)] += n
            antal[orsak] += n
    orsaker, saknas = _orsaksrader(u, antal)
    kolumner = [Kolumn(i.kortnamn) for i in insatser] + [totalt()]
    kolumner.append(Kolumn(_("Andel (%)"), typ=ANDEL, taljare=len(insatser), namnare=KOLUMNSUMMA))
    rader = [
        Rad(orsak.namn, [antal.get((orsak.pk, i.pk), 0) for i in insatser] + [None, None])
        for orsak in orsaker
    ]
    if saknas:
        rader.append(Rad(_saknas(), [antal.get((None, i.pk), 0) for i in insatser] + [None, None]))
    return Tabell(
        rapport="avslutsorsak",
        titel=TITLAR["avslutsorsak"],
        fran=u.fran,
        till=u.till,
        kolumner=kolumner,
        rader=rader,
        radsummor=[(len(insatser), list(range(len(insatser))))],
        extrarader=_arbete_studier_rad(orsaker, len(kolumner)),
        noter=noter,
        extra={"insatser": [i.namn for i in insatser]},
    )


def avslutsorsak_kon(u: Underlag) -> Tabell:
    """Table 6 (2025 Figur 4): reasons by kön, counts and shares of each kön's exits."""
    insatser, noter = _med_orsak(u)
    ids = {i.pk for i in insatser}
    antal: dict = defaultdict(int)
    for insats_id, kon, _s, orsak, _ar, n in u.fordelning["avslut"]:
        if insats_id in ids:
            antal[(orsak, kon)] += n
            antal[orsak] += n
    koder = kon_koder(kon for (_o, kon) in [k for k in antal if isinstance(k, tuple)])
    orsaker, saknas = _orsaksrader(u, antal)
    kolumner = [*kon_kolumner(koder), totalt()]
    kolumner += andelskolumner(kolumner, list(range(len(kolumner))))
    tomma = [None] * (len(koder) + 1)
    rader = [Rad(o.namn, [antal.get((o.pk, k), 0) for k in koder] + tomma) for o in orsaker]
    if saknas:
        rader.append(Rad(_saknas(), [antal.get((None, k), 0) for k in koder] + tomma))
    return Tabell(
        rapport="avslutsorsak-kon",
        titel=TITLAR["avslutsorsak-kon"],
        fran=u.fran,
        till=u.till,
        kolumner=kolumner,
        rader=rader,
        radsummor=[(len(koder), list(range(len(koder))))],
        extrarader=_arbete_studier_rad(orsaker, len(kolumner)),
        noter=[_("Andelarna är andelar av de avslutade av respektive kön."), *noter],
    )


def avslutsgrupp(u: Underlag) -> Tabell:
    """Table 7: ended per insats and avslutsgrupp, with each group's share of the row."""
    insatser, noter = _med_orsak(u)
    ids = {i.pk for i in insatser}
    grupp_for = {o.pk: o.grupp_id for o in u.avslutsorsaker}
    antal: dict = defaultdict(int)
    for insats_id, _kon, _s, orsak, _ar, n in u.fordelning["avslut"]:
        if insats_id in ids:
            antal[(insats_id, grupp_for.get(orsak))] += n
    grupper = list(u.avslutsgrupper)
    nycklar = [g.pk for g in grupper]
    kolumner = [Kolumn(g.namn) for g in grupper]
    if any(v for (_i, g), v in antal.items() if g is None):
        nycklar.append(None)
        kolumner.append(Kolumn(_saknas()))
    tot = len(kolumner)
    kolumner.append(totalt())
    kolumner += [
        Kolumn(f"{kolumner[j].etikett} (%)", typ=ANDEL, taljare=j, namnare=tot) for j in range(tot)
    ]
    rader = [
        Rad(i.namn, [antal.get((i.pk, g), 0) for g in nycklar] + [None] * (tot + 1), {"kortnamn": i.kortnamn})
        for i in insatser
    ]
    return Tabell(
        rapport="avslutsgrupp",
        titel=TITLAR["avslutsgrupp"],
        fran=u.fran,
        till=u.till,
        kolumner=kolumner,
        rader=rader,
        radsummor=[(tot, list(range(tot)))],
        noter=[_("Andelarna är andelar av insatsens avslutade."), *noter],
    )


def flerar(u: Underlag) -> Tabell:
    """Table 15: the groups' shares year by year, one column per calendar year of the period."""
    grupp_for = {o.pk: o.grupp_id for o in u.avslutsorsaker}
    arbete_studier = {o.pk for o in u.avslutsorsaker if o.arbete_eller_studier}
    insatser, noter = _med_orsak(u)
    ids = {i.pk for i in insatser}
    ar = u.ar
    antal: dict = defaultdict(int)
    as_antal: dict = defaultdict(int)
    for insats_id, _kon, _s, orsak, ar_, n in u.fordelning["avslut_ar"]:
        if insats_id in ids:
            antal[(grupp_for.get(orsak), ar_)] += n
            if orsak in arbete_studier:
                as_antal[ar_] += n
    nycklar = [g.pk for g in u.avslutsgrupper]
    etiketter = [g.namn for g in u.avslutsgrupper]
    if any(v for (g, _a), v in antal.items() if g is None):
        nycklar.append(None)
        etiketter.append(_saknas())
    kolumner = [Kolumn(str(a)) for a in ar] + [totalt()]
    kolumner += andelskolumner(kolumner, list(range(len(ar))))
    tomma = [None] * (len(ar) + 1)
    rader = [Rad(e, [antal.get((g, a), 0) for a in ar] + tomma) for g, e in zip(nycklar, etiketter)]
    extrarader = [Extrarad(_arbete_eller_studier(), [as_antal.get(a, 0) for a in ar] + tomma)]
    for a in (ar[0], ar[-1]):
        start, slut = u.ar_period(a)
        if (start.month, start.day, slut.month, slut.day) != (1, 1, 12, 31):
            noter.append(_("%(ar)s avser %(fran)s–%(till)s.") % {"ar": a, "fran": start, "till": slut})
            if len(ar) == 1:
                break
    if len(ar) == 1:
        noter.append(_("Välj en period över flera år för att jämföra åren sida vid sida."))
    return Tabell(
        rapport="flerar",
        titel=TITLAR["flerar"],
        fran=u.fran,
        till=u.till,
        kolumner=kolumner,
        rader=rader,
        radsummor=[(len(ar), list(range(len(ar))))],
        extrarader=extrarader,
        noter=noter,
        extra={"ar": ar},
    )
