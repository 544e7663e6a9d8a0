"""python manage.py rensa_importer: import runs whose worker stopped answering are marked
failed; unconfirmed, refused and failed runs go with their files after 24 hours, confirmed ones
(their undo values) after 30 days. Uploads and tasks do the same; this is for cron."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from deltagare.importexport.services import markera_avbrutna, rensa_gamla_korningar


class Command(BaseCommand):
    help = _("Rensar gamla importkörningar och markerar avbrutna som misslyckade.")

    def handle(self, *args, **options):
        avbrutna = markera_avbrutna()
        borttagna = rensa_gamla_korningar()
        self.stdout.write(
            _("%(avbrutna)s avbrutna körningar markerade, %(borttagna)s rader borttagna.")
            % {"avbrutna": avbrutna, "borttagna": borttagna}
        )
