"""Forms for the parent's own space, in plain words. No form takes a parent's id: the parent is
always the one signed in."""

from django import forms
from django.core.validators import RegexValidator

from alongside.accounts.forms import NewPasswordForm, PasswordChangeForm
from alongside.accounts.models import User
from alongside.core.forms import DateField

STRONG_ENOUGH_HINT = "At least 12 characters. Three or four random words work well"


class SignInForm(forms.Form):
    username = forms.CharField(
        label="Your sign-in name",
        max_length=150,
        error_messages={"required": "Enter your sign-in name"},
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        max_length=200,
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class AccountForm(NewPasswordForm):
    """A sign-in name and a password, from the worker's invitation. The password rule is the
    one every password in Alongside follows (`accounts.forms.NewPasswordForm`)."""

    field_order = ["username", "new_password", "new_password_again"]

    username = forms.CharField(
        label="Choose a sign-in name",
        max_length=40,
        min_length=4,
        help_text="Do not use your own name. Pick something only you will know, like bluebird27. "
        "Letters and numbers only",
        validators=[
            RegexValidator(r"^[A-Za-z0-9]+\Z", "Use only letters and numbers, with no spaces")
        ],
        error_messages={
            "required": "Choose a sign-in name",
            "min_length": "Your sign-in name must be at least 4 letters or numbers",
            "max_length": "Your sign-in name must be 40 letters or numbers or fewer",
        },
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    words = {
        "new_password": {
            "label": "Choose a password",
            "help_text": STRONG_ENOUGH_HINT,
            "required": "Choose a password",
        },
        "new_password_again": {
            "label": "Type the password again",
            "required": "Type the password again",
        },
    }
    mismatch = "The two passwords are not the same"

    def password_user(self):
        # No account yet: the validators compare the password with the sign-in name chosen.
        return User(username=self.cleaned_data.get("username", ""))


class PasswordForm(PasswordChangeForm):
    """The parent changes their password in their own space: the same rule as everyone's
    (`accounts.forms.PasswordChangeForm`), in plain words."""

    words = {
        "current_password": {
            "label": "Your password now",
            "required": "Type the password you use now",
        },
        "new_password": {
            "label": "Choose a new password",
            "help_text": STRONG_ENOUGH_HINT,
            "required": "Choose a new password",
        },
        "new_password_again": {
            "label": "Type the new password again",
            "required": "Type the new password again",
        },
    }
    mismatch = "The two new passwords are not the same"
    wrong_current = "The password you use now is not right. Check it and try again"
    same_as_current = "Choose a new password that is different from the one you use now"


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Security code",
        max_length=20,
        error_messages={"required": "Enter your security code"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].replace(" ", "").strip()


class MethodForm(forms.Form):
    method = forms.ChoiceField(
        label="How do you want to get your security code?",
        choices=[
            ("app", "An app on my phone (for example Google Authenticator)"),
            ("email", "A code sent to my email"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you want to get your security code"},
    )


def _text(label: str, required: str, help_text: str = "", rows: int = 5) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=5000,
        help_text=help_text,
        error_messages={
            "required": required,
            "max_length": "This must be 5000 characters or fewer",
        },
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class GoalViewForm(forms.Form):
    text = _text(
        "How do you feel this goal is going?",
        "Write how you feel this goal is going",
        "Your worker will see this, in your words",
    )


class AchievementForm(forms.Form):
    text = _text("What did you achieve?", "Write what you achieved", rows=3)
    happened_on = DateField(label="When was it?", past_only=True)


class CorrectionForm(forms.Form):
    text = _text(
        "What is wrong, and what should it say?",
        "Write what is wrong and what it should say",
        "Your worker and the data protection lead will see this and tell you what they did",
    )


class MessageForm(forms.Form):
    text = _text("Your message", "Write your message", "Please do not send anything urgent here")


class ReplyForm(forms.Form):
    text = _text("Reply", "Write your reply")


class MeasureSendForm(forms.Form):
    """The worker sends a measure to the parent's space."""

    instrument = forms.ChoiceField(
        label="Which measure should the parent fill in?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a measure to send",
            "invalid_choice": "Choose a measure from the list",
        },
    )
    due_on = DateField(
        label="Date to fill it in by",
        required=False,
        future_only=True,
        help_text="Optional. For example, 27 3 2026",
    )

    def __init__(self, *args, instruments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = [(i.code, i.title) for i in instruments]
