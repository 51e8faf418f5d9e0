"""A parent can never reach another parent's data by changing an id in a URL or a form. Every
portal URL is tried with every id the other parent's records have; every portal form is
posted with them."""

import pytest

from alongside.audit.models import AuditEntry
from alongside.portal.models import GoalView, MeasureRequest, PortalMessage, PortalNotice
from alongside.sharing.models import Consent

from ..test_access_policy_urls import all_url_patterns, fill

PORTAL_ROUTES = [
    (name, route)
    for name, route, _ in all_url_patterns()
    if route.startswith("portal/") and name not in {"portal:invitation"}
]
THEIRS = "Zebedee-Thorne"


def _ids(records: dict) -> list[int]:
    return sorted(
        {
            records[key].pk
            for key in (
                "parent",
                "episode",
                "goal",
                "consent",
                "achievement",
                "message",
                "notice",
                "measure_request",
            )
        }
    )


def test_portal_urls_take_no_parent_id():
    for name, route in PORTAL_ROUTES:
        assert "parent" not in route, name
    assert len(PORTAL_ROUTES) >= 15


def test_every_portal_url_with_another_parents_ids_finds_nothing(signed_in, two_parents):
    mine, theirs = two_parents["mine"], two_parents["theirs"]
    client = signed_in(mine["user"])
    reached = []
    for name, route in PORTAL_ROUTES:
        if "<int:" not in route:
            continue
        for pk in _ids(theirs):
            url = fill(route, pk)
            for method in ("get", "post"):
                response = getattr(client, method)(url, {"text": "Sneaky"})
                body = response.content.decode()
                refused = response.status_code in (404, 405) or pk in _ids(mine)
                if THEIRS in body or not refused:
                    reached.append(f"{method} {url} ({name}): {response.status_code}")
    assert reached == []
    # Nothing of the other parent's changed.
    assert not GoalView.objects.filter(goal=theirs["goal"]).exists()
    assert MeasureRequest.objects.get(pk=theirs["measure_request"].pk).completed_at is None
    assert Consent.objects.get(pk=theirs["consent"].pk).withdrawn_at is None
    # And the attempts are in the audit trail as refused.
    assert AuditEntry.objects.filter(actor_id=mine["user"].pk, outcome="refused").exists()


def test_forms_ignore_ids_and_act_only_on_the_signed_in_parent(signed_in, two_parents):
    mine, theirs = two_parents["mine"], two_parents["theirs"]
    client = signed_in(mine["user"])
    for url in ("/portal/messages/", "/portal/my-information/"):
        response = client.post(
            url,
            {"text": "Hello", "parent": theirs["parent"].pk, "parent_id": theirs["parent"].pk},
        )
        assert response.status_code == 302

    # (Encrypted text cannot be searched in SQL: compare in Python.)
    def texts(model, records):
        return [m.text for m in model.objects.filter(parent=records["parent"])]

    assert "Hello" in texts(PortalMessage, mine) and "Hello" in texts(PortalNotice, mine)
    assert "Hello" not in texts(PortalMessage, theirs) + texts(PortalNotice, theirs)


@pytest.mark.parametrize(
    "name", ["portal:plan", "portal:achievements", "portal:shared", "portal:messages"]
)
def test_pages_show_only_the_signed_in_parent(signed_in, two_parents, name):
    client = signed_in(two_parents["mine"]["user"])
    path = fill(dict(PORTAL_ROUTES)[name], 0)
    body = client.get(path).content.decode()
    assert THEIRS not in body and "Their secret goal" not in body


def test_a_parent_gets_nothing_of_the_staff_pages(signed_in, two_parents):
    """Every staff page with a record refuses a parent, with their own parent's ids too."""
    mine = two_parents["mine"]
    client = signed_in(mine["user"])
    for name, route, _ in all_url_patterns():
        if route.startswith("portal/") or "<int:" not in route:
            continue
        for pk in _ids(mine):
            response = client.get(fill(route, pk))
            assert response.status_code in (403, 404, 405), f"{name} {pk}"
    assert client.get("/").status_code == 302  # home sends them to their space
    assert client.get("/").headers["Location"] == "/portal/"


def test_staff_cannot_use_the_portal_pages(signed_in, two_parents):
    client = signed_in(two_parents["worker"])
    assert client.get("/portal/").status_code == 403
    assert (
        client.get(f"/portal/goals/{two_parents['mine']['goal'].pk}/your-view/").status_code == 403
    )
