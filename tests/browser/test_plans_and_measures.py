"""Plans and measures in headless Chromium, with an axe-core check on every new page: agree a
plan, hold two reviews, see drift flagged for the manager, record the PHQ-9 and the wellbeing
wheel twice each and see the change charted beside its table."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alongside.core.dates import add_months
from tests.factories import EpisodeFactory

from .conftest import assert_no_js_errors, check_accessibility, sign_in, totp_code

pytestmark = pytest.mark.browser

WHEEL_AREAS = [
    "Home and housing",
    "Money and benefits",
    "Physical health",
    "Feelings and mental health",
    "Relationships",
    "Time with my children and family",
    "Feeling safe",
    "Alcohol and drugs",
    "Learning, work and things I enjoy",
    "Friends and support around me",
]


def fill_date(page, legend: str, day) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def choose(page, question: str, answer: str) -> None:
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def phq9_answers(page, answers: list[str]) -> None:
    for n, answer in enumerate(answers, start=1):
        page.get_by_role("group", name=re.compile(rf"^{n}\. ")).get_by_label(
            answer, exact=True
        ).check()


def wheel_answers(page, parent: list[int], worker: list[int]) -> None:
    for n, (area, p, w) in enumerate(zip(WHEEL_AREAS, parent, worker, strict=True), start=1):
        group = page.get_by_role("group", name=f"{n}. {area}")
        group.get_by_label("The parent's rating").fill(str(p))
        group.get_by_label("The worker's rating").fill(str(w))


def test_plan_reviews_drift_and_measures_charted(
    live_server, browser, page, settings, service, team, practitioner, team_manager
):
    settings.ALONGSIDE_PROGRAMME = {"drift_after_reviews": 2}
    today = timezone.localdate()
    episode = EpisodeFactory(
        organisation=service, team=team, key_worker=practitioner, opened_on=add_months(today, -19)
    )
    parent = episode.parent

    sign_in(page, live_server, practitioner, totp_code(practitioner))
    page.goto(f"{live_server.url}/parents/{parent.pk}/")
    check_accessibility(page, "the parent overview with the plans section")
    page.get_by_role("link", name="Plan", exact=True).click()
    expect(page.get_by_role("heading", name="Plan", exact=True)).to_be_visible()
    check_accessibility(page, "the plan page before a plan")

    # Agree the plan at the planning meeting.
    page.get_by_role("link", name="Record the planning meeting").click()
    check_accessibility(page, "the planning meeting form")
    page.get_by_role("button", name="Agree the plan").click()
    expect(page.get_by_role("link", name="Enter who attended the planning meeting")).to_be_visible()
    check_accessibility(page, "the planning meeting form with errors")
    fill_date(page, "Date of the planning meeting", today - timedelta(days=120))
    page.get_by_label("Who attended").fill("The parent, key worker, social worker, midwife")
    page.get_by_role("button", name="Agree the plan").click()
    expect(page.get_by_text("Plan agreed. Now add the parent's goals")).to_be_visible()

    # Two goals: the parent's and a child's, in both voices.
    page.get_by_role("link", name="Add a goal").click()
    check_accessibility(page, "the goal form")
    choose(page, "Whose goal is it?", "The parent")
    page.get_by_label("Area of life").select_option(label="Housing")
    page.get_by_label("The goal in the parent's own words").fill("Get my own flat near my sister")
    page.get_by_label("The goal in the worker's words (optional)").fill("Secure a tenancy")
    page.get_by_label("Milestones (optional)").fill("Register with the council\nView three flats")
    page.get_by_label("Who helps (optional)").fill("Housing options team")
    page.get_by_role("button", name="Save goal").click()
    page.get_by_role("link", name="Add a goal").click()
    choose(page, "Whose goal is it?", "A child")
    page.get_by_label("Their name (optional)").fill("Maisie")
    page.get_by_label("Area of life").select_option(label="Family time")
    page.get_by_label("The goal in the parent's own words").fill("See Maisie every month")
    page.get_by_role("button", name="Save goal").click()
    expect(
        page.get_by_role("heading", name="Goal 2: Family time, for a child (Maisie)")
    ).to_be_visible()
    check_accessibility(page, "the plan with goals")

    # Two reviews.
    for n, held in enumerate((today - timedelta(days=60), today), start=1):
        page.get_by_role("link", name="Record a review").click()
        if n == 1:
            check_accessibility(page, "the review form")
            page.get_by_role("button", name="Save review").click()
            expect(page.get_by_role("link", name="Select how goal 1 is going")).to_be_visible()
            check_accessibility(page, "the review form with errors")
        fill_date(page, "Date of the review", held)
        page.get_by_label("Who attended").fill("The parent and key worker")
        choose(page, "Goal 1 (the parent): Get my own flat near my sister", "Stuck")
        choose(page, "Goal 2 (a child (Maisie)): See Maisie every month", "Progressing")
        fill_date(page, "Date of the next review", today + timedelta(weeks=8))
        page.get_by_role("button", name="Save review").click()
        expect(page.get_by_text("Review recorded")).to_be_visible()
    expect(page.locator("table", has_text="Who attended").locator("tbody tr")).to_have_count(2)

    # An achievement.
    page.get_by_role("link", name="Record an achievement").click()
    check_accessibility(page, "the achievement form")
    fill_date(page, "Date of the achievement", today)
    page.get_by_label("What was achieved").fill("Viewed a flat on my own")
    choose(page, "Who is recording it?", "The parent")
    page.get_by_role("button", name="Save achievement").click()
    # On the overview's list of achievements and, as something that happened, on the timeline.
    expect(page.locator("li", has_text="Viewed a flat on my own")).to_be_visible()
    expect(page.get_by_text("Viewed a flat on my own", exact=True)).to_be_visible()

    # PHQ-9 and the wheel, first time, from the measures pages.
    page.get_by_role("link", name="Record a measure").click()
    check_accessibility(page, "choosing a measure")
    page.get_by_role("link", name="Patient Health Questionnaire (PHQ-9)").click()
    check_accessibility(page, "the PHQ-9 form")
    fill_date(page, "Date completed", today - timedelta(days=30))
    phq9_answers(page, ["Nearly every day"] * 6 + ["Several days"] * 2 + ["Not at all"])  # 20
    page.get_by_role("button", name="Save PHQ-9").click()
    expect(page.get_by_role("heading", name="Measures over time")).to_be_visible()

    page.get_by_role("link", name="Record a measure").click()
    page.get_by_role("link", name="Alongside wellbeing wheel").click()
    check_accessibility(page, "the wellbeing wheel form")
    fill_date(page, "Date completed", today - timedelta(days=30))
    wheel_answers(page, [3] * 10, [3] * 9 + [12])
    page.get_by_role("button", name="Save Wellbeing wheel").click()
    expect(
        page.get_by_role("link", name=re.compile("Enter a number from 1 to 10 for Friends"))
    ).to_be_visible()
    check_accessibility(page, "the wellbeing wheel form with errors")
    page.get_by_role("group", name="10. Friends and support around me").get_by_label(
        "The worker's rating"
    ).fill("3")
    page.get_by_role("button", name="Save Wellbeing wheel").click()
    expect(page.get_by_text("Wellbeing wheel recorded")).to_be_visible()

    # Second time: one home visit, one form (contact, goal progress and PHQ-9 together).
    page.goto(f"{live_server.url}/plans/episodes/{episode.pk}/contacts/new/")
    fill_date(page, "Date of the contact", today)
    choose(page, "Type of contact", "Home visit")
    page.get_by_label("Notes").fill("Talked about the flat and how she is sleeping.")
    page.get_by_text("Update goal progress").click()
    page.get_by_label("Goal 1: Get my own flat near my sister").select_option(label="Progressing")
    page.get_by_text("Record the PHQ-9").click()
    phq9_answers(page, ["Several days"] * 8 + ["Not at all"])  # 8
    check_accessibility(page, "the contact form with its optional sections open")
    page.get_by_role("button", name="Save contact").click()
    expect(page.get_by_text("Contact recorded")).to_be_visible()

    page.goto(f"{live_server.url}/measures/episodes/{episode.pk}/new/wellbeing_wheel/")
    fill_date(page, "Date completed", today)
    wheel_answers(page, [6, 5, 5, 4, 7, 2, 8, 9, 5, 6], [6, 5, 5, 7, 7, 2, 5, 9, 5, 6])
    page.get_by_role("button", name="Save Wellbeing wheel").click()

    phq = page.get_by_role("region", name="Patient Health Questionnaire (PHQ-9)")
    expect(phq.locator("svg[role=img]")).to_be_visible()
    expect(phq.locator("tbody tr")).to_have_count(2)
    expect(phq).to_contain_text("-12 (reliable improvement)")
    wheel = page.get_by_role("region", name="Alongside wellbeing wheel")
    expect(wheel.locator("svg[role=img]")).to_be_visible()
    expect(wheel).to_contain_text("The parent: +27 (better)")
    expect(wheel.get_by_text("Point for discussion")).to_have_count(2)
    check_accessibility(page, "the measures charts")
    assert_no_js_errors(page)

    # The manager sees the drift.
    context = browser.new_context(base_url=live_server.url)
    manager_page = context.new_page()
    manager_page.js_errors = []
    sign_in(manager_page, live_server, team_manager, totp_code(team_manager))
    attention = manager_page.locator("table", has_text="What needs attention")
    expect(attention).to_contain_text(parent.full_name)
    expect(attention).to_contain_text(
        "A goal (housing, for the parent) has been carried over at 2 reviews"
    )
    expect(attention).to_contain_text("more than 18 months with no goal about ending")
    check_accessibility(manager_page, "the team home with the needs attention list")
    context.close()
