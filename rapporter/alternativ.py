"""The choices of one report run (docs/regler.md §3): publication thresholds and the published
form. One value object, passed from the page, the command and the API to the computation and
the files, so that one publication is computed once with one set of choices.

The form options (column order, "n (x %)" cells, short labels, "(ESF)") change how tables are
shown, never the JSON of SPEC §4: the JSON carries the numbers and the files and pages format
them.
"""

from dataclasses import dataclass, replace

from django.conf import settings
from django.utils.translation import gettext as _

# The allowed thresholds of a publication, (least, greatest): the page's form, the commands and
# the API check them here, so one limit holds wherever a publication is asked for.
GRANSER = {"troskel": (1, 100), "minsta_bas": (1, 1000)}


def kontrollera_grans(namn: str, varde, etikett: str | None = None) -> int:
    """The threshold ``namn`` as an int within GRANSER, or a Swedish ValueError that names it
    as the caller knows it (``etikett``: "--troskel" in the commands, "troskel" in the API)."""
    minst, mest = GRANSER[namn]
    try:
        tal = None if isinstance(varde, bool) else int(str(varde).strip())
    except ValueError:
        tal = None
    if tal is None or not minst <= tal <= mest:
        raise ValueError(
            _("%(etikett)s ska vara ett heltal från %(minst)s till %(mest)s, inte %(varde)s.")
            % {"etikett": etikett or namn, "minst": minst, "mest": mest, "varde": repr(str(varde))}
        )
    return tal


@dataclass(frozen=True)
class Alternativ:
    # Masking for publication: counts 1 ≤ n < troskel are hidden; shares only on bases ≥ minsta_bas.
    publicering: bool = False
    troskel: int | None = None
    minsta_bas: int | None = None
    # Codes without participants in the period are left out unless asked for.
    visa_tomma: bool = False
    # The published form (presentation only).
    totalt_forst: bool = False
    n_andel: bool = False
    korta_etiketter: bool = False
    esf: bool = False

    def __post_init__(self) -> None:
        for namn in GRANSER:
            varde = getattr(self, namn)
            if varde is not None:
                if not isinstance(varde, int) or isinstance(varde, bool):
                    raise ValueError(_("%(namn)s måste vara ett heltal.") % {"namn": namn})
                kontrollera_grans(namn, varde)

    @property
    def grans(self) -> int:
        """Counts below this are masked in publication."""
        return self.troskel if self.troskel is not None else settings.PUBLICERING_MASKERA_UNDER

    @property
    def bas(self) -> int:
        """Shares are computed only on bases at least this large: 1 outside publication."""
        if not self.publicering:
            return 1
        return self.minsta_bas if self.minsta_bas is not None else settings.PUBLICERING_MINSTA_BAS_FOR_ANDEL

    def berakning(self) -> "Alternativ":
        """The choices that change the numbers (the rest only change their form): the key of a
        computed publication."""
        return Alternativ(
            publicering=self.publicering,
            troskel=self.grans if self.publicering else None,
            minsta_bas=self.bas if self.publicering else None,
            visa_tomma=self.visa_tomma,
        )

    def med(self, **andringar) -> "Alternativ":
        return replace(self, **andringar)


PUBLICERAD_FORM = {"totalt_forst": True, "n_andel": True, "korta_etiketter": True, "esf": True}
