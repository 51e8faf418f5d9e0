"""The family summary's pages: asking for one, opening it (with the progress of one being
built in the background) and downloading its PDF. Each loads through the policy
(Action.SUMMARISE_FAMILY), so every opening is audited with the parent's id; every download
is audited as an export."""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from alongside.audit.reads import record_read
from alongside.core.access import get_allowed, requires
from alongside.people.actions import ParentFormView
from alongside.policy import Action

from .models import FamilySummary
from .summary import stored_content, stored_pdf
from .summary_forms import SummaryForm
from .summary_services import consent_organisations, summary_downloaded, summary_request

SUMMARIES = FamilySummary.objects.select_related(
    "parent", "job", "created_by", "recipient_organisation"
)


class SummaryNew(ParentFormView):
    action = Action.SUMMARISE_FAMILY
    page = "Create a summary of the family"
    form_class = SummaryForm
    template_name = "workbook/summary_new.html"

    def get_form_kwargs(self) -> dict:
        return {"organisations": consent_organisations(self.parent)}

    def get_initial(self) -> dict:
        return {"ends_on": timezone.localdate()}

    def get_context_data(self) -> dict:
        return {
            "parent": self.parent,
            "summaries": FamilySummary.objects.filter(parent=self.parent).select_related(
                "created_by", "job"
            ),
        }

    def perform(self, form):
        return summary_request(
            parent=self.parent, requested_by=self.request.user, **form.cleaned_data
        )

    def get_success_message(self, summary) -> str:
        if summary.is_ready:
            return "Summary created"
        return "The summary is being made: this page shows how far it has got"

    def success_url(self, summary) -> str:
        return reverse("workbook:summary", args=[summary.pk])


@requires(Action.SUMMARISE_FAMILY, page="Summary of the family")
def summary(request, pk: int):
    found = get_allowed(request, SUMMARIES, pk, Action.SUMMARISE_FAMILY)
    content = stored_content(found)
    if content:
        record_read(parent_ids=content["others_named"])
    return render(
        request,
        "workbook/summary.html",
        {"summary": found, "parent": found.parent, "content": content, "job": found.job},
    )


@requires(Action.SUMMARISE_FAMILY, page="Summary of the family: progress")
def summary_progress(request, pk: int):
    """For the page's script: how far the background build has got, polled while it runs."""
    found = get_allowed(request, SUMMARIES, pk, Action.SUMMARISE_FAMILY)
    job = found.job
    return JsonResponse(
        {
            "status": job.get_status_display() if job else "Finished",
            "stage": job.stage if job else "",
            "percent": job.percent if job else 100,
            "finished": found.is_ready or (job is not None and job.is_finished),
        }
    )


@requires(Action.SUMMARISE_FAMILY, page="Summary of the family (PDF)")
def summary_pdf(request, pk: int):
    found = get_allowed(request, SUMMARIES, pk, Action.SUMMARISE_FAMILY)
    if not found.is_ready:
        raise Http404("Page not found")
    summary_downloaded(summary=found, by=request.user)
    response = HttpResponse(stored_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="family-summary-{found.pk}.pdf"'
    return response
