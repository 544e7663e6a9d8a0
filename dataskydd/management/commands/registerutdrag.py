import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from deltagare.models import Deltagare
from insatser.models import Insats

from ...formats import utdrag_som_xlsx
from ...services import registerutdrag


class Command(BaseCommand):
    help = "Registerutdrag (GDPR art. 15): allt som finns om en deltagare, med ändringshistorik."

    def add_arguments(self, parser):
        parser.add_argument("--insats", required=True, help="Insatsens namn eller kortnamn.")
        parser.add_argument("--deltagar-id", required=True)
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument("--output", help="Fil att skriva till (standard: skärmen för json).")
        parser.add_argument("--anvandare", help="Gör utdraget som denna användare (loggas i granskningsloggen).")

    def handle(self, *args, **opts):
        insats = Insats.objects.by_name(opts["insats"]).first()
        if insats is None:
            raise CommandError(f"Okänd insats: {opts['insats']}.")
        user = None
        if opts["anvandare"]:
            user = get_user_model().objects.filter(username=opts["anvandare"]).first()
            if user is None:
                raise CommandError(f"Okänd användare: {opts['anvandare']}.")
        if opts["format"] == "xlsx" and not opts["output"]:
            raise CommandError("Ange --output för xlsx.")
        # The extract is logged as an export when it is made; a file that cannot be written
        # takes the log entry back with it (the transaction), as nothing left the database.
        with transaction.atomic():
            try:
                utdrag = registerutdrag(user=user, insats=insats, deltagar_id=opts["deltagar_id"])
            except Deltagare.DoesNotExist:
                raise CommandError(f"Ingen deltagare {opts['deltagar_id']} i {insats.namn}.") from None
            if opts["format"] == "xlsx":
                innehall = utdrag_som_xlsx(utdrag)
            else:
                innehall = json.dumps(utdrag, ensure_ascii=False, indent=2).encode("utf-8")
            if opts["output"]:
                try:
                    Path(opts["output"]).write_bytes(innehall)
                except OSError as fel:
                    raise CommandError(f"Kunde inte skriva {opts['output']}: {fel.strerror}") from fel
        if opts["output"]:
            self.stdout.write(f"Registerutdraget skrevs till {opts['output']}.")
        else:
            self.stdout.write(innehall.decode("utf-8"))
