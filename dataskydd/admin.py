from django.contrib import admin

from .models import FrystRapport


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
