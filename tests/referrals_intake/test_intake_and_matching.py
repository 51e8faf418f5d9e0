"""Referrals from outside the service, the work before a decision, one record per person,
and merges that can be undone."""

import re
import time
from datetime import date, timedelta
from html import escape

import pytest
from django.core import signing
from django.core.cache import cache
from django.utils import timezone

from alongside.accounts.models import Organisation, Role
from alongside.audit.models import AuditEntry
from alongside.casework.models import Episode
from alongside.people.models import Child, Parent, PreviousName
from alongside.referrals.models import (
    MatchDecision,
    ParentMerge,
    Referral,
    ReferralStep,
)
from alongside.referrals.selectors import (
    likely_matches_for,
    screening_reasons,
    work_before_agreement,
)
from alongside.referrals.services import (
    parents_merge,
    parents_merge_undo,
    partner_access_issue,
    partner_access_revoke,
    referral_decline,
    referral_step_record,
    referral_submit,
)
from alongside.referrals.views import STARTED_SALT, self_referral_code

from ..factories import (
    ChildFactory,
    EpisodeFactory,
    OrganisationFactory,
    ParentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def partner(db):
    return OrganisationFactory(
        name="Northbrook leaving care (test)", kind=Organisation.Kind.PARTNER
    )


def _date(prefix: str, value: date) -> dict:
    return {f"{prefix}_0": value.day, f"{prefix}_1": value.month, f"{prefix}_2": value.year}


def _partner_form(**extra) -> dict:
    return {
        "given_name": "Juniper",
        "family_name": "Ashdown",
        "previous_names": "Juniper Vale",
        **_date("date_of_birth", date(1995, 7, 9)),
        "nhs_number": "9434765919",
        "postcode": "nb1 2zz",
        "source": "leaving_care",
        "referrer_name": "Pat Adviser",
        "referrer_contact": "pat@example.org",
        "parent_agrees": "no",
        "reason": "Her second baby is due in the spring.",
        **extra,
    }


# --- Web forms -------------------------------------------------------------------------------


def test_a_partner_link_refers_and_shows_the_reference_and_status(client, service, partner):
    manager = UserFactory(organisation=service, team=None, role=Role.SERVICE_MANAGER)
    _, secret = partner_access_issue(organisation=service, partner=partner, created_by=manager)
    url = f"/referrals/link/{secret}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {**_partner_form(), "service": service.pk}, follow=True)
    referral = Referral.objects.get()
    tracking = referral.tracking
    assert tracking.channel == "partner_link" and tracking.referring_organisation == partner
    body = response.content.decode()
    assert tracking.reference in body and "Awaiting decision" in body
    assert escape(referral.parent.family_name) not in body  # the status page shows no names
    assert referral.parent.previous_names.get().name == "Juniper Vale"
    assert referral.recorded_by is None and referral.parent.nhs_number == "9434765919"
    # Revoked: the link stops working.
    partner_access_revoke(
        access=partner.pk and tracking.referral and _access(service), revoked_by=manager
    )
    assert "This link does not work" in client.get(url).content.decode()


def _access(service):
    from alongside.referrals.models import PartnerAccess

    return PartnerAccess.objects.get(organisation=service)


def test_bad_input_on_the_partner_form_is_explained_per_field_and_nothing_is_stored(
    client, service, partner
):
    manager = UserFactory(organisation=service, team=None, role=Role.SERVICE_MANAGER)
    _, secret = partner_access_issue(organisation=service, partner=partner, created_by=manager)
    future = TODAY + timedelta(days=10)
    response = client.post(
        f"/referrals/link/{secret}/",
        {
            **_partner_form(nhs_number="9434765918", **_date("date_of_birth", future)),
            "service": service.pk,
        },
    )
    body = response.content.decode()
    assert "Enter a real NHS number" in body
    assert "must be today or in the past" in body
    assert Referral.objects.count() == 0 and Parent.objects.count() == 0


def test_a_signed_in_partner_refers_and_follows_their_referrals(signed_in, service, partner):
    manager = UserFactory(organisation=service, team=None, role=Role.SERVICE_MANAGER)
    partner_access_issue(organisation=service, partner=partner, created_by=manager)
    professional = UserFactory(organisation=partner, team=None, role=Role.PARTNER)
    client = signed_in(professional)
    response = client.post("/referrals/refer/", {**_partner_form(), "service": service.pk})
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.tracking.channel == "partner" and referral.recorded_by == professional
    referral_decline(
        referral=referral,
        decided_by=manager,
        decided_on=TODAY,
        note="Outside our area",
        referrer_told="She lives outside our area. We have told the local service.",
    )
    sent = client.get("/referrals/sent/").content.decode()
    assert referral.tracking.reference in sent
    assert "She lives outside our area" in sent
    # Another partner's professional sees none of it.
    stranger = UserFactory(organisation=OrganisationFactory(kind="partner"), role=Role.PARTNER)
    assert (
        referral.tracking.reference
        not in signed_in(stranger).get("/referrals/sent/").content.decode()
    )


def _self_form(started_seconds_ago: float = 30, **extra) -> dict:
    started = signing.dumps(str(time.time() - started_seconds_ago), salt=STARTED_SALT)
    return {
        "given_name": "Hazel",
        "family_name": "Merriweather",
        **_date("date_of_birth", date(1999, 3, 2)),
        "postcode": "NB2 4QQ",
        "contact": "07700 900456",
        "reason": "I want to get my life back on track.",
        "website": "",
        "started": started,
        **extra,
    }


def test_a_parent_refers_themselves_and_sees_what_happens_next(client, service):
    url = f"/referrals/refer-yourself/{self_referral_code(service.pk)}/"
    page = client.get(url).content.decode()
    assert "What happens next" in page and "What we keep" in page
    response = client.post(url, _self_form(), follow=True)
    referral = Referral.objects.get()
    assert referral.source == "self" and referral.tracking.channel == "self"
    assert referral.tracking.reference in response.content.decode()


@pytest.mark.parametrize(
    "changes",
    [
        {"website": "http://spam.example"},  # the hidden box filled in
        {"started_seconds_ago": 0.5},  # faster than a person can type
        {"started": "forged"},  # the start time not signed by us
    ],
)
def test_automated_self_referrals_are_refused(client, service, changes):
    form = _self_form(**changes)
    url = f"/referrals/refer-yourself/{self_referral_code(service.pk)}/"
    assert client.post(url, form).status_code == 429
    assert Referral.objects.count() == 0
    assert AuditEntry.objects.filter(description__startswith="Self-referral refused").exists()


def test_self_referrals_are_limited_per_address(client, service, settings):
    settings.ALONGSIDE_SELF_REFERRALS_PER_HOUR = 2
    url = f"/referrals/refer-yourself/{self_referral_code(service.pk)}/"
    codes = [client.post(url, _self_form()).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert Referral.objects.count() == 2


# --- Screening, outreach, consultation -------------------------------------------------------


def test_screening_outreach_and_consultation_are_recorded_and_counted(
    signed_in, service, team_manager
):
    referral, _ = referral_submit(
        organisation=service,
        channel="partner_link",
        parent_details={"given_name": "Iris", "family_name": "Penhallow"},
        referral_details={
            "source": "midwifery",
            "parent_agrees": False,
            "reason": "Due in May.",
            "received_on": TODAY - timedelta(days=5),
        },
    )
    client = signed_in(team_manager)
    response = client.post(
        f"/referrals/{referral.pk}/screening/",
        {"outcome": "unclear", **_date("happened_on", TODAY), "notes": ""},
    )
    assert response.status_code == 302
    screening = ReferralStep.objects.get(kind="screening")
    assert screening.reasons == screening_reasons(referral)[1] and screening.reasons
    for outcome in ("no_answer", "met_not_ready"):
        client.post(
            f"/referrals/{referral.pk}/outreach/",
            {"method": "phone", "outcome": outcome, **_date("happened_on", TODAY)},
        )
    client.post(
        f"/referrals/{referral.pk}/consultation/",
        {"method": "phone", "notes": "Advised on a pre-birth plan.", **_date("happened_on", TODAY)},
    )
    # The parent never takes it up: the work still counts.
    referral_decline(referral=referral, decided_by=team_manager, decided_on=TODAY, note="Not ready")
    assert work_before_agreement(service.pk) == {"screening": 1, "outreach": 2, "consultation": 1}
    page = client.get(f"/referrals/{referral.pk}/screening/")
    assert page.status_code == 200
    assert referral_step_record  # the service behind the pages


def test_an_outreach_before_the_referral_date_is_refused(service, team_manager):
    referral, _ = referral_submit(
        organisation=service,
        channel="self",
        parent_details={"given_name": "Iris", "family_name": "Penhallow"},
        referral_details={"parent_agrees": True, "reason": "Help"},
    )
    with pytest.raises(Exception, match="on or after"):
        referral_step_record(
            referral=referral,
            kind="outreach",
            happened_on=TODAY - timedelta(days=3),
            outcome="no_answer",
            method="phone",
            recorded_by=team_manager,
        )


# --- One person, one record ------------------------------------------------------------------


@pytest.fixture
def known_parent(service, team, practitioner):
    """A parent the service worked with, closed two years ago, who has since married."""
    parent = ParentFactory(
        organisation=service,
        given_name="Elizabeth",
        family_name="Okonkwo",
        date_of_birth=date(1994, 5, 17),
        nhs_number="9434765919",
        postcode="NB1 2ZZ",
    )
    ChildFactory(parent=parent, given_name="Wren")
    EpisodeFactory(
        organisation=service,
        team=team,
        parent=parent,
        key_worker=practitioner,
        status="closed",
        opened_on=TODAY - timedelta(days=3 * 365),
        closed_on=TODAY - timedelta(days=2 * 365),
    )
    return parent


def _referred_again(service, **parent):
    referral, _ = referral_submit(
        organisation=service,
        channel="partner_link",
        parent_details={
            "given_name": "Liz",
            "family_name": "Marsh",
            "previous_names": ["Liz Okonkwo"],
            "date_of_birth": date(1994, 5, 17),
            "postcode": "NB1 2ZY",
            **parent,
        },
        referral_details={"source": "midwifery", "parent_agrees": True, "reason": "Pregnant"},
    )
    return referral


def test_a_parent_referred_again_is_matched_with_reasons(service, known_parent):
    ParentFactory(
        organisation=service,
        given_name="Elizabeth",
        family_name="Marsh",
        date_of_birth=date(1980, 1, 1),
        postcode="ZZ9 9ZZ",
    )
    referral = _referred_again(service)
    matches = likely_matches_for(referral)
    assert [p.pk for p, _ in matches] == [known_parent.pk]
    agreed = matches[0][1].agreed
    assert "Date of birth: the same" in agreed
    assert "Last name: matches a previous name" in agreed
    assert "First name: the same name (a short form)" in agreed


def test_linking_shows_the_earlier_history_and_not_the_same_hides_the_match(
    signed_in, service, known_parent, service_manager
):
    referral = _referred_again(service)
    made_for_referral = referral.parent
    client = signed_in(service_manager)
    page = client.get(f"/referrals/{referral.pk}/decide/").content.decode()
    assert "Possible earlier records" in page and "Date of birth: the same" in page
    client.post(
        f"/referrals/{referral.pk}/match/", {"candidate": known_parent.pk, "answer": "link"}
    )
    referral.refresh_from_db()
    assert referral.parent == known_parent
    assert ParentMerge.objects.get().merged == made_for_referral
    assert MatchDecision.objects.get().outcome == "linked"
    overview = client.get(f"/parents/{known_parent.pk}/").content.decode()
    assert "Wren" in overview

    other = _referred_again(service, given_name="Lizzie")
    client.post(
        f"/referrals/{other.pk}/match/", {"candidate": known_parent.pk, "answer": "not_same"}
    )
    assert likely_matches_for(other) == []
    assert other.parent != known_parent


def test_a_merge_keeps_both_histories_is_audited_and_undoes_exactly(service, team, service_manager):
    first = ParentFactory(organisation=service, given_name="Rosa", family_name="Tremayne")
    second = ParentFactory(organisation=service, given_name="Rosie", family_name="Tremayne")
    PreviousName.objects.create(parent=second, name="Rosa Pascoe")
    child = ChildFactory(parent=second)
    episode = EpisodeFactory(organisation=service, team=team, parent=second)
    before = {
        "first": sorted(Episode.objects.filter(parent=first).values_list("pk", flat=True)),
        "second_children": [child.pk],
    }
    merge = parents_merge(kept=first, merged=second, merged_by=service_manager, reason="Same DOB")
    assert Episode.objects.get(pk=episode.pk).parent_id == first.pk
    assert Child.objects.get(pk=child.pk).parent_id == first.pk
    assert Parent.objects.filter(pk=second.pk).exists()  # the merged record keeps its details
    assert AuditEntry.objects.filter(
        description="Records of one person merged", parent_id=second.pk
    ).exists()
    with pytest.raises(Exception, match="already been merged"):
        parents_merge(kept=first, merged=second, merged_by=service_manager)

    parents_merge_undo(merge=merge, undone_by=service_manager)
    assert (
        sorted(Episode.objects.filter(parent=first).values_list("pk", flat=True)) == before["first"]
    )
    assert (
        list(Child.objects.filter(parent=second).values_list("pk", flat=True))
        == before["second_children"]
    )
    assert PreviousName.objects.get().parent_id == second.pk
    assert Episode.objects.get(pk=episode.pk).parent_id == second.pk
    assert AuditEntry.objects.filter(description="Merge of records undone").count() == 2


def group_session(service, practitioner, name: str, on: date):
    """A session of a new group of the service, held on `on`."""
    from alongside.casework.models import GroupProgramme, GroupSession

    group = GroupProgramme.objects.create(organisation=service, name=name, created_by=practitioner)
    return GroupSession.objects.create(group=group, held_on=on, recorded_by=practitioner)


def test_a_merge_moves_the_rows_that_have_no_way_back_to_the_parent(
    signed_in, service, team, service_manager, practitioner
):
    """Achievements, measures, group attendance and peer mentoring point at a parent with no
    reverse accessor: they move with the merge (and back with its undoing) like everything else,
    so the kept record shows them."""
    from alongside.casework.groups import peer_mentor_start
    from alongside.casework.models import GroupAttendance
    from alongside.measures.models import MeasureResponse
    from alongside.plans.models import Achievement
    from alongside.plans.services import achievement_add

    kept = ParentFactory(organisation=service, given_name="Rosa", family_name="Tremayne")
    merged = ParentFactory(organisation=service, given_name="Rosie", family_name="Tremayne")
    episode = EpisodeFactory(organisation=service, team=team, parent=merged)
    achievement = achievement_add(
        episode=episode,
        recorded_by=practitioner,
        happened_on=episode.opened_on,
        text="Moved into her own flat",
    )
    response = MeasureResponse.objects.create(
        episode=episode,
        parent=merged,
        instrument="phq9",
        instrument_name="PHQ-9",
        completed_on=episode.opened_on,
        answers_text="{}",
        complete=True,
        total=8,
        recorded_by=practitioner,
    )
    session = group_session(service, practitioner, "Tuesday group", episode.opened_on)
    attended = GroupAttendance.objects.create(
        session=session, parent=merged, episode=episode, recorded_by=practitioner
    )
    mentor = peer_mentor_start(
        parent=merged, started_on=episode.opened_on, recorded_by=practitioner
    )
    rows = [(Achievement, achievement), (MeasureResponse, response)]
    rows += [(GroupAttendance, attended), (type(mentor), mentor)]

    merge = parents_merge(kept=kept, merged=merged, merged_by=service_manager, reason="Same DOB")
    for model, row in rows:
        assert model.objects.get(pk=row.pk).parent_id == kept.pk, model.__name__
    page = signed_in(service_manager).get(f"/parents/{kept.pk}/").content.decode()
    assert "Moved into her own flat" in page
    assert "Tuesday group" in page

    parents_merge_undo(merge=merge, undone_by=service_manager)
    for model, row in rows:
        assert model.objects.get(pk=row.pk).parent_id == merged.pk, model.__name__


def test_merges_made_before_the_fix_have_the_rows_they_left_behind_moved(
    service, team, service_manager, practitioner
):
    """The migration moves what an older merge left on the merged record (here an
    achievement, and an attendance at a session the kept record also came to, which stays),
    lists it in the merge so that undoing puts it back, and leaves undone merges alone."""
    import importlib

    from django.apps import apps

    from alongside.casework.models import GroupAttendance
    from alongside.plans.models import Achievement
    from alongside.plans.services import achievement_add

    kept = ParentFactory(organisation=service)
    merged = ParentFactory(organisation=service)
    episode = EpisodeFactory(organisation=service, team=team, parent=merged)
    kept_episode = EpisodeFactory(organisation=service, team=team, parent=kept)
    achievement = achievement_add(
        episode=episode, recorded_by=practitioner, happened_on=episode.opened_on, text="Flat"
    )
    session = group_session(service, practitioner, "Group", episode.opened_on)
    both_came = GroupAttendance.objects.create(
        session=session, parent=merged, episode=episode, recorded_by=practitioner
    )
    GroupAttendance.objects.create(
        session=session, parent=kept, episode=kept_episode, recorded_by=practitioner
    )
    merge = parents_merge(kept=kept, merged=merged, merged_by=service_manager)
    # As a merge made before the fix left them: on the merged record, and not listed.
    Achievement.objects.filter(pk=achievement.pk).update(parent=merged)
    merge.moved.pop("plans.Achievement", None)
    merge.save(update_fields=["moved"])
    migration = importlib.import_module(
        "alongside.referrals.migrations.0004_merges_move_rows_left_behind"
    )

    migration.move_rows_left_behind(apps, None)

    merge.refresh_from_db()
    assert Achievement.objects.get(pk=achievement.pk).parent_id == kept.pk
    assert merge.moved["plans.Achievement"] == [achievement.pk]
    assert GroupAttendance.objects.get(pk=both_came.pk).parent_id == merged.pk  # kept has its own
    parents_merge_undo(merge=merge, undone_by=service_manager)
    assert Achievement.objects.get(pk=achievement.pk).parent_id == merged.pk

    Achievement.objects.filter(pk=achievement.pk).update(parent=merged)
    migration.move_rows_left_behind(apps, None)  # an undone merge moves nothing
    assert Achievement.objects.get(pk=achievement.pk).parent_id == merged.pk


def test_the_merge_pages(signed_in, service, service_manager, team_manager):
    first = ParentFactory(
        organisation=service,
        given_name="Rosa",
        family_name="Tremayne",
        date_of_birth=date(1990, 2, 3),
    )
    second = ParentFactory(
        organisation=service,
        given_name="Rosa",
        family_name="Tremayne",
        date_of_birth=date(1990, 2, 3),
    )
    client = signed_in(service_manager)
    page = client.get(f"/referrals/parents/{first.pk}/duplicates/").content.decode()
    assert "Date of birth: the same" in page
    response = client.post(
        f"/referrals/parents/{first.pk}/duplicates/", {"candidate": second.pk, "reason": "Same"}
    )
    merge = ParentMerge.objects.get()
    assert response["Location"] == f"/referrals/merges/{merge.pk}/"
    client.post(f"/referrals/merges/{merge.pk}/")
    merge.refresh_from_db()
    assert merge.is_undone
    # A team manager may not merge.
    assert (
        signed_in(team_manager).get(f"/referrals/parents/{first.pk}/duplicates/").status_code == 403
    )
    assert re.search(r"Merge", page)


def test_a_record_joined_to_another_says_so_and_is_found_as_the_one_it_joined(
    signed_in, service, service_manager
):
    kept = ParentFactory(organisation=service, given_name="Rosa", family_name="Tremayne")
    merged = ParentFactory(organisation=service, given_name="Rosie", family_name="Tremayne")
    merge = parents_merge(kept=kept, merged=merged, merged_by=service_manager, reason="Same")
    client = signed_in(service_manager)
    overview = client.get(f"/parents/{merged.pk}/").content.decode()
    assert "This record was joined to" in overview
    assert f'href="/parents/{kept.pk}/"' in overview
    assert f'href="/referrals/merges/{merge.pk}/"' in overview
    found = client.post("/find-a-parent/", {"family_name": "Tremayne"}).content.decode()
    assert f"/parents/{kept.pk}/" in found and f"/parents/{merged.pk}/" not in found

    parents_merge_undo(merge=merge, undone_by=service_manager)
    assert "This record was joined to" not in client.get(f"/parents/{merged.pk}/").content.decode()
    found = client.post("/find-a-parent/", {"family_name": "Tremayne"}).content.decode()
    assert f"/parents/{merged.pk}/" in found
