"""Reports over what gallring removed (docs/regler.md §5).

``gallrat_bidrag`` gives the report module what the removed rows counted in a period, derived
from the half-years frozen per insats (dataskydd.frysning): a row belongs to one insats, so a
selection of insatser is a sum; counts of started and ended participants add up over
half-years, and the participants of a union of half-years are those of its first half-year
plus those who started later. Only whole half-years can be answered: a period that begins or
ends inside a half-year where removed participants counted gets a note saying so, never
silent zeros. Everything derived is a count; shares and masking are computed from the summed
counts by the report module afterwards.

``frysta_tabeller`` answers from the whole tables the first version froze (FrystRapport).

``gallrat_med_koder`` finds the kept counts that use a code: they must keep it.
"""

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import BooleanField, Case, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from insatser.models import Insats

from .frysning import AKTIVA_MATT, halvar
from .models import FrystRapport, GallradUppfoljning, GallratHalvar

# Flow measures that add up over half-years: started and ended in the period.
ADDITIVA = {"borjade", "avslutade", "avslutade_utan_orsak", "saknar_forsorjning_slut"}
# Measured at the report day: the period's last half-year knows it.
VID_RAPPORTDAGEN = {"langre_an_forvantat", "oavslutade_efter_slut"}
PER_AR = re.compile(r"^(aktiva|med_lots|med_arbetstraning)_(\d{4})$")


def gallringsgrans(*, idag: datetime.date, ar_efter: int) -> datetime.date:
    """Last slutdatum that is due: rows are kept `ar_efter` whole years after the end of the
    year of slutdatum (default two years: a row ended in 2023 goes on 1 January 2026)."""
    return datetime.date(idag.year - ar_efter - 1, 12, 31)


def ar_aktiva_matt(namn: str) -> bool:
    """Counted among the participants of the period (carried over a union of half-years)."""
    return namn in AKTIVA_MATT or (namn.startswith("saknar_") and namn not in ADDITIVA)


def senaste_mojliga_gallring(idag: datetime.date) -> datetime.date:
    """No removed row ended after the last day of last year, whatever the retention setting was
    when it was removed: a period after that has nothing frozen, and costs no query."""
    return datetime.date(idag.year - 1, 12, 31)


def gallrat_bidrag(
    *, fran: datetime.date, till: datetime.date, insatser: Iterable[int] | None
) -> "Gallrat | None":
    if fran > senaste_mojliga_gallring(timezone.localdate()):
        return None
    poster = GallratHalvar.objects.filter(fran__lte=till, till__gte=fran).select_related("insats")
    if insatser is not None:
        poster = poster.filter(insats_id__in=list(insatser))
    poster = list(poster.order_by("insats_id", "fran"))
    return Gallrat(poster, fran=fran, till=till) if poster else None


class Gallrat:
    def __init__(self, poster: list[GallratHalvar], *, fran: datetime.date, till: datetime.date):
        self.fran, self.till = fran, till
        self.grans = max(p.grans for p in poster)
        self.hela: dict[int, list[GallratHalvar]] = defaultdict(list)
        self.delvis: dict[int, Insats] = {}
        for post in poster:
            if post.fran >= fran and post.till <= till:
                self.hela[post.insats_id].append(post)
            else:
                self.delvis[post.insats_id] = post.insats
        self.okanda_matt: set[str] = set()

    @property
    def exakt(self) -> bool:
        return not self.delvis and not self.okanda_matt

    # --- counts for the report module --------------------------------------------------------

    def lagg_till_flode(self, resultat: dict, *, matt: list[str], underlag) -> None:
        """Add the removed rows' flow measures for the period to the live scan's result."""
        for insats_id, poster in self.hela.items():
            nycklar = {n for p in poster for n in p.data.get("flode", {})}
            for nyckel in nycklar:
                kon, jk, samtycke = nyckel.split("|")
                rad = resultat.setdefault((insats_id, kon, jk, samtycke == "1"), {m: 0 for m in matt})
                for namn in matt:
                    rad[namn] = rad.get(namn, 0) + self._varde(namn, poster, nyckel, underlag)

    def _varde(self, namn: str, poster: list[GallratHalvar], nyckel: str, underlag) -> int:
        if namn in ADDITIVA:
            return sum(p.data["flode"].get(nyckel, {}).get(namn, 0) for p in poster)
        if ar_aktiva_matt(namn):
            return self._aktiva(namn, poster, nyckel, self.fran, self.till)
        per_ar = PER_AR.match(namn)
        if per_ar:
            ar = int(per_ar.group(2))
            start, slut = max(self.fran, datetime.date(ar, 1, 1)), min(self.till, datetime.date(ar, 12, 31))
            return self._aktiva(per_ar.group(1), poster, nyckel, start, slut)
        if namn in VID_RAPPORTDAGEN:
            # Removed rows had ended before any later report day; at the end of a closed
            # period the period's last half-year was counted with the same report day.
            if underlag is None or underlag.per_dag != self.till:
                return 0
            sista = [p for p in poster if p.till == self.till]
            return sista[0].data["flode"].get(nyckel, {}).get(namn, 0) if sista else 0
        self.okanda_matt.add(namn)
        return 0

    @staticmethod
    def _aktiva(namn: str, poster: list[GallratHalvar], nyckel: str, fran, till) -> int:
        """Participants of [fran, till]: those of its first half-year who started before it,
        plus everyone who started in one of its half-years."""
        inom = [p for p in poster if p.fran >= fran and p.till <= till]
        if not inom:
            return 0
        borjade = sum(p.data["borjade"].get(nyckel, {}).get(namn, 0) for p in inom)
        forsta = [p for p in inom if p.fran == halvar(fran)[0]]
        kvar = 0
        if forsta:
            post = forsta[0]
            kvar = post.data["flode"].get(nyckel, {}).get(namn, 0) - post.data["borjade"].get(nyckel, {}).get(namn, 0)
        return kvar + borjade

    def lagg_till_fordelning(self, resultat: dict) -> None:
        """Breakdowns of started and ended participants add up over half-years."""
        for insats_id, poster in self.hela.items():
            for post in poster:
                for namn, rader in post.data.get("fordelning", {}).items():
                    if namn not in resultat:
                        self.okanda_matt.add(namn)
                        continue
                    for kon, samtycke, k1, k2, antal in rader:
                        resultat[namn][(insats_id, kon, samtycke, k1, k2)] += antal

    def lagg_till_forsenade(self, forsenade: dict, *, per_dag: datetime.date) -> None:
        """Follow-ups planned in the period and not done by the report day."""
        for insats_id, poster in self.hela.items():
            antal = sum(
                n
                for post in poster
                for gjord, n in post.data.get("forsenade", [])
                if gjord is None or datetime.date.fromisoformat(gjord) > per_dag
            )
            if antal:
                forsenade[insats_id] = forsenade.get(insats_id, 0) + antal

    def lagg_till_finsam(self, data: dict) -> None:
        """Uppföljning Finsam (/api/finsam/): the removed participants by juridiskt kön."""
        flode: dict = {}
        self.lagg_till_flode(flode, matt=["aktiva"], underlag=None)
        insatser = {p.insats_id: p.insats for poster in self.hela.values() for p in poster}
        per_insats = {r["kortnamn"]: r for r in data["insatser"]}
        for (insats_id, _kon, jk, _samtycke), matt in flode.items():
            insats = insatser[insats_id]
            rad = per_insats.setdefault(
                insats.kortnamn,
                {"namn": insats.namn, "kortnamn": insats.kortnamn, "kvinnor": 0, "män": 0, "totalt": 0, "utan_juridiskt_kon": 0},
            )
            rad[{"K": "kvinnor", "M": "män"}.get(jk, "utan_juridiskt_kon")] += matt["aktiva"]
        ordning = {i.kortnamn: (i.sortering, i.namn) for i in Insats.objects.filter(kortnamn__in=per_insats)}
        rader = sorted(per_insats.values(), key=lambda r: ordning[r["kortnamn"]])
        for rad in rader:
            rad["totalt"] = rad["kvinnor"] + rad["män"]
        data["insatser"] = rader
        data["summa"] = {k: sum(r[k] for r in rader) for k in ("kvinnor", "män", "totalt", "utan_juridiskt_kon")}
        data["noter"] = [*data.get("noter", []), self.not_text()]
        data["gallring"] = self.som_dict()

    # --- what the reader is told -----------------------------------------------------------

    def not_text(self) -> str:
        fore = (self.grans + datetime.timedelta(days=1)).isoformat()
        if self.exakt:
            return _(
                "Uppgifter före %(datum)s har gallrats. Siffrorna för perioden innehåller de gallrade "
                "deltagarna, räknade ur statistik som frystes vid gallringen."
            ) % {"datum": fore}
        if self.delvis:
            namn = ", ".join(sorted(i.namn for i in self.delvis.values()))
            return _(
                "Uppgifter före %(datum)s har gallrats, och perioden börjar eller slutar mitt i ett halvår "
                "där gallrade deltagare räknades (%(insatser)s). Siffrorna kan inte räknas exakt ur det som "
                "finns kvar och kan vara för låga; välj hela halvår eller år för exakta siffror."
            ) % {"datum": fore, "insatser": namn}
        return _(
            "Uppgifter före %(datum)s har gallrats, och alla uppgifter i tabellen kan inte räknas ur den "
            "statistik som frystes vid gallringen; siffrorna kan vara för låga."
        ) % {"datum": fore}

    def som_dict(self) -> dict:
        return {
            "gallrat_fore": (self.grans + datetime.timedelta(days=1)).isoformat(),
            "exakt": self.exakt,
            "insatser_med_delat_halvar": sorted(i.kortnamn for i in self.delvis.values()),
            "not": self.not_text(),
        }

    def markera(self, tabell) -> None:
        tabell.noter.append(self.not_text())
        tabell.extra["gallring"] = self.som_dict()


def gallrade_uppfoljningar(
    levande: QuerySet,
    *,
    kolumner: list[str],
    fran: datetime.date,
    till: datetime.date,
    insatser: list[int] | None,
    ar: list[int],
) -> list[dict]:
    """The live follow-up counts and the frozen ones of removed participants, in one query
    (UNION ALL). A frozen half-year that the period only partly covers comes back with
    ``u_hel`` false: it cannot be split, and the report says so."""
    frysta = GallradUppfoljning.objects.filter(fran__lte=till, till__gte=fran)
    if insatser is not None:
        frysta = frysta.filter(insats_id__in=insatser)
    ar_uttryck = Case(*[When(fran__year=a, then=Value(a)) for a in ar], default=None, output_field=IntegerField())
    hel = Case(When(Q(fran__gte=fran, till__lte=till), then=Value(True)), default=Value(False), output_field=BooleanField())
    frysta = (
        frysta.annotate(
            u_insats=F("insats_id"),
            u_kon=F("kon"),
            u_utfall=F("utfall_id"),
            u_utfall_namn=F("utfall__namn"),
            u_utfall_sortering=F("utfall__sortering"),
            u_arbete_studier=F("utfall__arbete_eller_studier"),
            u_orsak=F("ej_genomford_orsak_id"),
            u_orsak_namn=F("ej_genomford_orsak__namn"),
            u_orsak_sortering=F("ej_genomford_orsak__sortering"),
            u_ar=ar_uttryck,
            u_hel=hel,
        )
        .values(*kolumner)
        .annotate(u_antal=Sum("antal"))
        .order_by()
    )
    return list(levande.union(frysta, all=True))


def frysta_tabeller(
    *, fran: datetime.date, till: datetime.date, insatser: Iterable[Insats] | None, publicering: bool
) -> dict[str, dict]:
    """Whole tables frozen by the first version of gallring, for exactly this period and
    selection (all insatser, or one), by report name."""
    kan, insats = _urval(insatser)
    if not kan:
        return {}
    rader = FrystRapport.objects.filter(fran=fran, till=till, insats=insats)
    tabeller = {}
    for fryst in rader:
        tabell = dict(fryst.data_publicering if publicering and fryst.data_publicering else fryst.data)
        tabell["fryst"] = fryst.fryst.date().isoformat()
        tabell["noter"] = [
            *tabell.get("noter", []),
            f"Siffrorna frystes vid gallring {tabell['fryst']}; de deltagarrader de bygger på finns inte längre.",
        ]
        tabeller[fryst.namn] = tabell
    return tabeller


def _urval(insatser: Iterable[Insats] | None) -> tuple[bool, Insats | None]:
    """(frozen tables can answer, which insats): all insatser, or exactly one."""
    if insatser is None:
        return True, None
    valda = list(insatser)
    if len(valda) == 1:
        return True, valda[0]
    if {i.pk for i in valda} == set(Insats.objects.values_list("pk", flat=True)):
        return True, None
    return False, None


def gallrat_med_koder(*, koder: Iterable) -> list[GallratHalvar]:
    """The kept half-years that count removed participants under any of these codes (of one
    code list). No foreign key protects such a code once gallring has removed the rows behind
    it, and deleting it would drop its row from the closed periods' tables."""
    from deltagare.models import Deltagare
    from rapporter.tabeller.underlag import FORDELNINGARNAS_KODER

    koder = list(koder)
    if not koder:
        return []
    model = type(koder[0])
    # Where the list's codes stand in a kept breakdown row [kon, samtycke, k1, k2, antal].
    platser = [
        (namn, 2 + index)
        for namn, falt in FORDELNINGARNAS_KODER.items()
        for index, faltnamn in enumerate(falt)
        if faltnamn is not None and Deltagare._meta.get_field(faltnamn).related_model is model
    ]
    if not platser:
        return []
    ids = {kod.pk for kod in koder}
    # A check before a rare deletion in admin: one row per insats and half-year, read as they come.
    return [
        post
        for post in GallratHalvar.objects.select_related("insats").order_by("insats__sortering", "fran").iterator()
        if any(rad[plats] in ids for namn, plats in platser for rad in post.data.get("fordelning", {}).get(namn, []))
    ]
