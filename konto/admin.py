"""Two-factor devices in admin, in Swedish.

django-otp's own device admins are English technical forms (hex key, raw user id, step, drift);
enrolment happens in the application (/konto/tvafaktor/ny/). What an administrator needs in admin
is to see who has two-factor and to reset it for someone who lost their phone: a column and an
action on the users.
"""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
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
