import io

from django.utils.translation import gettext as _
from rest_framework.renderers import BaseRenderer

from finsam.kalkylblad import CsvSkrivare


class FinsamCsvRenderer(BaseRenderer):
    """The Uppföljning Finsam export as CSV: one row per insats and a total row. Semicolons and a
    byte-order mark, so Excel with Swedish settings opens it with å, ä, ö intact."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        buffer = io.StringIO()
        writer = CsvSkrivare(buffer)
        writer.writerow(
            [_("Insats"), _("Kortnamn"), _("Kvinnor"), _("Män"), _("Totalt"), _("Utan juridiskt kön")]
        )
        rader = [*data["insatser"], {"namn": _("Totalt"), "kortnamn": "", **data["summa"]}]
        for rad in rader:
            writer.writerow(
                [
                    rad["namn"],
                    rad["kortnamn"],
                    rad["kvinnor"],
                    rad["män"],
                    rad["totalt"],
                    rad["utan_juridiskt_kon"],
                ]
            )
        # A note on participants removed by gallring belongs to the numbers (docs/regler.md §5).
        for not_ in data.get("noter", []):
            writer.writerow([not_])
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
