from django import forms

from .choices import BAKGRUNDSFALT
from .models import Deltagare, Kodlista


class KodlistaFieldsMixin:
    """Coded fields offer active codes only; a historical code an existing row holds is kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            model = getattr(getattr(field, "queryset", None), "model", None)
            if model is not None and issubclass(model, Kodlista):
                current = getattr(self.instance, f"{name}_id", None) if self.instance.pk else None
                field.queryset = model.objects.offered(current)


class SamtyckeMixin:
    """Samtycke = Nej clears the background fields on save (SPEC §2, §5)."""

    def clean(self):
        cleaned = super().clean()
        if "samtycke" in cleaned and not cleaned["samtycke"]:
            for name in BAKGRUNDSFALT:
                if name in self.fields:
                    cleaned[name] = None
        return cleaned


class DeltagareAdminForm(KodlistaFieldsMixin, SamtyckeMixin, forms.ModelForm):
    class Meta:
        model = Deltagare
        fields = "__all__"
