"""Fixed choices of the registry. Code lists that the association edits are models instead."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kon(models.TextChoices):
    # Report columns follow this order (2025 Tabell 1–3).
    KVINNA = "K", _("Kvinna")
    MAN = "M", _("Man")
    ANNAN = "A", _("Annan könsidentitet")


class JuridisktKon(models.TextChoices):
    # Uppföljning Finsam counts by legal sex only; "uppgift saknas" is counted there as
    # "utan juridiskt kön", like an empty value, but it is an answer somebody gave.
    KVINNA = "K", _("Kvinna")
    MAN = "M", _("Man")
    SAKNAS = "X", _("Uppgift saknas")


# Kön values that are also a juridiskt kön (kvinna, man): juridiskt kön follows them
# (docs/regler.md §2). A set built once: Choices.values builds a list each call, a cost
# the import paid 100,000 times a file.
KON_SOM_AR_JURIDISKT_KON = frozenset(Kon.values) & frozenset(JuridisktKon.values)

# Plural column labels of the reports (docs/regler.md §4).
KON_KOLUMNER = {Kon.KVINNA: _("Kvinnor"), Kon.MAN: _("Män"), Kon.ANNAN: _("Annan könsidentitet")}


class LsgOmrade(models.TextChoices):
    JARVA = "jarva", _("Järva")
    VASTERORT = "vasterort", _("Västerort")
    SODERORT = "soderort", _("Söderort")
    CITY = "city", _("City")


# A participant's fields in the order of the Excel columns (docs/regler.md §4): the order of the
# export, the API and the registerutdrag as well.
DELTAGARFALT = (
    "insats",
    "deltagar_id",
    "samtycke",
    "kon",
    "juridiskt_kon",
    "fodelsear",
    "utbildning",
    "tid_utan_arbete",
    "forsorjning_start",
    "anmalande_part",
    "stadsdel",
    "startdatum",
    "slutdatum",
    "avslutsorsak",
    "forsorjning_slut",
    "lots",
    "arbetstraning",
)

# The coded fields: foreign keys to code lists (select_related, lookups by code or label).
KODFALT = (
    "utbildning",
    "tid_utan_arbete",
    "forsorjning_start",
    "anmalande_part",
    "stadsdel",
    "avslutsorsak",
    "forsorjning_slut",
)

# Background variables: stored only with samtycke (docs/regler.md §2), registered only by insatser that
# register background data. Field names on Deltagare.
BAKGRUNDSFALT = (
    "fodelsear",
    "utbildning",
    "tid_utan_arbete",
    "forsorjning_start",
    "forsorjning_slut",
    "anmalande_part",
    "stadsdel",
)

ALDER_MIN = 16
ALDER_MAX = 66
