"""Forms for the parent's own space, in plain words. No form takes a parent's id: the parent is
always the one signed in."""

from django import forms
from django.core.validators import RegexValidator

from alongside.core.forms import DateField


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


class AccountForm(forms.Form):
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
    password = forms.CharField(
        label="Choose a password",
        max_length=200,
        strip=False,
        help_text="At least 12 characters. Three or four random words work well",
        error_messages={"required": "Choose a password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label="Type the password again",
        max_length=200,
        strip=False,
        error_messages={"required": "Type the password again"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        password, again = cleaned.get("password"), cleaned.get("password_again")
        if password and again and password != again:
            self.add_error("password_again", "The two passwords are not the same")
        return cleaned


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
