"""A parent the service worked with until two years ago is referred again by a midwife through
her organisation's link. The service manager sees the likely match with the fields that agreed,
links the referral to the earlier record, and finds the earlier episode on the overview. axe
checks every page."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alongside.accounts.models import Organisation, Role
from alongside.referrals.models import Referral
from alongside.referrals.services import partner_access_issue
from tests.factories import (
    ChildFactory,
    EpisodeFactory,
    OrganisationFactory,
    ParentFactory,
    UserFactory,
)

from .conftest import check_accessibility, look, sign_in, totp_code

pytestmark = pytest.mark.browser


def fill_date(page, legend: str, day: date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_a_parent_referred_again_is_linked_to_her_earlier_record(live_server, page, service, team):
    today = timezone.localdate()
    manager = UserFactory(organisation=service, team=None, role=Role.SERVICE_MANAGER)
    worker = UserFactory(organisation=service, team=team, role=Role.PRACTITIONER)
    known = ParentFactory(
        organisation=service,
        given_name="Elizabeth",
        family_name="Okonkwo",
        date_of_birth=date(1994, 5, 17),
        postcode="NB1 2ZZ",
    )
    ChildFactory(parent=known, given_name="Wren")
    closed_on = today - timedelta(days=2 * 365)
    EpisodeFactory(
        organisation=service,
        team=team,
        parent=known,
        key_worker=worker,
        status="closed",
        opened_on=today - timedelta(days=3 * 365),
        closed_on=closed_on,
        closure_reason="planned",
    )
    midwives = OrganisationFactory(
        name="Northbrook midwives (test)", kind=Organisation.Kind.PARTNER
    )
    _, secret = partner_access_issue(organisation=service, partner=midwives, created_by=manager)

    # The midwife refers, with no account, through her organisation's link.
    page.goto(f"{live_server.url}/referrals/link/{secret}/")
    look(page, "the partner referral form", "referral-matching")
    page.get_by_label("First name").fill("Liz")
    page.get_by_label("Last name").fill("Marsh")
    page.get_by_label("Previous names (optional)").fill("Liz Okonkwo")
    fill_date(page, "Date of birth", date(1994, 5, 17))
    page.get_by_label("Postcode (optional)").fill("NB1 2ZY")
    page.get_by_role(
        "group", name="Does the parent know about this referral and agree to it?"
    ).get_by_label("Yes").check()
    page.get_by_label("Why are you referring the parent?").fill("Pregnant again; due in June.")
    page.get_by_label("Midwifery or health visiting").check()
    page.get_by_label("Your name").fill("Sam Midwife")
    page.get_by_label("How the service can contact you").fill("sam@example.org")
    page.get_by_role("button", name="Send referral").click()
    expect(page.get_by_role("heading", name="Referral received")).to_be_visible()
    referral = Referral.objects.get(tracking__channel="partner_link")
    expect(page.get_by_text(referral.tracking.reference)).to_be_visible()
    expect(page.get_by_text("Awaiting decision")).to_be_visible()
    check_accessibility(page, "the referrer's status page")

    # The service manager sees the likely match and why.
    sign_in(page, live_server, manager, totp_code(manager))
    page.goto(f"{live_server.url}/referrals/{referral.pk}/decide/")
    expect(page.get_by_role("heading", name="Possible earlier records")).to_be_visible()
    expect(page.get_by_text("Elizabeth Okonkwo, born 17 May 1994")).to_be_visible()
    expect(page.get_by_text("Date of birth: the same")).to_be_visible()
    expect(page.get_by_text("Last name: matches a previous name")).to_be_visible()
    look(page, "the decision page with a likely match", "referral-matching")
    page.get_by_role("button", name=re.compile(r"^Link to this record")).click()
    expect(page.get_by_text("Referral linked to Elizabeth Okonkwo's record")).to_be_visible()
    referral.refresh_from_db()
    assert referral.parent_id == known.pk

    # Her record shows the earlier episode (and her child) alongside the new referral.
    page.goto(f"{live_server.url}/parents/{known.pk}/")
    expect(page.get_by_text(closed_on.strftime("%-d %B %Y"), exact=False).first).to_be_visible()
    expect(page.get_by_text("Wren").first).to_be_visible()
    check_accessibility(page, "the overview after linking")
