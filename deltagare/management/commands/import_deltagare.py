"""python manage.py import_deltagare FILE (docs/regler.md §4): all or nothing, every problem reported."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext as _

from deltagare.importexport.services import DATABASFEL, importera_deltagare


class Command(BaseCommand):
    help = _("Importerar deltagare från en .xlsx- eller .csv-fil med mallens kolumner. Allt eller inget.")

    def add_arguments(self, parser):
        parser.add_argument("fil", help=_("Sökväg till .xlsx- eller .csv-filen."))
        parser.add_argument(
            "--anvandare",
            help=_(
                "Importera som denna användare: bara användarens insatser, och användaren står i "
                "granskningsloggen. Utan den importerar kommandot till alla insatser."
            ),
        )
        parser.add_argument(
            "--granska",
            action="store_true",
            help=_("Kontrollera filen och visa vad som skulle hända, utan att spara något."),
        )

    def handle(self, *args, fil: str, anvandare: str | None, granska: bool, **options):
        user = None
        if anvandare:
            try:
                user = get_user_model().objects.get(username=anvandare, is_active=True)
            except get_user_model().DoesNotExist:
                raise CommandError(_("Användaren %(namn)s finns inte.") % {"namn": anvandare}) from None
        sokvag = Path(fil)
        try:
            innehall = sokvag.read_bytes()
        except OSError as error:
            raise CommandError(_("Filen kunde inte läsas: %(fel)s") % {"fel": error.strerror or error}) from None

        def framsteg(klara: int, totalt: int) -> None:
            if options["verbosity"] >= 2:
                self.stderr.write(_("%(klara)s av %(totalt)s rader kontrollerade") % {"klara": klara, "totalt": totalt})

        try:
            resultat = importera_deltagare(
                user=user, innehall=innehall, filnamn=sokvag.name, granska=granska, framsteg=framsteg
            )
        except (OperationalError, InterfaceError):
            raise CommandError(DATABASFEL) from None
        for fel in resultat.fel:
            self.stderr.write(str(fel))
        if resultat.fel:
            raise CommandError(
                _("Importen avbröts: %(antal)s fel. Inget sparades.") % {"antal": len(resultat.fel)}
            )
        sammanfattning = _("%(nya)s nya, %(andrade)s ändrade, %(oforandrade)s oförändrade.") % {
            "nya": resultat.nya,
            "andrade": resultat.andrade,
            "oforandrade": resultat.oforandrade,
        }
        if granska:
            self.stdout.write(_("Granskning (inget sparat): %(sammanfattning)s") % {"sammanfattning": sammanfattning})
        else:
            self.stdout.write(_("Importerat: %(sammanfattning)s") % {"sammanfattning": sammanfattning})
