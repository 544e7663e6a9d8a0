"""Search, filter and sort of an insats' participant list and of the follow-up list (django-filter)."""

import datetime
from typing import Any

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from insatser import behorighet

from .models import Deltagare, Uppfoljning, aktiv_q
from .validators import SOK_PERSONNUMMER_MESSAGE, looks_like_personnummer

DATUM = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# A typed deltagar-ID to search for. An ID has at most 40 characters; much more is refused before
# the database sees it (SQLite gives up on a LIKE pattern of 50,000 characters, and the answer was
# a 503 "Databasen svarade inte"). 100, the length the audit log keeps a filter value
# (audit.LANGST_FILTERVARDE), so an accepted search is logged whole.
LANGST_SOKTERM = 100
FOR_LANG_SOKTERM = _("Skriv högst %(limit_value)d tecken (du skrev %(show_value)d). Ett deltagar-ID är aldrig så långt.")
SOKTERM_FEL = {"max_length": FOR_LANG_SOKTERM}


class SokForm(forms.Form):
    """The header's search for a deltagar-ID."""

    q = forms.CharField(required=False, max_length=LANGST_SOKTERM, error_messages=SOKTERM_FEL)


class DeltagareFilterForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_deltagar_id(self):
        # Never searched for, nor logged (the list logs its filter): see SOK_PERSONNUMMER_MESSAGE.
        varde = self.cleaned_data.get("deltagar_id")
        if looks_like_personnummer(varde):
            # Nor shown again in the field, as the header search empties its own.
            self.data = self.data.copy()
            self.data["deltagar_id"] = ""
            raise forms.ValidationError(SOK_PERSONNUMMER_MESSAGE, code="personnummer")
        return varde

    def clean(self):
        cleaned = super().clean()
        fran, till = cleaned.get("fran"), cleaned.get("till")
        if fran and till and till < fran:
            self.add_error("till", _("Periodens slut får inte vara före dess början."))
        return cleaned


class StabilOrdning(django_filters.OrderingFilter):
    """Ties broken by pk, so a participant never shows on two pages or on none."""

    # django-filter has no Swedish translation of its "%s (descending)".
    descending_fmt = _("%s (fallande)")

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        return qs.order_by(*qs.query.order_by, "pk") if qs.query.order_by else qs


def _loggbart(varde: Any) -> Any:
    """A cleaned filter value as the audit log holds it: an insats by its short name, a date in
    ISO form, a sort order as its keys."""
    if isinstance(varde, list | tuple):
        return [_loggbart(v) for v in varde]
    if isinstance(varde, datetime.date):
        return varde.isoformat()
    return getattr(varde, "kortnamn", None) or str(varde)


class LoggatFilter:
    """What filtered the page, for the list's log entry (docs/regler.md §5): the cleaned values
    of the filter's own fields, never the raw query string. A parameter the filter does not know,
    a refused value (another insats, a date that is no date) or a key that repeats the page's own
    insats changed nothing on the page, and a log that repeated it could be made to say so."""

    def loggat_filter(self) -> dict[str, Any]:
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return {
            namn: _loggbart(varde)
            for namn, varde in self.form.cleaned_data.items()
            if namn in self.filters and varde not in (None, "", [], ())
        }


def sidans_nummer(sida) -> dict[str, int]:
    """The page of a paged list that was shown (after the paginator's correction of a page that
    does not exist), for the log: which rows were read. The first page is the default."""
    return {"sida": sida.number} if sida.number > 1 else {}


class DeltagareFilter(LoggatFilter, django_filters.FilterSet):
    deltagar_id = django_filters.CharFilter(
        label=_("Deltagar-ID"), lookup_expr="icontains", max_length=LANGST_SOKTERM, error_messages=SOKTERM_FEL
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("aktiv", _("Aktiva (utan slutdatum)")), ("avslutad", _("Avslutade"))],
        empty_label=_("Alla"),
        method="filtrera_status",
    )
    fran = django_filters.DateFilter(label=_("Deltog från"), method="filtrera_period", widget=DATUM)
    till = django_filters.DateFilter(label=_("Deltog till"), method="filtrera_period", widget=DATUM)
    ordning = StabilOrdning(
        label=_("Sortera"),
        fields=(
            ("deltagar_id", "deltagar_id"),
            ("startdatum", "startdatum"),
            ("slutdatum", "slutdatum"),
            ("nasta_uppfoljning", "nasta_uppfoljning"),
        ),
        field_labels={
            "deltagar_id": _("Deltagar-ID"),
            "startdatum": _("Startdatum"),
            "slutdatum": _("Slutdatum"),
            "nasta_uppfoljning": _("Nästa uppföljning"),
        },
        empty_label=_("Senast startade"),
    )

    class Meta:
        model = Deltagare
        fields: list[str] = []
        form = DeltagareFilterForm

    def loggat_filter(self) -> dict[str, Any]:
        # With an error nothing is filtered (filter_queryset), so nothing is logged as a filter.
        return super().loggat_filter() if self.form.is_valid() else {}

    def filtrera_status(self, queryset, name, value):
        return queryset.pagaende() if value == "aktiv" else queryset.avslutade()

    def filtrera_period(self, queryset, name, value):
        # Both ends together make one period; applied once in filter_queryset.
        return queryset

    def filter_queryset(self, queryset):
        if not self.form.is_valid():
            # Half a filter would look like a whole one: with an error, nothing is filtered.
            return queryset
        queryset = super().filter_queryset(queryset)
        fran, till = self.form.cleaned_data.get("fran"), self.form.cleaned_data.get("till")
        if fran or till:
            # Counted as the reports count: the insats' counting rule decides who took part.
            queryset = queryset.filter(aktiv_q(fran or datetime.date.min, till or datetime.date.max))
        return queryset


class UppfoljningFilter(LoggatFilter, django_filters.FilterSet):
    """The follow-up list: to do by default, narrowed by insats, planned date and status.
    Every choice is a range on the follow-up indexes (open follow-ups have one of their own)."""

    ATT_GORA, UTFORDA, ALLA = "att_gora", "utforda", "alla"
    FORFALLNA_OCH_KOMMANDE, FORFALLNA, FORSENADE, KOMMANDE, ALLA_DATUM = "", "forfallna", "forsenade", "kommande", "alla"

    insats = django_filters.ModelChoiceFilter(
        label=_("Insats"),
        queryset=lambda request: behorighet.insatser_att_lasa(request.user).order_by("sortering", "namn"),
        field_name="deltagare__insats",
        empty_label=_("Alla mina insatser"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(UTFORDA, _("Utförda")), (ALLA, _("Alla"))],
        empty_label=_("Att göra"),
        method="filtrera_status",
    )
    planerad = django_filters.ChoiceFilter(
        label=_("Planerad"),
        choices=[
            (FORFALLNA, _("Förfallna (idag eller tidigare)")),
            (FORSENADE, _("Försenade (före idag)")),
            (KOMMANDE, _("Kommande 30 dagar")),
            (ALLA_DATUM, _("Alla datum")),
        ],
        empty_label=_("Förfallna och kommande 30 dagar"),
        method="filtrera_planerad",
    )

    class Meta:
        model = Uppfoljning
        fields: list[str] = []
        form = DeltagareFilterForm

    def __init__(self, data=None, *args, idag: datetime.date, kommande_dagar: int, **kwargs):
        self.idag, self.kommande_dagar = idag, kommande_dagar
        super().__init__(data, *args, **kwargs)

    def filtrera_status(self, queryset, name, value):
        # "Att göra" (the default, an empty value) is applied in filter_queryset.
        return queryset.filter(utford_datum__isnull=False) if value == self.UTFORDA else queryset

    def filtrera_planerad(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if not data.get("status"):
            queryset = queryset.filter(utford_datum__isnull=True)
        planerad = data.get("planerad") or self.FORFALLNA_OCH_KOMMANDE
        senast = self.idag + datetime.timedelta(days=self.kommande_dagar)
        if planerad == self.FORFALLNA_OCH_KOMMANDE:
            queryset = queryset.filter(planerad_datum__lte=senast)
        elif planerad == self.FORFALLNA:
            queryset = queryset.filter(planerad_datum__lte=self.idag)
        elif planerad == self.FORSENADE:
            queryset = queryset.filter(planerad_datum__lt=self.idag)
        elif planerad == self.KOMMANDE:
            queryset = queryset.filter(planerad_datum__gt=self.idag, planerad_datum__lte=senast)
        # Open follow-ups oldest first (the overdue on top); done ones newest first.
        if data.get("status"):
            return queryset.order_by("-planerad_datum", "-pk")
        return queryset.order_by("planerad_datum", "pk")
