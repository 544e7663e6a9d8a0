"""Users in admin: two-factor devices in Swedish, and an audit trail that keeps its "who".

django-otp's own device admins are English technical forms (hex key, raw user id, step, drift);
enrolment happens in the application (/konto/tvafaktor/ny/). What an administrator needs in admin
is to see who has two-factor and to reset it for someone who lost their phone: a column and an
action on the users.

Every change is logged with its user (docs/regler.md §5); deleting a user would set the actor of
their log entries to NULL ("systemet"). A user who appears in the audit trail is deactivated
instead, and the admin's deletion (single and bulk) says so.
"""

from auditlog.models import LogEntry
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .services import aterstall_tvafaktor

for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)

Anvandare = get_user_model()
if admin.site.is_registered(Anvandare):
    admin.site.unregister(Anvandare)


@admin.register(Anvandare)
class AnvandareAdmin(UserAdmin):
    list_display = (*UserAdmin.list_display, "har_tvafaktor")
    actions = ["aterstall_tvafaktor"]

    @admin.display(description=_("Tvåfaktor"), boolean=True)
    def har_tvafaktor(self, obj) -> bool:
        return any(devices_for_user(obj, confirmed=True))

    @admin.action(description=_("Återställ tvåfaktor (användaren lägger till en ny app vid nästa inloggning)"))
    def aterstall_tvafaktor(self, request, queryset):
        antal = sum(1 for user in queryset if aterstall_tvafaktor(user=user))
        self.message_user(
            request,
            ngettext(
                "Tvåfaktor återställd för %(antal)d användare.", "Tvåfaktor återställd för %(antal)d användare.", antal
            )
            % {"antal": antal},
            messages.SUCCESS,
        )

    def get_deleted_objects(self, objs, request):
        """A user the audit trail names as actor is protected, in the single and the bulk
        deletion alike: deactivating the account keeps who did what."""
        borttagna, antal, behorigheter, skyddade = super().get_deleted_objects(objs, request)
        anvandare = {user.pk: user for user in objs}
        poster = (
            LogEntry.objects.filter(actor__in=list(anvandare))
            .values_list("actor")
            .annotate(antal=Count("pk"))
            .order_by("actor")
        )
        skyddade = [
            *skyddade,
            *(
                ngettext(
                    "%(anvandare)s står i %(antal)d post i granskningsloggen. Avaktivera kontot i stället "
                    "(kryssa ur Aktiv), så att loggen behåller vem som gjorde vad.",
                    "%(anvandare)s står i %(antal)d poster i granskningsloggen. Avaktivera kontot i stället "
                    "(kryssa ur Aktiv), så att loggen behåller vem som gjorde vad.",
                    antal_poster,
                )
                % {"anvandare": anvandare[pk].get_username(), "antal": antal_poster}
                for pk, antal_poster in poster
            ),
        ]
        return borttagna, antal, behorigheter, skyddade
