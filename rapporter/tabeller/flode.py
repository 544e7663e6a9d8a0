"""Tables 1–4 and 16: the flow, participants per insats and kön, and Uppföljning Finsam."""

import datetime
from collections.abc import Iterable

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from deltagare.models import Deltagare, aktiv_q
from insatser.models import Insats

from ..namn import TITLAR
from .hjalp import kon_koder, kon_kolumner, totalt
from .tabell import Extrarad, Kolumn, Rad, Tabell
from .underlag import ALLA_KON, STODMATT, Underlag


def flode(u: Underlag) -> Tabell:
    matt = {m: u.summor(m, per=("kon",)) for m in ("aktiva", "borjade", "avslutade")}
    koder = kon_koder((k for summor in matt.values() for (k,), v in summor.items() if v))
    if u.publicering:
        # The published flow (2025 Figur 1) has the counts only. Split by kön its remaining
        # rows are differences of small counts that would hide the period's totals by kön.
        koder = []

    def per_kon(varde) -> list:
        # The count column is the sum of the kön columns (radsummor); without them it is counted.
        return [None if koder else sum(varde(k) for k in ALLA_KON)] + [varde(kod) for kod in koder]

    rader = [
        # Kvar från/till are differences of the others (the relations below), named as counts
        # of their own so that the masking knows how detailed they are.
        Rad(
            _("Kvar från föregående period"),
            per_kon(lambda k: matt["aktiva"][(k,)] - matt["borjade"][(k,)]),
            nyckel={"pop": "kvar_fran"},
        ),
        Rad(_("Började"), per_kon(lambda k: matt["borjade"][(k,)]), nyckel={"pop": "borjade"}),
        Rad(_("Avslutade"), per_kon(lambda k: matt["avslutade"][(k,)]), nyckel={"pop": "avslutade"}),
        Rad(
            _("Kvar till nästa period"),
            per_kon(lambda k: matt["aktiva"][(k,)] - matt["avslutade"][(k,)]),
            nyckel={"pop": "kvar_till"},
        ),
    ]
    kolumner = [Kolumn(_("Antal"), nyckel={}), *kon_kolumner(koder)]
    antal = range(len(kolumner))
    stod = {m: u.summor(m, per=("kon",)) for m in STODMATT}
    # Counted among the period's participants: table 14 shows the same counts per insats.
    extrarader = [
        Extrarad(_("Varav med lots"), per_kon(lambda k: stod["med_lots"][(k,)]), nyckel={"pop": "aktiva", "lots": True}),
        Extrarad(
            _("Varav med arbetsträning"),
            per_kon(lambda k: stod["med_arbetstraning"][(k,)]),
            nyckel={"pop": "aktiva", "arbetstraning": True},
        ),
    ]
    return Tabell(
        rapport="flode",
        titel=TITLAR["flode"],
        fran=u.fran,
        till=u.till,
        kolumner=kolumner,
        rader=rader,
        radsummor=[(0, list(antal)[1:])] if koder else [],
        # The period's participants: those remaining from before and those who started.
        summa_av=[0, 1],
        extrarader=extrarader,
        relationer=[
            {("r", 0, j): 1, ("r", 1, j): 1, ("r", 2, j): -1, ("r", 3, j): -1} for j in antal
        ],
        noter=[
            _(
                "Totalt är antalet deltagare under perioden (kvar från föregående period och "
                "började). Kvar till nästa period = deltagare under perioden − avslutade. Med lots och med "
                "arbetsträning räknas bland deltagarna under perioden."
            ),
            *([_("För publicering visas flödet utan uppdelning på kön.")] if u.publicering else []),
            *_raknesatt_not(u),
            *_negativt_kvar_not(u, matt),
        ],
        nyckel={},
        summanyckel={"pop": "aktiva"},
    )


def _raknesatt_not(u: Underlag) -> list[str]:
    vid_start = [u.namn(i) for i in u.insatser if i.raknas_vid_start]
    if not vid_start:
        return []
    return [
        _(
            "%(insatser)s räknas som deltagare i perioden för startdatum (teammötet); "
            "avslutet räknas i perioden för slutdatum."
        )
        % {"insatser": ", ".join(vid_start)}
    ]


def _negativt_kvar_not(u: Underlag, matt: dict) -> list[str]:
    """Kvar till nästa period is the reports' difference (2025 Figur 1: 381 − 190 = 191). An
    insats counted at the team meeting has as participants only those who started in the
    period, while its exits may be of earlier periods' participants: the difference can be
    negative, and the reader is told why rather than shown a number that looks wrong."""
    # The count column is the sum of the kön columns: negative only if one of them is.
    if all(matt["aktiva"][(k,)] >= matt["avslutade"][(k,)] for k in ALLA_KON):
        return []
    vid_start = [u.namn(i) for i in u.insatser if i.raknas_vid_start]
    return [
        _(
            "Kvar till nästa period blir negativt när fler avslutas än som räknas som deltagare i "
            "perioden: %(insatser)s räknar deltagarna vid teammötet, så avsluten i perioden kan gälla "
            "deltagare från tidigare perioder."
        )
        % {"insatser": ", ".join(vid_start) or _("en insats")}
    ]


def _per_insats_och_kon(u: Underlag, namn: str, matt: str) -> Tabell:
    summor = u.summor(matt, per=("insats", "kon"))
    koder = kon_koder((kon for (_i, kon), v in summor.items() if v))
    kolumner = [*kon_kolumner(koder), totalt()]
    rader = [
        Rad(
            u.namn(insats),
            [summor.get((insats.pk, kod), 0) for kod in koder] + [None],
            u.insatsrad(insats),
            nyckel={"insats": insats.pk},
        )
        for insats in u.insatser
    ]
    return Tabell(
        rapport=namn,
        titel=TITLAR[namn],
        fran=u.fran,
        till=u.till,
        kolumner=kolumner,
        rader=rader,
        radsummor=[(len(koder), list(range(len(koder))))],
        noter=_raknesatt_not(u),
        nyckel={"pop": matt},
    )


def aktiva(u: Underlag) -> Tabell:
    return _per_insats_och_kon(u, "aktiva", "aktiva")


def borjade(u: Underlag) -> Tabell:
    return _per_insats_och_kon(u, "borjade", "borjade")


def avslutade(u: Underlag) -> Tabell:
    return _per_insats_och_kon(u, "avslutade", "avslutade")


def finsam(u: Underlag) -> Tabell:
    """Table 16: what Uppföljning Finsam asks for, by juridiskt kön."""
    kolumner: list[Kolumn] = []
    radsummor = []
    matt_namn = (("aktiva", _("Aktiva")), ("borjade", _("Började")), ("avslutade", _("Avslutade")))
    for matt, rubrik in matt_namn:
        start = len(kolumner)
        kolumner += [
            Kolumn(_("%(matt)s kvinnor") % {"matt": rubrik}, nyckel={"pop": matt, "jkon": "K"}),
            Kolumn(_("%(matt)s män") % {"matt": rubrik}, nyckel={"pop": matt, "jkon": "M"}),
            Kolumn(_("%(matt)s totalt") % {"matt": rubrik}, nyckel={"pop": matt, "jkon": frozenset({"K", "M"})}),
        ]
        radsummor.append((start + 2, [start, start + 1]))
    # Those without juridiskt kön per measure. The started and ended ones came after the
    # active: they are the totals by kön (tables 3 and 4) less the totals here, so a reader
    # has them shown or not, and as columns the masking protects them like any count.
    for matt, rubrik in matt_namn:
        kolumner.append(Kolumn(_("%(matt)s utan juridiskt kön") % {"matt": rubrik}, nyckel={"pop": matt, "jkon": ""}))
    summor = {m: u.summor(m, per=("insats", "juridiskt_kon")) for m, _r in matt_namn}
    rader = []
    for insats in u.insatser:
        varden: list = []
        for matt, _rubrik in matt_namn:
            varden += [summor[matt].get((insats.pk, "K"), 0), summor[matt].get((insats.pk, "M"), 0), None]
        for matt, _rubrik in matt_namn:
            varden.append(sum(v for (i, jk), v in summor[matt].items() if i == insats.pk and jk not in ("K", "M")))
        rader.append(Rad(u.namn(insats), varden, u.insatsrad(insats), nyckel={"insats": insats.pk}))
    return Tabell(
        rapport="finsam",
        titel=TITLAR["finsam"],
        fran=u.fran,
        till=u.till,
        kolumner=kolumner,
        rader=rader,
        radsummor=radsummor,
        noter=[
            _(
                "Totalt = kvinnor + män efter juridiskt kön, som i Uppföljning Finsam. Deltagare "
                "utan juridiskt kön räknas i egna kolumner."
            ),
            *_raknesatt_not(u),
        ],
        nyckel={},
    )


def finsam_export(
    *, fran: datetime.date, till: datetime.date, insatser: Iterable[Insats] | None = None
) -> dict:
    """Active participants per insats by juridiskt kön for /api/finsam/, in one query."""
    if fran > till:
        raise ValueError(
            _("Periodens startdatum (%(fran)s) ligger efter slutdatumet (%(till)s).")
            % {"fran": fran.isoformat(), "till": till.isoformat()}
        )
    valda = None if insatser is None else {i.pk: i for i in insatser}
    deltagare = Deltagare.objects.filter(aktiv_q(fran, till))
    if valda is not None:
        deltagare = deltagare.filter(insats_id__in=list(valda))
    rader = (
        deltagare.values("insats_id", "insats__namn", "insats__kortnamn", "insats__sortering")
        .annotate(
            kvinnor=Count("pk", filter=Q(juridiskt_kon="K")),
            man=Count("pk", filter=Q(juridiskt_kon="M")),
            utan=Count("pk", filter=~Q(juridiskt_kon__in=["K", "M"])),
        )
        .order_by()
    )
    per_insats = {
        r["insats_id"]: {
            "namn": r["insats__namn"],
            "kortnamn": r["insats__kortnamn"],
            "sortering": r["insats__sortering"],
            "kvinnor": r["kvinnor"],
            "män": r["man"],
            "utan_juridiskt_kon": r["utan"],
        }
        for r in rader
    }
    for pk, insats in (valda or {}).items():
        per_insats.setdefault(
            pk,
            {
                "namn": insats.namn,
                "kortnamn": insats.kortnamn,
                "sortering": insats.sortering,
                "kvinnor": 0,
                "män": 0,
                "utan_juridiskt_kon": 0,
            },
        )
    ordnade = sorted(per_insats.values(), key=lambda r: (r["sortering"], r["namn"]))
    for rad in ordnade:
        rad["totalt"] = rad["kvinnor"] + rad["män"]
    summa = {
        nyckel: sum(r[nyckel] for r in ordnade) for nyckel in ("kvinnor", "män", "totalt", "utan_juridiskt_kon")
    }
    return {
        "fran": fran.isoformat(),
        "till": till.isoformat(),
        "insatser": [
            {k: r[k] for k in ("namn", "kortnamn", "kvinnor", "män", "totalt", "utan_juridiskt_kon")}
            for r in ordnade
        ],
        "summa": summa,
    }
