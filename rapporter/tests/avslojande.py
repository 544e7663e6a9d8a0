"""An independent check of publication masking, for the tests: from a published table (JSON
shape) and the unmasked counts, which masked counts could a reader compute from the totals?

The relations are read off the table as a reader sees it: each row's count columns add up to
its "Totalt", the rows add up to the total row, and an extra row that names its rows adds
them up. A masked cell is recoverable iff its unit vector lies in the row space of those
relations restricted to the masked cells (numpy rank, not the production algorithm).
"""

import numpy as np

TOTALT = "Totalt"


def relationer(data: dict, original: dict | None = None) -> list[dict]:
    antal = [j for j, typ in enumerate(data["kolumntyper"]) if typ == "antal"]
    linjer = [("r", i) for i in range(len(data["rader"]))] + [("s",)]
    linjer += [("e", k) for k in range(len(data["extrarader"]))]
    resultat = []
    if TOTALT in data["kolumner"]:
        total = data["kolumner"].index(TOTALT)
        delar = [j for j in antal if j < total]
        for linje in linjer:
            resultat.append({(*linje, total): -1, **{(*linje, j): 1 for j in delar}})
    if data["rapport"] != "flode":
        for j in antal:
            if original is not None and original["summa"]["varden"][j] is None:
                continue  # a column without a total (table 14: goals of different kinds)
            resultat.append({("s", j): -1, **{("r", i, j): 1 for i in range(len(data["rader"]))}})
            for k, extrarad in enumerate(data["extrarader"]):
                if "av_rader" in extrarad:
                    resultat.append({("e", k, j): -1, **{("r", i, j): 1 for i in extrarad["av_rader"]}})
    else:
        for j in antal:
            resultat.append({("r", 0, j): 1, ("r", 1, j): 1, ("r", 2, j): -1, ("r", 3, j): -1})
            resultat.append({("s", j): -1, ("r", 0, j): 1, ("r", 1, j): 1})
    return resultat


def varde(data: dict, cell: tuple):
    if cell[0] == "r":
        return data["rader"][cell[1]]["varden"][cell[2]]
    if cell[0] == "s":
        return data["summa"]["varden"][cell[1]]
    return data["extrarader"][cell[1]]["varden"][cell[2]]


def maskerade(data: dict, original: dict | None = None) -> set[tuple]:
    """Cells shown as None; with the unmasked table, only those that had a number (a value
    that is not applicable is None in both and known to the reader). Annan könsidentitet
    shown in the total only (annan_bara_i_totalen) empties its other cells for the form's
    sake; those the pattern did not mask count as known, as the pattern left them."""
    celler = set()
    if data.get("annan_bara_i_totalen"):
        annan = data["kolumner"].index("Annan könsidentitet")
        monstret = {tuple(c) for c in data.get("maskerade_celler", [])}
        bara_formen = {
            cell
            for relation in relationer(data, original)
            for cell in relation
            if cell[0] != "s" and cell[-1] == annan and cell not in monstret
        }
    else:
        bara_formen = set()
    for relation in relationer(data, original):
        celler |= {
            cell
            for cell in relation
            if varde(data, cell) is None and (original is None or varde(original, cell) is not None)
        }
    return celler - bara_formen


def avslojbara(data: dict, original: dict | None = None) -> set[tuple]:
    """The masked cells a reader could compute from the visible cells."""
    okanda = sorted(maskerade(data, original))
    if not okanda:
        return set()
    index = {cell: i for i, cell in enumerate(okanda)}
    matris = np.array(
        [
            [relation.get(cell, 0) for cell in okanda]
            for relation in relationer(data, original)
            if any(cell in index for cell in relation)
        ],
        dtype=float,
    )
    rang = np.linalg.matrix_rank(matris)
    avslojade = set()
    for cell, i in index.items():
        enhet = np.zeros((1, len(okanda)))
        enhet[0, i] = 1
        if np.linalg.matrix_rank(np.vstack([matris, enhet])) == rang:
            avslojade.add(cell)
    return avslojade
