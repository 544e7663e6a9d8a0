"""Loads the fictional demo dataset of fixtures/demo.json and creates demo users.

Passwords are generated anew on every run and printed, so no password lives in the repository
and `make run` always ends with logins that work. Only in development, and only into an empty
database or one that already holds the demo: on a copy of production it would add a
superuser with a printed password, make demo users project leaders of real insatser and put
fictional participants into the statistics.
"""

import json
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from insatser.behorighet import ADMINISTRATOR_GROUP, KANSLI_GROUP
from insatser.models import Insats

from ...models import AnmalandePart, Avslutsorsak, Deltagare, Forsorjning, Stadsdel, TidUtanArbete, Utbildning
from ...services import deltagare_spara

DEMO_FIL = Path(settings.BASE_DIR) / "fixtures" / "demo.json"

ANVANDARE = [
    # username, groups, is_superuser, insatser led (short names)
    ("demo-admin", [ADMINISTRATOR_GROUP], True, []),
    ("demo-kansli", [KANSLI_GROUP], False, []),
    ("demo-projektledare", [], False, ["MGT", "Aktivitetsplatsen"]),
    ("demo-projektledare2", [], False, ["Novum", "IPS-psykos", "IPS-beroende"]),
]

KODFALT = {
    "utbildning": Utbildning,
    "tid_utan_arbete": TidUtanArbete,
    "forsorjning_start": Forsorjning,
    "forsorjning_slut": Forsorjning,
    "anmalande_part": AnmalandePart,
    "stadsdel": Stadsdel,
    "avslutsorsak": Avslutsorsak,
}


class Command(BaseCommand):
    help = "Laddar fiktiva demodeltagare och skapar demoanvändare (nya lösenord varje gång)."

    def add_arguments(self, parser):
        parser.add_argument("--utan-deltagare", action="store_true", help="Skapa bara användarna.")

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Demodata laddas bara i utvecklingsläge (DJANGO_DEBUG=1): kommandot skapar en administratör "
                "med ett lösenord på skärmen och fiktiva deltagare."
            )
        # demo-admin is the first thing the demo creates: without it, participants are real.
        if Deltagare.objects.exists() and not get_user_model().objects.filter(username=ANVANDARE[0][0]).exists():
            raise CommandError(
                "Databasen har deltagare men har aldrig fått demodata, så den ser ut att vara på riktigt; "
                "inget laddades. Ladda demodata i en tom databas, t.ex. DATABASE_URL=sqlite:///demo.sqlite3."
            )
        inloggningar = [self._anvandare(*spec) for spec in ANVANDARE]
        admin = get_user_model().objects.get(username="demo-admin")
        if not options["utan_deltagare"]:
            antal = self._deltagare(admin)
            self.stdout.write(f"Demodata: {antal} fiktiva deltagare i {DEMO_FIL.name}.")
        self.stdout.write("")
        self.stdout.write("Inloggningar (nya lösenord för varje körning):")
        for username, password, roll in inloggningar:
            self.stdout.write(f"  {roll:<40} användarnamn: {username:<22} lösenord: {password}")

    def _anvandare(self, username, groups, superuser, insatser):
        user, _ = get_user_model().objects.get_or_create(username=username)
        password = secrets.token_urlsafe(9)
        user.set_password(password)
        user.is_superuser = superuser
        user.is_staff = superuser or bool(groups)
        user.save()
        user.groups.set(Group.objects.filter(name__in=groups))
        for insats in Insats.objects.filter(kortnamn__in=insatser):
            insats.projektledare.add(user)
        if superuser:
            roll = "Administratör"
        elif groups:
            roll = "Kansli"
        else:
            roll = "Projektledare (" + ", ".join(insatser) + ")"
        return username, password, roll

    def _deltagare(self, admin) -> int:
        insatser = {i.kortnamn: i for i in Insats.objects.all()}
        koder = {name: model.objects.lookup() for name, model in KODFALT.items()}
        rows = json.loads(DEMO_FIL.read_text(encoding="utf-8"))
        for row in rows:
            row = dict(row)
            insats = insatser[row.pop("insats")]
            deltagare = Deltagare.objects.filter(insats=insats, deltagar_id=row["deltagar_id"]).first()
            deltagare = deltagare or Deltagare(insats=insats)
            for name, value in row.items():
                if name in KODFALT:
                    value = koder[name][value]
                setattr(deltagare, name, value)
            deltagare_spara(user=admin, deltagare=deltagare)
        return len(rows)
