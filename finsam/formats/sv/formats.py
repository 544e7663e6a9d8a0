# One date format for people on every page, in admin and in e-mail (issue 13): "30 nov 2026" and
# "30 nov 2026 kl. 23.22". Files for machines (CSV, xlsx, JSON, the API) keep ISO 8601.
DATE_FORMAT = "j b Y"
DATETIME_FORMAT = r"j b Y \k\l. H.i"
SHORT_DATE_FORMAT = "j b Y"
SHORT_DATETIME_FORMAT = r"j b Y \k\l. H.i"
MONTH_DAY_FORMAT = "j b"
TIME_FORMAT = "H.i"
