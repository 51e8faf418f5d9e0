"""The first journey, through the pages: referral, acceptance, allocation, contacts, closure."""

from datetime import timedelta

from django.utils import timezone

from alongside.audit.verify import verify_chain
from alongside.casework.models import Contact, Episode
from alongside.referrals.models import Referral

from ..factories import ContactFactory, EpisodeFactory, ParentFactory


def date_parts(prefix: str, day) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def test_referral_to_closure(signed_in, team_manager, practitioner, team):
    today = timezone.localdate()
    manager = signed_in(team_manager)

    response = manager.post(
        "/referrals/new/",
        {
            "parent-given_name": "Rhiannon",
            "parent-family_name": "Journeytest",
            "parent-previous_names": "Rhiannon Oldname",
            **date_parts("parent-date_of_birth", today.replace(year=today.year - 24)),
            "parent-nhs_number": "943 476 5919",
            "parent-ethnicity": "mixed_white_black_caribbean",
            "parent-care_experienced": "yes",
            **date_parts("referral-received_on", today - timedelta(days=3)),
            "referral-source": "leaving_care",
            "referral-parent_agrees": "yes",
            "referral-reason": "Care leaver, first baby removed last year.",
        },
    )
    referral = Referral.objects.get(parent__family_name="Journeytest")
    assert response["Location"] == f"/referrals/{referral.pk}/decide/"
    assert list(referral.parent.previous_names.values_list("name", flat=True)) == [
        "Rhiannon Oldname"
    ]

    response = manager.post(
        f"/referrals/{referral.pk}/decide/",
        {"decision": "accept", "team": team.pk, **date_parts("decided_on", today)},
    )
    episode = Episode.objects.get(referral=referral)
    assert response["Location"] == f"/episodes/{episode.pk}/allocate/"
    assert episode.status == "waiting"
    assert "Journeytest" in manager.get("/").content.decode()  # on the waiting list

    manager.post(
        f"/episodes/{episode.pk}/allocate/",
        {"worker": practitioner.pk, **date_parts("allocated_on", today)},
    )
    episode.refresh_from_db()
    assert episode.key_worker == practitioner and episode.status == "active"

    worker = signed_in(practitioner)
    caseload = worker.get("/").content.decode()
    assert "Rhiannon Journeytest" in caseload

    response = worker.post(
        f"/plans/episodes/{episode.pk}/contacts/new/",
        {
            **date_parts("happened_on", today),
            "contact_type": "home_visit",
            "who_was_there": "Rhiannon",
            "duration_minutes": "60",
            "notes": "Looked at flats together.",
        },
    )
    assert response["Location"] == f"/parents/{episode.parent_id}/"
    overview = worker.get(f"/parents/{episode.parent_id}/").content.decode()
    assert "Looked at flats together." in overview
    assert "Home visit" in overview
    assert "moj-timeline__item" in overview

    response = worker.post(
        f"/episodes/{episode.pk}/close/",
        {
            **date_parts("closed_on", today),
            "reason": "planned_ending",
            "note": "Moved into her flat. Knows how to get back in touch.",
        },
    )
    episode.refresh_from_db()
    assert episode.status == "closed"
    assert episode.closure_reason == "planned_ending"
    assert "Rhiannon Journeytest" not in worker.get("/").content.decode()
    assert "Work ended" in worker.get(f"/parents/{episode.parent_id}/").content.decode()
    assert verify_chain().intact


def test_declining_needs_reasons(signed_in, team_manager, service):
    referral = Referral.objects.create(
        organisation=service,
        parent=ParentFactory(organisation=service),
        received_on=timezone.localdate(),
        source="self",
        parent_agrees=True,
        reason="Self-referral",
        recorded_by=team_manager,
    )
    client = signed_in(team_manager)
    url = f"/referrals/{referral.pk}/decide/"
    body = client.post(
        url, {"decision": "decline", **date_parts("decided_on", timezone.localdate())}
    ).content.decode()
    assert "Enter the reasons the referral was not accepted" in body
    client.post(
        url,
        {
            "decision": "decline",
            "note": "Out of area; consultation offered.",
            **date_parts("decided_on", timezone.localdate()),
        },
    )
    referral.refresh_from_db()
    assert referral.status == "declined"


def test_a_referral_without_the_parents_agreement_cannot_be_accepted(
    signed_in, team_manager, service, team
):
    referral = Referral.objects.create(
        organisation=service,
        parent=ParentFactory(organisation=service),
        received_on=timezone.localdate(),
        source="childrens_social_care",
        parent_agrees=False,
        reason="Referred by social worker",
        recorded_by=team_manager,
    )
    client = signed_in(team_manager)
    url = f"/referrals/{referral.pk}/decide/"
    body = client.post(
        url,
        {"decision": "accept", "team": team.pk, **date_parts("decided_on", timezone.localdate())},
    ).content.decode()
    assert "The parent has not agreed to the referral" in body
    client.post(f"/referrals/{referral.pk}/agreement/", {"confirm": "on"})
    client.post(
        url,
        {"decision": "accept", "team": team.pk, **date_parts("decided_on", timezone.localdate())},
    )
    referral.refresh_from_db()
    assert referral.status == "accepted"


def test_contact_form_errors_keep_what_was_typed(signed_in, practitioner, episode):
    response = signed_in(practitioner).post(
        f"/plans/episodes/{episode.pk}/contacts/new/",
        {
            "happened_on_0": "31",
            "happened_on_1": "2",
            "happened_on_2": "2025",
            "notes": "Keep me",
            "duration_minutes": "abc",
        },
    )
    body = response.content.decode()
    assert "Date of the contact must be a real date" in body
    assert "Select the type of contact" in body
    assert "Enter the length of the contact in minutes" in body
    assert "Keep me" in body
    assert Contact.objects.count() == 0


def test_a_contact_cannot_be_in_the_future_or_before_the_work_started(
    signed_in, practitioner, episode
):
    client = signed_in(practitioner)
    url = f"/plans/episodes/{episode.pk}/contacts/new/"
    tomorrow = timezone.localdate() + timedelta(days=1)
    body = client.post(
        url, {**date_parts("happened_on", tomorrow), "contact_type": "phone", "notes": "x"}
    ).content.decode()
    assert "must be today or in the past" in body
    before = episode.opened_on - timedelta(days=1)
    body = client.post(
        url, {**date_parts("happened_on", before), "contact_type": "phone", "notes": "x"}
    ).content.decode()
    assert "cannot be before the work started" in body
    assert Contact.objects.count() == 0


def test_closing_before_the_work_started_is_refused(signed_in, practitioner, episode):
    before = episode.opened_on - timedelta(days=1)
    body = (
        signed_in(practitioner)
        .post(
            f"/episodes/{episode.pk}/close/",
            {**date_parts("closed_on", before), "reason": "other", "note": "x"},
        )
        .content.decode()
    )
    assert "Date of closure must be on or after the date the work started" in body


def test_the_caseload_query_count_does_not_grow_with_the_list(
    signed_in, practitioner, service, team
):
    def caseload_queries(extra: int) -> int:
        for _ in range(extra):
            episode = EpisodeFactory(organisation=service, team=team, key_worker=practitioner)
            ContactFactory.create_batch(2, episode=episode)
        client = signed_in(practitioner)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.get("/")  # warm up: the first request also sets up the session
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    small = caseload_queries(2)
    large = caseload_queries(15)
    assert large == small


def test_parent_overview_query_count_does_not_grow_with_contacts(signed_in, practitioner, episode):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(practitioner)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/parents/{episode.parent_id}/").status_code == 200
        return len(queries)

    ContactFactory.create_batch(2, episode=episode)
    count()  # warm up
    small = count()
    ContactFactory.create_batch(20, episode=episode)
    assert count() == small


def test_team_home_query_count_does_not_grow(signed_in, team_manager, practitioner, service, team):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(team_manager)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    EpisodeFactory.create_batch(2, organisation=service, team=team, key_worker=practitioner)
    EpisodeFactory(organisation=service, team=team)  # one waiting, so the waiting list is queried
    count()  # warm up
    small = count()
    EpisodeFactory.create_batch(10, organisation=service, team=team, key_worker=practitioner)
    EpisodeFactory.create_batch(5, organisation=service, team=team)
    assert count() == small
