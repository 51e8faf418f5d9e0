"""Measures: choosing and recording one, and a parent's measures over time. HTTP only."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from alongside.casework.actions import EpisodeFormView
from alongside.casework.models import Episode
from alongside.casework.selectors import parent_for
from alongside.core.access import get_allowed, requires
from alongside.policy import Action, can

from .definitions import all_instruments, get_instrument
from .forms import MeasureForm
from .selectors import history_for
from .services import measure_record


@requires(Action.UPDATE_EPISODE, page="Choose a measure")
def measure_choose(request, pk: int):
    episode = get_allowed(
        request, Episode.objects.select_related("parent"), pk, Action.UPDATE_EPISODE
    )
    return render(
        request,
        "measures/choose.html",
        {
            "episode": episode,
            "parent": episode.parent,
            "instruments": sorted(all_instruments().values(), key=lambda i: i.name),
        },
    )


class MeasureNew(EpisodeFormView):
    action = Action.UPDATE_EPISODE
    page = "Record a measure"
    form_class = MeasureForm
    template_name = "measures/measure_new.html"

    def ready(self):
        self.instrument = get_instrument(self.kwargs["code"])
        if self.instrument is None:
            raise Http404("Page not found")

    def get_form_kwargs(self) -> dict:
        return {"instrument": self.instrument}

    def get_context_data(self) -> dict:
        return {**super().get_context_data(), "instrument": self.instrument}

    def perform(self, form):
        return measure_record(
            episode=self.episode,
            recorded_by=self.request.user,
            instrument_code=self.instrument.code,
            completed_on=form.cleaned_data["completed_on"],
            answers=form.answers(),
        )

    def get_success_message(self, response) -> str:
        if response.complete:
            return f"{self.instrument.name} recorded"
        return f"{self.instrument.name} saved as incomplete. It is not scored"

    def success_url(self, result) -> str:
        return reverse("measures:parent", args=[self.episode.parent_id])


@requires(Action.VIEW_PARENT, page="Measures over time")
def parent_measures(request, pk: int):
    parent = parent_for(request, pk)
    histories = history_for(request.user, parent)
    current = next((e for e in parent.episodes.all() if e.is_open), None)
    return render(
        request,
        "measures/parent_measures.html",
        {
            "parent": parent,
            "histories": histories,
            "current": current,
            "can_record": current is not None and can(request.user, Action.UPDATE_EPISODE, current),
            "can_send": current is not None and can(request.user, Action.SEND_MEASURE, current),
        },
    )
