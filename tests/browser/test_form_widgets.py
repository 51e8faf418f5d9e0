"""Every kind of widget the forms use, filled in and submitted in headless Chromium on two real
pages, then checked where a person would see the result (ADR 0005).

- Record consent: a select, text inputs, checkboxes for several categories, two date inputs and
  radios. The partner then sees both categories the consent covers.
- Record a contact: a date input, radios, a text input, numbers (the length in minutes and the
  wellbeing wheel's ratings), a textarea, a select (goal progress) and a single checkbox ('Save
  as incomplete' on the PHQ-9). The timeline, the caseload's clock, the plan and the measures
  page show what was entered. (The length in minutes is shown nowhere once saved, so it is
  checked only as it comes back on the form.)

Each page is first sent with a mistake: what was typed must come back as it was, and each link
in the error summary must move focus to the field it names. axe-core runs on every page.
"""

import re
from datetime import timedelta

import pytest
from django import forms
from django.utils import timezone
from playwright.sync_api import expect

from alongside.accounts.models import Organisation, Role
from alongside.core.templatetags.govuk import _kind
from alongside.plans.services import goal_add, plan_agree
from tests.core.test_form_widgets import every_form_class
from tests.factories import OrganisationFactory, UserFactory

from .conftest import assert_no_js_errors, check_accessibility, sign_in, totp_code

pytestmark = pytest.mark.browser

# What the renderer draws (govuk.py `_kind`) and the test below that drives it in the browser.
DRIVEN = {
    "select": "consent (organisation); contact (goal progress)",
    "input": "consent (job role, purpose, witness); contact (who was there, minutes, ratings)",
    "checkboxes": "consent (categories)",
    "date": "consent (starts, ends); contact (date, next planned contact)",
    "radios": "consent (condition, how given); contact (type, confidentiality, PHQ-9)",
    "textarea": "contact (notes)",
    "checkbox": "contact (PHQ-9 'Save as incomplete')",
}

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


def short(day) -> str:
    return f"{day.day} {day:%b %Y}"


def long(day) -> str:
    return f"{day.day} {day:%B %Y}"


def fill_date(scope, legend: str, day: str, month: str, year: str) -> None:
    group = scope.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def expect_date(scope, legend: str, day: str, month: str, year: str) -> None:
    group = scope.get_by_role("group", name=legend)
    expect(group.get_by_label("Day")).to_have_value(day)
    expect(group.get_by_label("Month")).to_have_value(month)
    expect(group.get_by_label("Year")).to_have_value(year)


def radio(scope, question: str, answer: str):
    return scope.get_by_role("group", name=question).get_by_label(answer, exact=True)


def follow_error_link(page, message: str, field) -> None:
    """The error summary links to the field: following the link puts focus on it."""
    page.locator(".govuk-error-summary").get_by_role("link", name=message).click()
    expect(field).to_be_focused()


def test_the_browser_tests_drive_every_kind_of_widget_the_forms_use():
    """A form that brings a new kind of widget fails here until a browser test drives it."""
    used = set()
    for form_class in every_form_class():
        for name, field in form_class.base_fields.items():
            if isinstance(field.widget, forms.HiddenInput):
                continue
            bound = forms.Form()
            bound.fields[name] = field
            used.add(_kind(bound[name]))
    assert used - set(DRIVEN) == set(), "Add these widget kinds to a browser test"
    assert set(DRIVEN) - used == set(), "DRIVEN names a kind no form uses any more"


def test_consent_with_two_categories_is_entered_kept_and_shown_to_the_partner(
    live_server, page, browser, practitioner, episode
):
    partner_org = OrganisationFactory(
        name="Northbrook Children's Services (test)", kind=Organisation.Kind.PARTNER
    )
    OrganisationFactory(name="Eastfield Housing (test)", kind=Organisation.Kind.PARTNER)
    social_worker = UserFactory(
        organisation=partner_org, team=None, role=Role.PARTNER, job_title="Social worker"
    )
    today = timezone.localdate()
    starts, ends = today - timedelta(days=1), today + timedelta(days=180)
    two_categories = [
        "Contacts and their notes, where marked shareable",
        "Children's details and where they live",
    ]

    sign_in(page, live_server, practitioner, totp_code(practitioner))
    page.goto(f"{live_server.url}/parents/{episode.parent_id}/")
    page.get_by_role("link", name="Sharing and consent").click()
    page.get_by_role("link", name="Record consent").click()
    check_accessibility(page, "the consent form")

    # Nothing ticked: the error links to the first checkbox of the group.
    page.get_by_role("button", name="Save consent").click()
    categories = page.get_by_role("group", name="What may be shared?")
    follow_error_link(page, "Choose what may be shared", categories.get_by_role("checkbox").first)
    check_accessibility(page, "the consent form with errors")

    # Everything but the witness that verbal consent needs.
    page.get_by_label("Who may see it?").select_option(label=partner_org.name)
    page.get_by_label("Only people in this role at the organisation (optional)").fill(
        "Social worker"
    )
    for label in two_categories:
        categories.get_by_label(label).check()
    page.get_by_label("What will it be used for?").fill("Planning family time")
    fill_date(page, "Date the consent starts", str(starts.day), str(starts.month), str(starts.year))
    fill_date(
        page, "Date the consent ends (optional)", str(ends.day), str(ends.month), str(ends.year)
    )
    radio(
        page, "Does the parent want it shared only in some circumstances?", "No condition"
    ).check()
    radio(page, "How did the parent give consent?", "Verbal, with a witness").check()
    page.get_by_role("button", name="Save consent").click()

    # Shown again with the one error, and every answer as it was given.
    witness = page.get_by_label("Witness (for verbal consent)")
    follow_error_link(page, "Enter who witnessed the parent's verbal consent", witness)
    expect(page.get_by_label("Who may see it?")).to_have_value(str(partner_org.pk))
    expect(
        page.get_by_label("Only people in this role at the organisation (optional)")
    ).to_have_value("Social worker")
    expect(categories.get_by_role("checkbox", checked=True)).to_have_count(2)
    for label in two_categories:
        expect(categories.get_by_label(label)).to_be_checked()
    expect(page.get_by_label("What will it be used for?")).to_have_value("Planning family time")
    expect_date(
        page, "Date the consent starts", str(starts.day), str(starts.month), str(starts.year)
    )
    expect_date(
        page, "Date the consent ends (optional)", str(ends.day), str(ends.month), str(ends.year)
    )
    expect(
        radio(page, "How did the parent give consent?", "Verbal, with a witness")
    ).to_be_checked()
    check_accessibility(page, "the consent form with the witness missing")

    witness.fill("Sam Patel, family support worker")
    page.get_by_role("button", name="Save consent").click()
    row = page.locator("tr", has_text=partner_org.name)
    expect(row).to_contain_text(f"{partner_org.name} (Social worker)")
    expect(row).to_contain_text("For: Planning family time")
    expect(row).to_contain_text(f"From {short(starts)} to {short(ends)}")
    expect(row.get_by_text("In force")).to_be_visible()
    check_accessibility(page, "the sharing page with the consent")
    assert_no_js_errors(page)

    # The partner, in the role the consent names, sees exactly the two categories it covers.
    partner_page = browser.new_context(base_url=live_server.url).new_page()
    sign_in(partner_page, live_server, social_worker, totp_code(social_worker))
    partner_page.get_by_role("link", name="Shared with you").first.click()
    partner_page.get_by_role("link", name=episode.parent.full_name).click()
    card = partner_page.locator(".govuk-summary-card", has_text="Consent 1: Social worker only")
    covers = card.locator(".govuk-summary-list__row", has_text="Covers").get_by_role("listitem")
    expect(covers).to_have_text(two_categories)
    expect(card.locator(".govuk-summary-list__row", has_text="Until")).to_contain_text(long(ends))
    check_accessibility(partner_page, "the partner's view of the consent")
    partner_page.context.close()


def test_contact_with_every_other_widget_is_entered_kept_and_shown(
    live_server, page, service, team, practitioner, episode
):
    today = timezone.localdate()
    plan = plan_agree(
        episode=episode, agreed_by=practitioner, agreed_on=episode.opened_on, attended="All"
    )
    goal_add(
        plan=plan,
        added_by=practitioner,
        details={
            "family_member": "parent",
            "member_name": "",
            "area": "housing",
            "in_parents_words": "Get my own flat near my sister",
            "in_workers_words": "",
            "who_helps": "",
            "about_ending": False,
        },
        milestones=[],
    )
    happened, planned = today - timedelta(days=1), today + timedelta(days=3)
    notes = "Talked about the flat.\nShe is sleeping better."
    parent_ratings = [7, 6, 5, 5, 8, 6, 9, 10, 4, 6]
    worker_ratings = [4, 6, 5, 5, 8, 6, 9, 10, 4, 6]

    sign_in(page, live_server, practitioner, totp_code(practitioner))
    page.goto(f"{live_server.url}/parents/{episode.parent_id}/")
    page.get_by_role("link", name="Record a contact").click()
    expect(page.get_by_role("heading", name="Record a contact")).to_be_visible()
    check_accessibility(page, "the contact form")

    # Two mistakes: a date that does not exist and minutes in words.
    fill_date(page, "Date of the contact", "31", "2", str(happened.year))
    radio(page, "Type of contact", "Home visit").check()
    page.get_by_label("Who was there (optional)").fill("The parent and her sister")
    minutes = page.get_by_label("How long, in minutes (optional)")
    expect(minutes).to_have_attribute("inputmode", "numeric")
    minutes.fill("forty five")
    page.get_by_label("Notes").fill(notes)
    page.get_by_text("Update goal progress").click()
    goal = page.get_by_label("Goal 1: Get my own flat near my sister")
    goal.select_option(label="Progressing")
    page.get_by_text("Record the PHQ-9").click()
    phq9 = page.locator("details", has_text="Record the PHQ-9")
    for n, answer in ((1, "Several days"), (2, "Not at all"), (3, "Nearly every day")):
        phq9.get_by_role("group", name=re.compile(rf"^{n}\. ")).get_by_label(
            answer, exact=True
        ).check()
    phq9.get_by_label("Save as incomplete").check()
    page.get_by_text("Record the Wellbeing wheel").click()
    wheel = page.locator("details", has_text="Record the Wellbeing wheel")
    for n, (area, p, w) in enumerate(
        zip(WHEEL_AREAS, parent_ratings, worker_ratings, strict=True), start=1
    ):
        group = wheel.get_by_role("group", name=f"{n}. {area}")
        group.get_by_label("The parent's rating").fill(str(p))
        group.get_by_label("The worker's rating").fill(str(w))
    radio(page, "Who may see these notes?", "Only the service (the usual choice)").check()
    fill_date(
        page,
        "Next planned contact (optional)",
        str(planned.day),
        str(planned.month),
        str(planned.year),
    )
    check_accessibility(page, "the contact form filled in, its optional sections open")
    page.get_by_role("button", name="Save contact").click()

    # Each error links to its field; everything typed, ticked and chosen is still there.
    expect(page).to_have_title(re.compile(r"^Error: "))
    follow_error_link(
        page,
        "Date of the contact must be a real date",
        page.get_by_role("group", name="Date of the contact").get_by_label("Day"),
    )
    follow_error_link(page, "Enter the length of the contact in minutes, like 45", minutes)
    expect_date(page, "Date of the contact", "31", "2", str(happened.year))
    expect(radio(page, "Type of contact", "Home visit")).to_be_checked()
    expect(page.get_by_label("Who was there (optional)")).to_have_value("The parent and her sister")
    expect(minutes).to_have_value("forty five")
    expect(page.get_by_label("Notes")).to_have_value(notes)
    expect(goal).to_have_value("progressing")
    # The optional sections that were filled in come back open, so nothing typed is hidden.
    expect(phq9).to_have_attribute("open", "")
    expect(wheel).to_have_attribute("open", "")
    expect(phq9.get_by_label("Save as incomplete")).to_be_checked()
    expect(phq9.get_by_role("radio", checked=True)).to_have_count(3)
    expect(
        wheel.get_by_role("group", name="1. Home and housing").get_by_label("The worker's rating")
    ).to_have_value("4")
    expect(
        radio(page, "Who may see these notes?", "Only the service (the usual choice)")
    ).to_be_checked()
    expect_date(
        page,
        "Next planned contact (optional)",
        str(planned.day),
        str(planned.month),
        str(planned.year),
    )
    check_accessibility(page, "the contact form with errors")

    fill_date(
        page, "Date of the contact", str(happened.day), str(happened.month), str(happened.year)
    )
    minutes.fill("45")
    page.get_by_role("button", name="Save contact").click()

    # The overview's timeline: the date, the type, who was there and the notes.
    expect(page).to_have_url(f"{live_server.url}/parents/{episode.parent_id}/")
    expect(page.get_by_text("Contact recorded")).to_be_visible()
    entry = page.locator(".moj-timeline__item", has=page.get_by_role("heading", name="Home visit"))
    expect(entry).to_contain_text(long(happened))
    expect(entry).to_contain_text("Who was there: The parent and her sister")
    expect(entry).to_contain_text("Talked about the flat.")
    expect(entry).to_contain_text("She is sleeping better.")
    check_accessibility(page, "the parent overview after the contact")

    # The caseload: the next planned contact, from the second date input, as a clock.
    page.get_by_role("link", name="Home").click()
    row = page.locator("tr", has=page.get_by_role("link", name=episode.parent.full_name))
    expect(row).to_contain_text("Next contact planned in 3 days")

    # The plan: the goal's progress, chosen from the select.
    page.goto(f"{live_server.url}/plans/episodes/{episode.pk}/")
    expect(page.get_by_text(f"{short(happened)}: Progressing")).to_be_visible()
    check_accessibility(page, "the plan with the progress")

    # Measures: the PHQ-9 kept as incomplete (the checkbox), the wheel's ratings as typed.
    page.goto(f"{live_server.url}/measures/parents/{episode.parent_id}/")
    phq = page.get_by_role("region", name="Patient Health Questionnaire (PHQ-9)")
    expect(phq.locator("tbody tr")).to_have_count(1)
    expect(phq.locator("tbody tr")).to_contain_text(short(happened))
    expect(phq.locator("tbody tr")).to_contain_text("Incomplete, not scored")
    areas = page.get_by_role("region", name="Alongside wellbeing wheel").locator(
        "table", has_text="Latest ratings side by side"
    )
    for area, p, w in zip(WHEEL_AREAS, parent_ratings, worker_ratings, strict=True):
        cells = areas.locator("tr", has=page.get_by_role("rowheader", name=area)).locator("td")
        expect(cells.nth(0)).to_have_text(str(p))
        expect(cells.nth(1)).to_have_text(str(w))
    check_accessibility(page, "the measures page after the contact")
    assert_no_js_errors(page)
