"""Factories for tests: synthetic people only."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from alongside.accounts.models import AuthenticatorDevice, Organisation, Role, Team, User
from alongside.casework.models import Contact, Episode
from alongside.people.models import Child, Parent
from alongside.referrals.models import Referral

PASSWORD = "correct-horse-battery-staple"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Test service {n}")
    kind = Organisation.Kind.SERVICE


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    organisation = factory.SubFactory(OrganisationFactory)
    team = factory.LazyAttribute(lambda u: TeamFactory(organisation=u.organisation))
    role = Role.PRACTITIONER

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save()

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        """Every user has a confirmed authenticator unless totp=False."""
        if create and extracted is not False:
            AuthenticatorDevice.objects.create(user=self, name="Authenticator app", confirmed=True)


class ParentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Parent

    organisation = factory.SubFactory(OrganisationFactory)
    given_name = factory.Faker("first_name_female", locale="en_GB")
    family_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = factory.LazyFunction(lambda: date(1998, 4, 12))
    ethnicity = "white_british"
    care_experienced = "yes"


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    parent = factory.SubFactory(ParentFactory)
    given_name = factory.Faker("first_name", locale="en_GB")
    date_of_birth = date(2021, 1, 5)
    legal_status = "adopted"


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    organisation = factory.SubFactory(OrganisationFactory)
    parent = factory.SubFactory(ParentFactory, organisation=factory.SelfAttribute("..organisation"))
    received_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    source = "childrens_social_care"
    parent_agrees = True
    reason = "Wants help after proceedings."
    recorded_by = factory.SubFactory(
        UserFactory, organisation=factory.SelfAttribute("..organisation")
    )


class EpisodeFactory(factory.django.DjangoModelFactory):
    """An open episode; pass key_worker to make it active."""

    class Meta:
        model = Episode

    organisation = factory.SubFactory(OrganisationFactory)
    team = factory.SubFactory(TeamFactory, organisation=factory.SelfAttribute("..organisation"))
    parent = factory.SubFactory(ParentFactory, organisation=factory.SelfAttribute("..organisation"))
    referral = factory.SubFactory(
        ReferralFactory,
        organisation=factory.SelfAttribute("..organisation"),
        parent=factory.SelfAttribute("..parent"),
        status="accepted",
    )
    opened_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=20))
    status = factory.LazyAttribute(lambda e: "active" if e.key_worker else "waiting")
    key_worker = None


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    episode = factory.SubFactory(EpisodeFactory)
    happened_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=2))
    contact_type = "home_visit"
    notes = "Talked about the week ahead."
    recorded_by = factory.LazyAttribute(lambda c: c.episode.key_worker)
