"""Tables in their published form (docs/regler.md §3): Swedish number format, the column order
and cells the reports use, short labels, captions apart from the table.

Works on the JSON shape of a table (SPEC §4) and the choices of ``Alternativ``; the page, the
report book and the Excel file show what this module makes of a table. Nothing here changes a
number.
"""

from copy import deepcopy
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .alternativ import Alternativ

SMALT_MELLANRUM = "\u202f"  # narrow no-break space: the thousands separator
MASKERAT = ".."
EJ_TILLAMPLIGT = "–"
TOTALT = "Totalt"
ANNAN = "Annan könsidentitet"


def antal(varde: int) -> str:
    """1 034 → "1 034" (narrow no-break space), as in Swedish print."""
    return f"{varde:,}".replace(",", SMALT_MELLANRUM)


def decimal(varde: float, decimaler: int = 1) -> str:
    return f"{varde:,.{decimaler}f}".replace(",", SMALT_MELLANRUM).replace(".", ",")


def procent(varde: float) -> str:
    """9.4 → "9,4 %"."""
    return f"{decimal(varde)}{SMALT_MELLANRUM}%"


@dataclass
class Cell:
    text: str
    varde: object = None  # the number behind the text (None: masked or not applicable)
    typ: str = "antal"
    maskerad: bool = False
    andel: float | None = None  # the share shown with the count ("n (x %)")


@dataclass
class Rad:
    etikett: str
    celler: list[Cell]
    slag: str = "rad"  # rad | summa | delsumma | extrarad | grupp
    saknas: bool = False


@dataclass
class Visningstabell:
    rapport: str
    titel: str
    kolumner: list[str]
    kolumntyper: list[str]
    rader: list[Rad] = field(default_factory=list)
    noter: list[str] = field(default_factory=list)
    # Kön "Annan könsidentitet" shown in the total row only (its other cells are small).
    annan_bara_totalt: bool = False

    @property
    def tom(self) -> bool:
        return not any(r.slag == "rad" for r in self.rader)


def utan_tom_annan(tabell: dict) -> dict:
    """The table without Annan könsidentitet where nobody of the period has it (older periods
    had no such category, docs/regler.md §3). The JSON of the contract keeps its three kön
    columns (SPEC §4: Kvinnor, Män, Annan könsidentitet); pages, the Excel file, the figures and
    the report book leave out the empty one, unless empty rows are asked for."""
    if tabell.get("annan_kon_i_perioden", True):
        return tabell
    andel_av = tabell.get("andel_av") or [None] * len(tabell["kolumner"])
    utan = {j for j, rubrik in enumerate(tabell["kolumner"]) if rubrik == ANNAN}
    utan |= {j for j, taljare in enumerate(andel_av) if taljare in utan}
    rader = [i for i, rad in enumerate(tabell["rader"]) if rad["etikett"] == ANNAN]
    if not utan and not rader:
        return tabell
    celler = [rad["varden"][j] for rad in [*tabell["rader"], tabell["summa"], *tabell["extrarader"]] for j in utan]
    celler += [v for i in rader for v in tabell["rader"][i]["varden"]]
    if any(celler):
        return tabell  # someone is counted there after all: a count is never hidden this way
    return deltabell(
        tabell,
        [(("r", i), rad) for i, rad in enumerate(tabell["rader"]) if i not in rader],
        ("s",),
        [j for j in range(len(tabell["kolumner"])) if j not in utan],
        titel=tabell["titel"],
        extrarader=[("e", k) for k in range(len(tabell["extrarader"]))],
    )


def utan_deltagare(tabell: dict) -> str | None:
    """Why a table has no figure when nobody is counted in it (a period without data): the
    page notes it where the figure would be and the figure's address answers it. None when the
    table counts someone; a masked count is someone."""
    if tabell.get("maskerade_celler"):
        return None
    typer = tabell["kolumntyper"]
    linjer = [*tabell["rader"], *([tabell["summa"]] if tabell.get("summa") else []), *tabell["extrarader"]]
    if any(v for rad in linjer for v, typ in zip(rad["varden"], typer) if typ == "antal"):
        return None
    return _("Det finns inget diagram för perioden: tabellen har inga deltagare.")


def deltabell(tabell: dict, rader: list, summa: tuple, kolumner: list[int], *, titel: str, extrarader=()) -> dict:
    """A table of some rows and columns of a published table: the same cells, the same
    masking (a part of one publication shows nothing the whole does not)."""
    maskerade = {tuple(c) for c in tabell.get("maskerade_celler", [])}

    # The kept rows' new places: a sum row's av_rader points at them (rows may be left out).
    ny_plats = {linje[1]: nr for nr, (linje, _data) in enumerate(rader) if linje[0] == "r"}

    def rad(linje: tuple, data: dict) -> tuple[dict, list]:
        ny = {k: v for k, v in data.items() if k != "varden"}
        ny["varden"] = [data["varden"][j] for j in kolumner]
        if data.get("av_rader") is not None:
            ny["av_rader"] = [ny_plats[i] for i in data["av_rader"] if i in ny_plats]
        return ny, [nj for nj, j in enumerate(kolumner) if (*linje, j) in maskerade]

    ny = {k: deepcopy(v) for k, v in tabell.items() if k not in ("rader", "summa", "extrarader", "kolumner")}
    ny["titel"] = titel
    ny["kolumner"] = [tabell["kolumner"][j] for j in kolumner]
    ny["kolumntyper"] = [tabell["kolumntyper"][j] for j in kolumner]
    andel_av = tabell.get("andel_av") or [None] * len(tabell["kolumner"])
    ny["andel_av"] = [kolumner.index(andel_av[j]) if andel_av[j] in kolumner else None for j in kolumner]
    ny["rader"], ny["extrarader"], nya_maskerade = [], [], []
    for nr, (linje, data) in enumerate(rader):
        r, m = rad(linje, data)
        ny["rader"].append(r)
        nya_maskerade += [["r", nr, j] for j in m]
    s, m = rad(summa, linje_i(tabell, summa))
    s["etikett"] = _("Totalt")
    ny["summa"] = s
    nya_maskerade += [["s", j] for j in m]
    for nk, linje in enumerate(extrarader):
        e, m = rad(linje, linje_i(tabell, linje))
        ny["extrarader"].append(e)
        nya_maskerade += [["e", nk, j] for j in m]
    ny["maskerade_celler"] = nya_maskerade
    return ny


def linje_i(tabell: dict, linje: tuple) -> dict:
    if linje[0] == "s":
        return tabell["summa"]
    if linje[0] == "e":
        return tabell["extrarader"][linje[1]]
    return tabell["rader"][linje[1]]


def visa(tabell: dict, alternativ: Alternativ | None = None) -> Visningstabell:
    """The table as pages, files and the report book show it."""
    alternativ = alternativ or Alternativ()
    tabell = utan_tom_annan(tabell)
    maskerade = {tuple(c) for c in tabell.get("maskerade_celler", [])}
    kolumner = list(tabell["kolumner"])
    typer = list(tabell["kolumntyper"])
    andel_av = list(tabell.get("andel_av") or [None] * len(kolumner))

    # Which columns, in which order; "n (x %)" puts each share in its count column.
    ordning = list(range(len(kolumner)))
    sammanslagna: dict[int, int] = {}
    if alternativ.n_andel:
        for j, taljare in enumerate(andel_av):
            if taljare is not None and typer[taljare] == "antal" and taljare not in sammanslagna:
                sammanslagna[taljare] = j
        ordning = [j for j in ordning if j not in sammanslagna.values()]
    if alternativ.totalt_forst and TOTALT in kolumner:
        total = kolumner.index(TOTALT)
        ordning = [total] + [j for j in ordning if j != total]
    annan = kolumner.index(ANNAN) if ANNAN in kolumner else None
    # Decided with the publication (tabeller.annan_bara_i_totalen): its cells are empty there.
    annan_bara_totalt = bool(tabell.get("annan_bara_i_totalen")) and annan is not None

    def cell(linje: tuple, varden: list, j: int) -> Cell:
        varde, typ = varden[j], typer[j]
        maskerad = (*linje, j) in maskerade
        if varde is None:
            text = MASKERAT if maskerad else ("" if typ == "mal" else EJ_TILLAMPLIGT)
        elif typ == "andel":
            text = procent(varde)
        elif isinstance(varde, float):
            text = decimal(varde)
        else:
            text = antal(varde)
        resultat = Cell(text, varde, typ, maskerad)
        if j in sammanslagna:
            andel = varden[sammanslagna[j]]
            resultat.andel = andel
            if varde is not None and andel is not None:
                resultat.text = f"{text} ({procent(andel)})"
        if annan_bara_totalt and j == annan and linje[0] != "s":
            # Empty, masked or not: the files show what the page shows (no "..").
            resultat.text, resultat.maskerad = "", False
        return resultat

    def rad(linje: tuple, data: dict, slag: str) -> Rad:
        etikett = data["etikett"]
        if alternativ.korta_etiketter and data.get("kort_etikett") and "kortnamn" not in data:
            etikett = data["kort_etikett"]
        if alternativ.esf and data.get("esf"):
            etikett = _("%(namn)s (ESF)") % {"namn": etikett}
        return Rad(etikett, [cell(linje, data["varden"], j) for j in ordning], slag, bool(data.get("saknas")))

    rubriker = [kolumner[j] for j in ordning]
    if alternativ.korta_etiketter:
        # The published tables' heading of the third kön (halvårsrapport 2025).
        rubriker = [_("Annan köns-ID") if r == ANNAN else r for r in rubriker]
    if alternativ.n_andel:
        rubriker = [f"{r} (andel)" if j in sammanslagna and not r.endswith("(%)") else r for j, r in zip(ordning, rubriker)]
    visning = Visningstabell(
        rapport=tabell["rapport"],
        titel=tabell["titel"],
        kolumner=rubriker,
        kolumntyper=[typer[j] for j in ordning],
        noter=list(tabell["noter"]),
        annan_bara_totalt=annan_bara_totalt,
    )

    # Subtotals of consecutive rows of one insats (exit reasons per insats) follow their rows.
    delsummor: dict[int, list[int]] = {}
    ovriga = []
    for k, extrarad in enumerate(tabell["extrarader"]):
        av = extrarad.get("av_rader")
        grupp = {tabell["rader"][i].get("insats") for i in av} if av else set()
        if av and len(grupp) == 1 and None not in grupp and av == list(range(av[0], av[-1] + 1)):
            delsummor.setdefault(av[-1], []).append(k)
        else:
            ovriga.append(k)
    foregaende = None
    for i, data in enumerate(tabell["rader"]):
        grupp = data.get("insats")
        if grupp is not None and grupp != foregaende and delsummor:
            visning.rader.append(Rad(grupp, [Cell("") for _j in ordning], "grupp"))
        foregaende = grupp
        visning.rader.append(rad(("r", i), data, "rad"))
        for k in delsummor.get(i, []):
            visning.rader.append(rad(("e", k), tabell["extrarader"][k], "delsumma"))
    if tabell.get("summa") is not None:
        visning.rader.append(rad(("s",), tabell["summa"], "summa"))
    for k in ovriga:
        visning.rader.append(rad(("e", k), tabell["extrarader"][k], "extrarad"))

    framst = [data.get("framst") for data in tabell["rader"]]
    if any(framst):
        visning.kolumner.append(_("Främst till"))
        visning.kolumntyper.append("text")
        radindex = iter(range(len(tabell["rader"])))
        for rad_ in visning.rader:
            if rad_.slag == "rad":
                namn = framst[next(radindex)] or []
                rad_.celler.append(Cell(", ".join(namn), typ="text"))
            else:
                rad_.celler.append(Cell("", typ="text"))
    return visning
