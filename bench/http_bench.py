"""HTTP benchmark of Công Vụ on PostgreSQL with a generated province (see bench/README.md).

    uv run python bench/http_bench.py --database-url postgres://postgres@127.0.0.1:5432/congvu_bench \
        [--units 2000 --users 50000] [--requests 300] [--concurrency 16] [--reuse]

1. (Re)creates the database (DROP + CREATE with psycopg, unless --reuse), migrates it, runs
   ``congvu generate_province`` and ``collectstatic``.
2. Starts ``granian --interface wsgi congvu.wsgi:application --workers 2 --port 8765`` with
   CONGVU_DEBUG=0.
3. Signs in as the generated department head through the real sign-in form.
4. For each page: N sequential requests (server time from the ``Server-Timing: app;dur=…`` header,
   and client latency), then requests/s at the given concurrency for ~10 s (wrk if installed,
   otherwise Python threads with keep-alive connections).
5. Prints a table against the goals (p95 ≤ 25 ms server time, ≥ 300 req/s), stops the server.

This is a script, not a test: it always exits 0 once it has measured, whatever the numbers.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urljoin, urlparse

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
GOAL_P95_MS = 25.0
GOAL_RPS = 300.0
ACCOUNTS_LIST = "/tai-khoan/quan-tri/"
FALLBACK_PAGE = "/to-chuc/don-vi/"
DEFAULT_BENCH_USER = ("bench.admin", "Bench-CongVu-2026!")


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


# --- database and data ----------------------------------------------------------------------------


def recreate_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if not name or name in {"postgres", "template0", "template1"}:
        sys.exit(f"Refusing to drop the database {name!r}: give a dedicated benchmark database name.")
    admin_url = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    log(f"database {name} recreated")


def congvu(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "congvu", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if check and result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        sys.exit(f"congvu {' '.join(args)} failed")
    log(f"congvu {args[0]}: {time.perf_counter() - started:.1f} s")
    return result


def prepare(env: dict[str, str], args: argparse.Namespace) -> tuple[str, str]:
    if not args.reuse:
        recreate_database(args.database_url)
    congvu(env, "migrate", "--noinput", "-v0")
    result = congvu(
        env, "generate_province", "--units", str(args.units), "--users", str(args.users), "--seed", str(args.seed),
        "--items", "0", check=not args.reuse,
    )  # fmt: skip
    print(result.stdout.rstrip())
    collect_static(env)
    match = re.search(r"^bench user: (\S+) (\S+)", result.stdout, re.MULTILINE)
    if match is None:
        if not args.reuse:
            sys.exit("generate_province did not print the bench user")
        log("reusing the province already generated; using the default bench user")
        return DEFAULT_BENCH_USER
    return match.group(1), match.group(2)


def collect_static(env: dict[str, str]) -> None:
    """collectstatic into the bench data directory, only when a static source changed (compressing
    the fonts with brotli takes a minute)."""
    manifest = Path(env["CONGVU_DATA_DIR"]) / "static" / "staticfiles.json"
    sources = [p for p in (ROOT / "congvu").rglob("*") if "static" in p.parts and p.is_file()]
    newest = max((p.stat().st_mtime for p in sources), default=0)
    if manifest.exists() and manifest.stat().st_mtime >= newest:
        log("static files up to date")
        return
    congvu(env, "collectstatic", "--noinput", "-v0")


# --- the server -----------------------------------------------------------------------------------


def start_server(env: dict[str, str], args: argparse.Namespace) -> subprocess.Popen:
    granian = shutil.which("granian", path=str(Path(sys.executable).parent)) or shutil.which("granian")
    if granian is None:
        sys.exit("granian is not installed in this environment")
    command = [
        granian, "--interface", "wsgi", "congvu.wsgi:application",
        "--workers", str(args.workers), "--host", HOST, "--port", str(args.port),
    ]  # fmt: skip
    log(" ".join(command[1:]))
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        if server.poll() is not None:
            sys.exit("granian stopped: " + (server.stderr.read().decode() if server.stderr else ""))
        try:
            conn = http.client.HTTPConnection(HOST, args.port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return server
        except OSError:
            time.sleep(0.3)
    stop_server(server)
    sys.exit("granian did not answer /healthz within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    log("server stopped")


# --- a tiny browser: cookies, redirects, forms ----------------------------------------------------


@dataclass
class Browser:
    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def request(
        self, method: str, path: str, body: dict | None = None
    ) -> tuple[int, http.client.HTTPMessage, str]:
        headers = {"Cookie": self.cookie_header(), "Host": f"{HOST}:{self.port}"}
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        response = self._send(method, path, data, headers)
        text = response.read().decode("utf-8", "replace")
        for value in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(value)
            for key, morsel in cookie.items():
                if morsel.value:
                    self.cookies[key] = morsel.value
                else:
                    self.cookies.pop(key, None)
        return response.status, response.headers, text

    def _send(self, method: str, path: str, data: str | None, headers: dict) -> http.client.HTTPResponse:
        """Send on the kept connection; once more on a new one if the server closed it while idle
        (granian drops keep-alive connections left unused during another page's concurrent run)."""
        try:
            self.conn.request(method, path, body=data, headers=headers)
            return self.conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            self.conn.close()
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
            self.conn.request(method, path, body=data, headers=headers)
            return self.conn.getresponse()

    def follow(self, method: str, path: str, body: dict | None = None) -> tuple[int, str, str]:
        status, headers, text = self.request(method, path, body)
        hops = 0
        while status in (301, 302, 303) and hops < 10:
            path = urljoin(path, headers["Location"])
            status, headers, text = self.request("GET", path)
            hops += 1
        return status, path, text


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if match is None:
        sys.exit("no CSRF token on the form")
    return match.group(1)


def sign_in(port: int, username: str, password: str) -> Browser:
    browser = Browser(port)
    status, _path, html = browser.follow("GET", "/tai-khoan/dang-nhap/")
    if status != 200:
        sys.exit(f"sign-in form: HTTP {status}")
    status, path, html = browser.follow(
        "POST",
        "/tai-khoan/dang-nhap/",
        {"csrfmiddlewaretoken": csrf_token(html), "username": username, "password": password, "next": ""},
    )
    if "sessionid" not in browser.cookies:
        sys.exit(f"sign-in failed for {username} (HTTP {status} at {path})")
    if path.startswith("/tai-khoan/doi-mat-khau/"):
        new_password = "Bench-" + secrets.token_urlsafe(12) + "9!"
        status, path, html = browser.follow(
            "POST",
            path,
            {
                "csrfmiddlewaretoken": csrf_token(html),
                "old_password": password,
                "new_password1": new_password,
                "new_password2": new_password,
            },
        )
        log(f"password changed at first sign-in (HTTP {status})")
    log(f"signed in as {username}, landed on {path}")
    return browser


# --- measuring ------------------------------------------------------------------------------------

_DUR = re.compile(r"app;dur=([0-9.]+)")


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


@dataclass
class Sequential:
    server_ms: list[float]
    client_ms: list[float]
    statuses: dict[int, int]
    size: int


def sequential(browser: Browser, path: str, n: int, before: Callable[[], Any] | None = None) -> Sequential:
    """``n`` requests one after the other (after a warm-up); ``before()``, untimed, ahead of each."""
    for _ in range(min(20, n)):  # warm-up: caches, connection pools, template loaders
        browser.request("GET", path)
    server, client, statuses, size = [], [], {}, 0
    for _ in range(n):
        if before is not None:
            before()
        started = time.perf_counter()
        status, headers, text = browser.request("GET", path)
        client.append((time.perf_counter() - started) * 1000)
        statuses[status] = statuses.get(status, 0) + 1
        size = len(text.encode())
        match = _DUR.search(headers.get("Server-Timing", ""))
        if match:
            server.append(float(match.group(1)))
    return Sequential(server, client, statuses, size)


@dataclass
class Concurrent:
    rps: float
    p50_ms: float
    p99_ms: float
    non_ok: int
    tool: str


def concurrent_wrk(port: int, path: str, cookies: str, concurrency: int, seconds: int) -> Concurrent:
    command = [
        "wrk", f"-t{min(concurrency, os.cpu_count() or 2)}", f"-c{concurrency}", f"-d{seconds}s", "--latency",
        "-H", f"Cookie: {cookies}", f"http://{HOST}:{port}{path}",
    ]  # fmt: skip
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([0-9.]+)", out).group(1))

    def latency(label: str) -> float:
        match = re.search(rf"^\s+{label}%\s+([0-9.]+)(us|ms|s)", out, re.MULTILINE)
        if not match:
            return float("nan")
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    non_ok = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return Concurrent(rps, latency("50"), latency("99"), int(non_ok.group(1)) if non_ok else 0, "wrk")


def concurrent_threads(port: int, path: str, cookies: str, concurrency: int, seconds: int) -> Concurrent:
    stop = time.perf_counter() + seconds
    latencies: list[float] = []
    non_ok = [0]
    lock = threading.Lock()

    def worker() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        mine: list[float] = []
        bad = 0
        while time.perf_counter() < stop:
            started = time.perf_counter()
            conn.request("GET", path, headers={"Cookie": cookies})
            response = conn.getresponse()
            response.read()
            mine.append((time.perf_counter() - started) * 1000)
            bad += response.status >= 400
        with lock:
            latencies.extend(mine)
            non_ok[0] += bad

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    return Concurrent(
        len(latencies) / elapsed, percentile(latencies, 50), percentile(latencies, 99), non_ok[0], "threads"
    )


# --- main -----------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", required=True, help="postgres://user@host:port/dbname (dropped and recreated)"
    )
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--users", type=int, default=50000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=300, help="sequential requests per page (c=1)")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=10, help="duration of the concurrent run per page")
    parser.add_argument("--workers", type=int, default=2, help="granian worker processes")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--reuse", action="store_true", help="keep the database and its generated province")
    parser.add_argument("--no-wrk", action="store_true", help="use Python threads even if wrk is installed")
    args = parser.parse_args()

    data_dir = ROOT / "var" / "bench"  # kept between runs: collected static files
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "CONGVU_ALLOWED_HOSTS": f"{HOST},localhost",
        "CONGVU_DEBUG": "0",
        "CONGVU_SERVER_TIMING": "1",  # the server time of each request is read from its header
        "CONGVU_TESTING": "0",
        "CONGVU_SECRET_KEY": secrets.token_urlsafe(48),
        "CONGVU_DATA_DIR": str(data_dir),
        "CONGVU_SITE_URL": f"http://{HOST}:{args.port}",
        "CONGVU_EMAIL": "memory",
        "CONGVU_LOG_LEVEL": "ERROR",
        "PYTHONUNBUFFERED": "1",
    }
    username, password = prepare(env, args)
    server = start_server(env, args)
    results = []
    try:
        browser = sign_in(args.port, username, password)
        status, _headers, _text = browser.request("GET", ACCOUNTS_LIST)
        pages = [("Hôm nay", "/")]
        if status == 200:
            pages.append(("Danh sách tài khoản", ACCOUNTS_LIST))
        else:
            log(
                f"{ACCOUNTS_LIST} answered HTTP {status}; measuring {FALLBACK_PAGE} instead (the signed-in user cannot open the accounts list)"
            )
            pages.append(("Cơ cấu tổ chức", FALLBACK_PAGE))
        use_wrk = shutil.which("wrk") is not None and not args.no_wrk
        for label, path in pages:
            log(f"{label} {path}: {args.requests} sequential requests")
            seq = sequential(browser, path, args.requests)
            log(
                f"{label} {path}: c={args.concurrency} for {args.seconds} s ({'wrk' if use_wrk else 'threads'})"
            )
            runner = concurrent_wrk if use_wrk else concurrent_threads
            conc = runner(args.port, path, browser.cookie_header(), args.concurrency, args.seconds)
            results.append((label, path, seq, conc))
    finally:
        stop_server(server)

    print()
    print(f"Công Vụ HTTP benchmark — {args.units} units, {args.users} users, PostgreSQL, granian wsgi × {args.workers}, "
          f"{os.cpu_count()} CPU(s); signed in as {username}")  # fmt: skip
    head = (
        f"{'page':<34} {'HTTP':>8} {'KB':>6} {'server p50':>11} {'server p95':>11} {'client p50':>11} "
        f"{'client p95':>11} {f'c={args.concurrency} req/s':>12} {'p50/p99 ms':>12} {'goals':>6}"
    )
    print(head)
    print("-" * len(head))
    for label, path, seq, conc in results:
        server_p95 = percentile(seq.server_ms, 95)
        ok = server_p95 <= GOAL_P95_MS and conc.rps >= GOAL_RPS and conc.non_ok == 0
        statuses = ",".join(f"{k}" for k in sorted(seq.statuses))
        print(
            f"{label + ' ' + path:<34} {statuses:>8} {seq.size / 1024:>6.1f} "
            f"{statistics.median(seq.server_ms):>9.1f}ms {server_p95:>9.1f}ms "
            f"{statistics.median(seq.client_ms):>9.1f}ms {percentile(seq.client_ms, 95):>9.1f}ms "
            f"{conc.rps:>12.0f} {conc.p50_ms:>5.0f}/{conc.p99_ms:<6.0f} {'OK' if ok else 'MISS':>6}"
        )
        if conc.non_ok:
            print(f"  ! {conc.non_ok} responses were not 2xx/3xx during the concurrent run")
    print()
    print(f"Goals: server time p95 ≤ {GOAL_P95_MS:.0f} ms at c=1; ≥ {GOAL_RPS:.0f} req/s at c={args.concurrency}. "
          f"Concurrent runs by {results[0][3].tool if results else '-'}.")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
