"""gunicorn's settings for `make serve`, and for any gunicorn started in this folder (gunicorn
reads ./gunicorn.conf.py by itself). Bind address, workers and timeout stay on the command line.

Only what the access log and the trust in proxies need, both because of personal data and
addresses (docs/regler.md §5); README, "Drift".
"""

import os

# The path without its query string, and no Referer or User-Agent: a query string carries what
# a user searched or filtered for (a personnummer typed into the search, a deltagar-ID), and the
# Referer the previous page's query. gunicorn's default format writes both to the server log,
# where no deletion or gallring reaches them.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'

# gunicorn believes X-Forwarded-Proto (and takes the request as HTTPS) from 127.0.0.1 unless
# told otherwise. Without a trusted proxy (DJANGO_ANTAL_PROXYER=0, the default) nobody's word
# counts, as in finsam.middleware; with proxies, gunicorn's own setting applies (the
# FORWARDED_ALLOW_IPS environment variable, or 127.0.0.1 and ::1).
try:
    _antal_proxyer = int(os.environ.get("DJANGO_ANTAL_PROXYER", "").strip() or 0)
except ValueError:
    _antal_proxyer = 0  # the application refuses the value at start-up, naming the variable
if _antal_proxyer == 0:
    forwarded_allow_ips = ""
