"""The database side of the reports: two wide queries that every table shares.

All tables of docs/regler.md §3 come from these, whatever the number of rows or insatser:

- ``flode``: one scan of the participants that can count in the period, grouped by insats,
  kön, juridiskt kön and samtycke, with conditional counts (active, started, ended, per year,
  data quality). Tables 1–4, 14, 16, 18.
- ``fordelning``: the participants started or ended in the period, grouped by every breakdown
  at once: GROUPING SETS on PostgreSQL, UNION ALL over one common table elsewhere. Related
  breakdowns share a grouping set (utbildning with tid utan arbete, försörjning at start with
  försörjning at exit), so the rows are hashed a few times, not once per table. The sets are
  kept small enough for PostgreSQL's estimate to choose hashing over sorting.
  Tables 5–13, 15, 17.
- small ones: the insatser, the code lists, förväntat resultat and overdue follow-ups.

The counting rule of each insats comes from ``deltagare.models.aktiv_q`` and its siblings, so
the reports count exactly as the rest of the system does.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When, prefetch_related_objects
from django.utils import timezone

from deltagare.choices import Kon
from deltagare.models import (
    Aldersgrupp,
    AnmalandePart,
    Avslutsgrupp,
    Avslutsorsak,
    Deltagare,
    Forsorjning,
    Stadsdel,
    TidUtanArbete,
    Uppfoljning,
    Utbildning,
    aktiv_q,
    avslutade_q,
    borjade_q,
)
from deltagare.services import add_months
from insatser.models import Insats, Mal

from ..perioder import avslutsorsak_galler, kontrollera_period
from .grupperingar import grupperingar
from .tabell import OKANT_KON

KANDA_KON = (Kon.KVINNA.value, Kon.MAN.value, Kon.ANNAN.value)
# Every kön a report can show, in column order; OKANT_KON for rows without one.
ALLA_KON = (*KANDA_KON, OKANT_KON)
# Codes that say the answer is missing: outside the share base like an empty field
# (docs/regler.md §3, shares on known answers).
SAKNAS_KODER = frozenset({"uppgift-saknas", "okand"})

# Grouping sets of the started/ended participants: name → grouped columns. Every set counts
# both started and ended; the tables pick what they need (see Underlag.fordelning).
MANGDER: dict[str, tuple[str, ...]] = {
    "utbildning_tid": ("insats_id", "kon", "samtycke", "utbildning_id", "tid_utan_arbete_id"),
    # Födelseår within one year (age = year − födelseår); over several years the age at start is
    # an expression, whose unknown number of values makes PostgreSQL sort instead of hash.
    "fodelsear": ("insats_id", "kon", "samtycke", "fodelsear"),
    "alder": ("insats_id", "kon", "samtycke", "alder"),
    "stadsdel": ("insats_id", "kon", "samtycke", "stadsdel_id"),
    "part": ("insats_id", "samtycke", "anmalande_part_id"),
    "forsorjning": ("insats_id", "samtycke", "forsorjning_start_id", "forsorjning_slut_id"),
    "avslut": ("insats_id", "kon", "samtycke", "avslutsorsak_id"),
    # Only when the period spans several years: exits per year (tables 14 and 15).
    "avslut_ar": ("insats_id", "kon", "avslutsorsak_id", "slut_ar"),
}
KOLUMNER = (
    "insats_id",
    "kon",
    "samtycke",
    "utbildning_id",
    "tid_utan_arbete_id",
    "fodelsear",
    "alder",
    "stadsdel_id",
    "anmalande_part_id",
    "forsorjning_start_id",
    "forsorjning_slut_id",
    "avslutsorsak_id",
    "slut_ar",
)
FORDELNINGSNAMN = (
    "utbildning",
    "tid_utan_arbete",
    "alder",
    "stadsdel",
    "anmalande_part",
    "forsorjning",
    "steg",
    "avslut",
    "avslut_ar",
)
# The participant's code field each breakdown counts by, as its keys k1 and k2 (None: not a
# code). Gallring keeps these keys (dataskydd.frysning), so a code they name must stay.
FORDELNINGARNAS_KODER = {
    "utbildning": ("utbildning", None),
    "tid_utan_arbete": ("tid_utan_arbete", None),
    "alder": (None, None),
    "stadsdel": ("stadsdel", None),
    "anmalande_part": ("anmalande_part", None),
    "forsorjning": ("forsorjning_start", None),
    "steg": ("forsorjning_start", "forsorjning_slut"),
    "avslut": ("avslutsorsak", None),
    "avslut_ar": ("avslutsorsak", None),
}
# Extra support a participant received, counted among the participants of the period (tables 1,
# 14): measure → the participant's field.
STODMATT = {"med_lots": "lots", "med_arbetstraning": "arbetstraning"}
# A follow-up's result as the report counts it (table 14): column → the follow-up's field.
UPPFOLJNINGSKOLUMNER = {
    "u_insats": "deltagare__insats_id",
    "u_kon": "deltagare__kon",
    "u_utfall": "utfall_id",
    "u_utfall_namn": "utfall__namn",
    "u_utfall_sortering": "utfall__sortering",
    "u_arbete_studier": "utfall__arbete_eller_studier",
    "u_orsak": "ej_genomford_orsak_id",
    "u_orsak_namn": "ej_genomford_orsak__namn",
    "u_orsak_sortering": "ej_genomford_orsak__sortering",
}
SAKNADE_FALT = (
    "fodelsear",
    "utbildning",
    "tid_utan_arbete",
    "forsorjning_start",
    "anmalande_part",
    "stadsdel",
)


def kon_kod(kon: str) -> str:
    return kon if kon in KANDA_KON else OKANT_KON


# Flow measures counted only when some insats has what they ask for (an expected length, an end
# date passed): 0 in every row otherwise, so the tables read them alike.
VALFRIA_MATT = ("langre_an_forvantat", "oavslutade_efter_slut")


class Underlag:
    """The data of one period and set of insatser; each query runs at most once."""

    def __init__(
        self,
        *,
        fran: datetime.date,
        till: datetime.date,
        insatser: Iterable[Insats] | None,
        deltagare: QuerySet[Deltagare] | None = None,
        visa_tomma: bool = False,
        publicering: bool = False,
    ):
        """``deltagare`` restricts the rows counted (gallring counts the rows it removes); such
        a partial count leaves out what earlier gallringar froze (dataskydd.frysning)."""
        kontrollera_period(fran, till)
        self.fran, self.till = fran, till
        self._deltagare = deltagare
        self.visa_tomma = visa_tomma
        # Notes of a publication name insatser without their small counts.
        self.publicering = publicering
        self.valda: list[Insats] | None = None
        if insatser is not None:
            self.valda = sorted({i.pk: i for i in insatser}.values(), key=lambda i: (i.sortering, i.namn))

    # --- period ---------------------------------------------------------------------------

    @property
    def ar(self) -> list[int]:
        return list(range(self.fran.year, self.till.year + 1))

    def ar_period(self, ar: int) -> tuple[datetime.date, datetime.date]:
        """The part of a calendar year that lies in the period (a whole year before it)."""
        start = datetime.date(ar, 1, 1)
        if ar == self.fran.year:
            start = self.fran
        return start, min(datetime.date(ar, 12, 31), self.till)

    @property
    def per_dag(self) -> datetime.date:
        """Overdue means overdue today when the period has not ended yet."""
        return min(self.till, timezone.localdate())

    # --- insatser -------------------------------------------------------------------------

    @cached_property
    def alla_insatser(self) -> list[Insats]:
        insatser = self.valda if self.valda is not None else list(Insats.objects.order_by("sortering", "namn"))
        # The names of the period (former names with a date): one query for all insatser.
        prefetch_related_objects(insatser, "tidigare_namn")
        return insatser

    @cached_property
    def _namn(self) -> dict[int, tuple[str, str]]:
        return {i.pk: i.namn_i_period(self.fran, self.till) for i in self.alla_insatser}

    def namn(self, insats: Insats) -> str:
        """The insats' name in the period (FINSAM-team before 2025)."""
        return self._namn[insats.pk][0]

    def kortnamn(self, insats: Insats) -> str:
        return self._namn[insats.pk][1]

    def insatsrad(self, insats: Insats) -> dict:
        """The extra keys of a row that is an insats."""
        extra = {"kortnamn": insats.kortnamn, "kort_etikett": self.kortnamn(insats)}
        if insats.esf:
            extra["esf"] = True
        return extra

    def _insatsfilter(self, prefix: str = "") -> Q:
        if self.valda is None:
            return Q()
        return Q(**{f"{prefix}insats_id__in": [i.pk for i in self.valda]})

    @cached_property
    def insatser(self) -> list[Insats]:
        """The chosen insatser, or else every insats with someone counted in the period."""
        if self.valda is not None:
            return self.valda
        med_deltagare = {
            nyckel[0]
            for nyckel, antal in self.flode.items()
            if antal["aktiva"] or antal["borjade"] or antal["avslutade"]
        }
        return [i for i in self.alla_insatser if i.pk in med_deltagare]

    # --- the flow scan (tables 1–4, 14, 16, 18) -------------------------------------------

    @cached_property
    def flode(self) -> dict[tuple, dict[str, int]]:
        fran, till = self.fran, self.till
        aktiv, avslutad = aktiv_q(fran, till), avslutade_q(fran, till)
        matt = {
            "aktiva": Count("pk", filter=aktiv),
            "borjade": Count("pk", filter=borjade_q(fran, till)),
            "avslutade": Count("pk", filter=avslutad),
            "avslutade_utan_orsak": Count("pk", filter=avslutad & Q(avslutsorsak__isnull=True)),
            "saknar_forsorjning_slut": Count("pk", filter=avslutad & Q(forsorjning_slut__isnull=True)),
        }
        for falt in SAKNADE_FALT:
            matt[f"saknar_{falt}"] = Count("pk", filter=aktiv & Q(**{f"{falt}__isnull": True}))
        for stod, falt in STODMATT.items():
            matt[stod] = Count("pk", filter=aktiv & Q(**{falt: True}))
        if len(self.ar) > 1:
            for ar in self.ar:
                matt[f"aktiva_{ar}"] = Count("pk", filter=aktiv_q(*self.ar_period(ar)))
                for stod, falt in STODMATT.items():
                    matt[f"{stod}_{ar}"] = Count("pk", filter=aktiv_q(*self.ar_period(ar)) & Q(**{falt: True}))
        langre = self._langre_an_forvantat_q()
        if langre is not None:
            matt["langre_an_forvantat"] = Count("pk", filter=langre)
        efter_slut = self._oavslutade_efter_slut_q()
        if efter_slut is not None:
            matt["oavslutade_efter_slut"] = Count("pk", filter=efter_slut)
        rader = (
            self._rader()
            .filter(self._insatsfilter())
            .filter(Q(startdatum__lte=till) & (Q(slutdatum__isnull=True) | Q(slutdatum__gte=fran)))
            .values("insats_id", "kon", "juridiskt_kon", "samtycke")
            .annotate(**matt)
            .order_by()
        )
        resultat: dict[tuple, dict[str, int]] = {}
        for rad in rader:
            nyckel = (rad.pop("insats_id"), rad.pop("kon"), rad.pop("juridiskt_kon"), bool(rad.pop("samtycke")))
            for namn in VALFRIA_MATT:
                rad.setdefault(namn, 0)
            resultat[nyckel] = rad
        if self.gallrat is not None:
            self.gallrat.lagg_till_flode(resultat, matt=list(dict.fromkeys([*matt, *VALFRIA_MATT])), underlag=self)
        return resultat

    def _oavslutade_efter_slut_q(self) -> Q | None:
        """Still without slutdatum in an insats that had ended by the report day: counted as
        active after their insats, period after period, and never gallrade."""
        slutade = [i.pk for i in self.alla_insatser if i.slutdatum and i.slutdatum < self.per_dag]
        if not slutade:
            return None
        return Q(insats_id__in=slutade, slutdatum__isnull=True)

    def _langre_an_forvantat_q(self) -> Q | None:
        """Started longer ago than the insats' expected length and not ended by then."""
        dag = self.per_dag
        villkor = None
        for insats in self.alla_insatser:
            if insats.forvantad_langd_manader:
                del_q = Q(insats_id=insats.pk, startdatum__lt=add_months(dag, -insats.forvantad_langd_manader))
                villkor = del_q if villkor is None else villkor | del_q
        if villkor is None:
            return None
        return villkor & (Q(slutdatum__isnull=True) | Q(slutdatum__gt=dag))

    def summor(self, matt: str, *, per=("insats", "kon")) -> dict[tuple, int]:
        """Sum a flow measure by some of insats, kon, juridiskt_kon, samtycke."""
        index = {"insats": 0, "kon": 1, "juridiskt_kon": 2, "samtycke": 3}
        summor: dict[tuple, int] = defaultdict(int)
        for nyckel, antal in self.flode.items():
            delar = list(nyckel)
            delar[1] = kon_kod(delar[1])
            summor[tuple(delar[index[p]] for p in per)] += antal.get(matt, 0)
        return summor

    @cached_property
    def kon_i_perioden(self) -> set[str]:
        """The kön of everyone counted in the period (active, started or ended)."""
        return {
            kon_kod(nyckel[1])
            for nyckel, antal in self.flode.items()
            if antal["aktiva"] or antal["borjade"] or antal["avslutade"]
        }

    def domaner(self) -> dict[str, frozenset]:
        """The values of the dimensions that tables of the period share (for the joint
        masking), leaving out values nobody of the period has: a reader sees those are 0, and
        a count limited to them is a count of nobody."""
        forekommande: dict[str, set] = {"kon": set(), "jkon": set(), "samtycke": set()}
        for (_insats, kon, juridiskt_kon, samtycke), antal in self.flode.items():
            if antal["aktiva"] or antal["borjade"] or antal["avslutade"]:
                forekommande["kon"].add(kon_kod(kon))
                forekommande["jkon"].add(juridiskt_kon if juridiskt_kon in ("K", "M") else "")
                forekommande["samtycke"].add(bool(samtycke))
        orsaker = {rad[3] for rad in self.fordelning["avslut"] if rad[-1]}
        return {
            "insats": frozenset(i.pk for i in self.insatser),
            "kon": frozenset(forekommande["kon"]),
            "jkon": frozenset(forekommande["jkon"]),
            "samtycke": frozenset(forekommande["samtycke"]),
            "orsak": frozenset(orsaker),
            "ar": frozenset(self.ar),
        }

    @property
    def vid_start(self) -> frozenset[int]:
        """Insatser counted in the period of the start (the team meeting): their active are
        their started ones, as a reader of the note on the counting rule knows."""
        return frozenset(i.pk for i in self.insatser if i.raknas_vid_start)

    # --- the breakdowns (tables 5–13, 15, 17) ---------------------------------------------

    @cached_property
    def fordelning(self) -> dict[str, list[tuple]]:
        """Breakdown name → rows (insats_id, kon, samtycke, key1, key2, count).

        Started: utbildning, tid_utan_arbete, alder, stadsdel, anmalande_part, forsorjning.
        Ended: avslut (key1 avslutsorsak), avslut_ar (key1 avslutsorsak, key2 year), steg
        (key1 försörjning at start, key2 at exit). kon is None where the set has no kön.
        """
        ett_ar = len(self.ar) == 1
        if not self.alla_insatser:
            return {namn: [] for namn in FORDELNINGSNAMN}
        utan = {"alder", "avslut_ar"} if ett_ar else {"fodelsear"}
        mangder = {namn: kolumner for namn, kolumner in MANGDER.items() if namn not in utan}
        resultat: dict[str, dict[tuple, int]] = {namn: defaultdict(int) for namn in FORDELNINGSNAMN}

        def lagg(namn: str, rad: dict, k1, k2, antal) -> None:
            if antal:
                kon = kon_kod(rad["kon"]) if "kon" in rad else None
                nyckel = (rad["insats_id"], kon, bool(rad.get("samtycke", True)), k1, k2)
                resultat[namn][nyckel] += int(antal)

        for mangd, rad in grupperingar(self._fordelning_sql(), mangder, KOLUMNER):
            borjade, avslutade = rad["borjade"], rad["avslutade"]
            if mangd == "utbildning_tid":
                lagg("utbildning", rad, rad["utbildning_id"], None, borjade)
                lagg("tid_utan_arbete", rad, rad["tid_utan_arbete_id"], None, borjade)
            elif mangd == "fodelsear":
                alder = None if rad["fodelsear"] is None else self.ar[0] - rad["fodelsear"]
                lagg("alder", rad, alder, None, borjade)
            elif mangd == "alder":
                lagg("alder", rad, rad["alder"], None, borjade)
            elif mangd == "stadsdel":
                lagg("stadsdel", rad, rad["stadsdel_id"], None, borjade)
            elif mangd == "part":
                lagg("anmalande_part", rad, rad["anmalande_part_id"], None, borjade)
            elif mangd == "forsorjning":
                lagg("forsorjning", rad, rad["forsorjning_start_id"], None, borjade)
                lagg("steg", rad, rad["forsorjning_start_id"], rad["forsorjning_slut_id"], avslutade)
            elif mangd == "avslut":
                lagg("avslut", rad, rad["avslutsorsak_id"], None, avslutade)
                if ett_ar:
                    lagg("avslut_ar", {"insats_id": rad["insats_id"], "kon": rad["kon"]}, rad["avslutsorsak_id"], self.ar[0], avslutade)
            else:
                lagg("avslut_ar", rad, rad["avslutsorsak_id"], rad["slut_ar"], avslutade)
        if self.gallrat is not None:
            self.gallrat.lagg_till_fordelning(resultat)
        return {namn: [(*nyckel, antal) for nyckel, antal in rader.items()] for namn, rader in resultat.items()}

    def _fordelning_sql(self) -> tuple[str, tuple]:
        fran, till = self.fran, self.till
        alder = Case(
            *[
                When(startdatum__range=self.ar_period(ar), then=Value(ar) - F("fodelsear"))
                for ar in self.ar
            ],
            default=None,
            output_field=IntegerField(),
        )
        slut_ar = Case(
            *[When(slutdatum__range=self.ar_period(ar), then=Value(ar)) for ar in self.ar],
            default=None,
            output_field=IntegerField(),
        )
        inre = (
            # The insatser as a list even when all are chosen: it lets the database use the
            # indexes on (insats, startdatum) and (insats, slutdatum).
            self._rader()
            .filter(insats_id__in=[i.pk for i in self.alla_insatser])
            .filter(borjade_q(fran, till) | avslutade_q(fran, till))
            .annotate(
                borjad=Case(When(borjade_q(fran, till), then=Value(1)), default=Value(0)),
                avslutad=Case(When(avslutade_q(fran, till), then=Value(1)), default=Value(0)),
                alder=alder,
                slut_ar=slut_ar,
            )
            .values(*KOLUMNER, "borjad", "avslutad")
            .order_by()
        )
        return inre.query.sql_with_params()

    # --- small queries ----------------------------------------------------------------------

    @cached_property
    def mal(self) -> list[Mal]:
        """The goals (förväntat resultat) of the insatser for the period, each with the exit
        reasons that count as its outcome (``orsaker``) and their names (``utfallsnamn``: the
        groups, then the reasons, each in the code list's order), in one query: the outcome
        sets are joined in, a row per goal and reason."""
        ids = [i.pk for i in self.insatser]
        if not ids:
            return []
        falt = [f.attname for f in Mal._meta.concrete_fields]
        rader = (
            Mal.objects.for_period(self.fran, self.till)
            .filter(insats_id__in=ids)
            .values(
                *falt,
                "avslutsorsaker",
                "avslutsorsaker__namn",
                "avslutsorsaker__sortering",
                "avslutsgrupper__orsaker",
                "avslutsgrupper__namn",
                "avslutsgrupper__sortering",
            )
            .order_by("sortering", "pk")
        )
        mal: dict[int, Mal] = {}
        namn_med_ordning: dict[int, set[tuple]] = {}
        for rad in rader:
            ett = mal.get(rad["id"])
            if ett is None:
                ett = mal[rad["id"]] = Mal(**{f: rad[f] for f in falt})
                ett.orsaker = set()
                namn_med_ordning[rad["id"]] = set()
            for ordning, orsak, namn, sortering in (
                (1, rad["avslutsorsaker"], rad["avslutsorsaker__namn"], rad["avslutsorsaker__sortering"]),
                (0, rad["avslutsgrupper__orsaker"], rad["avslutsgrupper__namn"], rad["avslutsgrupper__sortering"]),
            ):
                if orsak is not None:
                    ett.orsaker.add(orsak)
                if namn is not None:
                    namn_med_ordning[rad["id"]].add((ordning, sortering, namn))
        # The joined rows come in whatever order the database returns them: the label, part of
        # the report's JSON contract, must not differ between SQLite and PostgreSQL.
        for pk, ett in mal.items():
            # A group and a reason may share a name (Sjukdom): said once.
            ett.utfallsnamn = list(dict.fromkeys(namn for _ordning, _sortering, namn in sorted(namn_med_ordning[pk])))
        return list(mal.values())

    @cached_property
    def uppfoljningsutfall(self) -> list[dict]:
        """Follow-ups done (or found impossible) in the period, by insats, kön, year and result,
        with what gallring froze of removed participants' follow-ups: one query."""
        from dataskydd.selectors import gallrade_uppfoljningar

        ar = Case(
            *[When(utford_datum__range=self.ar_period(a), then=Value(a)) for a in self.ar],
            default=None,
            output_field=IntegerField(),
        )
        # Every column an annotation, in one order: the frozen rows are a UNION ALL away.
        levande = (
            self._uppfoljningar()
            .filter(self._insatsfilter("deltagare__"), utford_datum__gte=self.fran, utford_datum__lte=self.till)
            .annotate(**{namn: F(falt) for namn, falt in UPPFOLJNINGSKOLUMNER.items()}, u_ar=ar, u_hel=Value(True))
            .values(*UPPFOLJNINGSKOLUMNER, "u_ar", "u_hel")
            .annotate(u_antal=Count("pk"))
            .order_by()
        )
        if self._deltagare is not None:
            return list(levande)
        valda = None if self.valda is None else [i.pk for i in self.valda]
        return gallrade_uppfoljningar(
            levande, kolumner=[*UPPFOLJNINGSKOLUMNER, "u_ar", "u_hel"], fran=self.fran, till=self.till, insatser=valda, ar=self.ar
        )

    @cached_property
    def gallrat(self):
        """What gallring froze of removed participants that counted in the period (None when
        nothing can have been removed from it, at no query)."""
        if self._deltagare is not None:
            return None
        from dataskydd.selectors import gallrat_bidrag

        valda = None if self.valda is None else [i.pk for i in self.valda]
        return gallrat_bidrag(fran=self.fran, till=self.till, insatser=valda)

    def _rader(self) -> QuerySet[Deltagare]:
        return Deltagare.objects.all() if self._deltagare is None else self._deltagare

    def _uppfoljningar(self) -> QuerySet[Uppfoljning]:
        if self._deltagare is None:
            return Uppfoljning.objects.all()
        return Uppfoljning.objects.filter(deltagare__in=self._deltagare)

    @cached_property
    def forsenade_uppfoljningar(self) -> dict[int, int]:
        """insats_id → follow-ups planned in the period up to the report day and not done by
        then, of participants who had not ended before the follow-up was due."""
        dag = self.per_dag
        rader = (
            self._uppfoljningar()
            .filter(self._insatsfilter("deltagare__"))
            .filter(planerad_datum__gte=self.fran, planerad_datum__lte=dag)
            .filter(Q(utford_datum__isnull=True) | Q(utford_datum__gt=dag))
            .filter(Q(deltagare__slutdatum__isnull=True) | Q(deltagare__slutdatum__gte=F("planerad_datum")))
            .values("deltagare__insats_id")
            .annotate(antal=Count("pk"))
            .order_by()
        )
        forsenade = {r["deltagare__insats_id"]: r["antal"] for r in rader}
        if self.gallrat is not None:
            self.gallrat.lagg_till_forsenade(forsenade, per_dag=dag)
        return forsenade

    @cached_property
    def utbildningar(self) -> list[Utbildning]:
        return list(Utbildning.objects.all())

    @cached_property
    def aldersgrupper(self) -> list[Aldersgrupp]:
        return list(Aldersgrupp.objects.all())

    @cached_property
    def tider_utan_arbete(self) -> list[TidUtanArbete]:
        return list(TidUtanArbete.objects.all())

    @cached_property
    def forsorjningar(self) -> list[Forsorjning]:
        return list(Forsorjning.objects.all())

    @cached_property
    def anmalande_parter(self) -> list[AnmalandePart]:
        return list(AnmalandePart.objects.all())

    @cached_property
    def stadsdelar(self) -> list[Stadsdel]:
        return list(Stadsdel.objects.all())

    @cached_property
    def avslutsgrupper(self) -> list[Avslutsgrupp]:
        return list(Avslutsgrupp.objects.all())

    @cached_property
    def avslutsorsaker(self) -> list[Avslutsorsak]:
        return list(Avslutsorsak.objects.all())

    @cached_property
    def avslutsorsaker_i_kraft(self) -> set[int]:
        """The exit reasons of the list(s) in force in the period (docs/regler.md §2–3)."""
        return {o.pk for o in self.avslutsorsaker if avslutsorsak_galler(o, self.fran, self.till)}
