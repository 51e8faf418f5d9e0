"""A bounded load on a running server: N signed-in users for a fixed time, over loopback only."""

import asyncio
import random
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import httpx


@dataclass
class VirtualUser:
    session_key: str
    pages: list[tuple[str, str]]  # (page name, path); one is chosen per request


@dataclass
class PageStats:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
        return ordered[index]

    @property
    def median(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else float("nan")


async def _user_loop(user, base_url, cookie_name, deadline, stats, rng, max_requests):
    async with httpx.AsyncClient(
        timeout=30, follow_redirects=False, cookies={cookie_name: user.session_key}
    ) as client:
        await _requests(client, user, base_url, deadline, stats, rng, max_requests)


async def _requests(client, user, base_url, deadline, stats, rng, max_requests):
    sent = 0
    while time.monotonic() < deadline and sent < max_requests:
        # Every fourth request is the health endpoint: the baseline, measured under the same load.
        name, path = ("health", "/health/") if sent % 4 == 3 else rng.choice(user.pages)
        started = time.perf_counter()
        try:
            response = await client.get(base_url + path)
            ok = response.status_code == 200
        except httpx.HTTPError:
            ok = False
        elapsed = (time.perf_counter() - started) * 1000
        page = stats.setdefault(name, PageStats())
        if ok:
            page.latencies_ms.append(elapsed)
        else:
            page.errors += 1
        sent += 1


async def _run(users, base_url, cookie_name, seconds, seed, max_requests_per_user):
    stats: dict[str, PageStats] = {}
    deadline = time.monotonic() + seconds
    await asyncio.gather(
        *(
            _user_loop(
                u,
                base_url,
                cookie_name,
                deadline,
                stats,
                random.Random(seed + i),  # noqa: S311  # nosec B311
                max_requests_per_user,
            )
            for i, u in enumerate(users)
        )
    )
    return stats


def run_load(
    users: list[VirtualUser],
    base_url: str,
    cookie_name: str,
    seconds: float,
    seed: int = 1,
    max_requests_per_user: int = 100_000,
) -> dict[str, PageStats]:
    if not base_url.startswith(("http://127.", "http://localhost")):
        raise ValueError("The load test only ever targets this machine (loopback).")
    # A thread of its own, so it has its own event loop even when the caller runs one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(
            asyncio.run, _run(users, base_url, cookie_name, seconds, seed, max_requests_per_user)
        ).result()
