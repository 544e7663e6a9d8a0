"""Lists of row ids from a request (?valda=1&valda=2, ?insatser=…): one rule for what an id is.

An id is ASCII digits whose value a database key can hold (1 … 2^63−1). Anything else, "abc",
"²", "-1" or a number too large for SQLite's INTEGER (which raises OverflowError in a query
instead of matching nothing), is not the id of any row: `id_lista` leaves it out and
`IdFlerval` refuses it with the form field's own message, never a server error.
"""

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

STORSTA_ID = 2**63 - 1


def ar_id(varde) -> bool:
    text = str(varde)
    return text.isascii() and text.isdigit() and 0 < int(text) <= STORSTA_ID


def id_lista(varden) -> list[int]:
    """The ids among `varden` (e.g. request.GET.getlist("valda")), in order, once each."""
    return list(dict.fromkeys(int(v) for v in varden if ar_id(v)))


class IdFlerval(forms.ModelMultipleChoiceField):
    """ModelMultipleChoiceField whose values must be ids as above; another value is refused with
    the field's "invalid_pk_value" message before any query sees it.

    A row ticked on a page that can no longer be chosen (someone closed the participant or
    registered the follow-up meanwhile) is named, when the form gives `namnge` (ids → the names
    the user may see), instead of Django's "18 finns inte bland tillgängliga alternativ"."""

    namnge: Callable[[list[int]], list[str]] | None = None

    def clean(self, value):
        if isinstance(value, (list, tuple)):
            for varde in value:
                if not ar_id(str(varde).strip()):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": varde}
                    )
        try:
            return super().clean(value)
        except ValidationError as fel:
            if self.namnge is None or not any(e.code == "invalid_choice" for e in fel.error_list):
                raise
            ids = id_lista(value)
            kvar = set(self.queryset.filter(pk__in=ids).values_list("pk", flat=True))
            namn = self.namnge([pk for pk in ids if pk not in kvar])
            if not namn:
                raise
            raise ValidationError(
                _("%(namn)s har ändrats sedan sidan öppnades och kan inte väljas längre.")
                % {"namn": ", ".join(namn)},
                code="invalid_choice",
            ) from None
