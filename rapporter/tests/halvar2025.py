"""Participant rows that reproduce the published half-year report 2025 (seeds,
halvarsrapport-2025.txt: Figur 1, Tabell 1–4), and a small builder for other test data.

The report publishes no background tables; the rows get background data spread over the code
lists in a fixed pattern (about a tenth missing), so that the background tables look like real
ones rather than one code for everybody.

Tabell 4's row "Sysselsättning/daglig verksamhet" lost a number in the OCR ("4 2 1 1 10");
the column totals restore it: MGT 4, Aktivitetsplatsen 2, Novum 2, IPS-psykos 1, IPS-beroende 1.
"""

import datetime
import itertools

from deltagare.models import (
    AnmalandePart,
    Avslutsorsak,
    Deltagare,
    Forsorjning,
    Stadsdel,
    TidUtanArbete,
    Utbildning,
)
from insatser.models import Insats

FRAN, TILL = datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)

INSATSER = ("MGT", "Aktivitetsplatsen", "Novum", "IPS-psykos", "IPS-beroende")

# (Kvinnor, Män, Annan könsidentitet) per insats, Tabell 1–3.
AKTIVA = {
    "MGT": (30, 14, 1),
    "Aktivitetsplatsen": (82, 23, 0),
    "Novum": (26, 36, 3),
    "IPS-psykos": (40, 61, 1),
    "IPS-beroende": (13, 51, 0),
}
BORJADE = {
    "MGT": (30, 14, 1),
    "Aktivitetsplatsen": (59, 15, 0),
    "Novum": (9, 13, 1),
    "IPS-psykos": (9, 13, 0),
    "IPS-beroende": (3, 16, 0),
}
AVSLUTADE = {
    "MGT": (24, 17, 0),
    "Aktivitetsplatsen": (46, 15, 0),
    "Novum": (12, 30, 1),
    "IPS-psykos": (7, 11, 0),
    "IPS-beroende": (5, 22, 0),
}
# Tabell 4: reason → (MGT, Aktivitetsplatsen, Novum, IPS-psykos, IPS-beroende).
AVSLUTSORSAKER = {
    "arbete": (5, 0, 6, 6, 1),
    "studier": (0, 1, 16, 1, 2),
    "arbetsformedlingen": (7, 0, 2, 2, 1),
    "rehabiliteringssamverkan": (4, 13, 0, 0, 0),
    "jobbtorg-amf": (5, 20, 5, 0, 3),
    "finsam-insats": (0, 0, 0, 0, 0),
    "sysselsattning-daglig-verksamhet": (4, 2, 2, 1, 1),
    "varaktig-sjukersattning": (2, 1, 0, 1, 0),
    "medicinsk-utredning-vard-rehabilitering": (11, 23, 2, 7, 16),
    "ovriga": (3, 1, 10, 0, 3),
}
KON = ("K", "M", "A")
# Kön of the exits to work or studies and to Jobbtorg (§1.4: "68 procent av männen och 32 procent
# av kvinnorna" of the 38 to work or studies; Jobbtorg "19 kvinnor och 14 män"): insats → reason →
# (Kvinnor, Män). The other reasons fill the remaining exits of each kön.
AVSLUT_PER_KON = {
    "MGT": {"arbete": (0, 5), "jobbtorg-amf": (0, 5)},
    "Aktivitetsplatsen": {"studier": (1, 0), "jobbtorg-amf": (19, 1)},
    "Novum": {"arbete": (0, 6), "studier": (8, 8), "jobbtorg-amf": (0, 5)},
    "IPS-psykos": {"arbete": (2, 4), "studier": (1, 0)},
    "IPS-beroende": {"arbete": (0, 1), "studier": (0, 2), "jobbtorg-amf": (0, 3)},
}
# Shared by every builder so that several builders in one test never reuse an ID.
_NUMMER = itertools.count(1)


class Byggare:
    """Collects participant rows and writes them with one bulk_create (reports read rows;
    the row rules are tested where they live)."""

    def __init__(self) -> None:
        self.rader: list[Deltagare] = []
        self.insatser = {i.kortnamn: i for i in Insats.objects.all()}
        self.orsaker = {o.kod: o for o in Avslutsorsak.objects.all()}
        self.gymnasium = Utbildning.objects.get(kod="gymnasieutbildning")

    def lagg_till(
        self,
        insats: str,
        *,
        kon: str = "K",
        start: datetime.date,
        slut: datetime.date | None = None,
        orsak: str | None = None,
        samtycke: bool = True,
        juridiskt_kon: str | None = None,
        **falt,
    ) -> Deltagare:
        insats_obj = self.insatser[insats]
        bakgrund = samtycke and insats_obj.registrerar_bakgrund
        if bakgrund:
            falt.setdefault("fodelsear", start.year - 35)
            falt.setdefault("utbildning", self.gymnasium)
        rad = Deltagare(
            insats=insats_obj,
            deltagar_id=f"T-{next(_NUMMER):06d}",
            samtycke=samtycke,
            kon=kon,
            juridiskt_kon=(kon if kon in ("K", "M") else "") if juridiskt_kon is None else juridiskt_kon,
            startdatum=start,
            slutdatum=slut,
            avslutsorsak=self.orsaker[orsak] if orsak else None,
            **falt,
        )
        self.rader.append(rad)
        return rad

    def spara(self) -> list[Deltagare]:
        return Deltagare.objects.bulk_create(self.rader)


def _orsaker_i_konsordning(insats: str, index: int) -> list[str]:
    """The insats' exit reasons in the order of its exits (Kvinnor, Män, Annan könsidentitet)."""
    kvar = {kod: antal[index] for kod, antal in AVSLUTSORSAKER.items()}
    per_kon: list[list[str]] = [[], [], []]
    for kod, (kvinnor, man) in AVSLUT_PER_KON[insats].items():
        per_kon[0] += [kod] * kvinnor
        per_kon[1] += [kod] * man
        kvar[kod] -= kvinnor + man
    resten = [kod for kod, antal in kvar.items() for _ in range(antal)]
    for k, antal in enumerate(AVSLUTADE[insats]):
        saknas = antal - len(per_kon[k])
        per_kon[k] += resten[:saknas]
        resten = resten[saknas:]
    assert not resten and [len(o) for o in per_kon] == list(AVSLUTADE[insats])
    return [kod for orsaker in per_kon for kod in orsaker]


class Bakgrund:
    """Background data in a fixed spread over the code lists (every tenth answer missing)."""

    def __init__(self) -> None:
        self.listor = {
            "utbildning": list(Utbildning.objects.exclude(kod="uppgift-saknas")),
            "tid_utan_arbete": list(TidUtanArbete.objects.exclude(kod="uppgift-saknas")),
            "forsorjning_start": list(Forsorjning.objects.exclude(kod="uppgift-saknas")),
            "anmalande_part": list(AnmalandePart.objects.all()),
            "stadsdel": list(Stadsdel.objects.all()),
        }
        self.nummer = itertools.count()

    def falt(self, start: datetime.date) -> dict:
        n = next(self.nummer)
        falt = {
            namn: (None if (n + steg) % 10 == 9 else lista[(n * (steg + 3) + n // 7) % len(lista)])
            for steg, (namn, lista) in enumerate(self.listor.items())
        }
        falt["fodelsear"] = start.year - (19 + (n * 11) % 46)
        return falt


def bygg_halvar_2025() -> Byggare:
    byggare = Byggare()
    anonym = itertools.cycle([False] + [True] * 6)  # every seventh participant is anonymous
    bakgrund = Bakgrund()
    lagg_till = byggare.lagg_till

    def med_bakgrund(insats, *, samtycke=True, start, **falt):
        if samtycke and byggare.insatser[insats].registrerar_bakgrund:
            falt = bakgrund.falt(start) | falt
        return lagg_till(insats, samtycke=samtycke, start=start, **falt)

    byggare.lagg_till = med_bakgrund
    for index, insats in enumerate(INSATSER):
        orsaker = _orsaker_i_konsordning(insats, index)
        if insats == "MGT":
            # Counted only in the period of the team meeting; the exits of this half-year are
            # of participants who met the team in 2024 (12-month follow-up).
            for kon, antal in zip(KON, BORJADE[insats]):
                for _ in range(antal):
                    byggare.lagg_till(insats, kon=kon, start=datetime.date(2025, 3, 10), samtycke=next(anonym))
            avslutande = [
                byggare.lagg_till(insats, kon=kon, start=datetime.date(2024, 3, 11), samtycke=next(anonym))
                for kon, antal in zip(KON, AVSLUTADE[insats])
                for _ in range(antal)
            ]
            # Met the team in 2024, not ended yet: counted in neither table of 2025.
            byggare.lagg_till(insats, kon="M", start=datetime.date(2024, 10, 1))
        else:
            avslutande = []
            for k, kon in enumerate(KON):
                kvar = AKTIVA[insats][k] - BORJADE[insats][k]
                fore = [
                    byggare.lagg_till(insats, kon=kon, start=datetime.date(2024, 9, 2), samtycke=next(anonym))
                    for _ in range(kvar)
                ]
                nya = [
                    byggare.lagg_till(insats, kon=kon, start=datetime.date(2025, 2, 3), samtycke=next(anonym))
                    for _ in range(BORJADE[insats][k])
                ]
                avslutande += (fore + nya)[: AVSLUTADE[insats][k]]
        for rad, orsak in zip(avslutande, orsaker):
            rad.slutdatum = datetime.date(2025, 3, 14) if insats == "MGT" else datetime.date(2025, 5, 30)
            rad.avslutsorsak = byggare.orsaker[orsak]
        # Outside the period: ended in 2024, and started after it.
        byggare.lagg_till(
            insats, start=datetime.date(2023, 1, 9), slut=datetime.date(2024, 6, 14), orsak="ovriga"
        )
        byggare.lagg_till(insats, kon="M", start=datetime.date(2025, 8, 18))
    byggare.lagg_till = lagg_till
    byggare.spara()
    return byggare
