"""Audit helpers for pages that show people."""

from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record


def audit_page_view(request, *, description: str, obj=None, parent_ids=None) -> None:
    """Record that this user saw this page. Lists record which parents were on the page."""
    detail = {"path": request.path}
    if parent_ids is not None:
        detail["parent_ids"] = sorted(set(parent_ids))
    audit_record(
        actor=request.user, action=AuditAction.VIEW, obj=obj, description=description, detail=detail
    )
