"""The parent overview shows the newest of the timeline, and leads to the whole chronology."""

from datetime import timedelta

from django.utils import timezone

from ..factories import ContactFactory, EpisodeFactory

TODAY = timezone.localdate()


def test_a_long_history_shows_its_newest_items_and_links_to_the_chronology(
    signed_in, practitioner, episode
):
    for n in range(30):
        ContactFactory(
            episode=episode, notes=f"Home visit {n:02d}", happened_on=TODAY - timedelta(days=n)
        )
    page = signed_in(practitioner).get(f"/parents/{episode.parent_id}/").content.decode()
    assert "Home visit 00" in page and "Home visit 24" in page
    assert "Home visit 25" not in page
    assert "The newest 25 items." in page
    assert f'href="/parents/{episode.parent_id}/team/chronology/"' in page


def test_a_short_history_is_shown_whole(signed_in, practitioner, episode):
    ContactFactory(episode=episode, notes="The first visit", happened_on=TODAY)
    page = signed_in(practitioner).get(f"/parents/{episode.parent_id}/").content.decode()
    assert "The first visit" in page
    assert "The newest" not in page


def test_the_newest_items_are_the_newest_of_every_kind(signed_in, practitioner, episode):
    """Contacts are read only as far as the newest 26, but the overview merges them with
    everything else: an older contact never pushes out a newer event of another kind."""
    for n in range(40):
        ContactFactory(
            episode=episode, notes=f"Old visit {n:02d}", happened_on=TODAY - timedelta(days=400 + n)
        )
    for n in range(3):
        ContactFactory(
            episode=episode, notes=f"Recent visit {n}", happened_on=TODAY - timedelta(days=n)
        )
    page = signed_in(practitioner).get(f"/parents/{episode.parent_id}/").content.decode()
    assert all(f"Recent visit {n}" in page for n in range(3))
    assert "Old visit 00" in page and "Old visit 39" not in page
    # The referral (30 days ago) is newer than every old visit: it is among the newest.
    assert "Referral received" in page


def test_the_overview_reads_the_family_once_for_all_its_panels(
    signed_in, practitioner, episode, service_manager
):
    """Children, their stories, pregnancies, the plan, achievements and onward referrals show
    in several panels (the timeline, the clocks, the plan, the family, support): the page
    reads each table once (issue 21), and every panel still shows what it read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from alongside.accounts.models import Organisation
    from alongside.casework.endings import taper_plan_set
    from alongside.casework.groups import (
        group_attendance_set,
        group_create,
        group_session_record,
    )
    from alongside.casework.models import Episode
    from alongside.casework.onward import onward_referral_record
    from alongside.measures.definitions import get_instrument
    from alongside.measures.services import measure_record
    from alongside.people.services import (
        child_add,
        child_status_change,
        pregnancy_record,
        relationship_record,
    )
    from alongside.plans.services import achievement_add, plan_agree
    from alongside.portal.models import PortalNotice
    from alongside.programmes.services import programme_adopt
    from alongside.sharing.services import consent_record

    from ..factories import OrganisationFactory

    programme = programme_adopt(  # so the overview shows the clocks
        organisation=episode.organisation,
        template_key="breaking-the-cycle",
        adopted_by=service_manager,
    )
    Episode.objects.filter(pk=episode.pk).update(
        programme_version=programme.current_version(), pathway="adult", phase="stabilisation"
    )
    parent = episode.parent
    child = child_add(
        parent=parent,
        added_by=practitioner,
        details={
            "given_name": "Robin",
            "date_of_birth": TODAY - timedelta(days=900),
            "legal_status": "at_home_cp",
        },
    )
    child_status_change(
        child=child,
        recorded_by=practitioner,
        status="foster_care",
        on=TODAY - timedelta(days=30),
        source="social_care",
    )
    pregnancy_record(
        parent=parent,
        recorded_by=practitioner,
        details={
            "confirmed_on": TODAY - timedelta(days=120),
            "due_date": TODAY + timedelta(days=70),
            "pre_birth_assessment": "child_protection",
            "pre_birth_assessment_on": TODAY - timedelta(days=20),
        },
    )
    plan_agree(episode=episode, agreed_by=practitioner, agreed_on=episode.opened_on, attended="All")
    achievement_add(
        episode=episode,
        recorded_by=practitioner,
        happened_on=TODAY - timedelta(days=3),
        text="Signed the tenancy",
    )
    onward_referral_record(
        episode=episode,
        kind="housing",
        service_name="Housing options team",
        referred_on=episode.opened_on,
        recorded_by=practitioner,
    )
    partner = EpisodeFactory(
        organisation=episode.organisation, team=episode.team, key_worker=practitioner
    ).parent
    relationship_record(
        parent=parent,
        partner=partner,
        kind="partners",
        started_on=TODAY - timedelta(days=400),
        recorded_by=practitioner,
    )
    group = group_create(
        organisation=episode.organisation, name="Tuesday group", created_by=practitioner
    )
    session = group_session_record(
        group=group,
        held_on=TODAY - timedelta(days=7),
        facilitators=[practitioner],
        recorded_by=practitioner,
    )
    group_attendance_set(
        session=session, attended=[episode], among=[episode], recorded_by=practitioner
    )
    partner_service = OrganisationFactory(
        name="Northby children's services", kind=Organisation.Kind.PARTNER
    )
    consent = consent_record(
        parent=parent,
        recorded_by=practitioner,
        organisation=partner_service,
        categories=["contacts"],
        purpose="Planning family time",
        starts_on=TODAY - timedelta(days=10),
        how_given="signed",
    )
    PortalNotice.objects.create(  # withdrawn and already dealt with: on the timeline only
        parent=parent,
        kind=PortalNotice.Kind.CONSENT_WITHDRAWN,
        consent=consent,
        dealt_with_at=timezone.now(),
    )
    PortalNotice.objects.create(  # open: in the parent's space panel only
        parent=parent, kind=PortalNotice.Kind.CORRECTION, text="My middle name is wrong"
    )
    # A tapered ending with a wellbeing wheel since it began: the ending's wheel is done, so
    # no clock asks for it, and the timeline shows it.
    taper_plan_set(
        episode=episode,
        steps=[("weekly", TODAY - timedelta(days=7)), ("monthly", TODAY + timedelta(days=21))],
        recorded_by=practitioner,
    )
    wheel = get_instrument("wellbeing_wheel")
    measure_record(
        episode=episode,
        recorded_by=practitioner,
        instrument_code="wellbeing_wheel",
        completed_on=TODAY,
        answers={rater: {item.id: 6 for item in wheel.items} for rater in wheel.raters},
    )
    client = signed_in(practitioner)
    client.get(f"/parents/{parent.pk}/")  # warm up

    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/parents/{parent.pk}/").content.decode()

    def reads_of(table: str) -> int:
        # Queries that bring back the table's own rows (not a subquery's test, not a join).
        return sum(1 for q in queries if q["sql"].partition(" FROM ")[2].startswith(f'"{table}"'))

    for table in (
        "people_child",
        "people_childstatuschange",
        "people_pregnancy",
        "plans_achievement",
        "casework_onwardreferral",
        "casework_groupattendance",
        "portal_portalnotice",
        "measures_measureresponse",
        "programmes_taperplan",
    ):
        assert reads_of(table) == 1, table
    # The plan comes with the episodes, and the relationships with the parent's part in them:
    # no panel asks for either again.
    # The programme (its version and name) comes with the episodes too.
    assert reads_of("programmes_programmeversion") == reads_of("programmes_programme") == 0
    for table in ("plans_plan", "people_relationship"):
        assert sum(1 for q in queries if f'"{table}"."id"' in q["sql"].split(" FROM ")[0]) == 1
    assert "Robin: " in page  # the child's step on the timeline
    assert "Pre-birth assessment" in page  # the pregnancy's step on the timeline
    assert "weeks pregnant, due in 70 days" in page  # the pregnancy clock
    assert "Plan agreed" in page  # the plan panel
    assert partner.full_name in page  # the relationships panel
    assert page.count("Signed the tenancy") == 2  # the timeline and the plan panel
    assert "Onward referral: housing" in page  # the timeline
    assert "Housing options team" in page  # the support panel
    assert f"{programme.name}, version 1" in page  # the programme panel
    # Group attendance: on the timeline and in the support panel.
    assert "Group session: Tuesday group" in page
    assert page.count("Tuesday group") >= 2
    # The parent's notices: the withdrawal (dealt with) on the timeline, the open correction
    # in the space panel, and neither where it does not belong.
    assert "The parent withdrew their consent to share with Northby children" in page
    assert "the parent withdrew their consent" not in page  # the space panel's wording
    assert "the parent asked for a correction: “My middle name is wrong”" in page
    # Measures: on the timeline, and read by the clocks (the ending's wheel is done).
    assert "Wellbeing wheel completed" in page
    assert "Wellbeing wheel due" not in page
    # The taper plan: in the tapered ending panel, with its steps.
    assert "Tapered ending" in page
    assert "Monthly from" in page and "not started yet" in page
