"""Plans: agreeing a plan, goals, reviews and achievements, and the contact form that records
them at once. HTTP only; writes in services."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from alongside.audit.reads import record_read
from alongside.casework.actions import EpisodeFormView
from alongside.casework.couples import partner_episodes
from alongside.casework.forms import ContactForm
from alongside.casework.models import Episode
from alongside.casework.services import contact_record
from alongside.core.access import get_allowed, requires
from alongside.policy import Action, can

from .contact_extras import ContactExtras
from .forms import (
    AchievementForm,
    GoalEditForm,
    GoalForm,
    GoalShareForm,
    PlanAgreeForm,
    ReviewForm,
)
from .models import Goal, GoalStatus, Plan
from .programme import programme_for
from .selectors import open_goals, plan_for_page
from .services import (
    achievement_add,
    goal_add,
    goal_share,
    goal_update,
    next_review_after,
    plan_agree,
    review_hold,
)

REVIEW_CONFLICT = (
    "Someone else recorded a review or changed this plan while you were writing. "
    "Your review has not been saved. Check the plan, then record the review again"
)


@requires(Action.VIEW_PARENT, page="Plan")
def plan(request, pk: int):
    episode = get_allowed(
        request, Episode.objects.select_related("parent", "key_worker"), pk, Action.VIEW_PARENT
    )
    the_plan = plan_for_page(episode)
    today = timezone.localdate()
    # Goals the parent's partner shares with them, from the partner's plan.
    shared = list(
        Goal.objects.filter(shared_with=episode).select_related(
            "plan__episode__parent", "shared_with__parent"
        )
    )
    record_read(parent_ids={g.plan.episode.parent_id for g in shared})
    return render(
        request,
        "plans/plan.html",
        {
            "episode": episode,
            "parent": episode.parent,
            "plan": the_plan,
            "goals": list(the_plan.goals.all()) if the_plan else [],
            "shared_goals": shared,
            "reviews": list(the_plan.reviews.all()) if the_plan else [],
            "review_overdue": the_plan is not None and the_plan.next_review_on < today,
            "programme": programme_for(episode),
            "can_write": can(request.user, Action.UPDATE_EPISODE, episode),
        },
    )


class ContactNew(EpisodeFormView):
    """Recording once: the contact, and with it (for those who work on the episode) goal
    progress, an achievement and measures. Under break-glass, the contact alone."""

    action = Action.RECORD_CONTACT
    page = "Record a contact"
    form_class = ContactForm
    template_name = "plans/contact_new.html"
    error_field = "happened_on"
    drafts = True
    success_message = "Contact recorded"

    def ready(self):
        self.extras = None
        if can(self.request.user, Action.UPDATE_EPISODE, self.episode):
            data = self.request.POST if self.request.method == "POST" else None
            self.extras = ContactExtras(self.episode, data)

    def is_valid(self, form) -> bool:
        return all([form.is_valid(), self.extras is None or self.extras.is_valid()])

    def get_initial(self) -> dict:
        return {"happened_on": timezone.localdate(), "confidentiality": "service_only"}

    @transaction.atomic
    def perform(self, form):
        contact = contact_record(
            episode=self.episode, recorded_by=self.request.user, **form.cleaned_data
        )
        self.recorded = []
        if self.extras is not None:
            self.recorded = self.extras.save(contact=contact, recorded_by=self.request.user)
        return contact

    def get_success_message(self, contact) -> str:
        if not self.recorded:
            return "Contact recorded"
        if len(self.recorded) == 1:
            return f"Contact recorded, with {self.recorded[0]}"
        return f"Contact recorded, with {', '.join(self.recorded[:-1])} and {self.recorded[-1]}"

    def get_context_data(self) -> dict:
        return {**super().get_context_data(), "extras": self.extras}


class PlanPage(EpisodeFormView):
    """Pages that write to the plan return to it."""

    action = Action.UPDATE_EPISODE

    def success_url(self, result) -> str:
        return reverse("plans:plan", args=[self.episode.pk])

    def the_plan(self) -> Plan:
        found = Plan.objects.filter(episode=self.episode).first()
        if found is None:
            raise Http404("Page not found")
        return found


class GoalShare(PlanPage):
    """Share a goal with the parent's partner: it shows on both plans. The user must work on
    both pieces of work."""

    page = "Share a goal with a partner"
    form_class = GoalShareForm
    template_name = "plans/goal_share.html"
    success_message = "Goal shared. It shows on both parents' plans"

    def load(self) -> Episode:
        self.goal = Goal.objects.select_related("plan").filter(pk=self.kwargs["pk"]).first()
        if self.goal is None:
            raise Http404("Page not found")
        return self.load_pk(self.goal.plan.episode_id)

    def ready(self):
        if self.goal.shared_with_id is not None:
            return redirect("plans:plan", pk=self.episode.pk)
        user = self.request.user
        self.partners = [
            e for e in partner_episodes(self.episode) if can(user, Action.UPDATE_EPISODE, e)
        ]
        for partner in self.partners:
            record_read(partner)
        return None

    def get_form_kwargs(self) -> dict:
        return {"partners": self.partners}

    def get_context_data(self) -> dict:
        return {**super().get_context_data(), "goal": self.goal, "partners": self.partners}

    def perform(self, form):
        chosen = next(
            (e for e in self.partners if e.pk == form.cleaned_data["partner_episode"]), None
        )
        if chosen is None:
            raise ValidationError({"partner_episode": "Select a partner you work with"})
        return goal_share(goal=self.goal, partner_episode=chosen, shared_by=self.request.user)


class PlanAgree(PlanPage):
    page = "Agree a plan"
    form_class = PlanAgreeForm
    template_name = "plans/plan_agree.html"
    error_field = "agreed_on"
    drafts = True
    success_message = "Plan agreed. Now add the parent's goals"

    def ready(self):
        if Plan.objects.filter(episode=self.episode).exists():
            return redirect("plans:plan", pk=self.episode.pk)
        return None

    def perform(self, form):
        return plan_agree(
            episode=self.episode,
            agreed_by=self.request.user,
            agreed_on=form.cleaned_data["agreed_on"],
            attended=form.cleaned_data["attended"],
            notes=form.cleaned_data["notes"],
        )


class GoalNew(PlanPage):
    page = "Add a goal"
    form_class = GoalForm
    template_name = "plans/goal_form.html"
    drafts = True
    success_message = "Goal added"

    def ready(self):
        self.plan = self.the_plan()

    def get_context_data(self) -> dict:
        return {**super().get_context_data(), "title": "Add a goal"}

    def perform(self, form):
        details = dict(form.cleaned_data)
        milestones = details.pop("milestones")
        return goal_add(
            plan=self.plan, added_by=self.request.user, details=details, milestones=milestones
        )


class GoalEdit(PlanPage):
    page = "Change a goal"
    form_class = GoalEditForm
    template_name = "plans/goal_form.html"
    success_message = "Goal saved"

    def load(self) -> Episode:
        self.goal = Goal.objects.select_related("plan").filter(pk=self.kwargs["pk"]).first()
        if self.goal is None:
            raise Http404("Page not found")
        return self.load_pk(self.goal.plan.episode_id)

    def get_initial(self) -> dict:
        return GoalEditForm.initial_for(self.goal)

    def get_context_data(self) -> dict:
        return {**super().get_context_data(), "title": "Change a goal"}

    def perform(self, form):
        details = dict(form.cleaned_data)
        milestones = details.pop("milestones")
        expected = details.pop("version") or self.goal.version
        return goal_update(
            goal=self.goal,
            updated_by=self.request.user,
            details=details,
            milestones=milestones,
            expected_version=expected,
        )


class ReviewNew(PlanPage):
    page = "Record a review"
    form_class = ReviewForm
    template_name = "plans/review_new.html"
    error_field = "held_on"
    success_message = "Review recorded"

    def ready(self):
        self.plan = self.the_plan()
        self.goals = list(self.plan.goals.filter(status=GoalStatus.ACTIVE).order_by("pk"))

    def get_form_kwargs(self) -> dict:
        return {"goals": self.goals}

    def get_initial(self) -> dict:
        return {
            "version": self.plan.version,
            "next_review_on": next_review_after(self.episode, timezone.localdate()),
        }

    def get_context_data(self) -> dict:
        return {**super().get_context_data(), "plan": self.plan}

    def conflict_form(self, conflict):
        form = self.get_form()
        form.is_valid()
        form.add_error(None, REVIEW_CONFLICT)
        return form

    def perform(self, form):
        return review_hold(
            plan=self.plan,
            held_by=self.request.user,
            held_on=form.cleaned_data["held_on"],
            attended=form.cleaned_data["attended"],
            notes=form.cleaned_data["notes"],
            outcomes=form.outcomes(),
            next_review_on=form.cleaned_data["next_review_on"],
            expected_version=form.cleaned_data["version"] or self.plan.version,
        )


class AchievementNew(EpisodeFormView):
    action = Action.UPDATE_EPISODE
    page = "Record an achievement"
    form_class = AchievementForm
    template_name = "plans/achievement_new.html"
    error_field = "happened_on"
    success_message = "Achievement recorded"

    def get_form_kwargs(self) -> dict:
        return {"goals": open_goals(self.episode)}

    def perform(self, form):
        return achievement_add(
            episode=self.episode,
            recorded_by=self.request.user,
            happened_on=form.cleaned_data["happened_on"],
            text=form.cleaned_data["text"],
            whose=form.cleaned_data["whose"],
            goal=form.cleaned_data["goal"],
        )
