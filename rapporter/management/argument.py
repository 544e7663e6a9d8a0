"""Arguments shared by the commands rapport and rapportbok, with their Swedish errors."""

import datetime

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from insatser.models import Insats
from rapporter.alternativ import Alternativ, kontrollera_grans


def datum(varde: str | None, flagga: str) -> datetime.date:
    if not varde:
        raise CommandError(_("Ange %(flagga)s ÅÅÅÅ-MM-DD.") % {"flagga": flagga})
    try:
        return datetime.date.fromisoformat(varde)
    except ValueError:
        raise CommandError(
            _("Ogiltigt datum för %(flagga)s: %(varde)s. Använd formatet ÅÅÅÅ-MM-DD.")
            % {"flagga": flagga, "varde": repr(varde)}
        ) from None


def insatser_for(namn: list[str]) -> list[Insats] | None:
    if not namn:
        return None
    hittade, okanda = [], []
    for ett in namn:
        insats = Insats.objects.by_name(ett).first()
        if insats is None:
            okanda.append(ett)
        else:
            hittade.append(insats)
    if okanda:
        kanda = ", ".join(Insats.objects.values_list("kortnamn", flat=True))
        raise CommandError(
            _("Okänd insats: %(okanda)s. Kända kortnamn: %(kanda)s.") % {"okanda": ", ".join(okanda), "kanda": kanda}
        )
    return hittade


def lagg_till_period(parser) -> None:
    parser.add_argument("--fran", help=_("Periodens första dag, ÅÅÅÅ-MM-DD."))
    parser.add_argument("--till", help=_("Periodens sista dag, ÅÅÅÅ-MM-DD."))
    parser.add_argument(
        "--insats",
        action="extend",
        nargs="+",
        default=[],
        help=_("Insatsens kortnamn (eller namn); flera går bra. Utan: alla insatser med deltagare."),
    )


def lagg_till_publicering(parser) -> None:
    parser.add_argument(
        "--publicering",
        action="store_true",
        help=_("Maskera små antal och andelar på små baser (för publicering), med ett mönster för alla tabeller."),
    )
    # Checked after parsing (alternativ_for), not by an argparse type: a CommandError raised
    # inside argparse shows as a traceback, and the limits are the page's (alternativ.GRANSER).
    parser.add_argument(
        "--troskel",
        help=_("Med --publicering: maskera antal under N (standard från inställningarna)."),
    )
    parser.add_argument(
        "--minsta-bas", help=_("Med --publicering: andelar bara på baser om minst N.")
    )
    parser.add_argument("--visa-tomma", action="store_true", help=_("Visa koder och kolumner utan deltagare."))


def alternativ_for(options: dict) -> Alternativ:
    granser = {}
    for namn, flagga in (("troskel", "--troskel"), ("minsta_bas", "--minsta-bas")):
        if options.get(namn) is not None:
            try:
                granser[namn] = kontrollera_grans(namn, options[namn], flagga)
            except ValueError as fel:
                raise CommandError(str(fel)) from None
    if not options["publicering"] and granser:
        raise CommandError(_("--troskel och --minsta-bas gäller bara tillsammans med --publicering."))
    return Alternativ(
        publicering=options["publicering"],
        troskel=granser.get("troskel"),
        minsta_bas=granser.get("minsta_bas"),
        visa_tomma=options.get("visa_tomma", False),
    )
