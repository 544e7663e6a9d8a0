"""One masking pattern for a whole publication (docs/regler.md §3): every table of a page, an
Excel file or a report book is masked together, so that no hidden count can be computed from
any combination of the tables that go out together.

The tables say what each count is (its key, ``Tabell.nyckel_for``). From the keys this module
builds one system of linear relations over all tables:

- A count that several tables show is one unknown: it is hidden everywhere or nowhere.
- Each table's own relations (row and column totals, sums of rows, the flow identity).
- Counts that add up across tables. Keys of one population that differ only in the shared
  dimensions (insats, kön, juridiskt kön, samtycke, avslutsorsak, year) are sums of finer
  counts. Within a group of keys (one population, the same code of a code list) each dimension
  is cut into the blocks the keys use; the finest counts ("atoms") are the products of blocks
  over a largest set of dimensions that keys vary together, and each key is the sum of its
  atoms. Two such sets are tied by their common margin: the counts over the dimensions they
  share add up to the same numbers on both sides. These pairwise margins give every linear
  relation between the tables (the interactions of the dimensions they share are the only
  thing two marginal tables have in common), without the product of all dimensions.
- What a reader knows besides: a count shown as 0 and a row left out because it is 0 make
  every finer count in them 0, and an insats counted at the start (Myndighetsgemensamt team)
  has as active exactly those who started in the period.

Atoms that no table shows are unknowns that are never shown.
"""

import itertools
from collections import defaultdict

from .maskering import kanon, undertryck
from .tabell import Tabell, sla_ihop

# Dimensions that tables share, with finite value sets; every other part of a key (a code of a
# code list) has to match exactly.
LANKANDE = ("insats", "kon", "jkon", "samtycke", "orsak", "ar")


def maskera_publikation(
    tabeller: list[Tabell], *, grans: int, domaner: dict[str, frozenset], vid_start: frozenset
) -> set:
    """Mask the tables jointly in place; return the hidden counts (one entry per distinct count)."""
    system = _System(domaner=domaner, vid_start=vid_start)
    for index, tabell in enumerate(tabeller):
        system.lagg_till(index, tabell)
    system.bygg_lankar()
    maskade = undertryck(
        system.varden,
        system.relationer,
        grans=grans,
        virtuella=system.virtuella,
        kostnad=system.kostnad,
        dyr=lambda v: system.detalj(v) == 0,
    )
    for variabel in maskade:
        for index, cell in system.celler[variabel]:
            tabeller[index].maskera_cell(cell)
    return maskade


class _System:
    def __init__(self, *, domaner: dict[str, frozenset], vid_start: frozenset):
        self.domaner = domaner
        self.vid_start = vid_start
        self.varden: dict = {}  # shown count → value
        self.celler: dict = defaultdict(list)  # shown count → [(table, cell)]
        self.relationer: list[dict] = []
        self.kanda_nollor: set = set()  # counts a reader knows to be 0 without their being shown
        self.summor: set = set()  # counts that are totals of others in some table
        self.rutor: set = set()  # every box (sum term) met in a key
        self.detaljer: dict = {}  # count → in how many dimensions its key limits it

    # --- the tables ---------------------------------------------------------------------

    def lagg_till(self, index: int, tabell: Tabell) -> None:
        variabel_for = {}
        for cell, varde in tabell.celler().items():
            nyckel = tabell.nyckel_for(cell)
            variabel = ("lokal", index, cell) if nyckel is None else self._variabel(nyckel)
            self.detaljer[variabel] = self._detalj(nyckel, variabel)
            if variabel in self.varden and self.varden[variabel] != varde:
                raise ValueError(
                    f"Samma antal {nyckel!r} är {self.varden[variabel]} och {varde} i olika tabeller "
                    f"({tabell.rapport})."
                )
            self.varden[variabel] = varde
            self.celler[variabel].append((index, cell))
            variabel_for[cell] = variabel
        for relation in tabell.relationer_alla():
            rad: dict = defaultdict(int)
            for cell, koef in relation.items():
                rad[variabel_for[cell]] += koef
                if koef < 0:
                    self.summor.add(variabel_for[cell])
            # Two cells of one count (table 14: the participants and the base of a share of
            # them) make an equality that says nothing.
            rad = {variabel: koef for variabel, koef in rad.items() if koef}
            if rad:
                self.relationer.append(rad)
        if tabell.nyckel is not None:
            for nyckel in tabell.nollnycklar:
                variabel = self._variabel(sla_ihop(tabell.nyckel, nyckel))
                if self.varden.get(variabel, 0) != 0:
                    raise ValueError(f"Rad utelämnad som 0 men visad som {self.varden[variabel]}: {nyckel!r}")
                if variabel not in self.varden:
                    self.kanda_nollor.add(variabel)

    def _variabel(self, nyckel: dict) -> frozenset:
        """A key as the set of boxes whose sum it is (mostly one box)."""
        rutor = frozenset(self._rutor(nyckel))
        self.rutor |= rutor
        if len(rutor) > 1:
            for ruta in rutor:
                self.rutor.add(ruta)
        return rutor

    def _rutor(self, nyckel: dict) -> list[tuple]:
        pop = nyckel["pop"]
        dims: dict = {}
        lokala: dict = {}
        for namn, varde in nyckel.items():
            if namn == "pop":
                continue
            if namn in LANKANDE:
                mangd = varde if isinstance(varde, frozenset) else frozenset([varde])
                dims[namn] = mangd & self.domaner[namn]
            else:
                lokala[namn] = varde
        if any(not mangd for mangd in dims.values()):
            return []  # a count of nobody
        ar = dims.pop("ar", None) if pop == "aktiva" else None
        if ar is not None and ar != self.domaner["ar"]:
            # Active in different years overlap: each year's active is a population of its own.
            (ett_ar,) = ar
            pop = f"aktiva@{ett_ar}"
        rutor = []
        if pop.startswith("aktiva"):
            insatser = dims.get("insats", self.domaner["insats"])
            vid_start = insatser & self.vid_start
            ovriga = insatser - self.vid_start
            if ovriga:
                rutor.append(self._ruta(pop, dims | {"insats": ovriga}, lokala))
            if vid_start:
                borjade = dims | {"insats": vid_start}
                if pop != "aktiva":
                    borjade["ar"] = frozenset([int(pop.split("@")[1])])
                rutor.append(self._ruta("borjade", borjade, lokala))
        else:
            rutor.append(self._ruta(pop, dims, lokala))
        return rutor

    def _ruta(self, pop: str, dims: dict, lokala: dict) -> tuple:
        dims = {d: m for d, m in dims.items() if m != self.domaner[d]}
        # One code given as a set of one is that code.
        lokala = {n: next(iter(v)) if isinstance(v, frozenset) and len(v) == 1 else v for n, v in lokala.items()}
        return (pop, tuple(sorted(dims.items())), tuple(sorted(lokala.items(), key=lambda kv: kv[0])))

    # --- relations across tables ----------------------------------------------------------

    def bygg_lankar(self) -> None:
        variabler = set(self.varden) | self.kanda_nollor
        # A key of several boxes is their sum.
        for variabel in sorted((v for v in variabler if isinstance(v, frozenset) and len(v) > 1), key=kanon):
            relation = {variabel: -1}
            for ruta in variabel:
                relation[frozenset([ruta])] = relation.get(frozenset([ruta]), 0) + 1
            self.relationer.append(relation)
        grupper: dict = defaultdict(set)
        for ruta in self.rutor:
            grupper[(ruta[0], ruta[2])].add(ruta)
        nollrutor = {ruta for v in self._nollor() for ruta in v}
        for grupp in sorted(grupper, key=kanon):
            self._grupp(sorted(grupper[grupp], key=kanon), nollrutor)
        alla = set().union(*(r.keys() for r in self.relationer)) if self.relationer else set()
        self.virtuella = alla - set(self.varden) - self.kanda_nollor

    def _nollor(self) -> set:
        return self.kanda_nollor | {v for v, antal in self.varden.items() if antal == 0 and isinstance(v, frozenset)}

    def _grupp(self, rutor: list[tuple], nollrutor: set) -> None:
        pop, lokala = rutor[0][0], rutor[0][2]
        aktiva = {ruta: frozenset(d for d, _m in ruta[1]) for ruta in rutor}
        # Cut each dimension into the blocks the keys use.
        block: dict[str, list[frozenset]] = {}
        for dim in LANKANDE:
            mangder = [m for ruta in rutor for d, m in ruta[1] if d == dim]
            if mangder:
                block[dim] = _block(self.domaner[dim], mangder)
        storsta = sorted(
            {a for a in aktiva.values() if not any(a < b for b in aktiva.values())},
            key=lambda a: (-len(a), sorted(a)),
        )
        if not storsta or storsta == [frozenset()]:
            return  # one count of the whole population: nothing to add up
        rum = {m: self._atomer(pop, lokala, m, block) for m in storsta}
        for ruta in rutor:
            dims = dict(ruta[1])
            if self._ar_atom(ruta, block, storsta):
                continue
            rymd = next(m for m in storsta if aktiva[ruta] <= m)
            delar = [atom for atom, blocken in rum[rymd] if all(blocken[d] <= dims[d] for d in dims)]
            if delar == [ruta]:
                continue
            relation = {frozenset([ruta]): -1}
            for atom in delar:
                relation[frozenset([atom])] = relation.get(frozenset([atom]), 0) + 1
            self.relationer.append(relation)
        # A zero makes every finer count in it zero.
        for ruta in rutor:
            if ruta not in nollrutor:
                continue
            dims = dict(ruta[1])
            for rymd in storsta:
                if aktiva[ruta] <= rymd:
                    for atom, blocken in rum[rymd]:
                        if all(blocken[d] <= dims[d] for d in dims):
                            variabel = frozenset([atom])
                            if variabel not in self.varden:
                                self.kanda_nollor.add(variabel)
        # Two largest sets of dimensions agree on their common margin.
        for a, b in itertools.combinations(storsta, 2):
            gemensamma = sorted(a & b)
            for marginal in itertools.product(*(block[d] for d in gemensamma)):
                villkor = dict(zip(gemensamma, marginal))
                relation: dict = defaultdict(int)
                for atom, blocken in rum[a]:
                    if all(blocken[d] == m for d, m in villkor.items()):
                        relation[frozenset([atom])] += 1
                for atom, blocken in rum[b]:
                    if all(blocken[d] == m for d, m in villkor.items()):
                        relation[frozenset([atom])] -= 1
                relation = {v: k for v, k in relation.items() if k}
                if relation:
                    self.relationer.append(relation)

    def _atomer(self, pop: str, lokala: tuple, dims: frozenset, block: dict) -> list[tuple]:
        ordning = sorted(dims)
        atomer = []
        for kombination in itertools.product(*(block[d] for d in ordning)):
            blocken = dict(zip(ordning, kombination))
            atomer.append((self._ruta(pop, blocken, dict(lokala)), blocken))
        return atomer

    def _ar_atom(self, ruta: tuple, block: dict, storsta: list) -> bool:
        dims = dict(ruta[1])
        return frozenset(dims) in storsta and all(m in block[d] for d, m in dims.items())

    # --- which count to hide for company ------------------------------------------------

    def kostnad(self, variabel) -> tuple:
        """Company is taken first from the most detailed counts (those limited in the most
        dimensions: a reason of one insats and kön before the insats' total, and never the
        period's headline numbers while a detail will do), then inner cells before totals, then
        counts of one table, then small counts."""
        tabeller = {index for index, _cell in self.celler[variabel]}
        return (-self.detalj(variabel), variabel in self.summor, len(tabeller) > 1, self.varden[variabel])

    def detalj(self, variabel) -> int:
        return self.detaljer[variabel]

    def _detalj(self, nyckel: dict | None, variabel) -> int:
        if nyckel is None:
            # A count of one table only: a detail of that table unless it is one of its totals.
            return 1 if variabel[2][0] == "r" else 0
        return sum(
            1
            for namn, varde in nyckel.items()
            if namn != "pop" and not (namn in LANKANDE and isinstance(varde, frozenset) and varde >= self.domaner[namn])
        )

def _block(domän: frozenset, mangder: list[frozenset]) -> list[frozenset]:
    """The coarsest partition of the domain in which every given set is a union of blocks."""
    signaturer: dict = defaultdict(set)
    for varde in domän:
        signaturer[tuple(varde in m for m in mangder)].add(varde)
    return sorted((frozenset(b) for b in signaturer.values()), key=kanon)
