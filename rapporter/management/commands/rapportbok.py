"""python manage.py rapportbok --fran ÅÅÅÅ-MM-DD --till ÅÅÅÅ-MM-DD [--insats KORTNAMN ...]
[--publicering [--troskel N] [--minsta-bas N]] --output FIL.docx   (docs/regler.md §4)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from deltagare.audit import logga_export
from rapporter.management.argument import alternativ_for, datum, insatser_for, lagg_till_period, lagg_till_publicering
from rapporter.perioder import kontrollera_period
from rapporter.rapportbok import rapportbok


class Command(BaseCommand):
    help = _(
        "Skriver periodens rapportbok som ett Word-dokument: tabeller och figurer i rapporternas form, "
        "numrerade, med fotnoter och markerade platser för kansliets text. Ett helt kalenderår ger "
        "årsredovisningens uppsättning, annars halvårsrapportens."
    )

    def add_arguments(self, parser) -> None:
        lagg_till_period(parser)
        lagg_till_publicering(parser)
        parser.add_argument("--output", help=_("Word-filen att skriva (.docx)."))

    def handle(self, *args, **options) -> None:
        fran = datum(options["fran"], "--fran")
        till = datum(options["till"], "--till")
        try:
            kontrollera_period(fran, till)
        except ValueError as fel:
            raise CommandError(str(fel)) from None
        utfil = options["output"]
        if not utfil:
            raise CommandError(_("Ange --output FIL.docx."))
        if not utfil.lower().endswith(".docx"):
            raise CommandError(_("Rapportboken är ett Word-dokument: ange en fil som slutar på .docx."))
        insatser = insatser_for(options["insats"])
        alternativ = alternativ_for(options)
        innehall = rapportbok(fran=fran, till=till, insatser=insatser, alternativ=alternativ)
        try:
            Path(utfil).write_bytes(innehall)
        except OSError as fel:
            raise CommandError(_("Kunde inte skriva %(fil)s: %(fel)s") % {"fil": utfil, "fel": fel.strerror}) from fel
        filter_ = {
            "fran": fran.isoformat(),
            "till": till.isoformat(),
            "insatser": [i.kortnamn for i in insatser] if insatser is not None else None,
            "publicering": alternativ.publicering,
        }
        if alternativ.publicering:
            filter_ |= {"maskera_under": alternativ.grans, "minsta_bas_for_andel": alternativ.bas}
        logga_export(user=None, vad=_("rapportbok (Word, kommando)"), filter=filter_)
        self.stderr.write(_("Skrev %(fil)s.") % {"fil": utfil})
