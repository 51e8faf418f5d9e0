"""The team around the family: the workbook page, adding to it, and who is on the team."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from alongside.core.access import get_allowed, requires
from alongside.core.actions import RecordFormView
from alongside.people.actions import ParentFormView
from alongside.people.models import Parent
from alongside.policy import Action, can

from .forms import (
    MeetingForm,
    MemberEndForm,
    NothingForm,
    TaskForm,
    TeamEntryForm,
    TeamMemberForm,
)
from .guided import guided_tasks_for
from .models import Meeting, Task, TeamEntry, TeamMember
from .selectors import (
    entry_organisations,
    meetings_for,
    possible_members,
    tasks_for,
    team_entries_for,
    team_for,
)
from .services import (
    meeting_record,
    significance_set,
    task_add,
    task_complete,
    team_entry_add,
    team_member_add,
    team_member_end,
)


@requires(Action.VIEW_WORKBOOK, page="Team around the family")
def team(request, pk: int):
    parent = get_allowed(request, Parent, pk, Action.VIEW_WORKBOOK)
    kind = request.GET.get("kind", "")
    kind = kind if kind in TeamEntry.Kind.values else ""
    organisations = entry_organisations(parent)
    organisation = request.GET.get("organisation", "")
    organisation_id = int(organisation) if organisation.isdigit() else None
    today = timezone.localdate()
    sees_record = can(request.user, Action.VIEW_PARENT, parent)
    can_add = can(request.user, Action.ADD_TO_WORKBOOK, parent)
    return render(
        request,
        "workbook/team.html",
        {
            "parent": parent,
            "members": team_for(parent),
            "tasks": tasks_for(parent),
            "meetings": meetings_for(request.user, parent),
            "today": today,
            # What the programme says is due: the service's own record, so not for partners.
            "guided": guided_tasks_for(parent, today) if sees_record else None,
            "owners": possible_members(parent) if sees_record and can_add else None,
            "entries": team_entries_for(parent, kind=kind, organisation_id=organisation_id),
            "kinds": TeamEntry.Kind.choices,
            "kind": kind,
            "organisations": organisations,
            "organisation_id": organisation_id,
            "can_add": can_add,
            "can_manage": can(request.user, Action.MANAGE_TEAM, parent),
            "is_partner": not sees_record,
        },
    )


class EntryNew(ParentFormView):
    action = Action.ADD_TO_WORKBOOK
    page = "Add to the team around the family"
    form_class = TeamEntryForm
    template_name = "workbook/entry_new.html"
    success_message = "Added to the team around the family's record"

    def perform(self, form):
        return team_entry_add(parent=self.parent, author=self.request.user, **form.cleaned_data)

    def success_url(self, result) -> str:
        return reverse("workbook:team", args=[self.parent.pk])


class MemberNew(ParentFormView):
    action = Action.MANAGE_TEAM
    page = "Add someone to the team around the family"
    form_class = TeamMemberForm
    template_name = "workbook/member_new.html"
    success_message = "Added to the team"

    def get_form_kwargs(self) -> dict:
        return {"users": possible_members(self.parent)}

    def perform(self, form):
        return team_member_add(parent=self.parent, added_by=self.request.user, **form.cleaned_data)

    def success_url(self, result) -> str:
        return reverse("workbook:team", args=[self.parent.pk])


class TaskNew(ParentFormView):
    action = Action.ADD_TO_WORKBOOK
    page = "Add a task for the team around the family"
    form_class = TaskForm
    template_name = "workbook/task_new.html"
    success_message = "Task added"

    def get_form_kwargs(self) -> dict:
        return {"users": possible_members(self.parent)}

    def perform(self, form):
        return task_add(parent=self.parent, added_by=self.request.user, **form.cleaned_data)

    def success_url(self, result) -> str:
        return reverse("workbook:team", args=[self.parent.pk])


class TaskDone(RecordFormView):
    model = Task
    action = Action.ADD_TO_WORKBOOK
    page = "Mark a team task done"
    form_class = NothingForm
    template_name = "workbook/team.html"
    success_message = "Task marked done"
    http_method_names = ["post"]

    def perform(self, form):
        return task_complete(task=self.object, completed_by=self.request.user)

    def show(self, form):
        # The only refusal is a task already done: say so on the team page.
        messages.error(self.request, "This task is already done.")
        return redirect("workbook:team", self.object.parent_id)

    def success_url(self, task) -> str:
        return reverse("workbook:team", args=[task.parent_id])


class MeetingNew(ParentFormView):
    action = Action.MANAGE_TEAM
    page = "Record a meeting about the family"
    form_class = MeetingForm
    template_name = "workbook/meeting_new.html"
    success_message = "Meeting recorded"

    def get_form_kwargs(self) -> dict:
        return {"users": possible_members(self.parent)}

    def perform(self, form):
        return meeting_record(
            parent=self.parent, recorded_by=self.request.user, **form.meeting_data()
        )

    def success_url(self, result) -> str:
        return reverse("workbook:team", args=[self.parent.pk])


class MemberEnd(RecordFormView):
    model = TeamMember
    action = Action.MANAGE_TEAM
    page = "End someone's time on the team around the family"
    form_class = MemberEndForm
    template_name = "workbook/member_end.html"
    success_message = "Their time on the team has ended"

    def get_queryset(self):
        return TeamMember.objects.filter(ended_on__isnull=True).select_related("user", "parent")

    def get_initial(self) -> dict:
        return {"ended_on": timezone.localdate()}

    def get_context_data(self) -> dict:
        return {"member": self.object, "parent": self.object.parent}

    def perform(self, form):
        return team_member_end(member=self.object, ended_by=self.request.user, **form.cleaned_data)

    def success_url(self, member) -> str:
        return reverse("workbook:team", args=[member.parent_id])


class MarkSignificant(RecordFormView):
    """Mark a team entry or meeting significant (or not), from the team page."""

    action = Action.MANAGE_TEAM
    form_class = NothingForm
    template_name = "workbook/team.html"
    http_method_names = ["post"]

    def perform(self, form):
        return significance_set(
            item=self.object,
            significant=not self.object.significant,
            marked_by=self.request.user,
        )

    def get_success_message(self, item) -> str:
        return "Marked significant" if item.significant else "No longer marked significant"

    def success_url(self, item) -> str:
        return reverse("workbook:team", args=[item.parent_id])


class EntrySignificant(MarkSignificant):
    model = TeamEntry
    page = "Mark a team entry significant"


class MeetingSignificant(MarkSignificant):
    model = Meeting
    page = "Mark a meeting significant"
