"""Measures: choosing and recording one, and a parent's measures over time. HTTP only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from alongside.casework.selectors import parent_for
from alongside.core.access import refuse, requires
from alongside.core.viewing import audit_page_view
from alongside.people.models import Parent
from alongside.plans.access import episode_to_write
from alongside.policy import Action, can

from .definitions import all_instruments, get_instrument
from .forms import MeasureForm
from .selectors import history_for
from .services import measure_record


@requires(Action.RECORD_CONTACT)
def measure_choose(request, pk: int):
    episode = episode_to_write(request, pk)
    audit_page_view(request, description="Choose a measure", obj=episode)
    return render(
        request,
        "measures/choose.html",
        {
            "episode": episode,
            "parent": episode.parent,
            "instruments": sorted(all_instruments().values(), key=lambda i: i.name),
        },
    )


@requires(Action.RECORD_CONTACT)
@require_http_methods(["GET", "POST"])
def measure_new(request, pk: int, code: str):
    episode = episode_to_write(request, pk)
    instrument = get_instrument(code)
    if instrument is None:
        raise Http404("Page not found")
    data = request.POST if request.method == "POST" else None
    form = MeasureForm(data, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        try:
            response = measure_record(
                episode=episode,
                recorded_by=request.user,
                instrument_code=instrument.code,
                completed_on=form.cleaned_data["completed_on"],
                answers=form.answers(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if response.complete:
                messages.success(request, f"{instrument.name} recorded")
            else:
                messages.success(
                    request, f"{instrument.name} saved as incomplete. It is not scored"
                )
            return redirect("measures:parent", pk=episode.parent_id)
    audit_page_view(request, description=f"Record {instrument.name}", obj=episode)
    return render(
        request,
        "measures/measure_new.html",
        {"episode": episode, "parent": episode.parent, "form": form, "instrument": instrument},
    )


@requires(Action.VIEW_PARENT)
def parent_measures(request, pk: int):
    parent = parent_for(request.user, pk)
    if parent is None:
        if Parent.objects.filter(pk=pk).exists():
            raise refuse(request, action=Action.VIEW_PARENT, parent_id=pk)
        raise Http404("Page not found")
    histories = history_for(request.user, parent)
    current = next((e for e in parent.episodes.all() if e.is_open), None)
    audit_page_view(request, description="Measures over time", obj=parent)
    return render(
        request,
        "measures/parent_measures.html",
        {
            "parent": parent,
            "histories": histories,
            "current": current,
            "can_record": current is not None and can(request.user, Action.RECORD_CONTACT, current),
        },
    )
