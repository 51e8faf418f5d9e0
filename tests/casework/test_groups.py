"""Groups and peer support: group programmes with sessions and who came, peer mentors.
Staff who can update a parent's work record their attendance; the pages list only parents the
user may see, and each one shown is an audited read."""

from datetime import timedelta
from html import escape

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.audit.models import AuditEntry
from alongside.casework.groups import (
    group_attendance_set,
    group_create,
    group_session_record,
    peer_mentor_end,
    peer_mentor_start,
)
from alongside.casework.models import (
    GroupAttendance,
    GroupProgramme,
    GroupSession,
    PeerMentorRole,
)
from alongside.casework.selectors import timeline_for

from ..factories import EpisodeFactory, OrganisationFactory, ParentFactory, TeamFactory, UserFactory
from .test_journey import date_parts

TODAY = timezone.localdate()


@pytest.fixture
def mine(service, team, practitioner):
    return EpisodeFactory(
        organisation=service,
        team=team,
        key_worker=practitioner,
        opened_on=TODAY - timedelta(days=90),
        parent=ParentFactory(organisation=service, given_name="Rowena", family_name="Ashdown"),
    )


@pytest.fixture
def theirs(service):
    """A parent of another team, with her own worker."""
    other_team = TeamFactory(organisation=service)
    worker = UserFactory(organisation=service, team=other_team, role=Role.PRACTITIONER)
    return EpisodeFactory(
        organisation=service,
        team=other_team,
        key_worker=worker,
        opened_on=TODAY - timedelta(days=90),
        parent=ParentFactory(organisation=service, given_name="Imelda", family_name="Brackwater"),
    )


@pytest.fixture
def session(service, practitioner):
    group = group_create(organisation=service, name="Tuesday group", created_by=practitioner)
    return group_session_record(
        group=group,
        held_on=TODAY - timedelta(days=7),
        facilitators=[practitioner],
        external_facilitators="Sam (peer mentor)",
        recorded_by=practitioner,
    )


def _views(user, parent_id) -> int:
    return AuditEntry.objects.filter(
        actor_id=user.pk, action="view", parent_id=parent_id, outcome="allowed"
    ).count()


# --- Groups and sessions ---------------------------------------------------------------------


def test_set_up_a_group_from_the_home_page(signed_in, practitioner):
    client = signed_in(practitioner)
    home = client.get("/").content.decode()
    assert 'id="groups"' in home and "Set up a group" in home
    assert client.get("/episodes/groups/new/").status_code == 302
    response = client.post("/episodes/groups/new/", {"name": "", "description": ""})
    assert response.status_code == 200
    assert 'id="id_name-error"' in response.content.decode()
    assert not GroupProgramme.objects.exists()
    response = client.post("/episodes/groups/new/", {"name": "Women's group", "description": ""})
    group = GroupProgramme.objects.get()
    assert response["Location"] == f"/episodes/groups/{group.pk}/"
    assert group.organisation_id == practitioner.organisation_id
    assert "Women&#x27;s group" in client.get("/").content.decode()


def test_record_a_session_with_facilitators(signed_in, service, practitioner, team_manager):
    group = group_create(organisation=service, name="Drop-in", created_by=practitioner)
    client = signed_in(practitioner)
    url = f"/episodes/groups/{group.pk}/sessions/new/"
    assert client.get(url).status_code == 200
    response = client.post(url, {**date_parts("held_on", TODAY)})
    assert response.status_code == 200
    assert 'id="id_facilitators-error"' in response.content.decode()
    assert not GroupSession.objects.exists()
    response = client.post(
        url,
        {
            **date_parts("held_on", TODAY),
            "facilitators": [str(practitioner.pk), str(team_manager.pk)],
            "external_facilitators": "A visiting midwife",
        },
    )
    session = GroupSession.objects.get()
    assert response["Location"] == f"/episodes/groups/sessions/{session.pk}/"
    assert set(session.facilitators.all()) == {practitioner, team_manager}
    body = client.get(f"/episodes/groups/{group.pk}/").content.decode()
    assert escape(practitioner.display_name) in body and "A visiting midwife" in body


def test_a_facilitator_from_another_service_is_refused(service, practitioner):
    group = group_create(organisation=service, name="Drop-in", created_by=practitioner)
    stranger = UserFactory(organisation=OrganisationFactory())
    with pytest.raises(ValidationError):
        group_session_record(
            group=group, held_on=TODAY, facilitators=[stranger], recorded_by=practitioner
        )


def test_another_service_cannot_open_the_group(signed_in, session):
    outsider = UserFactory(organisation=OrganisationFactory(), role=Role.SERVICE_MANAGER, team=None)
    client = signed_in(outsider)
    for url in (
        f"/episodes/groups/{session.group_id}/",
        f"/episodes/groups/{session.group_id}/sessions/new/",
        f"/episodes/groups/sessions/{session.pk}/",
    ):
        assert client.get(url).status_code == 404
        assert client.post(url).status_code in (404, 405)
    assert AuditEntry.objects.filter(actor_id=outsider.pk, outcome="refused").exists()


@pytest.mark.parametrize("role", [Role.PARTNER, Role.ANALYST, Role.ADMINISTRATOR])
def test_roles_without_casework_see_no_group(signed_in, session, role):
    user = UserFactory(organisation=session.group.organisation, role=role)
    client = signed_in(user)
    assert client.get(f"/episodes/groups/sessions/{session.pk}/").status_code == 403
    assert "Tuesday group" not in client.get("/").content.decode()


# --- Attendance ------------------------------------------------------------------------------


def test_record_attendance_for_my_parents(signed_in, session, mine, theirs, practitioner):
    client = signed_in(practitioner)
    url = f"/episodes/groups/sessions/{session.pk}/"
    page = client.get(url).content.decode()
    assert "Rowena Ashdown" in page  # offered: a parent I work with
    assert "Brackwater" not in page  # not offered, not shown: another team's parent
    response = client.post(url, {"attended": [str(mine.pk)]})
    assert response.status_code == 302
    assert GroupAttendance.objects.get().parent_id == mine.parent_id
    # Saving again does not record her twice; her timeline shows the session once.
    client.post(url, {"attended": [str(mine.pk)]})
    assert GroupAttendance.objects.count() == 1
    titles = [e.title for e in timeline_for(mine.parent)]
    assert titles.count("Group session: Tuesday group") == 1
    # Untick: taken off.
    client.post(url, {"attended": []})
    assert not GroupAttendance.objects.exists()


def test_a_parent_i_do_not_work_with_cannot_be_recorded(
    signed_in, session, mine, theirs, practitioner
):
    client = signed_in(practitioner)
    response = client.post(
        f"/episodes/groups/sessions/{session.pk}/", {"attended": [str(theirs.pk)]}
    )
    assert response.status_code == 200
    assert 'id="id_attended-error"' in response.content.decode()
    assert not GroupAttendance.objects.exists()
    with pytest.raises(ValidationError):
        group_attendance_set(
            session=session, attended=[theirs], among=[theirs], recorded_by=practitioner
        )


def test_attendance_waits_until_the_session_has_happened(service, mine, practitioner):
    group = group_create(organisation=service, name="Later", created_by=practitioner)
    future = group_session_record(
        group=group,
        held_on=TODAY + timedelta(days=3),
        facilitators=[practitioner],
        recorded_by=practitioner,
    )
    with pytest.raises(ValidationError):
        group_attendance_set(
            session=future, attended=[mine], among=[mine], recorded_by=practitioner
        )
    assert not GroupAttendance.objects.exists()


def test_a_colleagues_attendance_is_left_alone(session, mine, theirs, practitioner):
    their_worker = theirs.key_worker
    group_attendance_set(
        session=session, attended=[theirs], among=[theirs], recorded_by=their_worker
    )
    group_attendance_set(session=session, attended=[mine], among=[mine], recorded_by=practitioner)
    group_attendance_set(session=session, attended=[], among=[mine], recorded_by=practitioner)
    assert [a.parent_id for a in GroupAttendance.objects.all()] == [theirs.parent_id]


def test_the_session_lists_only_parents_i_may_see_and_audits_each(
    signed_in, session, mine, theirs, practitioner, service_manager
):
    group_attendance_set(session=session, attended=[mine], among=[mine], recorded_by=practitioner)
    group_attendance_set(
        session=session, attended=[theirs], among=[theirs], recorded_by=theirs.key_worker
    )
    url = f"/episodes/groups/sessions/{session.pk}/"
    body = signed_in(practitioner).get(url).content.decode()
    assert "Rowena Ashdown" in body and "Brackwater" not in body
    assert _views(practitioner, mine.parent_id) >= 1
    assert _views(practitioner, theirs.parent_id) == 0
    # A service manager sees both, and each is a read of that parent's record.
    before_mine = _views(service_manager, mine.parent_id)
    before_theirs = _views(service_manager, theirs.parent_id)
    body = signed_in(service_manager).get(url).content.decode()
    assert "Rowena Ashdown" in body and "Imelda Brackwater" in body
    assert _views(service_manager, mine.parent_id) == before_mine + 1
    assert _views(service_manager, theirs.parent_id) == before_theirs + 1


def test_attendance_shows_on_the_parents_overview(signed_in, session, mine, practitioner):
    group_attendance_set(session=session, attended=[mine], among=[mine], recorded_by=practitioner)
    body = signed_in(practitioner).get(f"/parents/{mine.parent_id}/").content.decode()
    assert "Group session: Tuesday group" in body


# --- Peer mentors ----------------------------------------------------------------------------


def test_a_parent_takes_on_the_peer_mentor_role(signed_in, mine, practitioner):
    client = signed_in(practitioner)
    url = f"/episodes/parents/{mine.parent_id}/peer-mentor/"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {**date_parts("started_on", TODAY - timedelta(days=10)), "description": "Co-runs"}
    )
    assert response.status_code == 302
    role = PeerMentorRole.objects.get()
    body = client.get(f"/parents/{mine.parent_id}/").content.decode()
    assert "Peer mentor" in body and "Co-runs" in body
    # Already a peer mentor: refused, beside the date.
    response = client.post(url, {**date_parts("started_on", TODAY)})
    assert response.status_code == 200
    assert 'id="id_started_on-error"' in response.content.decode()
    # Ending before it started: refused; then ended properly.
    end_url = f"/episodes/parents/{mine.parent_id}/peer-mentor/{role.pk}/end/"
    response = client.post(end_url, date_parts("ended_on", TODAY - timedelta(days=11)))
    assert response.status_code == 200
    assert 'id="id_ended_on-error"' in response.content.decode()
    assert client.post(end_url, date_parts("ended_on", TODAY)).status_code == 302
    role.refresh_from_db()
    assert role.ended_on == TODAY
    assert client.get(end_url).status_code == 404  # already ended


def test_peer_mentor_rules_in_the_service(mine, practitioner):
    role = peer_mentor_start(parent=mine.parent, started_on=TODAY, recorded_by=practitioner)
    with pytest.raises(ValidationError):
        peer_mentor_start(parent=mine.parent, started_on=TODAY, recorded_by=practitioner)
    with pytest.raises(ValidationError):
        peer_mentor_end(role=role, ended_on=TODAY - timedelta(days=1), ended_by=practitioner)


def test_another_teams_worker_cannot_make_my_parent_a_peer_mentor(signed_in, mine, theirs):
    client = signed_in(theirs.key_worker)
    response = client.post(
        f"/episodes/parents/{mine.parent_id}/peer-mentor/", date_parts("started_on", TODAY)
    )
    assert response.status_code == 404
    assert not PeerMentorRole.objects.exists()


def test_the_demo_has_onward_referrals_a_group_and_a_peer_mentor(db):
    from alongside.casework.models import OnwardReferral
    from alongside.synth.demo import build_demo_service

    build_demo_service(parents=30)
    assert OnwardReferral.objects.exclude(first_appointment_on=None).exists()
    assert OnwardReferral.objects.exclude(outcome="waiting").exists()
    session = GroupSession.objects.filter(attendance__isnull=False).first()
    assert session is not None and GroupProgramme.objects.exists()
    assert PeerMentorRole.objects.filter(ended_on=None).exists()
