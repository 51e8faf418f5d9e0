"""Helpers for the sign-in tests: codes an authenticator app would show, and enrolment."""

from django.test import Client
from django_otp.oath import totp

from alongside.accounts.models import AuthenticatorDevice

from ..factories import PASSWORD


def code_for(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def post_password(client: Client, user, password=PASSWORD):
    return client.post("/sign-in/", {"username": user.username, "password": password})


def open_link(client: Client, token: str):
    return client.post(f"/sign-in/enrol/{token}/")


def pending_device(user) -> AuthenticatorDevice:
    return AuthenticatorDevice.objects.get(user=user, confirmed=False)


def enrol(client: Client, user, token: str) -> list[str]:
    """Open the link, sign in with the password, scan and confirm; returns the backup codes."""
    open_link(client, token)
    post_password(client, user)
    page = client.get("/sign-in/set-up-two-factor/")
    assert "Key:" in page.content.decode()
    response = client.post("/sign-in/set-up-two-factor/", {"code": code_for(pending_device(user))})
    return response.context["codes"]
