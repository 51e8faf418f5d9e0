"""Audited reads: every parent record a page shows is recorded where it is read.

`AuditReadsMiddleware` opens a read log for each request. The policy's loader
(`alongside.core.access.get_allowed`) and the selectors that list parents call `record_read`
for each parent they hand to a page. When the page is shown (a 200 response), the middleware
appends one audit entry per parent seen, with that parent's id. A new page that loads its
records the usual way is audited without doing anything; the URL walk test
(tests/test_audited_reads.py) fails for any page that shows a parent without an entry.
"""

from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import models

from .services import Read, audit_reads, parent_id_of


@dataclass
class ReadLog:
    reads: dict[int, Read] = field(default_factory=dict)

    def add(self, read: Read) -> None:
        self.reads.setdefault(read.parent_id, read)


_current: ContextVar[ReadLog | None] = ContextVar("alongside_read_log", default=None)


def record_read(obj: models.Model | None = None, *, parent_ids=()) -> None:
    """Note that this request shows `obj` (a parent's record, or part of one) or these parents.
    Outside a request (commands, the worker) there is no page, so nothing is noted."""
    log = _current.get()
    if log is None:
        return
    if obj is not None:
        parent_id = parent_id_of(obj)
        if parent_id is not None:
            log.add(Read(parent_id, obj._meta.label_lower, str(obj.pk)))
    for parent_id in parent_ids:
        log.add(Read(int(parent_id)))


def page_description(request) -> str:
    view = getattr(request, "resolver_match", None)
    func = getattr(view, "func", None) if view else None
    page = getattr(func, "page", None) or getattr(getattr(func, "view_class", None), "page", None)
    return page or (view.view_name if view else request.path)


class AuditReadsMiddleware:
    """Opens the read log for a request and writes what was shown once the page is ready."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        log = ReadLog()
        token = _current.set(log)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        user = getattr(request, "user", None)
        if log.reads and response.status_code == 200 and user and user.is_authenticated:
            audit_reads(
                actor=user,
                reads=list(log.reads.values()),
                description=page_description(request),
                detail={"path": request.path, "method": request.method},
            )
        return response
