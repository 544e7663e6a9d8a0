"""The django-import-export resource for participants (docs/regler.md §4).

Row rules come from the model (Deltagare.clean() via full_clean()); this module only turns
cells into values, keys rows and reports problems per cell. It is tuned for files of
100,000 rows:

- bulk mode (use_bulk, skip_diff): rows are collected and written in batches at the end, and
  only if every row passed, so an import is all-or-nothing without writing and rolling back;
- one query per code list (cached widgets) and one for the existing rows of the file's insatser
  (BefintligaDeltagare), instead of one SELECT per cell and per row;
- full_clean(validate_unique=False, validate_constraints=False) and without the foreign keys
  that came from the cached lists. That is equivalent here: the only unique constraint is
  (insats, deltagar_id), which is checked inside the file and against the prefetched rows (a
  known key is an update, not a duplicate); the check constraints repeat rules of clean();
  a foreign key from a cached list exists. The database constraints still stand behind it.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import resources
from import_export.fields import Field
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import RowResult

from insatser.models import Insats

from ..choices import KODFALT, JuridisktKon, Kon
from ..models import (
    AnmalandePart,
    Avslutsorsak,
    Deltagare,
    Forsorjning,
    Stadsdel,
    TidUtanArbete,
    Utbildning,
)
from .kolumner import KOLUMN_FOR_FALT, KOLUMNER
from .widgets import (
    ArtalWidget,
    DatumWidget,
    InsatsWidget,
    JaNejWidget,
    KodlistaWidget,
    TextWidget,
    ValWidget,
)

# Foreign keys resolved from the cached lists (see module docstring).
FK_FALT = ("insats", *KODFALT)
# Field checks that cannot fail for an imported row, left out of full_clean() (clean() still
# runs on every row): not from the file (id, version, times), or a widget yields only valid
# values (Ja/Nej → bool, juridiskt kön → K/M/"", födelseår → four digits).
UTAN_FALTKONTROLL = frozenset(
    {"id", "version", "skapad", "andrad", "samtycke", "lots", "arbetstraning", "juridiskt_kon", "fodelsear"}
)
# Code-list keys come from the cached lists, and an empty one is blank=True: either way
# clean_fields() has nothing to check. Insats is checked only when it is missing.
UTAN_FALTKONTROLL_OCH_KODLISTOR = UTAN_FALTKONTROLL | set(KODFALT)
UTAN_FALTKONTROLL_OCH_FK = UTAN_FALTKONTROLL_OCH_KODLISTOR | {"insats"}
STANDARDVARDEN = tuple(f.get_default() for f in Deltagare._meta.concrete_fields)
# What an import may change; compared to tell an update from an unchanged row.
ATTNAMN = tuple(Deltagare._meta.get_field(falt).attname for _rubrik, falt in KOLUMNER)


def _falt(falt: str, widget, **kwargs) -> Field:
    return Field(attribute=falt, column_name=KOLUMN_FOR_FALT[falt], widget=widget, **kwargs)


def bild(deltagare: Deltagare) -> tuple:
    return tuple(getattr(deltagare, attnamn) for attnamn in ATTNAMN)


class BefintligaDeltagare(BaseInstanceLoader):
    """Loads the existing rows the file refers to in one query (key: insats + deltagar-ID)."""

    def __init__(self, resource: "DeltagareResource", dataset=None):
        super().__init__(resource, dataset)
        self.befintliga = resource.forhandsladda(dataset)

    def get_instance(self, row):
        return self.befintliga.get(self.resource.nyckel(row))


class DeltagareResource(resources.ModelResource):
    insats = _falt("insats", InsatsWidget())
    deltagar_id = _falt("deltagar_id", TextWidget())
    samtycke = _falt("samtycke", JaNejWidget())
    kon = _falt("kon", ValWidget(Kon))
    juridiskt_kon = _falt("juridiskt_kon", ValWidget(JuridisktKon))
    fodelsear = _falt("fodelsear", ArtalWidget())
    utbildning = _falt("utbildning", KodlistaWidget(Utbildning))
    tid_utan_arbete = _falt("tid_utan_arbete", KodlistaWidget(TidUtanArbete))
    forsorjning_start = _falt("forsorjning_start", KodlistaWidget(Forsorjning))
    anmalande_part = _falt("anmalande_part", KodlistaWidget(AnmalandePart))
    stadsdel = _falt("stadsdel", KodlistaWidget(Stadsdel))
    startdatum = _falt("startdatum", DatumWidget())
    slutdatum = _falt("slutdatum", DatumWidget())
    avslutsorsak = _falt("avslutsorsak", KodlistaWidget(Avslutsorsak))
    forsorjning_slut = _falt("forsorjning_slut", KodlistaWidget(Forsorjning))
    lots = _falt("lots", JaNejWidget())
    arbetstraning = _falt("arbetstraning", JaNejWidget())

    class Meta:
        model = Deltagare
        fields = tuple(falt for _rubrik, falt in KOLUMNER)
        import_order = fields
        export_order = fields
        import_id_fields = ("insats", "deltagar_id")
        instance_loader_class = BefintligaDeltagare
        use_bulk = True
        # Rows are written only after the last one has passed (see bulk_create below).
        batch_size = 2000
        skip_diff = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = False

    def __init__(self, *, insatser: list[Insats] | None = None, **kwargs):
        """insatser: the insatser the importing user may write; None = all (the command run
        by the server's operator)."""
        super().__init__(**kwargs)
        self.tillatna = None if insatser is None else {insats.pk for insats in insatser}
        self.ursprung: dict[int, tuple] = {}
        self.sedda: dict[tuple[int, str], int] = {}
        self.tomma_rader = 0
        self._importfalt = None
        self._vagar: list[tuple[str, str, str | None, object]] = []

    # --- keys and existing rows -------------------------------------------------------------

    def nyckel(self, row) -> tuple[int, str] | None:
        return self._nyckel(row.get(KOLUMN_FOR_FALT["insats"]), row.get(KOLUMN_FOR_FALT["deltagar_id"]))

    def _nyckel(self, insats_cell, id_cell) -> tuple[int, str] | None:
        try:
            insats = self.fields["insats"].widget.clean(insats_cell)
        except ValueError:
            return None
        return (insats.pk, self.fields["deltagar_id"].widget.clean(id_cell))

    def forhandsladda(self, dataset) -> dict[tuple[int, str], Deltagare]:
        insatser = self.fields["insats"].widget
        try:
            i = dataset.headers.index(KOLUMN_FOR_FALT["insats"])
            j = dataset.headers.index(KOLUMN_FOR_FALT["deltagar_id"])
        except ValueError:
            return {}
        nycklar = {nyckel for rad in dataset if (nyckel := self._nyckel(rad[i], rad[j]))}
        insats_ids = {insats_id for insats_id, _id in nycklar}
        if self.tillatna is not None:
            # Another insats' rows are never loaded, let alone changed (docs/regler.md §5).
            insats_ids &= self.tillatna
        per_id = {insats.pk: insats for insats in insatser.tabell().values()}
        befintliga = {}
        for deltagare in Deltagare.objects.filter(insats_id__in=insats_ids).order_by():
            nyckel = (deltagare.insats_id, deltagare.deltagar_id)
            if nyckel in nycklar:
                # The cached Insats: clean() reads it and must not query.
                deltagare.insats = per_id[deltagare.insats_id]
                befintliga[nyckel] = deltagare
                self.ursprung[deltagare.pk] = bild(deltagare)
        return befintliga

    # --- one row ------------------------------------------------------------------------------

    def get_import_fields(self):
        # Called for every row by import-export; the field list never changes.
        if self._importfalt is None:
            self._importfalt = super().get_import_fields()
        return self._importfalt

    def before_import(self, dataset, **kwargs):
        # The file's columns, each with its widget; a column left out of the file is left
        # alone (an update keeps the stored value), as import-export's Field.save() does.
        self._vagar = [
            (f.column_name, f.attribute, f.attribute + "_id" if f.attribute in KODFALT else None, f.widget)
            for f in self.get_import_fields()
            if f.column_name in dataset.headers
        ]

    def init_instance(self, row=None):
        # Positional arguments take Django's fast path (no per-field default lookup).
        return Deltagare(*STANDARDVARDEN)

    def import_row(self, row, instance_loader, **kwargs):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row.values()):
            # A blank line in the sheet: nothing to import, and no error.
            self.tomma_rader += 1
            row_result = self.get_row_result_class()()
            row_result.import_type = RowResult.IMPORT_TYPE_SKIP
            return row_result
        return super().import_row(row, instance_loader, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        """Cells to values, then the model's own rules; every problem of the row at once."""
        fel: dict = {}
        # import-export's Field.save() per cell, without its generic attribute traversal:
        # the same widgets, a tenth of the per-cell overhead on 1.7 million cells.
        for kolumn, falt, attnamn, widget in self._vagar:
            try:
                varde = widget.clean(row[kolumn])
            except ValueError as error:
                fel[falt] = [ValidationError(str(error), code="invalid")]
                continue
            if attnamn:
                # A code-list key by id: the related object is not needed for the rules.
                setattr(instance, attnamn, None if varde is None else varde.pk)
            else:
                setattr(instance, falt, varde)

        excel_rad = kwargs.get("row_number", 0) + 1
        if instance.insats_id is not None and "insats" not in fel:
            if self.tillatna is not None and instance.insats_id not in self.tillatna:
                fel["insats"] = [
                    ValidationError(
                        _("Du har inte behörighet till insatsen %(insats)s.") % {"insats": instance.insats},
                        code="behorighet",
                    )
                ]
            elif instance.deltagar_id and "deltagar_id" not in fel:
                forsta = self.sedda.setdefault((instance.insats_id, instance.deltagar_id), excel_rad)
                if forsta != excel_rad:
                    fel["deltagar_id"] = [
                        ValidationError(
                            _("Deltagar-ID:t finns redan på rad %(rad)s i filen (samma insats).")
                            % {"rad": forsta},
                            code="dubblett",
                        )
                    ]

        if fel or instance.insats_id is None:
            undantag = set(UTAN_FALTKONTROLL_OCH_KODLISTOR)
            undantag.update(fel)
        else:
            undantag = UTAN_FALTKONTROLL_OCH_FK
        try:
            instance.full_clean(exclude=undantag, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            fel = error.update_error_dict(fel)
        if fel:
            raise ValidationError(fel)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # The row was validated in import_instance (full_clean included); only report here.
        if import_validation_errors:
            raise ValidationError(import_validation_errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or instance.pk is None:
            return False
        return bild(instance) == self.ursprung[instance.pk]

    def after_import_row(self, row, row_result, **kwargs):
        framsteg = kwargs.get("framsteg")
        if framsteg is not None and kwargs["row_number"] % 1000 == 0:
            framsteg(kwargs["row_number"])

    # --- writing ------------------------------------------------------------------------------

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Kept until every row has passed: see skriv()."""

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Kept until every row has passed: see skriv()."""

    def bulk_delete(self, using_transactions, dry_run, raise_errors, result=None):
        """An import never deletes."""

    def after_import(self, dataset, result, **kwargs):
        # ModelResource would reset the id sequence; an import never sets ids.
        pass

    def forbered_skrivning(self) -> tuple[list[Deltagare], list[Deltagare]]:
        """The rows to create and to update, with version and times set as save() would."""
        nu = timezone.now()
        for deltagare in self.create_instances:
            deltagare.skapad = deltagare.andrad = nu
        for deltagare in self.update_instances:
            deltagare.version += 1
            deltagare.andrad = nu
        return self.create_instances, self.update_instances

    @staticmethod
    def uppdaterade_falt() -> list[str]:
        return [falt for _rubrik, falt in KOLUMNER] + ["version", "andrad"]
