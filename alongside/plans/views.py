"""Plans: agreeing a plan, goals, reviews and achievements. HTTP only; writes in services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from alongside.core.access import requires
from alongside.core.concurrency import CONFLICT_MESSAGE, EditConflict
from alongside.core.drafts import draft_clear, draft_initial, draft_offer
from alongside.core.viewing import audit_page_view
from alongside.policy import Action, can

from .access import episode_to_view, episode_to_write
from .forms import AchievementForm, GoalEditForm, GoalForm, PlanAgreeForm, ReviewForm
from .models import Goal, GoalStatus, Plan
from .programme import programme_for
from .selectors import open_goals, plan_for_page
from .services import (
    achievement_add,
    goal_add,
    goal_update,
    next_review_after,
    plan_agree,
    review_hold,
)


@requires(Action.VIEW_PARENT)
def plan(request, pk: int):
    episode = episode_to_view(request, pk)
    the_plan = plan_for_page(episode)
    audit_page_view(request, description="Plan", obj=episode)
    today = timezone.localdate()
    return render(
        request,
        "plans/plan.html",
        {
            "episode": episode,
            "parent": episode.parent,
            "plan": the_plan,
            "goals": list(the_plan.goals.all()) if the_plan else [],
            "reviews": list(the_plan.reviews.all()) if the_plan else [],
            "review_overdue": the_plan is not None and the_plan.next_review_on < today,
            "programme": programme_for(episode),
            "can_write": can(request.user, Action.RECORD_CONTACT, episode),
        },
    )


@requires(Action.RECORD_CONTACT)
@require_http_methods(["GET", "POST"])
def plan_agree_view(request, pk: int):
    episode = episode_to_write(request, pk)
    if Plan.objects.filter(episode=episode).exists():
        return redirect("plans:plan", pk=episode.pk)
    data = request.POST if request.method == "POST" else None
    form = PlanAgreeForm(data, initial=draft_initial(request, PlanAgreeForm))
    if request.method == "POST" and form.is_valid():
        try:
            plan_agree(
                episode=episode,
                agreed_by=request.user,
                agreed_on=form.cleaned_data["agreed_on"],
                attended=form.cleaned_data["attended"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            form.add_error("agreed_on", error)
        else:
            draft_clear(request)
            messages.success(request, "Plan agreed. Now add the parent's goals")
            return redirect("plans:plan", pk=episode.pk)
    audit_page_view(request, description="Agree a plan", obj=episode)
    return render(
        request,
        "plans/plan_agree.html",
        {"episode": episode, "parent": episode.parent, "form": form, "draft": draft_offer(request)},
    )


def _plan_or_404(episode) -> Plan:
    the_plan = Plan.objects.filter(episode=episode).first()
    if the_plan is None:
        raise Http404("Page not found")
    return the_plan


@requires(Action.RECORD_CONTACT)
@require_http_methods(["GET", "POST"])
def goal_new(request, pk: int):
    episode = episode_to_write(request, pk)
    the_plan = _plan_or_404(episode)
    data = request.POST if request.method == "POST" else None
    form = GoalForm(data, initial=draft_initial(request, GoalForm))
    if request.method == "POST" and form.is_valid():
        details = dict(form.cleaned_data)
        milestones = details.pop("milestones")
        try:
            goal_add(plan=the_plan, added_by=request.user, details=details, milestones=milestones)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            draft_clear(request)
            messages.success(request, "Goal added")
            return redirect("plans:plan", pk=episode.pk)
    audit_page_view(request, description="Add a goal", obj=episode)
    return render(
        request,
        "plans/goal_form.html",
        {
            "episode": episode,
            "parent": episode.parent,
            "form": form,
            "title": "Add a goal",
            "draft": draft_offer(request),
        },
    )


@requires(Action.RECORD_CONTACT)
@require_http_methods(["GET", "POST"])
def goal_edit(request, pk: int):
    goal = Goal.objects.select_related("plan__episode").filter(pk=pk).first()
    if goal is None:
        raise Http404("Page not found")
    episode = episode_to_write(request, goal.plan.episode_id)
    data = request.POST if request.method == "POST" else None
    initial = GoalEditForm.initial_for(goal)
    form = GoalEditForm(data, initial=initial)
    if request.method == "POST" and form.is_valid():
        details = dict(form.cleaned_data)
        milestones = details.pop("milestones")
        expected = details.pop("version") or goal.version
        try:
            goal_update(
                goal=goal,
                updated_by=request.user,
                details=details,
                milestones=milestones,
                expected_version=expected,
            )
        except EditConflict as conflict:
            data = request.POST.copy()
            data["version"] = conflict.current_version
            form = GoalEditForm(data, initial=initial)
            form.is_valid()
            form.add_error(None, CONFLICT_MESSAGE)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Goal saved")
            return redirect("plans:plan", pk=episode.pk)
    audit_page_view(request, description="Change a goal", obj=episode)
    return render(
        request,
        "plans/goal_form.html",
        {"episode": episode, "parent": episode.parent, "form": form, "title": "Change a goal"},
    )


@requires(Action.RECORD_CONTACT)
@require_http_methods(["GET", "POST"])
def review_new(request, pk: int):
    episode = episode_to_write(request, pk)
    the_plan = _plan_or_404(episode)
    goals = list(the_plan.goals.filter(status=GoalStatus.ACTIVE).order_by("pk"))
    data = request.POST if request.method == "POST" else None
    today = timezone.localdate()
    initial = {"version": the_plan.version, "next_review_on": next_review_after(episode, today)}
    form = ReviewForm(data, goals=goals, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            review_hold(
                plan=the_plan,
                held_by=request.user,
                held_on=form.cleaned_data["held_on"],
                attended=form.cleaned_data["attended"],
                notes=form.cleaned_data["notes"],
                outcomes=form.outcomes(),
                next_review_on=form.cleaned_data["next_review_on"],
                expected_version=form.cleaned_data["version"] or the_plan.version,
            )
        except EditConflict:
            form.add_error(
                None,
                "Someone else recorded a review or changed this plan while you were writing. "
                "Your review has not been saved. Check the plan, then record the review again",
            )
        except ValidationError as error:
            form.add_error("held_on", error)
        else:
            messages.success(request, "Review recorded")
            return redirect("plans:plan", pk=episode.pk)
    audit_page_view(request, description="Record a review", obj=episode)
    return render(
        request,
        "plans/review_new.html",
        {"episode": episode, "parent": episode.parent, "form": form, "plan": the_plan},
    )


@requires(Action.RECORD_CONTACT)
@require_http_methods(["GET", "POST"])
def achievement_new(request, pk: int):
    episode = episode_to_write(request, pk)
    goals = open_goals(episode)
    data = request.POST if request.method == "POST" else None
    form = AchievementForm(data, goals=goals)
    if request.method == "POST" and form.is_valid():
        try:
            achievement_add(
                episode=episode,
                recorded_by=request.user,
                happened_on=form.cleaned_data["happened_on"],
                text=form.cleaned_data["text"],
                whose=form.cleaned_data["whose"],
                goal=form.cleaned_data["goal"],
            )
        except ValidationError as error:
            form.add_error("happened_on", error)
        else:
            messages.success(request, "Achievement recorded")
            return redirect("people:overview", pk=episode.parent_id)
    audit_page_view(request, description="Record an achievement", obj=episode)
    return render(
        request,
        "plans/achievement_new.html",
        {"episode": episode, "parent": episode.parent, "form": form},
    )
