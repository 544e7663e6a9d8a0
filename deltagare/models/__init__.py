from .deltagare import Deltagare, Uppfoljning, aktiv_q, avslutade_q, borjade_q
from .importkorning import ImportKorning
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

KODLISTOR = (Utbildning, Aldersgrupp, Avslutsgrupp, Avslutsorsak, AnmalandePart, Stadsdel, Forsorjning, TidUtanArbete)

__all__ = [
    "KODLISTOR",
    "Aldersgrupp",
    "AnmalandePart",
    "Avslutsgrupp",
    "Avslutsorsak",
    "Deltagare",
    "Forsorjning",
    "ImportKorning",
    "Kodlista",
    "Stadsdel",
    "TidUtanArbete",
    "Uppfoljning",
    "Utbildning",
    "aktiv_q",
    "avslutade_q",
    "borjade_q",
]
