"""The load generator itself, against a tiny threaded HTTP server on loopback (no database):
the closed loop counts pages and throughput, the open loop starts requests on schedule whether
or not earlier ones have answered, failures count as errors, and only loopback is ever loaded."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from alongside.benchmarks.load import VirtualUser, check_loopback, run_closed_loop, run_open_loop


class Handler(BaseHTTPRequestHandler):
    """200 after a few milliseconds; /slow/ takes 200 ms; /broken/ answers 500."""

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        time.sleep(0.2 if self.path == "/slow/" else 0.003)
        status = 500 if self.path == "/broken/" else 200
        body = b"ok"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_the_closed_loop_counts_each_page_and_its_throughput(server):
    users = [VirtualUser(f"session-{i}", [("a", "/a/"), ("b", "/b/")]) for i in range(4)]
    result = run_closed_loop(users, server, "sessionid", seconds=0.5)
    assert set(result.pages) == {"a", "b"}
    assert all(page.ok > 0 for page in result.pages.values())
    assert result.errors == 0
    assert result.per_second > 0
    assert result.overall.percentile(95) >= result.overall.median > 0


def test_the_open_loop_starts_requests_at_the_offered_rate_without_waiting(server):
    """50 a second for 1 s is 50 requests, though each takes 200 ms: a closed loop with the
    same single user would manage about 5. Latency runs from the scheduled start."""
    users = [VirtualUser("session", [("slow", "/slow/")])]
    started = time.perf_counter()
    result = run_open_loop(users, server, "sessionid", rate=50, seconds=1)
    took = time.perf_counter() - started
    assert 48 <= result.pages["slow"].requests <= 52
    assert result.errors == 0
    assert result.max_start_lag_ms < 100
    assert 0.9 < took < 2.0  # the last start near 1 s, plus its 200 ms
    assert result.pages["slow"].median >= 200


def test_a_server_answering_500_is_counted_as_errors(server):
    users = [VirtualUser("session", [("broken", "/broken/"), ("fine", "/fine/")])]
    closed = run_closed_loop(users, server, "sessionid", seconds=0.3)
    assert closed.pages["broken"].errors > 0 and closed.pages["broken"].ok == 0
    assert closed.pages["fine"].errors == 0
    opened = run_open_loop(
        [VirtualUser(None, [("broken", "/broken/")])], server, "sessionid", rate=20, seconds=0.25
    )
    assert opened.errors == opened.overall.requests == 5
    assert opened.per_second == 0


def test_a_refused_connection_is_counted_as_an_error():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # Closed again: nothing listens there now.
    result = run_closed_loop(
        [VirtualUser(None, [("gone", "/")])], f"http://127.0.0.1:{port}", "s", seconds=0.1
    )
    assert result.errors > 0 and result.overall.ok == 0


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com",
        "http://10.0.0.1:8000",
        "http://127.0.0.1.example.com",
        "http://localhost.example.com",
        "https://192.168.1.1",
        "ftp://127.0.0.1",
    ],
)
def test_anything_but_loopback_is_refused(url):
    with pytest.raises(ValueError, match="loopback"):
        check_loopback(url)
    with pytest.raises(ValueError, match="loopback"):
        run_closed_loop([VirtualUser(None, [("x", "/")])], url, "s", seconds=0.1)
    with pytest.raises(ValueError, match="loopback"):
        run_open_loop([VirtualUser(None, [("x", "/")])], url, "s", rate=1, seconds=0.1)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:80"]
)
def test_loopback_is_allowed(url):
    check_loopback(url)
