"""The parent changes their password inside their own space: the portal's navigation, the
'leave this page quickly' button and plain words, under the same password rule as everyone
(`accounts.forms.NewPasswordForm`, the one home of that rule)."""

from django.test import Client

from alongside.accounts.forms import NewPasswordForm, PasswordChangeForm
from alongside.audit.models import AuditEntry
from alongside.portal.forms import AccountForm, PasswordForm
from alongside.portal.services import invitation_issue

from ..factories import PASSWORD

URL = "/portal/sign-in-settings/password/"
NEW = "three random words together"


def change(client, current=PASSWORD, new=NEW, again=None):
    return client.post(
        URL,
        {"current_password": current, "new_password": new, "new_password_again": again or new},
    )


def test_the_password_page_is_inside_the_parents_space(signed_in, two_parents):
    client = signed_in(two_parents["mine"]["user"])
    settings_page = client.get("/portal/sign-in-settings/").content.decode()
    assert f'href="{URL}"' in settings_page
    page = client.get(URL).content.decode()
    assert "Change your password" in page
    assert "Leave this page quickly" in page and 'aria-label="Your space"' in page
    for nav in ("My plan", "My wellbeing", "Messages", "My information"):
        assert nav in page
    assert "Your password now" in page and "Three or four random words work well" in page
    # The header's 'Change password' link leads a parent here, and the staff page sends them here.
    header = page.split('aria-label="Your account"', 1)[1].split("</nav>", 1)[0]
    assert f'href="{URL}"' in header and "/account/password/" not in header
    assert client.get("/account/password/").headers["Location"] == URL


def test_the_parent_changes_their_password_and_the_old_one_stops_working(signed_in, two_parents):
    user = two_parents["mine"]["user"]
    elsewhere = signed_in(user)
    client = signed_in(user)
    response = change(client)
    assert response.headers["Location"] == "/portal/sign-in-settings/"
    assert "Your password is changed" in client.get("/portal/sign-in-settings/").content.decode()
    assert client.get("/portal/").status_code == 200  # still signed in here
    assert elsewhere.get("/portal/").status_code == 302  # signed out anywhere else
    assert AuditEntry.objects.filter(actor_id=user.pk, description="Password changed").exists()

    old = Client().post("/portal/sign-in/", {"username": user.username, "password": PASSWORD})
    assert old.status_code == 200 and "is not right" in old.content.decode()
    new = Client().post("/portal/sign-in/", {"username": user.username, "password": NEW})
    assert new.headers["Location"] == "/portal/sign-in/security-code/"


def test_mistakes_get_plain_messages_and_change_nothing(signed_in, two_parents):
    user = two_parents["mine"]["user"]
    client = signed_in(user)
    wrong = change(client, current="not my password").content.decode()
    assert "The password you use now is not right" in wrong
    assert (
        "The two new passwords are not the same" in change(client, again=NEW + "x").content.decode()
    )
    assert "too short" in change(client, new="7#!9%-").content.decode()
    assert "too common" in change(client, new="password1234").content.decode()
    empty = client.post(URL, {}).content.decode()
    for message in (
        "Type the password you use now",
        "Choose a new password",
        "Type the new password again",
    ):
        assert message in empty
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_the_password_rule_lives_once():
    """Staff, a parent's invitation and a parent's own password page all use one form's rule."""
    for form in (PasswordChangeForm, PasswordForm, AccountForm):
        assert issubclass(form, NewPasswordForm)
        assert form.clean_new_password is NewPasswordForm.clean_new_password
    assert PasswordForm.clean_current_password is PasswordChangeForm.clean_current_password


def test_the_invitation_checks_the_password_by_the_same_rule(db, two_parents):
    token = invitation_issue(parent=two_parents["mine"]["parent"], issued_by=two_parents["worker"])
    url = f"/portal/invitation/{token}/"
    client = Client()
    short = client.post(
        url, {"username": "robin42", "new_password": "7#!9%-", "new_password_again": "7#!9%-"}
    ).content.decode()
    assert "too short" in short
    like_the_name = client.post(
        url,
        {
            "username": "wrenfeather1987",
            "new_password": "wrenfeather1987",
            "new_password_again": "wrenfeather1987",
        },
    ).content.decode()
    assert "too similar" in like_the_name
    differ = client.post(
        url, {"username": "robin42", "new_password": NEW, "new_password_again": NEW + "x"}
    ).content.decode()
    assert "The two passwords are not the same" in differ
    assert "Choose a password" in client.post(url, {"username": "robin42"}).content.decode()
