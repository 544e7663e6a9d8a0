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

Counts by juridiskt kön (Tabell 16) are masked last, around the pattern of all other tables,
and only with each other as company: besides the relations, a reader presumes that the women
(men) of a population are its participants of juridiskt kön woman (man), and that those of
Annan könsidentitet are those without one. The rules let them differ, so no relation says so,
but juridiskt kön is kön unless given, and a count hidden by kön but shown by juridiskt kön
would be read off. So the twin of a hidden count is hidden too, the twin of a shown one is
taken as known (no company), and the rest of Tabell 16 keeps them from being computed.

Atoms that no table shows are unknowns that are never shown.
"""

import itertools
from collections import defaultdict

from .maskering import System, kanon, undertryck
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
    juridiska = {v for v in system.varden if system.efter_juridiskt_kon(v)}
    maskade = undertryck(
        {v: antal for v, antal in system.varden.items() if v not in juridiska},
        system.relationer,
        grans=grans,
        virtuella=system.virtuella | juridiska,
        kostnad=system.kostnad,
        dyr=lambda v: system.detalj(v) == 0,
    )
    if juridiska:
        maskade = _maskera_juridiskt(system, maskade, juridiska, grans=grans)
    for variabel in maskade:
        for index, cell in system.celler[variabel]:
            tabeller[index].maskera_cell(cell)
    return maskade


def _maskera_juridiskt(system: "_System", maskade: set, juridiska: set, *, grans: int) -> set:
    """The counts by juridiskt kön masked around the others' pattern ``maskade``, which stays."""
    tvilling_till = system.tvillingar()
    # The same number as its shown twin by kön: the reader has it (no company to anyone).
    kanda = {
        jur
        for jur, kon in tvilling_till.items()
        if kon not in maskade and system.kan_vara_samma(jur) and system.varden[jur] == system.varden[kon]
        and not 0 < system.varden[jur] < grans
    }
    tvingade = maskade | {jur for jur, kon in tvilling_till.items() if kon in maskade}
    varden = {v: system.varden[v] for v in maskade | (juridiska - kanda)}
    try:
        dolda = undertryck(
            varden, system.relationer, grans=grans, virtuella=system.virtuella, kostnad=system.kostnad, tvingade=tvingade
        )
    except RuntimeError:
        # Too little by juridiskt kön is left to protect them with: all of it hidden but the
        # twins the reader has, or if that still gives a small count away, all of it.
        dolda = _dolj(system, maskade, juridiska - kanda, tvingade=tvingade, grans=grans)
        if dolda is None:
            dolda = _dolj(system, maskade, juridiska, tvingade=tvingade, grans=grans)
        if dolda is None:  # cannot happen: hidden, they are what the pattern above assumed
            dolda = set(juridiska)
    return maskade | dolda


def _dolj(system: "_System", maskade: set, dolda: set, *, tvingade: set, grans: int) -> set | None:
    """dolda hidden beside maskade, less what the rest still gives away (showing a count the
    reader can compute tells nothing new); None if that is a count to protect."""
    hela = System(system.relationer, virtuella=system.virtuella, visade=set(system.varden))
    dolda = set(dolda)
    while avslojade := hela.bestamda(maskade | dolda) & (maskade | dolda):
        if any(v in tvingade or 0 < system.varden[v] < grans for v in avslojade):
            return None
        dolda -= avslojade
    return dolda


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

    # --- counts by juridiskt kön and their twins by kön --------------------------------------

    def efter_juridiskt_kon(self, variabel) -> bool:
        return isinstance(variabel, frozenset) and bool(variabel) and all(
            any(d == "jkon" for d, _m in ruta[1]) and not any(d == "kon" for d, _m in ruta[1]) for ruta in variabel
        )

    def tvillingar(self) -> dict:
        """Shown count by juridiskt kön → the shown count by kön a reader takes it for."""
        per_nyckel = {}
        for variabel in self.varden:
            if isinstance(variabel, frozenset) and variabel and not self.efter_juridiskt_kon(variabel):
                tvilling = frozenset(self._som_juridiskt(ruta) for ruta in variabel)
                if None not in tvilling and tvilling in self.varden:
                    per_nyckel[tvilling] = variabel
        return per_nyckel

    def kan_vara_samma(self, jur) -> bool:
        # Women and men by juridiskt kön are the women and men by kön for nearly everyone;
        # those without juridiskt kön are Annan könsidentitet and unknown kön only in part.
        return all(dict(ruta[1])["jkon"] <= {"K", "M"} for ruta in jur)

    def _som_juridiskt(self, ruta: tuple) -> tuple | None:
        pop, dims, lokala = ruta
        dims = dict(dims)
        kon = dims.pop("kon", None)
        if kon is None or "jkon" in dims:
            return None
        if kon <= {"K", "M"}:
            jkon = kon & self.domaner["jkon"]
        elif not kon & {"K", "M"}:
            jkon = frozenset({""}) & self.domaner["jkon"]
        else:
            return None
        if not jkon or jkon == self.domaner["jkon"]:
            return None  # nobody of that juridiskt kön, or everybody: no count of its own
        dims["jkon"] = jkon
        return (pop, tuple(sorted(dims.items())), lokala)

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
