"""The load test, shortened for CI: concurrent saves and reports through gunicorn leave every
acknowledged participant in the database exactly once. No timing is asserted here."""

import os
import uuid

from django.conf import settings

from bench.load import main


def test_shortened_load_run_loses_and_duplicates_nothing():
    url = None
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        db = settings.DATABASES["default"]
        url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/bench_load_{uuid.uuid4().hex[:8]}"
    result = main(["--seconds", "3", "--leaders", "2", "--kansli", "1", "--workers", "2", *(["--database-url", url] if url else [])])
    assert result["errors"] == 0, result["error_samples"]
    assert result["created"] > 0
    assert result["found"] == result["created"]
    assert (result["lost"], result["unexpected"], result["duplicated"]) == (0, 0, 0)
    assert os.environ.get("DATABASE_URL", "").startswith("postgres") == (result["database"] == "postgresql")
