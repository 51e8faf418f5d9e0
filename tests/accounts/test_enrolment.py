"""Two-factor enrolment only through an administrator's single-use, expiring link; a fresh
secret for each attempt; re-enrolment (lost phone) only through an administrator."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from alongside.accounts.codes import link_token_digest
from alongside.accounts.models import AuthenticatorDevice, EnrolmentLink, Role
from alongside.accounts.services import enrolment_link_issue, has_two_factor
from alongside.audit.models import AuditEntry

from ..factories import UserFactory
from .helpers import code_for, enrol, open_link, pending_device, post_password


@pytest.fixture
def newcomer(service, team):
    return UserFactory(organisation=service, team=team, totp=False)


@pytest.fixture
def administrator(service):
    return UserFactory(organisation=service, team=None, role=Role.ADMINISTRATOR)


def test_an_enrolment_link_lets_the_person_set_up_and_sign_in(client, newcomer, administrator):
    token = enrolment_link_issue(user=newcomer, issued_by=administrator)
    codes = enrol(client, newcomer, token)
    assert len(codes) == 10
    assert has_two_factor(newcomer)
    assert client.get("/").status_code == 200
    link = EnrolmentLink.objects.get(user=newcomer)
    assert link.used_at and link.completed_at
    assert AuditEntry.objects.filter(
        actor_id=administrator.pk, object_type="accounts.enrolmentlink", action="create"
    ).exists()
    assert AuditEntry.objects.filter(actor_id=newcomer.pk, description="Two-factor set up").exists()


def test_the_link_is_stored_only_as_a_digest(newcomer, administrator):
    token = enrolment_link_issue(user=newcomer, issued_by=administrator)
    link = EnrolmentLink.objects.get(user=newcomer)
    assert link.token_digest == link_token_digest(token)
    assert token not in link.token_digest


def test_the_link_works_once(newcomer, administrator):
    token = enrolment_link_issue(user=newcomer, issued_by=administrator)
    open_link(Client(), token)
    second = Client()
    page = open_link(second, token).content.decode()
    assert "This link does not work" in page
    post_password(second, newcomer)
    assert "Ask your administrator" in second.get("/sign-in/set-up-two-factor/").content.decode()


def test_opening_the_link_with_a_get_does_not_use_it(client, newcomer, administrator):
    """A mail scanner fetching the address must not use the link up."""
    token = enrolment_link_issue(user=newcomer, issued_by=administrator)
    assert "Continue" in client.get(f"/sign-in/enrol/{token}/").content.decode()
    assert EnrolmentLink.objects.get(user=newcomer).used_at is None


def test_an_expired_link_does_not_work(client, newcomer, administrator):
    token = enrolment_link_issue(user=newcomer, issued_by=administrator)
    EnrolmentLink.objects.filter(user=newcomer).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert "This link does not work" in open_link(client, token).content.decode()


def test_a_link_expires_after_72_hours_by_default(newcomer, administrator):
    enrolment_link_issue(user=newcomer, issued_by=administrator)
    link = EnrolmentLink.objects.get(user=newcomer)
    assert link.expires_at - link.issued_at == timedelta(hours=72)


def test_a_link_opened_but_not_finished_before_expiry_stops_working(
    client, newcomer, administrator
):
    token = enrolment_link_issue(user=newcomer, issued_by=administrator)
    open_link(client, token)
    post_password(client, newcomer)
    EnrolmentLink.objects.filter(user=newcomer).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert "Ask your administrator" in client.get("/sign-in/set-up-two-factor/").content.decode()


def test_a_new_link_replaces_the_old_one(client, newcomer, administrator):
    old = enrolment_link_issue(user=newcomer, issued_by=administrator)
    enrolment_link_issue(user=newcomer, issued_by=administrator)
    assert "This link does not work" in open_link(client, old).content.decode()


def test_a_link_for_someone_else_is_refused_while_signed_in(
    signed_in, practitioner, newcomer, administrator
):
    token = enrolment_link_issue(user=newcomer, issued_by=administrator)
    client = signed_in(practitioner)
    assert "signed in as someone else" in open_link(client, token).content.decode()
    assert EnrolmentLink.objects.get(user=newcomer).used_at is None


def test_each_attempt_gets_a_fresh_secret_never_shown_to_two_sessions(newcomer, administrator):
    first, second = Client(), Client()
    open_link(first, enrolment_link_issue(user=newcomer, issued_by=administrator))
    post_password(first, newcomer)
    first_shown = first.get("/sign-in/set-up-two-factor/").context["secret"]
    first_secret = pending_device(newcomer).key
    # The same browser sees the same secret until it finishes.
    assert first.get("/sign-in/set-up-two-factor/").context["secret"] == first_shown
    open_link(second, enrolment_link_issue(user=newcomer, issued_by=administrator))
    post_password(second, newcomer)
    assert second.get("/sign-in/set-up-two-factor/").context["secret"] != first_shown
    second_secret = pending_device(newcomer).key
    assert second_secret != first_secret
    assert AuthenticatorDevice.objects.filter(user=newcomer, confirmed=False).count() == 1
    # The first browser's secret no longer exists: it cannot be confirmed.
    first.post("/sign-in/set-up-two-factor/", {"code": "000000"})
    assert not has_two_factor(newcomer)


def test_a_confirmed_person_cannot_set_up_again_by_themselves(signed_in, practitioner):
    client = signed_in(practitioner)
    assert client.get("/sign-in/set-up-two-factor/")["Location"] == "/sign-in/two-factor/"


def test_the_administrator_issues_a_link_from_the_users_page(signed_in, administrator, newcomer):
    client = signed_in(administrator)
    home = client.get("/").content.decode()
    assert f"/users/{newcomer.pk}/enrolment-link/" in home
    assert f"/users/{newcomer.pk}/reset-two-factor/" in home
    response = client.post(f"/users/{newcomer.pk}/enrolment-link/")
    link = response.context["link"]
    assert link.startswith("http://testserver/sign-in/enrol/")
    token = link.rstrip("/").rsplit("/", 1)[1]
    enrol(Client(), newcomer, token)
    assert has_two_factor(newcomer)


def test_lost_phone_reset_by_an_administrator_is_audited(signed_in, administrator, practitioner):
    old_device = AuthenticatorDevice.objects.create(user=practitioner, name="Old phone")
    victim_session = signed_in(practitioner)
    client = signed_in(administrator)
    response = client.post(f"/users/{practitioner.pk}/reset-two-factor/")
    assert response.status_code == 200
    assert not AuthenticatorDevice.objects.filter(pk=old_device.pk).exists()
    assert not has_two_factor(practitioner)
    assert AuditEntry.objects.filter(
        actor_id=administrator.pk, description="Two-factor reset", object_id=str(practitioner.pk)
    ).exists()
    # Sessions verified with the old app are no longer fully signed in.
    assert victim_session.get("/")["Location"] == "/sign-in/two-factor/"
    token = response.context["link"].rstrip("/").rsplit("/", 1)[1]
    enrol(Client(), practitioner, token)
    assert has_two_factor(practitioner)


def test_only_an_administrator_of_the_same_service_can_reset(signed_in, team_manager, practitioner):
    assert (
        signed_in(team_manager).post(f"/users/{practitioner.pk}/reset-two-factor/").status_code
        == 403
    )
    other_admin = UserFactory(role=Role.ADMINISTRATOR)
    response = signed_in(other_admin).post(f"/users/{practitioner.pk}/reset-two-factor/")
    assert response.status_code == 404
    assert has_two_factor(practitioner)


def test_an_administrator_cannot_reset_their_own_two_factor(signed_in, administrator):
    client = signed_in(administrator)
    page = client.post(f"/users/{administrator.pk}/reset-two-factor/").content.decode()
    assert "Ask another administrator" in page
    assert has_two_factor(administrator)


def test_the_command_prints_a_link_for_the_first_administrator(newcomer):
    out = StringIO()
    call_command("issue_enrolment", newcomer.username, stdout=out)
    link = out.getvalue().strip().splitlines()[-1]
    assert link.startswith("http://127.0.0.1:8000/sign-in/enrol/")
    token = link.rstrip("/").rsplit("/", 1)[1]
    enrol(Client(), newcomer, token)
    assert has_two_factor(newcomer)
    assert AuditEntry.objects.filter(actor_label="alongside issue-enrolment").exists()


def test_the_command_refuses_someone_already_set_up(practitioner):
    with pytest.raises(CommandError):
        call_command("issue_enrolment", practitioner.username, stdout=StringIO())


def test_a_wrong_code_at_set_up_is_refused(client, newcomer, administrator):
    open_link(client, enrolment_link_issue(user=newcomer, issued_by=administrator))
    post_password(client, newcomer)
    client.get("/sign-in/set-up-two-factor/")
    wrong = f"{(int(code_for(pending_device(newcomer))) + 1) % 10**6:06d}"
    page = client.post("/sign-in/set-up-two-factor/", {"code": wrong}).content.decode()
    assert "The security code is not right" in page
    assert not has_two_factor(newcomer)


def test_the_command_can_reset_a_lost_phone(practitioner):
    out = StringIO()
    call_command("issue_enrolment", practitioner.username, "--reset", stdout=out)
    assert not has_two_factor(practitioner)
    token = out.getvalue().strip().splitlines()[-1].rstrip("/").rsplit("/", 1)[1]
    enrol(Client(), practitioner, token)
    assert has_two_factor(practitioner)
    assert AuditEntry.objects.filter(
        actor_label="alongside issue-enrolment", description="Two-factor reset"
    ).exists()
