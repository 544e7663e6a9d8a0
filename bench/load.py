"""Load test: gunicorn + a fresh database, project leaders saving participants over the API
while kansli generates reports, concurrently, on loopback only and bounded in time.

    .venv/bin/python bench/load.py --seconds 60 [--database-url postgres://postgres@127.0.0.1:5432/bench_load]

Afterwards every participant the API answered 201 for must be in the database exactly once
(none lost, none duplicated). Prints one final JSON line: requests, rps, p50/p95 per kind,
errors, created, found, lost, duplicated.
"""

import argparse
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.deltagardata import FarskDatabas  # noqa: E402  (run as a script from the project root)

PYTHON = sys.executable
INSATSER = ["MGT", "Aktivitetsplatsen", "Novum", "IPS-psykos", "IPS-beroende"]
RAPPORTER = [
    "/api/rapporter/aktiva/?fran=2025-01-01&till=2025-06-30",
    "/api/rapporter/avslutsorsak/?fran=2025-01-01&till=2025-12-31",
    "/api/finsam/?fran=2025-01-01&till=2025-06-30",
]

SETUP = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token
from insatser.models import Insats
import json, sys
User = get_user_model()
tokens = {}
for i in range(%(leaders)d):
    kortnamn = %(insatser)r[i %% len(%(insatser)r)]
    u = User.objects.create_user(f"ledare{i}")
    Insats.objects.get(kortnamn=kortnamn).projektledare.add(u)
    tokens[f"ledare{i}"] = [Token.objects.create(user=u).key, kortnamn]
for i in range(%(kansli)d):
    u = User.objects.create_user(f"kansli{i}", is_staff=True)
    u.groups.add(Group.objects.get(name="Kansli"))
    tokens[f"kansli{i}"] = [Token.objects.create(user=u).key, None]
print("TOKENS" + json.dumps(tokens))
"""

COUNT = """
from deltagare.models import Deltagare
from django.db.models import Count
import json
rows = Deltagare.objects.filter(deltagar_id__startswith="LOAD-")
ids = list(rows.values_list("insats__kortnamn", "deltagar_id"))
dups = rows.values("insats", "deltagar_id").annotate(n=Count("id")).filter(n__gt=1).count()
print("COUNT" + json.dumps({"ids": ids, "dups": dups}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env: dict, *args: str) -> str:
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} misslyckades:\n{result.stderr}")
    return result.stdout


def request(port: int, method: str, path: str, token: str, body: dict | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    payload = None
    if body is not None:
        payload = json.dumps(body)
        headers["Content-Type"] = "application/json"
    try:
        conn.request(method, path, body=payload, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = {"spara": [], "rapport": []}
        self.errors: list[str] = []
        self.created: list[tuple[str, str]] = []

    def record(self, kind: str, seconds: float, ok: bool, detail: str = "") -> None:
        with self.lock:
            self.latency[kind].append(seconds)
            if not ok:
                self.errors.append(detail[:200])


def leader_loop(port: int, name: str, token: str, insats: str, stop: float, stats: Stats) -> None:
    n = 0
    while time.monotonic() < stop:
        n += 1
        deltagar_id = f"LOAD-{name}-{n}"
        body = {
            "insats": insats,
            "deltagar_id": deltagar_id,
            "samtycke": n % 4 != 0,
            "kon": "KMA"[n % 3],
            **({"juridiskt_kon": "X"} if n % 3 == 2 else {}),
            "startdatum": "2025-03-01",
            **({"fodelsear": 1980 + n % 30, "utbildning": "gymnasieutbildning"} if n % 4 else {}),
        }
        started = time.monotonic()
        try:
            status, content = request(port, "POST", "/api/deltagare/", token, body)
        except OSError as exc:
            stats.record("spara", time.monotonic() - started, False, f"{name}: {exc}")
            continue
        stats.record("spara", time.monotonic() - started, status == 201, f"{name}: {status} {content[:120]!r}")
        if status == 201:
            with stats.lock:
                stats.created.append((insats, deltagar_id))


def kansli_loop(port: int, token: str, stop: float, stats: Stats) -> None:
    i = 0
    while time.monotonic() < stop:
        path = RAPPORTER[i % len(RAPPORTER)]
        i += 1
        started = time.monotonic()
        try:
            status, content = request(port, "GET", path, token)
        except OSError as exc:
            stats.record("rapport", time.monotonic() - started, False, str(exc))
            continue
        stats.record("rapport", time.monotonic() - started, status == 200, f"{path}: {status} {content[:120]!r}")


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--leaders", type=int, default=6)
    parser.add_argument("--kansli", type=int, default=2)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    args = parser.parse_args(argv)

    with FarskDatabas(args.database_url) as url:
        return run(args, url)


def run(args: argparse.Namespace, url: str) -> dict:
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "API_"))},
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on loopback: no TLS proxy in front here.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "API_BEGRANSNING_INLOGGAD": "1000000/minute",
    }
    gunicorn = None
    try:
        manage(env, "migrate", "--noinput", "-v", "0")
        out = manage(env, "shell", "-v", "0", "-c", SETUP % {"leaders": args.leaders, "kansli": args.kansli, "insatser": INSATSER})
        tokens = json.loads(out.split("TOKENS", 1)[1])
        gunicorn = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "finsam.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
             "--timeout", "60", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                if request(port, "GET", "/api/insatser/", next(iter(tokens.values()))[0])[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or gunicorn.poll() is not None:
                raise SystemExit("gunicorn startade inte")
            time.sleep(0.2)

        stats = Stats()
        stop = time.monotonic() + args.seconds
        threads = [
            threading.Thread(target=leader_loop, args=(port, name, token, insats, stop, stats))
            for name, (token, insats) in tokens.items()
            if insats
        ] + [
            threading.Thread(target=kansli_loop, args=(port, token, stop, stats))
            for name, (token, insats) in tokens.items()
            if not insats
        ]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started

        counted = json.loads(manage(env, "shell", "-v", "0", "-c", COUNT).split("COUNT", 1)[1])
        found = {tuple(x) for x in counted["ids"]}
        created = set(stats.created)
        total = sum(len(v) for v in stats.latency.values())
        result = {
            "seconds": round(elapsed, 1),
            "database": "postgresql" if url.startswith("postgres") else "sqlite",
            "workers": args.workers,
            "clients": len(threads),
            "requests": total,
            "rps": round(total / elapsed, 1),
            "spara_p50_ms": round(statistics.median(stats.latency["spara"]) * 1000, 1) if stats.latency["spara"] else None,
            "spara_p95_ms": round(percentile(stats.latency["spara"], 95) * 1000, 1),
            "rapport_p50_ms": round(statistics.median(stats.latency["rapport"]) * 1000, 1) if stats.latency["rapport"] else None,
            "rapport_p95_ms": round(percentile(stats.latency["rapport"], 95) * 1000, 1),
            "errors": len(stats.errors),
            "error_samples": stats.errors[:3],
            "created": len(created),
            "found": len(found),
            "lost": len(created - found),
            "unexpected": len(found - created),
            "duplicated": counted["dups"],
        }
        print(json.dumps(result, ensure_ascii=False))
        return result
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)


if __name__ == "__main__":
    main()
