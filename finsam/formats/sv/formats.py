# One date format for people on every page, in admin and in e-mail (issue 13): "30 nov 2026" and
# "30 nov 2026 kl. 23.22". Files for machines (CSV, xlsx, JSON, the API) keep ISO 8601.
DATE_FORMAT = "j b Y"
DATETIME_FORMAT = r"j b Y \k\l. H.i"
SHORT_DATE_FORMAT = "j b Y"
SHORT_DATETIME_FORMAT = r"j b Y \k\l. H.i"
MONTH_DAY_FORMAT = "j b"
TIME_FORMAT = "H.i"

# One way to type a date on every surface (forms, API, import): ISO, 2025-03-01 (2025-3-1 too).
# Django's own Swedish formats also take 1/3/2025 and read it the American way, as 3 January:
# a wrong date saved without a word. finsam/settings.py gives the API the same list, and the
# import's date cells (deltagare.importexport.celler.Datum) read text with it.
DATE_INPUT_FORMATS = ["%Y-%m-%d"]
