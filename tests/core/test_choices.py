"""`label_of`: a choice field's label, as Django's `get_<field>_display()` gives it."""

from alongside.casework.models import Contact, ContactType, Episode
from alongside.core.choices import label_of


def test_every_label_is_the_one_django_gives():
    for value, label in ContactType.choices:
        contact = Contact(contact_type=value)
        assert label_of(contact, "contact_type") == contact.get_contact_type_display() == label
    for value, label in Episode.Status.choices:
        episode = Episode(status=value)
        assert label_of(episode, "status") == episode.get_status_display() == label


def test_a_value_that_is_not_a_choice_shows_as_it_is():
    assert label_of(Contact(contact_type="carrier_pigeon"), "contact_type") == "carrier_pigeon"
    assert label_of(Contact(contact_type=None), "contact_type") is None


def test_labels_are_per_field_not_shared_between_fields():
    # A contact type is not an episode's status, nor the reverse, after both have been read.
    assert label_of(Contact(contact_type="phone"), "contact_type") == "Phone or video call"
    assert label_of(Episode(status="active"), "status") == "Active"
    assert label_of(Episode(status="phone"), "status") == "phone"
    assert label_of(Contact(contact_type="active"), "contact_type") == "active"
