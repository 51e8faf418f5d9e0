"""Onward referrals, the parent's own sexual and reproductive health choices, groups and
peer mentoring."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from alongside.accounts.models import Role, User
from alongside.audit.reads import record_read
from alongside.core.access import refuse
from alongside.core.actions import EndsAnOpenRecord, show_errors
from alongside.people.actions import ParentFormView
from alongside.policy import Action, role_allows

from .actions import EpisodeFormView
from .groups import (
    group_attendance_set,
    group_create,
    group_session_record,
    peer_mentor_end,
    peer_mentor_start,
)
from .models import GroupProgramme, GroupSession, PeerMentorRole
from .onward import (
    onward_referral_record,
    onward_referral_update,
    reproductive_health_choice_record,
)
from .support import (
    attendance_visible_to,
    episodes_for_attendance,
    onward_referral_in,
    sessions_for,
)
from .support_forms import (
    AttendanceForm,
    GroupForm,
    GroupSessionForm,
    OnwardReferralForm,
    OnwardUpdateForm,
    PeerMentorEndForm,
    PeerMentorForm,
    ReproductiveHealthChoiceForm,
)

# --- Onward referrals ------------------------------------------------------------------------


class OnwardNew(EpisodeFormView):
    action = Action.UPDATE_EPISODE
    page = "Record an onward referral"
    form_class = OnwardReferralForm
    template_name = "casework/onward_new.html"
    error_field = "referred_on"
    success_message = "Onward referral recorded"
    service = staticmethod(onward_referral_record)


class OnwardUpdate(EpisodeFormView):
    action = Action.UPDATE_EPISODE
    page = "Update an onward referral"
    form_class = OnwardUpdateForm
    template_name = "casework/onward_update.html"
    error_field = "first_appointment_on"
    success_message = "Onward referral updated"

    def ready(self):
        self.referral = onward_referral_in(self.episode, self.kwargs["onward_pk"])
        if self.referral is None:
            raise Http404("Page not found")

    def get_initial(self) -> dict:
        return {
            "first_appointment_on": self.referral.first_appointment_on,
            "outcome": self.referral.outcome,
            "notes": self.referral.notes,
        }

    def get_context_data(self) -> dict:
        return {**super().get_context_data(), "referral": self.referral}

    def perform(self, form):
        return onward_referral_update(
            referral=self.referral, updated_by=self.request.user, **form.cleaned_data
        )


# --- Sexual and reproductive health: the parent's own choices --------------------------------


class ReproductiveHealthNew(EpisodeFormView):
    action = Action.UPDATE_EPISODE
    page = "Record a health choice"
    form_class = ReproductiveHealthChoiceForm
    template_name = "casework/reproductive_health_new.html"
    error_field = "parent_agreed"
    success_message = "Recorded, for the service only"
    service = staticmethod(reproductive_health_choice_record)


# --- Peer mentors ----------------------------------------------------------------------------


class PeerMentorStart(ParentFormView):
    page = "Record a peer mentor role"
    form_class = PeerMentorForm
    template_name = "casework/peer_mentor.html"
    error_field = "started_on"
    success_message = "Peer mentor role recorded"

    def perform(self, form):
        return peer_mentor_start(
            parent=self.parent, recorded_by=self.request.user, **form.cleaned_data
        )


class PeerMentorEnd(EndsAnOpenRecord, ParentFormView):
    page = "End a peer mentor role"
    form_class = PeerMentorEndForm
    template_name = "casework/peer_mentor_end.html"
    error_field = "ended_on"
    success_message = "Peer mentor role ended"
    part_model, part_name, part_kwarg, part_owner = PeerMentorRole, "role", "role_pk", "parent"
    end = staticmethod(peer_mentor_end)


def _group(request, pk: int, action: Action) -> GroupProgramme:
    """A group of the user's own service, or 404 (audited as refused when it exists)."""
    group = GroupProgramme.objects.filter(pk=pk).first()
    if group is None:
        raise Http404("Page not found")
    if group.organisation_id != request.user.organisation_id or not role_allows(
        request.user, action
    ):
        raise refuse(request, action=action, obj=group)
    return group


def _staff(group: GroupProgramme):
    return User.objects.filter(
        organisation_id=group.organisation_id,
        is_active=True,
        role__in=[Role.PRACTITIONER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER],
    ).order_by("last_name", "first_name")


class GroupPage(View):
    """Shared shape of the group pages: declared access, the group loaded and checked."""

    action = Action.VIEW_PARENT
    page = ""
    http_method_names = ["get", "post"]

    @classmethod
    def as_view(cls, **initkwargs):
        view = super().as_view(**initkwargs)
        view.access = (cls.action,)
        view.page = cls.page
        return view


class GroupNew(GroupPage):
    """Set up a group. The form is on the home page; this page shows it again with errors."""

    action = Action.UPDATE_EPISODE
    page = "Set up a group"

    def get(self, request):
        return redirect(reverse("home") + "#groups")

    def post(self, request):
        form = GroupForm(request.POST)
        if form.is_valid():
            try:
                group = group_create(
                    organisation=request.user.organisation,
                    created_by=request.user,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                show_errors(form, error, "name")
            else:
                messages.success(request, "Group set up")
                return redirect("casework:group", pk=group.pk)
        return render(request, "casework/group_new.html", {"form": form})


class GroupDetail(GroupPage):
    action = Action.VIEW_PARENT
    page = "Group"
    http_method_names = ["get"]

    def get(self, request, pk: int):
        group = _group(request, pk, self.action)
        return render(
            request,
            "casework/group.html",
            {
                "group": group,
                "sessions": list(sessions_for(group)),
                "can_record": role_allows(request.user, Action.UPDATE_EPISODE),
            },
        )


class GroupSessionNew(GroupPage):
    action = Action.UPDATE_EPISODE
    page = "Record a group session"

    def _form(self, request, group):
        data = request.POST if request.method == "POST" else None
        return GroupSessionForm(data, staff=_staff(group))

    def get(self, request, pk: int):
        group = _group(request, pk, self.action)
        return render(
            request,
            "casework/group_session_new.html",
            {"group": group, "form": self._form(request, group)},
        )

    def post(self, request, pk: int):
        group = _group(request, pk, self.action)
        form = self._form(request, group)
        if form.is_valid():
            try:
                session = group_session_record(
                    group=group, recorded_by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                show_errors(form, error, "held_on")
            else:
                messages.success(request, "Session recorded")
                return redirect("casework:group-session", pk=session.pk)
        return render(request, "casework/group_session_new.html", {"group": group, "form": form})


class GroupSessionDetail(GroupPage):
    """A session: who came (among the parents the user may see), and, for staff, recording
    who came among the parents they work with."""

    action = Action.VIEW_PARENT
    page = "Group session"

    def _load(self, request, pk: int) -> GroupSession:
        session = GroupSession.objects.select_related("group").filter(pk=pk).first()
        if session is None:
            raise Http404("Page not found")
        _group(request, session.group_id, self.action)
        return session

    def _show(self, request, session, form):
        attended = attendance_visible_to(request.user, session)
        shown = {a.parent_id for a in attended}
        if form is not None:
            shown |= {e.parent_id for e in form.episodes.values()}
        record_read(parent_ids=sorted(shown))
        return render(
            request,
            "casework/group_session.html",
            {
                "group": session.group,
                "session": session,
                "facilitators": list(session.facilitators.all()),
                "attended": attended,
                "form": form,
            },
        )

    def _form(self, request, session, data=None):
        if not role_allows(request.user, Action.UPDATE_EPISODE):
            return None
        episodes = episodes_for_attendance(request.user, session)
        if not episodes:
            return None
        came = set(
            session.attendance.filter(parent_id__in=[e.parent_id for e in episodes]).values_list(
                "parent_id", flat=True
            )
        )
        initial = {"attended": [str(e.pk) for e in episodes if e.parent_id in came]}
        return AttendanceForm(data, initial=initial, episodes=episodes)

    def get(self, request, pk: int):
        session = self._load(request, pk)
        return self._show(request, session, self._form(request, session))

    def post(self, request, pk: int):
        session = self._load(request, pk)
        form = self._form(request, session, request.POST)
        if form is None:
            raise refuse(request, action=Action.UPDATE_EPISODE, obj=session)
        if form.is_valid():
            try:
                group_attendance_set(
                    session=session,
                    attended=form.cleaned_data["attended"],
                    among=list(form.episodes.values()),
                    recorded_by=request.user,
                )
            except ValidationError as error:
                show_errors(form, error, "attended")
            else:
                messages.success(request, "Attendance saved")
                return redirect("casework:group-session", pk=session.pk)
        return self._show(request, session, form)
