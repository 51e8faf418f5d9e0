"""The family summary (issue 16, item 6): one click gives a succinct summary for a date range
and a named recipient, as accessible HTML and a paginated PDF made by ReportLab, holding only
what that recipient may see and counting, per part, what was withheld."""

import io
import re
from dataclasses import asdict
from datetime import timedelta
from html import unescape
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.utils import timezone

from alongside.accounts.models import Organisation, Role
from alongside.audit.models import AuditEntry
from alongside.casework.models import Contact
from alongside.jobs.models import Job
from alongside.jobs.services import job_claim, job_run
from alongside.measures.models import MeasureResponse
from alongside.people.services import child_add, child_status_change, relationship_record
from alongside.plans.models import GoalProgress
from alongside.plans.services import goal_add, plan_agree, progress_record
from alongside.sharing.services import consent_record, disclosure_decide, disclosure_request
from alongside.workbook.models import FamilySummary
from alongside.workbook.services import item_significance_set, significance_set, team_entry_add
from alongside.workbook.summary import LARGE, build_summary, stored_content, stored_pdf
from alongside.workbook.summary_services import summary_request

from ..factories import (
    ContactFactory,
    EpisodeFactory,
    OrganisationFactory,
    ParentFactory,
    UserFactory,
)
from ..pdfs import pdf_info, pdf_pages, pdf_text

TODAY = timezone.localdate()
START, END = TODAY - timedelta(days=90), TODAY
SHARED_NOTE = "Came to the office on time and brought Maisie's red book."
PRIVATE_NOTE = "Told me in confidence about the argument with her sister at the weekend."
MISSED_NOTE = "No answer at the door; left a card."
EVENT = "Core group agreed Maisie's family time moves to Saturdays."
GOAL = "Get a flat with a garden for Maisie"
VIEW = "Rosalind has kept almost every appointment & is ready for more family time <really>."
END_BEFORE_START = "The end date must be the same as or after the start date"


def html_text(response) -> str:
    """The words of a page as a person reads them: tags gone, entities read, spaces single."""
    body = response.content.decode().split("<main", 1)[1]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def date_parts(prefix: str, day) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


@pytest.fixture
def family(service, team, practitioner, team_manager):
    parent = ParentFactory(organisation=service, given_name="Rosalind", family_name="Ashdown-Pike")
    episode = EpisodeFactory(
        organisation=service,
        team=team,
        parent=parent,
        key_worker=practitioner,
        opened_on=TODAY - timedelta(days=120),
    )
    partner = ParentFactory(organisation=service, given_name="Tobias", family_name="Wrenfield")
    relationship_record(
        parent=parent,
        partner=partner,
        kind="partners",
        started_on=TODAY - timedelta(days=400),
        recorded_by=practitioner,
    )
    child = child_add(
        parent=parent,
        added_by=practitioner,
        details={
            "given_name": "Maisie",
            "date_of_birth": TODAY - timedelta(days=700),
            "legal_status": "foster_care",
        },
    )
    child_status_change(
        child=child,
        recorded_by=practitioner,
        status="kinship",
        on=TODAY - timedelta(days=30),
        source="court",
    )
    shared = ContactFactory(
        episode=episode,
        happened_on=TODAY - timedelta(days=20),
        notes=SHARED_NOTE,
        confidentiality="shareable",
    )
    private = ContactFactory(
        episode=episode, happened_on=TODAY - timedelta(days=10), notes=PRIVATE_NOTE
    )
    ContactFactory(
        episode=episode,
        happened_on=TODAY - timedelta(days=5),
        contact_type="outreach_attempt",
        notes=MISSED_NOTE,
    )
    # Before the dates: in no summary of them.
    ContactFactory(episode=episode, happened_on=TODAY - timedelta(days=100), notes="Long ago.")
    entry = team_entry_add(
        parent=parent,
        author=practitioner,
        kind="observation",
        happened_on=TODAY - timedelta(days=12),
        text=EVENT,
    )
    significance_set(item=entry, significant=True, marked_by=practitioner)
    plan = plan_agree(
        episode=episode,
        agreed_by=practitioner,
        agreed_on=TODAY - timedelta(days=100),
        attended="Rosalind and her key worker",
    )
    goal = goal_add(
        plan=plan,
        added_by=practitioner,
        details={
            "family_member": "parent",
            "member_name": "",
            "area": "housing",
            "in_parents_words": GOAL,
            "in_workers_words": "",
            "who_helps": "",
            "about_ending": False,
        },
        milestones=[],
    )
    progress_record(
        goal=goal,
        recorded_by=practitioner,
        recorded_on=TODAY - timedelta(days=15),
        outcome="progressing",
    )
    for days, total in ((80, 18), (8, 9)):
        MeasureResponse.objects.create(
            episode=episode,
            parent=parent,
            instrument="phq9",
            instrument_name="PHQ-9",
            completed_on=TODAY - timedelta(days=days),
            answers_text="{}",
            complete=True,
            scores={"parent": {"total": total}},
            total=total,
            recorded_by=practitioner,
        )
    court_org = OrganisationFactory(
        name="Northbrook Children's Services (test)", kind=Organisation.Kind.PARTNER
    )
    return SimpleNamespace(
        parent=parent,
        episode=episode,
        partner=partner,
        child=child,
        shared=shared,
        private=private,
        org=court_org,
        worker=practitioner,
        manager=team_manager,
    )


def request(family, **overrides) -> FamilySummary:
    details = {
        "parent": family.parent,
        "requested_by": family.worker,
        "recipient": "new_worker",
        "recipient_name": "Sam Okafor, new key worker",
        "starts_on": START,
        "ends_on": END,
        "services_view": VIEW,
        "every_contact": True,
    }
    return summary_request(**{**details, **overrides})


def consent(family, categories):
    return consent_record(
        parent=family.parent,
        recorded_by=family.worker,
        organisation=family.org,
        categories=categories,
        purpose="Sharing with the local authority for the proceedings",
        starts_on=TODAY - timedelta(days=60),
        how_given="signed",
    )


def create_page(client, family, **fields):
    data = {
        "recipient": "new_worker",
        "recipient_name": "Sam Okafor, new key worker",
        **date_parts("starts_on", START),
        **date_parts("ends_on", END),
        "every_contact": "on",
        "services_view": VIEW,
        **fields,
    }
    return client.post(f"/parents/{family.parent.pk}/team/summaries/new/", data)


def test_one_click_gives_the_summary_as_html_and_a_pdf_with_everything_for_a_new_worker(
    signed_in, family
):
    client = signed_in(family.worker)
    overview = client.get(f"/parents/{family.parent.pk}/").content.decode()
    assert f"/parents/{family.parent.pk}/team/summaries/new/" in overview  # 'Create a summary'
    assert client.get(f"/parents/{family.parent.pk}/team/summaries/new/").status_code == 200
    response = create_page(client, family)
    summary = FamilySummary.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/family-summaries/{summary.pk}/"
    )
    assert summary.is_ready and summary.job is None  # a small family: made at once

    opened = client.get(f"/family-summaries/{summary.pk}/")
    html = html_text(opened)
    download = client.get(f"/family-summaries/{summary.pk}/summary.pdf")
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    pdf = download.content
    assert pdf == stored_pdf(summary)  # the one made, downloaded again as it was
    text = pdf_text(pdf)
    pages = pdf_pages(pdf)
    assert len(pages) >= 2 and all(f"Page {n} of" in p for n, p in enumerate(pages, start=1))
    info = pdf_info(pdf)
    assert info.title == "Summary for a new worker in this service: Rosalind Ashdown-Pike"
    assert family.worker.display_name in info.author
    for must in [
        # Family composition: the parent, the partner, the child and her status now.
        "Rosalind Ashdown-Pike",
        "Tobias Wrenfield",
        "Maisie",
        # The child's status change in the dates, with how the service knows.
        f"{(TODAY - timedelta(days=30)).day} {(TODAY - timedelta(days=30)):%B %Y} Maisie "
        "Living with family or friends (kinship care) Court papers or a court decision",
        # The chronology: the significant event and every contact in the dates.
        EVENT,
        SHARED_NOTE,
        PRIVATE_NOTE,
        # Goal progress, per person.
        "For the parent",
        f"Housing: {GOAL}",
        "Progressing",
        # The measure, from first to latest.
        "PHQ-9 18 on",
        "-9: Reliable improvement",
        # Engagement: offered, attended, missed.
        "Contacts offered 3",
        "Contacts attended 2",
        "Contacts missed (no contact made) 1",
        # The service's view, as typed (escaped for ReportLab, printed as written).
        VIEW,
    ]:
        assert must in text, must
        assert must in html, must
    assert "Long ago." not in text  # before the dates
    assert "withheld" not in text  # a new worker in the service sees everything
    raw = opened.content.decode()
    assert "&lt;really&gt;" in raw and "<really>" not in raw


def test_a_court_sees_only_what_the_consent_shares_and_the_rest_is_counted(signed_in, family):
    consent(family, ["engagement", "children"])  # not 'contacts'
    client = signed_in(family.worker)
    create_page(
        client,
        family,
        recipient="court",
        recipient_name="Family Court at Northbrook, case NB26C00123",
        organisation=str(family.org.pk),
    )
    summary = FamilySummary.objects.get()
    assert summary.recipient == "court" and summary.recipient_organisation == family.org
    html = html_text(client.get(f"/family-summaries/{summary.pk}/"))
    text = pdf_text(client.get(f"/family-summaries/{summary.pk}/summary.pdf").content)
    for page in (html, text):
        # The three contacts in the dates are withheld: counted, none of their words.
        assert "3 items withheld: Contacts and their notes" in page
        for note in (PRIVATE_NOTE, SHARED_NOTE, MISSED_NOTE):
            assert note not in page
        assert "Told me in confidence" not in page
        # What the consent shares is there: family, engagement, goals, the service's view.
        assert "Maisie" in page and "Contacts offered" in page and GOAL in page
        # The team's significant entry goes to the team only: the court's organisation has a
        # consent in force, so it is shared as the team's record.
        assert "Core group agreed" in page

    # With 'contacts' shared too, a shareable contact is in; a service-only one never is.
    consent(family, ["engagement", "children", "contacts"])
    again = request(
        family, recipient="court", recipient_name="Family Court", organisation=family.org
    )
    text = pdf_text(stored_pdf(again))
    assert SHARED_NOTE in text and MISSED_NOTE not in text and PRIVATE_NOTE not in text
    assert "2 items withheld: Contacts and their notes" in text


def test_a_recipient_with_no_consent_gets_the_withheld_counts_and_no_content(signed_in, family):
    client = signed_in(family.worker)
    create_page(client, family, recipient="conference", recipient_name="Initial conference")
    summary = FamilySummary.objects.get()
    html = html_text(client.get(f"/family-summaries/{summary.pk}/"))
    text = pdf_text(stored_pdf(summary))
    for page in (html, text):
        for content in (
            "Tobias",
            "Maisie",
            "kinship",
            EVENT,
            SHARED_NOTE,
            PRIVATE_NOTE,
            GOAL,
            "PHQ-9",
            "Contacts offered",
            "Rosalind has kept",
            "born 12 April 1998",
        ):
            assert content not in page, content
        withheld = page.split("What was withheld", 1)[1]
        assert withheld.startswith(
            " 4 items withheld: Family and children"  # parent, partner, child, status change
            " 2 items withheld: Work with the service"  # the referral, the engagement counts
            " 3 items withheld: Contacts and their notes"
            " 1 item withheld: The team around the family's record"
            " 1 item withheld: Goals and progress"
            " 1 item withheld: Measures"
            " 1 item withheld: The service's view"
        ), withheld[:400]
        # Each part says, where it would be, what it held back.
        assert "3 items withheld: Family and children" in withheld  # family composition
    content = stored_content(summary)
    assert all(not s["groups"] and not s["events"] and not s["text"] for s in content["sections"])


def test_a_recorded_lawful_basis_lets_the_court_see_what_was_disclosed_to_it(family, team_manager):
    disclosure = disclosure_request(
        parent=family.parent,
        requested_by=family.worker,
        kind="court",
        recipient="Family Court at Northbrook",
        legal_basis="court_order",
        reasons="The court ordered the service's records of the autumn.",
        what_disclosed="The home visit notes of the autumn",
        contacts=[family.private],
    )
    disclosure_decide(
        disclosure=disclosure, decided_by=team_manager, approve=True, disclosed_on=TODAY
    )
    court = pdf_text(stored_pdf(request(family, recipient="court", recipient_name="The court")))
    assert PRIVATE_NOTE in court and SHARED_NOTE not in court
    assert "2 items withheld: Contacts and their notes" in court
    # Disclosed to the court, not to a conference.
    conference = pdf_text(
        stored_pdf(request(family, recipient="conference", recipient_name="Conference"))
    )
    assert PRIVATE_NOTE not in conference


def test_a_contact_marked_significant_is_in_the_chronology_without_every_contact(family):
    item_significance_set(
        parent=family.parent,
        kind="contact",
        item_id=family.shared.pk,
        significant=True,
        marked_by=family.worker,
    )
    text = pdf_text(stored_pdf(request(family, every_contact=False)))
    assert SHARED_NOTE in text and PRIVATE_NOTE not in text and EVENT in text
    assert "Contacts offered 3" in text  # engagement still counts every contact


def test_measures_and_goal_changes_marked_significant_join_the_chronology_as_consent_allows(
    family,
):
    """Any item marked significant is in the summary's chronology, not only contacts and the
    team's record; each under its own part's consent, and a sexual health goal never leaves."""
    latest = MeasureResponse.objects.get(parent=family.parent, total=9)
    progress = GoalProgress.objects.get(goal__plan__episode=family.episode)
    secret = goal_add(
        plan=progress.goal.plan,
        added_by=family.worker,
        details={
            "family_member": "parent",
            "member_name": "",
            "area": "sexual_health",
            "in_parents_words": "Talk to the clinic about what suits me",
            "in_workers_words": "",
            "who_helps": "",
            "about_ending": False,
        },
        milestones=[],
    )
    secret_step = progress_record(
        goal=secret,
        recorded_by=family.worker,
        recorded_on=TODAY - timedelta(days=3),
        outcome="progressing",
    )
    for kind, pk in (("measure", latest.pk), ("goal_change", progress.pk)):
        item_significance_set(
            parent=family.parent, kind=kind, item_id=pk, significant=True, marked_by=family.worker
        )
    item_significance_set(
        parent=family.parent,
        kind="goal_change",
        item_id=secret_step.pk,
        significant=True,
        marked_by=family.worker,
    )

    def chronology(summary) -> list[dict]:
        sections = stored_content(summary)["sections"]
        return next(s for s in sections if s["key"] == "chronology")["events"]

    titles = [e["title"] for e in chronology(request(family, every_contact=False))]
    assert "PHQ-9 completed" in titles and titles.count("Goal progress: progressing") == 2

    # A court with consent to share engagement: the measure and the housing goal's step, never
    # the sexual health goal's.
    consent(family, ["engagement", "children"])
    court = request(
        family,
        recipient="court",
        recipient_name="Family Court",
        organisation=family.org,
        every_contact=False,
    )
    events = chronology(court)
    assert "PHQ-9 completed" in [e["title"] for e in events]
    assert [e["text"] for e in events if e["title"].startswith("Goal progress")] == [GOAL]
    assert "Talk to the clinic" not in pdf_text(stored_pdf(court))
    # With no consent: counted as withheld, none of it shown.
    conference = request(
        family, recipient="conference", recipient_name="Conference", every_contact=False
    )
    assert not [e for e in chronology(conference) if e["title"].startswith(("PHQ-9", "Goal"))]


def test_a_range_ending_before_it_starts_is_refused(signed_in, family):
    client = signed_in(family.worker)
    response = create_page(client, family, **date_parts("ends_on", START - timedelta(days=1)))
    assert response.status_code == 200
    page = response.content.decode()
    assert END_BEFORE_START in page and "govuk-error-summary" in page
    assert not FamilySummary.objects.exists()
    with pytest.raises(Exception, match="end date must be the same"):
        request(family, ends_on=START - timedelta(days=1))
    assert not FamilySummary.objects.exists()


def test_a_partner_or_another_service_cannot_create_open_or_download(signed_in, family):
    consent(family, ["engagement", "children", "contacts"])
    partner = UserFactory(organisation=family.org, team=None, role=Role.PARTNER)
    elsewhere = UserFactory(role=Role.SERVICE_MANAGER)  # another service's manager
    summary = request(family)
    urls = [
        f"/parents/{family.parent.pk}/team/summaries/new/",
        f"/family-summaries/{summary.pk}/",
        f"/family-summaries/{summary.pk}/progress/",
        f"/family-summaries/{summary.pk}/summary.pdf",
    ]
    # A partner's role never may (refused before any record is read, and audited); another
    # service's manager may make summaries, but not of this parent ('not found', audited with
    # the parent's id).
    for user, status in ((partner, 403), (elsewhere, 404)):
        client = signed_in(user)
        for url in urls:
            assert client.get(url).status_code == status, (user.role, url)
        assert create_page(client, family).status_code == status
        assert not AuditEntry.objects.filter(actor_id=user.pk, action="export").exists()
        refused = AuditEntry.objects.filter(actor_id=user.pk, outcome="refused")
        assert refused.count() == len(urls) + 1
    assert AuditEntry.objects.filter(
        actor_id=elsewhere.pk, outcome="refused", parent_id=family.parent.pk
    ).exists()
    assert FamilySummary.objects.count() == 1
    # The partner still sees the team around the family, without the link to a summary.
    team = signed_in(partner).get(f"/parents/{family.parent.pk}/team/chronology/")
    assert team.status_code == 200 and "Create a summary" not in team.content.decode()


def test_a_large_family_is_summarised_in_the_background_with_progress_and_the_same_result(
    signed_in, family
):
    Contact.objects.bulk_create(
        Contact(
            episode=family.episode,
            happened_on=START + timedelta(days=n % 80),
            contact_type="phone",
            notes=f"Weekly call number {n}.",
            recorded_by=family.worker,
        )
        for n in range(LARGE + 10)
    )
    client = signed_in(family.worker)
    response = create_page(client, family)
    summary = FamilySummary.objects.get()
    assert summary.job is not None and not summary.is_ready
    page = client.get(response["Location"]).content.decode()
    assert "being made in the background" in page and 'http-equiv="refresh"' in page
    assert "Waiting to start" in page
    progress = client.get(f"/family-summaries/{summary.pk}/progress/").json()
    assert progress["finished"] is False
    assert client.get(f"/family-summaries/{summary.pk}/summary.pdf").status_code == 404

    heard = []
    job = job_run(job_claim(summary.job.pk), on_progress=lambda *step: heard.append(step))
    assert job.status == Job.Status.SUCCEEDED, job.message
    stages = [stage for stage, _, _ in heard]
    assert "Reading the record" in stages and "Writing the PDF" in stages and stages[-1] == "Done"

    summary.refresh_from_db()
    assert summary.is_ready
    assert client.get(f"/family-summaries/{summary.pk}/progress/").json()["finished"] is True
    # The same summary as one made at once from the same record.
    assert stored_content(summary) == asdict(build_summary(summary))
    text = pdf_text(client.get(f"/family-summaries/{summary.pk}/summary.pdf").content)
    assert f"Contacts offered {LARGE + 13}" in text
    assert "Weekly call number 509." in text and PRIVATE_NOTE in text
    assert AuditEntry.objects.filter(
        description="Summary built in the background", parent_id=family.parent.pk
    ).exists()


def test_creation_every_opening_and_every_download_are_audited(signed_in, family):
    client = signed_in(family.worker)
    before = AuditEntry.objects.order_by("-id").first().id
    create_page(client, family)
    summary = FamilySummary.objects.get()
    client.get(f"/family-summaries/{summary.pk}/")
    client.get(f"/family-summaries/{summary.pk}/summary.pdf")
    client.get(f"/family-summaries/{summary.pk}/summary.pdf")
    new = AuditEntry.objects.filter(id__gt=before, actor_id=family.worker.pk)
    created = new.get(action="create", object_type="workbook.familysummary")
    assert created.parent_id == family.parent.pk and created.object_id == str(summary.pk)
    assert created.detail["recipient"] == "new_worker"
    assert new.filter(
        action="view", parent_id=family.parent.pk, description="Summary of the family"
    ).exists()
    downloads = new.filter(action="export", object_type="workbook.familysummary")
    assert downloads.filter(parent_id=family.parent.pk).count() == 2
    # The partner named in it is recorded too, as the subject access letter does.
    assert downloads.filter(parent_id=family.partner.pk).count() == 2
    # No content in the audit log.
    assert not any(VIEW in str(e.detail) or "Maisie" in e.description for e in new)


def test_text_that_looks_like_markup_is_printed_as_typed(family):
    tricky = 'A <b>bold</b> claim & <font size="40">big</font> <para> ]]> </para> &amp;'
    summary = request(family, services_view=tricky, recipient_name="<script>x</script>")
    text = pdf_text(stored_pdf(summary))
    assert " ".join(tricky.split()) in text
    assert "<script>x</script>" in text
    assert re.search(r"Page 1 of \d", text)


def test_the_benchmark_runs_on_a_small_family(db):
    """`make bench-summary` times 2,000 items; here its parts are checked on a few."""
    out = io.StringIO()
    call_command("bench_summary", items=80, runs=1, stdout=out)
    report = out.getvalue()
    assert "Family summary PDF, 8" in report and "target under 3 s: met" in report
    assert "Baseline, same run and family: the subject access letter's PDF" in report


def test_a_joint_contact_on_the_partners_record_keeps_its_notes_there(family, service):
    other_worker = UserFactory(organisation=service, role=Role.PRACTITIONER)
    partner_episode = EpisodeFactory(
        organisation=service,
        team=other_worker.team,
        parent=family.partner,
        key_worker=other_worker,
    )
    ContactFactory(
        episode=partner_episode,
        joint_with=family.episode,
        happened_on=TODAY - timedelta(days=4),
        notes="Tobias spoke about his own court case.",
        confidentiality="shareable",
        recorded_by=other_worker,
    )
    text = pdf_text(stored_pdf(request(family)))
    assert "Joint contact with Tobias Wrenfield: home visit" in text
    assert "The notes are on Tobias Wrenfield's record." in text
    assert "his own court case" not in text
    # Never to a court in this parent's summary, whatever her consent shares.
    consent(family, ["engagement", "children", "contacts"])
    court = pdf_text(
        stored_pdf(
            request(family, recipient="court", recipient_name="Court", organisation=family.org)
        )
    )
    assert "Joint contact" not in court and "3 items withheld: Contacts and their notes" in court
