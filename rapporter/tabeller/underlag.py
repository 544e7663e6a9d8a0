"""The database side of the reports: a few wide queries that every table shares.

All tables of SPEC §3 come from these, whatever the number of rows or insatser:

- ``flode``: one scan of the participants that can count in the period, grouped by insats,
  kön, juridiskt kön and samtycke, with conditional counts (active, started, ended, per year,
  data quality). Tables 1–4, 14, 16, 18.
- ``fordelning``: the participants started or ended in the period, grouped by every breakdown
  at once: GROUPING SETS on PostgreSQL, UNION ALL over one common table elsewhere. Tables 5–13,
  15 (current years), 17.
- small ones: the insatser, the code lists, förväntat resultat, overdue follow-ups and the
  exits of the earlier years compared in table 15.

The counting rule of each insats comes from ``deltagare.models.aktiv_q`` and its siblings, so
the reports count exactly as the rest of the system does.
"""

import datetime
from collections import defaultdict
from functools import cached_property
from typing import Iterable

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

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
from insatser.models import ForvantatResultat, Insats

from .tabell import OKANT_KON

KANDA_KON = (Kon.KVINNA.value, Kon.MAN.value, Kon.ANNAN.value)

# Breakdowns of the started/ended participants: name → grouped columns (besides insats, kön,
# samtycke) and which participants they count.
FORDELNINGAR: dict[str, tuple[tuple[str, ...], str]] = {
    "utbildning": (("utbildning_id",), "borjad"),
    "alder": (("alder",), "borjad"),
    "tid_utan_arbete": (("tid_utan_arbete_id",), "borjad"),
    "anmalande_part": (("anmalande_part_id",), "borjad"),
    "stadsdel": (("stadsdel_id",), "borjad"),
    "forsorjning": (("forsorjning_start_id",), "borjad"),
    "avslut": (("avslutsorsak_id", "slut_ar"), "avslutad"),
    "steg": (("forsorjning_start_id", "forsorjning_slut_id"), "avslutad"),
}
NYCKELKOLUMNER = (
    "utbildning_id",
    "alder",
    "tid_utan_arbete_id",
    "anmalande_part_id",
    "stadsdel_id",
    "forsorjning_start_id",
    "forsorjning_slut_id",
    "avslutsorsak_id",
    "slut_ar",
)
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


class Underlag:
    """The data of one period and set of insatser; each query runs at most once."""

    def __init__(self, *, fran: datetime.date, till: datetime.date, insatser: Iterable[Insats] | None):
        if not isinstance(fran, datetime.date) or not isinstance(till, datetime.date):
            raise ValueError(_("Ange från- och till-datum."))
        if fran > till:
            raise ValueError(
                _("Periodens startdatum (%(fran)s) ligger efter slutdatumet (%(till)s).")
                % {"fran": fran.isoformat(), "till": till.isoformat()}
            )
        self.fran, self.till = fran, till
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
    def flerar_ar(self) -> list[int]:
        """Table 15 compares at least five years, ending with the period's last year."""
        return list(range(min(self.fran.year, self.till.year - 4), self.till.year + 1))

    @property
    def per_dag(self) -> datetime.date:
        """Overdue means overdue today when the period has not ended yet."""
        return min(self.till, timezone.localdate())

    # --- insatser -------------------------------------------------------------------------

    @cached_property
    def alla_insatser(self) -> list[Insats]:
        if self.valda is not None:
            return self.valda
        return list(Insats.objects.order_by("sortering", "namn"))

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
        if len(self.ar) > 1:
            for ar in self.ar:
                matt[f"aktiva_{ar}"] = Count("pk", filter=aktiv_q(*self.ar_period(ar)))
        langre = self._langre_an_forvantat_q()
        if langre is not None:
            matt["langre_an_forvantat"] = Count("pk", filter=langre)
        rader = (
            Deltagare.objects.filter(self._insatsfilter())
            .filter(Q(startdatum__lte=till) & (Q(slutdatum__isnull=True) | Q(slutdatum__gte=fran)))
            .values("insats_id", "kon", "juridiskt_kon", "samtycke")
            .annotate(**matt)
            .order_by()
        )
        resultat: dict[tuple, dict[str, int]] = {}
        for rad in rader:
            nyckel = (rad.pop("insats_id"), rad.pop("kon"), rad.pop("juridiskt_kon"), bool(rad.pop("samtycke")))
            rad.setdefault("langre_an_forvantat", 0)
            resultat[nyckel] = rad
        return resultat

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

    # --- the breakdowns (tables 5–13, 15, 17) ---------------------------------------------

    @cached_property
    def fordelning(self) -> dict[str, list[tuple]]:
        """name → rows (insats_id, kon, samtycke, key1, key2, count) of each breakdown."""
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
            Deltagare.objects.filter(self._insatsfilter())
            .filter(borjade_q(fran, till) | avslutade_q(fran, till))
            .annotate(
                borjad=Case(When(borjade_q(fran, till), then=Value(1)), default=Value(0)),
                avslutad=Case(When(avslutade_q(fran, till), then=Value(1)), default=Value(0)),
                alder=alder,
                slut_ar=slut_ar,
            )
            .values("insats_id", "kon", "samtycke", *[k for k in NYCKELKOLUMNER], "borjad", "avslutad")
            .order_by()
        )
        sql, params = inre.query.sql_with_params()
        if connection.vendor == "postgresql":
            rader = _grouping_sets(sql, params)
        else:
            rader = _union_all(sql, params)
        resultat: dict[str, list[tuple]] = {namn: [] for namn in FORDELNINGAR}
        for namn, insats_id, kon, samtycke, k1, k2, antal in rader:
            if antal:
                resultat[namn].append((insats_id, kon_kod(kon), bool(samtycke), k1, k2, int(antal)))
        return resultat

    # --- earlier years (table 15) -----------------------------------------------------------

    @cached_property
    def flerar(self) -> dict[tuple[int, int | None], int]:
        """(year, avslutsorsak_id) → ended, for the years table 15 compares."""
        perioder = []
        for ar in self.flerar_ar:
            start, slut = datetime.date(ar, 1, 1), min(datetime.date(ar, 12, 31), self.till)
            if ar == self.till.year and self.fran.year == ar:
                start = self.fran
            perioder.append((ar, start, slut))
        ar_uttryck = Case(
            *[When(slutdatum__range=(start, slut), then=Value(ar)) for ar, start, slut in perioder],
            default=None,
            output_field=IntegerField(),
        )
        insatser = [i.pk for i in self.alla_insatser if i.registrerar_avslutsorsak]
        rader = (
            Deltagare.objects.filter(
                insats_id__in=insatser, slutdatum__gte=perioder[0][1], slutdatum__lte=self.till
            )
            .values(ar=ar_uttryck, orsak=F("avslutsorsak_id"))
            .annotate(antal=Count("pk"))
            .order_by()
        )
        return {(r["ar"], r["orsak"]): r["antal"] for r in rader if r["ar"] is not None}

    # --- small queries ----------------------------------------------------------------------

    @cached_property
    def forvantat(self) -> dict[tuple[int, int], ForvantatResultat]:
        mal = ForvantatResultat.objects.filter(
            ar__in=self.ar, insats_id__in=[i.pk for i in self.insatser]
        ).select_related("annat_utfall")
        return {(m.insats_id, m.ar): m for m in mal}

    @cached_property
    def forsenade_uppfoljningar(self) -> dict[int, int]:
        """insats_id → follow-ups planned by the report day, not done by then, for
        participants who had not ended before the follow-up was due."""
        dag = self.per_dag
        rader = (
            Uppfoljning.objects.filter(self._insatsfilter("deltagare__"))
            .filter(planerad_datum__lte=dag, deltagare__startdatum__lte=dag)
            .filter(Q(utford_datum__isnull=True) | Q(utford_datum__gt=dag))
            .filter(Q(deltagare__slutdatum__isnull=True) | Q(deltagare__slutdatum__gte=F("planerad_datum")))
            .values("deltagare__insats_id")
            .annotate(antal=Count("pk"))
            .order_by()
        )
        return {r["deltagare__insats_id"]: r["antal"] for r in rader}

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


def _grouping_sets(sql: str, params) -> list[tuple]:
    """PostgreSQL: every breakdown in one pass over the started and ended participants."""
    mangder, namn_for_mask = [], {}
    for namn, (kolumner, _matt) in FORDELNINGAR.items():
        mangder.append("(insats_id, kon, samtycke, " + ", ".join(kolumner) + ")")
        # GROUPING() sets a bit (first argument highest) for each column *not* grouped.
        mask = 0
        for kolumn in NYCKELKOLUMNER:
            mask = (mask << 1) | (0 if kolumn in kolumner else 1)
        namn_for_mask[mask] = namn
    fullt = (
        f"SELECT GROUPING({', '.join(NYCKELKOLUMNER)}), insats_id, kon, samtycke, "
        f"{', '.join(NYCKELKOLUMNER)}, SUM(borjad), SUM(avslutad) "
        f"FROM ({sql}) AS underlag GROUP BY GROUPING SETS ({', '.join(mangder)})"
    )
    with connection.cursor() as cursor:
        cursor.execute(fullt, params)
        rader = cursor.fetchall()
    resultat = []
    for mask, insats_id, kon, samtycke, *nycklar, borjade, avslutade in rader:
        namn = namn_for_mask[mask]
        kolumner, matt = FORDELNINGAR[namn]
        varden = [nycklar[NYCKELKOLUMNER.index(k)] for k in kolumner] + [None]
        antal = borjade if matt == "borjad" else avslutade
        resultat.append((namn, insats_id, kon, samtycke, varden[0], varden[1], antal))
    return resultat


def _union_all(sql: str, params) -> list[tuple]:
    """Databases without GROUPING SETS: the rows once in a common table, one GROUP BY each."""
    delar = []
    for namn, (kolumner, matt) in FORDELNINGAR.items():
        nycklar = list(kolumner) + ["NULL"] * (2 - len(kolumner))
        grupp = ", ".join(["insats_id", "kon", "samtycke", *kolumner])
        delar.append(
            f"SELECT '{namn}', insats_id, kon, samtycke, {nycklar[0]}, {nycklar[1]}, COUNT(*) "
            f"FROM underlag WHERE {matt} = 1 GROUP BY {grupp}"
        )
    fullt = f"WITH underlag AS ({sql}) " + " UNION ALL ".join(delar)
    with connection.cursor() as cursor:
        cursor.execute(fullt, params)
        return cursor.fetchall()
