"""The one access policy (docs/regler.md §5). Every surface asks here: pages, admin, API
permissions and querysets, import, export, registerutdrag, reports. No view, serializer or
admin class decides on its own who may do what.

Roles are groups, so the administrator manages them in admin:

- Administratör (superuser or the group "Administratör"): everything, always behind
  two-factor login where it is required (``kraver_tvafaktor``).
- Kansli (the group "Kansli"): reads the participants of every insats, pseudonymous and with
  every read logged, and every report; writes nothing (no create, change, delete or import).
- Projektledare (listed on an insats): reads and writes the participants of their own insatser.

Two-factor login is enforced for every request by ``finsam.middleware.TvafaktorMiddleware``
(pages, admin, file downloads) and for API tokens by ``api.authentication``; both ask
``saknar_tvafaktor`` here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from deltagare.models import Deltagare, Uppfoljning
    from insatser.models import Insats

ADMINISTRATOR_GROUP = "Administratör"
KANSLI_GROUP = "Kansli"


# --- Roles ------------------------------------------------------------------------------------


def _inloggad(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def _grupper(user) -> set[str]:
    # Cached on the user object: one request asks many questions.
    if not hasattr(user, "_finsam_grupper"):
        user._finsam_grupper = set(user.groups.values_list("name", flat=True))
    return user._finsam_grupper


def ar_administrator(user) -> bool:
    return _inloggad(user) and (user.is_superuser or ADMINISTRATOR_GROUP in _grupper(user))


def ar_kansli(user) -> bool:
    """Kansli staff read every insats; administrators have every right kansli has."""
    return _inloggad(user) and (ar_administrator(user) or KANSLI_GROUP in _grupper(user))


def ar_projektledare(user) -> bool:
    return _inloggad(user) and user.insatser.exists()


def roller() -> QuerySet[Group]:
    return Group.objects.filter(name__in=[ADMINISTRATOR_GROUP, KANSLI_GROUP])


# --- Two-factor login -------------------------------------------------------------------------


def kraver_tvafaktor(user) -> bool:
    """Administrators must pass a second factor where the setting says so (on in production)."""
    return settings.TVAFAKTOR_FOR_ADMINISTRATORER and ar_administrator(user)


def saknar_tvafaktor(user) -> bool:
    """Signed in with the password alone although a code is required: such a user reaches
    nothing but the code step."""
    if not kraver_tvafaktor(user):
        return False
    is_verified = getattr(user, "is_verified", None)
    return not (callable(is_verified) and is_verified())


# --- Insatser ---------------------------------------------------------------------------------


def insatser_att_lasa(user) -> QuerySet[Insats]:
    """The insatser whose participants the user may read."""
    from insatser.models import Insats

    if ar_kansli(user):
        return Insats.objects.all()
    if not _inloggad(user):
        return Insats.objects.none()
    return Insats.objects.filter(projektledare=user)


def insatser_att_skriva(user) -> QuerySet[Insats]:
    """The insatser whose participants the user may create, change, close, delete and import.
    Kansli reads every insats but writes none."""
    from insatser.models import Insats

    if ar_administrator(user):
        return Insats.objects.all()
    if not _inloggad(user):
        return Insats.objects.none()
    return Insats.objects.filter(projektledare=user)


def skrivbara_insats_ids(user) -> frozenset[int]:
    """The ids of insatser_att_skriva, asked once per request: pages show or hide write actions
    row by row (follow-up lists span insatser) without a query per row."""
    if not hasattr(user, "_finsam_skrivbara"):
        user._finsam_skrivbara = frozenset(insatser_att_skriva(user).values_list("pk", flat=True))
    return user._finsam_skrivbara


def far_lasa(user, insats: Insats) -> bool:
    return insatser_att_lasa(user).filter(pk=insats.pk).exists()


def far_skriva(user, insats: Insats) -> bool:
    return insatser_att_skriva(user).filter(pk=insats.pk).exists()


def kontrollera_lasa(user, insats: Insats) -> None:
    if not far_lasa(user, insats):
        raise PermissionDenied(_("Du har inte behörighet till insatsen %(insats)s.") % {"insats": insats})


def kontrollera_skriva(user, insats: Insats) -> None:
    if not far_skriva(user, insats):
        if far_lasa(user, insats):
            raise PermissionDenied(_("Du kan läsa men inte ändra deltagare i insatsen %(insats)s.") % {"insats": insats})
        raise PermissionDenied(_("Du har inte behörighet till insatsen %(insats)s.") % {"insats": insats})


# --- Participants and follow-ups --------------------------------------------------------------


def deltagare_att_lasa(user) -> QuerySet[Deltagare]:
    from deltagare.models import Deltagare

    return Deltagare.objects.filter(insats__in=insatser_att_lasa(user))


def deltagare_att_skriva(user) -> QuerySet[Deltagare]:
    from deltagare.models import Deltagare

    return Deltagare.objects.filter(insats__in=insatser_att_skriva(user))


def uppfoljningar_att_lasa(user) -> QuerySet[Uppfoljning]:
    from deltagare.models import Uppfoljning

    return Uppfoljning.objects.filter(deltagare__insats__in=insatser_att_lasa(user))


def uppfoljningar_att_skriva(user) -> QuerySet[Uppfoljning]:
    from deltagare.models import Uppfoljning

    return Uppfoljning.objects.filter(deltagare__insats__in=insatser_att_skriva(user))


# --- What a user may do -----------------------------------------------------------------------


def skriver_nagon_insats(user) -> bool:
    """Pages offer write actions across insatser (e.g. marking several follow-ups done) only to
    a user who writes some insats: never to kansli."""
    return bool(skrivbara_insats_ids(user))


def far_importera(user) -> bool:
    """Import writes participants: administrators and the insatser's own project leaders."""
    return insatser_att_skriva(user).exists()


def importerbara_insatser(user) -> list[Insats] | None:
    """The insatser an import may write to; None means every insats (an administrator, or the
    server's operator at the command line, user=None)."""
    if user is None or ar_administrator(user):
        return None
    return list(insatser_att_skriva(user))


def far_exportera(user) -> bool:
    """Exports carry participant-level data: whoever may read some insats, every export logged."""
    return insatser_att_lasa(user).exists()


def far_se_rapporter(user) -> bool:
    """The report pages and files across every insats: kansli and administrators."""
    return ar_kansli(user)


def rapportinsatser(user, begarda: list[Insats]) -> list[Insats] | None:
    """The insatser a report over the API may cover; None means every insats.

    Kansli get what they ask for. A project leader gets their own insatser: all of them when
    none are named, and a refusal when another insats is named.
    """
    if ar_kansli(user):
        return begarda or None
    egna = list(insatser_att_lasa(user))
    if not egna:
        # Never fall through to "no restriction": an empty list must not mean every insats.
        raise PermissionDenied(_("Rapporter kräver att du är kansli eller projektledare för en insats."))
    for insats in begarda:
        if insats not in egna:
            raise PermissionDenied(_("Du har inte behörighet till insatsen %(insats)s.") % {"insats": insats})
    return begarda or egna


def far_hamta_finsam(user) -> bool:
    """The Uppföljning Finsam export covers every insats: kansli and administrators."""
    return ar_kansli(user)


def far_se_historik(user) -> bool:
    """The audit history of a participant (who changed and read what) is for administrators."""
    return ar_administrator(user)


def registerutdrag_insatser(user) -> QuerySet[Insats]:
    """A registerutdrag is made by an administrator or by the insats' own project leader."""
    return insatser_att_skriva(user)


def far_ta_registerutdrag(user, insats: Insats | None = None) -> bool:
    insatser = registerutdrag_insatser(user)
    return insatser.exists() if insats is None else insatser.filter(pk=insats.pk).exists()


def far_se_granskningslogg(user) -> bool:
    return ar_administrator(user)


def far_anvanda_admin(user) -> bool:
    """The admin (insatser, code lists, users, the audit log) is the administrators' tool."""
    return ar_administrator(user) and user.is_staff


class AdministratorBackend(BaseBackend):
    """The admin's model permissions follow the policy: an administrator as ar_administrator
    defines one (superuser or the group Administratör, active) has every permission, so a
    group-only administrator uses the admin as a superuser does, and the group needs no model
    permissions of its own. Authenticates nobody (listed after ModelBackend in
    AUTHENTICATION_BACKENDS); everyone else keeps the permissions ModelBackend gives, which the
    admin classes narrow further with the policy."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return ar_administrator(user_obj)

    def has_module_perms(self, user_obj, app_label) -> bool:
        return ar_administrator(user_obj)


# --- Goals (förväntat resultat) ---------------------------------------------------------------


def far_andra_mal(user) -> bool:
    """The goals of the insatser (förväntat resultat) and their assessment are entered by the
    kansli and administrators; project leaders see them in the reports of their insatser."""
    return ar_kansli(user)


# --- Imports ----------------------------------------------------------------------------------


def far_se_importkorning(user, korning) -> bool:
    """An import run (its file, preview and result) is seen by the user who started it only:
    another's file may hold participants of insatser the viewer may not read."""
    return _inloggad(user) and korning.skapad_av_id == user.pk and far_importera(user)


def importer_att_se(user) -> QuerySet:
    """The import history: a user's own imports; administrators see everyone's."""
    from deltagare.models import ImportKorning

    if ar_administrator(user):
        return ImportKorning.objects.all()
    if not far_importera(user):
        return ImportKorning.objects.none()
    return ImportKorning.objects.filter(skapad_av=user)


def far_angra_import(user, korning) -> bool:
    """Undoing an import writes participants: its importer (still allowed to import) or an
    administrator. Each affected insats is checked again when the undo runs."""
    if ar_administrator(user):
        return True
    return _inloggad(user) and korning.skapad_av_id == user.pk and far_importera(user)
