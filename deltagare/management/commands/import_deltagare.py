"""python manage.py import_deltagare FILE (docs/regler.md §4): all or nothing, every problem
reported as "rad N, kolumn X: …", exit status ≠ 0 on any.

The same pipeline as the web, in this process: the file is read by a child process under a
memory and CPU limit, checked in chunks into the staging table and written in one
transaction. The run stays in the import history, so an administrator can undo it."""

import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
        markerade = parser.add_mutually_exclusive_group()
        markerade.add_argument(
            "--skriv-markerade",
            dest="markerade",
            action="store_const",
            const=True,
            help=_(
                "Rader som skulle återskapa en borttagen deltagare eller skriva över en senare ändring "
                "(enligt en exporterad fils dolda blad) sparas ändå."
            ),
        )
        markerade.add_argument(
            "--hoppa-over-markerade",
            dest="markerade",
            action="store_const",
            const=False,
            help=_("Sådana rader hoppas över; resten sparas."),
        )

    def handle(self, *args, fil: str, anvandare: str | None, granska: bool, markerade: bool | None, **options):
        user = None
        if anvandare:
            try:
                user = get_user_model().objects.get(username=anvandare, is_active=True)
            except get_user_model().DoesNotExist:
                raise CommandError(_("Användaren %(namn)s finns inte.") % {"namn": anvandare}) from None
        sokvag = Path(fil)
        if sokvag.is_dir():
            raise CommandError(_("Filen kunde inte läsas: %(fil)s är en katalog, inte en fil.") % {"fil": fil})
        if not sokvag.is_file():
            raise CommandError(_("Filen kunde inte läsas: %(fil)s finns inte.") % {"fil": fil})

        def framsteg(klara: int, totalt: int) -> None:
            if options["verbosity"] >= 2:
                self.stderr.write(_("%(klara)s rader kontrollerade") % {"klara": klara})

        try:
            resultat = importera_deltagare(
                user=user,
                sokvag=str(sokvag),
                # A name that is not UTF-8 reaches Python with lone surrogates (surrogateescape),
                # which neither the database nor a message takes.
                filnamn=os.fsencode(sokvag.name).decode("utf-8", "replace"),
                granska=granska,
                markerade=markerade,
                framsteg=framsteg,
                felutskrift=lambda fel: self.stderr.write(str(fel)),
            )
        except (OperationalError, InterfaceError):
            raise CommandError(DATABASFEL) from None
        # Every problem was printed as it was found (felutskrift).
        if resultat.antal_fel:
            raise CommandError(
                _("Importen avbröts: %(antal)s fel. Inget sparades.") % {"antal": resultat.antal_fel}
            )
        sammanfattning = _("%(nya)s nya, %(andrade)s ändrade, %(oforandrade)s oförändrade.") % {
            "nya": resultat.nya,
            "andrade": resultat.andrade,
            "oforandrade": resultat.oforandrade,
        }
        if resultat.hoppade_over:
            sammanfattning += " " + ngettext(
                "%(antal)s markerad rad hoppades över.", "%(antal)s markerade rader hoppades över.", resultat.hoppade_over
            ) % {"antal": resultat.hoppade_over}
        if granska:
            self.stdout.write(_("Granskning (inget sparat): %(sammanfattning)s") % {"sammanfattning": sammanfattning})
            if resultat.flaggade:
                self.stdout.write(
                    _("%(antal)s rader kräver ett val (--skriv-markerade eller --hoppa-over-markerade).")
                    % {"antal": resultat.flaggade}
                )
        else:
            self.stdout.write(_("Importerat: %(sammanfattning)s") % {"sammanfattning": sammanfattning})

