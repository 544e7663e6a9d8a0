from .deltagare import Deltagare, Uppfoljning, aktiv_q, avslutade_q, borjade_q
from .importkorning import ImportFilbit, ImportKorning, Kolumnval
from .importrader import ImportAndring, ImportRad
from .kodlistor import (
    Aldersgrupp,
    AnmalandePart,
    Avslutsgrupp,
    Avslutsorsak,
    Forsorjning,
    Kodlista,
    Stadsdel,
    TidUtanArbete,
    Utbildning,
)
from .uppfoljningsutfall import EjGenomfordOrsak, Uppfoljningsutfall

KODLISTOR = (Utbildning, Aldersgrupp, Avslutsgrupp, Avslutsorsak, AnmalandePart, Stadsdel, Forsorjning, TidUtanArbete)

__all__ = [
    "KODLISTOR",
    "Aldersgrupp",
    "AnmalandePart",
    "Avslutsgrupp",
    "Avslutsorsak",
    "Deltagare",
    "EjGenomfordOrsak",
    "Forsorjning",
    "ImportAndring",
    "ImportFilbit",
    "ImportKorning",
    "ImportRad",
    "Kolumnval",
    "Kodlista",
    "Stadsdel",
    "TidUtanArbete",
    "Uppfoljning",
    "Uppfoljningsutfall",
    "Utbildning",
    "aktiv_q",
    "avslutade_q",
    "borjade_q",
]
