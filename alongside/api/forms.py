from django import forms

from alongside.accounts.models import Organisation

from .models import Scope


class TokenForm(forms.Form):
    partner = forms.ModelChoiceField(
        label="Partner organisation",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.PARTNER).order_by("name"),
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the partner organisation"},
    )
    name = forms.CharField(
        label="Name for the token",
        max_length=200,
        help_text="For example, the partner's case management system",
        error_messages={"required": "Enter a name for the token"},
    )
    scopes = forms.MultipleChoiceField(
        label="What may it do?",
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one thing the token may do"},
    )
    days = forms.IntegerField(
        label="Days until it stops working",
        min_value=1,
        max_value=730,
        initial=365,
        error_messages={
            "required": "Enter how many days the token lasts",
            "min_value": "A token lasts at least 1 day",
            "max_value": "A token lasts at most 730 days",
        },
    )
