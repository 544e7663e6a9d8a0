"""python manage.py exportera_deltagare --anvandare NAMN [--insats KORTNAMN ...] [--fran] [--till]
[--format xlsx|csv] [--output FIL]: the import's columns, limited to what the user may see and
recorded in the audit trail under that user."""

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from deltagare.importexport.export import FORMAT, exportera_deltagare
from insatser.models import Insats


def _datum(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(_("Ogiltigt datum %(datum)s; ange ÅÅÅÅ-MM-DD.") % {"datum": text}) from None


class Command(BaseCommand):
    help = _("Exporterar deltagare (samma kolumner som importen) till .xlsx eller .csv. Loggas.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--anvandare", required=True, help=_("Exporten görs som och loggas på denna användare.")
        )
        parser.add_argument("--insats", action="append", default=[], help=_("Kortnamn; kan upprepas."))
        parser.add_argument("--fran", help=_("ÅÅÅÅ-MM-DD"))
        parser.add_argument("--till", help=_("ÅÅÅÅ-MM-DD"))
        parser.add_argument("--format", choices=sorted(FORMAT), default="xlsx")
        parser.add_argument("--output", help=_("Filens sökväg (standard: deltagare.FORMAT)."))

    def handle(self, *args, anvandare, insats, fran, till, format, output, **options):
        try:
            user = get_user_model().objects.get(username=anvandare, is_active=True)
        except get_user_model().DoesNotExist:
            raise CommandError(_("Användaren %(namn)s finns inte.") % {"namn": anvandare}) from None
        insatser = []
        for namn in insats:
            hittad = Insats.objects.by_name(namn).first()
            if hittad is None:
                raise CommandError(_("Okänd insats: %(namn)s") % {"namn": namn})
            insatser.append(hittad)
        fran_datum = _datum(fran) if fran else None
        till_datum = _datum(till) if till else None
        if fran_datum and till_datum and till_datum < fran_datum:
            raise CommandError(_("--till får inte vara före --fran."))
        sokvag = Path(output or f"deltagare.{format}")
        # The export is logged when it is made; a file that cannot be written takes the log
        # entry back with it (the transaction), as nothing left the database.
        with transaction.atomic():
            export = exportera_deltagare(
                user=user, format=format, insatser=insatser, fran=fran_datum, till=till_datum
            )
            try:
                sokvag.write_bytes(export.innehall)
            except OSError as fel:
                raise CommandError(
                    _("Kunde inte skriva %(fil)s: %(fel)s") % {"fil": sokvag, "fel": fel.strerror}
                ) from fel
        self.stdout.write(
            _("%(antal)s deltagare exporterade till %(fil)s.") % {"antal": export.antal, "fil": sokvag}
        )
