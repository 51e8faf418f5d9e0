"""Sex and gender on a parent (ONS 2021 wording), relationships between two parents of the
service, and work with a couple as a dyad: a joint contact recorded once shows on both
timelines, an individual contact on one only, each parent's record stays confidential, and a
joint contact's notes reach the partner's timeline only for users who may view the parent
whose record holds them. Shared plan goals show on both plans."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.audit.models import AuditEntry
from alongside.casework.couples import joint_contact_record, partner_episodes
from alongside.casework.models import Contact
from alongside.casework.selectors import timeline_for
from alongside.people.models import Parent, Relationship, RelationshipMember
from alongside.people.selectors import partners_on, relationships_of
from alongside.people.services import relationship_end, relationship_record
from alongside.plans.models import Goal
from alongside.plans.services import goal_add, goal_share, plan_agree

from ..factories import (
    ContactFactory,
    EpisodeFactory,
    OrganisationFactory,
    ParentFactory,
    TeamFactory,
    UserFactory,
)

TODAY = timezone.localdate()
JOINT_NOTES = "Both parents talked about family time together."
MOTHERS_NOTES = "Talked alone about her own health."
FATHERS_NOTES = "Talked alone about his anger course."


def date_parts(prefix: str, day) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


@pytest.fixture
def couple(service, team):
    """A mother (team one) and a father (team two). One worker is key worker for both; each
    team also has a practitioner who sees only their own team's parent."""
    other_team = TeamFactory(organisation=service)
    both = UserFactory(organisation=service, team=team, role=Role.PRACTITIONER)
    mothers_team_worker = UserFactory(organisation=service, team=team, role=Role.PRACTITIONER)
    fathers_team_worker = UserFactory(organisation=service, team=other_team, role=Role.PRACTITIONER)
    mother = ParentFactory(organisation=service, given_name="Rosa", family_name="Ashdown")
    father = ParentFactory(organisation=service, given_name="Tomas", family_name="Brightwell")
    opened = TODAY - timedelta(days=60)
    mothers = EpisodeFactory(
        organisation=service, team=team, parent=mother, key_worker=both, opened_on=opened
    )
    fathers = EpisodeFactory(
        organisation=service, team=other_team, parent=father, key_worker=both, opened_on=opened
    )
    return {
        "mother": mother,
        "father": father,
        "mothers": mothers,
        "fathers": fathers,
        "both": both,
        "mothers_team_worker": mothers_team_worker,
        "fathers_team_worker": fathers_team_worker,
    }


@pytest.fixture
def together(couple):
    relationship_record(
        parent=couple["mother"],
        partner=couple["father"],
        kind="partners",
        started_on=TODAY - timedelta(days=700),
        recorded_by=couple["both"],
    )
    return couple


def joint(couple, **overrides):
    details = {
        "episode": couple["mothers"],
        "partner_episode": couple["fathers"],
        "recorded_by": couple["both"],
        "happened_on": TODAY - timedelta(days=2),
        "contact_type": "home_visit",
        "notes": JOINT_NOTES,
        "who_was_there": "Rosa and Tomas",
    }
    details.update(overrides)
    return joint_contact_record(**details)


def texts(events) -> str:
    return " ".join(f"{e.title} {e.text} {e.detail}" for e in events)


# -- sex and gender ---------------------------------------------------------------------------


def test_sex_and_gender_start_as_not_asked(service):
    parent = ParentFactory(organisation=service)
    assert (parent.sex, parent.gender_same_as_sex, parent.gender_identity) == (
        "not_asked",
        "not_asked",
        "",
    )


def details_form(parent, **overrides) -> dict:
    data = {
        "given_name": parent.given_name,
        "family_name": parent.family_name,
        "ethnicity": parent.ethnicity,
        "care_experienced": parent.care_experienced,
        "version": parent.version,
        **date_parts("date_of_birth", parent.date_of_birth),
    }
    data.update(overrides)
    return data


def test_sex_and_gender_saved_from_the_details_page_and_shown(signed_in, practitioner, episode):
    parent = episode.parent
    client = signed_in(practitioner)
    response = client.post(
        f"/parents/{parent.pk}/details/",
        details_form(
            parent, sex="male", gender_same_as_sex="no", gender_identity="Non-binary person"
        ),
    )
    assert response.status_code == 302
    parent.refresh_from_db()
    assert (parent.sex, parent.gender_same_as_sex) == ("male", "no")
    assert parent.gender_identity == "Non-binary person"
    # The write-in is stored encrypted.
    with connection.cursor() as cursor:
        cursor.execute("SELECT gender_identity FROM people_parent WHERE id = %s", [parent.pk])
        stored = cursor.fetchone()[0]
    assert "Non-binary" not in str(bytes(stored) if isinstance(stored, memoryview) else stored)
    page = client.get(f"/parents/{parent.pk}/").content.decode()
    assert "Gender identity the same as sex registered at birth" in page
    assert "No: Non-binary person" in page
    form = client.get(f"/parents/{parent.pk}/details/").content.decode()
    assert "Is the gender you identify with the same as your sex registered at birth?" in form


def test_prefer_not_to_say_and_left_blank(signed_in, practitioner, episode):
    parent = episode.parent
    client = signed_in(practitioner)
    client.post(
        f"/parents/{parent.pk}/details/",
        details_form(parent, sex="prefer_not_to_say", gender_same_as_sex="prefer_not_to_say"),
    )
    parent.refresh_from_db()
    assert (parent.sex, parent.gender_same_as_sex) == ("prefer_not_to_say", "prefer_not_to_say")
    assert "Prefers not to say" in client.get(f"/parents/{parent.pk}/").content.decode()
    # Optional: leaving both blank records 'not yet asked'.
    client.post(f"/parents/{parent.pk}/details/", details_form(parent))
    parent.refresh_from_db()
    assert (parent.sex, parent.gender_same_as_sex) == ("not_asked", "not_asked")


def test_a_write_in_without_no_is_refused_beside_the_field(signed_in, practitioner, episode):
    parent = episode.parent
    response = signed_in(practitioner).post(
        f"/parents/{parent.pk}/details/",
        details_form(parent, sex="female", gender_same_as_sex="yes", gender_identity="Woman"),
    )
    assert response.status_code == 200
    assert "Leave the gender identity blank unless" in response.content.decode()
    parent.refresh_from_db()
    assert (parent.sex, parent.gender_identity) == ("not_asked", "")


def test_an_unknown_answer_is_refused(signed_in, practitioner, episode):
    parent = episode.parent
    response = signed_in(practitioner).post(
        f"/parents/{parent.pk}/details/", details_form(parent, sex="other")
    )
    assert response.status_code == 200
    parent.refresh_from_db()
    assert parent.sex == "not_asked"


# -- relationships ----------------------------------------------------------------------------


def test_a_relationship_is_held_against_both_parents(couple):
    relationship = relationship_record(
        parent=couple["mother"],
        partner=couple["father"],
        kind="co_parents",
        started_on=TODAY - timedelta(days=30),
        recorded_by=couple["both"],
    )
    assert set(relationship.members.values_list("parent_id", flat=True)) == {
        couple["mother"].pk,
        couple["father"].pk,
    }
    assert [p.other for p in relationships_of(couple["father"])] == [couple["mother"]]
    assert partners_on(couple["mother"], TODAY) == [couple["father"]]
    audited = AuditEntry.objects.filter(description="Relationship recorded")
    assert set(audited.values_list("parent_id", flat=True)) == {
        couple["mother"].pk,
        couple["father"].pk,
    }


def test_a_parent_cannot_be_related_to_themselves(couple):
    with pytest.raises(ValidationError) as refused:
        relationship_record(
            parent=couple["mother"],
            partner=couple["mother"],
            kind="partners",
            started_on=TODAY,
            recorded_by=couple["both"],
        )
    assert "partner" in refused.value.message_dict
    assert not Relationship.objects.exists()


def test_a_parent_of_another_service_is_refused(couple):
    elsewhere = ParentFactory(organisation=OrganisationFactory())
    with pytest.raises(ValidationError):
        relationship_record(
            parent=couple["mother"],
            partner=elsewhere,
            kind="partners",
            started_on=TODAY,
            recorded_by=couple["both"],
        )
    assert not Relationship.objects.exists()


def test_the_same_current_relationship_is_not_recorded_twice(together):
    with pytest.raises(ValidationError) as refused:
        relationship_record(
            parent=together["father"],
            partner=together["mother"],
            kind="partners",
            started_on=TODAY,
            recorded_by=together["both"],
        )
    assert "already recorded" in str(refused.value)
    assert Relationship.objects.count() == 1


def test_ending_a_relationship(together):
    relationship = Relationship.objects.get()
    with pytest.raises(ValidationError):
        relationship_end(
            relationship=relationship,
            ended_on=relationship.started_on - timedelta(days=1),
            ended_by=together["both"],
        )
    relationship.refresh_from_db()
    assert relationship.ended_on is None
    relationship_end(relationship=relationship, ended_on=TODAY, ended_by=together["both"])
    relationship.refresh_from_db()
    assert relationship.ended_on == TODAY
    assert partners_on(together["mother"], TODAY + timedelta(days=1)) == []
    with pytest.raises(ValidationError):
        relationship_end(relationship=relationship, ended_on=TODAY, ended_by=together["both"])


def relationship_post(partner, kind="partners", started=None) -> dict:
    return {
        "partner": partner.pk,
        "kind": kind,
        **date_parts("started_on", started or TODAY - timedelta(days=100)),
    }


def test_recording_a_relationship_from_a_parents_record(signed_in, couple):
    client = signed_in(couple["both"])
    page = client.get(f"/parents/{couple['mother'].pk}/relationships/new/")
    assert page.status_code == 200 and "Tomas Brightwell" in page.content.decode()
    response = client.post(
        f"/parents/{couple['mother'].pk}/relationships/new/",
        relationship_post(couple["father"]),
    )
    assert response.status_code == 302
    overview = client.get(f"/parents/{couple['father'].pk}/").content.decode()
    assert "Relationships" in overview and "Rosa Ashdown" in overview


def test_the_page_refuses_the_parent_themselves_beside_the_field(signed_in, couple):
    response = signed_in(couple["both"]).post(
        f"/parents/{couple['mother'].pk}/relationships/new/",
        relationship_post(couple["mother"]),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "A parent cannot be in a relationship with themselves" in body
    assert 'id="partner-error"' in body or "govuk-error-message" in body
    assert not Relationship.objects.exists()


def test_both_parents_must_be_in_the_users_case_scope(signed_in, couple):
    # The mother's team worker cannot see the father: he is not offered and is refused.
    client = signed_in(couple["mothers_team_worker"])
    page = client.get(f"/parents/{couple['mother'].pk}/relationships/new/").content.decode()
    assert "Tomas Brightwell" not in page
    response = client.post(
        f"/parents/{couple['mother'].pk}/relationships/new/",
        relationship_post(couple["father"]),
    )
    assert response.status_code == 200
    assert "Choose a parent you work with" in response.content.decode()
    assert not Relationship.objects.exists()
    # And from the father's record, the page itself is out of scope.
    assert client.get(f"/parents/{couple['father'].pk}/relationships/new/").status_code == 404


def test_bad_input_on_the_relationship_page(signed_in, couple):
    client = signed_in(couple["both"])
    response = client.post(
        f"/parents/{couple['mother'].pk}/relationships/new/",
        {"partner": "", "kind": "", **date_parts("started_on", TODAY + timedelta(days=5))},
    )
    body = response.content.decode()
    assert "Choose the other parent" in body
    assert "Select what their relationship is" in body
    assert not Relationship.objects.exists()


def test_ending_a_relationship_from_the_page(signed_in, together):
    relationship = Relationship.objects.get()
    url = f"/parents/{together['father'].pk}/relationships/{relationship.pk}/end/"
    client = signed_in(together["both"])
    early = client.post(url, date_parts("ended_on", relationship.started_on - timedelta(days=1)))
    assert early.status_code == 200
    assert "must be on or after the day it started" in early.content.decode()
    relationship.refresh_from_db()
    assert relationship.ended_on is None
    assert client.post(url, date_parts("ended_on", TODAY)).status_code == 302
    relationship.refresh_from_db()
    assert relationship.ended_on == TODAY
    # Ended: the page is no longer there.
    assert client.get(url).status_code == 404


def test_ending_needs_both_parents_in_scope(signed_in, together):
    relationship = Relationship.objects.get()
    client = signed_in(together["mothers_team_worker"])
    url = f"/parents/{together['mother'].pk}/relationships/{relationship.pk}/end/"
    assert client.get(url).status_code == 404
    assert client.post(url, date_parts("ended_on", TODAY)).status_code == 404
    relationship.refresh_from_db()
    assert relationship.ended_on is None


# -- joint contacts ---------------------------------------------------------------------------


def test_a_joint_contact_shows_on_both_timelines_and_an_individual_one_on_one(together):
    contact = joint(together)
    ContactFactory(episode=together["mothers"], notes=MOTHERS_NOTES, recorded_by=together["both"])
    ContactFactory(episode=together["fathers"], notes=FATHERS_NOTES, recorded_by=together["both"])
    assert Contact.objects.filter(pk=contact.pk, joint_with=together["fathers"]).exists()
    mothers = texts(timeline_for(together["mother"], viewer=together["both"]))
    fathers = texts(timeline_for(together["father"], viewer=together["both"]))
    for timeline, partner in ((mothers, "Tomas Brightwell"), (fathers, "Rosa Ashdown")):
        assert f"Joint contact with {partner}: home visit" in timeline
        assert JOINT_NOTES in timeline
    assert MOTHERS_NOTES in mothers and MOTHERS_NOTES not in fathers
    assert FATHERS_NOTES in fathers and FATHERS_NOTES not in mothers
    # Recorded once, audited for both parents.
    assert Contact.objects.count() == 3
    assert AuditEntry.objects.filter(
        object_id=str(contact.pk), parent_id=together["father"].pk
    ).exists()


def test_joint_notes_stay_off_the_partners_timeline_for_those_who_cannot_see_the_holder(
    together,
):
    joint(together)
    # The father's team worker may see the father but not the mother.
    fathers = timeline_for(together["father"], viewer=together["fathers_team_worker"])
    shown = texts(fathers)
    assert "Joint contact with Rosa Ashdown" in shown
    assert JOINT_NOTES not in shown and "Rosa and Tomas" not in shown
    assert "The notes are on Rosa Ashdown's record." in shown
    # Without a viewer, the safe default: hidden.
    assert JOINT_NOTES not in texts(timeline_for(together["father"]))
    # The mother's own timeline always shows her record's notes to those who see her.
    mothers = texts(timeline_for(together["mother"], viewer=together["mothers_team_worker"]))
    assert JOINT_NOTES in mothers


def test_each_parents_record_stays_confidential_on_the_pages(signed_in, together):
    joint(together)
    ContactFactory(episode=together["mothers"], notes=MOTHERS_NOTES, recorded_by=together["both"])
    ContactFactory(episode=together["fathers"], notes=FATHERS_NOTES, recorded_by=together["both"])
    Parent.objects.filter(pk=together["mother"].pk).update(postcode="NB1 7QQ")
    together["mother"].refresh_from_db()
    together["mother"].phone = "07700 900555"
    together["mother"].save()

    fathers_worker = signed_in(together["fathers_team_worker"])
    page = fathers_worker.get(f"/parents/{together['father'].pk}/").content.decode()
    assert FATHERS_NOTES in page
    assert "Joint contact with Rosa Ashdown" in page
    for secret in (JOINT_NOTES, MOTHERS_NOTES, "07700 900555", "NB1 7QQ"):
        assert secret not in page
    # No link to a record the worker cannot open, and the record itself stays closed.
    assert f'href="/parents/{together["mother"].pk}/"' not in page
    assert fathers_worker.get(f"/parents/{together['mother'].pk}/").status_code == 404

    # The worker for both sees the joint notes on each timeline, but each parent's own
    # individual notes only on their own record.
    both = signed_in(together["both"])
    fathers_page = both.get(f"/parents/{together['father'].pk}/").content.decode()
    assert JOINT_NOTES in fathers_page and MOTHERS_NOTES not in fathers_page
    assert "07700 900555" not in fathers_page
    mothers_page = both.get(f"/parents/{together['mother'].pk}/").content.decode()
    assert JOINT_NOTES in mothers_page and FATHERS_NOTES not in mothers_page


def test_showing_the_partner_on_a_timeline_is_an_audited_read(signed_in, together):
    joint(together)
    signed_in(together["both"]).get(f"/parents/{together['father'].pk}/")
    reads = AuditEntry.objects.filter(action="view", parent_id=together["mother"].pk)
    assert reads.exists()


def test_a_joint_contact_needs_a_current_relationship(couple):
    with pytest.raises(ValidationError) as refused:
        joint(couple)
    assert "not in a relationship" in str(refused.value)
    assert not Contact.objects.exists()


def test_a_joint_contact_is_not_before_either_piece_of_work_started(together):
    with pytest.raises(ValidationError):
        joint(together, happened_on=together["fathers"].opened_on - timedelta(days=1))
    assert not Contact.objects.exists()


def test_a_joint_contact_is_not_with_the_parent_themselves(together):
    other_episode = EpisodeFactory(
        organisation=together["mother"].organisation,
        team=together["mothers"].team,
        parent=together["mother"],
        key_worker=together["both"],
    )
    with pytest.raises(ValidationError):
        joint(together, partner_episode=other_episode)
    assert not Contact.objects.exists()


def test_a_joint_contact_needs_both_pieces_of_work_open(together):
    fathers = together["fathers"]
    fathers.status = "closed"
    fathers.closed_on = TODAY
    fathers.save()
    with pytest.raises(ValidationError):
        joint(together)
    assert not Contact.objects.exists()
    assert partner_episodes(together["mothers"]) == []


def joint_post(couple, **overrides) -> dict:
    data = {
        "partner_episode": couple["fathers"].pk,
        **date_parts("happened_on", TODAY - timedelta(days=1)),
        "contact_type": "home_visit",
        "notes": JOINT_NOTES,
        "confidentiality": "service_only",
    }
    data.update(overrides)
    return data


def test_recording_a_joint_contact_from_the_page(signed_in, together):
    client = signed_in(together["both"])
    overview = client.get(f"/parents/{together['mother'].pk}/").content.decode()
    assert "Record a joint contact with a partner" in overview
    url = f"/parents/episodes/{together['mothers'].pk}/joint-contacts/new/"
    assert client.get(url).status_code == 200
    response = client.post(url, joint_post(together))
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.episode, contact.joint_with) == (together["mothers"], together["fathers"])
    assert JOINT_NOTES in client.get(f"/parents/{together['father'].pk}/").content.decode()


def test_the_joint_contact_page_refuses_bad_input_and_saves_nothing(signed_in, together):
    client = signed_in(together["both"])
    url = f"/parents/episodes/{together['mothers'].pk}/joint-contacts/new/"
    response = client.post(url, joint_post(together, partner_episode="", notes=""))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Select the partner who was there" in body
    assert "Enter notes about the contact" in body
    before = client.post(
        url,
        joint_post(
            together, **date_parts("happened_on", together["mothers"].opened_on - timedelta(1))
        ),
    )
    assert "before the work with both parents started" in before.content.decode()
    assert not Contact.objects.exists()


def test_the_joint_contact_page_offers_only_partners_the_user_works_with(signed_in, together):
    # The mother's team worker may record contacts with her but not with him.
    client = signed_in(together["mothers_team_worker"])
    overview = client.get(f"/parents/{together['mother'].pk}/").content.decode()
    assert "Record a joint contact" not in overview
    url = f"/parents/episodes/{together['mothers'].pk}/joint-contacts/new/"
    page = client.get(url).content.decode()
    assert "There is no partner to record a joint contact with" in page
    response = client.post(url, joint_post(together))
    assert response.status_code == 200
    assert "Select a partner you work with" in response.content.decode()
    assert not Contact.objects.exists()


def test_the_joint_contact_page_is_closed_out_of_scope(signed_in, together):
    client = signed_in(together["fathers_team_worker"])
    url = f"/parents/episodes/{together['mothers'].pk}/joint-contacts/new/"
    assert client.get(url).status_code == 404
    assert client.post(url, joint_post(together)).status_code == 404
    assert not Contact.objects.exists()


# -- shared goals -----------------------------------------------------------------------------


@pytest.fixture
def goal(together):
    plan = plan_agree(
        episode=together["mothers"],
        agreed_by=together["both"],
        agreed_on=TODAY - timedelta(days=20),
        attended="Rosa, key worker",
    )
    return goal_add(
        plan=plan,
        added_by=together["both"],
        details={
            "family_member": "parent",
            "member_name": "",
            "area": "family_time",
            "in_parents_words": "Plan family time with Tomas for our son",
            "in_workers_words": "Private worker view",
            "who_helps": "Her sister",
            "about_ending": False,
        },
        milestones=["A private milestone"],
    )


def test_a_shared_goal_shows_on_both_plans(signed_in, together, goal):
    client = signed_in(together["both"])
    url = f"/plans/goals/{goal.pk}/share/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"partner_episode": together["fathers"].pk}).status_code == 302
    goal.refresh_from_db()
    assert goal.shared_with == together["fathers"]
    mothers = client.get(f"/plans/episodes/{together['mothers'].pk}/").content.decode()
    assert "Shared with Tomas Brightwell" in mothers
    fathers = client.get(f"/plans/episodes/{together['fathers'].pk}/").content.decode()
    assert "Goals shared with a partner" in fathers
    assert "Plan family time with Tomas for our son" in fathers
    # Only the goal is shared: not the worker's words, who helps or milestones.
    for private in ("Private worker view", "Her sister", "A private milestone"):
        assert private not in fathers


def test_a_goal_is_shared_only_with_a_current_partner(together, goal):
    stranger = EpisodeFactory(
        organisation=together["mother"].organisation,
        team=together["mothers"].team,
        key_worker=together["both"],
    )
    with pytest.raises(ValidationError):
        goal_share(goal=goal, partner_episode=stranger, shared_by=together["both"])
    assert Goal.objects.get(pk=goal.pk).shared_with is None


def test_the_share_page_refuses_a_partner_the_user_does_not_work_with(signed_in, together, goal):
    client = signed_in(together["mothers_team_worker"])
    url = f"/plans/goals/{goal.pk}/share/"
    assert "There is no partner to share this goal with" in client.get(url).content.decode()
    response = client.post(url, {"partner_episode": together["fathers"].pk})
    assert response.status_code == 200
    assert "Select a partner you work with" in response.content.decode()
    assert Goal.objects.get(pk=goal.pk).shared_with is None


def test_relationship_members_are_unique(together):
    from django.db import IntegrityError, transaction

    member = RelationshipMember.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        RelationshipMember.objects.create(relationship=member.relationship, parent=member.parent)


def test_the_demo_service_has_a_couple_with_joint_and_individual_contacts(db):
    from alongside.synth.demo import build_demo_service

    build_demo_service(seed=7, parents=40)
    contact = Contact.objects.get(joint_with__isnull=False)
    father, mother = contact.episode.parent, contact.joint_with.parent
    assert (father.sex, mother.sex) == ("male", "female")
    assert partners_on(father, TODAY) == [mother]
    for parent, own, other in (
        (father, "Daniel talked", "Leah talked"),
        (mother, "Leah", "Daniel talked"),
    ):
        shown = texts(timeline_for(parent, viewer=contact.recorded_by))
        assert "Met Daniel and Leah together" in shown
        assert own in shown and other not in shown
