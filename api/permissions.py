from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from insatser.behorighet import far_hamta_finsam


class ArKansli(BasePermission):
    """Exports across every insats are the kansli's job (docs/regler.md §5)."""

    message = _("Endast kansliet och administratörer får hämta denna export.")

    def has_permission(self, request, view) -> bool:
        return far_hamta_finsam(request.user)
