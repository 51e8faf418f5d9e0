"""Pages and endpoints that belong to no single part of the domain."""

import time

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from alongside.policy import Action

from .access import public, requires, signed_in
from .middleware import json_body
from .services import draft_discard, draft_save


@public
@require_GET
def health(request):
    """Trivial endpoint: the baseline for the benchmarks. Touches the database once."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@signed_in
@require_POST
def keep_alive(request):
    """Called by 'Stay signed in' on the time-out warning: the idle clock starts again now."""
    request.session["last_seen"] = int(time.time())
    return JsonResponse({"ok": True})


@requires(Action.USE_DRAFTS)
@require_POST
def draft_save_view(request):
    body = json_body(request)
    form_key = body.get("form_key")
    fields = body.get("fields")
    if not isinstance(form_key, str) or not isinstance(fields, dict):
        return JsonResponse({"saved": False, "error": "Send form_key and fields."}, status=400)
    draft = draft_save(user=request.user, form_key=form_key, fields=fields)
    if draft is None:
        return JsonResponse({"saved": False, "error": "The draft is too large."}, status=400)
    return JsonResponse({"saved": True, "saved_at": draft.saved_at.isoformat()})


@requires(Action.USE_DRAFTS)
@require_POST
def draft_discard_view(request):
    form_key = request.POST.get("form_key", "")
    draft_discard(user=request.user, form_key=form_key)
    if url_has_allowed_host_and_scheme(form_key, allowed_hosts=None) and form_key.startswith("/"):
        return redirect(form_key)
    return redirect("home")


def csrf_failure(request, reason=""):
    return render(request, "csrf_failure.html", status=403)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
