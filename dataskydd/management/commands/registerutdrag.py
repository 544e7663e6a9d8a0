import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

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
        try:
            utdrag = registerutdrag(user=user, insats=insats, deltagar_id=opts["deltagar_id"])
        except Deltagare.DoesNotExist:
            raise CommandError(f"Ingen deltagare {opts['deltagar_id']} i {insats.namn}.") from None
        if opts["format"] == "xlsx":
            if not opts["output"]:
                raise CommandError("Ange --output för xlsx.")
            with open(opts["output"], "wb") as fh:
                fh.write(utdrag_som_xlsx(utdrag))
            self.stdout.write(f"Registerutdraget skrevs till {opts['output']}.")
            return
        text = json.dumps(utdrag, ensure_ascii=False, indent=2)
        if opts["output"]:
            with open(opts["output"], "w", encoding="utf-8") as fh:
                fh.write(text)
            self.stdout.write(f"Registerutdraget skrevs till {opts['output']}.")
        else:
            self.stdout.write(text)
