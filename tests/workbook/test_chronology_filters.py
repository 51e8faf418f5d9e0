"""One chronology, filtered by person, discipline and type, with any item marked significant
for a court or conference; each viewer still sees only what they may, and the page's queries do
not grow with the number of items."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.accounts.models import Organisation, Role
from alongside.audit.models import AuditEntry
from alongside.casework.couples import joint_contact_record
from alongside.casework.onward import onward_referral_record
from alongside.measures.models import MeasureResponse
from alongside.people.services import child_add, child_status_change, relationship_record
from alongside.plans.services import goal_add, plan_agree, progress_record
from alongside.sharing.services import consent_record
from alongside.workbook.chronology import Filters, chronology_items, with_words
from alongside.workbook.models import Meeting, SignificantItem, TeamMember
from alongside.workbook.risk import risk_assessment_record
from alongside.workbook.services import meeting_record, team_entry_add

from ..factories import (
    ContactFactory,
    EpisodeFactory,
    OrganisationFactory,
    ParentFactory,
    UserFactory,
)

TODAY = timezone.localdate()


def days_ago(n: int):
    return TODAY - timedelta(days=n)


def goal(plan, worker, words, member="parent", name=""):
    return goal_add(
        plan=plan,
        added_by=worker,
        details={
            "family_member": member,
            "member_name": name,
            "area": "housing",
            "in_parents_words": words,
            "in_workers_words": "",
            "who_helps": "",
            "about_ending": False,
        },
        milestones=[],
    )


@pytest.fixture
def family(service, team, episode, practitioner):
    """A parent, her partner (a couple), her child, and one of each kind of item, each with a
    text of its own to look for."""
    parent = episode.parent
    org = OrganisationFactory(
        name="Northbrook Domestic Abuse Service (test)", kind=Organisation.Kind.PARTNER
    )
    consent_record(
        parent=parent,
        recorded_by=practitioner,
        organisation=org,
        categories=["engagement"],
        purpose="Working together as the team around the family",
        starts_on=TODAY,
        how_given="signed",
    )
    adviser = UserFactory(organisation=org, team=None, role=Role.PARTNER)
    TeamMember.objects.create(
        parent=parent,
        user=adviser,
        organisation=org,
        role="Independent domestic violence adviser",
        discipline="domestic_abuse",
        started_on=days_ago(30),
        added_by=practitioner,
    )
    partner = ParentFactory(organisation=service, given_name="Bram", family_name="Oakes")
    partner_episode = EpisodeFactory(
        organisation=service, team=team, parent=partner, key_worker=practitioner
    )
    relationship_record(
        parent=parent,
        partner=partner,
        kind="partners",
        started_on=days_ago(400),
        recorded_by=practitioner,
    )
    contact = ContactFactory(episode=episode, notes="SERVICE-CONTACT", happened_on=days_ago(15))
    joint_contact_record(
        episode=episode,
        partner_episode=partner_episode,
        recorded_by=practitioner,
        happened_on=days_ago(14),
        contact_type="home_visit",
        notes="JOINT-CONTACT",
    )
    child = child_add(
        parent=parent,
        added_by=practitioner,
        details={
            "given_name": "Wren",
            "date_of_birth": days_ago(700),
            "legal_status": "at_home_cp",
        },
    )
    status = child_status_change(
        child=child,
        recorded_by=practitioner,
        status="foster_care",
        on=days_ago(13),
        source="court",
    )
    MeasureResponse.objects.create(
        episode=episode,
        parent=parent,
        instrument="phq9",
        instrument_name="PHQ-9 MEASURE",
        completed_on=days_ago(12),
        answers_text="{}",
        complete=True,
        total=12,
        recorded_by=practitioner,
    )
    plan = plan_agree(
        episode=episode, agreed_by=practitioner, agreed_on=days_ago(19), attended="Us"
    )
    progress_record(
        goal=goal(plan, practitioner, "PARENT-GOAL"),
        recorded_by=practitioner,
        recorded_on=days_ago(11),
        outcome="progressing",
    )
    progress_record(
        goal=goal(plan, practitioner, "CHILD-GOAL", member="child", name="Wren"),
        recorded_by=practitioner,
        recorded_on=days_ago(10),
        outcome="progressing",
    )
    onward = onward_referral_record(
        episode=episode,
        kind="housing",
        service_name="Housing options",
        referred_on=days_ago(9),
        notes="ONWARD-REFERRAL",
        recorded_by=practitioner,
    )
    team_entry_add(
        parent=parent,
        author=adviser,
        kind="observation",
        happened_on=days_ago(8),
        text="TEAM-ENTRY",
    )
    meeting_record(
        parent=parent,
        kind="core_group",
        held_on=days_ago(7),
        attended="Everyone",
        decisions="CORE-GROUP",
        recorded_by=practitioner,
    )
    meeting_record(
        parent=parent,
        kind="group_supervision",
        held_on=days_ago(6),
        attended="Team",
        decisions="SUPERVISION",
        recorded_by=practitioner,
    )
    risk_assessment_record(
        parent=parent,
        assessed_on=days_ago(5),
        ratings={"housing": 2, "strengths": 4},
        note="RISK-ASSESSMENT",
        recorded_by=adviser,
    )
    return {
        "parent": parent,
        "partner": partner,
        "child": child,
        "status": status,
        "onward": onward,
        "adviser": adviser,
        "episode": episode,
        "contact": contact,
    }


EVERY_TEXT = {
    "SERVICE-CONTACT",
    "JOINT-CONTACT",
    "Wren: Foster care",
    "PHQ-9 MEASURE",
    "PARENT-GOAL",
    "CHILD-GOAL",
    "ONWARD-REFERRAL",
    "TEAM-ENTRY",
    "CORE-GROUP",
    "SUPERVISION",
    "RISK-ASSESSMENT",
}


def texts(viewer, parent, **filters) -> set[str]:
    """Which of the family's marker texts the chronology shows, with these filters."""
    items = with_words(chronology_items(viewer, parent, Filters(**filters)))
    shown = " ".join(f"{i.event.title} {i.event.text} {i.event.detail}" for i in items)
    return {text for text in EVERY_TEXT if text in shown}


def test_the_service_sees_every_kind_of_item_on_one_timeline(practitioner, family):
    assert texts(practitioner, family["parent"]) == EVERY_TEXT


@pytest.mark.parametrize(
    "kind,expected",
    [
        ("contact", {"SERVICE-CONTACT", "JOINT-CONTACT"}),
        ("meeting", {"CORE-GROUP", "SUPERVISION"}),
        ("assessment", {"RISK-ASSESSMENT"}),
        ("measure", {"PHQ-9 MEASURE"}),
        ("goal_change", {"PARENT-GOAL", "CHILD-GOAL"}),
        ("onward_referral", {"ONWARD-REFERRAL"}),
        ("child_status", {"Wren: Foster care"}),
        ("team_entry", {"TEAM-ENTRY"}),
    ],
)
def test_the_type_filter_gives_that_type_and_nothing_else(practitioner, family, kind, expected):
    assert texts(practitioner, family["parent"], type=kind) == expected


def test_the_person_filter_gives_what_is_about_that_person(practitioner, family):
    parent, partner, child = family["parent"], family["partner"], family["child"]
    assert texts(practitioner, parent, person=f"child:{child.pk}") == {
        "Wren: Foster care",
        "CHILD-GOAL",
    }
    assert texts(practitioner, parent, person=f"parent:{partner.pk}") == {"JOINT-CONTACT"}
    about_her = texts(practitioner, parent, person=f"parent:{parent.pk}")
    assert about_her == EVERY_TEXT - {"Wren: Foster care", "CHILD-GOAL"}


def test_the_discipline_filter_follows_who_recorded_it(practitioner, family):
    parent = family["parent"]
    # The adviser is on the team as a domestic abuse worker; the key worker is the service's.
    assert texts(practitioner, parent, discipline="domestic_abuse") == {
        "TEAM-ENTRY",
        "RISK-ASSESSMENT",
    }
    assert texts(practitioner, parent, discipline="recurrent_care") == EVERY_TEXT - {
        "TEAM-ENTRY",
        "RISK-ASSESSMENT",
    }
    assert texts(practitioner, parent, discipline="housing") == set()


def test_filters_combine_and_the_page_filters_without_javascript(signed_in, practitioner, family):
    parent, child = family["parent"], family["child"]
    assert texts(practitioner, parent, type="goal_change", person=f"child:{child.pk}") == {
        "CHILD-GOAL"
    }
    url = f"/parents/{parent.pk}/team/chronology/"
    page = signed_in(practitioner).get(url, {"type": "contact"}).content.decode()
    assert "SERVICE-CONTACT" in page and "JOINT-CONTACT" in page
    assert "TEAM-ENTRY" not in page and "PHQ-9 MEASURE" not in page
    assert "2 items match what you chose" in page
    # The partner is named in the 'About' list; the list of choices is the page's own.
    assert "Bram Oakes (partners)" in page and "Wren (child)" in page
    wrong = signed_in(practitioner).get(url, {"type": "nonsense"}).content.decode()
    assert "Choose a type from the list" in wrong and "SERVICE-CONTACT" not in wrong


def test_a_partner_sees_only_team_items_even_when_service_items_are_marked(
    signed_in, practitioner, family
):
    parent, adviser = family["parent"], family["adviser"]
    contact = family["contact"]
    client = signed_in(practitioner)
    mark = f"/parents/{parent.pk}/team/chronology/significant/"
    for kind, item_id in [
        ("contact", contact.pk),
        ("meeting", Meeting.objects.get(kind="group_supervision").pk),
        ("team_entry", parent.team_entries.get().pk),
    ]:
        response = client.post(mark, {"kind": kind, "item_id": item_id, "significant": "1"})
        assert response.status_code == 302
    assert texts(practitioner, parent, significant_only=True) == {
        "SERVICE-CONTACT",
        "SUPERVISION",
        "TEAM-ENTRY",
    }
    assert texts(adviser, parent, significant_only=True) == {"TEAM-ENTRY"}
    assert texts(adviser, parent) == {"TEAM-ENTRY", "CORE-GROUP", "RISK-ASSESSMENT"}
    page = (
        signed_in(adviser)
        .get(f"/parents/{parent.pk}/team/chronology/", {"significant": "on"})
        .content.decode()
    )
    assert "TEAM-ENTRY" in page
    assert "SERVICE-CONTACT" not in page and "SUPERVISION" not in page
    # The partner's filters offer only what they may see, and no one else in the family.
    assert "Wren" not in page and "Bram" not in page
    # A partner cannot mark anything.
    refused = signed_in(adviser).post(
        mark, {"kind": "team_entry", "item_id": parent.team_entries.get().pk, "significant": "0"}
    )
    assert refused.status_code in (403, 404)


def test_marking_a_contact_puts_it_on_the_court_chronology_and_is_audited(
    signed_in, practitioner, family
):
    parent = family["parent"]
    contact = family["contact"]
    client = signed_in(practitioner)
    url = f"/parents/{parent.pk}/team/chronology/"
    assert "SERVICE-CONTACT" not in client.get(url, {"significant": "on"}).content.decode()
    response = client.post(
        f"{url}significant/",
        {"kind": "contact", "item_id": contact.pk, "significant": "1", "filters": "type=contact"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{url}?type=contact#item-contact-{contact.pk}"
    marked = SignificantItem.objects.get(parent=parent)
    assert (marked.kind, marked.item_id, marked.marked_by) == ("contact", contact.pk, practitioner)
    entry = AuditEntry.objects.get(object_type="workbook.significantitem", action="create")
    assert entry.parent_id == parent.pk and entry.actor_id == practitioner.pk
    court = client.get(url, {"significant": "on"}).content.decode()
    assert "SERVICE-CONTACT" in court and "Unmark significant" in court
    assert "TEAM-ENTRY" not in court and "JOINT-CONTACT" not in court
    # Unmarking takes it off again, also audited.
    client.post(
        f"{url}significant/", {"kind": "contact", "item_id": contact.pk, "significant": "0"}
    )
    assert not SignificantItem.objects.exists()
    assert AuditEntry.objects.filter(
        parent_id=parent.pk, description="No longer marked significant"
    ).exists()
    assert "SERVICE-CONTACT" not in client.get(url, {"significant": "on"}).content.decode()


@pytest.mark.parametrize("what", ["another parent's contact", "a hidden referral", "made up"])
def test_only_an_item_on_the_familys_chronology_can_be_marked(
    signed_in, service, team, practitioner, family, what
):
    parent, episode = family["parent"], family["episode"]
    if what == "another parent's contact":
        other = EpisodeFactory(organisation=service, team=team, key_worker=practitioner)
        kind, item_id = "contact", ContactFactory(episode=other).pk
    elif what == "a hidden referral":
        # A sexual and reproductive health referral is never on the timeline.
        kind, item_id = (
            "onward_referral",
            onward_referral_record(
                episode=episode,
                kind="sexual_reproductive_health",
                service_name="Clinic",
                referred_on=days_ago(3),
                parent_agreed=True,
                recorded_by=practitioner,
            ).pk,
        )
    else:
        kind, item_id = "nonsense", 1
    response = signed_in(practitioner).post(
        f"/parents/{parent.pk}/team/chronology/significant/",
        {"kind": kind, "item_id": item_id, "significant": "1"},
        follow=True,
    )
    assert "That item is not on the family&#x27;s chronology." in response.content.decode()
    assert not SignificantItem.objects.exists()


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_chronologys_queries_do_not_grow_with_its_items(signed_in, practitioner, family):
    parent, episode, adviser = family["parent"], family["episode"], family["adviser"]
    client = signed_in(practitioner)
    url = f"/parents/{parent.pk}/team/chronology/"
    small = _queries(client, url)
    # One significant contact to begin with, so both counts include reading a page's notes.
    SignificantItem.objects.create(
        parent=parent, kind="contact", item_id=family["contact"].pk, marked_by=practitioner
    )
    small_significant = _queries(client, url + "?significant=on&type=contact")
    for n in range(20):
        contact = ContactFactory(episode=episode, notes=f"More {n}", happened_on=days_ago(n))
        SignificantItem.objects.create(
            parent=parent, kind="contact", item_id=contact.pk, marked_by=practitioner
        )
        team_entry_add(
            parent=parent, author=adviser, kind="contact", happened_on=days_ago(n), text=f"T{n}"
        )
        child_status_change(
            child=family["child"],
            recorded_by=practitioner,
            status="foster_care" if n % 2 else "kinship",
            on=days_ago(n),
            source="court",
        )
        risk_assessment_record(
            parent=parent, assessed_on=days_ago(n), ratings={"housing": 3}, recorded_by=adviser
        )
    assert _queries(client, url) == small
    assert _queries(client, url + "?significant=on&type=contact") == small_significant
    partner = signed_in(adviser)
    assert _queries(partner, url) <= small


@pytest.mark.parametrize(
    "path",
    [
        "team/chronology/",
        "team/risk-and-strengths/",
        "team/risk-and-strengths/new/",
    ],
)
def test_another_service_and_a_parent_out_of_scope_find_nothing(signed_in, service, family, path):
    parent = family["parent"]
    elsewhere = OrganisationFactory()
    outsider = UserFactory(organisation=elsewhere, role=Role.SERVICE_MANAGER)
    stranger = UserFactory(organisation=OrganisationFactory(kind="partner"), role=Role.PARTNER)
    for user in (outsider, stranger):
        response = signed_in(user).get(f"/parents/{parent.pk}/{path}")
        assert response.status_code == 404
        assert "Oakes" not in response.content.decode()


def test_each_page_of_a_long_chronology_shows_its_own_contacts_notes(
    signed_in, practitioner, family
):
    """Notes are read only for the page shown: the 60th newest item's notes and who was there
    appear on page 2, not on page 1."""
    episode = family["episode"]
    for n in range(60):
        ContactFactory(
            episode=episode,
            notes=f"Visit number {n:02d}",
            who_was_there=f"Aunt {n:02d}" if n == 59 else "",
            duration_minutes=45 if n == 59 else None,
            happened_on=days_ago(100 + n),
        )
    client = signed_in(practitioner)
    url = f"/parents/{family['parent'].pk}/team/chronology/?type=contact"
    first = client.get(url).content.decode()
    second = client.get(url + "&page=2").content.decode()
    assert "Visit number 00" in first and "Visit number 59" not in first
    assert "Visit number 59" in second and "Visit number 00" not in second
    assert "Who was there: Aunt 59" in second
    assert "45 minutes" in second
