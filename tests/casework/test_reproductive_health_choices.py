"""Sexual and reproductive health: the parent's own choices. Recorded only with the parent's
agreement, service only (never reaching a partner), never a condition of the work, and counted
only in aggregate: no page lists people by their choices."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from alongside.accounts.models import Organisation, Role
from alongside.audit.models import AuditEntry
from alongside.casework.attention import needs_attention_for
from alongside.casework.clocks import clocks_for
from alongside.casework.models import Episode, ReproductiveHealthChoice
from alongside.casework.onward import reproductive_health_choice_record
from alongside.casework.pathway import episode_change_phase, episode_set_pathway
from alongside.casework.services import episode_close
from alongside.casework.totals import service_totals
from alongside.programmes.services import programme_adopt
from alongside.sharing.choices import Category, Confidentiality
from alongside.sharing.exports import subject_access_data
from alongside.sharing.rules import CATEGORY_LEVEL, item_visible
from alongside.sharing.services import break_glass_start, consent_record

from ..factories import EpisodeFactory, OrganisationFactory, ParentFactory, UserFactory
from ..test_access_policy_urls import ROUTES, fill
from .test_journey import date_parts

TODAY = timezone.localdate()
SECRET = "Quietly-chosen-implant-7731"
CLINIC = "Marchbank-clinic-4410"
ROOT = Path(__file__).resolve().parents[2] / "alongside"


@pytest.fixture
def open_episode(service, team, practitioner):
    return EpisodeFactory(
        organisation=service,
        team=team,
        key_worker=practitioner,
        opened_on=TODAY - timedelta(days=60),
        parent=ParentFactory(organisation=service, family_name="Oakenshaw"),
    )


def _record(episode, worker, **overrides):
    details = {
        "episode": episode,
        "choice": "contraception",
        "details": SECRET,
        "appointment_on": TODAY - timedelta(days=2),
        "service_name": CLINIC,
        "parent_agreed": True,
        "recorded_by": worker,
    }
    return reproductive_health_choice_record(**{**details, **overrides})


def _post(client, episode, **overrides):
    data = {
        "choice": "contraception",
        "details": SECRET,
        **date_parts("appointment_on", TODAY - timedelta(days=2)),
        "service_name": CLINIC,
        "parent_agreed": "on",
    }
    data.update(overrides)
    return client.post(f"/episodes/{episode.pk}/health-choices/new/", data)


# --- Only with the parent's agreement --------------------------------------------------------


def test_without_the_parents_agreement_nothing_is_recorded(open_episode, practitioner):
    with pytest.raises(ValidationError) as error:
        _record(open_episode, practitioner, parent_agreed=False)
    assert "parent_agreed" in error.value.message_dict
    assert not ReproductiveHealthChoice.objects.exists()


def test_the_database_refuses_a_choice_without_agreement(open_episode, practitioner):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReproductiveHealthChoice.objects.create(
            episode=open_episode, choice="other", parent_agreed=False, recorded_by=practitioner
        )


def test_the_page_needs_the_confirmation_beside_the_field(signed_in, open_episode, practitioner):
    client = signed_in(practitioner)
    page = client.get(f"/episodes/{open_episode.pk}/health-choices/new/").content.decode()
    assert "never a condition of the work" in page
    response = _post(client, open_episode, parent_agreed="")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_parent_agreed-error"' in body
    assert "Confirm the parent agreed to this being recorded" in body
    assert not ReproductiveHealthChoice.objects.exists()
    assert _post(client, open_episode).status_code == 302
    choice = ReproductiveHealthChoice.objects.get()
    assert choice.parent_agreed and choice.details == SECRET


def test_free_text_is_encrypted_at_rest(open_episode, practitioner):
    from django.db import connection

    _record(open_episode, practitioner)
    with connection.cursor() as cursor:
        cursor.execute("SELECT details, service_name FROM casework_reproductivehealthchoice")
        stored = " ".join(str(v) for v in cursor.fetchone())
    assert SECRET not in stored and CLINIC not in stored


def test_the_audit_trail_does_not_say_what_was_chosen(open_episode, practitioner):
    _record(open_episode, practitioner)
    entry = AuditEntry.objects.filter(object_type__icontains="reproductivehealthchoice").get()
    text = f"{entry.description} {entry.detail}".lower()
    assert "contraception" not in text and SECRET.lower() not in text


# --- Service only: never reaches a partner --------------------------------------------------


def test_service_only_always(open_episode, practitioner):
    choice = _record(open_episode, practitioner)
    assert choice.confidentiality == Confidentiality.SERVICE_ONLY
    with pytest.raises(IntegrityError), transaction.atomic():
        ReproductiveHealthChoice.objects.filter(pk=choice.pk).update(
            confidentiality=Confidentiality.SHAREABLE
        )


def test_no_consent_category_covers_it():
    """The categories a consent can cover: none of them is about health choices, and a
    service-only item is never visible whatever consents are in force."""
    for category in Category.values:
        assert not re.search(r"health|sexual|reproduct|contracep|pregnan", category)
        assert not item_visible(
            category=category,
            level=Confidentiality.SERVICE_ONLY,
            consents_in_force=[type("C", (), {"categories": Category.values})()],
        )
    assert set(CATEGORY_LEVEL) <= set(Category)


def test_a_partner_with_every_consent_never_sees_it(signed_in, open_episode, practitioner):
    partner_org = OrganisationFactory(kind=Organisation.Kind.PARTNER)
    partner = UserFactory(organisation=partner_org, role=Role.PARTNER)
    consent_record(
        parent=open_episode.parent,
        recorded_by=practitioner,
        organisation=partner_org,
        categories=list(Category.values),
        purpose="Planning",
        starts_on=TODAY,
        how_given="signed",
    )
    _record(open_episode, practitioner)
    client = signed_in(partner)
    seen = []
    for name, route, _view in ROUTES:
        for pk in {open_episode.pk, open_episode.parent_id, 0}:
            response = client.get(fill(route, pk))
            body = response.content.decode(errors="ignore")
            if SECRET in body or CLINIC in body or "Contraception" in body:
                seen.append(name)
    assert seen == []
    # The partner view did open for this parent.
    assert "Oakenshaw" in client.get(f"/shared/{open_episode.parent_id}/").content.decode()


# --- Counted only in aggregate ---------------------------------------------------------------


def test_no_page_but_the_parents_own_record_shows_it(
    signed_in, open_episode, practitioner, team_manager, service_manager
):
    """Every page, for each member of staff who can see the parent: the choice shows on her
    own overview and nowhere else (no caseload, list, search or report of who chose what)."""
    _record(open_episode, practitioner)
    pks = {open_episode.pk, open_episode.parent_id, open_episode.referral_id, 0}
    for user in (practitioner, team_manager, service_manager):
        client = signed_in(user)
        shown = set()
        for name, route, _view in ROUTES:
            if name in {"accounts:sign-out"}:
                continue
            for pk in pks:
                response = client.get(fill(route, pk))
                if getattr(response, "streaming", False):
                    continue
                if SECRET in response.content.decode(errors="ignore"):
                    shown.add(name)
        assert shown == {"people:overview"}, (user.role, shown)


def test_analysts_see_totals_with_small_numbers_suppressed(open_episode, practitioner, service):
    _record(open_episode, practitioner)
    analyst = UserFactory(organisation=service, role=Role.ANALYST)
    totals = dict(service_totals(analyst))
    assert totals["Parents who recorded a sexual or reproductive health choice"] == "fewer than 5"
    for _ in range(5):
        episode = EpisodeFactory(organisation=service, opened_on=TODAY - timedelta(days=5))
        _record(episode, practitioner, choice="cervical_screening")
    totals = dict(service_totals(analyst))
    assert totals["Parents who recorded a sexual or reproductive health choice"] == "6"
    assert totals["Sexual and reproductive health: cervical screening"] == "5"
    assert not [v for v in totals.values() if "Oakenshaw" in str(v)]


# --- Seen only by the staff who work with the parent -----------------------------------------


def test_a_manager_looking_under_break_glass_does_not_see_it(
    signed_in, open_episode, practitioner, service
):
    _record(open_episode, practitioner)
    other_manager = UserFactory(organisation=service, role=Role.TEAM_MANAGER)
    break_glass_start(
        user=other_manager, parent=open_episode.parent, reason="Urgent call from the hospital"
    )
    body = signed_in(other_manager).get(f"/parents/{open_episode.parent_id}/").content.decode()
    assert "Oakenshaw" in body
    assert SECRET not in body and "Sexual and reproductive health" not in body


def test_the_parents_own_record_shows_it_to_her_worker(signed_in, open_episode, practitioner):
    _record(open_episode, practitioner)
    body = signed_in(practitioner).get(f"/parents/{open_episode.parent_id}/").content.decode()
    assert SECRET in body and "Contraception" in body


def test_the_subject_access_export_includes_it(open_episode, practitioner):
    _record(open_episode, practitioner)
    data = subject_access_data(open_episode.parent)
    assert data["reproductive_health_choices"][0]["details"] == SECRET


# --- Never a condition of the work -----------------------------------------------------------


def test_nothing_in_the_work_reads_it():
    """Only the modules that record, show, export, erase or count it name it: no rule about
    eligibility, phases, clocks, blockers, closure or attention does."""
    allowed = {
        "casework/models.py",
        "casework/onward.py",
        "casework/support.py",
        "casework/support_forms.py",
        "casework/support_views.py",
        "casework/selectors.py",  # to keep sexual health referrals off the timeline
        "casework/path_forms.py",  # to keep sexual health referrals out of blockers
        "casework/pathway.py",  # the same, in the service
        "casework/totals.py",  # counts only
        "reports/selectors.py",  # to keep sexual health referrals out of the outcomes counted
        "sharing/parent_data.py",  # retention and subject access
        "sharing/letter.py",  # the parent's own subject access letter
    }
    pattern = re.compile(
        r"ReproductiveHealthChoice|reproductive_health|SEXUAL_REPRODUCTIVE_HEALTH|"
        r"sexual_reproductive_health|is_reproductive_health"
    )
    found = set()
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if "/migrations/" in relative:
            continue
        if pattern.search(path.read_text(encoding="utf-8")):
            found.add(relative)
    assert found <= allowed, sorted(found - allowed)


def test_recording_a_choice_changes_nothing_about_the_work(
    open_episode, practitioner, service_manager, team_manager
):
    programme_adopt(
        organisation=open_episode.organisation,
        template_key="breaking-the-cycle",
        adopted_by=service_manager,
    )
    episode_set_pathway(
        episode=open_episode,
        pathway="adult",
        decided_by=practitioner,
        on=TODAY - timedelta(days=50),
    )
    open_episode.refresh_from_db()
    before_clocks = clocks_for(open_episode, TODAY)
    before_attention = needs_attention_for(team_manager)
    _record(open_episode, practitioner)
    _record(open_episode, practitioner, choice="planning_a_pregnancy")
    open_episode.refresh_from_db()
    assert clocks_for(open_episode, TODAY) == before_clocks
    assert needs_attention_for(team_manager) == before_attention
    pathway = open_episode.programme_version.spec.pathway(open_episode.pathway)
    episode_change_phase(
        episode=open_episode,
        phase=pathway.next_phase(open_episode.phase).key,
        decided_by=practitioner,
        on=TODAY - timedelta(days=1),
    )
    closed = episode_close(
        episode=Episode.objects.get(pk=open_episode.pk),
        closed_by=practitioner,
        closed_on=TODAY,
        reason="planned_ending",
        note="",
    )
    assert not closed.is_open


def test_ended_work_takes_no_new_choices(open_episode, practitioner):
    episode_close(
        episode=open_episode,
        closed_by=practitioner,
        closed_on=TODAY,
        reason="planned_ending",
        note="",
    )
    with pytest.raises(ValidationError):
        _record(open_episode, practitioner)
