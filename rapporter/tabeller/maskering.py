"""Small numbers in published tables (docs/regler.md §3).

Counts from 1 up to the threshold are masked (primary suppression). A masked count must not
be recoverable from what is still shown: row and column totals, sums of rows and the flow
identity are linear relations between cells, so after the primary masking every masked cell
that those relations still pin down gets company: the smallest visible cell inside the table
(totals last) that shares a relation with such a cell is masked too (secondary suppression),
round after round until no masked cell can be computed. "Can be computed" is decided exactly: a cell is determined by the visible cells iff
its unit vector lies in the row space of the relations restricted to the masked cells, which
the reduced row echelon form shows directly.
"""

from fractions import Fraction

from .tabell import Cell, Tabell


def maskera(tabell: Tabell, *, grans: int) -> None:
    celler = tabell.celler()
    maskade = undertryck(celler, tabell.relationer_alla(), grans=grans)
    for cell in maskade:
        tabell.satt_cell(cell, None)
    tabell.maskerad = bool(maskade)


def undertryck(varden: dict[Cell, int], relationer: list[dict[Cell, int]], *, grans: int) -> set[Cell]:
    maskade = {cell for cell, varde in varden.items() if 0 < varde < grans}
    if not maskade:
        return maskade
    relationer_for: dict[Cell, list[dict]] = {}
    for relation in relationer:
        for cell in relation:
            relationer_for.setdefault(cell, []).append(relation)
    # Totals stand with coefficient −1 in the relations; masking a total hides less than masking
    # a cell inside the table, so inner cells are taken first.
    summor = {cell for relation in relationer for cell, coef in relation.items() if coef < 0}
    while True:
        avslojade = bestamda(maskade, relationer)
        if not avslojade:
            return maskade
        # One complement per computable cell, except where a complement chosen in this round
        # already shares a relation with it: a handful of rounds even for large tables.
        rorda: set[int] = set()
        tillagda = set()
        for cell in sorted(avslojade, key=_ordning):
            egna = relationer_for.get(cell, [])
            if any(id(r) in rorda for r in egna):
                continue
            kandidater = {c for r in egna for c in r if c not in maskade and c not in tillagda}
            if not kandidater:
                continue
            # The smallest non-zero inner count hides the masked one at the least cost; zeros last.
            vald = min(kandidater, key=lambda c: (c in summor, varden[c] == 0, varden[c], _ordning(c)))
            tillagda.add(vald)
            rorda |= {id(r) for r in relationer_for.get(vald, [])}
        if not tillagda:
            # Pinned down only through several relations at once: widen the search.
            kandidater = {c for m in maskade for r in relationer_for.get(m, []) for c in r if c not in maskade}
            if not kandidater:
                return maskade
            tillagda.add(min(kandidater, key=lambda c: (c in summor, varden[c] == 0, varden[c], _ordning(c))))
        maskade |= tillagda


def bestamda(okanda: set[Cell], relationer: list[dict[Cell, int]]) -> set[Cell]:
    """The unknown cells that the relations (with every other cell known) determine."""
    bas: dict[Cell, dict[Cell, Fraction]] = {}  # pivot → fully reduced row
    for relation in relationer:
        rad = {c: Fraction(k) for c, k in relation.items() if c in okanda and k}
        if not rad:
            continue
        for pivot in [p for p in rad if p in bas]:
            faktor = rad.get(pivot)
            if faktor:
                _subtrahera(rad, bas[pivot], faktor)
        if not rad:
            continue
        pivot = min(rad, key=_ordning)
        faktor = rad[pivot]
        rad = {c: v / faktor for c, v in rad.items()}
        for annan in bas.values():
            if pivot in annan:
                _subtrahera(annan, rad, annan[pivot])
        bas[pivot] = rad
    return {pivot for pivot, rad in bas.items() if len(rad) == 1}


def _subtrahera(rad: dict, annan: dict, faktor: Fraction) -> None:
    for cell, varde in annan.items():
        nytt = rad.get(cell, 0) - faktor * varde
        if nytt:
            rad[cell] = nytt
        else:
            rad.pop(cell, None)


def _ordning(cell: Cell) -> tuple:
    return tuple((0, d) if isinstance(d, int) else (1, str(d)) for d in cell)
