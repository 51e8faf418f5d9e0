"""Load on a running server, over loopback only, in two shapes that cannot hide saturation.

- Closed loop (`run_closed_loop`): N virtual users, each sending its next request as soon as
  the previous one has finished, for a fixed time. Throughput at rising N is the capacity
  curve: once the server is saturated, more users only add queueing.
- Open loop (`run_open_loop`): requests are *started* on a fixed schedule (`rate` a second)
  whether or not earlier ones have finished, and each latency is measured from its scheduled
  start, so a server (or client) that falls behind shows up as latency instead of as a
  politely slower request rate.

One asyncio event loop, one `httpx.AsyncClient` per virtual user (its own session cookie).
A page is read with a GET; a form (`FormSubmission`) is opened with a GET and then sent with a
POST carrying the form's CSRF token, as a person's browser does, and each counts as a request.
Transport errors, time-outs and any status other than 200 (a redirect, for a form sent and
saved) count as errors.
"""

import asyncio
import ipaddress
import random
import re
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

TIMEOUT_SECONDS = 30
# Enough that the client never queues a request for a connection of its own: in the open loop
# one virtual user can have many requests in flight at once.
LIMITS = httpx.Limits(max_connections=1000, max_keepalive_connections=100)


@dataclass(frozen=True)
class FormSubmission:
    """What a person fills in on a form page; the POST is counted under `saved_as`."""

    fields: dict[str, str]
    saved_as: str


# (page name, path), or (page name, path, form): the page is read, then the form on it sent.
Page = tuple[str, str] | tuple[str, str, FormSubmission]


@dataclass
class VirtualUser:
    session_key: str | None  # None: no session cookie (e.g. the health endpoint)
    pages: list[Page]  # one is chosen per request


@dataclass
class PageStats:
    latencies_ms: list[float] = field(default_factory=list)  # successful requests only
    errors: int = 0

    @property
    def ok(self) -> int:
        return len(self.latencies_ms)

    @property
    def requests(self) -> int:
        return self.ok + self.errors

    def percentile(self, p: float) -> float:
        """Nearest-rank percentile of the successful requests' latencies (NaN when none)."""
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
        return ordered[index]

    @property
    def median(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else float("nan")

    def record(self, ok: bool, elapsed_ms: float) -> None:
        if ok:
            self.latencies_ms.append(elapsed_ms)
        else:
            self.errors += 1


@dataclass
class LoadResult:
    pages: dict[str, PageStats]
    seconds: float  # wall time from the first request started to the last one finished
    max_start_lag_ms: float = 0.0  # open loop: how late the client started its latest request
    client_cpu: float = 0.0  # the load generator's CPU time over wall time (1.0 = one full core)

    @property
    def overall(self) -> PageStats:
        merged = PageStats()
        for page in self.pages.values():
            merged.latencies_ms.extend(page.latencies_ms)
            merged.errors += page.errors
        return merged

    @property
    def errors(self) -> int:
        return sum(page.errors for page in self.pages.values())

    @property
    def per_second(self) -> float:
        """Successful requests a second (errors are not throughput)."""
        return self.overall.ok / self.seconds if self.seconds > 0 else 0.0


def check_loopback(base_url: str) -> None:
    """The load test only ever targets this machine."""
    parts = urlsplit(base_url)
    host = parts.hostname or ""
    if parts.scheme != "http" or not host:
        raise ValueError(f"The load test only ever targets this machine (loopback): {base_url!r}")
    if host == "localhost":
        return
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ValueError(f"The load test only ever targets this machine (loopback): {base_url!r}")


def _client(user: VirtualUser, cookie_name: str) -> httpx.AsyncClient:
    cookies = {cookie_name: user.session_key} if user.session_key else None
    return httpx.AsyncClient(
        timeout=TIMEOUT_SECONDS, follow_redirects=False, cookies=cookies, limits=LIMITS
    )


CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


async def _visit(
    client: httpx.AsyncClient, base_url: str, page: Page, stats: dict, started: float
) -> None:
    """Read the page (timed from `started`) and, if it carries a form, send the form (timed
    from when it is sent); each is recorded under its own name."""
    name, path, *form = page
    url = base_url + path
    try:
        response = await client.get(url)
    except httpx.HTTPError:
        response = None
    read = response is not None and response.status_code == 200
    stats.setdefault(name, PageStats()).record(read, (time.perf_counter() - started) * 1000)
    if not form:
        return
    saved = stats.setdefault(form[0].saved_as, PageStats())
    token = CSRF_TOKEN.search(response.text) if read else None
    if token is None:
        saved.record(False, 0.0)
        return
    sent = time.perf_counter()
    try:
        answer = await client.post(
            url, data={**form[0].fields, "csrfmiddlewaretoken": token.group(1)}
        )
    except httpx.HTTPError:
        answer = None
    # A form saved answers with a redirect; shown again (200) it was refused.
    saved.record(
        answer is not None and answer.status_code == 302, (time.perf_counter() - sent) * 1000
    )


def _in_a_thread_of_its_own(coroutine):
    # Its own event loop, even when the caller already runs one (e.g. under Django's async code).
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


# --- Closed loop -----------------------------------------------------------------------------


async def _closed_user(user, client, base_url, deadline, stats, rng, max_requests, health_every):
    sent = 0
    while time.perf_counter() < deadline and sent < max_requests:
        if health_every and sent % health_every == health_every - 1:
            page = ("health", "/health/")
        else:
            page = rng.choice(user.pages)
        await _visit(client, base_url, page, stats, time.perf_counter())
        sent += 1


async def _closed_loop(users, base_url, cookie_name, seconds, seed, max_requests, health_every):
    stats: dict[str, PageStats] = {}
    clients = [_client(u, cookie_name) for u in users]
    try:
        cpu = time.process_time()
        started = time.perf_counter()
        deadline = started + seconds
        await asyncio.gather(
            *(
                _closed_user(
                    u,
                    client,
                    base_url,
                    deadline,
                    stats,
                    random.Random(seed + i),  # noqa: S311  # nosec B311
                    max_requests,
                    health_every,
                )
                for i, (u, client) in enumerate(zip(users, clients, strict=True))
            )
        )
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))
    return LoadResult(stats, elapsed, client_cpu=cpu / elapsed if elapsed else 0.0)


def run_closed_loop(
    users: list[VirtualUser],
    base_url: str,
    cookie_name: str,
    seconds: float,
    seed: int = 1,
    max_requests_per_user: int = 10**9,
) -> LoadResult:
    """Every user requests a page from its own mix, then the next as soon as that one answers,
    until `seconds` have passed (requests in flight at the deadline are finished and counted,
    and the phase's time runs until they are)."""
    check_loopback(base_url)
    return _in_a_thread_of_its_own(
        _closed_loop(users, base_url, cookie_name, seconds, seed, max_requests_per_user, 0)
    )


def run_load(
    users: list[VirtualUser],
    base_url: str,
    cookie_name: str,
    seconds: float,
    seed: int = 1,
    max_requests_per_user: int = 100_000,
) -> dict[str, PageStats]:
    """The former mixed load (every fourth request the health endpoint), kept for existing
    callers; the benchmark itself uses `run_closed_loop` and `run_open_loop`."""
    check_loopback(base_url)
    return _in_a_thread_of_its_own(
        _closed_loop(users, base_url, cookie_name, seconds, seed, max_requests_per_user, 4)
    ).pages


# --- Open loop -------------------------------------------------------------------------------


def open_loop_schedule(
    users: list[VirtualUser], total: int, rng: random.Random, at_least: int = 0
) -> list[tuple[int, Page]]:
    """Which user asks for which page at each of `total` starts: a random user and one of
    their pages, except that every page someone has is asked for at least `at_least` times
    (if `total` allows), so a page few users have still gets a measured p95."""
    by_name: dict[str, list[tuple[int, Page]]] = {}
    for which, user in enumerate(users):
        for page in user.pages:
            by_name.setdefault(page[0], []).append((which, page))
    # Round by round, so that a schedule too short for them all still covers every page.
    reserved = [rng.choice(pairs) for _ in range(at_least) for pairs in by_name.values()]
    reserved = reserved[:total]
    rest = []
    for _ in range(total - len(reserved)):
        which = rng.randrange(len(users))
        rest.append((which, rng.choice(users[which].pages)))
    schedule = reserved + rest
    rng.shuffle(schedule)
    return schedule


async def _open_loop(users, base_url, cookie_name, rate, seconds, seed, at_least):
    rng = random.Random(seed)  # noqa: S311  # nosec B311
    stats: dict[str, PageStats] = {}
    clients = [_client(u, cookie_name) for u in users]
    tasks = []
    lag = 0.0
    try:
        schedule = open_loop_schedule(users, round(rate * seconds), rng, at_least)
        cpu = time.process_time()
        started = time.perf_counter()
        for n, (which, page) in enumerate(schedule):
            scheduled = started + n / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            lag = max(lag, time.perf_counter() - scheduled)
            stats.setdefault(page[0], PageStats())
            tasks.append(
                asyncio.create_task(_visit(clients[which], base_url, page, stats, scheduled))
            )
        await asyncio.gather(*tasks)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))
    return LoadResult(stats, elapsed, lag * 1000, cpu / elapsed if elapsed else 0.0)


def run_open_loop(
    users: list[VirtualUser],
    base_url: str,
    cookie_name: str,
    rate: float,
    seconds: float,
    seed: int = 1,
    at_least: int = 0,
) -> LoadResult:
    """Start `rate` requests a second for `seconds`, on a fixed schedule, each from a random
    user and page (seeded; every page at least `at_least` times, `open_loop_schedule`),
    without waiting for earlier ones. Latency runs from the scheduled start, so time spent
    waiting in the client counts too (a form's POST, which follows its page, from when it is
    sent)."""
    check_loopback(base_url)
    if rate <= 0 or seconds <= 0:
        raise ValueError("The open loop needs a positive rate and duration.")
    return _in_a_thread_of_its_own(
        _open_loop(users, base_url, cookie_name, rate, seconds, seed, at_least)
    )
