"""How views declare what they need. AccessPolicyMiddleware refuses any view that declares
nothing, so a new page is closed until someone decides who may use it."""

from collections.abc import Callable

from django.db.models import Model, QuerySet
from django.http import Http404

from alongside.audit.models import AuditAction, AuditOutcome
from alongside.audit.reads import record_read
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


def requires(*actions: Action, page: str = "") -> Callable[[Callable], Callable]:
    """Fully signed in, and the user's role allows every one of `actions`. `page` names the
    page in the audit trail when it shows a parent's record."""

    def decorate(view: Callable) -> Callable:
        view.access = tuple(actions)
        if page:
            view.page = page
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


def get_allowed(request, model: type[Model] | QuerySet, pk, action: Action):
    """The one way a view loads a record: the object with primary key `pk` (from a model or a
    queryset with its select_related) if the user may do `action` to it, recorded as read for
    the audit trail. Otherwise 404, audited as refused when the object exists."""
    queryset = model if isinstance(model, QuerySet) else model._default_manager.all()
    # Not `.first()`: its ORDER BY makes Django hash every selected column (docs/capacity.md),
    # and one primary key has at most one row.
    obj = next(iter(queryset.filter(pk=pk).order_by()), None)
    if obj is None:
        raise Http404("Page not found")
    if not can(request.user, action, obj):
        raise refuse(request, action=action, obj=obj)
    record_read(obj)
    return obj
