"""The project leaders' pages (docs/regler.md §1): start page, participant list and forms, follow-ups.

Every view reaches rows only through `for_user` querysets, so another insats' participant is
a 404, not a 403 that would confirm it exists (docs/regler.md §5).
"""

from .deltagare import andra, ateroppna, avsluta, lista, ny, ta_bort, visa
from .flera import avsluta_flera, uppfoljningar_utforda_view
from .sok import sok
from .start import start, uppfoljningar
from .uppfoljning import uppfoljning_andra, uppfoljning_angra, uppfoljning_utford

__all__ = [
    "andra",
    "ateroppna",
    "avsluta_flera",
    "avsluta",
    "lista",
    "ny",
    "sok",
    "start",
    "ta_bort",
    "uppfoljning_andra",
    "uppfoljning_angra",
    "uppfoljning_utford",
    "uppfoljningar",
    "uppfoljningar_utforda_view",
    "visa",
]
