"""Every multi-choice field in every form is drawn as checkboxes, every single choice as radios
or a select: a consent can cover several categories, a disclosure several contacts."""

import copy
import importlib
import inspect
import pkgutil

import pytest
from django import forms

import alongside
from alongside.core.templatetags.govuk import _kind, govuk_field

from ..factories import ContactFactory


def every_form_class():
    found = []
    for module_info in pkgutil.walk_packages(alongside.__path__, "alongside."):
        if not module_info.name.endswith(("forms", "path_forms", "contact_extras")):
            continue
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found.append(cls)
    return found


FORMS = every_form_class()


def test_the_forms_were_found():
    names = {f.__name__ for f in FORMS}
    assert {"ConsentForm", "DisclosureForm", "ContactForm", "ClosureForm"} <= names


@pytest.mark.parametrize("form_class", FORMS, ids=lambda f: f"{f.__module__}.{f.__name__}")
def test_each_widget_is_drawn_as_what_it_asks(form_class):
    for name, field in form_class.base_fields.items():
        kind_wanted = (
            "checkboxes"
            if isinstance(field.widget, forms.CheckboxSelectMultiple)
            else "radios"
            if isinstance(field.widget, forms.RadioSelect)
            else None
        )
        if kind_wanted is None:
            continue
        if isinstance(field, forms.ModelChoiceField):
            # The rows come from the database at run time: draw the same widget with two choices.
            kind_of = (
                forms.MultipleChoiceField
                if isinstance(field, forms.ModelMultipleChoiceField)
                else forms.ChoiceField
            )
            field = kind_of(choices=[("a", "A"), ("b", "B")], widget=type(field.widget)())
        field = copy.deepcopy(field)  # never change the form class itself
        bound = forms.Form()
        bound.fields[name] = field
        if not getattr(field, "choices", None):
            field.choices = [("a", "A"), ("b", "B")]
        html = govuk_field(bound[name])
        assert _kind(bound[name]) == kind_wanted, f"{form_class.__name__}.{name}"
        input_type = "checkbox" if kind_wanted == "checkboxes" else "radio"
        assert f'type="{input_type}"' in html, f"{form_class.__name__}.{name}"
        other = "radio" if input_type == "checkbox" else "checkbox"
        assert f'type="{other}"' not in html, f"{form_class.__name__}.{name}"


def test_the_consent_and_disclosure_pages_offer_several_choices(signed_in, team_manager, episode):
    """What the browser gets: several categories and several contacts can be ticked."""
    ContactFactory(episode=episode)
    ContactFactory(episode=episode)
    client = signed_in(team_manager)
    consent = client.get(f"/parents/{episode.parent_id}/consents/new/").content.decode()
    assert consent.count('name="categories" type="checkbox"') >= 2
    assert 'name="categories" type="radio"' not in consent
    disclosure = client.get(f"/parents/{episode.parent_id}/disclosures/new/").content.decode()
    assert disclosure.count('name="contacts" type="checkbox"') == 2
    assert 'name="contacts" type="radio"' not in disclosure
