"""Signed-in sessions for benchmark users, made directly so the load test measures pages, not
the sign-in form (which has its own tests)."""

import time

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django_otp import DEVICE_ID_SESSION_KEY

from alongside.accounts.models import AuthenticatorDevice


def signed_in_session(user) -> str:
    """A session cookie value for `user`, with the second factor already passed."""
    device = AuthenticatorDevice.objects.get(user=user, confirmed=True)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session["last_seen"] = int(time.time())
    session.create()
    return session.session_key
