"""The parent's own space: invitation, sign-in with an app or a code by email, the pages, and
what the worker and manager see."""

import re
from datetime import timedelta
from html import escape

from django.core import mail
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp

from alongside.accounts.models import AuthenticatorDevice, Role
from alongside.audit.models import AuditEntry
from alongside.casework.attention import needs_attention_for
from alongside.casework.selectors import timeline_for
from alongside.measures.models import MeasureResponse
from alongside.plans.models import Achievement
from alongside.portal.models import (
    EmailCodeDevice,
    GoalView,
    PortalAccount,
    PortalInvitation,
    PortalNotice,
)
from alongside.portal.selectors import letter_for_parent
from alongside.portal.services import invitation_issue
from alongside.sharing.models import Consent
from alongside.sharing.selectors import shared_items_for

from ..factories import ContactFactory, UserFactory

PASSWORD = "a long enough phrase for me"


def _accept(client, token, username="bluebird27"):
    return client.post(
        f"/portal/invitation/{token}/",
        {"username": username, "new_password": PASSWORD, "new_password_again": PASSWORD},
    )


def test_invited_parent_sets_up_an_app_and_signs_in(db, signed_in, two_parents):
    mine = two_parents["mine"]
    PortalAccount.objects.filter(parent=mine["parent"]).delete()
    worker = signed_in(two_parents["worker"])
    response = worker.post(f"/parents/{mine['parent'].pk}/invite-to-their-space/")
    link = re.search(r"/portal/invitation/[\w-]+/", response.content.decode()).group(0)
    assert len(mail.outbox) == 1 and link in mail.outbox[0].body  # emailed to the record's address

    parent = Client()
    assert "Set up your sign-in" in parent.get(link).content.decode()
    assert _accept(parent, link.split("/")[-2]).headers["Location"] == "/portal/sign-in/set-up/"
    assert parent.post("/portal/sign-in/set-up/", {"method": "app"}).status_code == 302
    assert parent.get("/portal/sign-in/set-up/app/").status_code == 200
    account = PortalAccount.objects.get(parent=mine["parent"])
    user = account.user
    assert user.role == Role.PARENT and user.first_name == "" and user.email == ""
    device = AuthenticatorDevice.objects.get(user=user, confirmed=False)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    response = parent.post("/portal/sign-in/set-up/app/", {"code": code})
    assert response.headers["Location"] == "/portal/"
    assert parent.get("/portal/").status_code == 200
    # The link works once: a second use gives a plain message.
    again = Client().get(link).content.decode()
    assert "This link does not work" in again and "already been used" in again


def test_code_by_email_and_signing_in_again(db, two_parents):
    mine = two_parents["mine"]
    PortalAccount.objects.filter(parent=mine["parent"]).delete()
    token = invitation_issue(parent=mine["parent"], issued_by=two_parents["worker"])
    parent = Client()
    _accept(parent, token, "robin42")
    parent.post("/portal/sign-in/set-up/", {"method": "email"})
    parent.get("/portal/sign-in/set-up/email/")
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    assert parent.post("/portal/sign-in/set-up/email/", {"code": code}).status_code == 302
    assert parent.get("/portal/").status_code == 200
    parent.post("/sign-out/")

    # Signing in again: password, then a fresh code by email. The staff sign-in page works too.
    again = Client()
    response = again.post("/portal/sign-in/", {"username": "robin42", "password": PASSWORD})
    assert response.headers["Location"] == "/portal/sign-in/security-code/"
    assert again.get("/portal/").status_code == 302  # not yet
    again.post("/portal/sign-in/security-code/", {"action": "send"})
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    assert again.post("/portal/sign-in/security-code/", {"code": "000000"}).status_code == 200
    # (A wrong code slows the next try: django-otp's throttling. Lift it for the test.)
    EmailCodeDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    assert again.post("/portal/sign-in/security-code/", {"code": code}).headers["Location"] == (
        "/portal/"
    )
    # A code works once.
    other = Client()
    other.post("/sign-in/", {"username": "robin42", "password": PASSWORD})
    assert other.post("/portal/sign-in/security-code/", {"code": code}).status_code == 200


def test_withdrawn_and_expired_invitations_give_a_plain_message(db, two_parents):
    parent = two_parents["mine"]["parent"]
    old = invitation_issue(parent=parent, issued_by=two_parents["worker"])
    new = invitation_issue(parent=parent, issued_by=two_parents["worker"])
    body = Client().get(f"/portal/invitation/{old}/").content.decode()
    assert "replaced by a newer one" in body
    PortalInvitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    body = Client().get(f"/portal/invitation/{new}/").content.decode()
    assert "too old" in body
    assert "could not find" in Client().get("/portal/invitation/nonsense/").content.decode()


def test_recovery_through_a_new_invitation_replaces_password_and_second_factor(db, two_parents):
    mine = two_parents["mine"]
    user = mine["user"]
    token = invitation_issue(parent=mine["parent"], issued_by=two_parents["worker"])
    client = Client()
    _accept(client, token, user.username)
    assert not AuthenticatorDevice.objects.filter(user=user).exists()
    assert PortalAccount.objects.get(parent=mine["parent"]).user_id == user.pk


def test_a_parent_with_no_invitation_cannot_set_up_a_second_factor(db, two_parents):
    user = two_parents["mine"]["user"]
    AuthenticatorDevice.objects.filter(user=user).delete()
    client = Client()
    client.post(
        "/portal/sign-in/", {"username": user.username, "password": "correct-horse-battery-staple"}
    )
    assert "Ask your worker" in client.get("/portal/sign-in/set-up/").content.decode()
    assert "Ask your worker" in client.get("/portal/sign-in/security-code/").content.decode()


def test_the_journey_reaches_the_worker_and_the_partner(db, signed_in, two_parents):
    mine, partner_org = two_parents["mine"], two_parents["partner"]
    ContactFactory(
        episode=mine["episode"], notes="Shareable visit note.", confidentiality="shareable"
    )
    social_worker = UserFactory(organisation=partner_org, team=None, role=Role.PARTNER)
    assert any(i.category == "contacts" for i in shared_items_for(social_worker, mine["parent"]))

    client = signed_in(mine["user"])
    plan = client.get("/portal/").content.decode()
    assert "My own flat" in plan and "Go to the housing office" in plan
    goal = mine["goal"]
    client.post(f"/portal/goals/{goal.pk}/your-view/", {"text": "Nearly there, I have a viewing"})
    wheel = {
        f"parent__{item}": "6"
        for item in (
            "home",
            "money",
            "physical_health",
            "emotional_wellbeing",
            "relationships",
            "family_time",
            "keeping_safe",
            "alcohol_drugs",
            "learning_work",
            "support",
        )
    }
    assert client.post("/portal/wellbeing/wheel/", wheel).status_code == 302
    shared = client.get("/portal/shared/").content.decode()
    assert escape(partner_org.name) in shared and "Planning family time" in shared
    client.post(f"/portal/shared/{mine['consent'].pk}/stop/")
    client.post("/portal/messages/", {"text": "Can we move Thursday?"})
    client.post(
        "/portal/achievements/new/",
        {
            "text": "Cooked for my sister",
            "happened_on_0": "1",
            "happened_on_1": "1",
            "happened_on_2": "2025",
        },
    )

    # The worker sees each of these.
    assert GoalView.objects.get().text == "Nearly there, I have a viewing"
    events = timeline_for(mine["parent"])
    assert any("parent's own words" in e.title and "viewing" in e.text for e in events)
    response = MeasureResponse.objects.get(parent=mine["parent"])
    assert response.answers["parent"]["home"] == 6 and response.scores["parent"]["total"] == 60
    assert Consent.objects.get(pk=mine["consent"].pk).withdrawn_at is not None
    assert Achievement.objects.filter(parent=mine["parent"], whose="parent").exists()
    worker = signed_in(two_parents["worker"])
    overview = worker.get(f"/parents/{mine['parent'].pk}/").content.decode()
    assert "withdrew their consent" in overview and "Can we move Thursday?" in overview
    assert "Nearly there, I have a viewing" in overview
    messages = worker.get(f"/parents/{mine['parent'].pk}/messages/").content.decode()
    assert "Can we move Thursday?" in messages
    worker.post(f"/parents/{mine['parent'].pk}/messages/", {"text": "Yes, Friday at 10"})
    assert "Friday at 10" in client.get("/portal/messages/").content.decode()
    # The manager's 'needs attention' list has the withdrawal and the correction.
    items = [i.what for i in needs_attention_for(two_parents["manager"])]
    assert any("withdrew their consent" in w for w in items)
    assert any("correction" in w for w in items)
    # The partner loses the withdrawn categories on their next request.
    assert shared_items_for(social_worker, mine["parent"]) == []
    # Marking a notice dealt with takes it off the list.
    notice = PortalNotice.objects.get(parent=mine["parent"], kind="consent_withdrawn")
    worker.post(f"/parents/notices/{notice.pk}/dealt-with/")
    assert PortalNotice.objects.get(pk=notice.pk).dealt_with_at is not None


def test_messages_are_encrypted_and_audited_without_content(db, signed_in, two_parents):
    from django.db import connection

    mine = two_parents["mine"]
    signed_in(mine["user"]).post("/portal/messages/", {"text": "Private words here"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM portal_portalmessage")
        assert all("Private words" not in row[0] for row in cursor.fetchall())
    entry = AuditEntry.objects.filter(object_type="portal.portalmessage").last()
    assert entry.parent_id == mine["parent"].pk and "Private" not in str(entry.detail)


def test_a_message_waiting_two_days_reaches_the_manager(db, two_parents):
    mine = two_parents["mine"]
    mine["message"].__class__.objects.filter(pk=mine["message"].pk).update(
        sent_at=timezone.now() - timedelta(days=3)
    )
    items = [i.what for i in needs_attention_for(two_parents["manager"])]
    assert any("message from the parent" in w for w in items)


def test_leaving_quickly_signs_the_parent_out(db, signed_in, two_parents):
    client = signed_in(two_parents["mine"]["user"])
    body = client.get("/portal/").content.decode()
    assert 'href="/portal/leave/"' in body and "Leave this page quickly" in body
    leave = client.get("/portal/leave/").content.decode()
    assert "Weather today" in leave and "Alongside" not in leave
    assert client.get("/portal/").status_code == 302


def test_parents_have_a_shorter_idle_time_out(db, signed_in, two_parents, clock, settings):
    settings.ALONGSIDE_PARENT_IDLE_TIMEOUT_SECONDS = 600
    client = signed_in(two_parents["mine"]["user"])
    assert client.get("/portal/").status_code == 200
    clock.advance(601)
    response = client.get("/portal/")
    assert response.headers["Location"].startswith("/portal/sign-in/?timed_out=1")
    staff = signed_in(two_parents["worker"])
    staff.get("/")
    clock.advance(601)
    assert staff.get("/").status_code == 200


def test_the_download_leaves_out_what_a_person_must_check(db, signed_in, two_parents):
    mine = two_parents["mine"]
    letter = letter_for_parent(mine["parent"])
    assert all(not e.check for s in letter.sections for i in s.items for e in i.entries)
    response = signed_in(mine["user"]).get("/portal/my-information/download/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert AuditEntry.objects.filter(action="export", parent_id=mine["parent"].pk).exists()


def test_a_certificate_and_the_wellbeing_picture(db, signed_in, two_parents):
    mine = two_parents["mine"]
    client = signed_in(mine["user"])
    certificate = client.get(f"/portal/achievements/{mine['achievement'].pk}/certificate/")
    assert "Certificate of achievement" in certificate.content.decode()
    wheel = {
        f"parent__{item}": str(n)
        for n, item in enumerate(
            (
                "home",
                "money",
                "physical_health",
                "emotional_wellbeing",
                "relationships",
                "family_time",
                "keeping_safe",
                "alcohol_drugs",
                "learning_work",
                "support",
            ),
            start=1,
        )
    }
    client.post("/portal/wellbeing/wheel/", wheel)
    page = client.get("/portal/wellbeing/").content.decode()
    assert "<svg" in page and "55" in page
