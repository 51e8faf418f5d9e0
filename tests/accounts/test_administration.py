"""The administrator's users and teams: adding a user (temporary password and enrolment link),
adding and renaming a team, unlocking a locked account. Each write is audited; nobody else, and
no administrator of another organisation, can use these pages."""

import html
import re

import pytest
from django.conf import settings
from django.test import Client

from alongside.accounts.models import Role, Team, User
from alongside.accounts.services import has_two_factor
from alongside.audit.models import AuditEntry

from ..factories import OrganisationFactory, TeamFactory, UserFactory
from .helpers import code_for, open_link, pending_device, post_password


@pytest.fixture
def administrator(service):
    return UserFactory(organisation=service, team=None, role=Role.ADMINISTRATOR)


@pytest.fixture
def admin(signed_in, administrator):
    return signed_in(administrator)


def new_user_form(in_team, **changes) -> dict:
    return {
        "first_name": "Siân",
        "last_name": "O'Donnell",
        "username": "sodonnell",
        "email": "sian.odonnell@example.org",
        "role": Role.PRACTITIONER.value,
        "team": in_team.pk,
        "hours_wte": "0.6",
        **changes,
    }


def row_of(page: str, user) -> str:
    """The users page's row for one person."""
    match = re.search(rf'<tr class="govuk-table__row" id="user-{user.pk}">(.*?)</tr>', page, re.S)
    assert match, f"no row for {user.username}"
    return match.group(1)


def lock_out(user) -> None:
    """Wrong passwords through the real sign-in form, as many as lock the account."""
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_password(client, user, "not-the-password-at-all")


# --- The users and teams page ----------------------------------------------------------------


def test_the_page_lists_each_user_with_team_role_and_two_factor(
    admin, administrator, practitioner, team
):
    newcomer = UserFactory(organisation=practitioner.organisation, team=team, totp=False)
    page = admin.get("/users/").content.decode()
    row = row_of(page, practitioner)
    assert html.escape(practitioner.display_name) in row
    assert html.escape(team.name) in row
    assert "Practitioner" in row
    assert "Set up" in row and "Can sign in" in row
    assert f"/users/{practitioner.pk}/reset-password/" in row
    assert "Not set up" in row_of(page, newcomer)
    # No actions on your own account.
    assert f"/users/{administrator.pk}/reset-password/" not in row_of(page, administrator)
    assert f"/teams/{team.pk}/" in page


def test_the_home_page_leads_to_users_and_teams(admin):
    home = admin.get("/").content.decode()
    for link in ("/users/", "/users/new/", "/teams/new/"):
        assert f'href="{link}"' in home


# --- Adding a user ---------------------------------------------------------------------------


def test_an_added_user_signs_in_with_the_temporary_password_and_sets_up_two_factor(
    admin, administrator, team
):
    form_page = admin.get("/users/new/").content.decode()
    assert html.escape(team.name) in form_page
    assert "Partner professional" not in form_page  # they belong to a partner agency

    response = admin.post("/users/new/", new_user_form(team))
    assert response.status_code == 200
    page = response.content.decode()
    password = response.context["password"]
    link = response.context["link"]
    assert password in page and link in page
    assert link.startswith("http://testserver/sign-in/enrol/")

    user = User.objects.get(username="sodonnell")
    assert (user.first_name, user.last_name, user.email) == (
        "Siân",
        "O'Donnell",
        "sian.odonnell@example.org",
    )
    assert user.organisation_id == administrator.organisation_id
    assert (user.role, user.team_id, str(user.hours_wte)) == (Role.PRACTITIONER, team.pk, "0.60")
    assert not has_two_factor(user)
    assert AuditEntry.objects.filter(
        actor_id=administrator.pk,
        action="create",
        object_type="accounts.user",
        object_id=str(user.pk),
        description="User added: sodonnell",
    ).exists()
    assert AuditEntry.objects.filter(
        actor_id=administrator.pk, object_type="accounts.enrolmentlink", action="create"
    ).exists()

    # The password alone is not enough: they are sent to set up two-factor, which needs the link.
    alone = Client()
    assert post_password(alone, user, password)["Location"] == "/sign-in/set-up-two-factor/"
    assert "Ask your administrator" in alone.get("/sign-in/set-up-two-factor/").content.decode()

    # With the link and the password they set up their app and are signed in.
    client = Client()
    open_link(client, link.rstrip("/").rsplit("/", 1)[1])
    assert post_password(client, user, password)["Location"] == "/sign-in/set-up-two-factor/"
    assert "Key:" in client.get("/sign-in/set-up-two-factor/").content.decode()
    done = client.post("/sign-in/set-up-two-factor/", {"code": code_for(pending_device(user))})
    assert done.context["codes"]
    assert has_two_factor(user)
    assert client.get("/").status_code == 200


def test_a_username_in_use_is_refused_with_the_form_kept(admin, practitioner, team):
    before = User.objects.count()
    response = admin.post(
        "/users/new/", new_user_form(team, username=practitioner.username.upper())
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f"The username {practitioner.username.upper()} is already used by someone" in page
    assert "govuk-error-summary" in page
    # What was typed is still there.
    family_name = html.escape("O'Donnell")
    assert f'value="{family_name}"' in page
    assert 'value="sian.odonnell@example.org"' in page
    assert User.objects.count() == before
    assert not AuditEntry.objects.filter(description__startswith="User added").exists()


def test_the_form_checks_email_team_and_role(admin, team):
    page = admin.post("/users/new/", new_user_form(team, email="not an email")).content.decode()
    assert "Enter an email address in the correct format" in page

    page = admin.post("/users/new/", new_user_form(team, team="")).content.decode()
    assert "Choose the team this practitioner works in" in page

    elsewhere = TeamFactory()
    page = admin.post("/users/new/", new_user_form(team, team=elsewhere.pk)).content.decode()
    assert "Choose a team from the list" in page

    page = admin.post("/users/new/", new_user_form(team, role=Role.PARTNER.value)).content.decode()
    assert "Choose a role from the list" in page

    page = admin.post("/users/new/", new_user_form(team, username="two words")).content.decode()
    assert "no spaces" in page
    assert not User.objects.filter(username="sodonnell").exists()


def test_a_service_manager_needs_no_team(admin, team):
    response = admin.post(
        "/users/new/", new_user_form(team, role=Role.SERVICE_MANAGER.value, team="")
    )
    assert response.status_code == 200 and response.context["password"]
    user = User.objects.get(username="sodonnell")
    assert user.role == Role.SERVICE_MANAGER and user.team is None


# --- Teams -----------------------------------------------------------------------------------


def test_a_team_added_appears_in_the_team_choice(admin, administrator):
    response = admin.post("/teams/new/", {"name": "Riverside"})
    assert response["Location"] == "/users/"
    assert "Team Riverside added" in admin.get("/users/").content.decode()
    team = Team.objects.get(name="Riverside")
    assert team.organisation_id == administrator.organisation_id
    assert (
        f'<option value="{team.pk}">Riverside</option>' in admin.get("/users/new/").content.decode()
    )
    assert AuditEntry.objects.filter(
        actor_id=administrator.pk,
        action="create",
        object_type="accounts.team",
        object_id=str(team.pk),
    ).exists()


def test_a_team_name_is_used_once_in_an_organisation(admin, team):
    response = admin.post("/teams/new/", {"name": team.name.upper()})
    assert response.status_code == 200
    assert f"There is already a team called {team.name.upper()}" in response.content.decode()
    assert Team.objects.filter(organisation=team.organisation).count() == 1
    # Another organisation may have a team of the same name.
    TeamFactory(name="Riverside")
    assert admin.post("/teams/new/", {"name": "Riverside"})["Location"] == "/users/"
    assert Team.objects.filter(name="Riverside").count() == 2
    assert "Enter the team" in admin.post("/teams/new/", {"name": ""}).content.decode()


def test_a_team_is_renamed(admin, administrator, team, practitioner):
    other = TeamFactory(organisation=team.organisation, name="Hillside")
    page = admin.post(f"/teams/{team.pk}/", {"name": "Hillside"}).content.decode()
    assert "There is already a team called Hillside" in page
    assert admin.post(f"/teams/{team.pk}/", {"name": "Valley"})["Location"] == "/users/"
    team.refresh_from_db()
    assert team.name == "Valley"
    assert "Valley" in row_of(admin.get("/users/").content.decode(), practitioner)
    assert other.name == "Hillside"
    assert AuditEntry.objects.filter(
        actor_id=administrator.pk, description="Team renamed", object_id=str(team.pk)
    ).exists()


# --- Unlocking an account --------------------------------------------------------------------


def test_a_locked_account_is_shown_unlocked_and_signs_in_again(admin, administrator, practitioner):
    lock_out(practitioner)
    assert post_password(Client(), practitioner).status_code == 429
    page = admin.get("/users/").content.decode()
    row = row_of(page, practitioner)
    assert "Locked" in row
    assert f"/users/{practitioner.pk}/unlock/" in row

    # Asking is not doing.
    confirm = admin.get(f"/users/{practitioner.pk}/unlock/").content.decode()
    assert "Unlock account" in confirm and 'method="post"' in confirm
    assert post_password(Client(), practitioner).status_code == 429

    response = admin.post(f"/users/{practitioner.pk}/unlock/")
    assert response["Location"] == "/users/"
    page = admin.get("/users/").content.decode()
    assert "unlocked. They can sign in again" in page
    assert "Can sign in" in row_of(page, practitioner)
    assert post_password(Client(), practitioner)["Location"] == "/sign-in/two-factor/"
    assert AuditEntry.objects.filter(
        actor_id=administrator.pk,
        action="update",
        description="Account unlocked",
        object_id=str(practitioner.pk),
    ).exists()


def test_an_account_that_is_not_locked_is_left_alone(admin, practitioner):
    post_password(Client(), practitioner, "one-wrong-try")
    page = admin.post(f"/users/{practitioner.pk}/unlock/").content.decode()
    assert "is not locked" in page
    assert not AuditEntry.objects.filter(description="Account unlocked").exists()


def test_an_administrator_cannot_unlock_their_own_account(admin, administrator):
    lock_out(administrator)
    page = admin.post(f"/users/{administrator.pk}/unlock/").content.decode()
    assert "Ask another administrator" in page
    assert post_password(Client(), administrator).status_code == 429
    assert not AuditEntry.objects.filter(description="Account unlocked").exists()


# --- Who may use these pages -----------------------------------------------------------------


def pages_for(user, team) -> list[str]:
    return [
        "/users/",
        "/users/new/",
        "/teams/new/",
        f"/teams/{team.pk}/",
        f"/users/{user.pk}/unlock/",
    ]


@pytest.mark.parametrize("role", ["practitioner", "team_manager"])
def test_staff_are_refused_every_page(request, signed_in, role, practitioner, team):
    user = request.getfixturevalue(role)
    client = signed_in(user)
    lock_out(practitioner)
    for url in pages_for(practitioner, team):
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"name": "Taken over"})
            assert response.status_code == 403, f"{role} {method} {url}"
            assert AuditEntry.objects.filter(
                actor_id=user.pk, outcome="refused", detail__path=url
            ).exists()
    assert post_password(Client(), practitioner).status_code == 429
    assert not Team.objects.filter(name="Taken over").exists()


def test_an_administrator_of_another_organisation_cannot_see_or_act(signed_in, practitioner, team):
    stranger = UserFactory(organisation=OrganisationFactory(), team=None, role=Role.ADMINISTRATOR)
    client = signed_in(stranger)
    lock_out(practitioner)
    page = client.get("/users/").content.decode()
    assert html.escape(practitioner.display_name) not in page
    assert html.escape(team.name) not in page
    for url in (f"/teams/{team.pk}/", f"/users/{practitioner.pk}/unlock/"):
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"name": "Taken over"})
            assert response.status_code == 404, f"{method} {url}"
            assert AuditEntry.objects.filter(
                actor_id=stranger.pk, outcome="refused", detail__path=url
            ).exists()
    assert post_password(Client(), practitioner).status_code == 429
    team.refresh_from_db()
    assert team.name != "Taken over"
    # Nor put a new user in this organisation's team.
    page = client.post("/users/new/", new_user_form(team)).content.decode()
    assert "Choose a team from the list" in page
    assert not User.objects.filter(username="sodonnell").exists()
