"""Excel import and export of participants (docs/regler.md §4): the column contract, django-import-export
resources with a fast xlsx reader, the background web import and the template with drop-downs."""
