from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from insatser.access import is_kansli


class ArKansli(BasePermission):
    """Exports across every insats are the kansli's job (SPEC §5)."""

    message = _("Endast kansliet och administratörer får hämta denna export.")

    def has_permission(self, request, view) -> bool:
        return is_kansli(request.user)
