"""Two-factor devices of a user (django-otp): an authenticator app (TOTP) and backup codes.

Administrators must pass a second factor on every request where it is required
(docs/regler.md §5, ``insatser.behorighet.kraver_tvafaktor``); an administrator without a device is
asked to add one at the first login, so no code has to be made on the server.
"""

import datetime
from base64 import b32encode
from binascii import unhexlify

from django.db import transaction
from django_otp import devices_for_user, match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

APPNAMN = "Autentiseringsapp"
RESERVNAMN = "Reservkoder"
ANTAL_RESERVKODER = 10


def har_enhet(*, user) -> bool:
    return any(devices_for_user(user, confirmed=True))


def ny_app_enhet(*, user) -> TOTPDevice:
    """The unconfirmed authenticator device being enrolled (one per user, reused on reload, so
    the QR code shown does not change while the user scans it)."""
    enhet = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return enhet or TOTPDevice.objects.create(user=user, name=APPNAMN, confirmed=False)


def nyckel_i_klartext(enhet: TOTPDevice) -> str:
    """The secret as the base32 text authenticator apps accept when typed in, in groups of four."""
    text = b32encode(unhexlify(enhet.key)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def bekrafta_app_enhet(*, enhet: TOTPDevice, kod: str) -> list[str] | None:
    """Confirm the device with a code from the app; returns the new backup codes, or None when
    the code is wrong. One transaction: a confirmed app always comes with backup codes."""
    if not enhet.verify_token(kod.strip().replace(" ", "")):
        return None
    with transaction.atomic():
        enhet.confirmed = True
        enhet.save(update_fields=["confirmed"])
        return nya_reservkoder(user=enhet.user)


def nya_reservkoder(*, user) -> list[str]:
    """Ten one-time codes for when the phone is lost; earlier codes stop working."""
    enhet, _skapad = StaticDevice.objects.get_or_create(user=user, name=RESERVNAMN, defaults={"confirmed": True})
    enhet.token_set.all().delete()
    koder = [StaticToken.random_token() for _i in range(ANTAL_RESERVKODER)]
    StaticToken.objects.bulk_create(StaticToken(device=enhet, token=kod) for kod in koder)
    return koder


def sparrad_till(*, user) -> datetime.datetime | None:
    """While django-otp's throttling holds every device of the user (wrong codes in a row, each
    doubling the wait), the time the first of them takes codes again; otherwise None. A code
    sent meanwhile is refused unchecked, however right it is."""
    tider = []
    for enhet in devices_for_user(user, confirmed=True):
        tillaten, data = enhet.verify_is_allowed()
        if tillaten or not (data or {}).get("locked_until"):
            return None
        tider.append(data["locked_until"])
    return min(tider, default=None)


def verifiera(*, user, kod: str):
    """The device that accepts the code (app or backup code), or None. django-otp throttles
    repeated failures per device."""
    return match_token(user, kod.strip().replace(" ", ""))



def aterstall_tvafaktor(*, user) -> int:
    """Remove a user's authenticator app and backup codes (a lost phone): at the next login the
    user is asked to add a new app. Returns the number of devices removed."""
    with transaction.atomic():
        antal, _per_typ = TOTPDevice.objects.filter(user=user).delete()
        antal_reserv, _per_typ = StaticDevice.objects.filter(user=user).delete()
    # The counts include the backup codes themselves; a person thinks in devices.
    return int(bool(antal)) + int(bool(antal_reserv))
