"""The subject access letter reads as a letter a parent can understand: a covering explanation,
names not ids, labels not codes, UK dates, and everything that may be about someone else marked
for the data protection lead to check before release. Producing it stays audited and stays
with the data protection lead."""

import re
from datetime import date, datetime
from html import escape
from zoneinfo import ZoneInfo

import pytest
from django.template.loader import render_to_string

from alongside.accounts.models import Role
from alongside.audit.models import AuditEntry
from alongside.casework.models import Contact, Episode
from alongside.measures.services import measure_record
from alongside.people.models import RelationshipMember
from alongside.sharing.letter import (
    MARK,
    SPECS,
    check_before_release,
    letter_lines,
    letter_pdf,
    reviewer_lines,
    subject_access_letter,
    uk_date,
    uk_datetime,
)
from alongside.sharing.models import Consent
from alongside.sharing.parent_data import REGISTRY, parent_holdings

from ..factories import ContactFactory, ParentFactory, UserFactory
from ..pdfs import pdf_info, pdf_pages, pdf_text
from .test_retention_everything import BORN, FAMILY, PREFERRED, build_everything

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
UK_DATE_TIME = re.compile(r"\b\d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}:\d{2}(am|pm)\b")
# What an id looks like when it leaks: a field name, a primary key, a number after '#', or
# Django's default name for a record ('Episode object (3)', 'Pregnancy 3').
ID_PATTERNS = [
    re.compile(r"\w+_id\b"),
    re.compile(r"\bpk\b", re.IGNORECASE),
    re.compile(r"#\s*\d+"),
    re.compile(r"\bobject \(\d+\)"),
    re.compile(
        r"\b(Parent|Episode|Contact|Referral|Goal|Plan|Review|Pregnancy|Member|Change|"
        r"Relationship|Consent|Disclosure|Break-glass|Approval|Allocation)\s+\d+\b"
    ),
]


@pytest.fixture
def everything(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_everything(tmp_path)


@pytest.fixture
def dp_lead(everything):
    return UserFactory(
        organisation=everything["parent"].organisation,
        team=None,
        role=Role.ANALYST,
        is_data_protection_lead=True,
    )


def letter_html(letter) -> str:
    return render_to_string("sharing/_letter.html", {"letter": letter, "mark": MARK})


def review_page(client, parent, **query) -> str:
    response = client.get(f"/parents/{parent.pk}/subject-access/", query)
    assert response.status_code == 200
    return response.content.decode()


REQUESTED = {"requested_on_0": "2", "requested_on_1": "3", "requested_on_2": "2026"}


def test_the_letter_starts_with_a_covering_explanation(everything, dp_lead, signed_in):
    parent = everything["parent"]
    page = review_page(signed_in(dp_lead), parent, **REQUESTED)
    organisation = escape(parent.organisation.name)
    assert f"The information {organisation} holds about you" in page
    assert f"Dear {PREFERRED}," in page
    assert "On 2 March 2026 you asked to see the information we hold about you." in page
    for heading in (
        "What we hold, and why",
        "Who we share it with",
        "How long we keep it",
        "Information about other people",
        "If something is wrong",
    ):
        assert heading in page
    assert "you have the right to ask us to correct it" in page
    assert f"contact the data protection lead at {organisation}" in page
    assert escape(dp_lead.display_name) in page  # signed by whoever produced it
    # For the reviewer: the time the law gives, one calendar month.
    assert "Reply by 2 April 2026" in page


def test_no_internal_ids_appear(everything):
    letter = subject_access_letter(everything["parent"])
    for text in (letter_html(letter), "\n".join(letter_lines(letter))):
        for pattern in ID_PATTERNS:
            assert not pattern.search(text), (pattern.pattern, pattern.search(text))
    # People and linked records by what they are.
    html = letter_html(letter)
    assert escape(everything["worker"].display_name) in html
    assert "Home visit on 3 June 2019" in html  # a contact named in a disclosure
    assert "Bram Oakes" in html  # the other parent in the relationship, by name


def test_codes_are_shown_as_labels(everything):
    html = letter_html(subject_access_letter(everything["parent"]))
    for code, label in [
        ("ca1989_s47", "Children Act 1989, section 47 (child protection enquiries)"),
        ("verbal_with_witness", "Verbal, with a witness"),
        ("home_visit", "Home visit"),
        ("sexual_health_check", "Sexual health check or screening"),
        ("service_only", "Service only"),
    ]:
        assert escape(label) in html, label
        assert code not in html, code


def test_dates_are_written_the_uk_way(everything):
    letter = subject_access_letter(everything["parent"], requested_on=date(2026, 3, 2))
    html = letter_html(letter)
    lines = "\n".join(reviewer_lines(letter) + letter_lines(letter))
    for text in (html, lines):
        assert ISO_DATE.search(text) is None, ISO_DATE.search(text)
        assert uk_date(BORN) in text  # '17 August 1993'
        assert "3 June 2019" in text
        assert UK_DATE_TIME.search(text)  # the access log: '1 May 2026 at 2:05pm'


def test_uk_dates_and_times():
    assert uk_date(date(2026, 3, 4)) == "4 March 2026"
    london = ZoneInfo("Europe/London")
    assert uk_datetime(datetime(2026, 3, 4, 14, 5, tzinfo=london)) == "4 March 2026 at 2:05pm"
    assert uk_datetime(datetime(2026, 3, 4, 0, 30, tzinfo=london)) == "4 March 2026 at 12:30am"
    assert uk_datetime(datetime(2026, 3, 4, 12, 0, tzinfo=london)) == "4 March 2026 at 12:00pm"
    # In UK time: 23:30 UTC in summer is 12:30am the next day in London.
    utc = ZoneInfo("UTC")
    assert uk_datetime(datetime(2026, 7, 1, 23, 30, tzinfo=utc)) == "2 July 2026 at 12:30am"


def test_third_party_information_is_marked(everything):
    parent = everything["parent"]
    letter = subject_access_letter(parent)
    by_key = {s.key: s for s in letter.sections}

    # Records about another person, as a whole: the relationship and the joint contact.
    [relationship] = by_key["relationships"].items
    assert relationship.check and "Bram Oakes" in relationship.heading
    contacts = by_key["contacts"].items
    joint = [i for i in contacts if i.check]
    assert len(joint) == 1 and "with another parent" in joint[0].heading

    # Free text, field by field: notes, who was there, a witness, a disclosure's recipient.
    def entry(section, label, item=0):
        return next(e for e in by_key[section].items[item].entries if e.label == label)

    home_visit = next(i for i in contacts if i.heading == "Home visit on 3 June 2019")
    assert all(e.check for e in home_visit.entries if e.label in {"Notes", "Who was there"})
    assert entry("consents", "Witness").check
    assert entry("disclosures", "Shared with").check
    assert entry("referrals", "Name of the person who referred you", item=1).check

    # Not marked: staff, labels, dates, the parent's own details and their children.
    assert not any(e.check for e in by_key["parent"].items[0].entries)
    assert not any(e.check for e in by_key["children"].items[0].entries)
    assert not entry("disclosures", "Asked for by").check
    assert not entry("disclosures", "The law that allowed it").check
    assert not entry("disclosures", "Date shared").check

    # The count the reviewer sees is the number of markings in the letter.
    html = letter_html(letter)
    assert letter.marks > 10
    assert html.count(MARK) == letter.marks
    assert f"{letter.marks} items marked to check before release." in reviewer_lines(letter)


def test_the_rule_is_one_function(everything):
    """check_before_release decides for a record and for a field."""
    joint = Contact.objects.filter(joint_with__isnull=False).first()
    alone = Contact.objects.filter(joint_with__isnull=True).first()
    assert check_before_release(joint) and not check_before_release(alone)
    assert check_before_release(alone, "notes") and check_before_release(alone, "who_was_there")
    assert not check_before_release(alone, "contact_type")  # a label from a fixed list
    assert not check_before_release(alone, "recorded_by")  # a member of staff
    assert check_before_release(RelationshipMember.objects.first())
    parent = everything["parent"]
    assert not check_before_release(parent, "gender_identity")  # the parent's own words
    assert not check_before_release(parent.children.first(), "given_name")


def test_every_model_with_rows_for_the_parent_has_a_section(everything):
    parent = everything["parent"]
    letter = subject_access_letter(parent)
    by_key = {s.key: s for s in letter.sections}
    html = letter_html(letter)
    for holding in parent_holdings():
        if holding.export is None:
            continue
        rows = holding.rows_for([parent.pk]).count()
        if rows:
            section = by_key.get(holding.export)
            assert section is not None, f"{holding.label} has rows but no section"
            assert len(section.items) == rows, holding.label
            assert escape(section.title) in html
        else:
            assert SPECS[holding.label].title in letter.nothing_held


def test_every_registered_model_has_a_plain_english_section():
    """A model added to the registry needs a title, an introduction and labels that name its
    real fields, or this fails."""
    for holding in REGISTRY:
        if holding.export is None:
            continue
        spec = SPECS.get(holding.label)
        assert spec is not None, f"{holding.label}: no section in sharing.letter.SPECS"
        assert spec.title and spec.intro, holding.label
        names = {f.name for f in holding.model._meta.get_fields()}
        for name in {*spec.labels, *spec.hide, *spec.values, *spec.shown_if_true}:
            assert name in names, f"{holding.label}: no field {name}"
    assert set(SPECS) == {h.label for h in REGISTRY if h.export is not None}


def test_the_pdf_is_a_pdf_with_the_parent_the_markings_and_a_page_for_the_reviewer(
    everything, dp_lead, signed_in
):
    parent = everything["parent"]
    client = signed_in(dp_lead)
    response = client.get(f"/parents/{parent.pk}/subject-access.pdf", REQUESTED)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    text = pdf_text(pdf)
    assert FAMILY in text and PREFERRED in text
    assert "For the data protection lead: remove this page before sending" in text
    assert MARK in text
    assert "On 2 March 2026 you asked" in text
    assert "Reply by 2 April 2026" in text
    # The letter starts on page 2, after the reviewer's page.
    pages = pdf_pages(pdf)
    assert len(pages) > 3
    assert "remove this page" in pages[0] and "Dear Goldie" not in pages[0]
    assert "Dear Goldie," in pages[1]
    assert "Page 1 of" in pages[0]
    info = pdf_info(letter_pdf(subject_access_letter(parent)))
    assert info.title == f"Subject access: {parent.full_name} (draft to check before release)"
    assert info.author == parent.organisation.name


def test_producing_it_is_audited_and_only_for_the_data_protection_lead(
    everything, dp_lead, signed_in
):
    parent = everything["parent"]
    url = f"/parents/{parent.pk}/subject-access/"
    before = AuditEntry.objects.count()
    review_page(signed_in(dp_lead), parent)
    new = AuditEntry.objects.order_by("id")[before:]
    assert any(
        e.action == "export" and e.parent_id == parent.pk and e.actor_id == dp_lead.pk for e in new
    )
    assert any(e.action == "view" and e.parent_id == parent.pk for e in new)
    # The same people as the downloads: not the key worker, not their manager.
    for user in (everything["worker"], everything["manager"]):
        assert signed_in(user).get(url).status_code in (403, 404)
        assert signed_in(user).get(f"/parents/{parent.pk}/subject-access.pdf").status_code in (
            403,
            404,
        )


def test_a_name_with_an_apostrophe_and_a_wrong_date(db, service, practitioner, episode, signed_in):
    """The page is escaped like any other, and a request date that is not a real date is
    said so, with the letter dated today."""
    parent = episode.parent
    parent.family_name = "O'Callaghan"
    parent.save()
    ContactFactory(episode=episode, notes="Talked about the move.", recorded_by=practitioner)
    dp_lead = UserFactory(
        organisation=service, team=None, role=Role.ANALYST, is_data_protection_lead=True
    )
    page = review_page(
        signed_in(dp_lead),
        parent,
        requested_on_0="31",
        requested_on_1="2",
        requested_on_2="2026",
    )
    assert escape(parent.full_name) in page
    assert "Date the parent asked must be a real date" in page
    assert "Talked about the move." in page


def test_a_parent_with_little_recorded(db, service):
    """Sections with nothing in them are left out of the letter and listed for the reviewer."""
    parent = ParentFactory(organisation=service)
    letter = subject_access_letter(parent)
    assert [s.key for s in letter.sections] == ["parent"]
    assert "Your children" in letter.nothing_held
    assert letter.marks == 0


def test_questionnaire_answers_and_consent_categories_in_words(
    db, service, practitioner, episode, partner_org
):
    """Answers as the question and the answer chosen, scores with their band, and what a
    consent covers as the list's words, not codes."""
    Episode.objects.filter(pk=episode.pk).update(status="active")
    episode.refresh_from_db()
    measure_record(
        episode=episode,
        recorded_by=practitioner,
        instrument_code="gad7",
        completed_on=date(2026, 1, 5),
        answers={"parent": {f"q{n}": 1 for n in range(1, 8)}},
    )
    Consent.objects.create(
        parent=episode.parent,
        organisation=partner_org,
        categories=["engagement", "contact_details"],
        purpose="Housing support",
        starts_on=date(2026, 1, 5),
        how_given="signed",
        recorded_by=practitioner,
    )
    html = letter_html(subject_access_letter(episode.parent))
    assert "GAD-7 on 5 January 2026" in html
    assert "1. Feeling nervous, anxious or on edge: Several days" in html
    assert "Score (the parent)" in html and "7 (Mild)" in html
    assert escape("That the parent is working with the service, and since when") in html
    assert escape("The parent's phone, email and address") in html
    assert "contact_details" not in html and "q1" not in html
