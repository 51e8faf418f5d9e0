"""Every figure of the impact report against a small service worked by hand.

The service (period 1 January to 31 December 2025), by parent:

| parent | referred   | outcome  | opened     | allocated  | first contact      | ended                    |
|--------|------------|----------|------------|------------|--------------------|--------------------------|
| A      | 10 Jan 25  | accepted | 15 Jan 25  | 25 Jan 25  | 27 Jan (17 days)   | open                     |
| B      | 1 Feb 25   | accepted | 3 Feb 25   | 10 Feb 25  | 11 Feb (10 days)   | 1 Oct 25, planned ending |
| C      | 1 Mar 25   | accepted | 5 Mar 25   | 20 Mar 25  | 21 Mar (20 days)   | 30 Jun 25, parent chose  |
| D      | 1 Apr 25   | accepted | 2 Apr 25   | waiting    | none (outreach)    | open                     |
| E      | 1 May 25   | accepted | 2 May 25   | 4 May 25   | 6 May (5 days)     | 1 Sep 25, lost touch     |
| F      | 1 Jan 24   | accepted | 5 Jan 24   | 10 Jan 24  | -                  | 30 Jun 24, planned       |
| G      | 1 Jun 25   | declined | -          | -          | -                  | -                        |

Contacts in 2025: A home visit x2 + phone; B phone + office; C home visit; D outreach attempt;
E home visit + outreach attempt + information from a partner. Screened: A, B, G. Outreach
before agreement: G twice. One group session (A and B came). A: two reviews (one on time), two
goals achieved (one housing), PHQ-9 20 -> 8 (reliable improvement), a housing referral attended,
a pregnancy and a baby at home, on the ADULT pathway from 1 Feb, a housing blocker of 60 days.
B: a child back home from foster care (step down). C: a pregnancy ongoing; a child moved from a
child in need plan to a child protection plan (step up). E: a mental health referral waiting, a
blocker open from 1 Jun (213 days to the end of the period), proceedings issued 1 Aug 25 (during
the work). F: proceedings 1 Mar 25, within 12 months of the end of the work.

Figures (raw, before suppression), worked by hand:
"""

from datetime import date
from decimal import Decimal

import pytest

from alongside.accounts.models import Role
from alongside.casework.models import (
    Blocker,
    Contact,
    GroupAttendance,
    GroupProgramme,
    GroupSession,
    OnwardReferral,
    Proceedings,
)
from alongside.casework.pathway import episode_set_pathway
from alongside.core.suppression import FEWER_THAN_5
from alongside.measures.models import MeasureResponse
from alongside.people.models import Child, ChildStatusChange, Pregnancy
from alongside.plans.models import Goal, GoalProgress, Plan, Review
from alongside.programmes.services import programme_adopt
from alongside.referrals.models import ReferralStep
from alongside.reports.exports import report_pdf, report_xlsx
from alongside.reports.models import CostedOutcome, UnitCost
from alongside.reports.selectors import Scope, all_sections, report_for
from alongside.reports.tables import NOT_SHOWN
from tests.factories import (
    EpisodeFactory,
    OrganisationFactory,
    ParentFactory,
    ReferralFactory,
    TeamFactory,
    UserFactory,
)

D = date
START, END = D(2025, 1, 1), D(2025, 12, 31)

# (table, row, column): raw figure. Rows of the equality tables are the categories.
EXPECTED = {
    ("how_much", "referrals", "count"): 6,
    ("how_much", "screened", "count"): 3,
    ("how_much", "outreach_before", "count"): 2,
    ("how_much", "worked_with", "count"): 4,
    ("how_much", "group_sessions", "count"): 1,
    ("how_much", "group_attendances", "count"): 2,
    ("contacts_by_type", "home_visit", "contacts"): 4,
    ("contacts_by_type", "phone", "contacts"): 2,
    ("contacts_by_type", "office", "contacts"): 1,
    ("contacts_by_type", "outreach_attempt", "contacts"): 2,
    ("contacts_by_type", "partner_information", "contacts"): 1,
    ("contacts_by_type", "message", "contacts"): 0,
    ("contacts_by_type", "group", "contacts"): 0,
    ("contacts_by_type", "with_partner", "contacts"): 0,
    ("contacts_by_type", "total", "contacts"): 10,
    ("timeliness", "to_first_contact", "parents"): 4,
    ("timeliness", "to_first_contact", "median"): 13.5,  # 5, 10, 17, 20
    ("timeliness", "to_allocation", "parents"): 4,
    ("timeliness", "to_allocation", "median"): 12.0,  # 3, 9, 15, 19
    ("timeliness", "waiting", "parents"): 4,
    ("timeliness", "waiting", "median"): 8.5,  # 2, 7, 10, 15
    ("practice", "waiting_now", "count"): 1,
    ("practice", "reviews", "count"): 1,
    ("practice", "reviews", "of"): 2,
    ("practice", "reviews", "percent"): 50.0,
    ("practice", "caseloads", "count"): 1,
    ("practice", "caseloads", "of"): 1,
    ("practice", "caseloads", "percent"): 100.0,
    ("endings", "planned_ending", "episodes"): 1,
    ("endings", "parent_chose_to_end", "episodes"): 1,
    ("endings", "no_contact", "episodes"): 1,
    ("endings", "moved_away", "episodes"): 0,
    ("endings", "total", "episodes"): 3,
    ("attrition", "attrition", "count"): 2,
    ("attrition", "attrition", "of"): 3,
    ("attrition", "attrition", "percent"): 66.7,
    ("goals", "goals_achieved", "count"): 2,
    ("goals", "parents_achieving", "count"): 1,
    ("goals", "housing", "count"): 1,
    ("measures", "phq9", "improved"): 1,
    ("measures", "phq9", "no_change"): 0,
    ("measures", "phq9", "worse"): 0,
    ("measures", "phq9", "total"): 1,
    ("partners", "housing", "referred"): 1,
    ("partners", "housing", "reached"): 1,
    ("partners", "mental_health", "referred"): 1,
    ("partners", "mental_health", "reached"): 0,
    ("partners", "total", "referred"): 2,
    ("partners", "total", "reached"): 1,
    ("pregnancies", "with_parent", "pregnancies"): 1,
    ("pregnancies", "elsewhere", "pregnancies"): 0,
    ("pregnancies", "ended", "pregnancies"): 0,
    ("pregnancies", "ongoing", "pregnancies"): 1,
    ("pregnancies", "total", "pregnancies"): 2,
    ("children", "down", "children"): 1,
    ("children", "up", "children"): 1,
    ("proceedings", "during", "with"): 1,
    ("proceedings", "during", "without"): 4,
    ("proceedings", "during", "total"): 5,
    ("proceedings", "after_12", "with"): 1,
    ("proceedings", "after_12", "without"): 0,
    ("proceedings", "after_12", "total"): 1,
    ("proceedings", "after_24", "total"): 0,
    # Fidelity: contacts with allocated parents, less partner information (A3 B2 C1 E2 = 8)
    # over allocated days in the period (A 341, B 234, C 103, E 121 = 799) / 30.4375.
    ("fidelity", "tenacity", "n"): 4,
    ("fidelity", "tenacity", "value"): 0.3,
    ("fidelity", "tenacity", "met"): "no",
    ("fidelity", "attrition", "value"): 66.7,
    ("fidelity", "attrition", "met"): "no",
    ("fidelity", "first_contact", "value"): 13.5,
    ("fidelity", "first_contact", "met"): "no",
    ("fidelity", "reviews", "value"): 50.0,
    ("fidelity", "reviews", "met"): "no",
    ("fidelity", "timescales", "n"): 3,
    ("fidelity", "timescales", "value"): 100.0,
    ("fidelity", "timescales", "met"): "yes",
    ("fidelity", "caseloads", "value"): 100.0,
    ("fidelity", "caseloads", "met"): "yes",
    # Equality: referred (A-E, G), accepted (A-E), engaged (A, B, C, E), finished (B).
    ("equality_ethnicity", "White", "referred"): 3,
    ("equality_ethnicity", "White", "accepted"): 3,
    ("equality_ethnicity", "White", "engaged"): 3,
    ("equality_ethnicity", "White", "finishing"): 1,
    (
        "equality_ethnicity",
        "Black, Black British, Black Welsh, Caribbean or African",
        "referred",
    ): 1,
    ("equality_ethnicity", "Black, Black British, Black Welsh, Caribbean or African", "engaged"): 0,
    ("equality_ethnicity", "Asian, Asian British or Asian Welsh", "engaged"): 1,
    ("equality_ethnicity", "Not recorded", "referred"): 1,
    ("equality_ethnicity", "Not recorded", "accepted"): 0,
    ("equality_ethnicity", "total", "referred"): 6,
    ("equality_ethnicity", "total", "accepted"): 5,
    ("equality_ethnicity", "total", "engaged"): 4,
    ("equality_ethnicity", "total", "finishing"): 1,
    ("equality_age", "18 to 19", "referred"): 1,
    ("equality_age", "20 to 24", "referred"): 2,
    ("equality_age", "30 to 34", "referred"): 1,
    ("equality_age", "35 or over", "referred"): 1,
    ("equality_age", "not known", "referred"): 1,
    ("equality_sex", "Female", "referred"): 4,
    ("equality_sex", "Male", "referred"): 1,
    ("equality_sex", "Not yet asked", "referred"): 1,
    ("equality_care_experience", "Yes", "referred"): 2,
    ("equality_care_experience", "No", "referred"): 2,
    ("equality_care_experience", "Not known", "referred"): 2,
    ("equality_care_experience", "Yes", "finishing"): 1,
    # Flow
    ("blockers", "housing", "blockers"): 1,
    ("blockers", "housing", "median"): 60.0,
    ("blockers", "mental_health", "blockers"): 1,
    ("blockers", "mental_health", "median"): 213.0,
    ("blockers", "total", "blockers"): 2,
    ("blockers", "total", "parents"): 2,
    ("blockers", "total", "median"): 136.5,
}


@pytest.fixture
def hand_worked(db):
    org = OrganisationFactory()
    team = TeamFactory(organisation=org)
    worker = UserFactory(organisation=org, team=team, role=Role.PRACTITIONER)
    manager = UserFactory(organisation=org, team=None, role=Role.SERVICE_MANAGER)
    analyst = UserFactory(organisation=org, team=None, role=Role.ANALYST)
    programme_adopt(organisation=org, template_key="breaking-the-cycle", adopted_by=manager)

    def parent(**details):
        return ParentFactory(organisation=org, **details)

    people = {
        "A": parent(
            ethnicity="white_british",
            sex="female",
            date_of_birth=D(2005, 6, 1),
            care_experienced="yes",
        ),
        "B": parent(
            ethnicity="white_british",
            sex="female",
            date_of_birth=D(2002, 6, 1),
            care_experienced="yes",
        ),
        "C": parent(
            ethnicity="white_irish",
            sex="female",
            date_of_birth=D(2002, 6, 1),
            care_experienced="no",
        ),
        "D": parent(
            ethnicity="black_african",
            sex="female",
            date_of_birth=D(1993, 6, 1),
            care_experienced="no",
        ),
        "E": parent(
            ethnicity="asian_indian",
            sex="male",
            date_of_birth=D(1984, 6, 1),
            care_experienced="not_known",
        ),
        "F": parent(ethnicity="white_british", sex="female", date_of_birth=D(1990, 6, 1)),
        "G": parent(
            ethnicity="not_asked", sex="not_asked", date_of_birth=None, care_experienced="not_known"
        ),
    }
    plan = {
        "A": (D(2025, 1, 10), D(2025, 1, 15), D(2025, 1, 25), None, ""),
        "B": (D(2025, 2, 1), D(2025, 2, 3), D(2025, 2, 10), D(2025, 10, 1), "planned_ending"),
        "C": (D(2025, 3, 1), D(2025, 3, 5), D(2025, 3, 20), D(2025, 6, 30), "parent_chose_to_end"),
        "D": (D(2025, 4, 1), D(2025, 4, 2), None, None, ""),
        "E": (D(2025, 5, 1), D(2025, 5, 2), D(2025, 5, 4), D(2025, 9, 1), "no_contact"),
        "F": (D(2024, 1, 1), D(2024, 1, 5), D(2024, 1, 10), D(2024, 6, 30), "planned_ending"),
    }
    ep = {}
    for key, (received, opened, allocated, closed, reason) in plan.items():
        referral = ReferralFactory(
            organisation=org,
            parent=people[key],
            received_on=received,
            status="accepted",
            recorded_by=worker,
        )
        ep[key] = EpisodeFactory(
            organisation=org,
            team=team,
            parent=people[key],
            referral=referral,
            opened_on=opened,
            allocated_on=allocated,
            key_worker=worker if allocated else None,
            status="closed" if closed else ("active" if allocated else "waiting"),
            closed_on=closed,
            closure_reason=reason,
        )
    declined = ReferralFactory(
        organisation=org,
        parent=people["G"],
        received_on=D(2025, 6, 1),
        status="declined",
        recorded_by=worker,
    )
    step = dict(method="phone", recorded_by=worker)
    for key, on in (("A", D(2025, 1, 11)), ("B", D(2025, 2, 2))):
        ReferralStep.objects.create(
            referral=ep[key].referral, kind="screening", happened_on=on, outcome="eligible", **step
        )
    ReferralStep.objects.create(
        referral=declined, kind="screening", happened_on=D(2025, 6, 2), outcome="eligible", **step
    )
    for on in (D(2025, 6, 3), D(2025, 6, 5)):
        ReferralStep.objects.create(
            referral=declined, kind="outreach", happened_on=on, outcome="no_answer", **step
        )

    contacts = [
        ("A", "home_visit", D(2025, 1, 27)),
        ("A", "phone", D(2025, 2, 15)),
        ("A", "home_visit", D(2025, 3, 1)),
        ("B", "phone", D(2025, 2, 11)),
        ("B", "office", D(2025, 3, 10)),
        ("C", "home_visit", D(2025, 3, 21)),
        ("D", "outreach_attempt", D(2025, 4, 10)),
        ("E", "home_visit", D(2025, 5, 6)),
        ("E", "outreach_attempt", D(2025, 6, 1)),
        ("E", "partner_information", D(2025, 6, 5)),
        ("F", "home_visit", D(2024, 2, 1)),
    ]
    for key, kind, on in contacts:
        Contact.objects.create(
            episode=ep[key], contact_type=kind, happened_on=on, recorded_by=worker
        )
    group = GroupProgramme.objects.create(organisation=org, name="Women's group", created_by=worker)
    session = GroupSession.objects.create(group=group, held_on=D(2025, 3, 3), recorded_by=worker)
    GroupSession.objects.create(group=group, held_on=D(2024, 3, 3), recorded_by=worker)
    for key in "AB":
        GroupAttendance.objects.create(
            session=session, parent=people[key], episode=ep[key], recorded_by=worker
        )

    a_plan = Plan.objects.create(
        episode=ep["A"],
        agreed_on=D(2025, 2, 1),
        attended="A",
        next_review_on=D(2025, 3, 1),
        created_by=worker,
    )
    Review.objects.create(
        plan=a_plan, due_on=D(2025, 3, 1), held_on=D(2025, 2, 28), attended="A", recorded_by=worker
    )
    Review.objects.create(
        plan=a_plan, due_on=D(2025, 5, 1), held_on=D(2025, 5, 10), attended="A", recorded_by=worker
    )
    for area, on in (("housing", D(2025, 5, 10)), ("parenting", D(2025, 6, 1))):
        goal = Goal.objects.create(
            plan=a_plan,
            family_member="parent",
            area=area,
            in_parents_words="x",
            status="achieved",
            created_by=worker,
        )
        GoalProgress.objects.create(
            goal=goal, recorded_on=on, outcome="achieved", recorded_by=worker
        )
    for on, total in ((D(2025, 2, 1), 20), (D(2025, 8, 1), 8)):
        MeasureResponse.objects.create(
            episode=ep["A"],
            parent=people["A"],
            instrument="phq9",
            instrument_name="PHQ-9",
            completed_on=on,
            answers_text="{}",
            complete=True,
            total=total,
            recorded_by=worker,
        )
    OnwardReferral.objects.create(
        episode=ep["A"],
        kind="housing",
        service_name="Housing options",
        referred_on=D(2025, 2, 1),
        first_appointment_on=D(2025, 2, 20),
        outcome="attended",
        recorded_by=worker,
    )
    OnwardReferral.objects.create(
        episode=ep["E"],
        kind="mental_health",
        service_name="Talking therapies",
        referred_on=D(2025, 5, 10),
        recorded_by=worker,
    )
    baby = Child.objects.create(
        parent=people["A"], date_of_birth=D(2025, 11, 1), legal_status="at_home"
    )
    ChildStatusChange.objects.create(
        child=baby, status="at_home", on=D(2025, 11, 1), source="added"
    )
    Pregnancy.objects.create(
        parent=people["A"],
        confirmed_on=D(2025, 4, 1),
        outcome="birth",
        outcome_on=D(2025, 11, 1),
        child=baby,
    )
    Pregnancy.objects.create(
        parent=people["C"], confirmed_on=D(2025, 4, 15), due_date=D(2026, 1, 10)
    )
    b_child = Child.objects.create(
        parent=people["B"], date_of_birth=D(2020, 1, 1), legal_status="returned_home"
    )
    ChildStatusChange.objects.create(
        child=b_child, status="foster_care", on=D(2023, 1, 1), source="added"
    )
    ChildStatusChange.objects.create(
        child=b_child, status="returned_home", on=D(2025, 7, 1), source="court"
    )
    c_child = Child.objects.create(
        parent=people["C"], date_of_birth=D(2021, 1, 1), legal_status="at_home_cp"
    )
    ChildStatusChange.objects.create(
        child=c_child, status="at_home_cin", on=D(2024, 1, 1), source="added"
    )
    ChildStatusChange.objects.create(
        child=c_child, status="at_home_cp", on=D(2025, 5, 1), source="social_care"
    )
    Proceedings.objects.create(episode=ep["E"], issued_on=D(2025, 8, 1), recorded_by=worker)
    Proceedings.objects.create(episode=ep["F"], issued_on=D(2025, 3, 1), recorded_by=worker)
    Blocker.objects.create(
        episode=ep["A"],
        kind="housing",
        started_on=D(2025, 3, 1),
        ended_on=D(2025, 4, 30),
        recorded_by=worker,
    )
    Blocker.objects.create(
        episode=ep["E"], kind="mental_health", started_on=D(2025, 6, 1), recorded_by=worker
    )
    episode_set_pathway(episode=ep["A"], pathway="adult", decided_by=worker, on=D(2025, 2, 1))
    UnitCost.objects.create(
        organisation=org,
        outcome=CostedOutcome.BABY_STAYED,
        label='=HYPERLINK("x")',
        low=Decimal("1000"),
        high=Decimal("2000"),
        source="Test source",
        year=2024,
        updated_by=analyst,
    )
    return {"org": org, "analyst": analyst, "manager": manager}


def raw_figures(scope) -> dict:
    figures = {}
    for section in all_sections(scope):
        for table in section.tables:
            for (row, column), value in table.counts.items():
                figures[(table.key, row, column)] = value
            for (row, column), (value, _) in table.measures.items():
                figures[(table.key, row, column)] = value
    return figures


def test_every_figure_matches_the_hand_worked_table(hand_worked):
    scope = Scope(start=START, end=END, organisation_ids=(hand_worked["org"].pk,))
    figures = raw_figures(scope)
    wrong = {
        k: (v, figures.get(k, "missing"))
        for k, v in EXPECTED.items()
        if figures.get(k, "missing") != v
    }
    assert wrong == {}


def test_flow_counts_the_pathway_and_the_move_onto_it(hand_worked):
    scope = Scope(start=START, end=END, organisation_ids=(hand_worked["org"].pk,))
    figures = raw_figures(scope)
    stays = {k: v for k, v in figures.items() if k[0] == "stays"}
    # A: on ADULT from 1 Feb to the end of the period: 333 days.
    assert [v for k, v in stays.items() if k[2] == "parents"] == [1]
    assert [v for k, v in stays.items() if k[2] == "median"] == [333.0]
    moves = {k: v for k, v in figures.items() if k[0] == "moves"}
    assert list(moves.values()) == [1] and next(iter(moves))[1].startswith("accepted/to/adult/")
    table = next(t for s in all_sections(scope) for t in s.tables if t.key == "moves")
    assert table.rows[0][1].startswith("Accepted → ADULT")


def test_the_published_report_suppresses_small_numbers_and_never_calls_costs_savings(hand_worked):
    scope = Scope(start=START, end=END, organisation_ids=(hand_worked["org"].pk,))
    report = report_for(scope)
    assert report.figure("how_much", "referrals", "count") == "6"
    assert report.figure("how_much", "worked_with", "count") == FEWER_THAN_5
    assert report.figure("contacts_by_type", "total", "contacts") == "10"
    # 4 home visits hidden; the others small: 10 cannot reveal them.
    assert report.figure("contacts_by_type", "home_visit", "contacts") == FEWER_THAN_5
    assert report.figure("timeliness", "to_first_contact", "median") == NOT_SHOWN
    assert report.figure("costs", str(UnitCost.objects.get().pk), "range") == NOT_SHOWN
    for _, tables in report.sections:
        for published in tables:
            for _, cells in published.rows:
                assert not any(c in {"1", "2", "3", "4"} for c in cells)
    assert report_pdf(report).startswith(b"%PDF")
    # 'Savings' only as 'not savings', and in the published evaluations, shown as their own.
    own = [
        t.title + " ".join(c for _, cells in p.rows for c in cells)
        for section, tables in report.sections
        for p in tables
        for t in [p.table]
        if t.key != "evaluations"
    ]
    assert all("saving" not in text.replace("not savings", "").lower() for text in own)
    assert report.figure("evaluations", "0", "finding").startswith("Estimated annual cost saving")


def test_the_spreadsheet_cannot_run_a_formula(hand_worked):
    from io import BytesIO

    from openpyxl import load_workbook

    scope = Scope(start=START, end=END, organisation_ids=(hand_worked["org"].pk,))
    book = load_workbook(BytesIO(report_xlsx(report_for(scope))))
    values = [c.value for sheet in book for row in sheet.iter_rows() for c in row if c.value]
    assert '\'=HYPERLINK("x")' in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)
    assert not any(v in (1, 2, 3, 4) for v in values)


def test_an_end_before_the_start_is_refused(signed_in, hand_worked):
    client = signed_in(hand_worked["analyst"])
    response = client.get("/reports/?start_0=1&start_1=6&start_2=2025&end_0=1&end_1=1&end_2=2025")
    assert response.status_code == 200
    assert "The end date must be the same as or after the start date" in response.content.decode()


def test_the_report_page_is_aggregate_and_audited(signed_in, hand_worked):
    from alongside.audit.models import AuditEntry

    client = signed_in(hand_worked["analyst"])
    response = client.get("/reports/?start_0=1&start_1=1&start_2=2025&end_0=31&end_1=12&end_2=2025")
    html = response.content.decode()
    assert response.status_code == 200 and "<svg" in html and 'scope="row"' in html
    assert AuditEntry.objects.filter(description="Impact report", parent_id__isnull=True).exists()
    pdf = client.get(
        "/reports/report.pdf?start_0=1&start_1=1&start_2=2025&end_0=31&end_1=12&end_2=2025"
    )
    assert pdf["Content-Type"] == "application/pdf"
    assert AuditEntry.objects.filter(description="Impact report (pdf)", action="export").exists()


def test_workers_within_their_cap_is_casework_s_own_rule(db):
    """Caseloads worked by hand (default cap 8 per full-time worker, weight 1 off a pathway,
    half for a co-worker):

    | worker | hours | holds | co-works | weighted | cap | within |
    |--------|-------|-------|----------|----------|-----|--------|
    | P      | 0.5   | 4     | 1        | 4.5      | 4   | no     |
    | Q      | 1.0   | 3     | 0        | 3        | 8   | yes    |
    | R      | 1.0   | 0     | 0        | (holds no open work: not counted)   |
    """
    from alongside.casework.caseloads import weighted_loads
    from alongside.casework.models import CoWorker

    org = OrganisationFactory()
    team = TeamFactory(organisation=org)
    p = UserFactory(organisation=org, team=team, role=Role.PRACTITIONER, hours_wte=Decimal("0.5"))
    q = UserFactory(organisation=org, team=team, role=Role.PRACTITIONER)
    r = UserFactory(organisation=org, team=team, role=Role.PRACTITIONER)
    for worker, n in ((p, 4), (q, 3)):
        for _ in range(n):
            EpisodeFactory(organisation=org, team=team, key_worker=worker, status="active")
    shared = EpisodeFactory(organisation=org, team=team, key_worker=q, status="active")
    CoWorker.objects.create(episode=shared, worker=p, started_on=D(2025, 1, 1), added_by=q)
    # q now holds 4 (the shared case too): weighted 4, still within 8.
    scope = Scope(start=START, end=END, organisation_ids=(org.pk,))
    figures = raw_figures(scope)
    assert figures[("practice", "caseloads", "count")] == 1
    assert figures[("practice", "caseloads", "of")] == 2
    loads = weighted_loads(org.pk, [p.pk, q.pk, r.pk])
    assert (loads[p.pk].weighted, loads[p.pk].cap, loads[p.pk].over_cap) == (4.5, 4.0, True)
    assert (loads[q.pk].weighted, loads[q.pk].over_cap) == (4.0, False)
