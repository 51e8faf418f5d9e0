"""The subject access export holds everything held about the parent: one section for every
model that holds their data (driven by the same registry as retention), in JSON and in the
letter (PDF), including who viewed the record, list pages too."""

import json

import pytest
from django.apps import apps

from alongside.accounts.models import Role
from alongside.sharing.exports import subject_access_data
from alongside.sharing.letter import letter_pdf, subject_access_letter
from alongside.sharing.parent_data import holding_for, models_with_parent_data

from ..factories import UserFactory
from ..pdfs import pdf_text
from .test_retention_everything import FAMILY, GIVEN, build_everything


@pytest.fixture
def everything(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_everything(tmp_path)


def test_every_model_with_parent_data_has_a_section_with_the_parents_rows(everything):
    data = subject_access_data(everything["parent"])
    left_out = []
    for label in models_with_parent_data():
        holding = holding_for(apps.get_model(label))
        section = data.get(holding.export) if holding else None
        if not section:
            left_out.append(label)
    assert left_out == [], f"Left out of the subject access export: {left_out}"


def test_the_export_shows_the_content_decrypted(everything):
    data = subject_access_data(everything["parent"])
    assert data["parent"]["family_name"] == FAMILY
    assert "Signed a tenancy" in data["achievements"][0]["text"]
    assert "In my words" in data["goals"][0]["in_parents_words"]
    assert "Milestone" in data["milestones"][0]["text"]
    assert "Review" in data["reviews"][0]["notes"]
    assert data["goal_progress"][0]["outcome"] == "progressing"
    assert "Planning meeting" in data["plans"][0]["meeting_notes"]
    assert "Answers" in data["measures"][0]["answers_text"]
    assert "Started" in data["phase_changes"][0]["note"]
    assert "housing" in data["blockers"][0]["description"]
    assert data["proceedings"][0]["issued_on"] == "2018-04-04"
    assert "Approved" in data["approvals"][0]["comments"]
    assert data["allocations"][0]["worker"] == str(everything["worker"])
    assert "Risk" in data["disclosures"][0]["reasons"]
    assert data["disclosures"][0]["contacts"]
    assert "Sharing" in data["consents"][0]["purpose"]
    assert "Emergency" in data["break_glass"][0]["reason"]
    assert "Thistlewood" in data["changes_to_details"][0]["before"]
    json.dumps(data)  # all of it is plain JSON


def test_who_viewed_includes_list_pages(everything, signed_in):
    parent = everything["parent"]
    dp_lead = UserFactory(
        organisation=parent.organisation, team=None, role=Role.ANALYST, is_data_protection_lead=True
    )
    assert signed_in(dp_lead).get("/data-protection/").status_code == 200  # a list page
    rows = subject_access_data(parent)["who_viewed_or_changed_the_record"]
    assert {"who": dp_lead.username, "action": "view"}.items() <= next(
        r for r in rows if r["what"] == "Data protection: break-glass log"
    ).items()
    assert any(r["what"] == "Break-glass access started" for r in rows)


def test_the_pdf_has_every_section(everything):
    """The readable copy is the letter (tests/sharing/test_subject_access_letter.py): one
    section, under its plain title, for every model in the export."""
    parent = everything["parent"]
    data = subject_access_data(parent)
    letter = subject_access_letter(parent)
    text = pdf_text(letter_pdf(letter))
    assert GIVEN in text
    titles = {s.key: s.title for s in letter.sections}
    for section in data:
        assert section in titles, section
        assert " ".join(titles[section].split()) in text, section


def test_the_dp_lead_downloads_it(everything, signed_in):
    parent = everything["parent"]
    dp_lead = UserFactory(
        organisation=parent.organisation, team=None, role=Role.ANALYST, is_data_protection_lead=True
    )
    body = signed_in(dp_lead).get(f"/parents/{parent.pk}/subject-access.json")
    assert body.status_code == 200
    assert json.loads(body.content)["taper_steps"][0]["frequency"] == "weekly"
