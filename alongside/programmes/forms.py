"""Forms for choosing and editing the service's programme."""

from django import forms


class ChooseTemplateForm(forms.Form):
    template = forms.ChoiceField(
        label="Which programme does the service run?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a programme"},
    )

    def __init__(self, *args, templates: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = templates


class EditProgrammeForm(forms.Form):
    source = forms.CharField(
        label="Programme definition (YAML)",
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false", "class": "app-code"}),
        help_text="The format is described in the guide to programme definitions. "
        "Saving makes a new version; work already started keeps the version it started under",
        error_messages={"required": "Enter the programme definition"},
    )
    note = forms.CharField(
        label="What changed and why",
        max_length=500,
        error_messages={"required": "Enter what changed and why"},
    )
