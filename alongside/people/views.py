"""A parent's overview, their details and their children."""

import json

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render

from alongside.audit.reads import record_read
from alongside.casework.couples import partner_episodes
from alongside.casework.selectors import parent_for, timeline_for
from alongside.core.access import get_allowed, requires
from alongside.policy import Action, can, parents_in_case_scope
from alongside.referrals.selectors import merge_joining
from alongside.sharing.selectors import break_glass_open_for

from .actions import ParentFormView, PartOfParentFormView, VersionedEdit
from .forms import (
    ChildDetailsForm,
    ChildForm,
    ChildStatusForm,
    ParentDetailsForm,
    PregnancyForm,
    PregnancyOutcomeForm,
    RelationshipEndForm,
    RelationshipForm,
)
from .models import Child, Parent, Pregnancy, Relationship
from .selectors import children_over_time, pregnancies_of, relationships_of
from .services import (
    child_add,
    child_status_change,
    child_update,
    parent_update,
    pregnancy_end,
    pregnancy_record,
    pregnancy_update,
    relationship_end,
    relationship_record,
)

OVERVIEW_TIMELINE_ITEMS = 25


@requires(Action.VIEW_PARENT, page="Parent overview")
def parent_overview(request, pk: int):
    parent = parent_for(request, pk)
    episodes = list(parent.episodes.all())
    current = next((e for e in episodes if e.is_open), None)
    # Ended work: a 'door open' contact without reopening it, or starting work again.
    ended = episodes[0] if episodes and current is None and not episodes[0].is_open else None
    user = request.user
    # The newest items (one more, to know if there are more); the whole history is the
    # family's chronology, a page at a time. Only those contacts are read, notes and all.
    newest = timeline_for(parent, viewer=user, newest=OVERVIEW_TIMELINE_ITEMS + 1)
    timeline = newest[:OVERVIEW_TIMELINE_ITEMS]
    record_read(parent_ids={pk for event in timeline for pk in event.also_shows})
    merged = merge_joining(parent)
    if merged is not None:
        record_read(merged.kept)
    return render(
        request,
        "people/parent_overview.html",
        {
            "parent": parent,
            "merged": merged,
            "episodes": episodes,
            "current": current,
            "timeline": timeline,
            "timeline_has_more": len(newest) > OVERVIEW_TIMELINE_ITEMS,
            "can_see_chronology": can(user, Action.VIEW_WORKBOOK, parent),
            "partnerships": _partnerships_for(user, parent),
            "stories": children_over_time(parent),
            "pregnancies": pregnancies_of(parent),
            "can_record_contact": current is not None and can(user, Action.RECORD_CONTACT, current),
            "can_record_joint_contact": current is not None
            and can(user, Action.RECORD_CONTACT, current)
            and any(can(user, Action.RECORD_CONTACT, e) for e in partner_episodes(current)),
            "can_allocate": current is not None and can(user, Action.ALLOCATE, current),
            "can_close": current is not None and can(user, Action.CLOSE_EPISODE, current),
            "can_edit": can(user, Action.EDIT_PARENT, parent),
            "can_merge": can(user, Action.MERGE_PARENTS, parent),
            "ended": ended,
            "can_door_open": ended is not None
            and can(user, Action.RECORD_DOOR_OPEN_CONTACT, ended),
            "can_reopen": ended is not None and can(user, Action.DECIDE_REFERRAL, ended),
            "break_glass": break_glass_open_for(user, parent),
        },
    )


def _partnerships_for(user, parent: Parent) -> list[dict]:
    """The parent's relationships for their overview: the other parent's name only (it is
    this parent's information too), with a link to their record only for users who may open
    it. Nothing else of the other parent's record is shown here."""
    rows = []
    for partnership in relationships_of(parent):
        other = partnership.other
        if other is not None:
            record_read(other)
        rows.append(
            {
                "relationship": partnership.relationship,
                "other": other,
                "can_open_other": other is not None and can(user, Action.VIEW_PARENT, other),
            }
        )
    return rows


class ParentEdit(ParentFormView):
    page = "Edit parent's details"
    form_class = ParentDetailsForm
    template_name = "people/parent_edit.html"
    drafts = True
    success_message = "Details saved"

    def get_initial(self) -> dict:
        parent = self.parent
        return {
            "given_name": parent.given_name,
            "family_name": parent.family_name,
            "preferred_name": parent.preferred_name,
            "previous_names": "\n".join(n.name for n in parent.previous_names.all()),
            "date_of_birth": parent.date_of_birth,
            "nhs_number": parent.nhs_number_display,
            "phone": parent.phone,
            "email": parent.email,
            "address": parent.address,
            "postcode": parent.postcode,
            "ethnicity": parent.ethnicity,
            "care_experienced": parent.care_experienced,
            "learning_disability": parent.learning_disability,
            "substance_misuse": parent.substance_misuse,
            "sex": parent.sex,
            "gender_same_as_sex": parent.gender_same_as_sex,
            "gender_identity": parent.gender_identity,
            "version": parent.version,
        }

    def perform(self, form):
        return parent_update(
            parent=self.parent,
            updated_by=self.request.user,
            details=form.cleaned_data,
            expected_version=form.cleaned_data["version"] or self.parent.version,
            reason=form.cleaned_data["change_reason"],
        )


class ChildNew(ParentFormView):
    page = "Add a child"
    form_class = ChildForm
    template_name = "people/child_new.html"
    drafts = True
    success_message = "Child added"

    def perform(self, form):
        return child_add(parent=self.parent, added_by=self.request.user, details=form.cleaned_data)

    def get_success_message(self, result) -> str:
        return "Pregnancy added" if isinstance(result, Pregnancy) else self.success_message


class ChildEdit(VersionedEdit):
    part_model, part_name = Child, "child"
    page = "Change a child's details"
    form_class = ChildDetailsForm
    template_name = "people/child_edit.html"
    success_message = "Child's details saved"
    fields = ("given_name", "date_of_birth")
    update = staticmethod(child_update)


class ChildStatusNew(PartOfParentFormView):
    part_model, part_name = Child, "child"
    page = "Record a change in where a child lives"
    form_class = ChildStatusForm
    template_name = "people/child_status.html"
    success_message = "Change saved"

    def perform(self, form):
        data = form.cleaned_data
        return child_status_change(
            child=self.child,
            recorded_by=self.request.user,
            status=data["status"],
            on=data["on"],
            source=data["source"],
            order_sought=data.get("order_sought") or "",
        )


class PregnancyNew(ParentFormView):
    page = "Add a pregnancy"
    form_class = PregnancyForm
    template_name = "people/pregnancy_form.html"
    success_message = "Pregnancy added"

    def perform(self, form):
        return pregnancy_record(
            parent=self.parent, recorded_by=self.request.user, details=form.cleaned_data
        )


class PregnancyEdit(VersionedEdit):
    part_model, part_name = Pregnancy, "pregnancy"
    page = "Change a pregnancy"
    form_class = PregnancyForm
    template_name = "people/pregnancy_form.html"
    success_message = "Pregnancy saved"
    fields = (
        "confirmed_on",
        "due_date",
        "booked_with_midwifery_on",
        "pre_birth_assessment",
        "pre_birth_assessment_on",
    )
    update = staticmethod(pregnancy_update)


class PregnancyEnd(PartOfParentFormView):
    part_model, part_name = Pregnancy, "pregnancy"
    page = "Record how a pregnancy ended"
    form_class = PregnancyOutcomeForm
    template_name = "people/pregnancy_outcome.html"
    success_message = "Saved"

    def ready(self):
        super().ready()
        if self.pregnancy.outcome:
            raise Http404("Page not found")
        return None

    def perform(self, form):
        data = form.cleaned_data
        return pregnancy_end(
            pregnancy=self.pregnancy,
            recorded_by=self.request.user,
            outcome=data["outcome"],
            outcome_on=data["outcome_on"],
            baby={
                "given_name": data.get("given_name", ""),
                "legal_status": data.get("legal_status", ""),
                "order_sought": data.get("order_sought", ""),
                "source": data.get("source", ""),
            },
        )

    def get_success_message(self, result) -> str:
        if result.child_id:
            return "Birth recorded. The baby has been added to the children"
        return "Saved"


class RelationshipNew(ParentFormView):
    """Record a relationship between this parent and another: the user's own work must cover
    both (the list offers only those parents, and the policy is asked again on saving)."""

    page = "Record a relationship"
    form_class = RelationshipForm
    template_name = "people/relationship_new.html"
    success_message = "Relationship recorded"

    def get_form_kwargs(self) -> dict:
        partners = parents_in_case_scope(self.request.user).order_by("family_name", "given_name")
        return {"partners": partners}

    def show(self, form):
        # The list names other parents: each is a read of their record.
        record_read(parent_ids=form.fields["partner"].queryset.values_list("pk", flat=True))
        return super().show(form)

    def perform(self, form):
        data = form.cleaned_data
        partner = data["partner"]
        if partner.pk != self.parent.pk and not can(self.request.user, Action.EDIT_PARENT, partner):
            raise ValidationError({"partner": "Choose a parent you work with"})
        return relationship_record(
            parent=self.parent,
            partner=partner,
            kind=data["kind"],
            started_on=data["started_on"],
            recorded_by=self.request.user,
        )


class RelationshipEnd(ParentFormView):
    """End a relationship from either parent's record; the user's work must cover both."""

    page = "End a relationship"
    form_class = RelationshipEndForm
    template_name = "people/relationship_end.html"
    success_message = "Relationship ended"

    def ready(self):
        self.relationship = Relationship.objects.filter(
            members__parent=self.parent, pk=self.kwargs["relationship_pk"], ended_on__isnull=True
        ).first()
        if self.relationship is None:
            raise Http404("Page not found")
        others = [m.parent for m in self.relationship.members.select_related("parent")]
        self.other = next((p for p in others if p.pk != self.parent.pk), None)
        if self.other is not None:
            if not can(self.request.user, Action.EDIT_PARENT, self.other):
                raise Http404("Page not found")
            record_read(self.other)
        return None

    def get_context_data(self) -> dict:
        return {"parent": self.parent, "relationship": self.relationship, "other": self.other}

    def perform(self, form):
        return relationship_end(
            relationship=self.relationship,
            ended_on=form.cleaned_data["ended_on"],
            ended_by=self.request.user,
        )


@requires(Action.VIEW_PARENT, page="History of changes to details")
def changes(request, pk: int):
    parent = get_allowed(request, Parent, pk, Action.VIEW_PARENT)
    history = [
        (c, json.loads(c.before), json.loads(c.after))
        for c in parent.changes.select_related("changed_by")
    ]
    return render(request, "people/changes.html", {"parent": parent, "history": history})
