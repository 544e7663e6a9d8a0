from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from insatser import behorighet
from insatser.behorighet import far_hamta_finsam


class ArKansli(BasePermission):
    """Exports across every insats are the kansli's job (docs/regler.md §5)."""

    message = _("Endast kansliet och administratörer får hämta denna export.")

    def has_permission(self, request, view) -> bool:
        return far_hamta_finsam(request.user)


class SkriverDeltagare(BasePermission):
    """Writing participants, asked of the policy as a permission, so that OPTIONS lists only the
    actions the caller may take (DRF's metadata asks the permissions): a change or deletion needs
    the right to write the row's insats; a registration that the caller writes some insats, the
    target insats being deltagare_spara's check. Kansli reads every insats and writes none."""

    message = _("Du kan läsa men inte ändra deltagare.")

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or behorighet.skriver_nagon_insats(request.user)

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method not in SAFE_METHODS:
            behorighet.kontrollera_skriva(request.user, obj.insats)
        return True
