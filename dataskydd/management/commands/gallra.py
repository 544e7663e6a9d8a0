from django.core.management.base import BaseCommand

from ...services import gallra


class Command(BaseCommand):
    help = (
        "Gallrar deltagarrader en inställd tid efter slutdatum (GALLRING_AR_EFTER_SLUTAR, standard två år "
        "efter utgången av slutdatumets år). Statistiken för berörda avslutade perioder fryses först."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Visa vad som skulle gallras utan att ändra något.")

    def handle(self, *args, dry_run: bool, **options):
        resultat = gallra(dry_run=dry_run)
        prefix = "[TORRKÖRNING] " if dry_run else ""
        if not resultat.antal:
            self.stdout.write(f"{prefix}Inga deltagare med slutdatum till och med {resultat.grans} att gallra.")
            return
        verb = "skulle gallras" if dry_run else "gallrades"
        self.stdout.write(f"{prefix}{resultat.antal} deltagare med slutdatum till och med {resultat.grans} {verb}:")
        for kortnamn, antal in sorted(resultat.per_insats.items()):
            self.stdout.write(f"  {kortnamn}: {antal}")
        forsta, sista = resultat.perioder[0][0], resultat.perioder[-1][1]
        if dry_run:
            self.stdout.write(f"{prefix}Statistiken för halvår och år {forsta}–{sista} skulle frysas först.")
        else:
            self.stdout.write(
                f"Statistiken för halvår och år {forsta}–{sista} frystes först "
                f"({resultat.frysta_tabeller} halvår per insats)."
            )
