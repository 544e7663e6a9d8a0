"""Who may see what (SPEC §5). Roles are groups so the administrator manages them in admin.

- Administratör: superuser or member of the group "Administratör": everything.
- Kansli: member of the group "Kansli": every insats, aggregated reports.
- Projektledare: listed as project leader on an insats: that insats' participants only.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, Group
from django.db.models import QuerySet

ADMINISTRATOR_GROUP = "Administratör"
KANSLI_GROUP = "Kansli"


def _group_names(user) -> set[str]:
    # Cached on the user object: a request checks roles many times.
    if not hasattr(user, "_finsam_groups"):
        user._finsam_groups = set(user.groups.values_list("name", flat=True))
    return user._finsam_groups


def is_administrator(user) -> bool:
    if user is None or isinstance(user, AnonymousUser) or not user.is_active:
        return False
    return user.is_superuser or ADMINISTRATOR_GROUP in _group_names(user)


def is_kansli(user) -> bool:
    """Kansli staff see every insats; administrators are kansli too."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_active:
        return False
    return is_administrator(user) or KANSLI_GROUP in _group_names(user)


def kraver_tvafaktor(user) -> bool:
    """Administrators must have passed a second factor (django-otp) where the setting says so."""
    return settings.TVAFAKTOR_FOR_ADMINISTRATORER and is_administrator(user)


def role_groups() -> QuerySet[Group]:
    return Group.objects.filter(name__in=[ADMINISTRATOR_GROUP, KANSLI_GROUP])
