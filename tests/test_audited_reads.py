"""Every page that shows a parent's record leaves a 'view' entry with that parent's id.

The URL list comes from the URL configuration itself (as in test_access_policy_urls), so a new
page that shows a parent without recording the read fails here. A service manager (who may
open every parent in the service, and is the data protection lead, so the data protection
pages are walked too) opens every page, with every id of every record the one parent has.
"""

import itertools
import re
from datetime import timedelta
from html import escape

import pytest
from django.utils import timezone

from alongside.accounts.models import Organisation, Role
from alongside.audit.models import AuditEntry
from alongside.casework.approvals import decide_or_request
from alongside.casework.couples import joint_contact_record
from alongside.casework.models import Approval, Contact, Episode
from alongside.casework.pathway import blocker_record, episode_set_pathway, proceedings_record
from alongside.jobs.models import Job
from alongside.measures.definitions import all_instruments
from alongside.people.services import pregnancy_end, pregnancy_record, relationship_record
from alongside.plans.services import goal_add, goal_share, plan_agree
from alongside.population.models import LinkageRun
from alongside.portal.models import (
    GoalView,
    MeasureRequest,
    PortalAccount,
    PortalInvitation,
    PortalMessage,
    PortalNotice,
)
from alongside.portal.services import invitation_issue
from alongside.programmes.services import programme_adopt
from alongside.referrals.models import (
    MatchDecision,
    ParentMerge,
    Referral,
    ReferralStep,
    Tracking,
)
from alongside.sharing.models import BreakGlass, Disclosure
from alongside.sharing.services import consent_record, disclosure_request
from alongside.workbook.models import (
    Meeting,
    RiskAssessment,
    SignificantItem,
    Task,
    TeamEntry,
    TeamMember,
)
from alongside.workbook.summary_services import summary_request

from .casework.test_onward_referrals import one_of_each_support_record
from .factories import (
    ContactFactory,
    EpisodeFactory,
    OrganisationFactory,
    ParentFactory,
    ReferralFactory,
    TeamFactory,
    UserFactory,
)
from .test_access_policy_urls import RECORD_ROUTES, all_url_patterns, fill

SURNAME = "Quillfeather"
TODAY = timezone.localdate()
INT = re.compile(r"<int:\w+>")
STR = re.compile(r"<str:(\w+)>")


def _last_entry_id() -> int:
    last = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
    return last or 0


@pytest.fixture
def holding(db):
    """One service holding one parent, with one of each record about her."""
    service = OrganisationFactory()
    team = TeamFactory(organisation=service)
    other_team = TeamFactory(organisation=service)
    worker = UserFactory(organisation=service, team=team, role=Role.PRACTITIONER)
    team_manager = UserFactory(organisation=service, team=team, role=Role.TEAM_MANAGER)
    other_manager = UserFactory(organisation=service, team=other_team, role=Role.TEAM_MANAGER)
    manager = UserFactory(
        organisation=service, team=None, role=Role.SERVICE_MANAGER, is_data_protection_lead=True
    )
    partner = OrganisationFactory(name="Partner agency (test)", kind=Organisation.Kind.PARTNER)
    parent = ParentFactory(organisation=service, given_name="Perpetua", family_name=SURNAME)

    programme_adopt(organisation=service, template_key="breaking-the-cycle", adopted_by=manager)
    episode = EpisodeFactory(
        organisation=service,
        team=team,
        parent=parent,
        key_worker=worker,
        opened_on=TODAY - timedelta(days=60),
    )
    episode_set_pathway(
        episode=episode, pathway="adult", decided_by=worker, on=TODAY - timedelta(days=50)
    )
    episode.refresh_from_db()
    contact = ContactFactory(episode=episode, notes="Went to the housing office together.")
    plan = plan_agree(
        episode=episode,
        agreed_by=worker,
        agreed_on=TODAY - timedelta(days=40),
        attended="Parent, key worker",
    )
    goal = goal_add(
        plan=plan,
        added_by=worker,
        details={
            "family_member": "parent",
            "member_name": "",
            "area": "housing",
            "in_parents_words": "Get my own flat",
            "in_workers_words": "Secure a tenancy",
            "who_helps": "Housing options",
            "about_ending": False,
        },
        milestones=["Register with the council"],
    )
    consent = consent_record(
        parent=parent,
        recorded_by=worker,
        organisation=partner,
        categories=["contacts", "engagement"],
        purpose="Planning for the child's return home",
        starts_on=TODAY,
        how_given="signed",
    )
    disclosure = disclosure_request(
        parent=parent,
        requested_by=team_manager,
        kind="safeguarding",
        recipient="Duty social worker",
        legal_basis="ca1989_s47",
        reasons="Risk of significant harm.",
        what_disclosed="The current address.",
    )
    pathway = episode.programme_version.spec.pathway(episode.pathway)
    approval = decide_or_request(
        episode=episode,
        kind=Approval.Kind.PHASE_CHANGE,
        summary="Move on",
        asked={
            "phase": pathway.next_phase(episode.phase).key,
            "decision": "",
            "on": TODAY.isoformat(),
            "note": "Ready",
        },
        decided_by=worker,
    )
    blocker = blocker_record(
        episode=episode,
        kind="housing",
        description="On the housing register",
        started_on=TODAY - timedelta(days=30),
        recorded_by=worker,
    )
    proceedings = proceedings_record(
        episode=episode,
        issued_on=TODAY - timedelta(days=20),
        final_hearing_on=None,
        recorded_by=worker,
    )
    # Onward referral, health choice, group session and attendance, peer mentor role.
    support = one_of_each_support_record(episode, worker)
    waiting_referral = ReferralFactory(
        organisation=service, parent=parent, status=Referral.Status.AWAITING_DECISION
    )
    # How the waiting referral came, its screening, a match checked and a merge of a duplicate.
    tracking = Tracking.objects.create(
        referral=waiting_referral, reference="R-HOLD0001", channel="partner_link"
    )
    step = ReferralStep.objects.create(
        referral=waiting_referral,
        kind="screening",
        happened_on=TODAY,
        outcome="eligible",
        recorded_by=team_manager,
    )
    duplicate = ParentFactory(organisation=service, given_name="Pip", family_name="Elsewhere")
    match = MatchDecision.objects.create(
        referral=waiting_referral, candidate=duplicate, outcome="not_same", decided_by=manager
    )
    merge = ParentMerge.objects.create(
        organisation=service, kept=parent, merged=duplicate, moved={}, merged_by=manager
    )
    glass = BreakGlass.objects.create(
        user=other_manager,
        parent=parent,
        reason="Urgent call from the hospital about safety",
        started_at=timezone.now(),
        expires_at=timezone.now() + timedelta(minutes=60),
    )
    run = LinkageRun.objects.create(
        organisation=service,
        created_by=manager,
        job=Job.objects.create(kind="linkage_run", params={}),
    )
    born = pregnancy_end(
        pregnancy=pregnancy_record(
            parent=parent,
            recorded_by=worker,
            details={"confirmed_on": TODAY - timedelta(days=300), "due_date": TODAY},
        ),
        recorded_by=worker,
        outcome="birth",
        outcome_on=TODAY - timedelta(days=10),
        baby={"given_name": "Wren", "legal_status": "at_home_cp", "source": "social_care"},
    )
    pregnancy = pregnancy_record(
        parent=parent, recorded_by=worker, details={"confirmed_on": TODAY - timedelta(days=5)}
    )
    # A partner, a relationship, a joint contact and a goal shared with the partner.
    partner_parent = ParentFactory(organisation=service, given_name="Bram", family_name="Oakes")
    partner_episode = EpisodeFactory(
        organisation=service,
        team=team,
        parent=partner_parent,
        key_worker=worker,
        opened_on=TODAY - timedelta(days=60),
    )
    relationship = relationship_record(
        parent=parent,
        partner=partner_parent,
        kind="partners",
        started_on=TODAY - timedelta(days=400),
        recorded_by=worker,
    )
    joint = joint_contact_record(
        episode=partner_episode,
        partner_episode=episode,
        recorded_by=worker,
        happened_on=TODAY - timedelta(days=3),
        contact_type="home_visit",
        notes="Met both parents at home.",
    )
    goal_share(goal=goal, partner_episode=partner_episode, shared_by=worker)
    # The parent's own space: an account, an invitation, their view on a goal, a message and a
    # notice (a withdrawn consent) for the worker.
    parent_user = UserFactory(organisation=service, team=None, role=Role.PARENT)
    account = PortalAccount.objects.create(user=parent_user, parent=parent)
    invitation_issue(parent=parent, issued_by=worker)
    invitation = PortalInvitation.objects.get(parent=parent)
    goal_view = GoalView.objects.create(parent=parent, goal=goal, text="Nearly there")
    message = PortalMessage.objects.create(
        parent=parent, from_parent=True, author=parent_user, text="Hello"
    )
    notice = PortalNotice.objects.create(parent=parent, kind="correction", text="My name")
    measure_sent = MeasureRequest.objects.create(
        parent=parent,
        episode=episode,
        instrument="phq9",
        instrument_name="PHQ-9",
        sent_by=worker,
        sent_at=timezone.now(),
    )
    # The team around the family: a partner on the team and what they added.
    partner_worker = UserFactory(organisation=partner, team=None, role=Role.PARTNER)
    team_member = TeamMember.objects.create(
        parent=parent,
        user=partner_worker,
        organisation=partner,
        role="Child's social worker",
        discipline="social_work",
        started_on=TODAY,
        added_by=worker,
    )
    team_entry = TeamEntry.objects.create(
        parent=parent,
        kind="contact",
        happened_on=TODAY,
        text="Visited at home with the health visitor.",
        organisation=partner,
        author=partner_worker,
    )
    meeting = Meeting.objects.create(
        parent=parent,
        kind="core_group",
        held_on=TODAY,
        attended="Everyone",
        organisation=service,
        recorded_by=worker,
    )
    team_task = Task.objects.create(
        meeting=meeting,
        parent=parent,
        title="Book the core group",
        owner=manager,
        due_on=TODAY - timedelta(days=2),
        organisation=service,
        added_by=worker,
    )
    risk = RiskAssessment.objects.create(
        parent=parent,
        assessed_on=TODAY,
        housing=3,
        note="Rated together.",
        organisation=service,
        recorded_by=worker,
    )
    significant = SignificantItem.objects.create(
        parent=parent, kind="contact", item_id=contact.pk, marked_by=worker
    )
    summary = summary_request(
        parent=parent,
        requested_by=worker,
        recipient="new_worker",
        recipient_name="A new key worker",
        starts_on=TODAY - timedelta(days=90),
        ends_on=TODAY,
        services_view="Going well.",
    )
    # The rows were made as intended (the walk is only as good as what it walks over).
    assert isinstance(approval, Approval) and approval.status == Approval.Status.AWAITING
    assert disclosure.status == Disclosure.Status.AWAITING_APPROVAL
    assert Episode.objects.get(pk=episode.pk).is_open
    assert Contact.objects.filter(episode=episode).count() == 1
    records = [
        parent,
        episode,
        contact,
        plan,
        goal,
        consent,
        disclosure,
        approval,
        blocker,
        proceedings,
        *support.values(),
        episode.referral,
        waiting_referral,
        tracking,
        step,
        match,
        merge,
        glass,
        run,
        born,
        born.child,
        born.child.status_changes.get(),
        pregnancy,
        relationship,
        relationship.members.first(),
        joint,
        partner_episode,
        account,
        invitation,
        goal_view,
        message,
        notice,
        measure_sent,
        team_member,
        team_entry,
        team_task,
        meeting,
        risk,
        significant,
        summary,
    ]
    return {
        "manager": manager,
        "team_manager": team_manager,
        "parent": parent,
        "waiting_referral": waiting_referral,
        "pks": sorted({r.pk for r in records}),
    }


def _str_values(name: str) -> list[str]:
    """Values worth trying for a <str:...> part of a route: the one the URL walk uses, the
    subject access formats and every measure's code."""
    return sorted({fill("<str:x>", 0)[1:], "json", "pdf", *all_instruments().keys()})


def urls_for(route: str, pks: list[int]):
    """Every URL a route gives with these ids (each <int:...> part independently)."""
    ints = INT.findall(route)
    strs = STR.findall(route)
    for combo in itertools.product(pks, repeat=len(ints)):
        with_ints = route
        for pk in combo:
            with_ints = INT.sub(str(pk), with_ints, count=1)
        str_choices = [_str_values(name) for name in strs]
        for values in itertools.product(*str_choices):
            url = with_ints
            for value in values:
                url = STR.sub(value, url, count=1)
            yield "/" + url


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


# Public open data (the national directory of services): no parent's data, so no export entry;
# the walk still checks that it names no parent.
OPEN_DATA = {"directory:export-csv"}


def test_every_page_that_shows_the_parent_records_the_read(signed_in, holding):
    manager, parent = holding["manager"], holding["parent"]
    client = signed_in(manager)
    routes = list(all_url_patterns())
    assert len(routes) > 40
    shown, unaudited, downloads = [], [], []
    for name, route, _view in routes:
        if name in {"accounts:sign-out", "accounts:sign-in", "accounts:signed-out"}:
            continue
        for url in urls_for(route, holding["pks"]):
            before = _last_entry_id()
            response = client.get(url)
            if response.status_code != 200:
                continue
            new = AuditEntry.objects.filter(id__gt=before)
            body = _body(response)
            if "attachment" in response.get("Content-Disposition", ""):
                if name in OPEN_DATA:
                    assert SURNAME.encode() not in body, f"{name} is open data but names a parent"
                    continue
                downloads.append(url)
                exported = new.filter(action="export")
                if not exported.exists():
                    unaudited.append(f"{name} {url}: a download without an export entry")
                elif SURNAME.encode() in body and not exported.filter(parent_id=parent.pk).exists():
                    unaudited.append(f"{name} {url}: export entry without the parent's id")
                continue
            if SURNAME.encode() not in body:
                continue
            shown.append(name)
            if not new.filter(action="view", parent_id=parent.pk, outcome="allowed").exists():
                unaudited.append(f"{name} {url}: shows {SURNAME} but no 'view' entry")
    assert unaudited == [], "Pages that show a parent without an audit entry:\n" + "\n".join(
        unaudited
    )
    # The walk did reach the parent's pages (a broken set-up would pass vacuously).
    for expected in [
        "home",
        "people:overview",
        "people:edit",
        "plans:plan",
        "plans:contact-new",
        "sharing:overview",
        "sharing:disclosure-decide",
        "sharing:access-trail",
        "sharing:data-protection",
        "casework:approval",
        "measures:parent",
        "referrals:decide",
    ]:
        assert expected in shown, f"{expected} never showed the parent"
    assert any("subject-access" in url for url in downloads)


def _search(client, parent):
    return client.post(
        "/find-a-parent/",
        {
            "family_name": parent.family_name,
            "date_of_birth_0": parent.date_of_birth.day,
            "date_of_birth_1": parent.date_of_birth.month,
            "date_of_birth_2": parent.date_of_birth.year,
        },
    )


def test_a_search_that_shows_the_parent_records_the_read(signed_in, holding):
    """Find a parent: a manager whose team works with her sees her name in the results, and
    that is a read of her record like any other page."""
    parent = holding["parent"]
    client = signed_in(holding["team_manager"])
    before = _last_entry_id()
    response = _search(client, parent)
    assert response.status_code == 200
    assert escape(parent.full_name) in response.content.decode()
    assert AuditEntry.objects.filter(id__gt=before, action="view", parent_id=parent.pk).exists(), (
        "BUG: find-a-parent lists the parent by name (a link to her record) but writes only a "
        "'Searched for a parent' entry without her parent_id, so the read is missing from her "
        "access trail and subject access export"
    )


def test_a_search_outside_the_team_shows_no_name(signed_in, holding):
    """For a manager of another team the result says only that a record exists (once no
    referral awaits a decision, which would let any manager look)."""
    parent = holding["parent"]
    Referral.objects.filter(pk=holding["waiting_referral"].pk).update(
        status=Referral.Status.DECLINED
    )
    service = parent.organisation
    outsider = UserFactory(
        organisation=service, team=TeamFactory(organisation=service), role=Role.TEAM_MANAGER
    )
    body = _search(signed_in(outsider), parent).content.decode()
    assert "A record outside your team" in body
    assert parent.given_name not in body and escape(parent.full_name) not in body


@pytest.mark.parametrize("role", ["practitioner", "team_manager", "service_manager", "partner"])
def test_another_service_reaches_none_of_these_records_at_any_url(signed_in, holding, role):
    """The service above holds one row of every model that carries parent data. A user of
    another service, of each role (a service manager who is also its data protection lead),
    is refused every record URL with every one of those ids, and never sees the name."""
    elsewhere = OrganisationFactory()
    user = UserFactory(
        organisation=elsewhere,
        team=TeamFactory(organisation=elsewhere),
        role=role,
        is_data_protection_lead=role == "service_manager",
    )
    client = signed_in(user)
    reached = []
    for name, route, _view in RECORD_ROUTES:
        for pk in holding["pks"]:
            url = fill(route, pk)
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                if response.status_code not in (403, 404, 405) or SURNAME.encode() in _body(
                    response
                ):
                    reached.append(f"{method.upper()} {url} ({name}): {response.status_code}")
    assert reached == []
