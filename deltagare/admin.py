from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin, messages
from django.contrib.admin.views.main import SEARCH_VAR
from django.http import HttpResponseRedirect
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from import_export.resources import modelresource_factory

from dataskydd.selectors import gallrat_med_koder
from finsam.datum import datum, tidpunkt
from insatser import behorighet
from insatser.models import Insats

from .andringar import Oversattare, handelse
from .audit import logga_export, logga_lasning
from .forms import DeltagareAdminForm
from .models import (
    Aldersgrupp,
    AnmalandePart,
    Avslutsgrupp,
    Avslutsorsak,
    Deltagare,
    EjGenomfordOrsak,
    Forsorjning,
    Stadsdel,
    TidUtanArbete,
    Uppfoljning,
    Uppfoljningsutfall,
    Utbildning,
)
from .services import deltagare_spara, deltagare_ta_bort, uppfoljning_angra, uppfoljning_utford
from .validators import SOK_PERSONNUMMER_MESSAGE, looks_like_personnummer


class KodlistaAdmin(ImportExportMixin, admin.ModelAdmin):
    """Code lists, their synonyms included, edited one by one or exported, changed in Excel and
    imported again (django-import-export: declared resources and the admin's actions; the
    rows pass the model's clean(), so a synonym cannot point at two codes)."""

    list_display = ("namn", "kod", "synonymer", "sortering", "aktiv")
    list_editable = ("sortering", "aktiv")
    list_filter = ("aktiv",)
    search_fields = ("namn", "kod", "synonymer")

    def get_resource_classes(self, request):
        return [
            modelresource_factory(
                self.model,
                meta_options={
                    "fields": ("kod", "namn", "synonymer", "sortering", "aktiv"),
                    "import_id_fields": ("kod",),
                    "clean_model_instances": True,
                    "skip_unchanged": True,
                },
            )
        ]

    def get_readonly_fields(self, request, obj=None):
        # The code is the stable key that imports and other programs use: fixed once saved.
        return ("kod",) if obj is not None else ()

    def get_deleted_objects(self, objs, request):
        """A code that kept counts of removed participants use is protected like one that
        participants use (docs/regler.md §2), in the single and the bulk deletion alike."""
        borttagna, antal, behorigheter, skyddade = super().get_deleted_objects(objs, request)
        skyddade = [
            *skyddade,
            *(
                _("Räkningar för gallrade deltagare i %(insats)s %(fran)s–%(till)s")
                % {"insats": post.insats.kortnamn, "fran": datum(post.fran), "till": datum(post.till)}
                for post in gallrat_med_koder(koder=objs)
            ),
        ]
        return borttagna, antal, behorigheter, skyddade


for _model in (Utbildning, TidUtanArbete, Forsorjning, Avslutsgrupp, EjGenomfordOrsak):
    admin.site.register(_model, KodlistaAdmin)


@admin.register(Aldersgrupp)
class AldersgruppAdmin(KodlistaAdmin):
    list_display = ("namn", "kod", "min_alder", "max_alder", "sortering", "aktiv")


@admin.register(Avslutsorsak)
class AvslutsorsakAdmin(KodlistaAdmin):
    list_display = ("namn", "kod", "grupp", "arbete_eller_studier", "generation", "sortering", "aktiv")
    list_filter = ("aktiv", "generation", "grupp", "arbete_eller_studier")


@admin.register(Uppfoljningsutfall)
class UppfoljningsutfallAdmin(KodlistaAdmin):
    list_display = ("namn", "kod", "arbete_eller_studier", "sortering", "aktiv")


@admin.register(AnmalandePart)
class AnmalandePartAdmin(KodlistaAdmin):
    list_display = ("namn", "kod", "overordnad", "sortering", "aktiv")
    list_filter = ("aktiv", "overordnad")


@admin.register(Stadsdel)
class StadsdelAdmin(KodlistaAdmin):
    list_display = ("namn", "kod", "lsg_omrade", "sortering", "aktiv")
    list_filter = ("aktiv", "lsg_omrade")


class BehorighetAdminMixin:
    """The policy in admin too (docs/regler.md §5): rows the user may read, writes only where the
    user may write, and every participant-level page logged as a read. The admin site itself is
    for administrators (finsam.admin); this holds even if someone is given model permissions."""

    insats_path = "insats"

    def _insats(self, obj) -> Insats:
        return obj if isinstance(obj, Insats) else (obj.insats if isinstance(obj, Deltagare) else obj.deltagare.insats)

    def _deltagare(self, obj) -> Deltagare:
        return obj if isinstance(obj, Deltagare) else obj.deltagare

    def get_queryset(self, request):
        return super().get_queryset(request).filter(
            **{f"{self.insats_path}__in": behorighet.insatser_att_lasa(request.user)}
        )

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (
            obj is None or behorighet.far_lasa(request.user, self._insats(obj))
        )

    def _far_skriva(self, request, obj) -> bool:
        if obj is None:
            return bool(behorighet.skrivbara_insats_ids(request.user))
        return behorighet.far_skriva(request.user, self._insats(obj))

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request, *args) and self._far_skriva(request, None)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._far_skriva(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._far_skriva(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Every choice of an insats or a participant, not only the list, is limited: a raw id
        # or a guessed pk must not show or reach another insats' participant.
        if db_field.related_model is Insats:
            kwargs["queryset"] = behorighet.insatser_att_skriva(request.user)
        elif db_field.related_model is Deltagare:
            kwargs["queryset"] = behorighet.deltagare_att_skriva(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # --- Reads are logged ---------------------------------------------------------------------

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET" and looks_like_personnummer(request.GET.get(SEARCH_VAR, "")):
            # As the web's searches: never searched (no deltagar-ID looks like one, so it could
            # only find nothing, silently), nor kept in the box or the list's address.
            messages.error(request, SOK_PERSONNUMMER_MESSAGE)
            fraga = request.GET.copy()
            del fraga[SEARCH_VAR]
            return HttpResponseRedirect(f"{request.path}?{fraga.urlencode()}" if fraga else request.path)
        response = super().changelist_view(request, extra_context)
        if request.method == "GET" and hasattr(response, "context_data") and "cl" in response.context_data:
            cl = response.context_data["cl"]
            logga_export(
                user=request.user,
                vad=f"{self.model._meta.verbose_name_plural} i admin",
                filter=dict(request.GET.items()),
                antal=len(cl.result_list),
            )
        return response

    def _logga_objekt(self, request, object_id) -> None:
        obj = self.get_object(request, object_id) if object_id else None
        if obj is not None and request.method == "GET":
            logga_lasning(user=request.user, deltagare=self._deltagare(obj))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        self._logga_objekt(request, object_id)
        return response

    def get_deleted_objects(self, objs, request):
        # The confirmation page of a delete, of one row or of the bulk action, names each
        # participant: a read. Not once more when the confirmed delete is posted ("post").
        if not request.POST.get("post"):
            for deltagare in {self._deltagare(obj) for obj in objs}:
                logga_lasning(user=request.user, deltagare=deltagare)
        return super().get_deleted_objects(objs, request)

    def history_view(self, request, object_id, extra_context=None):
        self._logga_objekt(request, object_id)
        return super().history_view(request, object_id, extra_context)


UPPFOLJNINGENS_RESULTAT = ("utford_datum", "utfall", "ej_genomford_orsak")


def spara_uppfoljning(request, obj: Uppfoljning, form, change: bool) -> None:
    """A follow-up saved in admin, on its own page or in the participant's inline. Its result
    (date, outcome or why it could not be done) goes through the service the web registers
    follow-ups with, which records who did it (utford_av), as README promises: registered, or
    undone when the date is cleared. The planned part (participant, months, planned date) is
    saved as admin saves a row."""
    behorighet.kontrollera_skriva(request.user, obj.deltagare.insats)
    andrade = set(form.changed_data)
    registrerar = bool(andrade & set(UPPFOLJNINGENS_RESULTAT))
    resultat = {falt: getattr(obj, falt) for falt in UPPFOLJNINGENS_RESULTAT}
    if not change or andrade - set(UPPFOLJNINGENS_RESULTAT):
        if registrerar:
            # The row as it stood (a new one: not done); the result follows from the service.
            lagrad = Uppfoljning.objects.get(pk=obj.pk) if change else None
            for falt in UPPFOLJNINGENS_RESULTAT:
                setattr(obj, falt, getattr(lagrad, falt) if lagrad else None)
        obj.save()
    if not registrerar:
        return
    if resultat["utford_datum"] is None:
        sparad = uppfoljning_angra(user=request.user, uppfoljning=obj)
    else:
        sparad = uppfoljning_utford(
            user=request.user,
            uppfoljning=obj,
            datum=resultat["utford_datum"],
            utfall=resultat["utfall"],
            ej_genomford_orsak=resultat["ej_genomford_orsak"],
        )
    for falt in (*UPPFOLJNINGENS_RESULTAT, "utford_av"):
        setattr(obj, falt, getattr(sparad, falt))


class UppfoljningInline(admin.TabularInline):
    model = Uppfoljning
    extra = 0
    fields = ("manader", "planerad_datum", "utford_datum", "utfall", "ej_genomford_orsak", "utford_av")
    readonly_fields = ("utford_av",)


@admin.register(Deltagare)
class DeltagareAdmin(BehorighetAdminMixin, admin.ModelAdmin):
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

    def get_search_results(self, request, queryset, search_term):
        # The autocomplete of the follow-up admin lists participants: a read like the list.
        resultat, dubbletter = super().get_search_results(request, queryset, search_term)
        if request.path.endswith("/autocomplete/"):
            logga_export(
                user=request.user, vad="deltagare i admin (autocomplete)", filter={"term": search_term}, antal=None
            )
        return resultat, dubbletter

    def get_readonly_fields(self, request, obj=None):
        # A participant stays in its insats: moved, it would keep the old insats' follow-up
        # schedule, and the web offers no move either. A wrong insats is deleted and registered
        # again in the right one.
        return (*self.readonly_fields, "insats") if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        deltagare_spara(user=request.user, deltagare=obj, forvantad_version=form.cleaned_data.get("sedd_version"))

    def save_formset(self, request, form, formset, change):
        if formset.model is not Uppfoljning:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for uppfoljningsform in formset.saved_forms:
            spara_uppfoljning(request, uppfoljningsform.instance, uppfoljningsform, uppfoljningsform.instance.pk is not None)
        formset.save_m2m()

    def delete_model(self, request, obj):
        deltagare_ta_bort(user=request.user, deltagare=obj)

    def delete_queryset(self, request, queryset):
        # The bulk delete action too goes through the one path, so each removal is checked and
        # forgotten by the audit trail like any other.
        for obj in queryset:
            deltagare_ta_bort(user=request.user, deltagare=obj)


@admin.register(Uppfoljning)
class UppfoljningAdmin(BehorighetAdminMixin, admin.ModelAdmin):
    insats_path = "deltagare__insats"
    list_display = ("deltagare", "manader", "planerad_datum", "utford_datum", "utfall", "ej_genomford_orsak", "utford_av")
    list_filter = ("deltagare__insats", ("utford_datum", admin.EmptyFieldListFilter), "utfall", "ej_genomford_orsak")
    search_fields = ("deltagare__deltagar_id",)
    # Autocomplete asks DeltagareAdmin, whose queryset is row-level; a raw id widget would
    # look the participant up unfiltered and show its label.
    autocomplete_fields = ("deltagare",)
    readonly_fields = ("utford_av",)
    list_select_related = ("deltagare__insats", "utford_av", "utfall", "ej_genomford_orsak")

    def save_model(self, request, obj, form, change):
        spara_uppfoljning(request, obj, form, change)


# The full audit trail names who looked at whom: administrators only (docs/regler.md §5), whatever
# model permissions a kansli group may have been given.
admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class GranskningsloggAdmin(LogEntryAdmin):
    """auditlog's admin with Swedish columns and readable changes (labels, code-list names,
    Swedish dates) instead of its English "8 changes: ..." and raw values."""

    list_display = ["tid", "anvandare", "post", "handelse", "andrade_falt"]
    readonly_fields = ["tid", "anvandare", "post", "handelse", "andringar", "cid"]
    fieldsets = [
        (None, {"fields": ["tid", "anvandare", "post", "cid"]}),
        (_("Ändringar"), {"fields": ["handelse", "andringar"]}),
    ]

    @admin.display(description=_("Tid"), ordering="timestamp")
    def tid(self, obj):
        return tidpunkt(obj.timestamp)

    @admin.display(description=_("Användare"), ordering="actor")
    def anvandare(self, obj):
        return obj.actor.get_username() if obj.actor else _("systemet")

    @admin.display(description=_("Post"))
    def post(self, obj):
        return f"{capfirst(obj.content_type.model_class()._meta.verbose_name)}: {obj.object_repr}" if obj.content_type.model_class() else obj.object_repr

    @admin.display(description=_("Händelse"), ordering="action")
    def handelse(self, obj):
        return handelse(obj)

    @admin.display(description=_("Ändrade fält"))
    def andrade_falt(self, obj):
        falt = Oversattare().falt(obj)
        if not falt:
            return ""
        return ngettext("%(antal)d ändring: %(falt)s", "%(antal)d ändringar: %(falt)s", len(falt)) % {
            "antal": len(falt),
            "falt": ", ".join(falt),
        }

    @admin.display(description=_("Ändringar"))
    def andringar(self, obj):
        rader = Oversattare().andringar(obj)
        if not rader:
            return _("Inga ändrade fält")
        return format_html(
            "<table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            _("Uppgift"),
            _("Före"),
            _("Efter"),
            format_html_join("", "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>", ((r.falt, r.fran, r.till) for r in rader)),
        )

    def has_module_permission(self, request):
        return behorighet.far_se_granskningslogg(request.user)

    def has_view_permission(self, request, obj=None):
        return behorighet.far_se_granskningslogg(request.user)
