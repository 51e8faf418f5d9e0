"""Retention leaves nothing behind: a parent whose distinctive name, date of birth and NHS
number are in every kind of record (and in files under the media folder) cannot be found
anywhere once every period has passed: not in any column of any table, not in any encrypted
field once decrypted, not in any file. The audit log keeps ids and actions, never content."""

import json
import uuid
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.audit.models import AuditEntry
from alongside.casework.models import (
    Allocation,
    Approval,
    Blocker,
    CoWorker,
    Episode,
    PhaseChange,
    Proceedings,
    TaperPlan,
    TaperStep,
)
from alongside.core.fields import EncryptedTextField
from alongside.core.services import draft_save
from alongside.jobs.models import Job
from alongside.measures.models import MeasureResponse
from alongside.people.models import Child, Parent, ParentChange, PreviousName
from alongside.people.services import parent_update, relationship_record
from alongside.plans.models import Achievement, Goal, GoalProgress, Milestone, Plan, Review
from alongside.population.models import LinkageRun
from alongside.portal.models import (
    GoalView,
    MeasureRequest,
    PortalAccount,
    PortalInvitation,
    PortalMessage,
    PortalNotice,
)
from alongside.programmes.services import programme_adopt
from alongside.referrals.models import MatchDecision, ParentMerge, Referral, ReferralStep, Tracking
from alongside.sharing.models import Consent, Disclosure
from alongside.sharing.parent_data import models_with_parent_data
from alongside.sharing.retention import apply_retention
from alongside.sharing.services import break_glass_start
from alongside.workbook.models import (
    Meeting,
    RiskAssessment,
    SignificantItem,
    Task,
    TeamEntry,
    TeamMember,
)
from alongside.workbook.summary_services import summary_request

from ..casework.test_onward_referrals import one_of_each_support_record
from ..factories import (
    ContactFactory,
    EpisodeFactory,
    OrganisationFactory,
    ParentFactory,
    TeamFactory,
    UserFactory,
)

GIVEN, FAMILY, EARLIER_FAMILY = "Marigold", "Quennell-Pryce", "Thistlewood"
PREFERRED, PREVIOUS, CHILD = "Goldie", "Marigold Ashcombe-Vane", "Zephyrine"
BORN, EARLIER_BORN = date(1993, 8, 17), date(1993, 7, 16)
NHS, EARLIER_NHS = "9998887704", "9997776607"
FAR_FUTURE = date(2100, 1, 1)
WHO = f"{GIVEN} {FAMILY}"


def date_forms(day: date) -> list[str]:
    return [
        day.isoformat(),
        day.strftime("%d/%m/%Y"),
        day.strftime("%d-%m-%Y"),
        day.strftime("%d.%m.%Y"),
        day.strftime("%Y%m%d"),
        day.strftime("%d%m%Y"),
        f"{day.day} {day:%B %Y}",
        f"{day.day} {day:%b %Y}",
        day.strftime("%d %B %Y"),
    ]


def nhs_forms(number: str) -> list[str]:
    return [number, f"{number[:3]} {number[3:6]} {number[6:]}"]


NEEDLES = [
    *(GIVEN, FAMILY, EARLIER_FAMILY, PREFERRED, "Ashcombe", CHILD),
    *date_forms(BORN),
    *date_forms(EARLIER_BORN),
    *nhs_forms(NHS),
    *nhs_forms(EARLIER_NHS),
]


def about(what: str) -> str:
    """Free text naming the parent, their date of birth and NHS number."""
    return f"{what} for {WHO} (born {BORN:%d/%m/%Y}, NHS {NHS}), also known as {PREFERRED}."


def found_in(text: str) -> list[str]:
    low = text.lower()
    return [n for n in NEEDLES if n.lower() in low]


def build_everything(media: Path) -> dict:
    """One service, one parent, their data in every kind of record and in files."""
    service = OrganisationFactory()
    team = TeamFactory(organisation=service)
    worker = UserFactory(organisation=service, team=team, role=Role.PRACTITIONER)
    manager = UserFactory(organisation=service, team=team, role=Role.TEAM_MANAGER)
    other_manager = UserFactory(
        organisation=service, team=TeamFactory(organisation=service), role=Role.TEAM_MANAGER
    )
    partner = OrganisationFactory(name="Northbrook partner (test)", kind="partner")
    version = programme_adopt(
        organisation=service, template_key="breaking-the-cycle", adopted_by=manager
    ).current_version()

    parent = ParentFactory(
        organisation=service,
        given_name=GIVEN,
        family_name=EARLIER_FAMILY,
        preferred_name=PREFERRED,
        date_of_birth=EARLIER_BORN,
        nhs_number=EARLIER_NHS,
        phone="07700 900123",
        email="marigold.quennell@example.org",
        address=f"Flat 2, {FAMILY} House, Northbrook",
        postcode="NB1 2ZZ",
        gender_same_as_sex="no",
        gender_identity=about("In their own words"),
    )
    PreviousName.objects.create(parent=parent, name=PREVIOUS)
    child = Child.objects.create(
        parent=parent, given_name=CHILD, date_of_birth=date(2019, 5, 2), legal_status="adopted"
    )
    child.status_changes.create(status="adopted", on=date(2020, 6, 1), source="court")
    parent.pregnancies.create(confirmed_on=date(2019, 1, 2), due_date=date(2019, 5, 4))
    # A correction: the history keeps the earlier family name, date of birth and NHS number.
    parent = parent_update(
        parent=parent,
        updated_by=manager,
        details={"family_name": FAMILY, "date_of_birth": BORN, "nhs_number": NHS},
        reason=about("Corrected at the parent's request"),
    )

    earlier_referral = Referral.objects.create(
        organisation=service,
        parent=parent,
        received_on=date(2016, 2, 1),
        source="self",
        referrer_name=WHO,
        referrer_contact="marigold.quennell@example.org",
        parent_agrees=True,
        reason=about("Earlier referral"),
        status=Referral.Status.DECLINED,
        decided_on=date(2016, 2, 20),
        decided_by=manager,
        decision_note=about("Not accepted"),
        recorded_by=worker,
    )
    # How it came, the work before the decision, a match checked, and a merge of a duplicate.
    Tracking.objects.create(
        referral=earlier_referral,
        reference="R-EVERY001",
        channel="self",
        referrer_told=about("Told the referrer"),
    )
    ReferralStep.objects.create(
        referral=earlier_referral,
        kind="outreach",
        happened_on=date(2016, 2, 3),
        method="phone",
        outcome="no_answer",
        notes=about("Outreach"),
        recorded_by=worker,
    )
    duplicate = ParentFactory(organisation=service, given_name=GIVEN, family_name=FAMILY)
    MatchDecision.objects.create(
        referral=earlier_referral,
        candidate=duplicate,
        outcome="not_same",
        agreed=["Last name: the same"],
        decided_by=manager,
    )
    ParentMerge.objects.create(
        organisation=service,
        kept=parent,
        merged=duplicate,
        moved={},
        reason=about("Merged"),
        merged_by=manager,
    )
    episode = EpisodeFactory(
        organisation=service,
        team=team,
        parent=parent,
        key_worker=worker,
        referral__reason=about("Referral"),
        referral__referrer_name=f"Social worker for {WHO}",
        referral__decision_note=about("Accepted"),
        status="closed",
        opened_on=date(2018, 1, 8),
        closed_on=date(2020, 3, 2),
        closure_reason="planned",
        closure_note=about("Closing summary"),
    )
    # Onward referrals, a health choice, a group attended and a peer mentor role, written while
    # the work was open.
    Episode.objects.filter(pk=episode.pk).update(status="active")
    episode.refresh_from_db()
    one_of_each_support_record(episode, worker, on=episode.opened_on)
    Episode.objects.filter(pk=episode.pk).update(status="closed")
    episode.refresh_from_db()
    contact = ContactFactory(
        episode=episode,
        notes=about("Home visit"),
        who_was_there=f"{WHO} and {CHILD}",
        happened_on=date(2019, 6, 3),
        recorded_by=worker,
    )
    ContactFactory(
        episode=episode,
        notes=about("Door open call"),
        happened_on=date(2021, 4, 6),
        door_open=True,
        recorded_by=worker,
    )
    Allocation.objects.create(
        episode=episode,
        worker=worker,
        allocated_on=date(2018, 1, 9),
        allocated_by=manager,
        over_cap_reason=about("Over cap"),
    )
    CoWorker.objects.create(
        episode=episode, worker=manager, started_on=date(2018, 2, 5), added_by=manager
    )
    PhaseChange.objects.create(
        episode=episode,
        programme_version=version,
        kind="started",
        pathway="p",
        phase="q",
        changed_on=date(2018, 1, 10),
        decided_by=worker,
        note=about("Started"),
    )
    Blocker.objects.create(
        episode=episode,
        kind="housing",
        description=about("Waiting for housing"),
        started_on=date(2018, 3, 5),
        recorded_by=worker,
    )
    Proceedings.objects.create(episode=episode, issued_on=date(2018, 4, 4), recorded_by=worker)
    Approval.objects.create(
        episode=episode,
        kind="close",
        summary=about("Close"),
        asked=json.dumps({"note": about("Asked")}),
        requested_by=worker,
        requested_on=date(2020, 2, 27),
        status="approved",
        decided_by=manager,
        comments=about("Approved"),
    )
    taper = TaperPlan.objects.create(episode=episode, created_by=worker)
    TaperStep.objects.create(plan=taper, frequency="weekly", starts_on=date(2019, 9, 2))
    plan = Plan.objects.create(
        episode=episode,
        agreed_on=date(2018, 2, 1),
        attended=WHO,
        meeting_notes=about("Planning meeting"),
        next_review_on=date(2018, 5, 1),
        created_by=worker,
    )
    goal = Goal.objects.create(
        plan=plan,
        family_member="child",
        member_name=CHILD,
        area="housing",
        in_parents_words=about("In my words"),
        in_workers_words=about("In the worker's words"),
        who_helps=about("Who helps"),
        created_by=worker,
    )
    Milestone.objects.create(goal=goal, text=about("Milestone"))
    review = Review.objects.create(
        plan=plan,
        due_on=date(2018, 5, 1),
        held_on=date(2018, 5, 2),
        attended=WHO,
        notes=about("Review"),
        recorded_by=worker,
    )
    GoalProgress.objects.create(
        goal=goal,
        review=review,
        contact=contact,
        recorded_on=date(2018, 5, 2),
        outcome="progressing",
        recorded_by=worker,
    )
    Achievement.objects.create(
        episode=episode,
        parent=parent,
        happened_on=date(2018, 6, 6),
        text=about("Signed a tenancy"),
        goal=goal,
        recorded_by=worker,
    )
    answered = MeasureResponse.objects.create(
        episode=episode,
        parent=parent,
        instrument="test",
        instrument_name="Test measure",
        completed_on=date(2018, 2, 2),
        answers_text=json.dumps({"parent": {"q1": 3}, "note": about("Answers")}),
        complete=True,
        scores={"parent": {"total": 3}},
        total=3,
        recorded_by=worker,
    )
    Consent.objects.create(
        parent=parent,
        organisation=partner,
        categories=["attendance"],
        purpose=about("Sharing"),
        starts_on=date(2018, 2, 1),
        how_given="verbal_with_witness",
        witness=f"{PREFERRED}'s sister",
        recorded_by=worker,
        withdrawn_at=timezone.now(),
        withdrawn_by=worker,
        withdrawal_note=about("Withdrawn"),
    )
    disclosure = Disclosure.objects.create(
        parent=parent,
        kind="safeguarding",
        recipient=f"Duty social worker for {WHO}",
        legal_basis="ca1989_s47",
        reasons=about("Risk"),
        what_disclosed=about("Address"),
        requested_by=worker,
        status="approved",
        decided_by=manager,
        decision_note=about("Approved"),
        disclosed_on=date(2019, 7, 1),
        parent_told="no",
        not_told_reason=about("Not told"),
    )
    disclosure.contacts.set([contact])
    # A relationship with another parent, and a joint contact with the couple.
    partner_parent = ParentFactory(organisation=service, given_name="Bram", family_name="Oakes")
    partner_episode = EpisodeFactory(
        organisation=service, team=team, parent=partner_parent, key_worker=worker
    )
    relationship_record(
        parent=parent,
        partner=partner_parent,
        kind="partners",
        started_on=date(2017, 5, 1),
        recorded_by=worker,
    )
    ContactFactory(
        episode=episode,
        joint_with=partner_episode,
        notes=about("Joint visit"),
        who_was_there=f"{WHO} and Bram",
        happened_on=date(2019, 7, 3),
        recorded_by=worker,
    )
    break_glass_start(user=other_manager, parent=parent, reason=about("Emergency"))
    # The parent's own space: a sign-in with no name, an invitation, their words and messages.
    parent_user = UserFactory(
        organisation=service,
        team=None,
        role=Role.PARENT,
        username="bluebird27",
        first_name="",
        last_name="",
        email="",
    )
    PortalAccount.objects.create(user=parent_user, parent=parent)
    PortalInvitation.objects.create(
        parent=parent,
        token_digest="0" * 64,
        issued_by=worker,
        issued_at=timezone.now(),
        expires_at=timezone.now(),
    )
    GoalView.objects.create(parent=parent, goal=goal, text=about("My view"))
    PortalMessage.objects.create(
        parent=parent, from_parent=True, author=parent_user, text=about("A message")
    )
    PortalNotice.objects.create(parent=parent, kind="correction", text=about("Correct this"))
    MeasureRequest.objects.create(
        parent=parent,
        episode=episode,
        instrument="test",
        instrument_name="Test measure",
        sent_by=worker,
        sent_at=timezone.now(),
        response=answered,
        completed_at=timezone.now(),
    )
    # The team around the family: a partner professional on the team, and what they recorded.
    partner_worker = UserFactory(organisation=partner, team=None, role=Role.PARTNER)
    TeamMember.objects.create(
        parent=parent,
        user=partner_worker,
        organisation=partner,
        role=about("Child's social worker"),
        discipline="social_work",
        started_on=date(2024, 1, 1),
        added_by=worker,
    )
    TeamEntry.objects.create(
        parent=parent,
        kind="observation",
        happened_on=date(2024, 2, 1),
        text=about("An observation"),
        organisation=partner,
        author=partner_worker,
    )
    meeting = Meeting.objects.create(
        parent=parent,
        kind="core_group",
        held_on=date(2024, 2, 20),
        attended=about("Attended"),
        discussion=about("Discussed"),
        decisions=about("Decided"),
        organisation=service,
        recorded_by=worker,
    )
    Task.objects.create(
        meeting=meeting,
        parent=parent,
        title=about("Book a visit")[:200],
        owner=partner_worker,
        due_on=date(2024, 3, 1),
        organisation=partner,
        added_by=worker,
    )
    RiskAssessment.objects.create(
        parent=parent,
        assessed_on=date(2024, 3, 2),
        domestic_abuse=2,
        strengths=4,
        note=about("Rated together"),
        organisation=partner,
        recorded_by=partner_worker,
    )
    SignificantItem.objects.create(
        parent=parent, kind="contact", item_id=contact.pk, marked_by=worker
    )
    # A summary of the family, with what it held and its PDF kept for downloading again.
    summary_request(
        parent=parent,
        requested_by=worker,
        recipient="new_worker",
        recipient_name=f"New key worker for {WHO}",
        starts_on=date(2016, 1, 1),
        ends_on=date(2024, 12, 31),
        services_view=about("The service's view"),
        every_contact=True,
    )
    draft_save(
        user=worker,
        form_key=f"/episodes/{episode.pk}/contacts/new/",
        fields={"notes": [about("Half-typed note")]},
    )

    # Files under the media folder: a linkage run's extracts, results and quarantine files, an
    # import file and its rejected rows, and a stray file.
    row = f"{GIVEN},{FAMILY},{BORN:%d/%m/%Y},{NHS}\n"
    folder = uuid.uuid4().hex
    inputs = media / "linkage" / folder / "inputs" / "a.csv"
    for path in (
        inputs,
        media / "linkage" / folder / "results" / "links.csv",
        media / "linkage" / folder / "results" / "quarantine" / "a.quarantine.csv",
        media / "imports" / "b.csv",
        media / "imports" / "b-rejected-rows-job2.csv",
        media / "elsewhere" / "note.txt",
    ):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("forename,surname,dob,nhs\n" + row)
    run_job = Job.objects.create(
        kind="linkage_run", params={"folder": folder}, status="succeeded", created_by=manager
    )
    LinkageRun.objects.create(
        organisation=service,
        created_by=manager,
        job=run_job,
        applications=[str(inputs.relative_to(media))],
        results_dir=f"linkage/{folder}/results",
    )
    Job.objects.create(
        kind="import_parents",
        params={"file": "imports/b.csv", "organisation_id": service.pk, "user_id": manager.pk},
        status="succeeded",
        result={"imported": 0, "rejected": 1, "quarantine": "imports/b-rejected-rows-job2.csv"},
        created_by=manager,
    )
    return {
        "parent": parent,
        "episode": episode,
        "manager": manager,
        "worker": worker,
        "duplicate": duplicate,
    }


def search_database() -> list[tuple[str, str, str]]:
    """Every column of every table as stored (encrypted text stays encrypted), then every
    encrypted field decrypted through the models."""
    hits = []
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            columns = [c[0] for c in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if value is None:
                        continue
                    text = (
                        bytes(value).decode("utf-8", "ignore")
                        if isinstance(value, bytes | memoryview)
                        else str(value)
                    )
                    hits += [(table, column, n) for n in found_in(text)]
    for model in apps.get_models(include_auto_created=True):
        encrypted = [
            f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)
        ]
        if not encrypted or model._meta.db_table not in tables:
            continue  # (a model whose table another change has yet to add)
        for values in model._default_manager.values_list(*encrypted):
            for name, value in zip(encrypted, values, strict=True):
                hits += [(model._meta.label, name, n) for n in found_in(value or "")]
    return hits


def search_files(media: Path) -> list[tuple[str, str]]:
    hits = []
    for path in media.rglob("*"):
        hits += [(str(path), n) for n in found_in(str(path.relative_to(media)))]
        if path.is_file():
            hits += [(str(path), n) for n in found_in(path.read_bytes().decode("utf-8", "ignore"))]
    return hits


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def test_the_builder_reaches_every_model_with_parent_data(db, media):
    """So the search below covers every kind of record, not just some."""
    build_everything(media)
    empty = [
        label
        for label in models_with_parent_data()
        if not apps.get_model(label)._default_manager.exists()
    ]
    assert empty == []
    assert search_database() and search_files(media)  # the search finds what is there


def test_nothing_identifies_the_parent_once_every_period_has_passed(
    db, media, django_capture_on_commit_callbacks
):
    made = build_everything(media)
    with django_capture_on_commit_callbacks(execute=True):
        report = apply_retention(today=FAR_FUTURE)

    assert search_database() == []
    assert search_files(media) == []
    # The parent, and the duplicate record of them merged into theirs (never worked with).
    assert report["identity"]["parent_ids"] == sorted([made["parent"].pk, made["duplicate"].pk])

    # What remains counts, and identifies no one.
    parent = Parent.objects.get(pk=made["parent"].pk)
    assert parent.date_of_birth == date(1993, 1, 1)
    assert not ParentChange.objects.exists() and not PreviousName.objects.exists()
    assert MeasureResponse.objects.get().total == 3
    assert LinkageRun.objects.get().results_dir == ""
    assert list(media.iterdir()) == []
    # The audit log is untouched, and keeps the trail of what happened.
    assert AuditEntry.objects.filter(
        parent_id=parent.pk, description="Retention: identity removed"
    ).exists()


def test_a_second_run_finds_nothing_left_to_do(db, media, django_capture_on_commit_callbacks):
    build_everything(media)
    with django_capture_on_commit_callbacks(execute=True):
        apply_retention(today=FAR_FUTURE)
    entries = AuditEntry.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        again = apply_retention(today=FAR_FUTURE)
    assert not any(again["records"].values()) and not any(again["files"].values())
    assert again["identity"]["parent_ids"] == [] and AuditEntry.objects.count() == entries


def test_break_glass_audit_entry_records_that_a_reason_was_given_not_the_reason(
    service, team, episode
):
    other_manager = UserFactory(
        organisation=service, team=TeamFactory(organisation=service), role=Role.TEAM_MANAGER
    )
    reason = "Police called about a visit tonight; key worker off sick."
    grant = break_glass_start(user=other_manager, parent=episode.parent, reason=reason)
    entry = AuditEntry.objects.get(object_type="sharing.breakglass", object_id=str(grant.pk))
    assert entry.detail["reason_given"] is True
    assert "police" not in json.dumps(entry.detail).lower() + entry.description.lower()
    assert grant.reason == reason  # the data protection lead still sees it, on the grant
