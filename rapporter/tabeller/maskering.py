"""Small numbers in published tables (docs/regler.md §3): which counts to hide.

Counts from 1 up to the threshold are masked (primary suppression). A masked count must not
be recoverable from what is still shown: row and column totals, sums of rows, the flow identity
and, across the tables of one publication, counts that two tables share or that add up across
them (``samordning``) are linear relations between counts. After the primary masking every
masked count that those relations still pin down gets company (secondary suppression): a
visible count sharing a relation with it, preferring inner cells to totals, cells of one table
to cells several tables show, and small counts to large ones, round after round until no masked
count can be computed. A last pass shows again every secondary count that is not needed: the
pattern stays safe and hides as little as it can.

"Can be computed" is decided exactly: an unknown count is determined by the known ones iff its
unit vector lies in the row space of the relations restricted to the unknowns, which the
reduced row echelon form shows directly (a pivot row with no other entry). The arithmetic is
exact modulo a large prime: the coefficients are small integers, so the rank equals the
rational rank unless the prime divides a minor, which at this size does not happen (the tests
check the result independently with floating-point ranks).
"""

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable

from .tabell import Cell, Tabell

PRIMTAL = 2_147_483_629  # < 2**31: products of two residues fit in 64 bits


def maskera(tabell: Tabell, *, grans: int) -> None:
    """Mask one table on its own (a publication of one table)."""
    celler = tabell.celler()
    maskade = undertryck(celler, tabell.relationer_alla(), grans=grans)
    for cell in maskade:
        tabell.maskera_cell(cell)


def undertryck(
    varden: dict[Hashable, int],
    relationer: list[dict[Hashable, int]],
    *,
    grans: int,
    virtuella: Iterable[Hashable] = (),
    kostnad: Callable[[Hashable], tuple] | None = None,
    dyr: Callable[[Hashable], bool] = lambda v: False,
    tvingade: Iterable[Hashable] = (),
) -> set:
    """The counts to hide. ``varden``: every shown count; ``relationer``: linear relations
    {count: coefficient} summing to zero; ``virtuella``: counts in the relations that are never
    shown (always unknown). Any other count in a relation is known to the reader without being
    shown (a zero, say). ``kostnad``: the order in which counts are offered as company (lowest
    first); by default inner cells, then small counts. ``dyr``: counts to hide only when no
    other count anywhere in the same system protects (the headline numbers). ``tvingade``:
    counts to hide whatever their size, as the small ones are.

    Zeros are never hidden: a zero is nobody, and a reader often knows it from elsewhere."""
    system = System(relationer, virtuella=set(virtuella), visade={v for v, antal in varden.items() if antal})
    primara = {v for v, antal in varden.items() if 0 < antal < grans}
    primara |= {v for v in tvingade if varden.get(v)}
    if not primara:
        return set()
    if kostnad is None:
        summor = {v for relation in relationer for v, koef in relation.items() if koef < 0}

        def kostnad(v) -> tuple:
            return (v in summor, varden[v])

    maskade = set(primara)

    def ordning(v) -> tuple:
        # Within the cheapest kind, first the counts that leave no relation with themselves as
        # the only unknown (they close a cycle of hidden counts instead of opening new ones).
        forsta, *resten = kostnad(v)
        return (forsta, system.exponering(v, maskade), *resten, system.index[v])

    while True:
        avslojade = system.bestamda(maskade)
        if not avslojade:
            break
        komponent_for, grannar = system.komponenter(maskade)
        # One company per computable count, except where counts chosen in this round already
        # share two of its relations: a few dozen rounds even for a whole publication.
        rorda: set[int] = set()
        tillagda: set = set()
        for v in sorted(avslojade, key=system.index.__getitem__):
            egna = system.relationer_for[v]
            if sum(1 for r in egna if r in rorda) >= 2:
                continue
            kandidater = {c for r in egna for c in system.relationer[r] if system.kan_maskeras(c, maskade | tillagda)}
            if not kandidater:
                # Pinned down only through several relations at once: any count next to its
                # system of unknowns.
                kandidater = grannar[komponent_for[v]] - tillagda
            if not kandidater:
                continue
            vald = min(kandidater, key=ordning)
            if dyr(vald):
                vald = _billigare(system, v, maskade | tillagda, ordning, dyr, grannar[komponent_for[v]]) or vald
            tillagda.add(vald)
            rorda |= system.relationer_for[vald]
        if not tillagda:
            raise RuntimeError("Maskeringen hittar inget att dölja för att skydda ett maskerat antal.")
        maskade |= tillagda

    # Show again, most valuable first, every count of company that the pattern does not need.
    trappa = system.trappform(maskade)
    skyddade = {system.index[v] for v in maskade}
    for v in sorted(maskade - primara, key=lambda v: (*kostnad(v), system.index[v]), reverse=True):
        index = system.index[v]
        if trappa.kanna(index, skyddade=skyddade - {index}):
            maskade.discard(v)
            skyddade.discard(index)
    return maskade


def _billigare(system: "System", v, maskade: set, ordning, dyr, grannar: set, forsok: int = 12):
    """A count further away in the system of ``v`` that protects it instead of an expensive
    one: the cheapest few are tried (each try is one reduction of the system)."""
    for c in sorted((c for c in grannar if c not in maskade and not dyr(c)), key=ordning)[:forsok]:
        prov = maskade | {c}
        if v not in system.bestamda(prov, endast=system.komponent(v, prov)):
            return c
    return None


class System:
    """Linear relations between counts, indexed for repeated questions of which unknown counts
    they determine."""

    def __init__(self, relationer: list[dict], *, virtuella: set, visade: set):
        self.relationer: list[dict] = [{v: k for v, k in r.items() if k} for r in relationer]
        self.relationer = [r for r in self.relationer if r]
        alla = set(visade).union(*(r.keys() for r in self.relationer)) if self.relationer else set(visade)
        # A fixed order of the counts, independent of hashing: the same data give the same
        # pattern in every process (the page, the file and the report book of one publication).
        self.index: dict = {v: i for i, v in enumerate(sorted(alla, key=kanon))}
        self.relationer_for: dict = defaultdict(set)
        for r, relation in enumerate(self.relationer):
            for v in relation:
                self.relationer_for[v].add(r)
        self.virtuella = virtuella
        self.visade = visade

    def okand(self, v, maskade: set) -> bool:
        return v in maskade or v in self.virtuella

    def kan_maskeras(self, v, maskade: set) -> bool:
        return v in self.visade and v not in maskade

    def exponering(self, v, maskade: set) -> int:
        """How many relations would have ``v`` as their only unknown if it were hidden."""
        return sum(
            1
            for r in self.relationer_for[v]
            if not any(u != v and self.okand(u, maskade) for u in self.relationer[r])
        )

    def komponent(self, start, maskade: set) -> set:
        """The unknown counts linked to ``start`` (one count or a set) through relations among
        unknowns."""
        sett = set(start) if isinstance(start, set) else {start}
        okanda = maskade | self.virtuella if len(maskade) < len(self.virtuella) else self.virtuella | maskade
        kvar = list(sett)
        lasta: set[int] = set()  # each relation is read once, however many unknowns it holds
        while kvar:
            v = kvar.pop()
            for r in self.relationer_for[v]:
                if r in lasta:
                    continue
                lasta.add(r)
                for u in self.relationer[r]:
                    if u not in sett and u in okanda:
                        sett.add(u)
                        kvar.append(u)
        return sett

    def komponenter(self, maskade: set) -> tuple[dict, dict]:
        """The systems of unknowns linked by relations (count → system), and per system the
        visible counts that share a relation with it (those that can keep it company)."""
        komponent_for: dict = {}
        for start in maskade:
            if start in komponent_for:
                continue
            for u in self.komponent(start, maskade):
                komponent_for[u] = start
        grannar: dict = defaultdict(set)
        for relation in self.relationer:
            system = next((komponent_for[u] for u in relation if u in komponent_for), None)
            if system is not None:
                grannar[system] |= {c for c in relation if self.kan_maskeras(c, maskade)}
        return komponent_for, grannar

    def bestamda(self, maskade: set, *, endast: set | None = None) -> set:
        """The masked counts that the relations determine from the known ones (only those
        linked to the counts ``endast`` when given)."""
        okanda = self.komponent(set(maskade) if endast is None else endast, maskade)
        relationsindex = sorted({r for v in okanda for r in self.relationer_for[v]})
        rader = []
        for r in relationsindex:
            rad = {self.index[v]: k % PRIMTAL for v, k in self.relationer[r].items() if self.okand(v, maskade)}
            if rad:
                rader.append(rad)
        bestamda_index = Trappform(rader).bestamda()
        return {v for v in maskade if self.index.get(v) in bestamda_index}

    def trappform(self, maskade: set) -> "Trappform":
        """The reduced relations among every unknown count, to be updated count by count."""
        rader = []
        for relation in self.relationer:
            rad = {self.index[v]: k % PRIMTAL for v, k in relation.items() if self.okand(v, maskade)}
            if rad:
                rader.append(rad)
        return Trappform(rader)


def bestamda(okanda: set, relationer: list[dict]) -> set:
    """The unknown counts that the relations (with every other count known) determine."""
    system = System(relationer, virtuella=set(), visade=set(okanda))
    return system.bestamda(set(okanda))


class Trappform:
    """Reduced row echelon form over GF(p) of relations among unknown counts (column = count
    index). A pivot whose row has no other entry is a determined unknown."""

    def __init__(self, rader: list[dict[int, int]]):
        self.rader: dict[int, dict[int, int]] = {}  # pivot → fully reduced row
        self.forekomst: dict[int, set[int]] = defaultdict(set)  # unknown → pivots whose row holds it
        for rad in rader:
            self._lagg_till(dict(rad))

    def bestamda(self) -> set[int]:
        return {pivot for pivot, rad in self.rader.items() if len(rad) == 1}

    def _lagg_till(self, rad: dict[int, int]) -> None:
        for pivot in [p for p in rad if p in self.rader]:
            faktor = rad.get(pivot)
            if faktor:
                _subtrahera(rad, self.rader[pivot], faktor)
        if rad:
            self._satt_pivot(rad)

    def _satt_pivot(self, rad: dict[int, int]) -> None:
        pivot = min(rad)
        invers = pow(rad[pivot], PRIMTAL - 2, PRIMTAL)
        rad = {v: k * invers % PRIMTAL for v, k in rad.items()}
        for annan in list(self.forekomst.get(pivot, ())):
            self._byt(annan, _minus(self.rader[annan], rad, self.rader[annan][pivot]))
        self.rader[pivot] = rad
        for v in rad:
            self.forekomst[v].add(pivot)

    def _byt(self, pivot: int, ny: dict[int, int]) -> None:
        for v in self.rader[pivot]:
            self.forekomst[v].discard(pivot)
        self.rader[pivot] = ny
        for v in ny:
            self.forekomst[v].add(pivot)

    def kanna(self, index: int, *, skyddade: set[int]) -> bool:
        """Make an unknown known, unless that determines one of ``skyddade``; True when done.

        Knowing a count deletes its column: rows without it as pivot just lose it; a row with
        it as pivot takes its smallest remaining unknown as new pivot, cleared from the others."""
        andrade: dict[int, dict[int, int]] = {}
        if index in self.rader:
            rest = {v: k for v, k in self.rader[index].items() if v != index}
            if rest:
                ny_pivot = min(rest)
                invers = pow(rest[ny_pivot], PRIMTAL - 2, PRIMTAL)
                rest = {v: k * invers % PRIMTAL for v, k in rest.items()}
                andrade[ny_pivot] = rest
                for annan in self.forekomst.get(ny_pivot, ()):
                    if annan != index:
                        andrade[annan] = _minus(self.rader[annan], rest, self.rader[annan][ny_pivot])
        else:
            for annan in self.forekomst.get(index, ()):
                andrade[annan] = {v: k for v, k in self.rader[annan].items() if v != index}
        if any(len(rad) == 1 and pivot in skyddade for pivot, rad in andrade.items()):
            return False
        if index in self.rader:
            for v in self.rader[index]:
                self.forekomst[v].discard(index)
            del self.rader[index]
        for pivot, rad in andrade.items():
            if pivot in self.rader:
                self._byt(pivot, rad)
            else:
                self.rader[pivot] = rad
                for v in rad:
                    self.forekomst[v].add(pivot)
        return True


def _minus(rad: dict, annan: dict, faktor: int) -> dict:
    ny = dict(rad)
    _subtrahera(ny, annan, faktor)
    return ny


def _subtrahera(rad: dict, annan: dict, faktor: int) -> None:
    for v, k in annan.items():
        nytt = (rad.get(v, 0) - faktor * k) % PRIMTAL
        if nytt:
            rad[v] = nytt
        else:
            rad.pop(v, None)


def kanon(v) -> tuple:
    """A sort key for any count id (tuples, sets, numbers, text, None) that does not depend on
    hashing."""
    if v is None:
        return (0,)
    if isinstance(v, bool):
        return (1, int(v))
    if isinstance(v, int):
        return (2, v)
    if isinstance(v, str):
        return (3, v)
    if isinstance(v, (frozenset, set)):
        return (5, tuple(sorted(kanon(e) for e in v)))
    if isinstance(v, tuple):
        return (4, tuple(kanon(e) for e in v))
    return (6, repr(v))


__all__ = ["Cell", "bestamda", "maskera", "undertryck"]
