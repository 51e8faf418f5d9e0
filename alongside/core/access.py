"""How views declare what they need. AccessPolicyMiddleware refuses any view that declares
nothing, so a new page is closed until someone decides who may use it."""

from collections.abc import Callable

from django.http import Http404

from alongside.audit.models import AuditAction, AuditOutcome
from alongside.audit.services import audit_record
from alongside.policy import Action, can

PUBLIC = "public"
TWO_FACTOR_STEP = "two_factor_step"
SIGNED_IN = "signed_in"


def public(view: Callable) -> Callable:
    """Anyone, signed in or not (sign-in page, health check)."""
    view.access = PUBLIC
    return view


def two_factor_step(view: Callable) -> Callable:
    """Someone who has given their password but not yet their second factor."""
    view.access = TWO_FACTOR_STEP
    return view


def signed_in(view: Callable) -> Callable:
    """Anyone fully signed in, whatever their role."""
    view.access = SIGNED_IN
    return view


def requires(*actions: Action) -> Callable[[Callable], Callable]:
    """Fully signed in, and the user's role allows every one of `actions`."""

    def decorate(view: Callable) -> Callable:
        view.access = tuple(actions)
        return view

    return decorate


def refuse(request, *, action: Action, obj=None, parent_id: int | None = None) -> Http404:
    """Record a refused attempt and answer 'not found', so nothing about the record leaks."""
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW if action.startswith("view") else AuditAction.UPDATE,
        obj=obj,
        parent_id=parent_id,
        outcome=AuditOutcome.REFUSED,
        description=f"Refused: {action}",
        detail={"path": request.path, "method": request.method},
    )
    return Http404("Page not found")


def get_allowed(request, model, pk, action: Action):
    """The object with primary key `pk` if the user may do `action` to it; otherwise 404,
    audited as refused when the object exists."""
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise Http404("Page not found")
    if not can(request.user, action, obj):
        raise refuse(request, action=action, obj=obj)
    return obj
