"""A small generator of participants spanning 2021–2025 for the gallring tests: every insats
kind (counted from start to end, counted at the team meeting, without background or exit
reasons), anonymous rows, unknown juridiskt kön, both lists of exit reasons, lots and
arbetsträning, and follow-ups done, found impossible and overdue. Seeded: the same rows
every run."""

import datetime
import random

from deltagare.models import (
    AnmalandePart,
    Avslutsorsak,
    Deltagare,
    EjGenomfordOrsak,
    Forsorjning,
    Stadsdel,
    TidUtanArbete,
    Uppfoljning,
    Uppfoljningsutfall,
    Utbildning,
)
from deltagare.services import add_months
from insatser.models import Insats

INSATSER = ("MGT", "Aktivitetsplatsen", "Novum", "Hälsofrämjande")
GAMLA = ("arbete", "studier", "arbetssokande", "fortsatt-rehabilitering", "sjukdom", "annat")
NYA = ("arbete", "studier", "arbetsformedlingen", "jobbtorg-amf", "medicinsk-utredning-vard-rehabilitering", "ovriga")
SISTA_DAG = datetime.date(2025, 12, 31)


def skapa(*, antal: int = 160, seed: int = 2021) -> list[Deltagare]:
    slump = random.Random(seed)
    insatser = {i.kortnamn: i for i in Insats.objects.filter(kortnamn__in=INSATSER)}
    orsaker = {o.kod: o for o in Avslutsorsak.objects.all()}
    koder = {
        "utbildning": list(Utbildning.objects.all()) + [None],
        "tid_utan_arbete": list(TidUtanArbete.objects.all()) + [None],
        "forsorjning_start": list(Forsorjning.objects.all()) + [None],
        "anmalande_part": list(AnmalandePart.objects.all()) + [None],
        "stadsdel": list(Stadsdel.objects.all()) + [None],
    }
    forsorjningar = list(Forsorjning.objects.all())
    rader = []
    for n in range(antal):
        insats = insatser[INSATSER[n % len(INSATSER)]]
        start = datetime.date(2021, 1, 1) + datetime.timedelta(days=slump.randrange(0, 5 * 365 - 60))
        slut = None
        if slump.random() < 0.8:
            slut = start + datetime.timedelta(days=slump.randrange(0, 700))
            if slut > SISTA_DAG:
                slut = None
        samtycke = slump.random() < 0.8
        kon = slump.choice("KKMMA")
        rad = Deltagare(
            insats=insats,
            deltagar_id=f"G-{n:04d}",
            samtycke=samtycke,
            kon=kon,
            juridiskt_kon=kon if kon != "A" else slump.choice(["K", "M", ""]),
            startdatum=start,
            slutdatum=slut,
            lots=slump.random() < 0.3,
            arbetstraning=slump.random() < 0.2,
        )
        if samtycke and insats.registrerar_bakgrund:
            rad.fodelsear = start.year - slump.randint(18, 64)
            for falt, lista in koder.items():
                setattr(rad, falt, slump.choice(lista))
            if slut:
                rad.forsorjning_slut = slump.choice(forsorjningar + [None])
        if slut and insats.registrerar_avslutsorsak:
            rad.avslutsorsak = orsaker[slump.choice(NYA if slut.year >= 2025 else GAMLA)]
        rader.append(rad)
    rader = Deltagare.objects.bulk_create(rader)

    utfall = list(Uppfoljningsutfall.objects.all())
    ej = list(EjGenomfordOrsak.objects.all())
    uppfoljningar = []
    for rad in rader:
        for manader in (3, 6, 12):
            planerad = add_months(rad.startdatum, manader)
            if planerad > SISTA_DAG:
                continue
            uppfoljning = Uppfoljning(deltagare=rad, manader=manader, planerad_datum=planerad)
            lage = slump.random()
            if lage < 0.6:
                uppfoljning.utford_datum = min(planerad + datetime.timedelta(days=slump.randrange(0, 200)), SISTA_DAG)
                uppfoljning.utfall = slump.choice(utfall)
            elif lage < 0.7:
                uppfoljning.utford_datum = planerad
                uppfoljning.ej_genomford_orsak = slump.choice(ej)
            uppfoljningar.append(uppfoljning)
    Uppfoljning.objects.bulk_create(uppfoljningar)
    return rader
