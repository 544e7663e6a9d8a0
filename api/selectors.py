from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from insatser.access import is_kansli
from insatser.models import Insats


def rapport_insatser(*, user, begarda: list[Insats]) -> list[Insats] | None:
    """The insatser a report may cover for this user (SPEC §5); None means every insats.

    Kansli get what they ask for. A project leader gets their own insatser: all of them when
    none are named, and a refusal when they name another insats.
    """
    if is_kansli(user):
        return begarda or None
    egna = list(Insats.objects.for_user(user))
    if not egna:
        # Never fall through to "no restriction": an empty list must not mean every insats.
        raise PermissionDenied(_("Rapporter kräver att du är kansli eller projektledare för en insats."))
    for insats in begarda:
        if insats not in egna:
            raise PermissionDenied(_("Du har inte behörighet till insatsen %(insats)s.") % {"insats": insats})
    return begarda or egna
