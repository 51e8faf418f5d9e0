import hashlib
from contextlib import suppress

from django.db.models import Count, Q, QuerySet

from alongside.accounts.models import Organisation
from alongside.linkage.person_match import Match, Person, likely_matches
from alongside.people.models import Parent, PreviousName
from alongside.policy import Action, role_allows
from alongside.programmes.eligibility import check_parent
from alongside.programmes.selectors import programme_in_use

from .models import MatchDecision, ParentMerge, PartnerAccess, Referral, ReferralStep, Tracking


def referrals_awaiting_decision(user) -> QuerySet[Referral]:
    if not role_allows(user, Action.VIEW_REFERRALS):
        return Referral.objects.none()
    return (
        Referral.objects.filter(
            organisation_id=user.organisation_id, status=Referral.Status.AWAITING_DECISION
        )
        .select_related("parent")
        .order_by("received_on", "pk")
    )


def eligibility_for(referral: Referral) -> list[tuple[str, object]]:
    """The service programme's eligibility check for this parent, per pathway (empty when the
    service has no programme), judged on the facts at the date the referral was received, so a
    referral does not fall out of a rule (20 weeks pregnant, say) while it waits for a
    decision. It says what is missing rather than guessing."""
    programme = programme_in_use(referral.organisation_id)
    if programme is None:
        return []
    spec = programme.current_version().spec
    return [
        (pathway.name, check_parent(spec, referral.parent, referral.received_on, pathway.key))
        for pathway in spec.pathways
    ]


# --- Screening and outreach ------------------------------------------------------------------


def screening_reasons(referral: Referral) -> tuple[str, list[str]]:
    """The outcome the programme's rules give at the referral date ('eligible' when any
    pathway admits the parent, 'not_eligible' when none does, 'unclear' when something needed
    is missing), and the reasons in words, pathway by pathway."""
    results = eligibility_for(referral)
    if not results:
        return ReferralStep.Outcome.UNCLEAR, ["The service has no programme, so no rules apply"]
    reasons = [f"{name}: {result.summary}" for name, result in results]
    if any(result.eligible for _, result in results):
        return ReferralStep.Outcome.ELIGIBLE, reasons
    if all(result.eligible is False for _, result in results):
        return ReferralStep.Outcome.NOT_ELIGIBLE, reasons
    return ReferralStep.Outcome.UNCLEAR, reasons


def steps_for(referral: Referral) -> list[ReferralStep]:
    return list(referral.steps.select_related("recorded_by"))


def work_before_agreement(organisation_id: int) -> dict[str, int]:
    """Screenings, outreach attempts and consultations the service has given, counted whether
    or not the parent took up the offer."""
    counts = dict(
        ReferralStep.objects.filter(referral__organisation_id=organisation_id)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    return {kind: counts.get(kind, 0) for kind in ReferralStep.Kind.values}


# --- The referrer's view ---------------------------------------------------------------------


def tracking_by_status_key(key: str) -> Tracking | None:
    if not key:
        return None
    digest = hashlib.sha256(key.encode()).hexdigest()
    return Tracking.objects.filter(status_digest=digest).select_related("referral").first()


def referrals_from(referring_organisation_id: int) -> QuerySet[Tracking]:
    """What a partner organisation has referred, newest first (reference and status only)."""
    return (
        Tracking.objects.filter(referring_organisation_id=referring_organisation_id)
        .select_related("referral", "referral__organisation")
        .order_by("-referral__created_at", "-pk")
    )


def partner_access_by_link(secret: str) -> PartnerAccess | None:
    if not secret:
        return None
    digest = hashlib.sha256(secret.encode()).hexdigest()
    return (
        PartnerAccess.objects.filter(link_digest=digest, revoked_at__isnull=True)
        .select_related("organisation", "partner")
        .first()
    )


def services_taking_referrals_from(partner_organisation_id: int) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        pk__in=PartnerAccess.objects.filter(
            partner_id=partner_organisation_id, revoked_at__isnull=True
        ).values("organisation_id")
    ).order_by("name")


def partner_accesses(organisation_id: int) -> QuerySet[PartnerAccess]:
    return PartnerAccess.objects.filter(organisation_id=organisation_id).select_related(
        "partner", "created_by", "revoked_by"
    )


# --- One person, one record ------------------------------------------------------------------

# At most this many candidates per blocking rule (a very common surname).
CANDIDATES_PER_RULE = 500


def merged_away_ids(organisation_id: int) -> QuerySet:
    """Records merged into another (and not undone): never offered as a match."""
    return ParentMerge.objects.filter(
        organisation_id=organisation_id, undone_at__isnull=True
    ).values("merged_id")


def merge_joining(parent: Parent) -> ParentMerge | None:
    """The merge (not undone) that joined this record to another, with the record kept and
    who merged them; None for a record not joined to another. There is at most one: a record
    joined to another cannot be joined again (services.parents_merge)."""
    # Not ordered, as there is at most one row: ordering a query joined to two wide tables
    # costs Django more to build than the read itself (docs/capacity.md).
    merges = ParentMerge.objects.filter(merged=parent, undone_at__isnull=True).order_by()
    return next(iter(merges.select_related("kept", "merged_by")[:1]), None)


def _person(parent: Parent, previous: dict[int, list[str]]) -> Person:
    return Person(
        key=parent.pk,
        given_name=parent.given_name,
        family_name=parent.family_name,
        previous_names=tuple(previous.get(parent.pk, ())),
        date_of_birth=parent.date_of_birth,
        nhs_number=parent.nhs_number,
        postcode=parent.postcode,
    )


def candidates_for(parent: Parent) -> list[Parent]:
    """Blocking: the service's parents who agree with `parent` on at least one of NHS number,
    date of birth (or with day and month swapped), last name (or a previous name) or postcode.
    Each rule is one indexed-or-scanned query; a real match survives any single error."""
    base = Parent.objects.filter(organisation_id=parent.organisation_id).exclude(pk=parent.pk)
    base = base.exclude(pk__in=merged_away_ids(parent.organisation_id))
    surnames = {parent.family_name.strip().lower()} | {
        name.strip().split(" ")[-1].lower()
        for name in parent.previous_names.values_list("name", flat=True)
        if name.strip()
    }
    surnames.discard("")
    rules = []
    if parent.nhs_number:
        rules.append(Q(nhs_number=parent.nhs_number))
    if parent.date_of_birth:
        born = parent.date_of_birth
        rules.append(Q(date_of_birth=born))
        if born.day <= 12 and born.day != born.month:
            with suppress(ValueError):
                rules.append(Q(date_of_birth=born.replace(month=born.day, day=born.month)))
    for surname in surnames:
        rules.append(Q(family_name__iexact=surname))
        rules.append(Q(previous_names__name__iendswith=" " + surname))
        rules.append(Q(previous_names__name__iexact=surname))
    if parent.postcode:
        rules.append(Q(postcode=parent.postcode))
    ids: set[int] = set()
    for rule in rules:
        ids.update(base.filter(rule).values_list("pk", flat=True)[:CANDIDATES_PER_RULE])
    return list(Parent.objects.filter(pk__in=ids))


def likely_matches_for_parent(parent: Parent, *, excluding=()) -> list[tuple[Parent, Match]]:
    """Parents of the service who are likely the same person as `parent`, most likely first,
    each with the fields that agreed."""
    candidates = [c for c in candidates_for(parent) if c.pk not in set(excluding)]
    previous: dict[int, list[str]] = {}
    for parent_id, name in PreviousName.objects.filter(
        parent_id__in=[parent.pk, *(c.pk for c in candidates)]
    ).values_list("parent_id", "name"):
        previous.setdefault(parent_id, []).append(name)
    by_id = {c.pk: c for c in candidates}
    matches = likely_matches(_person(parent, previous), [_person(c, previous) for c in candidates])
    return [(by_id[m.key], m) for m in matches]


def likely_matches_for(referral: Referral) -> list[tuple[Parent, Match]]:
    """Possible earlier records of the referred parent, less those a worker has already said
    are not the same person."""
    ruled_out = referral.matches.filter(outcome=MatchDecision.Outcome.NOT_SAME).values_list(
        "candidate_id", flat=True
    )
    return likely_matches_for_parent(referral.parent, excluding=list(ruled_out))


def merges_of(parent: Parent) -> QuerySet[ParentMerge]:
    return ParentMerge.objects.filter(Q(kept=parent) | Q(merged=parent)).select_related(
        "kept", "merged", "merged_by", "undone_by"
    )


# --- For partner systems ---------------------------------------------------------------------


def open_criteria(organisation_id: int) -> dict:
    """The service's referral criteria, in words, pathway by pathway (public to partners)."""
    programme = programme_in_use(organisation_id)
    if programme is None:
        return {"programme": None, "description": "", "pathways": []}
    spec = programme.current_version().spec
    return {
        "programme": spec.name,
        "description": spec.description,
        "pathways": [
            {
                "key": pathway.key,
                "name": pathway.name,
                "description": pathway.description,
                "rules": _criteria_words(spec.pathway_eligibility(pathway.key)),
            }
            for pathway in spec.pathways
        ],
    }


def _criteria_words(rules) -> list[str]:
    """A programme's eligibility rules in plain words, for a referrer to read before referring."""
    words = []
    if rules.min_age is not None:
        words.append(f"Aged {rules.min_age} or over")
    if rules.max_age is not None:
        words.append(f"Aged {rules.max_age} or under")
    if rules.care_experienced == "required":
        words.append("Has been in care")
    if rules.min_removals is not None:
        words.append(f"At least {rules.min_removals} children removed from their care")
    if rules.max_removals is not None:
        words.append(f"No more than {rules.max_removals} children removed from their care")
    if rules.removed_child_under_months is not None:
        words.append(
            f"The youngest child removed was under {rules.removed_child_under_months} months old"
        )
    if rules.pregnancy == "required":
        words.append("Pregnant")
    elif rules.pregnancy == "excluded":
        words.append("Not pregnant")
    if rules.min_gestation_weeks is not None:
        words.append(f"At least {rules.min_gestation_weeks} weeks pregnant")
    if rules.max_gestation_weeks is not None:
        words.append(f"No more than {rules.max_gestation_weeks} weeks pregnant")
    if rules.max_child_age_months is not None:
        words.append(f"The youngest child is under {rules.max_child_age_months} months old")
    if rules.areas:
        words.append(f"Lives in {', '.join(rules.areas)}")
    if rules.children_at_home == "none":
        words.append("No child living with them")
    if rules.min_children_with_status is not None:
        words.append(
            f"At least {rules.min_children_with_status} children with a plan or in proceedings"
        )
    return words or ["Open to any parent the service works with"]
