from django import forms

from alongside.core.forms import DateField

from .models import Discipline, Meeting, TeamEntry


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return f"{user.display_name}, {user.organisation}"


class TeamMemberForm(forms.Form):
    user = UserChoiceField(
        label="Who",
        queryset=None,
        empty_label="Choose a professional",
        error_messages={
            "required": "Choose a professional",
            "invalid_choice": "Choose a professional from the list",
        },
    )
    role = forms.CharField(
        label="Their role on this family",
        max_length=120,
        help_text="For example, Child's social worker or Domestic abuse worker",
        error_messages={"required": "Enter their role on this family"},
    )
    discipline = forms.ChoiceField(
        label="Discipline",
        choices=[("", "Choose a discipline"), *Discipline.choices],
        error_messages={"required": "Choose their discipline"},
    )
    started_on = DateField(label="Date they started working with the family")
    ended_on = DateField(label="Date they stopped (optional)", required=False)

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users


class TeamEntryForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you adding?",
        choices=TeamEntry.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether this is a contact or an observation"},
    )
    happened_on = DateField(label="When did it happen?", past_only=True)
    text = forms.CharField(
        label="What happened",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        help_text="This is shared with the team around the family, and nobody else",
        error_messages={"required": "Enter what happened"},
    )


class TaskForm(forms.Form):
    title = forms.CharField(
        label="What needs doing",
        max_length=200,
        error_messages={"required": "Enter what needs doing"},
    )
    owner = UserChoiceField(
        label="Who will do it",
        queryset=None,
        empty_label="Choose someone on the team",
        error_messages={
            "required": "Choose who will do it",
            "invalid_choice": "Choose someone from the list",
        },
    )
    due_on = DateField(label="When is it due?")

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = users


class NothingForm(forms.Form):
    pass


ACTION_ROWS = 3


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of meeting?",
        choices=Meeting.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of meeting it was"},
    )
    held_on = DateField(label="Date of the meeting", past_only=True)
    attended = forms.CharField(
        label="Who attended",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter who attended"},
    )
    discussion = forms.CharField(
        label="Discussion", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    decisions = forms.CharField(
        label="Decisions", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{n}_title"] = forms.CharField(
                label=f"Action {n}: what needs doing (optional)", max_length=200, required=False
            )
            self.fields[f"action_{n}_owner"] = UserChoiceField(
                label=f"Action {n}: who will do it",
                queryset=users,
                required=False,
                empty_label="Choose someone on the team",
            )
            self.fields[f"action_{n}_due_on"] = DateField(
                label=f"Action {n}: when is it due?", required=False
            )

    def action_rows(self):
        return [
            (self[f"action_{n}_title"], self[f"action_{n}_owner"], self[f"action_{n}_due_on"])
            for n in range(1, ACTION_ROWS + 1)
        ]

    def clean(self):
        data = super().clean()
        actions = []
        for n in range(1, ACTION_ROWS + 1):
            title = (data.get(f"action_{n}_title") or "").strip()
            owner = data.get(f"action_{n}_owner")
            due_on = data.get(f"action_{n}_due_on")
            if not title:
                continue
            if owner is None:
                self.add_error(f"action_{n}_owner", f"Choose who will do action {n}")
            if due_on is None and f"action_{n}_due_on" not in self.errors:
                self.add_error(f"action_{n}_due_on", f"Enter when action {n} is due")
            actions.append({"title": title, "owner": owner, "due_on": due_on})
        data["actions"] = actions
        return data

    def meeting_data(self) -> dict:
        names = ("kind", "held_on", "attended", "discussion", "decisions", "actions")
        return {name: self.cleaned_data[name] for name in names}


class ChronologyFilterForm(forms.Form):
    start = DateField(label="From (optional)", required=False)
    end = DateField(label="To (optional)", required=False)
    person = forms.ChoiceField(
        label="About",
        required=False,
        error_messages={"invalid_choice": "Choose who it is about from the list"},
    )
    discipline = forms.ChoiceField(
        label="Discipline of who recorded it",
        choices=[("", "Any discipline"), *Discipline.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a discipline from the list"},
    )
    type = forms.ChoiceField(
        label="Type",
        required=False,
        error_messages={"invalid_choice": "Choose a type from the list"},
    )
    significant = forms.BooleanField(
        label="Only what is marked significant (the chronology for a court or conference)",
        required=False,
    )

    def __init__(self, *args, people=(), types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "Anyone in the family"), *people]
        self.fields["type"].choices = [("", "Any type"), *types]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The end date must be the same as or after the start date")
        return data


class MemberEndForm(forms.Form):
    ended_on = DateField(label="Date they stopped working with the family")
