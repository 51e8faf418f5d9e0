"""The family's one chronology (filters by date, person, discipline, type and significance; a
page at a time) and marking any item of it significant."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from alongside.audit.reads import record_read
from alongside.core.access import get_allowed, requires
from alongside.people.actions import ParentFormView
from alongside.people.models import Parent
from alongside.policy import Action, can

from .chronology import Filters, chronology_items, person_choices, type_choices, with_words
from .forms import ChronologyFilterForm
from .services import item_significance_set

PER_PAGE = 50


def page_links(page) -> list[int | None]:
    """The page numbers to offer (GOV.UK pagination): the first, the last, and two either side
    of this one; None where some are left out."""
    last = page.paginator.num_pages
    wanted = {1, last, *range(page.number - 2, page.number + 3)}
    links: list[int | None] = []
    for number in sorted(n for n in wanted if 1 <= n <= last):
        if links and links[-1] is not None and number > links[-1] + 1:
            links.append(None)
        links.append(number)
    return links


@requires(Action.VIEW_WORKBOOK, page="Chronology of the family")
def chronology(request, pk: int):
    parent = get_allowed(request, Parent, pk, Action.VIEW_WORKBOOK)
    people = person_choices(request.user, parent)
    asked = request.GET.copy()
    asked.pop("page", None)
    form = ChronologyFilterForm(
        asked or None, people=people, types=type_choices(request.user, parent)
    )
    refused = form.is_bound and not form.is_valid()
    filters = Filters()
    if form.is_bound and not refused:
        data = form.cleaned_data
        filters = Filters(
            start=data["start"],
            end=data["end"],
            person=data["person"],
            discipline=data["discipline"],
            type=data["type"],
            significant_only=data["significant"],
        )
    items = [] if refused else chronology_items(request.user, parent, filters)
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = with_words(page.object_list)
    # The partners named in the 'About' list, and those whose part of a joint contact shows.
    named = {int(value.split(":")[1]) for value, _ in people if value.startswith("parent:")}
    shown = {pk for item in page for pk in item.event.also_shows}
    record_read(parent_ids=(named | shown) - {parent.pk})
    return render(
        request,
        "workbook/chronology.html",
        {
            "parent": parent,
            "form": form,
            "items": page,
            "page": page,
            "page_links": page_links(page),
            "count": len(items),
            "refused": refused,
            "filtered": form.is_bound and not refused,
            "querystring": asked.urlencode(),
            "can_mark": can(request.user, Action.MANAGE_TEAM, parent),
        },
    )


class SignificanceForm(forms.Form):
    kind = forms.CharField(max_length=30)
    item_id = forms.IntegerField(min_value=1)
    significant = forms.TypedChoiceField(choices=[("1", "Yes"), ("0", "No")], coerce=int)
    # The chronology's filters, to go back to the same view of it.
    filters = forms.CharField(required=False, max_length=1000)


class ItemSignificant(ParentFormView):
    """Mark any item of the chronology significant (or not), from the chronology page."""

    action = Action.MANAGE_TEAM
    page = "Mark an item of the chronology significant"
    form_class = SignificanceForm
    template_name = "workbook/chronology.html"
    http_method_names = ["post"]

    def perform(self, form):
        self.filters = QueryDict(form.cleaned_data["filters"]).urlencode()
        self.anchor = f"item-{form.cleaned_data['kind']}-{form.cleaned_data['item_id']}"
        return item_significance_set(
            parent=self.parent,
            kind=form.cleaned_data["kind"],
            item_id=form.cleaned_data["item_id"],
            significant=bool(form.cleaned_data["significant"]),
            marked_by=self.request.user,
        )

    def show(self, form):
        # Nothing to type: a refusal is an item not on the chronology (or a stale page).
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        messages.error(self.request, errors[0] if errors else "That could not be marked.")
        return redirect("workbook:chronology", self.parent.pk)

    def get_success_message(self, marked) -> str:
        return "Marked significant" if marked else "No longer marked significant"

    def success_url(self, marked) -> str:
        url = reverse("workbook:chronology", args=[self.parent.pk])
        return f"{url}{'?' + self.filters if self.filters else ''}#{self.anchor}"
