"""Excel import and export of participants (SPEC §4): the column contract, django-import-export
resources with a fast xlsx reader, the background web import and the template with drop-downs."""
