"""python manage.py rapport NAME --fran YYYY-MM-DD --till YYYY-MM-DD [--insats KORTNAMN ...]
[--format json|csv|xlsx] [--output PATH] [--publicering [--troskel N] [--minsta-bas N]]
[--visa-tomma]   (docs/regler.md §4, a contract; --troskel, --minsta-bas and --visa-tomma are
additions)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from deltagare.audit import logga_export
from rapporter import ALLA, ALLA_TABELLER, BEGARBARA_NAMN, berakna, berakna_alla
from rapporter.export import som_csv, som_csv_zip, som_json, som_xlsx
from rapporter.management.argument import alternativ_for, datum, insatser_for, lagg_till_period, lagg_till_publicering
from rapporter.perioder import kontrollera_period

FORMAT = ("json", "csv", "xlsx")


class Command(BaseCommand):
    help = _(
        "Beräknar periodstatistik (docs/regler.md §3) och skriver den som JSON, CSV eller Excel. "
        "NAMN är en av: %(namn)s, eller alla."
    ) % {"namn": ", ".join(ALLA_TABELLER)}

    def add_arguments(self, parser) -> None:
        parser.add_argument("namn", help=_("Rapportens namn, eller alla."))
        lagg_till_period(parser)
        parser.add_argument("--format", default="json", help=_("json (standard), csv eller xlsx."))
        parser.add_argument("--output", help=_("Fil att skriva till; utan skrivs JSON och CSV till standard ut."))
        lagg_till_publicering(parser)

    def handle(self, *args, **options) -> None:
        namn = options["namn"]
        if namn not in BEGARBARA_NAMN:
            raise CommandError(
                _("Okänd rapport %(namn)s. Välj en av: %(namn_lista)s eller alla.")
                % {"namn": repr(namn), "namn_lista": ", ".join(ALLA_TABELLER)}
            )
        fran = datum(options["fran"], "--fran")
        till = datum(options["till"], "--till")
        if fran > till:
            raise CommandError(
                _("--fran (%(fran)s) ligger efter --till (%(till)s).") % {"fran": fran, "till": till}
            )
        try:
            kontrollera_period(fran, till)
        except ValueError as fel:
            raise CommandError(str(fel)) from None
        format_ = (options["format"] or "").lower()
        if format_ not in FORMAT:
            raise CommandError(
                _("Okänt format %(format)s. Välj json, csv eller xlsx.") % {"format": repr(options["format"])}
            )
        utfil = options["output"]
        if format_ == "xlsx" and not utfil:
            raise CommandError(_("Ange --output FIL för formatet xlsx."))
        if format_ == "csv" and namn == ALLA and not utfil:
            raise CommandError(_("Ange --output FIL för alla rapporter som CSV (en zip-fil)."))
        insatser = insatser_for(options["insats"])
        alternativ = alternativ_for(options)

        kwargs = {"fran": fran, "till": till, "insatser": insatser, "alternativ": alternativ}
        tabeller = berakna_alla(**kwargs) if namn == ALLA else [berakna(namn, **kwargs)]
        if format_ == "json":
            innehall: str | bytes = som_json(tabeller if namn == ALLA else tabeller[0])
        elif format_ == "csv":
            innehall = som_csv_zip(tabeller) if namn == ALLA else som_csv(tabeller[0])
        else:
            innehall = som_xlsx(tabeller, alternativ)

        if utfil:
            sokvag = Path(utfil)
            try:
                if isinstance(innehall, bytes):
                    sokvag.write_bytes(innehall)
                else:
                    sokvag.write_text(innehall, encoding="utf-8")
            except OSError as fel:
                raise CommandError(
                    _("Kunde inte skriva %(fil)s: %(fel)s") % {"fil": utfil, "fel": fel.strerror}
                ) from fel
        else:
            self.stdout.write(innehall.lstrip("\ufeff") if format_ == "json" else innehall, ending="\n")
        logga_export(
            user=None,
            vad=_("rapport %(namn)s (%(format)s, kommando)") % {"namn": namn, "format": format_},
            filter={
                "fran": fran.isoformat(),
                "till": till.isoformat(),
                "insatser": [i.kortnamn for i in insatser] if insatser is not None else None,
                "publicering": options["publicering"],
                **(
                    {"maskera_under": alternativ.grans, "minsta_bas_for_andel": alternativ.bas}
                    if alternativ.publicering
                    else {}
                ),
            },
        )
        if utfil:
            self.stderr.write(_("Skrev %(fil)s.") % {"fil": utfil})
