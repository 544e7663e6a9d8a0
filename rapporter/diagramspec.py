"""Which tables get a figure, and what it shows, for the server-side charts (matplotlib) and
the native Excel charts alike. Works on the JSON shape of a table (docs/regler.md §4)."""

from dataclasses import dataclass

TOTALT = "Totalt"


@dataclass
class Diagram:
    typ: str  # "column" (vertical bars) or "bar" (horizontal bars)
    serier: list[int]  # column indices drawn as series (rows are the categories)
    staplad: bool = False
    # Series are the rows and categories these columns (multi-year comparison).
    transponerad: bool = False
    andel: bool = False  # values are percentages
    y_rubrik: str = ""


def _antal(tabell: dict, *, utan_totalt: bool = True) -> list[int]:
    return [
        j
        for j, (typ, rubrik) in enumerate(zip(tabell["kolumntyper"], tabell["kolumner"]))
        if typ == "antal" and not (utan_totalt and rubrik == TOTALT)
    ]


def _index(tabell: dict, rubrik: str) -> list[int]:
    return [j for j, r in enumerate(tabell["kolumner"]) if r == rubrik]


def _andelar_utom_totalt(tabell: dict) -> list[int]:
    return [
        j
        for j, (typ, rubrik) in enumerate(zip(tabell["kolumntyper"], tabell["kolumner"]))
        if typ == "andel" and rubrik != f"{TOTALT} (%)"
    ]


def diagram_for(tabell: dict) -> Diagram | None:
    namn = tabell["rapport"]
    if namn == "flode":
        return Diagram("column", [0], y_rubrik="Antal deltagare")
    if namn in ("aktiva", "borjade", "avslutade"):
        return Diagram("column", _antal(tabell), y_rubrik="Antal deltagare")
    if namn == "avslutsorsak":
        return Diagram("bar", _index(tabell, "Andel (%)"), andel=True, y_rubrik="Andel av avslutade (%)")
    if namn == "avslutsorsak-kon":
        return Diagram("bar", _andelar_utom_totalt(tabell), andel=True, y_rubrik="Andel av avslutade (%)")
    if namn == "avslutsgrupp":
        return Diagram("bar", _andelar_utom_totalt(tabell), staplad=True, andel=True, y_rubrik="Andel (%)")
    if namn == "flerar":
        return Diagram(
            "column", _andelar_utom_totalt(tabell), transponerad=True, andel=True, y_rubrik="Andel av avslutade (%)"
        )
    if namn in ("utbildning", "aldersgrupp", "tid-utan-arbete", "stadsdel"):
        return Diagram("bar", _antal(tabell), y_rubrik="Antal som började")
    if namn in ("anmalande-part", "forsorjning"):
        return Diagram("bar", _index(tabell, TOTALT), y_rubrik="Antal som började")
    if namn == "malupfyllelse":
        return Diagram("column", [0, 1], y_rubrik="Antal deltagare")
    return None
