"""The team around the family in the browser: three professionals from three organisations add
to one family's shared record, each seeing only what they may."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alongside.accounts.models import Organisation, Role
from alongside.sharing.services import consent_record
from tests.factories import ContactFactory, OrganisationFactory, UserFactory
from tests.pdfs import pdf_text

from .conftest import assert_no_js_errors, look, sign_in, totp_code

pytestmark = pytest.mark.browser

PRIVATE = "Talked in confidence about the last hearing."


def fill_date(page, legend: str, day) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def add_entry(page, live_server, parent_id, text) -> None:
    page.goto(f"{live_server.url}/parents/{parent_id}/team/")
    page.get_by_role("link", name="Add a contact or observation").click()
    page.get_by_label("Observation").check()
    fill_date(page, "When did it happen?", timezone.localdate())
    page.get_by_label("What happened").fill(text)
    page.get_by_role("button", name="Add to the record").click()
    expect(page.get_by_text(text)).to_be_visible()


def test_three_organisations_add_to_one_familys_record(
    live_server, page, browser, practitioner, episode
):
    today = timezone.localdate()
    parent = episode.parent
    abuse_org = OrganisationFactory(
        name="Northbrook Domestic Abuse Service (test)", kind=Organisation.Kind.PARTNER
    )
    recovery_org = OrganisationFactory(
        name="Northbrook Recovery Service (test)", kind=Organisation.Kind.PARTNER
    )
    outside_org = OrganisationFactory(
        name="Northbrook Housing (test)", kind=Organisation.Kind.PARTNER
    )
    adviser = UserFactory(organisation=abuse_org, team=None, role=Role.PARTNER)
    recovery = UserFactory(organisation=recovery_org, team=None, role=Role.PARTNER)
    outsider = UserFactory(organisation=outside_org, team=None, role=Role.PARTNER)
    for org in (abuse_org, recovery_org):
        consent_record(
            parent=parent,
            recorded_by=practitioner,
            organisation=org,
            categories=["engagement"],
            purpose="Working together as the team around the family",
            starts_on=today,
            how_given="signed",
        )
    ContactFactory(episode=episode, notes=PRIVATE)

    # The key worker puts the adviser on the team and adds an observation.
    sign_in(page, live_server, practitioner, totp_code(practitioner))
    page.goto(f"{live_server.url}/parents/{parent.pk}/")
    page.get_by_role("link", name="Team around the family").click()
    page.get_by_role("link", name="Add someone to the team").click()
    page.get_by_label("Who").select_option(label=f"{adviser.display_name}, {abuse_org.name}")
    page.get_by_label("Their role on this family").fill("Independent domestic violence adviser")
    page.get_by_label("Discipline").select_option(label="Domestic abuse")
    fill_date(page, "Date they started working with the family", today)
    page.get_by_role("button", name="Add to the team").click()
    expect(page.get_by_text("Independent domestic violence adviser")).to_be_visible()
    add_entry(page, live_server, parent.pk, "Service: she came to the group on time.")
    assert_no_js_errors(page)

    # Two partners, each with the parent's consent, add from their own organisation.
    partners = {}
    for who, text in (
        (adviser, "Adviser: safety plan reviewed with her."),
        (recovery, "Recovery: third clear test in a row."),
    ):
        partner_page = browser.new_context(base_url=live_server.url).new_page()
        sign_in(partner_page, live_server, who, totp_code(who))
        partner_page.goto(f"{live_server.url}/shared/{parent.pk}/")
        partner_page.get_by_role("link", name="Team around the family").click()
        add_entry(partner_page, live_server, parent.pk, text)
        partners[who.pk] = partner_page

    # Everyone on the team sees all three, each marked with its organisation; the partners
    # never see the service's own record.
    everything = [
        "Service: she came to the group on time.",
        "Adviser: safety plan reviewed with her.",
        "Recovery: third clear test in a row.",
    ]
    page.goto(f"{live_server.url}/parents/{parent.pk}/team/")
    for text in everything:
        expect(page.get_by_text(text)).to_be_visible()
    expect(page.get_by_text(f"Observation: {recovery_org.name}")).to_be_visible()
    look(page, "Team around the family, key worker", "workbook")
    page.goto(f"{live_server.url}/parents/{parent.pk}/")
    expect(page.get_by_text(PRIVATE)).to_be_visible()
    for partner_page in partners.values():
        partner_page.goto(f"{live_server.url}/parents/{parent.pk}/team/")
        for text in everything:
            expect(partner_page.get_by_text(text)).to_be_visible()
        expect(partner_page.get_by_text(PRIVATE)).to_have_count(0)
        expect(partner_page.get_by_text(f"Observation: {abuse_org.name}")).to_be_visible()
    look(partners[adviser.pk], "Team around the family, partner", "workbook")
    for partner_page in partners.values():
        partner_page.context.close()

    # A professional whose organisation has no consent sees nothing of it.
    outside_page = browser.new_context(base_url=live_server.url).new_page()
    sign_in(outside_page, live_server, outsider, totp_code(outsider))
    outside_page.goto(f"{live_server.url}/parents/{parent.pk}/team/")
    expect(outside_page.get_by_text("Page not found")).to_be_visible()
    for text in everything:
        expect(outside_page.get_by_text(text)).to_have_count(0)
    outside_page.context.close()


def test_a_worker_records_risk_and_strengths_and_filters_the_chronology(
    live_server, page, practitioner, episode
):
    today = timezone.localdate()
    parent = episode.parent
    ContactFactory(episode=episode, notes=PRIVATE, happened_on=today)
    sign_in(page, live_server, practitioner, totp_code(practitioner))
    page.goto(f"{live_server.url}/parents/{parent.pk}/team/")
    page.get_by_role("link", name="Risk and strengths").click()
    expect(page.get_by_text("No assessments recorded yet.")).to_be_visible()

    # A rating left out is named in the error summary; then two assessments, a month apart.
    for n, (day, ratings) in enumerate(
        [
            (
                today - timedelta(days=30),
                {"Domestic abuse": 2, "Housing": 1, "Strengths and support": 3},
            ),
            (today, {"Domestic abuse": 3, "Housing": 2, "Strengths and support": 4}),
        ]
    ):
        page.get_by_role("link", name="Record an assessment").click()
        fill_date(page, "Date of the assessment", day)
        for factor in [
            "Domestic abuse",
            "Substance use",
            "Mental health",
            "Housing",
            "Learning needs",
            "Strengths and support",
        ]:
            group = page.get_by_role("group", name=factor)
            if factor in ratings:
                group.get_by_label(re.compile(rf"^{ratings[factor]}: ")).check()
            elif not (n == 0 and factor == "Learning needs"):
                group.get_by_label("Not rated this time").check()
        if n == 0:
            page.get_by_role("button", name="Record the assessment").click()
            expect(page.get_by_text("There is a problem")).to_be_visible()
            summary = page.locator(".govuk-error-summary")
            expect(
                summary.get_by_text("Choose a rating for learning needs, or 'Not rated this time'")
            ).to_be_visible()
            look(page, "Risk and strengths, a rating left out", "workbook")
            page.get_by_role("group", name="Learning needs").get_by_label(
                "Not rated this time"
            ).check()
        page.get_by_label("Note (optional)").fill(f"Assessment {n + 1}, talked through together.")
        page.get_by_role("button", name="Record the assessment").click()
        expect(page.get_by_text("Risk and strengths assessment recorded")).to_be_visible()

    chart = page.get_by_role("img", name=re.compile("Risk and strengths over time"))
    expect(chart).to_be_visible()
    table = page.get_by_role("table", name=re.compile("Ratings for"))
    expect(table.get_by_role("row")).to_have_count(7)  # the dates, and a row per factor
    expect(table.get_by_role("row", name="Housing 1 2")).to_be_visible()
    look(page, "Risk and strengths, two assessments", "workbook")
    assert_no_js_errors(page)

    # The chronology, narrowed to assessments, without JavaScript's help: a GET form.
    page.goto(f"{live_server.url}/parents/{parent.pk}/team/chronology/")
    page.get_by_label("Type").select_option(label="Assessment")
    page.get_by_label("Discipline of who recorded it").select_option(label="Recurrent care service")
    page.get_by_role("button", name="Show what matches").click()
    expect(page.get_by_text("2 items match what you chose")).to_be_visible()
    expect(page.get_by_text(PRIVATE)).to_have_count(0)
    look(page, "Chronology, filtered to assessments", "workbook")

    # The contact is marked significant and is on the chronology for the court.
    page.goto(f"{live_server.url}/parents/{parent.pk}/team/chronology/")
    page.get_by_label("Type").select_option(label="Contact")
    page.get_by_role("button", name="Show what matches").click()
    page.get_by_role("button", name=re.compile("^Mark significant")).click()
    expect(page.get_by_text("Marked significant", exact=True)).to_be_visible()
    page.goto(f"{live_server.url}/parents/{parent.pk}/team/chronology/")
    page.get_by_label("Only what is marked significant").check()
    page.get_by_role("button", name="Show what matches").click()
    expect(page.get_by_text(PRIVATE)).to_be_visible()
    expect(page.get_by_text("1 item matches what you chose")).to_be_visible()
    look(page, "Chronology, significant only", "workbook")
    assert_no_js_errors(page)


def test_the_key_worker_creates_a_summary_reads_it_and_downloads_the_pdf(
    live_server, page, practitioner, episode
):
    today = timezone.localdate()
    parent = episode.parent
    note = "Talked about Maisie's first day at nursery & the bus <route>."
    ContactFactory(episode=episode, notes=note, happened_on=today - timedelta(days=3))
    sign_in(page, live_server, practitioner, totp_code(practitioner))
    page.goto(f"{live_server.url}/parents/{parent.pk}/")
    page.get_by_role("link", name="Create a summary").click()
    look(page, "Create a summary", "workbook")

    # A range ending before it starts is refused, with the message by the field.
    page.get_by_label("A new worker in this service").check()
    page.get_by_label("Name of the court, conference or worker").fill("Sam Okafor, new key worker")
    fill_date(page, "Start date", today)
    fill_date(page, "End date", today - timedelta(days=30))
    page.get_by_label("The service's view").fill("Steady progress; ready for more family time.")
    page.get_by_role("button", name="Create the summary").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "The end date must be the same as or after the start date"
    )
    look(page, "Create a summary, refused dates", "workbook")

    fill_date(page, "Start date", today - timedelta(days=30))
    fill_date(page, "End date", today)
    page.get_by_label("Include every contact in these dates").check()
    page.get_by_role("button", name="Create the summary").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Summary for a new worker in this service: {parent.full_name}"
    )
    expect(page.get_by_text(note)).to_be_visible()
    expect(page.get_by_text("Steady progress; ready for more family time.")).to_be_visible()
    look(page, "Family summary for a new worker", "workbook")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the summary as a PDF").click()
    text = pdf_text(Path(download.value.path()).read_bytes())
    assert note in text and "Steady progress; ready for more family time." in text
    assert_no_js_errors(page)
