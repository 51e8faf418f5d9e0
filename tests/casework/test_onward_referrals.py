"""Onward referrals to partner services: recorded and updated through pages, the first
appointment never before the referral, blockers that wait on a referral, and the timeline."""

from datetime import timedelta
from html import escape

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alongside.accounts.models import Organisation, Role
from alongside.casework.groups import (
    group_attendance_set,
    group_create,
    group_session_record,
    peer_mentor_start,
)
from alongside.casework.models import Blocker, OnwardReferral
from alongside.casework.onward import (
    onward_referral_record,
    onward_referral_update,
    reproductive_health_choice_record,
)
from alongside.casework.pathway import blocker_record
from alongside.casework.selectors import timeline_for
from alongside.casework.services import episode_close
from alongside.programmes.services import programme_adopt

from ..factories import EpisodeFactory, OrganisationFactory, UserFactory
from .test_journey import date_parts

TODAY = timezone.localdate()


def one_of_each_support_record(episode, worker, on=None) -> dict:
    """One onward referral, health choice, group session attended and peer mentor role for
    the episode's parent (for fixtures that need one row of every model)."""
    on = on or episode.opened_on
    onward = onward_referral_record(
        episode=episode,
        kind="housing",
        service_name="Housing options team",
        referred_on=on,
        first_appointment_on=on + timedelta(days=7),
        notes="Went together to register",
        recorded_by=worker,
    )
    choice = reproductive_health_choice_record(
        episode=episode,
        choice="sexual_health_check",
        details="Her own decision, booked herself",
        service_name="Riverside clinic",
        parent_agreed=True,
        recorded_by=worker,
    )
    group = group_create(
        organisation=episode.organisation,
        name="Tuesday women's group",
        description="Peer support",
        created_by=worker,
    )
    session = group_session_record(
        group=group, held_on=on, facilitators=[worker], recorded_by=worker
    )
    [attendance] = group_attendance_set(
        session=session, attended=[episode], among=[episode], recorded_by=worker
    )
    mentor = peer_mentor_start(
        parent=episode.parent, started_on=on, description="Co-facilitates", recorded_by=worker
    )
    return {
        "onward": onward,
        "choice": choice,
        "group": group,
        "session": session,
        "attendance": attendance,
        "mentor": mentor,
    }


@pytest.fixture
def open_episode(service, team, practitioner):
    return EpisodeFactory(
        organisation=service,
        team=team,
        key_worker=practitioner,
        opened_on=TODAY - timedelta(days=60),
    )


def _record(episode, worker, **overrides):
    details = {
        "episode": episode,
        "kind": "housing",
        "service_name": "Housing options team",
        "referred_on": TODAY - timedelta(days=20),
        "recorded_by": worker,
    }
    return onward_referral_record(**{**details, **overrides})


def _post_new(client, episode, **overrides):
    data = {
        "kind": "mental_health",
        "service_name": "Talking therapies",
        **date_parts("referred_on", TODAY - timedelta(days=10)),
        **date_parts("first_appointment_on", TODAY - timedelta(days=3)),
        "outcome": "attended",
        "notes": "",
    }
    data.update(overrides)
    return client.post(f"/episodes/{episode.pk}/onward/new/", data)


# --- Services --------------------------------------------------------------------------------


def test_a_first_appointment_before_the_referral_is_refused(open_episode, practitioner):
    with pytest.raises(ValidationError) as error:
        _record(
            open_episode,
            practitioner,
            first_appointment_on=TODAY - timedelta(days=21),
        )
    assert "first_appointment_on" in error.value.message_dict
    assert not OnwardReferral.objects.exists()


def test_a_referral_before_the_work_started_is_refused(open_episode, practitioner):
    with pytest.raises(ValidationError):
        _record(open_episode, practitioner, referred_on=TODAY - timedelta(days=61))


def test_an_update_keeps_the_first_appointment_after_the_referral(open_episode, practitioner):
    referral = _record(open_episode, practitioner)
    with pytest.raises(ValidationError) as error:
        onward_referral_update(
            referral=referral,
            first_appointment_on=referral.referred_on - timedelta(days=1),
            outcome="attended",
            updated_by=practitioner,
        )
    assert "first_appointment_on" in error.value.message_dict
    referral.refresh_from_db()
    assert referral.first_appointment_on is None and referral.outcome == "waiting"


def test_a_sexual_health_referral_needs_the_parents_agreement(open_episode, practitioner):
    with pytest.raises(ValidationError) as error:
        _record(open_episode, practitioner, kind="sexual_reproductive_health")
    assert "parent_agreed" in error.value.message_dict
    assert not OnwardReferral.objects.exists()


def test_no_referral_on_ended_work(open_episode, practitioner):
    episode_close(
        episode=open_episode,
        closed_by=practitioner,
        closed_on=TODAY,
        reason="planned_ending",
        note="",
    )
    with pytest.raises(ValidationError):
        _record(open_episode, practitioner)


def test_a_blocker_can_wait_on_a_referral_of_the_same_work_only(
    open_episode, practitioner, service, team
):
    referral = _record(open_episode, practitioner)
    blocker = blocker_record(
        episode=open_episode,
        kind="housing",
        description="",
        started_on=TODAY - timedelta(days=5),
        onward_referral=referral,
        recorded_by=practitioner,
    )
    assert blocker.onward_referral == referral
    other = EpisodeFactory(organisation=service, team=team, key_worker=practitioner)
    with pytest.raises(ValidationError):
        blocker_record(
            episode=other,
            kind="housing",
            description="",
            started_on=TODAY,
            onward_referral=referral,
            recorded_by=practitioner,
        )


def test_the_work_never_waits_on_a_sexual_health_referral(open_episode, practitioner):
    referral = _record(
        open_episode, practitioner, kind="sexual_reproductive_health", parent_agreed=True
    )
    with pytest.raises(ValidationError):
        blocker_record(
            episode=open_episode,
            kind="other",
            description="",
            started_on=TODAY,
            onward_referral=referral,
            recorded_by=practitioner,
        )


def test_the_timeline_shows_the_referral_and_its_first_appointment(open_episode, practitioner):
    referral = _record(open_episode, practitioner)
    onward_referral_update(
        referral=referral,
        first_appointment_on=TODAY - timedelta(days=2),
        outcome="attended",
        updated_by=practitioner,
    )
    titles = {(e.title, e.on) for e in timeline_for(open_episode.parent)}
    assert ("Onward referral: housing", TODAY - timedelta(days=20)) in titles
    assert ("First appointment: housing", TODAY - timedelta(days=2)) in titles


def test_events_of_one_day_are_listed_newest_recorded_first(signed_in, open_episode, practitioner):
    """Two first appointments on one day (no time of day): the one recorded later comes first,
    on the overview and in the family's chronology, whatever order the database reads them in
    (the timeline's sources are read unordered and sorted by casework.selectors.timeline_order)."""
    day = TODAY - timedelta(days=2)
    _record(open_episode, practitioner, first_appointment_on=day, outcome="attended")
    _record(
        open_episode,
        practitioner,
        kind="mental_health",
        service_name="Talking therapies",
        first_appointment_on=day,
        outcome="attended",
    )
    client = signed_in(practitioner)
    for path in (
        f"/parents/{open_episode.parent_id}/",
        f"/parents/{open_episode.parent_id}/team/chronology/",
    ):
        page = client.get(path).content.decode()
        later, earlier = (
            page.index("First appointment: mental health"),
            page.index("First appointment: housing"),
        )
        assert later < earlier, path


def test_a_sexual_health_referral_stays_off_the_timeline(open_episode, practitioner):
    _record(
        open_episode,
        practitioner,
        kind="sexual_reproductive_health",
        parent_agreed=True,
        first_appointment_on=TODAY,
    )
    assert not [e for e in timeline_for(open_episode.parent) if "appointment" in e.title.lower()]
    assert not [e for e in timeline_for(open_episode.parent) if "Onward" in e.title]


# --- Pages -----------------------------------------------------------------------------------


def test_record_and_update_an_onward_referral_through_the_pages(
    signed_in, open_episode, practitioner
):
    client = signed_in(practitioner)
    overview = client.get(f"/parents/{open_episode.parent_id}/").content.decode()
    assert f"/episodes/{open_episode.pk}/onward/new/" in overview
    assert client.get(f"/episodes/{open_episode.pk}/onward/new/").status_code == 200
    response = _post_new(
        client,
        open_episode,
        first_appointment_on_0="",
        first_appointment_on_1="",
        first_appointment_on_2="",
        outcome="waiting",
    )
    assert response.status_code == 302
    referral = OnwardReferral.objects.get()
    assert referral.service_name == "Talking therapies" and referral.outcome == "waiting"

    url = f"/episodes/{open_episode.pk}/onward/{referral.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {**date_parts("first_appointment_on", TODAY - timedelta(days=1)), "outcome": "attended"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.first_appointment_on == TODAY - timedelta(days=1)
    assert referral.outcome == "attended"
    body = client.get(f"/parents/{open_episode.parent_id}/").content.decode()
    assert "First appointment: mental health" in body
    assert "Talking therapies" in body


def test_a_first_appointment_before_the_referral_shows_beside_the_field(
    signed_in, open_episode, practitioner
):
    client = signed_in(practitioner)
    response = _post_new(
        client, open_episode, **date_parts("first_appointment_on", TODAY - timedelta(days=11))
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_first_appointment_on-error"' in body
    assert "The first appointment must be on or after the date of the referral" in body
    assert not OnwardReferral.objects.exists()


def test_the_page_asks_for_agreement_for_a_sexual_health_referral(
    signed_in, open_episode, practitioner
):
    client = signed_in(practitioner)
    response = _post_new(client, open_episode, kind="sexual_reproductive_health")
    assert response.status_code == 200
    assert 'id="id_parent_agreed-error"' in response.content.decode()
    assert not OnwardReferral.objects.exists()
    response = _post_new(
        client, open_episode, kind="sexual_reproductive_health", parent_agreed="on"
    )
    assert response.status_code == 302
    assert OnwardReferral.objects.get().parent_agreed


def test_the_blocker_form_offers_the_works_referrals(
    signed_in, open_episode, practitioner, service_manager
):
    programme_adopt(
        organisation=open_episode.organisation,
        template_key="breaking-the-cycle",
        adopted_by=service_manager,
    )
    housing = _record(open_episode, practitioner)
    health = _record(
        open_episode,
        practitioner,
        kind="sexual_reproductive_health",
        parent_agreed=True,
        service_name="Riverside clinic",
    )
    client = signed_in(practitioner)
    page = client.get(f"/episodes/{open_episode.pk}/blockers/new/").content.decode()
    assert f'value="{housing.pk}"' in page
    assert f'value="{health.pk}"' not in page and "Riverside clinic" not in page
    response = client.post(
        f"/episodes/{open_episode.pk}/blockers/new/",
        {
            "kind": "housing",
            "description": "",
            **date_parts("started_on", TODAY - timedelta(days=2)),
            "onward_referral": str(housing.pk),
        },
    )
    assert response.status_code == 302
    assert Blocker.objects.get().onward_referral == housing
    body = client.get(f"/parents/{open_episode.parent_id}/").content.decode()
    assert "Waiting on the onward referral: housing, Housing options team" in body
    # Another work's referral is not a valid choice.
    response = client.post(
        f"/episodes/{open_episode.pk}/blockers/new/",
        {
            "kind": "housing",
            **date_parts("started_on", TODAY),
            "onward_referral": str(health.pk),
        },
    )
    assert response.status_code == 200 and Blocker.objects.count() == 1


def test_a_referral_of_other_work_is_not_found(
    signed_in, open_episode, practitioner, service, team
):
    referral = _record(open_episode, practitioner)
    other = EpisodeFactory(organisation=service, team=team, key_worker=practitioner)
    client = signed_in(practitioner)
    assert client.get(f"/episodes/{other.pk}/onward/{referral.pk}/").status_code == 404


@pytest.mark.parametrize("role", [Role.PARTNER, Role.ANALYST, Role.ADMINISTRATOR])
def test_roles_without_casework_cannot_record(signed_in, open_episode, role):
    user = UserFactory(organisation=open_episode.organisation, role=role)
    client = signed_in(user)
    for url in (
        f"/episodes/{open_episode.pk}/onward/new/",
        f"/episodes/{open_episode.pk}/health-choices/new/",
    ):
        assert client.get(url).status_code in (403, 404)
        assert _post_new(client, open_episode).status_code in (403, 404)
    assert not OnwardReferral.objects.exists()


def test_another_teams_practitioner_cannot_record(signed_in, open_episode, service):
    outsider = UserFactory(organisation=service, role=Role.PRACTITIONER)
    assert _post_new(signed_in(outsider), open_episode).status_code == 404
    assert not OnwardReferral.objects.exists()


def test_the_partner_view_never_shows_onward_referrals(signed_in, open_episode, practitioner):
    from alongside.sharing.services import consent_record

    partner_org = OrganisationFactory(kind=Organisation.Kind.PARTNER)
    partner = UserFactory(organisation=partner_org, role=Role.PARTNER)
    consent_record(
        parent=open_episode.parent,
        recorded_by=practitioner,
        organisation=partner_org,
        categories=["engagement", "contacts", "children", "contact_details"],
        purpose="Planning",
        starts_on=TODAY,
        how_given="signed",
    )
    _record(open_episode, practitioner, service_name="Zanzibar housing trust")
    body = signed_in(partner).get(f"/shared/{open_episode.parent_id}/").content.decode()
    assert escape(open_episode.parent.family_name) in body  # the partner view did open
    assert "Zanzibar" not in body


def test_retention_and_subject_access_cover_every_new_record(service, team, practitioner):
    """The registry drives both: each new kind of record is in the parent's export, and its
    free text is erased once the case notes period has passed."""
    from datetime import date

    from alongside.casework.models import (
        GroupAttendance,
        PeerMentorRole,
        ReproductiveHealthChoice,
    )
    from alongside.sharing.exports import subject_access_data
    from alongside.sharing.retention import apply_retention

    episode = EpisodeFactory(
        organisation=service, team=team, key_worker=practitioner, opened_on=date(2015, 1, 5)
    )
    one_of_each_support_record(episode, practitioner, on=date(2015, 2, 2))
    data = subject_access_data(episode.parent)
    for section in (
        "onward_referrals",
        "reproductive_health_choices",
        "group_attendance",
        "peer_mentor_roles",
    ):
        assert data[section], section
    episode_close(
        episode=episode,
        closed_by=practitioner,
        closed_on=date(2016, 1, 4),
        reason="planned_ending",
        note="",
    )
    apply_retention(today=date(2100, 1, 1))
    onward = OnwardReferral.objects.get()
    assert onward.service_name == "" and onward.notes == "" and onward.kind == "housing"
    choice = ReproductiveHealthChoice.objects.get()
    assert choice.details == "" and choice.service_name == ""
    assert PeerMentorRole.objects.get().description == ""
    assert GroupAttendance.objects.count() == 1
