"""Property-based: whatever consents, withdrawals, dates and roles exist, a partner never sees
an item outside an in-force consent's organisation, role, categories, dates and condition; and
sees every item one does allow."""

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alongside.sharing.choices import Category, Condition, Confidentiality
from alongside.sharing.rules import consent_covers_user, consent_in_force, item_visible

TODAY = date(2026, 6, 1)
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
ORGS = [1, 2, 3]
ROLES = ["", "social worker", "midwife"]

days = st.integers(min_value=-30, max_value=30)
consents = st.builds(
    lambda org, role, cats, start, length, condition, withdrawn: SimpleNamespace(
        organisation_id=org,
        job_role=role,
        categories=sorted(cats),
        starts_on=TODAY + timedelta(days=start),
        ends_on=None if length is None else TODAY + timedelta(days=start + length),
        condition=condition,
        withdrawn_at=None if withdrawn is None else NOW + timedelta(minutes=withdrawn),
    ),
    st.sampled_from(ORGS),
    st.sampled_from(ROLES),
    st.sets(st.sampled_from(Category.values), min_size=1),
    days,
    st.one_of(st.none(), st.integers(min_value=0, max_value=30)),
    st.sampled_from(Condition.values),
    st.one_of(st.none(), st.integers(min_value=-600, max_value=600)),
)
partners = st.builds(
    lambda org, role: SimpleNamespace(organisation_id=org, job_title=role),
    st.sampled_from(ORGS),
    st.sampled_from(["Social worker", "Midwife", "Personal adviser"]),
)
items = st.tuples(st.sampled_from(Category.values), st.sampled_from(Confidentiality.values))


def oracle(partner, consent_list, category, level, pregnant) -> bool:
    """The rule as the issue states it, written independently of the code."""
    if level in (Confidentiality.SERVICE_ONLY, Confidentiality.SAFEGUARDING):
        return False
    in_force = []
    for c in consent_list:
        if c.organisation_id != partner.organisation_id:
            continue
        if c.job_role and c.job_role.lower() != partner.job_title.lower():
            continue
        if c.withdrawn_at is not None and c.withdrawn_at <= NOW:
            continue
        if not (c.starts_on <= TODAY and (c.ends_on is None or c.ends_on >= TODAY)):
            continue
        if c.condition == Condition.ONLY_IF_PREGNANT and not pregnant:
            continue
        in_force.append(c)
    if level == Confidentiality.TEAM_AROUND_FAMILY:
        return bool(in_force)
    return any(category in c.categories for c in in_force)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(consents, max_size=5), partners, st.lists(items, min_size=1, max_size=8), st.booleans()
)
def test_partners_see_exactly_what_consents_in_force_allow(
    consent_list, partner, item_list, pregnant
):
    in_force = [
        c
        for c in consent_list
        if consent_covers_user(c, partner)
        and consent_in_force(c, today=TODAY, now=NOW, pregnant=pregnant)
    ]
    for category, level in item_list:
        assert item_visible(category=category, level=level, consents_in_force=in_force) == oracle(
            partner, consent_list, category, level, pregnant
        )


@settings(max_examples=200, deadline=None)
@given(consents, partners)
def test_a_withdrawn_consent_shares_nothing_from_the_moment_of_withdrawal(consent, partner):
    def shown_to_partner() -> set[tuple[str, str]]:
        in_force = [
            c
            for c in [consent]
            if consent_covers_user(c, partner)
            and consent_in_force(c, today=TODAY, now=NOW, pregnant=True)
        ]
        return {
            (category, level)
            for category in Category.values
            for level in Confidentiality.values
            if item_visible(category=category, level=level, consents_in_force=in_force)
        }

    consent.withdrawn_at = None
    before = shown_to_partner()
    covers = consent_covers_user(consent, partner) and consent_in_force(
        consent, today=TODAY, now=NOW, pregnant=True
    )
    # A consent in force for this partner shares at least its own categories' shareable items.
    assert bool(before) == covers
    consent.withdrawn_at = NOW
    assert shown_to_partner() == set()


# The same property end to end, through the database and the partner view's selector.
db_consents = st.lists(
    st.tuples(
        st.sampled_from([0, 1]),  # which partner organisation
        st.sets(st.sampled_from(Category.values), min_size=1),
        st.integers(min_value=-10, max_value=10),  # start, days from today
        st.booleans(),  # withdrawn
    ),
    max_size=4,
)
db_contacts = st.lists(st.sampled_from(Confidentiality.values), min_size=1, max_size=5)


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(consent_specs=db_consents, levels=db_contacts)
def test_the_partner_view_never_shows_more_than_consent_allows(
    consent_specs, levels, episode, practitioner
):
    from django.utils import timezone as django_tz

    from alongside.accounts.models import Organisation, Role
    from alongside.casework.models import Contact
    from alongside.sharing.models import Consent
    from alongside.sharing.selectors import shared_items_for

    from ..factories import ContactFactory, OrganisationFactory, UserFactory

    orgs = [OrganisationFactory(kind=Organisation.Kind.PARTNER) for _ in range(2)]
    partner = UserFactory(organisation=orgs[0], team=None, role=Role.PARTNER)
    today = django_tz.localdate()
    for org_index, categories, start, withdrawn in consent_specs:
        Consent.objects.create(
            parent=episode.parent,
            organisation=orgs[org_index],
            categories=sorted(categories),
            purpose="test",
            starts_on=today + timedelta(days=start),
            how_given="signed",
            recorded_by=practitioner,
            withdrawn_at=django_tz.now() - timedelta(seconds=1) if withdrawn else None,
        )
    contacts = [
        ContactFactory(episode=episode, notes=f"note {i} {level}", confidentiality=level)
        for i, level in enumerate(levels)
    ]
    shown = {
        item.text
        for item in shared_items_for(partner, episode.parent)
        if item.category == "contacts"
    }
    in_force = [
        (categories)
        for org_index, categories, start, withdrawn in consent_specs
        if org_index == 0 and start <= 0 and not withdrawn
    ]
    for contact in contacts:
        allowed = bool(in_force) and (
            contact.confidentiality == "team_around_family"
            or (contact.confidentiality == "shareable" and any("contacts" in c for c in in_force))
        )
        assert (contact.notes in shown) == allowed, (contact.confidentiality, in_force)
    Contact.objects.filter(pk__in=[c.pk for c in contacts]).delete()
    Consent.objects.all().delete()
