"""The team around the family in the browser: three professionals from three organisations add
to one family's shared record, each seeing only what they may."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alongside.accounts.models import Organisation, Role
from alongside.sharing.services import consent_record
from tests.factories import ContactFactory, OrganisationFactory, UserFactory

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
