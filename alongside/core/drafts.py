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


def draft_initial(request, form_class, *, prefix: str | None = None, **form_kwargs) -> dict | None:
    """When the person chose 'Restore', the draft as the form's starting values: shown again
    as typed, but not yet checked, so no errors appear for a form they have not sent."""
    data = draft_as_data(request)
    if data is None:
        return None
    probe = form_class(prefix=prefix, **form_kwargs)
    return {
        name: field.widget.value_from_datadict(data, {}, probe.add_prefix(name))
        for name, field in probe.fields.items()
    }


def draft_clear(request) -> None:
    draft_discard(user=request.user, form_key=request.path)
