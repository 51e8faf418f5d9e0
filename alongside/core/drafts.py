"""Helpers views use to offer a saved draft back and to clear it once the form is sent."""

from django.http import QueryDict

from .services import draft_discard, draft_fields, draft_for


def draft_offer(request):
    """The draft for this page, unless the person is already sending the form."""
    if request.method != "GET":
        return None
    return draft_for(user=request.user, form_key=request.path)


def draft_as_data(request) -> QueryDict | None:
    """When the person chose 'Restore', the draft as form data; else None."""
    if request.GET.get("draft") != "restore":
        return None
    draft = draft_for(user=request.user, form_key=request.path)
    if draft is None:
        return None
    data = QueryDict(mutable=True)
    for name, values in draft_fields(draft).items():
        data.setlist(name, values)
    return data


def draft_clear(request) -> None:
    draft_discard(user=request.user, form_key=request.path)
