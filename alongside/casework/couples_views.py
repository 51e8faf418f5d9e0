"""The page for a joint contact with a couple. HTTP only; the write is in casework.couples."""

from django import forms
from django.core.exceptions import ValidationError

from alongside.audit.reads import record_read
from alongside.policy import Action, can

from .actions import EpisodeFormView
from .couples import joint_contact_record, partner_episodes
from .forms import ContactForm


class JointContactForm(ContactForm):
    partner_episode = forms.TypedChoiceField(
        label="Which partner was there?",
        coerce=int,
        choices=[],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the partner who was there",
            "invalid_choice": "Select a partner you work with",
        },
    )
    field_order = ["partner_episode"]

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner_episode"].choices = [(e.pk, e.parent.full_name) for e in partners]
        # Each parent's next contact is planned on their own record.
        del self.fields["next_contact_on"]


class JointContactNew(EpisodeFormView):
    """A contact with both parents of a couple, recorded once. Offers only the partners whose
    open work the user may record a contact on."""

    action = Action.RECORD_CONTACT
    page = "Record a joint contact"
    form_class = JointContactForm
    template_name = "people/joint_contact_new.html"
    error_field = "happened_on"
    success_message = "Joint contact recorded. It shows on both parents' timelines"

    def ready(self):
        user = self.request.user
        self.partners = [
            e for e in partner_episodes(self.episode) if can(user, Action.RECORD_CONTACT, e)
        ]
        for partner in self.partners:
            record_read(partner)
        return None

    def get_form_kwargs(self) -> dict:
        return {"partners": self.partners}

    def get_context_data(self) -> dict:
        return {**super().get_context_data(), "partners": self.partners}

    def perform(self, form):
        data = dict(form.cleaned_data)
        chosen = next((e for e in self.partners if e.pk == data.pop("partner_episode")), None)
        if chosen is None:
            raise ValidationError({"partner_episode": "Select a partner you work with"})
        return joint_contact_record(
            episode=self.episode, partner_episode=chosen, recorded_by=self.request.user, **data
        )
