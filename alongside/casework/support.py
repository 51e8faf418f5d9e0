"""Reading onward referrals, sexual and reproductive health choices, groups and peer
mentoring for a user, always through the access policy."""

from django.db.models import Count, QuerySet

from alongside.people.models import Parent
from alongside.policy import (
    Action,
    can,
    episodes_worked_on_by,
    in_case_scope,
    parents_visible_to,
    role_allows,
)

from .models import (
    Episode,
    GroupAttendance,
    GroupProgramme,
    GroupSession,
    OnwardKind,
    OnwardReferral,
    PeerMentorRole,
    ReproductiveHealthChoice,
    ReproductiveHealthChoiceKind,
)
from .selectors import group_attendance_of, onward_referrals_of


def support_for(user, parent: Parent, current: Episode | None) -> dict | None:
    """For the parent's overview: onward referrals, groups attended and peer mentoring.

    Sexual and reproductive health (choices and referrals) is shown only to staff whose own
    work covers the parent: not to a manager looking under break-glass or at a referral."""
    if not can(user, Action.VIEW_PARENT, parent):
        return None
    in_scope = in_case_scope(user, parent)
    onward = onward_referrals_of(parent)
    if not in_scope:
        onward = [r for r in onward if r.kind != OnwardKind.SEXUAL_REPRODUCTIVE_HEALTH]
    can_update = current is not None and can(user, Action.UPDATE_EPISODE, current)
    return {
        "current": current,
        "onward": onward,
        "show_reproductive_health": in_scope,
        # Newest first, sorted here: cheaper than ordering a query with a joined user.
        "reproductive_health": sorted(
            ReproductiveHealthChoice.objects.filter(episode__parent=parent)
            .select_related("recorded_by")
            .order_by(),
            key=lambda choice: (choice.created_at, choice.pk),
            reverse=True,
        )
        if in_scope
        else [],
        "attended": group_attendance_of(parent),
        "mentor_roles": list(PeerMentorRole.objects.filter(parent=parent)),
        "can_update": can_update,
        "can_edit_parent": can(user, Action.EDIT_PARENT, parent),
    }


def groups_for(user) -> QuerySet[GroupProgramme]:
    """The service's groups, for its staff. Names of groups only: no parent is shown."""
    if not role_allows(user, Action.VIEW_PARENT):
        return GroupProgramme.objects.none()
    return GroupProgramme.objects.filter(organisation_id=user.organisation_id).annotate(
        session_count=Count("sessions")
    )


def sessions_for(group: GroupProgramme) -> QuerySet[GroupSession]:
    return group.sessions.prefetch_related("facilitators").annotate(
        attendance_count=Count("attendance")
    )


def attendance_visible_to(user, session: GroupSession) -> list[GroupAttendance]:
    """Who came to a session, among the parents this user may see."""
    return list(
        GroupAttendance.objects.filter(session=session, parent__in=parents_visible_to(user))
        .select_related("parent", "recorded_by")
        .order_by("parent__family_name", "parent__given_name", "pk")
    )


def episodes_for_attendance(user, session: GroupSession) -> list[Episode]:
    """The open work whose attendance this user may record: parents they work with now."""
    candidates = (
        episodes_worked_on_by(user)
        .filter(organisation_id=session.group.organisation_id)
        .exclude(status=Episode.Status.CLOSED)
        .select_related("parent")
        .order_by("parent__family_name", "parent__given_name", "pk")
    )
    return [e for e in candidates if can(user, Action.UPDATE_EPISODE, e)]


def onward_referral_in(episode: Episode, pk: int) -> OnwardReferral | None:
    return OnwardReferral.objects.filter(episode=episode, pk=pk).first()


def reproductive_health_totals(organisation_id: int) -> list[tuple[str, int]]:
    """How many parents made each choice: counts only, never who."""
    rows = (
        ReproductiveHealthChoice.objects.filter(episode__organisation_id=organisation_id)
        .values("choice")
        .annotate(parents=Count("episode__parent", distinct=True))
    )
    by_choice = {row["choice"]: row["parents"] for row in rows}
    total = ReproductiveHealthChoice.objects.filter(
        episode__organisation_id=organisation_id
    ).aggregate(parents=Count("episode__parent", distinct=True))["parents"]
    return [("any", total)] + [
        (label, by_choice.get(value, 0)) for value, label in ReproductiveHealthChoiceKind.choices
    ]
