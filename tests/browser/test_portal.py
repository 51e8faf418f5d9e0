"""The parent's own space on a phone 320 px wide, with axe-core on every page: sign in, say how
a goal is going, fill in a measure the worker sent and the wellbeing wheel, read what is shared,
stop a consent, send a message and change the password; the worker sees each, and the partner
loses the withdrawn category at once."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alongside.accounts.models import Role
from alongside.measures.definitions import get_instrument
from alongside.sharing.selectors import shared_items_for
from tests.factories import PASSWORD, ContactFactory, UserFactory
from tests.portal.conftest import _parent_with_work

from .conftest import assert_no_js_errors, check_accessibility, sign_in, totp_code
from .conftest import look as look_phone_and_desktop

pytestmark = pytest.mark.browser

NARROW = 320
WHEEL = [
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


def at_320(page, what: str) -> None:
    """axe finds nothing, and nothing scrolls sideways at 320 px."""
    page.set_viewport_size({"width": NARROW, "height": 740})
    wide = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            return [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > width + 1)
                .filter(el => !el.closest('.app-scroll-x, .govuk-visually-hidden, .govuk-skip-link, dialog'))
                .map(el => el.tagName.toLowerCase() + '.' + el.className).slice(0, 5);
        }"""
    )
    assert wide == [], f"{what} scrolls sideways at {NARROW} px: {wide}"
    check_accessibility(page, f"{what} at {NARROW} px")


def test_the_parent_on_a_phone_and_the_worker_sees_it(
    live_server, browser, page, service, team, practitioner, team_manager
):
    from alongside.accounts.models import Organisation
    from tests.factories import OrganisationFactory

    partner = OrganisationFactory(
        name="Northbrook social care (test)", kind=Organisation.Kind.PARTNER
    )
    mine = _parent_with_work(service, team, practitioner, partner, "O'Hara", "My own flat")
    ContactFactory(
        episode=mine["episode"], notes="Went to see the flat.", confidentiality="shareable"
    )
    social_worker = UserFactory(organisation=partner, team=None, role=Role.PARTNER)
    assert shared_items_for(social_worker, mine["parent"])
    parent_user = mine["user"]

    # The worker sends the PHQ-9 to the parent's space, to fill in within the week.
    worker_page = browser.new_context().new_page()
    worker_page.js_errors = []
    sign_in(worker_page, live_server, practitioner, totp_code(practitioner))
    worker_page.goto(f"{live_server.url}/parents/{mine['parent'].pk}/")
    worker_page.get_by_role("link", name="Send a measure to fill in").click()
    check_accessibility(worker_page, "send a measure to the parent's space")
    worker_page.get_by_label("Patient Health Questionnaire (PHQ-9)").check()
    due = timezone.localdate() + timedelta(days=7)
    worker_page.get_by_label("Day").fill(str(due.day))
    worker_page.get_by_label("Month").fill(str(due.month))
    worker_page.get_by_label("Year").fill(str(due.year))
    worker_page.get_by_role("button", name="Send to the parent").click()
    expect(worker_page.get_by_text("PHQ-9 sent. The parent will see it")).to_be_visible()

    page.set_viewport_size({"width": NARROW, "height": 740})
    page.goto(f"{live_server.url}/portal/sign-in/")
    at_320(page, "sign in")
    page.get_by_label("Your sign-in name").fill(parent_user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Enter your security code")).to_be_visible()
    at_320(page, "security code")
    page.get_by_label("Security code").fill(totp_code(parent_user))
    page.get_by_role("button", name="Continue").click()

    # My plan: add my view on a goal.
    expect(page.get_by_role("heading", name="My plan")).to_be_visible()
    expect(page.get_by_text("My own flat")).to_be_visible()
    at_320(page, "my plan")
    page.get_by_role("link", name="Say how this is going").click()
    at_320(page, "my view on a goal")
    page.get_by_role("button", name="Send to my worker").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    at_320(page, "my view on a goal, with an error")
    page.get_by_label("How do you feel this goal is going?").fill("I have a viewing on Monday")
    page.get_by_role("button", name="Send to my worker").click()
    expect(page.get_by_text("Your worker will see what you wrote")).to_be_visible()

    # My wellbeing: the PHQ-9 the worker sent. Nothing answered: a message for each question.
    page.goto(f"{live_server.url}/portal/wellbeing/")
    expect(page.get_by_text("Your worker asked you to fill this in")).to_be_visible()
    at_320(page, "my wellbeing, with a measure from the worker")
    page.get_by_role("link", name="Fill in the PHQ-9").click()
    at_320(page, "the PHQ-9 the worker sent")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Choose an answer for question 9")).to_be_visible()
    at_320(page, "the PHQ-9, with errors")
    questions = get_instrument("phq9").items
    for item in questions[:8]:
        page.get_by_role("group", name=f"{item.number}. {item.text}").get_by_label(
            "Not at all"
        ).check()
    page.get_by_role("group", name=f"9. {questions[8].text}").get_by_label("Several days").check()
    page.get_by_role("button", name="Send my answers").click()
    # An answer about self-harm: a kind message and where to get help now, no score.
    expect(page.get_by_role("heading", name="Thank you for your answers")).to_be_visible()
    expect(page.get_by_text("Samaritans on 116 123")).to_be_visible()
    at_320(page, "thank you, with where to get help now")
    page.get_by_role("link", name="See your answers over time on My wellbeing").click()
    expect(page.locator("#chart-phq9-title")).to_have_count(1)
    at_320(page, "my wellbeing, with the PHQ-9 answers")

    # The wellbeing wheel: see the picture with the numbers.
    page.get_by_role("link", name="Fill in the wellbeing wheel").click()
    at_320(page, "the wellbeing wheel")
    for n, area in enumerate(WHEEL, start=1):
        page.get_by_label(area, exact=True).fill(str(min(n, 10)))
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_text("Your wellbeing wheel is saved")).to_be_visible()
    expect(page.get_by_role("img", name="Your wellbeing wheel totals over time")).to_be_visible()
    at_320(page, "my wellbeing, with answers")

    # My achievements and a certificate.
    page.goto(f"{live_server.url}/portal/achievements/")
    at_320(page, "my achievements")
    page.get_by_role("link", name="Certificate to print").first.click()
    expect(page.get_by_text("Certificate of achievement")).to_be_visible()
    at_320(page, "certificate")

    # What is shared: read it, stop sharing.
    page.goto(f"{live_server.url}/portal/shared/")
    expect(page.get_by_text("Planning family time")).to_be_visible()
    at_320(page, "what is shared")
    page.get_by_role("link", name=f"Stop sharing with {partner.name}").click()
    at_320(page, "stop sharing")
    page.get_by_role("button", name="Yes, stop sharing").click()
    expect(page.get_by_text("Your worker and their manager have been told")).to_be_visible()
    # The partner loses the withdrawn categories on their very next request.
    assert shared_items_for(social_worker, mine["parent"]) == []

    # Messages.
    page.goto(f"{live_server.url}/portal/messages/")
    at_320(page, "messages")
    page.get_by_label("Your message").fill("Can we move Thursday's family time?")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_text("Your message is sent")).to_be_visible()

    # My information and my sign-in.
    page.goto(f"{live_server.url}/portal/my-information/")
    at_320(page, "my information")
    page.goto(f"{live_server.url}/portal/sign-in-settings/")
    at_320(page, "my sign-in")
    look_phone_and_desktop(page, "my sign-in", "portal")
    # Change my password, inside my space.
    page.get_by_role("link", name="Change your password").click()
    expect(page.get_by_role("link", name="Leave this page quickly")).to_be_visible()
    at_320(page, "change my password")
    page.get_by_label("Your password now").fill(PASSWORD)
    page.get_by_label("Choose a new password").fill("three random words here")
    page.get_by_label("Type the new password again").fill("three random words herf")
    page.get_by_role("button", name="Change my password").click()
    expect(page.get_by_text("The two new passwords are not the same").first).to_be_visible()
    at_320(page, "change my password, with an error")
    page.get_by_label("Your password now").fill(PASSWORD)
    page.get_by_label("Choose a new password").fill("three random words here")
    page.get_by_label("Type the new password again").fill("three random words here")
    page.get_by_role("button", name="Change my password").click()
    expect(page.get_by_text("Your password is changed")).to_be_visible()

    # Leave this page quickly: the page and its history entry are replaced.
    page.goto(f"{live_server.url}/portal/")
    page.get_by_role("link", name="Leave this page quickly").click()
    expect(page.get_by_role("heading", name="Weather today")).to_be_visible()
    at_320(page, "the neutral page")
    page.go_back()
    expect(page).not_to_have_url(f"{live_server.url}/portal/")
    assert_no_js_errors(page)

    # The worker sees each of these (and the PHQ-9 answers, marked as the parent's own, with
    # the alert beside the notice).
    worker_page.goto(f"{live_server.url}/parents/{mine['parent'].pk}/")
    expect(worker_page.get_by_text("the parent filled in the PHQ-9").first).to_be_visible()
    expect(worker_page.get_by_text("Follow your service's safety procedure").first).to_be_visible()
    expect(worker_page.get_by_text("I have a viewing on Monday")).to_be_visible()
    expect(worker_page.get_by_text("the parent withdrew their consent").first).to_be_visible()
    expect(worker_page.get_by_text("Can we move Thursday's family time?")).to_be_visible()
    check_accessibility(worker_page, "parent overview with the parent's space")
    worker_page.get_by_role("link", name="Messages with the parent").click()
    check_accessibility(worker_page, "worker's messages")
    worker_page.get_by_label("Reply").fill("Yes, Friday at 10 works")
    worker_page.get_by_role("button", name="Send reply").click()
    expect(worker_page.get_by_text("Your reply is sent")).to_be_visible()
    worker_page.goto(f"{live_server.url}/measures/parents/{mine['parent'].pk}/")
    expect(worker_page.get_by_text("Wellbeing wheel").first).to_be_visible()
    expect(worker_page.get_by_text("Filled in by the parent").first).to_be_visible()
    check_accessibility(worker_page, "measures over time, with the parent's own answers")
    worker_page.context.close()


def test_invited_by_the_worker_the_parent_sets_up_their_sign_in_and_adds_an_achievement(
    live_server, browser, page, service, team, practitioner, mailoutbox
):
    """The pages around the invitation: the worker's invitation, the parent's choice of sign-in
    name and password, both ways of getting a security code, and adding an achievement."""
    from alongside.accounts.models import Organisation
    from tests.factories import OrganisationFactory

    partner = OrganisationFactory(kind=Organisation.Kind.PARTNER)
    mine = _parent_with_work(service, team, practitioner, partner, "Quinn", "A job I like")
    # The parent lost their phone: a new invitation sets their sign-in up again.

    worker_page = browser.new_context(base_url=live_server.url).new_page()
    worker_page.js_errors = []
    sign_in(worker_page, live_server, practitioner, totp_code(practitioner))
    worker_page.goto(f"{live_server.url}/parents/{mine['parent'].pk}/")
    worker_page.get_by_role("link", name="Invite to the parent's space").click()
    look_phone_and_desktop(worker_page, "invite to the parent's space", "portal-worker")
    worker_page.get_by_role("button", name="Create invitation").click()
    look_phone_and_desktop(worker_page, "invitation created", "portal-worker")
    link = worker_page.locator("#invitation-link").inner_text().strip()
    worker_page.context.close()

    page.set_viewport_size({"width": NARROW, "height": 740})
    page.goto(link)
    at_320(page, "the invitation")
    page.get_by_label("Choose a sign-in name").fill("bluebird27")
    page.get_by_label("Choose a password", exact=True).fill("a-long-and-private-passphrase")
    page.get_by_label("Type the password again").fill("a-long-and-private-passphrase")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Your security code")).to_be_visible()
    at_320(page, "how to get a security code")
    page.get_by_label("An app on my phone").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Set up the app")).to_be_visible()
    at_320(page, "setting up the app")
    page.go_back()
    page.get_by_label("A code sent to my email").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    at_320(page, "check your email")
    code = re.search(r"\b(\d{6})\b", mailoutbox[-1].body).group(1)
    page.get_by_label("Security code").fill(code)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="My plan")).to_be_visible()

    page.goto(f"{live_server.url}/portal/achievements/")
    page.get_by_role("link", name=re.compile("Add")).first.click()
    at_320(page, "add an achievement")
    page.get_by_label("What did you achieve?").fill("Went to my first day at college")
    page.get_by_role("button", name=re.compile("Save|Add")).click()
    expect(page.get_by_text("Went to my first day at college")).to_be_visible()
    assert_no_js_errors(page)
