"""The table every report produces, and its JSON shape (docs/regler.md §4).

A table holds counts; shares are derived from counts at the very end (``andelar``), so that
masking for publication (``maskering``) works on counts only and shares follow from the masked
counts. The arithmetic relations between cells (row totals, column totals, sums of rows) are
declared here once: the totals are computed from them and the masking uses them to make sure a
masked count cannot be recovered from a total.

Every count cell also says *what* it counts (its key, ``nyckel``): the population (aktiva,
borjade, avslutade) and the values it is limited to (insats, kön, avslutsorsak, a code …). The
key of a cell is the table's base key merged with its row's and its column's keys; a part
without a key (None) makes the cell a count of its own that no other table shows. Keys let the
masking of a publication see that two tables show the same count, or counts that add up across
tables (``samordning``).
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

ANTAL = "antal"  # a count of people: summed, masked for publication
ANDEL = "andel"  # a percentage derived from two count columns
MAL = "mal"  # a target from förväntat resultat: neither a count of people nor masked

# Share bases.
KOLUMNSUMMA = "kolumnsumma"  # the cell's share of its column's total (rows add up to 100)
# ("e", k): the share of the same column's value in extra row k (those with a known answer);
# ("skillnad", a, b): the share of column a less column b of the same row.

Cell = tuple  # ("r", row, col) | ("s", col) | ("e", extra row, col) | ("b", block, *cell)


@dataclass
class Kolumn:
    etikett: str
    typ: str = ANTAL
    # The total row adds this column up (counts, and targets that are numbers of people).
    summeras: bool = True
    # For ANDEL: the count column that is the numerator and the base: KOLUMNSUMMA or the index of
    # another column of the same row.
    taljare: int | None = None
    namnare: int | str | tuple | None = None
    # What the column's cells count (see the module docstring); {} for a total over the row.
    nyckel: dict | None = None


@dataclass
class Rad:
    etikett: str
    varden: list
    extra: dict = field(default_factory=dict)
    nyckel: dict | None = None
    # A row of a missing answer ("Ej registrerad", anonymous): outside the share base.
    saknas: bool = False


@dataclass
class Extrarad:
    """A row shown after the total, e.g. "Arbete eller studier" or "Stockholms stad totalt".

    ``av_rader``: the rows it sums (a relation for masking); None when it is counted on its own.
    """

    etikett: str
    varden: list
    av_rader: list[int] | None = None
    nyckel: dict | None = None


@dataclass
class Tabell:
    rapport: str
    titel: str
    fran: date
    till: date
    kolumner: list[Kolumn]
    rader: list[Rad]
    # (total column, summed columns): each row's total is the sum of those columns.
    radsummor: list[tuple[int, list[int]]] = field(default_factory=list)
    # Which rows the total row adds up (None: all). Flöde: kvar från föregående + började.
    summa_av: list[int] | None = None
    summa: list | None = None
    extrarader: list[Extrarad] = field(default_factory=list)
    # Further relations between cells, each {cell: coefficient} summing to zero.
    relationer: list[dict] = field(default_factory=list)
    noter: list[str] = field(default_factory=list)
    # Sub-tables per insats whose cells add up to this table's cells (stegförflyttning).
    per_insats: list["Tabell"] = field(default_factory=list)
    extra: dict = field(default_factory=dict)
    publicering: bool = False
    maskerad: bool = False
    # Keys (see the module docstring): the base of every cell, the total row's own part, and
    # keys of cells that the row and column keys do not describe.
    nyckel: dict | None = None
    summanyckel: dict | None = field(default_factory=dict)
    cellnycklar: dict = field(default_factory=dict)
    # Counts known to be 0 because their rows are left out (docs/regler.md §3: codes without
    # participants are not shown); the masking knows what a reader knows.
    nollnycklar: list[dict] = field(default_factory=list)
    # Cells hidden for publication: masked counts and shares not shown (their count is masked
    # or their base too small). Other empty cells are not applicable.
    undertryckta: set = field(default_factory=set)

    # --- building -------------------------------------------------------------------------

    def antalkolumner(self) -> list[int]:
        return [j for j, k in enumerate(self.kolumner) if k.typ == ANTAL]

    def summera(self) -> None:
        """Fill in row totals, the total row and summing extra rows from the counts."""
        bredd = len(self.kolumner)
        for varden in [*(r.varden for r in self.rader), *(e.varden for e in self.extrarader)]:
            varden.extend([None] * (bredd - len(varden)))
        for rad in self._alla_rader():
            for total, delar in self.radsummor:
                rad[total] = _summa(rad[d] for d in delar)
        rader = self.rader if self.summa_av is None else [self.rader[i] for i in self.summa_av]
        summa = [None] * len(self.kolumner)
        for j, kolumn in enumerate(self.kolumner):
            if kolumn.typ != ANDEL and kolumn.summeras:
                summa[j] = _summa(rad.varden[j] for rad in rader)
        self.summa = summa
        for extrarad in self.extrarader:
            if extrarad.av_rader is not None:
                for j, kolumn in enumerate(self.kolumner):
                    if kolumn.typ != ANDEL and kolumn.summeras:
                        extrarad.varden[j] = _summa(self.rader[i].varden[j] for i in extrarad.av_rader)
        for rad in [self.summa, *(e.varden for e in self.extrarader)]:
            for total, delar in self.radsummor:
                rad[total] = _summa(rad[d] for d in delar)
        for deltabell in self.per_insats:
            deltabell.summera()

    def _alla_rader(self):
        for rad in self.rader:
            yield rad.varden

    # --- cells and relations (for masking) -----------------------------------------------

    def celler(self) -> dict[Cell, int]:
        """Every count cell with a number, keyed by position."""
        celler: dict[Cell, int] = {}
        antal = self.antalkolumner()
        for i, rad in enumerate(self.rader):
            for j in antal:
                if rad.varden[j] is not None:
                    celler[("r", i, j)] = rad.varden[j]
        for j in antal:
            if self.summa[j] is not None:
                celler[("s", j)] = self.summa[j]
        for k, extrarad in enumerate(self.extrarader):
            for j in antal:
                if extrarad.varden[j] is not None:
                    celler[("e", k, j)] = extrarad.varden[j]
        for b, deltabell in enumerate(self.per_insats):
            for cell, varde in deltabell.celler().items():
                celler[("b", b, *cell)] = varde
        return celler

    def relationer_alla(self) -> list[dict[Cell, int]]:
        antal = set(self.antalkolumner())
        linjer = [("r", i) for i in range(len(self.rader))] + [("s",)]
        linjer += [("e", k) for k in range(len(self.extrarader))]
        relationer: list[dict[Cell, int]] = []
        for total, delar in self.radsummor:
            for linje in linjer:
                relation = {(*linje, total): -1}
                for d in delar:
                    relation[(*linje, d)] = relation.get((*linje, d), 0) + 1
                relationer.append(relation)
        summa_av = range(len(self.rader)) if self.summa_av is None else self.summa_av
        for j in sorted(antal):
            if not self.kolumner[j].summeras:
                continue
            relation = {("s", j): -1}
            for i in summa_av:
                relation[("r", i, j)] = 1
            relationer.append(relation)
            for k, extrarad in enumerate(self.extrarader):
                if extrarad.av_rader is not None:
                    relation = {("e", k, j): -1}
                    for i in extrarad.av_rader:
                        relation[("r", i, j)] = 1
                    relationer.append(relation)
        relationer.extend(self.relationer)
        for b, deltabell in enumerate(self.per_insats):
            for relation in deltabell.relationer_alla():
                relationer.append({("b", b, *cell): coef for cell, coef in relation.items()})
        if self.per_insats:
            for cell in self.celler():
                if cell[0] == "b":
                    continue
                relation = {cell: -1}
                for b in range(len(self.per_insats)):
                    relation[("b", b, *cell)] = 1
                relationer.append(relation)
        # A cell without a number (not applicable) adds nothing to its sums: the reader knows it.
        celler = self.celler()
        resultat = []
        for relation in relationer:
            kvar = {cell: coef for cell, coef in relation.items() if coef and cell in celler}
            if kvar:
                resultat.append(kvar)
        return resultat

    def nyckel_for(self, cell: Cell) -> dict | None:
        """The key of a count cell, or None for a count no other table shows."""
        if cell in self.cellnycklar:
            return self.cellnycklar[cell]
        if self.nyckel is None:
            return None
        if cell[0] == "b":
            return self.per_insats[cell[1]].nyckel_for(cell[2:])
        if cell[0] == "r":
            rad, kolumn = self.rader[cell[1]].nyckel, self.kolumner[cell[2]].nyckel
        elif cell[0] == "s":
            rad, kolumn = self.summanyckel, self.kolumner[cell[1]].nyckel
        else:
            rad, kolumn = self.extrarader[cell[1]].nyckel, self.kolumner[cell[2]].nyckel
        if rad is None or kolumn is None:
            return None
        return sla_ihop(self.nyckel, rad, kolumn)

    def maskera_cell(self, cell: Cell) -> None:
        self.satt_cell(cell, None)
        self.maskerad = True
        if cell[0] != "b":
            self.undertryckta.add(cell)

    def satt_cell(self, cell: Cell, varde) -> None:
        if cell[0] == "r":
            self.rader[cell[1]].varden[cell[2]] = varde
        elif cell[0] == "s":
            self.summa[cell[1]] = varde
        elif cell[0] == "e":
            self.extrarader[cell[1]].varden[cell[2]] = varde
        else:
            self.per_insats[cell[1]].satt_cell(cell[2:], varde)

    # --- shares -------------------------------------------------------------------------

    def andelar(self, *, minsta_bas: int = 1) -> None:
        """Compute every share column from the (possibly masked) counts."""
        for deltabell in self.per_insats:
            deltabell.andelar(minsta_bas=minsta_bas)
        rader = [(("r", i), rad.varden, rad.saknas) for i, rad in enumerate(self.rader)] + [(("s",), self.summa, False)]
        rader += [(("e", k), e.varden, False) for k, e in enumerate(self.extrarader)]
        for j, kolumn in enumerate(self.kolumner):
            if kolumn.typ != ANDEL:
                continue
            for linje, varden, saknas in rader:
                taljare = varden[kolumn.taljare]
                if kolumn.namnare == KOLUMNSUMMA:
                    namnare = self.summa[kolumn.taljare]
                elif isinstance(kolumn.namnare, tuple) and kolumn.namnare[0] == "skillnad":
                    # Total less the missing ones, computed only where both are shown: a share
                    # then tells nothing the two counts do not.
                    total, saknas = varden[kolumn.namnare[1]], varden[kolumn.namnare[2]]
                    namnare = None if total is None or saknas is None else total - saknas
                elif isinstance(kolumn.namnare, tuple):
                    # Shares of those with a known answer: missing answers and the total have none.
                    namnare = self.extrarader[kolumn.namnare[1]].varden[kolumn.taljare]
                    if saknas or varden is self.summa:
                        namnare = None
                else:
                    namnare = varden[kolumn.namnare]
                varden[j] = _andel(taljare, namnare, minsta_bas)
                if self.publicering and varden[j] is None and self._undertryckt(linje, kolumn, taljare, namnare, minsta_bas):
                    self.undertryckta.add((*linje, j))

    def _undertryckt(self, linje, kolumn: Kolumn, taljare, namnare, minsta_bas: int) -> bool:
        """A share left out for publication (not one that does not apply)."""
        if (*linje, kolumn.taljare) in self.undertryckta:
            return True
        if taljare is None:
            return False
        if namnare is None:
            return True  # its base is masked
        return 0 < namnare < minsta_bas

    # --- output -------------------------------------------------------------------------

    def som_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rapport": self.rapport,
            "titel": self.titel,
            "fran": self.fran.isoformat(),
            "till": self.till.isoformat(),
            "kolumner": [k.etikett for k in self.kolumner],
            "kolumntyper": [k.typ for k in self.kolumner],
            "rader": [
                {"etikett": r.etikett, "varden": list(r.varden), **r.extra} | ({"saknas": True} if r.saknas else {})
                for r in self.rader
            ],
            "summa": {"etikett": "Totalt", "varden": list(self.summa)},
            "extrarader": [
                {"etikett": e.etikett, "varden": list(e.varden)}
                | ({"av_rader": list(e.av_rader)} if e.av_rader is not None else {})
                for e in self.extrarader
            ],
            "noter": list(self.noter),
            "publicering": self.publicering,
            "maskerad": self.maskerad,
            # The count column each share is a share of (None for other columns).
            "andel_av": [k.taljare if k.typ == ANDEL else None for k in self.kolumner],
        }
        if self.publicering:
            data["maskerade_celler"] = sorted(list(c) for c in self.undertryckta)
        if self.per_insats:
            data["per_insats"] = [
                {
                    "insats": d.titel,
                    "rader": [{"etikett": r.etikett, "varden": list(r.varden)} for r in d.rader],
                    "summa": {"etikett": "Totalt", "varden": list(d.summa)},
                }
                for d in self.per_insats
            ]
        data.update(self.extra)
        return data


def sla_ihop(*delar: dict) -> dict:
    """One key from its parts: each part narrows the count (a base key "insats among these"
    and a row "this insats" give "this insats")."""
    nyckel: dict = {}
    for del_ in delar:
        for namn, varde in del_.items():
            if namn not in nyckel or nyckel[namn] == varde:
                nyckel[namn] = varde
            elif namn == "pop":
                raise ValueError(f"Motstridiga populationer: {nyckel[namn]!r} och {varde!r}")
            else:
                nyckel[namn] = _som_mangd(nyckel[namn]) & _som_mangd(varde)
    return nyckel


def _som_mangd(varde) -> frozenset:
    return varde if isinstance(varde, frozenset) else frozenset([varde])


def _summa(varden) -> int | None:
    """Sum of the numbers: 0 for no values, None only when every value is None (not applicable)."""
    varden = list(varden)
    tal = [v for v in varden if v is not None]
    if varden and not tal:
        return None
    return sum(tal)


def _andel(taljare, namnare, minsta_bas: int) -> float | None:
    if taljare is None or namnare is None or namnare <= 0 or namnare < minsta_bas:
        return None
    return round(100 * taljare / namnare, 1)


def kon_rubriker() -> dict[str, str]:
    """Column labels of the kön columns (docs/regler.md §4), in report order."""
    from deltagare.choices import KON_KOLUMNER

    return {str(kod): str(etikett) for kod, etikett in KON_KOLUMNER.items()}


OKANT_KON = "?"


def okant_kon_rubrik() -> str:
    return _("Okänt kön")
