from decimal import Decimal

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.core.validators import RegexValidator

from .models import Team


class SignInForm(forms.Form):
    username = forms.CharField(
        label="Username",
        max_length=150,
        error_messages={"required": "Enter your username"},
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password = forms.CharField(
        label="Password",
        max_length=200,
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Security code",
        max_length=20,
        help_text="The 6-digit code from your authenticator app, or one of your backup codes",
        error_messages={"required": "Enter your security code"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].replace(" ", "").strip()


class NewPasswordForm(forms.Form):
    """A new password, typed twice and checked by Django's password validators
    (`AUTH_PASSWORD_VALIDATORS`). The one home of that rule: staff changing their password, a
    parent choosing one from an invitation and a parent changing theirs all use it. A form built
    on it may change the words (`words`, `mismatch`), never the rule."""

    new_password = forms.CharField(
        label="New password",
        max_length=200,
        strip=False,
        help_text="At least 12 characters. Do not use a common password or one like your name",
        error_messages={"required": "Enter a new password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password_again = forms.CharField(
        label="New password again",
        max_length=200,
        strip=False,
        error_messages={"required": "Enter the new password again"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    # {field name: {"label", "help_text", "required"}}: words in place of the ones above.
    words: dict[str, dict[str, str]] = {}
    mismatch = "The new passwords do not match"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, words in self.words.items():
            field = self.fields[name]
            field.label = words.get("label", field.label)
            field.help_text = words.get("help_text", field.help_text)
            if "required" in words:
                field.error_messages = {**field.error_messages, "required": words["required"]}

    def password_user(self):
        """Whose password it is: the validators compare it with their details. None when
        there is no account yet."""
        return getattr(self, "user", None)

    def clean_new_password(self) -> str:
        password = self.cleaned_data["new_password"]
        try:
            password_validation.validate_password(password, self.password_user())
        except forms.ValidationError as error:
            raise forms.ValidationError(error.messages[0]) from error
        return password

    def clean(self):
        cleaned = super().clean()
        new, again = cleaned.get("new_password"), cleaned.get("new_password_again")
        if new and again and new != again:
            self.add_error("new_password_again", self.mismatch)
        return cleaned


class PasswordChangeForm(NewPasswordForm):
    """Change your own password: the current one, then a new one (`NewPasswordForm`)."""

    field_order = ["current_password", "new_password", "new_password_again"]

    current_password = forms.CharField(
        label="Current password",
        max_length=200,
        strip=False,
        error_messages={"required": "Enter your current password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    wrong_current = "Your current password is not right"
    same_as_current = "Choose a password different from your current one"

    def __init__(self, *args, request, **kwargs):
        self.request = request
        self.user = request.user
        super().__init__(*args, **kwargs)

    def clean_current_password(self) -> str:
        password = self.cleaned_data["current_password"]
        # authenticate(), not check_password(): wrong guesses count towards the lockout.
        if authenticate(self.request, username=self.user.get_username(), password=password) is None:
            raise forms.ValidationError(self.wrong_current)
        return password

    def clean(self):
        cleaned = super().clean()
        new, again = cleaned.get("new_password"), cleaned.get("new_password_again")
        differ = bool(new and again and new != again)
        if new and not differ and new == cleaned.get("current_password"):
            self.add_error("new_password", self.same_as_current)
        return cleaned


class HoursForm(forms.Form):
    hours_wte = forms.DecimalField(
        label="Working hours, as a share of full time",
        min_value=Decimal("0.2"),
        max_value=Decimal("1.0"),
        max_digits=3,
        decimal_places=2,
        help_text="For example 1 for full time, 0.6 for three days a week. Between 0.2 and 1",
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "required": "Enter the working hours, like 0.6",
            "invalid": "Enter the working hours as a number, like 0.6",
            "min_value": "Working hours must be at least 0.2 (one day a week)",
            "max_value": "Working hours must be no more than 1 (full time)",
            "max_decimal_places": "Enter the working hours with at most 2 decimal places",
        },
    )


class UserAddForm(forms.Form):
    first_name = forms.CharField(
        label="Given name",
        max_length=150,
        error_messages={
            "required": "Enter their given name",
            "max_length": "Given name must be 150 characters or fewer",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    last_name = forms.CharField(
        label="Family name",
        max_length=150,
        error_messages={
            "required": "Enter their family name",
            "max_length": "Family name must be 150 characters or fewer",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    username = forms.CharField(
        label="Username",
        max_length=150,
        help_text="What they type to sign in. Letters, numbers and . @ + - _ only, no spaces",
        validators=[
            RegexValidator(
                r"^[\w.@+-]+\Z",
                "Username must only include letters, numbers and . @ + - _ (no spaces)",
            )
        ],
        error_messages={
            "required": "Enter a username",
            "max_length": "Username must be 150 characters or fewer",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
            "max_length": "Email address must be 254 characters or fewer",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label="Role",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose their role",
            "invalid_choice": "Choose a role from the list",
        },
    )
    team = forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.none(),
        required=False,
        empty_label="No team",
        help_text="Practitioners and team managers must be in a team",
        error_messages={"invalid_choice": "Choose a team from the list"},
    )
    hours_wte = HoursForm.base_fields["hours_wte"]

    def __init__(self, *args, roles, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r.value, r.label) for r in roles]
        self.fields["team"].queryset = teams
        self.fields["hours_wte"].initial = "1"
        self.fields["hours_wte"].help_text = (
            "For practitioners and team managers: their caseload cap follows from it. "
            "For example 1 for full time, 0.6 for three days a week"
        )


class TeamForm(forms.Form):
    name = forms.CharField(
        label="Team name",
        max_length=200,
        error_messages={
            "required": "Enter the team's name",
            "max_length": "Team name must be 200 characters or fewer",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
