"""Freezing what gallring removes (docs/regler.md §5: aggregated statistics of closed periods
are kept). Before participant rows go, the report module counts them, and only them, for every
half-year they counted in, per insats: those counts are kept (GallratHalvar, GallradUppfoljning)
and every later report adds them to what remains (dataskydd.selectors.Gallrat). Nothing is
stored about a person: counts by insats, half-year, kön, juridiskt kön and samtycke, the same
cells the report tables show per insats.
"""

import datetime
from collections import defaultdict

from django.db.models import Count, F, Max, Min, QuerySet
from django.utils import timezone

from deltagare.models import Deltagare, Uppfoljning
from insatser.models import Insats

from .models import GallradUppfoljning, GallratHalvar

# Measures counted among the participants of a period: over a union of half-years they are the
# first half-year's count plus those who started later (dataskydd.selectors).
AKTIVA_MATT = ("aktiva", "med_lots", "med_arbetstraning")


def halvar(dag: datetime.date) -> tuple[datetime.date, datetime.date]:
    if dag.month <= 6:
        return datetime.date(dag.year, 1, 1), datetime.date(dag.year, 6, 30)
    return datetime.date(dag.year, 7, 1), datetime.date(dag.year, 12, 31)


def halvar_mellan(forsta: datetime.date, sista: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """The half-years from the one containing forsta to the one containing sista."""
    perioder = []
    start, _slut = halvar(forsta)
    while start <= sista:
        period = halvar(start)
        perioder.append(period)
        start = period[1] + datetime.timedelta(days=1)
    return perioder


def nyckel(kon, juridiskt_kon, samtycke) -> str:
    return f"{kon}|{juridiskt_kon}|{int(bool(samtycke))}"


def frys_gallrade(*, rader: QuerySet[Deltagare], grans: datetime.date) -> int:
    """Count the rows about to be removed into the half-years they counted in, adding to what an
    earlier gallring froze (the rows are disjoint). Returns the number of half-year records
    written. Runs inside gallra's transaction, before the rows are deleted."""
    from rapporter.tabeller.underlag import Underlag  # the one place reports count

    span = rader.aggregate(forsta=Min("startdatum"), sista=Max("slutdatum"))
    if span["forsta"] is None:
        return 0
    insatser = list(Insats.objects.filter(pk__in=rader.values("insats_id")))
    poster: dict[tuple[int, datetime.date], dict] = defaultdict(_tom_post)
    idag = timezone.localdate()
    for fran, till in halvar_mellan(span["forsta"], span["sista"]):
        if fran > idag:
            break
        alla = Underlag(fran=fran, till=till, insatser=insatser, deltagare=rader)
        borjade = Underlag(fran=fran, till=till, insatser=insatser, deltagare=rader.filter(startdatum__gte=fran))
        for (insats_id, kon, jk, samtycke), matt in alla.flode.items():
            poster[(insats_id, fran)]["flode"][nyckel(kon, jk, samtycke)] = dict(matt)
        for (insats_id, kon, jk, samtycke), matt in borjade.flode.items():
            urval = {m: v for m, v in matt.items() if m in AKTIVA_MATT or m.startswith("saknar_")}
            poster[(insats_id, fran)]["borjade"][nyckel(kon, jk, samtycke)] = urval
        for namn, rader_ in alla.fordelning.items():
            for insats_id, kon, samtycke, k1, k2, antal in rader_:
                poster[(insats_id, fran)]["fordelning"].setdefault(namn, []).append([kon, samtycke, k1, k2, antal])

    # Overdue follow-ups depend on the report day: kept by the half-year planned and done.
    forsenade = (
        Uppfoljning.objects.filter(deltagare__in=rader, deltagare__slutdatum__gte=F("planerad_datum"))
        .values("deltagare__insats_id", "planerad_datum", "utford_datum")
        .annotate(antal=Count("pk"))
        .order_by()
    )
    for rad in forsenade:
        planerad = halvar(rad["planerad_datum"])[0]
        gjord = halvar(rad["utford_datum"])[0].isoformat() if rad["utford_datum"] else None
        post = poster[(rad["deltagare__insats_id"], planerad)]
        post["forsenade"].append([gjord, rad["antal"]])

    # One read of what earlier gallringar froze for these half-years, then writes in bulk.
    befintliga = {
        (p.insats_id, p.fran): p
        for p in GallratHalvar.objects.select_for_update().filter(
            insats__in=insatser, fran__in={fran for _insats, fran in poster}
        )
    }
    nya, andrade = [], []
    for (insats_id, fran), data in poster.items():
        befintlig = befintliga.get((insats_id, fran))
        if befintlig is None:
            nya.append(GallratHalvar(insats_id=insats_id, fran=fran, till=halvar(fran)[1], grans=grans, data=data))
        else:
            befintlig.data = sla_ihop(befintlig.data, data)
            befintlig.grans = max(befintlig.grans, grans)
            befintlig.andrad = timezone.now()  # bulk_update leaves auto_now alone
            andrade.append(befintlig)
    GallratHalvar.objects.bulk_create(nya)
    GallratHalvar.objects.bulk_update(andrade, ["data", "grans", "andrad"])
    _frys_uppfoljningar(rader=rader)
    return len(poster)


def _tom_post() -> dict:
    return {"flode": {}, "borjade": {}, "fordelning": {}, "forsenade": []}


def sla_ihop(gammal: dict, ny: dict) -> dict:
    """Two freezings of disjoint rows for the same insats and half-year add up."""
    data = _tom_post()
    for del_ in ("flode", "borjade"):
        for kalla in (gammal.get(del_, {}), ny.get(del_, {})):
            for nyckel_, matt in kalla.items():
                summa = data[del_].setdefault(nyckel_, {})
                for namn, antal in matt.items():
                    summa[namn] = summa.get(namn, 0) + antal
    for kalla in (gammal.get("fordelning", {}), ny.get("fordelning", {})):
        for namn, rader in kalla.items():
            data["fordelning"].setdefault(namn, []).extend(rader)
    data["forsenade"] = [*gammal.get("forsenade", []), *ny.get("forsenade", [])]
    return data


def _frys_uppfoljningar(*, rader: QuerySet[Deltagare]) -> None:
    gjorda = (
        Uppfoljning.objects.filter(deltagare__in=rader, utford_datum__isnull=False)
        .values("deltagare__insats_id", "deltagare__kon", "utford_datum", "utfall_id", "ej_genomford_orsak_id")
        .annotate(antal=Count("pk"))
        .order_by()
    )
    summor: dict[tuple, int] = defaultdict(int)
    for rad in gjorda:
        fran = halvar(rad["utford_datum"])[0]
        nyckel_ = (rad["deltagare__insats_id"], rad["deltagare__kon"], fran, rad["utfall_id"], rad["ej_genomford_orsak_id"])
        summor[nyckel_] += rad["antal"]
    befintliga = {
        (p.insats_id, p.kon, p.fran, p.utfall_id, p.ej_genomford_orsak_id): p
        for p in GallradUppfoljning.objects.select_for_update().filter(
            insats_id__in={n[0] for n in summor}, fran__in={n[2] for n in summor}
        )
    }
    nya, andrade = [], []
    for (insats_id, kon, fran, utfall_id, orsak_id), antal in summor.items():
        befintlig = befintliga.get((insats_id, kon, fran, utfall_id, orsak_id))
        if befintlig is None:
            nya.append(
                GallradUppfoljning(
                    insats_id=insats_id,
                    kon=kon,
                    fran=fran,
                    till=halvar(fran)[1],
                    utfall_id=utfall_id,
                    ej_genomford_orsak_id=orsak_id,
                    antal=antal,
                )
            )
        else:
            befintlig.antal += antal
            andrade.append(befintlig)
    GallradUppfoljning.objects.bulk_create(nya)
    GallradUppfoljning.objects.bulk_update(andrade, ["antal"])
