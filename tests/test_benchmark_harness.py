"""The web benchmark's own parts work, on a small service (speed itself is measured by `make bench`)."""

from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import OutputWrapper

from alongside.benchmarks.load import (
    LoadResult,
    PageStats,
    VirtualUser,
    run_closed_loop,
    run_load,
)
from alongside.benchmarks.management.commands.bench_web import (
    CONTACT_FORM,
    CONTACT_SAVED,
    HEADROOM_USERS,
    LIGHTEST_PAGE,
    PAGES,
    Command,
)
from alongside.benchmarks.seed import seed_bench_service
from alongside.benchmarks.sessions import signed_in_session
from alongside.casework.models import Contact, Episode
from alongside.people.models import Parent


def test_seeding_makes_the_service_it_promises(db):
    service = seed_bench_service(parents=30, workers=10, contacts=300)
    assert Parent.objects.count() == 30
    assert Contact.objects.count() == 300
    assert len(service.practitioners) == 9 and len(service.managers) == 1
    assert set(Episode.objects.values_list("status", flat=True)) == {"active"}
    # Every episode runs under the service's programme, on a phase of it, so that pages pay
    # for the programme's definition (and its clocks) as they do in a service in use.
    episodes = list(Episode.objects.select_related("programme_version"))
    assert {e.programme_version.programme.in_use for e in episodes} == {True}
    for episode in episodes:
        pathway = episode.programme_version.spec.pathway(episode.pathway)
        assert pathway.phase(episode.phase) is not None


def test_load_runs_signed_in_users_against_a_live_server(live_server):
    service = seed_bench_service(parents=10, workers=10, contacts=50)
    worker = service.practitioners[0]
    parent_id = Episode.objects.filter(key_worker=worker).values_list("parent_id", flat=True)[0]
    users = [
        VirtualUser(
            signed_in_session(worker), [("caseload", "/"), ("overview", f"/parents/{parent_id}/")]
        ),
        VirtualUser(signed_in_session(service.analyst), [("totals report", "/")]),
    ]
    stats = run_load(
        users,
        live_server.url.replace("localhost", "127.0.0.1"),
        settings.SESSION_COOKIE_NAME,
        seconds=30,
        max_requests_per_user=12,
    )
    assert {"caseload", "overview", "totals report", "health"} <= set(stats)
    assert sum(page.errors for page in stats.values()) == 0
    assert sum(len(page.latencies_ms) for page in stats.values()) == 24


def test_the_benchmark_refuses_a_database_with_data(db, practitioner, episode):
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="empty, migrated database"):
        call_command("bench_web", "--seconds", "1")


def test_the_benchmark_counts_queries_per_page_and_they_do_not_grow_with_the_list(db):
    """Every figure in the query column is measured, health included; a short list and a long
    one take the same number of queries (no N+1)."""
    service = seed_bench_service(parents=40, workers=20, contacts=400)
    queries = Command()._queries_per_page(service)
    assert queries["health"] == (1, 1)  # the single SELECT 1
    for page, (short, long) in queries.items():
        assert short == long, f"{page}: {short} queries for a short list, {long} for a long one"
        assert short > 0, page


def test_the_benchmark_measures_each_pages_own_cost_one_request_at_a_time(db):
    """Section 0: every page of the mix has a CPU time and a count of Python calls, and a page
    that lists more does more (the team caseload of every open episode against the totals)."""
    service = seed_bench_service(parents=40, workers=20, contacts=400)
    command = Command()
    command.engine = "SQLite"
    command._queries_per_page(service)
    costs = command._cost_per_page()
    # Every page read with a GET (sending the contact form is a POST: its queries are counted).
    assert set(costs) == set(PAGES) - {CONTACT_SAVED}
    for page, cost in costs.items():
        assert cost.cpu_ms > 0 and cost.calls > 1000, page
        assert cost.wall_ms > 0, page
    assert costs["team caseload"].calls > costs["totals report"].calls
    out = StringIO()
    command.stdout = OutputWrapper(out)
    command._print_costs(costs)
    printed = out.getvalue()
    assert "In-process cost per page on SQLite" in printed
    for page in set(PAGES) - {CONTACT_SAVED}:
        assert page in printed


def test_the_lightest_page_is_asked_for_by_signed_in_users(live_server):
    """The lightest page's users are signed in, two-factor check passed: every request is
    answered with the page itself (a redirect to sign in would be counted as an error)."""
    service = seed_bench_service(parents=10, workers=10, contacts=50)
    users = Command()._lightest_users(service)
    assert len(users) == HEADROOM_USERS
    assert {user.pages[0] for user in users} == {LIGHTEST_PAGE}
    result = run_closed_loop(
        users[:3],
        live_server.url.replace("localhost", "127.0.0.1"),
        settings.SESSION_COOKIE_NAME,
        seconds=30,
        max_requests_per_user=2,
    )
    assert result.errors == 0
    assert result.overall.ok == 6


def _result(per_second: float, errors: int = 0) -> LoadResult:
    return LoadResult(
        pages={"page": PageStats(latencies_ms=[10.0] * int(per_second * 10), errors=errors)},
        seconds=10,
    )


def test_a_missed_headroom_is_reported_beside_the_lightest_pages_share():
    """The verdict names the lightest signed-in page's share of the bare endpoint, so a reader
    sees how much headroom the run could have shown at all; its errors count as errors."""
    command = Command()
    command.engine = "SQLite"
    out = StringIO()
    command.stdout = OutputWrapper(out)
    bare, pages, lightest = _result(800), _result(60), _result(400, errors=3)
    headroom = command._print_headroom(bare, pages, HEADROOM_USERS, lightest)
    command._print_result(bare, {50: pages}, headroom, pages, {}, [], lightest)
    printed = out.getvalue()
    assert "60.0 page views/s at 50 users / 800.0 bare requests/s = 0.07" in printed
    assert "The lightest signed-in page: 400.0 views/s = 0.50 of the bare endpoint" in printed
    assert (
        "MISSED: errors (lightest page 3); headroom 0.07 < 0.5 (the lightest signed-in page: 0.50)"
        in printed
    )


def test_practitioners_record_contacts_through_the_real_form(live_server):
    """The practitioners' mix opens the contact form and sends it, CSRF token and all, and each
    contact is saved on the parent's record (the form's own validation accepts it)."""
    service = seed_bench_service(parents=10, workers=10, contacts=50)
    command = Command()
    command.long_family = None
    users = [u for u in command._virtual_users(service, 3) if len(u.pages) > 1]
    assert users and all(u.pages[-1][0] == CONTACT_FORM for u in users)
    forms = [VirtualUser(u.session_key, [u.pages[-1]]) for u in users]
    before = Contact.objects.count()
    result = run_closed_loop(
        forms,
        live_server.url.replace("localhost", "127.0.0.1"),
        settings.SESSION_COOKIE_NAME,
        seconds=30,
        max_requests_per_user=2,
    )
    assert result.errors == 0
    assert result.pages[CONTACT_SAVED].ok == 2 * len(forms)
    assert Contact.objects.count() == before + 2 * len(forms)
    assert set(
        Contact.objects.order_by("-pk")[: 2 * len(forms)].values_list("contact_type", flat=True)
    ) == {"home_visit"}
