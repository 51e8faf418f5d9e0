"""The partner API: tokens, idempotency, status for the referring organisation only, bad
input answered per field, rate limits, and every call audited."""

from datetime import timedelta

import pytest
from django.utils import timezone

from alongside.api.models import ApiToken, IdempotencyKey
from alongside.api.services import api_token_revoke
from alongside.audit.models import AuditEntry
from alongside.referrals.models import Referral
from alongside.referrals.services import referral_decline

from ..factories import OrganisationFactory, UserFactory
from .conftest import PartnerClient, a_referral

pytestmark = pytest.mark.django_db


def test_the_same_referral_twice_with_one_key_is_stored_once(partner_client, service):
    first = partner_client.post(
        "/api/referrals", a_referral(), HTTP_IDEMPOTENCY_KEY="visit-2026-11-30-001"
    )
    again = partner_client.post(
        "/api/referrals", a_referral(), HTTP_IDEMPOTENCY_KEY="visit-2026-11-30-001"
    )
    assert first.status_code == 201, first.content
    assert again.status_code == 200
    assert first.json()["reference"] == again.json()["reference"]
    assert Referral.objects.filter(organisation=service).count() == 1
    assert IdempotencyKey.objects.count() == 1


def test_a_key_reused_with_another_body_is_refused(partner_client):
    partner_client.post("/api/referrals", a_referral(), HTTP_IDEMPOTENCY_KEY="k1")
    other = partner_client.post(
        "/api/referrals", a_referral(given_name="Ash"), HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert other.status_code == 409
    assert Referral.objects.count() == 1


def test_status_and_decision_for_the_referring_organisation_only(
    partner_client, service, token_pair
):
    reference = partner_client.post("/api/referrals", a_referral()).json()["reference"]
    referral = Referral.objects.get()
    manager = UserFactory(organisation=service, team=None, role="service_manager")
    referral_decline(
        referral=referral,
        decided_by=manager,
        decided_on=timezone.localdate(),
        note="Internal reasons",
        referrer_told="She lives outside the area; we have passed on the local service.",
    )
    body = partner_client.get(f"/api/referrals/{reference}").json()
    assert body["status"] == "declined"
    assert body["decision"].startswith("She lives outside the area")
    # Another partner organisation with its own token cannot read it.
    from alongside.api.services import api_token_issue

    other_partner = OrganisationFactory(kind="partner")
    _, secret = api_token_issue(
        organisation=service,
        partner=other_partner,
        name="Other",
        scopes=["referrals:read"],
        days=5,
        created_by=manager,
    )
    assert PartnerClient(secret).get(f"/api/referrals/{reference}").status_code == 404


def test_criteria(partner_client, service):
    response = partner_client.get("/api/criteria")
    assert response.status_code == 200
    assert response.json()["service"] == service.name


@pytest.mark.parametrize(
    "body,field",
    [
        (a_referral(nhs_number="943 476 5918"), "parent.nhs_number"),
        (
            a_referral(date_of_birth=(timezone.localdate() + timedelta(days=3)).isoformat()),
            "parent.date_of_birth",
        ),
        (a_referral(postcode="NOT A POSTCODE"), "parent.postcode"),
        ({**a_referral(), "favourite_colour": "blue"}, "favourite_colour"),
        ({**a_referral(), "parent_agrees": "perhaps"}, "parent_agrees"),
        ({**a_referral(), "reason": 42}, "reason"),
        # A NUL character (PostgreSQL cannot store one): refused by field, on both databases.
        (a_referral(given_name="Rowan\x00"), "parent.given_name"),
        (a_referral(previous_names=["Rowan\x00Birch"]), "parent.previous_names"),
        ({**a_referral(), "reason": "Asked for help\x00"}, "reason"),
    ],
)
def test_bad_input_gets_a_message_per_field_and_stores_nothing(partner_client, body, field):
    response = partner_client.post("/api/referrals", body)
    assert response.status_code == 422, response.content
    fields = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert field in fields
    assert Referral.objects.count() == 0


def test_malformed_json_and_large_bodies(partner_client):
    assert partner_client.post("/api/referrals", "{not json").status_code == 400
    huge = a_referral()
    huge["reason"] = "x" * 70_000
    assert partner_client.post("/api/referrals", huge).status_code == 413
    assert Referral.objects.count() == 0


def test_tokens_expire_are_revocable_scoped_and_hashed(partner_client, token_pair):
    token, secret = token_pair
    assert secret not in str(ApiToken.objects.values_list().get())
    assert partner_client.get("/api/criteria").status_code == 200
    api_token_revoke(token=token, revoked_by=token.created_by)
    assert partner_client.get("/api/criteria").status_code == 401
    token.revoked_at = None
    token.expires_at = timezone.now() - timedelta(seconds=1)
    token.save()
    assert partner_client.get("/api/criteria").status_code == 401
    token.expires_at = timezone.now() + timedelta(days=1)
    token.scopes = ["criteria:read"]
    token.save()
    assert partner_client.post("/api/referrals", a_referral()).status_code == 403
    assert PartnerClient("alg_wrong").get("/api/criteria").status_code == 401


def test_rate_limit_per_token(partner_client, settings):
    settings.ALONGSIDE_API_CALLS_PER_MINUTE = 3
    codes = [partner_client.get("/api/criteria").status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200]
    assert codes[3:] == [429, 429]


def test_every_call_is_audited(partner_client, token_pair):
    before = AuditEntry.objects.count()
    partner_client.get("/api/criteria")
    partner_client.post("/api/referrals", {"nonsense": True})
    PartnerClient("alg_nope").get("/api/criteria")
    entries = list(AuditEntry.objects.order_by("id")[before:])
    api_entries = [e for e in entries if e.description.startswith("API:")]
    assert len(api_entries) == 3
    assert {e.outcome for e in api_entries} == {"allowed", "refused"}
    assert token_pair[0].prefix in api_entries[0].actor_label


def test_schema_and_docs_are_served_locally(client):
    schema = client.get("/api/openapi.json")
    assert schema.status_code == 200
    assert "/api/referrals" in schema.json()["paths"]
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()
    assert b"Submit a referral" in docs.content
