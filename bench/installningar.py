"""Settings for bench/sidor.py's gunicorn: production settings plus a query counter.

The counter is a benchmark's instrument and is never part of finsam.settings: it is switched on
only by naming this module in DJANGO_SETTINGS_MODULE. Static files are collected into a
temporary folder of the run (BENCH_STATIC_ROOT), not into the project.
"""

import os

from finsam.settings import *  # noqa: F403
from finsam.settings import MIDDLEWARE

MIDDLEWARE = ["bench.fragor.Fragerakning", *MIDDLEWARE]
STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
