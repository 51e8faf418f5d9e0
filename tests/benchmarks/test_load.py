"""The load generator itself, against a tiny threaded HTTP server on loopback (no database):
the closed loop counts pages and throughput, the open loop starts requests on schedule whether
or not earlier ones have answered, failures count as errors, and only loopback is ever loaded."""

import random
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from alongside.benchmarks.load import (
    FormSubmission,
    VirtualUser,
    check_loopback,
    open_loop_schedule,
    run_closed_loop,
    run_open_loop,
)

FORM = b'<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="tok-1">'
POSTED: list[dict[str, list[str]]] = []


class Handler(BaseHTTPRequestHandler):
    """200 after a few milliseconds; /slow/ takes 200 ms; /broken/ answers 500. /form/ and
    /strict-form/ show a form with a CSRF token; a POST with that token is saved (302) on
    /form/ and shown again with an error (200) on /strict-form/."""

    def _answer(self, status: int, body: bytes = b"ok") -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        time.sleep(0.2 if self.path == "/slow/" else 0.003)
        if self.path in ("/form/", "/strict-form/"):
            self._answer(200, FORM)
        else:
            self._answer(500 if self.path == "/broken/" else 200)

    def do_POST(self):  # noqa: N802
        fields = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        POSTED.append(fields)
        saved = self.path == "/form/" and fields.get("csrfmiddlewaretoken") == ["tok-1"]
        self._answer(302 if saved else 200)

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


def test_a_form_is_opened_then_sent_with_its_token_and_each_is_counted(server):
    POSTED.clear()
    form = FormSubmission({"notes": "Home visit"}, saved_as="saved")
    users = [VirtualUser("session", [("form", "/form/", form)])]
    closed = run_closed_loop(users, server, "sessionid", seconds=30, max_requests_per_user=3)
    assert closed.pages["form"].ok == 3 and closed.pages["saved"].ok == 3
    assert closed.errors == 0
    assert POSTED[0] == {"notes": ["Home visit"], "csrfmiddlewaretoken": ["tok-1"]}
    opened = run_open_loop(users, server, "sessionid", rate=20, seconds=0.25)
    assert opened.pages["form"].ok == 5 and opened.pages["saved"].ok == 5
    assert opened.per_second > 0


def test_a_form_shown_again_or_without_a_token_is_not_counted_as_saved(server):
    refused = FormSubmission({"notes": ""}, saved_as="saved")
    users = [VirtualUser("session", [("form", "/strict-form/", refused)])]
    result = run_closed_loop(users, server, "sessionid", seconds=30, max_requests_per_user=2)
    assert result.pages["form"].ok == 2
    assert result.pages["saved"].errors == 2 and result.pages["saved"].ok == 0
    no_token = [VirtualUser("session", [("page", "/fine/", refused)])]
    result = run_closed_loop(no_token, server, "sessionid", seconds=30, max_requests_per_user=2)
    assert result.pages["page"].ok == 2 and result.pages["saved"].errors == 2


def test_the_open_loop_asks_for_every_page_at_least_as_often_as_told():
    """A page only one user of a hundred has is still asked for `at_least` times, and the
    rest of the schedule is random users and pages; without it such a page may never come."""
    users = [VirtualUser(f"s{i}", [("common", "/c/")]) for i in range(99)]
    users.append(VirtualUser("rare", [("common", "/c/"), ("rare", "/r/")]))
    schedule = open_loop_schedule(users, 900, random.Random(1), at_least=20)
    assert len(schedule) == 900
    names = [page[0] for _, page in schedule]
    assert names.count("rare") >= 20
    assert all(users[which].pages.count(page) == 1 for which, page in schedule)
    assert {which for which, page in schedule if page[0] == "rare"} == {99}
    short = open_loop_schedule(users, 30, random.Random(1), at_least=20)
    assert {page[0] for _, page in short} == {"common", "rare"}
    plain = open_loop_schedule(users, 900, random.Random(1))
    assert [page[0] for _, page in plain].count("rare") < 20
