from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from insatser import behorighet
from insatser.models import Insats

from .audit import logga_export, logga_lasning
from .forms import DeltagareAdminForm
from .models import (
    Aldersgrupp,
    AnmalandePart,
    Avslutsgrupp,
    Avslutsorsak,
    Deltagare,
    Forsorjning,
    Stadsdel,
    TidUtanArbete,
    Uppfoljning,
    Utbildning,
)
from .services import deltagare_spara, deltagare_ta_bort, kontrollera_behorighet


class KodlistaAdmin(admin.ModelAdmin):
    list_display = ("namn", "kod", "sortering", "aktiv")
    list_editable = ("sortering", "aktiv")
    list_filter = ("aktiv",)
    search_fields = ("namn", "kod")

    def get_readonly_fields(self, request, obj=None):
        # The code is the stable key that imports and other programs use: fixed once saved.
        return ("kod",) if obj is not None else ()


for _model in (Utbildning, TidUtanArbete, Forsorjning, Avslutsgrupp):
    admin.site.register(_model, KodlistaAdmin)


@admin.register(Aldersgrupp)
class AldersgruppAdmin(KodlistaAdmin):
    list_display = ("namn", "kod", "min_alder", "max_alder", "sortering", "aktiv")


@admin.register(Avslutsorsak)
class AvslutsorsakAdmin(KodlistaAdmin):
    list_display = ("namn", "kod", "grupp", "arbete_eller_studier", "generation", "sortering", "aktiv")
    list_filter = ("aktiv", "generation", "grupp", "arbete_eller_studier")


@admin.register(AnmalandePart)
class AnmalandePartAdmin(KodlistaAdmin):
    list_display = ("namn", "kod", "overordnad", "sortering", "aktiv")
    list_filter = ("aktiv", "overordnad")


@admin.register(Stadsdel)
class StadsdelAdmin(KodlistaAdmin):
    list_display = ("namn", "kod", "lsg_omrade", "sortering", "aktiv")
    list_filter = ("aktiv", "lsg_omrade")


class RowLevelAdminMixin:
    """docs/regler.md §5 in admin too: a user reaches only the rows of the insatser they may see."""

    insats_path = "insats"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(
            **{f"{self.insats_path}__in": Insats.objects.for_user(request.user)}
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Every choice of an insats or a participant, not only the list, is limited: a raw id
        # or a guessed pk must not show or reach another insats' participant.
        if db_field.related_model is Insats:
            kwargs["queryset"] = Insats.objects.for_user(request.user)
        elif db_field.related_model is Deltagare:
            kwargs["queryset"] = Deltagare.objects.for_user(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class UppfoljningInline(admin.TabularInline):
    model = Uppfoljning
    extra = 0
    fields = ("manader", "planerad_datum", "utford_datum", "utford_av")
    readonly_fields = ("utford_av",)


@admin.register(Deltagare)
class DeltagareAdmin(RowLevelAdminMixin, admin.ModelAdmin):
    form = DeltagareAdminForm
    list_display = ("deltagar_id", "insats", "kon", "samtycke", "startdatum", "slutdatum", "avslutsorsak")
    list_filter = ("insats", "kon", "samtycke", "avslutsorsak__grupp", ("slutdatum", admin.EmptyFieldListFilter))
    search_fields = ("deltagar_id",)
    date_hierarchy = "startdatum"
    list_select_related = ("insats", "avslutsorsak")
    readonly_fields = ("version", "skapad", "andrad")
    inlines = [UppfoljningInline]
    fieldsets = (
        (None, {"fields": ("insats", "deltagar_id", "samtycke", "kon", "juridiskt_kon")}),
        (
            _("Bakgrund (endast med samtycke)"),
            {
                "fields": (
                    "fodelsear",
                    "utbildning",
                    "tid_utan_arbete",
                    "forsorjning_start",
                    "anmalande_part",
                    "stadsdel",
                )
            },
        ),
        (_("Deltagande"), {"fields": ("startdatum", "lots", "arbetstraning")}),
        (_("Avslut"), {"fields": ("slutdatum", "avslutsorsak", "forsorjning_slut")}),
        (_("Ändringar"), {"fields": ("version", "skapad", "andrad", "sedd_version")}),
    )

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if request.method == "GET" and hasattr(response, "context_data") and "cl" in response.context_data:
            cl = response.context_data["cl"]
            logga_export(user=request.user, vad="deltagarlista i admin", filter=dict(request.GET.items()), antal=len(cl.result_list))
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = self.get_object(request, object_id)
        if obj is not None and request.method == "GET":
            logga_lasning(user=request.user, deltagare=obj)
        return response

    def save_model(self, request, obj, form, change):
        deltagare_spara(user=request.user, deltagare=obj, forvantad_version=form.cleaned_data.get("sedd_version"))

    def delete_model(self, request, obj):
        deltagare_ta_bort(user=request.user, deltagare=obj)

    def delete_queryset(self, request, queryset):
        # The bulk delete action too goes through the one path, so each removal is checked and
        # forgotten by the audit trail like any other.
        for obj in queryset:
            deltagare_ta_bort(user=request.user, deltagare=obj)


@admin.register(Uppfoljning)
class UppfoljningAdmin(RowLevelAdminMixin, admin.ModelAdmin):
    insats_path = "deltagare__insats"
    list_display = ("deltagare", "manader", "planerad_datum", "utford_datum", "utford_av")
    list_filter = ("deltagare__insats", ("utford_datum", admin.EmptyFieldListFilter))
    search_fields = ("deltagare__deltagar_id",)
    # Autocomplete asks DeltagareAdmin, whose queryset is row-level; a raw id widget would
    # look the participant up unfiltered and show its label.
    autocomplete_fields = ("deltagare",)
    readonly_fields = ("utford_av",)
    list_select_related = ("deltagare__insats", "utford_av")

    def save_model(self, request, obj, form, change):
        kontrollera_behorighet(user=request.user, insats=obj.deltagare.insats)
        super().save_model(request, obj, form, change)


# The full audit trail names who looked at whom: administrators only (docs/regler.md §5), whatever
# model permissions a kansli group may have been given.
admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class GranskningsloggAdmin(LogEntryAdmin):
    def has_module_permission(self, request):
        return behorighet.far_se_granskningslogg(request.user)

    def has_view_permission(self, request, obj=None):
        return behorighet.far_se_granskningslogg(request.user)
