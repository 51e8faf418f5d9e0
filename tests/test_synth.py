"""Synthetic demo data: reproducible, the shape the demo promises, and a sound audit chain."""

from collections import Counter
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import transaction

from alongside.accounts.models import Role, User
from alongside.audit.verify import verify_chain
from alongside.casework.clocks import clocks_for
from alongside.casework.endings import taper_progress
from alongside.casework.models import Contact, ContactType, Episode
from alongside.casework.selectors import team_caseload_for
from alongside.people.models import Parent
from alongside.people.validators import nhs_number_is_valid
from alongside.portal.models import PortalAccount
from alongside.portal.services import has_parent_second_factor
from alongside.synth.demo import build_demo_service


def test_demo_service_has_the_promised_shape(db):
    build_demo_service(seed=7, parents=60)
    assert Parent.objects.count() == 60
    staff = User.objects.filter(
        role__in=[Role.PRACTITIONER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER]
    )
    assert staff.count() == 10
    statuses = set(Episode.objects.values_list("status", flat=True))
    assert statuses == {"waiting", "active", "closed"}
    practitioner = User.objects.get(username="demo-practitioner")
    assert Episode.objects.filter(key_worker=practitioner, status="active").count() >= 5
    assert all(
        nhs_number_is_valid(n)
        for n in Parent.objects.exclude(nhs_number="").values_list("nhs_number", flat=True)
    )
    assert verify_chain().intact
    # One of the demo practitioner's parents has their own space, with a consent to look at.
    account = PortalAccount.objects.select_related("parent", "user").get(
        user__username="demo-parent"
    )
    assert account.user.role == Role.PARENT
    assert account.parent.consents.exists()
    assert Episode.objects.filter(parent=account.parent, key_worker=practitioner).exists()
    assert has_parent_second_factor(account.user)


def test_same_seed_same_people():
    from alongside.synth.people import PeopleFaker

    def people(seed: int) -> list[dict]:
        faker = PeopleFaker(seed, date(2026, 1, 1))
        return [faker.parent_details() for _ in range(20)]

    assert people(11) == people(11)
    assert people(11) != people(12)


def test_synth_command_reuses_existing_demo(db, capsys):
    call_command("synth", "--parents", "5", "--seed", "3")
    call_command("synth", "--if-empty")
    assert "already loaded" in capsys.readouterr().out
    assert Parent.objects.count() == 5


# The demo as it looks on the day it is loaded. A fixed day in the past (services refuse dates
# in the future), so the figures below do not move with the calendar.
DEMO_DAY = date(2025, 11, 3)
# What a note of each kind of contact talks about: a home visit about home, a call about the
# call, a missed visit about the parent not being in.
NOTE_WORDS = {
    ContactType.HOME_VISIT: ("home", "visit"),
    ContactType.PHONE: ("phone", "call"),
    ContactType.MESSAGE: ("text", "message"),
    ContactType.OFFICE: ("office", "centre", "cafe", "library", "venue"),
    ContactType.GROUP: ("group",),
    ContactType.WITH_PARTNER: ("joint",),
    ContactType.PARTNER_INFORMATION: ("update from", "information from"),
    ContactType.OUTREACH_ATTEMPT: ("no answer", "not in", "not there", "no reply"),
}


def state(clocks, kind: str) -> str:
    """A clock's state as the caseload shows it: not shown (on track), shown (due soon, or a
    court case in its early weeks), urgent, or overdue."""
    shown = [c for c in clocks if c.kind == kind]
    if not shown:
        return "on track"
    text = shown[0].text.lower()
    if "overdue" in text or "past" in text:
        return "overdue"
    return "urgent" if shown[0].urgent else "due soon"


@pytest.fixture(scope="class")
def caseload(django_db_setup, django_db_blocker):
    """A small demo built once for a class of tests (and rolled back after them): the open,
    allocated episodes as the service manager's caseload page shows them."""
    with django_db_blocker.unblock(), transaction.atomic():
        build_demo_service(seed=11, parents=48, today=DEMO_DAY)
        manager = User.objects.get(username="demo-service-manager")
        yield [e for e in team_caseload_for(manager) if e.key_worker_id]
        transaction.set_rollback(True)


@pytest.mark.usefixtures("db")
class TestTheDemoOnTheDayItIsLoaded:
    """What the demo shows on the day it is loaded, through the app's own clocks and caseload."""

    def test_reviews_are_mostly_on_time(self, caseload):
        episodes = [e for e in caseload if hasattr(e, "plan")]
        assert len(episodes) >= 15
        late = {
            e.pk: (DEMO_DAY - c.since).days
            for e in episodes
            for c in clocks_for(e, DEMO_DAY)
            if c.kind == "review" and c.urgent
        }
        assert len(late) <= 0.2 * len(episodes), late
        assert max(late.values(), default=0) <= 60, late

    def test_notes_fit_their_contact_type(self, caseload):
        contacts = Contact.objects.all()
        assert {c.contact_type for c in contacts} == set(NOTE_WORDS)
        misfits = [
            (c.contact_type, c.notes)
            for c in contacts
            if not any(word in c.notes.lower() for word in NOTE_WORDS[c.contact_type])
        ]
        assert not misfits, misfits[:5]

    def test_clocks_are_spread(self, caseload):
        clocks = {e.pk: clocks_for(e, DEMO_DAY) for e in caseload}
        for kind in ("review", "next_contact", "court"):
            states = Counter(state(clocks[e.pk], kind) for e in caseload)
            assert len(states) >= 2, (kind, states)
        next_contact = Counter(state(clocks[e.pk], "next_contact") for e in caseload)
        assert set(next_contact) == {"on track", "due soon", "overdue"}, next_contact
        shown = {c.kind for cs in clocks.values() for c in cs}
        assert {"review", "next_contact", "court", "phase_limit", "pregnancy"} <= shown, shown
        # Most parents have a next contact planned within the fortnight; a few are past it.
        planned = [e.next_contact_on for e in caseload]
        soon = sum(1 for d in planned if d and DEMO_DAY < d <= DEMO_DAY + timedelta(days=14))
        past = sum(1 for d in planned if d and d < DEMO_DAY)
        assert soon >= 0.7 * len(caseload) and 1 <= past <= 0.2 * len(caseload), (soon, past)
        tapers = [taper_progress(e, DEMO_DAY) for e in caseload]
        verdicts = {row.verdict if row.expected else "not started" for t in tapers for row in t}
        assert len(verdicts) >= 2, verdicts

    def test_contacts_are_recent_and_spread_over_the_work(self, caseload):
        recent = [
            e
            for e in caseload
            if e.last_contact_on and e.last_contact_on >= DEMO_DAY - timedelta(days=14)
        ]
        assert len(recent) >= 0.75 * len(caseload), (len(recent), len(caseload))
        # Weekly-ish in the first three months of the work (missed visits not counted).
        for e in caseload:
            first_weeks = e.contacts.filter(
                happened_on__lt=e.allocated_on + timedelta(weeks=12)
            ).exclude(contact_type=ContactType.OUTREACH_ATTEMPT)
            weeks = min(12, (DEMO_DAY - e.allocated_on).days // 7)
            assert first_weeks.count() >= 0.6 * weeks, (e.pk, first_weeks.count(), weeks)
