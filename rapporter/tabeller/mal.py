"""Table 14: förväntat resultat and utfall per insats, as the annual report's "Förväntat |
Utfall" (docs/regler.md §3).

One row per goal of each insats (insatser.Mal), and for every insats always a row of its
participants (labelled with the insats' name, or name and year over several years), its
participants with lots or arbetsträning when there are any, and the results of its follow-ups.
Outcomes are counted by kön. A count target is pro-rated over the part of its year or project
period that the report covers (a half-year is half the year's target), with the whole target
beside it; shares are compared as they are. Over several years, goals of a year are compared
with that year, and goals of a project period with the whole report period.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from insatser.models import Mal

from ..namn import TITLAR
from .hjalp import kon_koder, kon_kolumner
from .tabell import ANDEL, MAL, OKANT_KON, Kolumn, Rad, Tabell
from .underlag import Underlag, kon_kod

# Column indices; the kön columns follow "Utfall", then the base of the share and the targets.
FORVANTAT, UTFALL, FORSTA_KON = 0, 1, 2


@dataclass
class Del:
    """The outcome of one insats over one stretch of the report (a year, or the whole period),
    each a count per kön."""

    deltagare: dict = field(default_factory=dict)
    lots: dict = field(default_factory=dict)
    arbetstraning: dict = field(default_factory=dict)
    avslut: dict = field(default_factory=lambda: defaultdict(int))  # (avslutsorsak, kön) → ended
    uppfoljningar: dict = field(default_factory=lambda: defaultdict(int))  # (Resultat, kön) → done


@dataclass(frozen=True)
class Resultat:
    """A follow-up's result: an outcome (genomförd) or the reason it could not be done."""

    genomford: bool
    pk: int
    sortering: int
    namn: str
    arbete_eller_studier: bool


class Bygge:
    """The rows of table 14, the equalities between their cells and what each count is (its key,
    for the joint masking of a publication: the participants of an insats by kön are the same
    counts as in table 2, its exits to an outcome are counts of the exit tables, lots and
    arbetsträning add up to the rows of table 1)."""

    def __init__(self, koder: list[str]):
        self.koder = koder
        self.bas = FORSTA_KON + len(koder)
        self.hela, self.andel, self.andel_kvinnor = self.bas + 1, self.bas + 2, self.bas + 3
        self.kolumner = [
            Kolumn(_("Förväntat antal"), typ=MAL, summeras=False),
            Kolumn(_("Utfall"), summeras=False),
            *[Kolumn(k.etikett, summeras=False) for k in kon_kolumner(koder)],
            Kolumn(_("Bas för andelen"), summeras=False),
            Kolumn(_("Förväntat antal, helår eller hela projektperioden"), typ=MAL, summeras=False),
            Kolumn(_("Förväntad andel (%)"), typ=MAL, summeras=False),
            Kolumn(_("Förväntad andel kvinnor (%)"), typ=MAL, summeras=False),
            Kolumn(_("Utfall i förhållande till förväntat antal (%)"), typ=ANDEL, taljare=UTFALL, namnare=FORVANTAT),
            Kolumn(_("Andel (%)"), typ=ANDEL, taljare=UTFALL, namnare=self.bas),
            # Of those with a known kön (shares of known answers, docs/regler.md §3); the
            # unknown are the "Okänt kön" column beside.
            Kolumn(_("Andel kvinnor (%)"), typ=ANDEL, taljare=FORSTA_KON, namnare=self._kand_kon_bas()),
        ]
        self.rader: list[Rad] = []
        self.relationer: list[dict] = []
        self.cellnycklar: dict = {}

    def _kand_kon_bas(self) -> int | tuple:
        if OKANT_KON not in self.koder:
            return UTFALL
        return ("skillnad", UTFALL, FORSTA_KON + self.koder.index(OKANT_KON))

    def rad(
        self,
        etikett: str,
        per_kon: dict | None,
        *,
        extra: dict,
        bas: int | None = None,
        mal: Mal | None = None,
        period: tuple[datetime.date, datetime.date] | None = None,
        slag: str,
        nyckel: dict | None = None,
        basnyckel: dict | None = None,
    ) -> int:
        """One row; ``nyckel`` says what its outcome counts (by kön and in total), ``basnyckel``
        what its base counts; without them the counts are the table's own."""
        i = len(self.rader)
        varden = [None] * len(self.kolumner)
        if per_kon is not None:
            for j, kod in enumerate(self.koder):
                varden[FORSTA_KON + j] = per_kon.get(kod, 0)
                if nyckel is not None:
                    self.cellnycklar[("r", i, FORSTA_KON + j)] = nyckel | {"kon": kod}
            if nyckel is not None:
                self.cellnycklar[("r", i, UTFALL)] = nyckel
        varden[self.bas] = bas
        if basnyckel is not None:
            self.cellnycklar[("r", i, self.bas)] = basnyckel
        data = dict(extra, slag=str(slag))
        if mal is not None:
            varden[FORVANTAT] = mal.forvantat_antal(*period)
            varden[self.hela] = mal.antal
            varden[self.andel] = mal.andel
            varden[self.andel_kvinnor] = mal.andel_kvinnor
            data.update(
                mal_id=mal.pk,
                typ=mal.typ,
                beskrivning=mal.beskrivning,
                malperiod=mal.period_text,
                andel_av_malperioden=round(mal.andel_av_malperioden(*period), 4),
                bedomning=mal.get_bedomning_display() if mal.bedomning else None,
                kommentar=mal.kommentar or None,
            )
        self.rader.append(Rad(etikett, varden, data))
        return i

    def lika(self, a: tuple[int, int], b: tuple[int, int]) -> None:
        """Two cells hold the same count."""
        self.relationer.append({("r", *a): 1, ("r", *b): -1})

    def summa(self, summa: tuple[int, int], delar: list[tuple[int, int]]) -> None:
        relation = {("r", *d): 1 for d in delar}
        relation[("r", *summa)] = -1
        self.relationer.append(relation)


def malupfyllelse(u: Underlag) -> Tabell:
    flera_ar = len(u.ar) > 1
    delar = _utfall(u, flera_ar)
    koder = kon_koder(
        [kon for d in delar.values() for per_kon in (d.deltagare, d.lots, d.arbetstraning) for kon, n in per_kon.items() if n]
        + [kon for d in delar.values() for (_r, kon), n in [*d.avslut.items(), *d.uppfoljningar.items()] if n]
    )
    b = Bygge(koder)
    # Every exit reason of the period (the base of a share of exits), without a code-list query.
    med_orsak = frozenset(rad[3] for rad in u.fordelning["avslut"] if rad[3] is not None and rad[-1])
    noter: list[str] = []
    for insats in u.insatser:
        insatsens = [m for m in u.mal if m.insats_id == insats.pk]
        stracker = [(ar, u.ar_period(ar)) for ar in u.ar] if flera_ar else [(None, (u.fran, u.till))]
        for ar, period in stracker:
            aktuella = [m for m in insatsens if m.ar == ar] if flera_ar else insatsens
            namn = f"{u.namn(insats)} {ar}" if flera_ar else u.namn(insats)
            stracka = Stracka(u.namn(insats), namn, ar, period, med_orsak)
            _insatsens_rader(b, insats, stracka, delar[(insats.pk, ar)], aktuella, alltid=True)
        if flera_ar:
            # A project period's goals over several years: compared with the whole period.
            for mal in (m for m in insatsens if m.ar is None):
                stracka = Stracka(u.namn(insats), f"{u.namn(insats)} {mal.period_text}", None, (u.fran, u.till), med_orsak)
                _insatsens_rader(b, insats, stracka, delar[(insats.pk, None)], [mal], alltid=False)

    noter += [
        _(
            "Förväntat antal är målet för året eller projektperioden fördelat på den del av den som perioden "
            "täcker (ett halvår är halva årets mål); hela målet står i en egen kolumn. Andelar jämförs som de är."
        ),
        _(
            "Med lots och med arbetsträning räknas bland deltagarna under perioden. Uppföljningar räknas efter "
            "dagen de gjordes; andelen i arbete eller studier räknas på de genomförda."
        ),
    ]
    if flera_ar:
        noter.append(_("Mål för ett år jämförs med utfallet det året, mål för en projektperiod med hela perioden."))
    namn_for = {i.pk: u.namn(i) for i in u.insatser}
    for mal in u.mal:
        if mal.ar is None and (mal.start > u.fran or mal.slut < u.till):
            noter.append(
                _(
                    "%(insats)s: målet för projektperioden %(period)s jämförs med utfallet för hela den valda "
                    "perioden; förväntat antal avser den del av projektperioden som perioden täcker."
                )
                % {"insats": namn_for.get(mal.insats_id, ""), "period": mal.period_text}
            )
    if any(not i.registrerar_avslutsorsak for i in u.insatser):
        noter.append(_("Insatser som inte registrerar avslutsorsak saknar utfall för avslut."))
    if any(not r["u_hel"] for r in u.uppfoljningsutfall):
        noter.append(
            _(
                "Uppföljningar av gallrade deltagare i ett halvår som perioden bara delvis täcker kan inte "
                "räknas; antalet uppföljningar kan vara för lågt. Välj hela halvår för exakta siffror."
            )
        )
    return Tabell(
        rapport="malupfyllelse",
        titel=TITLAR["malupfyllelse"],
        fran=u.fran,
        till=u.till,
        kolumner=b.kolumner,
        rader=b.rader,
        radsummor=[(UTFALL, list(range(FORSTA_KON, b.bas)))],
        relationer=b.relationer,
        noter=noter,
        cellnycklar=b.cellnycklar,
    )


@dataclass(frozen=True)
class Stracka:
    """One stretch of an insats' rows: a year of a report over several years (``ar``), or the
    whole period."""

    insats: str  # the insats' name in the period
    namn: str  # the label of its rows
    ar: int | None
    period: tuple[datetime.date, datetime.date]
    med_orsak: frozenset  # every exit reason (the base of a share of exits)

    def nyckel(self, insats_id: int, pop: str, **villkor) -> dict:
        return {"pop": pop, "insats": insats_id, **({"ar": self.ar} if self.ar is not None else {}), **villkor}


def _insatsens_rader(b: Bygge, insats, s: Stracka, d: Del, malen: list[Mal], *, alltid: bool) -> None:
    """The rows of one insats over one stretch: participants, lots and arbetsträning, exits to
    an outcome, follow-ups, qualitative goals. With ``alltid`` the participants, support and
    follow-up results are shown also without a goal."""
    namn, period = s.namn, s.period
    extra = {"insats": s.insats, "kortnamn": insats.kortnamn, "ar": s.ar}
    efter_typ = defaultdict(list)
    for mal in malen:
        efter_typ[mal.typ].append(mal)
    deltagarna = s.nyckel(insats.pk, "aktiva")

    i_deltagare = None
    for mal in efter_typ[Mal.Typ.DELTAGARE] or ([None] if alltid else []):
        i = b.rad(namn, d.deltagare, extra=extra, mal=mal, period=period, slag=Mal.Typ.DELTAGARE, nyckel=deltagarna)
        if i_deltagare is not None:
            b.lika((i, UTFALL), (i_deltagare, UTFALL))
        i_deltagare = i
    antal_deltagare = sum(d.deltagare.values())

    for typ, etikett in ((Mal.Typ.LOTS, _("Med lots")), (Mal.Typ.ARBETSTRANING, _("Med arbetsträning"))):
        per_kon = getattr(d, typ)
        visas = efter_typ[typ] or ([None] if alltid and sum(per_kon.values()) else [])
        for mal in visas:
            i = b.rad(
                f"{namn} – {etikett}",
                per_kon,
                extra=extra,
                bas=antal_deltagare,
                mal=mal,
                period=period,
                slag=typ,
                nyckel=s.nyckel(insats.pk, "aktiva", **{str(typ): True}),
                basnyckel=deltagarna,
            )
            if i_deltagare is not None:
                b.lika((i, b.bas), (i_deltagare, UTFALL))

    i_avslut = None
    for mal in efter_typ[Mal.Typ.UTFALL]:
        etikett = _("%(insats)s – Avslutade till %(utfall)s") % {"insats": namn, "utfall": _(" eller ").join(mal.utfallsnamn)}
        if not insats.registrerar_avslutsorsak:
            b.rad(etikett, None, extra=extra, mal=mal, period=period, slag=Mal.Typ.UTFALL)
            continue
        per_kon: dict = defaultdict(int)
        for (orsak, kon), antal in d.avslut.items():
            if orsak in mal.orsaker:
                per_kon[kon] += antal
        med_orsak = sum(antal for (orsak, _kon), antal in d.avslut.items() if orsak is not None)
        i = b.rad(
            etikett,
            per_kon,
            extra=extra,
            bas=med_orsak,
            mal=mal,
            period=period,
            slag=Mal.Typ.UTFALL,
            nyckel=s.nyckel(insats.pk, "avslutade", orsak=frozenset(mal.orsaker)),
            basnyckel=s.nyckel(insats.pk, "avslutade", orsak=s.med_orsak),
        )
        if i_avslut is not None:
            b.lika((i, b.bas), (i_avslut, b.bas))
        i_avslut = i

    _uppfoljningsrader(b, namn, extra, d, efter_typ[Mal.Typ.UPPFOLJNING], period, alltid=alltid)

    for mal in efter_typ[Mal.Typ.KVALITATIVT]:
        b.rad(f"{namn} – {mal.beskrivning}", None, extra=extra, mal=mal, period=period, slag=Mal.Typ.KVALITATIVT)


def _uppfoljningsrader(b: Bygge, namn: str, extra: dict, d: Del, malen: list[Mal], period, *, alltid: bool) -> None:
    """One row per follow-up result that occurs, and the goal of being in work or studies at a
    follow-up, a share of those carried out."""
    resultat = sorted({r for (r, _kon) in d.uppfoljningar}, key=lambda r: (not r.genomford, r.sortering, r.namn))
    genomforda = sum(antal for (r, _kon), antal in d.uppfoljningar.items() if r.genomford)
    rader_for: dict[Resultat, int] = {}
    if alltid:
        for r in resultat:
            per_kon: dict = defaultdict(int)
            for (r2, kon), antal in d.uppfoljningar.items():
                if r2 == r:
                    per_kon[kon] += antal
            if r.genomford:
                etikett = _("%(insats)s – Uppföljning: %(utfall)s") % {"insats": namn, "utfall": r.namn}
                rader_for[r] = b.rad(etikett, per_kon, extra=extra, bas=genomforda, slag="uppfoljningsresultat")
            else:
                etikett = _("%(insats)s – Uppföljning kunde inte genomföras: %(orsak)s") % {"insats": namn, "orsak": r.namn}
                b.rad(etikett, per_kon, extra=extra, slag="ej_genomford")
        gjorda = [i for r, i in rader_for.items() if r.genomford]
        if gjorda:
            b.summa((gjorda[0], b.bas), [(i, UTFALL) for i in gjorda])
            for i in gjorda[1:]:
                b.lika((i, b.bas), (gjorda[0], b.bas))
    for mal in malen:
        per_kon = defaultdict(int)
        for (r, kon), antal in d.uppfoljningar.items():
            if r.genomford and r.arbete_eller_studier:
                per_kon[kon] += antal
        etikett = _("%(insats)s – I arbete eller studier vid uppföljning") % {"insats": namn}
        i = b.rad(etikett, per_kon, extra=extra, bas=genomforda, mal=mal, period=period, slag=Mal.Typ.UPPFOLJNING)
        delar = [(j, UTFALL) for r, j in rader_for.items() if r.arbete_eller_studier]
        if delar:
            b.summa((i, UTFALL), delar)
            b.lika((i, b.bas), (delar[0][0], b.bas))


def _utfall(u: Underlag, flera_ar: bool) -> dict[tuple, Del]:
    """Outcomes per (insats, year) over several years, and per (insats, None) for the whole
    period (project goals, and the only stretch of a period within one year)."""
    delar: dict[tuple, Del] = defaultdict(Del)
    for matt, attr in (("aktiva", "deltagare"), ("med_lots", "lots"), ("med_arbetstraning", "arbetstraning")):
        for (insats_id, kon), antal in u.summor(matt, per=("insats", "kon")).items():
            getattr(delar[(insats_id, None)], attr)[kon] = antal
        if flera_ar:
            for ar in u.ar:
                for (insats_id, kon), antal in u.summor(f"{matt}_{ar}", per=("insats", "kon")).items():
                    getattr(delar[(insats_id, ar)], attr)[kon] = antal
    for insats_id, kon, _s, orsak, _k2, antal in u.fordelning["avslut"]:
        delar[(insats_id, None)].avslut[(orsak, kon)] += antal
    if flera_ar:
        for insats_id, kon, _s, orsak, ar, antal in u.fordelning["avslut_ar"]:
            delar[(insats_id, ar)].avslut[(orsak, kon)] += antal
    for rad in u.uppfoljningsutfall:
        if not rad["u_hel"]:
            continue  # a frozen half-year the period only partly covers (a note says so)
        if rad["u_utfall"] is not None:
            resultat = Resultat(True, rad["u_utfall"], rad["u_utfall_sortering"], rad["u_utfall_namn"], bool(rad["u_arbete_studier"]))
        else:
            resultat = Resultat(False, rad["u_orsak"], rad["u_orsak_sortering"], rad["u_orsak_namn"], False)
        kon = kon_kod(rad["u_kon"])
        delar[(rad["u_insats"], None)].uppfoljningar[(resultat, kon)] += rad["u_antal"]
        if flera_ar and rad["u_ar"] is not None:
            delar[(rad["u_insats"], rad["u_ar"])].uppfoljningar[(resultat, kon)] += rad["u_antal"]
    return delar
