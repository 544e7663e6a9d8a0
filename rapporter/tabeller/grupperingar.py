"""Several GROUP BYs over the same rows in one statement: GROUPING SETS where the database has
them (PostgreSQL: one pass, every set hashed at once), else UNION ALL over a common table."""

from django.db import connection


def grupperingar(
    fraga: tuple[str, tuple], mangder: dict[str, tuple[str, ...]], kolumner: tuple[str, ...]
) -> list[tuple[str, dict]]:
    """Count the rows of a query (with 0/1 columns borjad and avslutad) in several groupings
    at once. Returns (set name, row dict with the set's columns, borjade, avslutade) per group."""
    sql, params = fraga
    kolumner_i_bruk = [k for k in kolumner if any(k in m for m in mangder.values())]
    if connection.vendor == "postgresql":
        # One pass over the rows, every set hashed at once. GROUPING() sets a bit (first
        # argument highest) for each column not grouped: that names the set of a row.
        mask_for = {}
        for namn, grupperade in mangder.items():
            mask = 0
            for kolumn in kolumner_i_bruk:
                mask = (mask << 1) | (0 if kolumn in grupperade else 1)
            mask_for[mask] = namn
        satser = ", ".join("(" + ", ".join(k) + ")" for k in mangder.values())
        fullt = (
            f"SELECT GROUPING({', '.join(kolumner_i_bruk)}), {', '.join(kolumner_i_bruk)}, SUM(borjad), SUM(avslutad) "
            f"FROM ({sql}) AS underlag GROUP BY GROUPING SETS ({satser})"
        )
    else:
        # Without GROUPING SETS: the rows once in a common table, one GROUP BY per set.
        delar = []
        for namn, grupperade in mangder.items():
            valda = ", ".join(k if k in grupperade else "NULL" for k in kolumner_i_bruk)
            delar.append(
                f"SELECT '{namn}', {valda}, SUM(borjad), SUM(avslutad) FROM underlag GROUP BY {', '.join(grupperade)}"
            )
        fullt = f"WITH underlag AS ({sql}) " + " UNION ALL ".join(delar)
    with connection.cursor() as cursor:
        cursor.execute(fullt, params)
        rader = cursor.fetchall()
    resultat = []
    for forsta, *varden, borjade, avslutade in rader:
        namn = mask_for[forsta] if connection.vendor == "postgresql" else forsta
        rad = {k: v for k, v in zip(kolumner_i_bruk, varden) if k in mangder[namn]}
        resultat.append((namn, {**rad, "borjade": borjade, "avslutade": avslutade}))
    return resultat
