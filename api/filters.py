import datetime

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from rest_framework.exceptions import ValidationError

from deltagare.filters import LoggatFilter
from deltagare.models import Deltagare, aktiv_q
from finsam.idlista import ar_id
from insatser import behorighet
from insatser.models import Insats


class DeltagareFilter(LoggatFilter, filters.FilterSet):
    insats = filters.CharFilter(
        method="filter_insats",
        # Longer than any name: never looked up (SQLite refuses a LIKE pattern this long).
        max_length=Insats._meta.get_field("namn").max_length,
        error_messages={"max_length": _("Insatsens namn är för långt: högst %(limit_value)d tecken.")},
        label=_("Insats: kortnamn, namn, tidigare namn eller id."),
    )
    status = filters.ChoiceFilter(
        choices=[("aktiv", _("Pågående (utan slutdatum)")), ("avslutad", _("Avslutad (med slutdatum)"))],
        method="filter_status",
        label=_("aktiv = pågående (utan slutdatum), avslutad = med slutdatum."),
    )
    fran = filters.DateFilter(
        method="filter_period",
        label=_("Aktiv i perioden från detta datum (ÅÅÅÅ-MM-DD), enligt insatsens räknesätt."),
    )
    till = filters.DateFilter(
        method="filter_period",
        label=_("Aktiv i perioden till och med detta datum (ÅÅÅÅ-MM-DD), enligt insatsens räknesätt."),
    )
    startdatum_fran = filters.DateFilter(
        field_name="startdatum", lookup_expr="gte", label=_("Startdatum från och med.")
    )
    startdatum_till = filters.DateFilter(
        field_name="startdatum", lookup_expr="lte", label=_("Startdatum till och med.")
    )
    slutdatum_fran = filters.DateFilter(
        field_name="slutdatum", lookup_expr="gte", label=_("Slutdatum från och med.")
    )
    slutdatum_till = filters.DateFilter(
        field_name="slutdatum", lookup_expr="lte", label=_("Slutdatum till och med.")
    )
    deltagar_id = filters.CharFilter(field_name="deltagar_id", label=_("Exakt deltagar-ID."))

    class Meta:
        model = Deltagare
        fields = []

    def filter_insats(self, queryset, name, value):
        # Looked up among the insatser the caller may read: another project's insats answers as
        # an unknown one, so its existence cannot be probed (as registering into it answers).
        synliga = behorighet.insatser_att_lasa(self.request.user) if self.request is not None else Insats.objects.none()
        insats = synliga.filter(pk=int(value)).first() if ar_id(value) else None
        insats = insats or synliga.by_name(value).first()
        if insats is None:
            raise ValidationError({"insats": [_("Okänd insats ”%(insats)s”.") % {"insats": value}]})
        return queryset.filter(insats=insats)

    def filter_status(self, queryset, name, value):
        return queryset.pagaende() if value == "aktiv" else queryset.avslutade()

    def filter_period(self, queryset, name, value):
        # Both ends are applied together in filter_queryset; one end alone leaves the other open.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        fran, till = self.form.cleaned_data.get("fran"), self.form.cleaned_data.get("till")
        if fran and till and fran > till:
            raise ValidationError({"till": [_("Till-datumet får inte vara före från-datumet.")]})
        if fran or till:
            queryset = queryset.filter(aktiv_q(fran or datetime.date.min, till or datetime.date.max))
        return queryset
