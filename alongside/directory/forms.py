from django import forms

from .geography import REGIONS, by_slug, close_matches, find_local_authority
from .models import PARTIAL_DATE, ProviderKind, Scope, ServiceModel, Status, When, WorksWith


class AreasField(forms.CharField):
    """Local authorities, one on each line, by name: a misspelt name gets close matches."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "One on each line, for example Leeds")
        super().__init__(required=False, widget=forms.Textarea(attrs={"rows": 4}), **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(la.name for la in (by_slug(s) for s in value) if la)
        return value

    def clean(self, value):
        text = super().clean(value) or ""
        slugs, problems = [], []
        for name in (line.strip() for line in text.splitlines()):
            if not name:
                continue
            la = find_local_authority(name)
            if la is None:
                near = " or ".join(m.name for m in close_matches(name))
                problems.append(
                    f"‘{name}’ is not an English local authority"
                    + (f": did you mean {near}?" if near else "")
                )
            elif la.slug not in slugs:
                slugs.append(la.slug)
        if problems:
            raise forms.ValidationError(problems)
        return slugs


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Local authority, postcode district or region",
        help_text="For example Leeds, M6 or North West",
        max_length=100,
        required=False,
    )


def _partial_date(label: str) -> forms.CharField:
    return forms.RegexField(
        label=label,
        regex=PARTIAL_DATE,
        required=False,
        max_length=7,
        help_text="A year (2014) or a year and month (2014-04). Leave blank if not known.",
        error_messages={"invalid": "Enter a year (2014) or a year and month (2014-04)"},
    )


class EntryForm(forms.Form):
    """What a person may say about a service (administrator's edit; the publish form uses the
    fields it needs)."""

    name = forms.CharField(label="Name of the service", max_length=200)
    provider_name = forms.CharField(label="Provider", max_length=200, required=False)
    provider_kind = forms.ChoiceField(label="Kind of provider", choices=ProviderKind.choices)
    model = forms.ChoiceField(label="Model", choices=ServiceModel.choices)
    status = forms.ChoiceField(label="Status", choices=Status.choices)
    status_as_of = _partial_date("Status as of")
    started = _partial_date("Started")
    ended = _partial_date("Ended")
    scope = forms.ChoiceField(label="Where it works", choices=Scope.choices)
    areas = AreasField(label="Local authorities covered")
    regions = forms.MultipleChoiceField(
        label="Regions (for a service whose local authorities are not named)",
        choices=list(REGIONS.items())
        + [("wales", "Wales"), ("northern_ireland", "Northern Ireland")],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    area_note = forms.CharField(label="About the area", max_length=300, required=False)
    courts = forms.CharField(label="Courts (for an FDAC)", max_length=300, required=False)
    works_with = forms.MultipleChoiceField(
        label="Who it works with",
        choices=WorksWith.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    min_age = forms.IntegerField(label="Youngest age", min_value=10, max_value=99, required=False)
    max_age = forms.IntegerField(label="Oldest age", min_value=10, max_value=99, required=False)
    when = forms.MultipleChoiceField(
        label="When it works with parents",
        choices=When.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    how_to_refer = forms.CharField(
        label="How to refer", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    description = forms.CharField(
        label="Description", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    source = forms.CharField(
        label="Source",
        max_length=500,
        help_text="Where these facts come from: a document and its section, or who told you and when",
    )

    def clean(self):
        data = super().clean()
        low, high = data.get("min_age"), data.get("max_age")
        if low and high and low > high:
            self.add_error("max_age", "The oldest age must not be below the youngest")
        if data.get("status") == Status.CLOSED and not (
            data.get("ended") or data.get("status_as_of")
        ):
            self.add_error("ended", "Say when the service closed")
        return data

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("areas", None)
        return data


class PublishForm(forms.Form):
    """The facts the programme definition cannot give; the rest comes from it."""

    provider_kind = forms.ChoiceField(label="Kind of provider", choices=ProviderKind.choices)
    model = forms.ChoiceField(label="Model", choices=ServiceModel.choices)
    status = forms.ChoiceField(label="Status", choices=Status.choices)
    areas = AreasField(
        label="Local authorities the service covers",
        help_text="One on each line. Filled in from the postcode areas in the programme's rules "
        "where the directory knows them",
    )
    works_with = forms.MultipleChoiceField(
        label="Who the service works with",
        choices=WorksWith.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    when = forms.MultipleChoiceField(
        label="When the service works with parents",
        choices=When.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    how_to_refer = forms.CharField(
        label="How to refer", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
