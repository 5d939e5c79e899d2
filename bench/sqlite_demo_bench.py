"""The embedded default measured: the demo province on SQLite, behind granian (see bench/README.md).

    uv run python bench/sqlite_demo_bench.py [--requests 200] [--workers 2]

Builds the demo province in a fresh SQLite file under ``var/bench-sqlite`` (migrate, load_demo),
starts granian as ``congvu start`` does, signs in as an officer of the demo (``anhvtk``) and reads the
server time (``Server-Timing``) of "Hôm nay", "Việc của tôi" and the ceiling page over N sequential
requests on one keep-alive connection. A script, not a test: it exits 0 whatever the numbers.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

import assignments_bench as ab  # noqa: E402
import http_bench as hb  # noqa: E402

PAGES = [("Trần (trang trống 50 dòng)", "/bench/ceiling/"), ("Hôm nay", "/"), ("Việc của tôi", "/cong-viec/")]
PERSONA = "anhvtk"
PASSWORD = "Bench-SQLite-2026!x"  # noqa: S105 — a throw-away database


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8768)
    args = parser.parse_args()

    data_dir = BENCH.parent / "var" / "bench-sqlite"
    shutil.rmtree(data_dir, ignore_errors=True)
    env = ab.server_env(port=args.port, data_dir=data_dir, CONGVU_TASKS_BACKEND="immediate")
    env.pop("DATABASE_URL", None)
    hb.congvu(env, "migrate", "--noinput", "-v0")
    hb.congvu(env, "load_demo")
    hb.collect_static(env)
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvu.settings")
    import django

    django.setup()
    from congvu.accounts.models import User

    user = User.objects.get(username=PERSONA)
    user.set_password(PASSWORD)
    user.must_change_password = False
    user.save()

    server_env = {
        **env,
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": f"{BENCH}{os.pathsep}{BENCH.parent}",
    }
    server = hb.start_server(server_env, args)
    results = []
    try:
        browser = hb.sign_in(args.port, PERSONA, PASSWORD)
        for label, path in PAGES:
            seq = hb.sequential(browser, path, args.requests)
            results.append((label, path, sorted(set(seq.statuses)), seq.server_ms))
    finally:
        hb.stop_server(server)
    one, five, fifteen = os.getloadavg()
    print(
        f"\nCông Vụ on SQLite (demo province), granian wsgi × {args.workers}, c=1 × {args.requests}; load {one:.2f} {five:.2f} {fifteen:.2f}"
    )
    for label, path, statuses, server_ms in results:
        print(
            f"{label + ' ' + path:<44} {','.join(map(str, statuses)):>5}  server p50 {statistics.median(server_ms):6.1f} ms"
            f"  p95 {hb.percentile(server_ms, 95):6.1f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
