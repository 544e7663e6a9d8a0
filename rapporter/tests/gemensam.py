"""An independent check of the joint masking of a publication, for the tests.

It reads the participant rows itself (Python, not the report queries) and

- ``varde``: evaluates what a cell's key says it counts, so a test can check that every key
  of every table is right (the keys are what the masking relies on);
- ``avslojbara``: finds the masked cells a reader of all tables together could compute. Each
  count is written as a sum over the full cross-classification of the dimensions the tables
  share (not the pairwise margins of the production code), counts that only one table shows
  are unknowns of their own tied by the table's visible sums, and a hidden count is
  recoverable iff its vector lies in the row space of what the reader knows (numpy SVD, not
  the production arithmetic).
"""

import itertools
from collections import defaultdict

import numpy as np

from deltagare.models import Deltagare
from rapporter.tabeller.tabell import sla_ihop

LANKANDE = ("insats", "kon", "jkon", "samtycke", "orsak", "ar")
LOKALA = {
    "utbildning": "utbildning_id",
    "tid": "tid_utan_arbete_id",
    "forsorjning": "forsorjning_start_id",
    "fstart": "forsorjning_start_id",
    "fslut": "forsorjning_slut_id",
    "part": "anmalande_part_id",
    "stadsdel": "stadsdel_id",
    "lots": "lots",
    "arbetstraning": "arbetstraning",
}


class Rader:
    """The participant rows of a period, with what each one is."""

    def __init__(self, fran, till, aldersgrupper):
        self.fran, self.till = fran, till
        self.aldersgrupper = aldersgrupper
        self.rader = list(Deltagare.objects.select_related("insats"))

    def aktiv(self, d, fran=None, till=None) -> bool:
        fran, till = fran or self.fran, till or self.till
        if d.insats.raknesatt == "start":
            return fran <= d.startdatum <= till
        return d.startdatum <= till and (d.slutdatum is None or d.slutdatum >= fran)

    def borjad(self, d) -> bool:
        return self.fran <= d.startdatum <= self.till

    def avslutad(self, d) -> bool:
        return d.slutdatum is not None and self.fran <= d.slutdatum <= self.till

    def i_pop(self, d, pop: str, ar=None) -> bool:
        if pop == "aktiva":
            if ar is not None:
                import datetime

                start = max(self.fran, datetime.date(ar, 1, 1))
                slut = min(self.till, datetime.date(ar, 12, 31))
                return self.aktiv(d, start, slut)
            return self.aktiv(d)
        if pop == "borjade":
            return self.borjad(d) and (ar is None or d.startdatum.year == ar)
        if pop == "avslutade":
            return self.avslutad(d) and (ar is None or d.slutdatum.year == ar)
        raise ValueError(pop)

    def dim(self, d, namn: str):
        if namn == "insats":
            return d.insats_id
        if namn == "kon":
            return d.kon if d.kon in ("K", "M", "A") else "?"
        if namn == "jkon":
            return d.juridiskt_kon if d.juridiskt_kon in ("K", "M") else ""
        if namn == "samtycke":
            return bool(d.samtycke)
        if namn == "orsak":
            return d.avslutsorsak_id
        if namn == "alder":
            if d.fodelsear is None:
                return None
            alder = d.startdatum.year - d.fodelsear
            for grupp in self.aldersgrupper:
                if (grupp.min_alder is None or alder >= grupp.min_alder) and (
                    grupp.max_alder is None or alder <= grupp.max_alder
                ):
                    return grupp.pk
            return "utanfor"
        return getattr(d, LOKALA[namn])


def _passar(varde, villkor) -> bool:
    return varde in villkor if isinstance(villkor, frozenset) else varde == villkor


def varde(rader: Rader, nyckel: dict) -> int:
    """How many participants the key counts (kvar från/till as the flow's differences)."""
    pop = nyckel["pop"]
    if pop == "kvar_fran":
        return varde(rader, {**nyckel, "pop": "aktiva"}) - varde(rader, {**nyckel, "pop": "borjade"})
    if pop == "kvar_till":
        return varde(rader, {**nyckel, "pop": "aktiva"}) - varde(rader, {**nyckel, "pop": "avslutade"})
    ar = nyckel.get("ar")
    antal = 0
    for d in rader.rader:
        if pop == "aktiva" and ar is not None:
            if not any(rader.i_pop(d, "aktiva", a) for a in (ar if isinstance(ar, frozenset) else [ar])):
                continue
        elif not rader.i_pop(d, pop):
            continue
        if pop != "aktiva" and ar is not None:
            ar_d = (d.startdatum if pop == "borjade" else d.slutdatum).year
            if not _passar(ar_d, ar):
                continue
        if all(_passar(rader.dim(d, namn), v) for namn, v in nyckel.items() if namn not in ("pop", "ar")):
            antal += 1
    return antal


# --- the reader's linear algebra ---------------------------------------------------------


def avslojbara(publicerade: list, originalen: list, *, rader: Rader, vid_start: set) -> set:
    """The masked cells (table name, cell) that a reader of all the tables could compute."""
    celler = []  # (table index, cell, key, original value, shown?)
    for t, (pub, orig) in enumerate(zip(publicerade, originalen)):
        visade = pub.celler()
        for cell, antal in orig.celler().items():
            celler.append((t, cell, pub.nyckel_for(cell), antal, cell in visade))
    kanda_nollor = [
        (t, sla_ihop(pub.nyckel, n))
        for t, pub in enumerate(publicerade)
        if pub.nyckel is not None
        for n in pub.nollnycklar
    ]
    rymd = _Rymd(rader, vid_start)
    for _t, _cell, nyckel, _antal, _visad in celler:
        if nyckel is not None:
            rymd.anvand(nyckel)
    for _t, nyckel in kanda_nollor:
        rymd.anvand(nyckel)
    rymd.bygg()

    kolumner: dict = {}  # unknown → column
    vektor_for = {}
    for t, cell, nyckel, _antal, _visad in celler:
        if nyckel is None:
            vektor_for[(t, cell)] = {("lokal", t, cell): 1}
        else:
            vektor_for[(t, cell)] = rymd.vektor(nyckel)
        for u in vektor_for[(t, cell)]:
            kolumner.setdefault(u, len(kolumner))
    nollor = set()
    for t, cell, _n, antal, visad in celler:
        if visad and antal == 0:
            nollor |= set(vektor_for[(t, cell)])
    for _t, nyckel in kanda_nollor:
        nollor |= set(rymd.vektor(nyckel))

    kunskap = []
    for t, cell, _n, _antal, visad in celler:
        if visad:
            kunskap.append(vektor_for[(t, cell)])
    for t in range(len(publicerade)):
        for relation in _relationer(originalen[t]):
            if not any(publicerade[t].nyckel_for(c) is None for c in relation):
                continue  # counts with keys add up through the cross-classification already
            rad: dict = defaultdict(float)
            for c, koef in relation.items():
                for u, k in vektor_for[(t, c)].items():
                    rad[u] += koef * k
            kunskap.append(dict(rad))
    for u in nollor:
        if u in kolumner:  # an atom no cell uses adds nothing
            kunskap.append({u: 1})
    matris = np.zeros((len(kunskap), len(kolumner)))
    for i, rad in enumerate(kunskap):
        for u, k in rad.items():
            matris[i, kolumner[u]] = k
    _u, singular, vt = np.linalg.svd(matris, full_matrices=True)
    rang = int((singular > 1e-8 * max(1.0, singular.max(initial=0))).sum())
    nollrum = vt[rang:]
    avslojade = set()
    for t, cell, _n, _antal, visad in celler:
        if visad:
            continue
        q = np.zeros(len(kolumner))
        for u, k in vektor_for[(t, cell)].items():
            q[kolumner[u]] = k
        if not nollrum.size or np.abs(nollrum @ q).max() < 1e-7:
            avslojade.add((publicerade[t].rapport, cell))
    return avslojade


def _relationer(tabell) -> list[dict]:
    """The sums a reader sees in one table: the total row, a Totalt column, extra rows."""
    celler = tabell.celler()
    relationer = []
    antal = tabell.antalkolumner()
    if tabell.rapport != "flode":
        for j in antal:
            if tabell.kolumner[j].summeras and ("s", j) in celler:
                relationer.append({("s", j): -1, **{("r", i, j): 1 for i in range(len(tabell.rader)) if ("r", i, j) in celler}})
    rubriker = [k.etikett for k in tabell.kolumner]
    if "Totalt" in rubriker:
        total = rubriker.index("Totalt")
        delar = [j for j in antal if j < total]
        for linje in [("r", i) for i in range(len(tabell.rader))] + [("s",)] + [("e", k) for k in range(len(tabell.extrarader))]:
            if (*linje, total) in celler:
                relationer.append({(*linje, total): -1, **{(*linje, j): 1 for j in delar if (*linje, j) in celler}})
    for k, extrarad in enumerate(tabell.extrarader):
        if extrarad.av_rader is not None:
            for j in antal:
                if ("e", k, j) in celler:
                    relationer.append({("e", k, j): -1, **{("r", i, j): 1 for i in extrarad.av_rader if ("r", i, j) in celler}})
    # What the table says adds up besides (table 14: the results of the follow-ups and their base).
    for relation in tabell.relationer:
        if all(c in celler for c in relation):
            relationer.append(dict(relation))
    return relationer


class _Rymd:
    """The full cross-classification of the shared dimensions, per population and code."""

    def __init__(self, rader: Rader, vid_start: set):
        self.rader = rader
        self.vid_start = vid_start
        self.dimensioner: dict = defaultdict(set)  # group → shared dimensions used
        self.domaner = self._domaner()

    def _domaner(self) -> dict:
        domaner: dict = defaultdict(set)
        for d in self.rader.rader:
            if not (self.rader.aktiv(d) or self.rader.borjad(d) or self.rader.avslutad(d)):
                continue
            for namn in ("insats", "kon", "jkon", "samtycke"):
                domaner[namn].add(self.rader.dim(d, namn))
            if self.rader.avslutad(d):
                domaner["orsak"].add(d.avslutsorsak_id)
        domaner["ar"] = set(range(self.rader.fran.year, self.rader.till.year + 1))
        return domaner

    def _delar(self, nyckel: dict) -> list[tuple[str, dict, tuple]]:
        """(population, shared-dimension conditions, codes) terms whose sum the key is, with
        the counting rule: the active of an insats counted at the start are its started."""
        pop = nyckel["pop"]
        if pop in ("kvar_fran", "kvar_till"):
            minus = "borjade" if pop == "kvar_fran" else "avslutade"
            return [*self._delar({**nyckel, "pop": "aktiva"})] + [
                (p, villkor, koder, -tecken) for p, villkor, koder, tecken in self._delar({**nyckel, "pop": minus})
            ]
        lokala_mangder = {n: v for n, v in nyckel.items() if n not in LANKANDE and n != "pop"}
        if any(isinstance(v, frozenset) for v in lokala_mangder.values()):
            # A set of codes is the sum of its codes.
            namn = sorted(lokala_mangder)
            delar = []
            for koder in itertools.product(
                *(sorted(v, key=repr) if isinstance(v := lokala_mangder[n], frozenset) else [v] for n in namn)
            ):
                delar += self._delar({**nyckel, **dict(zip(namn, koder))})
            return delar
        villkor = {n: v for n, v in nyckel.items() if n in LANKANDE}
        lokala = tuple(sorted(lokala_mangder.items()))
        if pop == "aktiva" and "ar" in villkor:
            ar = villkor.pop("ar")
            (ar,) = ar if isinstance(ar, frozenset) else (ar,)
            if {ar} != self.domaner["ar"]:
                # The active of different years overlap: each year is a population of its own.
                pop = f"aktiva@{ar}"
        if not pop.startswith("aktiva"):
            return [(pop, villkor, lokala, 1)]
        insatser = villkor.get("insats", frozenset(self.domaner["insats"]))
        insatser = insatser if isinstance(insatser, frozenset) else frozenset([insatser])
        delar = []
        if insatser - self.vid_start:
            delar.append((pop, {**villkor, "insats": insatser - self.vid_start}, lokala, 1))
        if insatser & self.vid_start:
            borjade = {**villkor, "insats": insatser & self.vid_start}
            if pop != "aktiva":
                borjade["ar"] = int(pop.split("@")[1])
            delar.append(("borjade", borjade, lokala, 1))
        return delar

    def anvand(self, nyckel: dict) -> None:
        for pop, villkor, lokala, _tecken in self._delar(nyckel):
            self.dimensioner[(pop, lokala)] |= set(villkor)

    def bygg(self) -> None:
        self.ordning = {grupp: sorted(dims) for grupp, dims in self.dimensioner.items()}

    def vektor(self, nyckel: dict) -> dict:
        vektor: dict = defaultdict(int)
        for pop, villkor, lokala, tecken in self._delar(nyckel):
            dims = self.ordning[(pop, lokala)]
            mojliga = []
            for namn in dims:
                v = villkor.get(namn)
                alla = sorted(self.domaner[namn], key=repr)
                if v is None and namn not in villkor:
                    mojliga.append(alla)
                else:
                    mangd = v if isinstance(v, frozenset) else frozenset([v])
                    mojliga.append([x for x in alla if x in mangd])
            for atom in itertools.product(*mojliga):
                vektor[(pop, lokala, atom)] += tecken
        return {u: k for u, k in vektor.items() if k}
