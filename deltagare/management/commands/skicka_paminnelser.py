"""Reminders by e-mail, run from cron or a systemd timer (see README, "Påminnelser")."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from deltagare.paminnelser import skicka_manadspaminnelser, skicka_veckopaminnelser


class Command(BaseCommand):
    help = "Skickar påminnelser: --veckovis till projektledarna, --manadsvis till kansliet."

    def add_arguments(self, parser):
        grupp = parser.add_mutually_exclusive_group(required=True)
        grupp.add_argument("--veckovis", action="store_true", help="försenade uppföljningar m.m. till varje projektledare")
        grupp.add_argument("--manadsvis", action="store_true", help="datakvalitet per insats till kansliet")
        parser.add_argument("--datum", help="dagen att räkna från, ÅÅÅÅ-MM-DD (standard: idag)")

    def handle(self, *args, veckovis: bool, manadsvis: bool, datum: str | None, **options):
        try:
            idag = datetime.date.fromisoformat(datum) if datum else timezone.localdate()
        except ValueError:
            raise CommandError(f"Felaktigt datum: {datum!r} (skriv ÅÅÅÅ-MM-DD).")
        # Before anything is sent or logged: without a mail server the letters would vanish
        # while the command reported them sent and logged them as exports.
        if not settings.EPOST_KONFIGURERAD:
            raise CommandError(
                "E-post är inte inställd (DJANGO_EPOST_HOST saknas), så inga påminnelser skickades. "
                "Sätt DJANGO_EPOST_HOST och kör kommandot igen."
            )
        if not settings.DEBUG and settings.WEBBADRESS == settings.WEBBADRESS_UTVECKLING:
            raise CommandError(
                f"DJANGO_WEBBADRESS är inte satt, så länkarna i breven skulle gå till {settings.WEBBADRESS_UTVECKLING}; "
                "inga påminnelser skickades. Sätt DJANGO_WEBBADRESS till appens adress, t.ex. https://deltagare.example.org."
            )
        utskick = skicka_veckopaminnelser(idag=idag) if veckovis else skicka_manadspaminnelser(idag=idag)
        self.stdout.write(f"Skickade {utskick.skickade} påminnelser.")
        if veckovis:
            self.stdout.write(f"{utskick.utan_arenden} projektledare hade inget att göra.")
        if utskick.utan_adress:
            self.stderr.write("Saknar e-postadress (fick inget brev): " + ", ".join(utskick.utan_adress))
