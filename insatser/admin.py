from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .forms import MalForm
from .models import Insats, Mal, TidigareNamn


class TidigareNamnInline(admin.TabularInline):
    model = TidigareNamn
    extra = 0


class MalInline(admin.StackedInline):
    model = Mal
    form = MalForm
    extra = 0
    filter_horizontal = ("avslutsorsaker", "avslutsgrupper")
    fields = (
        ("ar", "period_fran", "period_till"),
        ("typ", "sortering"),
        "beskrivning",
        ("antal", "andel", "andel_kvinnor"),
        "avslutsorsaker",
        "avslutsgrupper",
        ("bedomning", "kommentar"),
    )


@admin.register(Insats)
class InsatsAdmin(admin.ModelAdmin):
    list_display = (
        "namn",
        "kortnamn",
        "startdatum",
        "slutdatum",
        "esf",
        "raknesatt",
        "registrerar_bakgrund",
        "registrerar_avslutsorsak",
        "sortering",
    )
    list_filter = ("esf", "raknesatt", "registrerar_bakgrund", "registrerar_avslutsorsak")
    search_fields = ("namn", "kortnamn", "tidigare_namn__namn")
    list_editable = ("sortering",)
    filter_horizontal = ("projektledare",)
    inlines = [TidigareNamnInline, MalInline]
    fieldsets = (
        (None, {"fields": ("namn", "kortnamn", "sortering", "startdatum", "slutdatum", "registrering_utanfor_perioden", "esf")}),
        (
            _("Registrering och räkning"),
            {
                "fields": (
                    "raknesatt",
                    "registrerar_bakgrund",
                    "registrerar_avslutsorsak",
                    "forvantad_langd_manader",
                    "uppfoljning_manader",
                )
            },
        ),
        (_("Projektledare"), {"fields": ("projektledare",)}),
    )


@admin.register(Mal)
class MalAdmin(admin.ModelAdmin):
    form = MalForm
    list_display = ("insats", "period_text", "typ", "beskrivning", "antal", "andel", "andel_kvinnor", "bedomning")
    list_filter = ("typ", "ar", "insats", "bedomning")
    search_fields = ("insats__namn", "insats__kortnamn", "beskrivning")
    list_select_related = ("insats",)
    filter_horizontal = ("avslutsorsaker", "avslutsgrupper")
    fieldsets = (
        (None, {"fields": ("insats", "typ", "beskrivning", "sortering")}),
        (_("Period"), {"fields": ("ar", ("period_fran", "period_till"))}),
        (_("Målvärde"), {"fields": ("antal", "andel", "andel_kvinnor", "avslutsorsaker", "avslutsgrupper")}),
        (_("Kansliets bedömning"), {"fields": ("bedomning", "kommentar")}),
    )

    @admin.display(description=_("år eller projektperiod"))
    def period_text(self, obj: Mal) -> str:
        return obj.period_text


@admin.register(TidigareNamn)
class TidigareNamnAdmin(admin.ModelAdmin):
    list_display = ("namn", "insats", "giltig_till")
    search_fields = ("namn", "insats__namn")
    list_filter = ("insats",)
