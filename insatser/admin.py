from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ForvantatResultat, Insats, TidigareNamn


class TidigareNamnInline(admin.TabularInline):
    model = TidigareNamn
    extra = 0


class ForvantatResultatInline(admin.TabularInline):
    model = ForvantatResultat
    extra = 0


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
    inlines = [TidigareNamnInline, ForvantatResultatInline]
    fieldsets = (
        (None, {"fields": ("namn", "kortnamn", "sortering", "startdatum", "slutdatum", "esf")}),
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


@admin.register(ForvantatResultat)
class ForvantatResultatAdmin(admin.ModelAdmin):
    list_display = ("insats", "ar", "antal_deltagare", "andel_kvinnor", "andel_arbete_studier")
    list_filter = ("ar", "insats")
    search_fields = ("insats__namn", "insats__kortnamn")


@admin.register(TidigareNamn)
class TidigareNamnAdmin(admin.ModelAdmin):
    list_display = ("namn", "insats")
    search_fields = ("namn", "insats__namn")
    list_filter = ("insats",)
