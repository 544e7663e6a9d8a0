from django.contrib import admin

from .models import FrystRapport, GallradUppfoljning, GallratHalvar


@admin.register(FrystRapport)
class FrystRapportAdmin(admin.ModelAdmin):
    list_display = ("namn", "fran", "till", "insats", "fryst")
    list_filter = ("namn", "insats")
    date_hierarchy = "fran"
    readonly_fields = ("namn", "fran", "till", "insats", "data", "fryst")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(GallratHalvar)
class GallratHalvarAdmin(admin.ModelAdmin):
    """What gallring froze: read only, the reports' own history."""

    list_display = ("insats", "fran", "till", "grans", "andrad")
    list_filter = ("insats",)
    date_hierarchy = "fran"
    readonly_fields = ("insats", "fran", "till", "grans", "data", "skapad", "andrad")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(GallradUppfoljning)
class GallradUppfoljningAdmin(GallratHalvarAdmin):
    list_display = ("insats", "fran", "till", "kon", "utfall", "ej_genomford_orsak", "antal")
    readonly_fields = ("insats", "fran", "till", "kon", "utfall", "ej_genomford_orsak", "antal")
