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
        for namn in ("troskel", "minsta_bas"):
            varde = getattr(self, namn)
            if varde is not None and (isinstance(varde, bool) or not isinstance(varde, int) or varde < 1):
                raise ValueError(_("%(namn)s måste vara ett heltal som är minst 1.") % {"namn": namn})

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
