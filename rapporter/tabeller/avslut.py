"""Exit tables: reasons per insats (5) and per kön (6), groups per insats (7) and over several
years (15), and the published report's breakdowns: reasons per insats and kön, work or studies
by kön, and groups by kön.

A period shows the exit reasons of the list in force (docs/regler.md §2–3): the list since 2025,
the list of 2021–2024, or both when the period spans the change (Arbete and Studier belong to
both and show once); a reason of another list shows only where someone ended with it.
Comparisons across the lists use the avslutsgrupp every reason maps to. Shares are shares of
those with a known reason; "Avslutsorsak saknas" is shown beside.
"""

from collections import defaultdict

from django.utils.translation import gettext as _

from ..namn import TITLAR
from .hjalp import andelskolumner, kand_uppgift_rad, kon_koder, kon_kolumner, synliga_koder, totalt
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
        if u.publicering:
            # The count of a single insats is one of the published cells; the note may not
            # show it beside its masking.
            namn = ", ".join(u.namn(i) for i in utan)
        else:
            namn = ", ".join(
                _("%(namn)s (%(antal)s avslutade)") % {"namn": u.namn(i), "antal": antal[i.pk]} for i in utan
            )
        noter.append(_("Insatser som inte registrerar avslutsorsak ingår inte: %(insatser)s.") % {"insatser": namn})
    return med, noter


def _bas(med: list) -> dict:
    return {"pop": "avslutade", "insats": frozenset(i.pk for i in med)}


def _orsaker(u: Underlag, antal_per_orsak: dict) -> tuple[list, bool]:
    """The reasons shown as rows, and whether some exits lack a reason."""
    orsaker = synliga_koder(u, u.avslutsorsaker, antal_per_orsak, alltid=u.avslutsorsaker_i_kraft)
    return orsaker, bool(antal_per_orsak.get(None))


def _orsaksrader(orsaker: list, saknas: bool, varden) -> list[Rad]:
    rader = [
        Rad(
            o.namn,
            varden(o.pk),
            {"kort_etikett": o.kort_etikett} if o.kort_etikett else {},
            nyckel={"orsak": o.pk},
        )
        for o in orsaker
    ]
    if saknas:
        rader.append(Rad(_saknas(), varden(None), nyckel={"orsak": None}, saknas=True))
    return rader


def _nollor(u: Underlag, orsaker: list, saknas: bool, **nyckel) -> list[dict]:
    """Keys of the reasons left out of a table because no one ended with them."""
    visade = {o.pk for o in orsaker} | ({None} if saknas else set())
    return [{"orsak": o.pk, **nyckel} for o in u.avslutsorsaker if o.pk not in visade]


def _extrarader(u: Underlag, rader: list[Rad], bredd: int) -> list[Extrarad]:
    """"Med avslutsorsak" (the share base) when a reason is missing, then "Arbete eller studier"."""
    extrarader = []
    kanda = kand_uppgift_rad(
        rader,
        bredd,
        etikett=_("Med avslutsorsak"),
        nyckel={"orsak": frozenset(o.pk for o in u.avslutsorsaker)},
    )
    if kanda is not None:
        extrarader.append(kanda)
    index = [i for i, rad in enumerate(rader) if rad.nyckel.get("orsak") in _arbete_studier(u)]
    if index:
        extrarader.append(
            Extrarad(
                _arbete_eller_studier(),
                [None] * bredd,
                av_rader=index,
                nyckel={"orsak": frozenset(_arbete_studier(u))},
            )
        )
    return extrarader


def _arbete_studier(u: Underlag) -> set:
    return {o.pk for o in u.avslutsorsaker if o.arbete_eller_studier}


def _andelsbas(rader: list[Rad]):
    return ("e", 0) if any(r.saknas for r in rader) else KOLUMNSUMMA


def avslutsorsak(u: Underlag) -> Tabell:
    """Table 5 (2025 Tabell 4): reasons as rows, insatser as columns."""
    insatser, noter = _med_orsak(u)
    ids = {i.pk for i in insatser}
    antal: dict = defaultdict(int)
    for insats_id, _kon, _s, orsak, _ar, n in u.fordelning["avslut"]:
        if insats_id in ids:
            antal[(orsak, insats_id)] += n
            antal[orsak] += n
    orsaker, saknas = _orsaker(u, antal)
    rader = _orsaksrader(orsaker, saknas, lambda o: [antal.get((o, i.pk), 0) for i in insatser] + [None, None])
    kolumner = [Kolumn(u.kortnamn(i), nyckel={"insats": i.pk}) for i in insatser] + [totalt()]
    kolumner.append(Kolumn(_("Andel (%)"), typ=ANDEL, taljare=len(insatser), namnare=_andelsbas(rader)))
    return Tabell(
        rapport="avslutsorsak",
        titel=TITLAR["avslutsorsak"],
        fran=u.fran,
        till=u.till,
        kolumner=kolumner,
        rader=rader,
        radsummor=[(len(insatser), list(range(len(insatser))))],
        extrarader=_extrarader(u, rader, len(kolumner)),
        noter=noter,
        extra={"insatser": [u.namn(i) for i in insatser]},
        nyckel=_bas(insatser),
        nollnycklar=_nollor(u, orsaker, saknas),
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
    orsaker, saknas = _orsaker(u, antal)
    tomma = [None] * (len(koder) + 1)
    rader = _orsaksrader(orsaker, saknas, lambda o: [antal.get((o, k), 0) for k in koder] + tomma)
    kolumner = [*kon_kolumner(koder), totalt()]
    kolumner += andelskolumner(kolumner, list(range(len(kolumner))), bas=_andelsbas(rader))
    return Tabell(
        rapport="avslutsorsak-kon",
        titel=TITLAR["avslutsorsak-kon"],
        fran=u.fran,
        till=u.till,
        kolumner=kolumner,
        rader=rader,
        radsummor=[(len(koder), list(range(len(koder))))],
        extrarader=_extrarader(u, rader, len(kolumner)),
        noter=[_("Andelarna är andelar av de avslutade med avslutsorsak av respektive kön."), *noter],
        nyckel=_bas(insatser),
        nollnycklar=_nollor(u, orsaker, saknas),
    )


def avslutsorsak_insats_kon(u: Underlag) -> Tabell:
    """The reasons of each insats by kön in one table (rows insats × reason, a subtotal per
    insats): what the report writes as "n deltagare (x kvinnor och y män)"."""
    insatser, noter = _med_orsak(u)
    ids = {i.pk for i in insatser}
    antal: dict = defaultdict(int)
    per_orsak: dict = defaultdict(lambda: defaultdict(int))
    forekommande_kon = set()
    for insats_id, kon, _s, orsak, _ar, n in u.fordelning["avslut"]:
        if insats_id in ids and n:
            antal[(insats_id, orsak, kon)] += n
            per_orsak[insats_id][orsak] += n
            forekommande_kon.add(kon)
    koder = kon_koder(forekommande_kon)
    tomma = [None]
    rader: list[Rad] = []
    extrarader: list[Extrarad] = []
    nollor: list[dict] = []
    for insats in insatser:
        per_orsak_i = per_orsak[insats.pk]
        visade = [
            o
            for o in u.avslutsorsaker
            if per_orsak_i.get(o.pk) or (u.visa_tomma and o.pk in u.avslutsorsaker_i_kraft)
        ]
        start = len(rader)
        for orsak in visade:
            rad = Rad(
                orsak.namn,
                [antal.get((insats.pk, orsak.pk, k), 0) for k in koder] + tomma,
                {"insats": u.namn(insats), "kortnamn": insats.kortnamn}
                | ({"kort_etikett": orsak.kort_etikett} if orsak.kort_etikett else {}),
                nyckel={"insats": insats.pk, "orsak": orsak.pk},
            )
            rader.append(rad)
        if per_orsak_i.get(None):
            rader.append(
                Rad(
                    _saknas(),
                    [antal.get((insats.pk, None, k), 0) for k in koder] + tomma,
                    {"insats": u.namn(insats), "kortnamn": insats.kortnamn},
                    nyckel={"insats": insats.pk, "orsak": None},
                    saknas=True,
                )
            )
        extrarader.append(
            Extrarad(
                _("%(insats)s totalt") % {"insats": u.namn(insats)},
                [None] * (len(koder) + 1),
                av_rader=list(range(start, len(rader))),
                nyckel={"insats": insats.pk},
            )
        )
        visade_pk = {o.pk for o in visade} | ({None} if per_orsak_i.get(None) else set())
        nollor += [
            {"insats": insats.pk, "orsak": o}
            for o in [*(o.pk for o in u.avslutsorsaker), None]
            if o not in visade_pk
        ]
    return Tabell(
        rapport="avslutsorsak-insats-kon",
        titel=TITLAR["avslutsorsak-insats-kon"],
        fran=u.fran,
        till=u.till,
        kolumner=[*kon_kolumner(koder), totalt()],
        rader=rader,
        radsummor=[(len(koder), list(range(len(koder))))],
        extrarader=extrarader,
        noter=[_("Avslutsorsaker utan avslutade i insatsen visas inte."), *noter],
        nyckel=_bas(insatser),
        nollnycklar=nollor,
    )


def arbete_studier_kon(u: Underlag) -> Tabell:
    """Who went on to work or studies, by kön: the share of each kön's exits, and each kön's
    share of all who went on to work or studies (halvårsrapport 2025 §1.4)."""
    insatser, noter = _med_orsak(u)
    ids = {i.pk for i in insatser}
    arbete_studier = _arbete_studier(u)
    med_orsak: dict = defaultdict(int)
    till_as: dict = defaultdict(int)
    for insats_id, kon, _s, orsak, _ar, n in u.fordelning["avslut"]:
        if insats_id in ids and orsak is not None:
            med_orsak[kon] += n
            if orsak in arbete_studier:
                till_as[kon] += n
    koder = kon_koder((k for k, n in med_orsak.items() if n))
    rubriker = {k.nyckel["kon"]: k.etikett for k in kon_kolumner(koder)}
    rader = [
        Rad(rubriker[kod], [med_orsak.get(kod, 0), till_as.get(kod, 0), None, None], nyckel={"kon": kod})
        for kod in koder
    ]
    kolumner = [
        Kolumn(_("Avslutade med avslutsorsak"), nyckel={"orsak": frozenset(o.pk for o in u.avslutsorsaker)}),
        Kolumn(_arbete_eller_studier(), nyckel={"orsak": frozenset(arbete_studier)}),
        Kolumn(_("Andel av avslutade (%)"), typ=ANDEL, taljare=1, namnare=0),
        Kolumn(_("Andel av dem som gick till arbete eller studier (%)"), typ=ANDEL, taljare=1, namnare=KOLUMNSUMMA),
    ]
    return Tabell(
        rapport="arbete-studier-kon",
        titel=TITLAR["arbete-studier-kon"],
        fran=u.fran,
        till=u.till,
        kolumner=kolumner,
        rader=rader,
        noter=[
            _(
                "Andel av avslutade: andelen av könets avslutade med avslutsorsak som gick till arbete "
                "eller studier. Andel av dem som gick till arbete eller studier: könets andel av alla "
                "som gjorde det."
            ),
            *noter,
        ],
        nyckel=_bas(insatser),
    )


def _grupprader(u: Underlag, antal: dict, varden) -> list[Rad]:
    """One row per avslutsgrupp, and "Avslutsorsak saknas" when a reason is missing."""
    rader = [
        Rad(
            g.namn,
            varden(g.pk),
            {"kort_etikett": g.kort_etikett} if g.kort_etikett else {},
            nyckel={"orsak": frozenset(o.pk for o in u.avslutsorsaker if o.grupp_id == g.pk)},
        )
        for g in u.avslutsgrupper
    ]
    if any(v for k, v in antal.items() if k[0] is None):
        rader.append(Rad(_saknas(), varden(None), nyckel={"orsak": None}, saknas=True))
    return rader


def avslutsgrupp(u: Underlag) -> Tabell:
    """Table 7: ended per insats and avslutsgrupp, with each group's share of the row's known
    reasons."""
    insatser, noter = _med_orsak(u)
    ids = {i.pk for i in insatser}
    grupp_for = {o.pk: o.grupp_id for o in u.avslutsorsaker}
    antal: dict = defaultdict(int)
    for insats_id, _kon, _s, orsak, _ar, n in u.fordelning["avslut"]:
        if insats_id in ids:
            antal[(insats_id, grupp_for.get(orsak))] += n
    grupper = list(u.avslutsgrupper)
    nycklar = [g.pk for g in grupper]
    kolumner = [
        Kolumn(
            g.namn,
            nyckel={"orsak": frozenset(o.pk for o in u.avslutsorsaker if o.grupp_id == g.pk)},
        )
        for g in grupper
    ]
    saknas = any(v for (_i, g), v in antal.items() if g is None)
    if saknas:
        nycklar.append(None)
        kolumner.append(Kolumn(_saknas(), nyckel={"orsak": None}))
    tot = len(kolumner)
    kolumner.append(totalt())
    # Shares of the row's exits with a reason: Totalt less "Avslutsorsak saknas".
    bas = ("skillnad", tot, tot - 1) if saknas else tot
    kolumner += [
        Kolumn(f"{kolumner[j].etikett} (%)", typ=ANDEL, taljare=j, namnare=bas) for j in range(len(grupper))
    ]
    rader = [
        Rad(
            u.namn(i),
            [antal.get((i.pk, g), 0) for g in nycklar] + [None] * (len(kolumner) - len(nycklar)),
            u.insatsrad(i),
            nyckel={"insats": i.pk},
        )
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
        noter=[_("Andelarna är andelar av insatsens avslutade med avslutsorsak."), *noter],
        nyckel=_bas(insatser),
    )


def avslutsgrupp_kon(u: Underlag) -> Tabell:
    """The avslutsgrupper by kön, counts and shares of each kön's exits with a reason."""
    insatser, noter = _med_orsak(u)
    ids = {i.pk for i in insatser}
    grupp_for = {o.pk: o.grupp_id for o in u.avslutsorsaker}
    antal: dict = defaultdict(int)
    for insats_id, kon, _s, orsak, _ar, n in u.fordelning["avslut"]:
        if insats_id in ids:
            antal[(grupp_for.get(orsak), kon)] += n
    koder = kon_koder((kon for (_g, kon), n in antal.items() if n))
    tomma = [None] * (len(koder) + 1)
    rader = _grupprader(u, antal, lambda g: [antal.get((g, k), 0) for k in koder] + tomma)
    kolumner = [*kon_kolumner(koder), totalt()]
    kolumner += andelskolumner(kolumner, list(range(len(kolumner))), bas=_andelsbas(rader))
    extrarader = []
    kanda = kand_uppgift_rad(
        rader, len(kolumner), etikett=_("Med avslutsorsak"), nyckel={"orsak": frozenset(o.pk for o in u.avslutsorsaker)}
    )
    if kanda is not None:
        extrarader.append(kanda)
    return Tabell(
        rapport="avslutsgrupp-kon",
        titel=TITLAR["avslutsgrupp-kon"],
        fran=u.fran,
        till=u.till,
        kolumner=kolumner,
        rader=rader,
        radsummor=[(len(koder), list(range(len(koder))))],
        extrarader=extrarader,
        noter=[_("Andelarna är andelar av de avslutade med avslutsorsak av respektive kön."), *noter],
        nyckel=_bas(insatser),
    )


def flerar(u: Underlag) -> Tabell:
    """Table 15: the groups' shares year by year, one column per calendar year of the period."""
    grupp_for = {o.pk: o.grupp_id for o in u.avslutsorsaker}
    arbete_studier = _arbete_studier(u)
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
    tomma = [None] * (len(ar) + 1)
    rader = _grupprader(u, antal, lambda g: [antal.get((g, a), 0) for a in ar] + tomma)
    kolumner = [Kolumn(str(a), nyckel={"ar": a}) for a in ar] + [totalt()]
    bas = _andelsbas(rader)
    kolumner += andelskolumner(kolumner, list(range(len(ar))), bas=bas)
    extrarader = []
    kanda = kand_uppgift_rad(
        rader, len(kolumner), etikett=_("Med avslutsorsak"), nyckel={"orsak": frozenset(o.pk for o in u.avslutsorsaker)}
    )
    if kanda is not None:
        extrarader.append(kanda)
    extrarader.append(
        Extrarad(
            _arbete_eller_studier(),
            [as_antal.get(a, 0) for a in ar] + tomma,
            nyckel={"orsak": frozenset(arbete_studier)},
        )
    )
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
        nyckel=_bas(insatser),
    )
