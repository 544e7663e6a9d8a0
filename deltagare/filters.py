"""Search, filter and sort of an insats' participant list (django-filter)."""

import datetime

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Deltagare, aktiv_q

DATUM = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DeltagareFilterForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        fran, till = cleaned.get("fran"), cleaned.get("till")
        if fran and till and till < fran:
            self.add_error("till", _("Periodens slut får inte vara före dess början."))
        return cleaned


class StabilOrdning(django_filters.OrderingFilter):
    """Ties broken by pk, so a participant never shows on two pages or on none."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        return qs.order_by(*qs.query.order_by, "pk") if qs.query.order_by else qs


class DeltagareFilter(django_filters.FilterSet):
    deltagar_id = django_filters.CharFilter(label=_("Deltagar-ID"), lookup_expr="icontains")
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

    def filtrera_status(self, queryset, name, value):
        return queryset.pagaende() if value == "aktiv" else queryset.avslutade()

    def filtrera_period(self, queryset, name, value):
        # Both ends together make one period; applied once in filter_queryset.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        fran, till = self.form.cleaned_data.get("fran"), self.form.cleaned_data.get("till")
        if fran or till:
            # Counted as the reports count: the insats' counting rule decides who took part.
            queryset = queryset.filter(aktiv_q(fran or datetime.date.min, till or datetime.date.max))
        return queryset
