"""Weighted caseloads: each open case a worker holds counts for its phase's intensity.

- A case on a pathway weighs its phase's `weight` (programme YAML, default 1).
- A case not yet on a pathway weighs 1.
- A co-worker carries half the case's weight (the key worker carries all of it).
- The cap is the service programme's `caseload: cap` (default 8) per full-time worker; a worker's
  own cap is that times their hours (a 0.6 WTE worker on a cap of 8 has 4.8). Going over it is
  allowed with a reason: the manager is warned, not blocked.
"""

from dataclasses import dataclass, field

from django.db.models import F, Q

from alongside.accounts.models import User
from alongside.programmes.models import Programme, ProgrammeVersion
from alongside.programmes.schema import Caseload

from .models import CoWorker, Episode

CO_WORKER_SHARE = 0.5


def caseload_rules(organisation_id: int) -> Caseload:
    programme = Programme.objects.filter(organisation_id=organisation_id, in_use=True).first()
    version = programme.current_version() if programme else None
    return version.spec.caseload if version else Caseload()


def episode_weight(episode: Episode) -> float:
    version = episode.programme_version
    if version is None or not episode.pathway:
        return 1.0
    pathway = version.spec.pathway(episode.pathway)
    phase = pathway.phase(episode.phase) if pathway else None
    return float(phase.weight) if phase else 1.0


@dataclass
class WorkerLoad:
    cap: float
    cases: int = 0
    co_working: int = 0
    weighted: float = 0.0
    parts: list[tuple[str, float]] = field(default_factory=list)

    @property
    def over_cap(self) -> bool:
        return self.weighted > self.cap

    def with_(self, weight: float) -> float:
        return round(self.weighted + weight, 2)


def weighted_loads(organisation_id: int, worker_ids) -> dict[int, WorkerLoad]:
    """Each worker's weighted load from the open cases they hold or co-work.

    Reads only what the rule needs (each case's pathway, phase, programme version and the
    parent's name): a service with thousands of open cases must not load and decrypt every
    parent's contact details, nor a copy of the programme's source for every case."""
    full_time_cap = float(caseload_rules(organisation_id).cap)
    worker_ids = list(worker_ids)
    hours = dict(User.objects.filter(pk__in=worker_ids).values_list("pk", "hours_wte"))
    loads = {
        pk: WorkerLoad(cap=round(full_time_cap * float(hours.get(pk, 1)), 2)) for pk in worker_ids
    }
    open_ = Episode.objects.filter(
        ~Q(status=Episode.Status.CLOSED), organisation_id=organisation_id
    )
    shared = list(
        CoWorker.objects.filter(
            ended_on__isnull=True, worker_id__in=worker_ids, episode__in=open_
        ).values_list("worker_id", "episode_id")
    )
    episodes = {
        episode.pk: episode
        for episode in open_.filter(
            Q(key_worker_id__in=worker_ids) | Q(pk__in=[pk for _, pk in shared])
        )
        .only("pk", "key_worker_id", "pathway", "phase", "programme_version_id")
        .annotate(given_name=F("parent__given_name"), family_name=F("parent__family_name"))
    }
    versions = ProgrammeVersion.objects.in_bulk(
        {e.programme_version_id for e in episodes.values() if e.programme_version_id}
    )
    for episode in episodes.values():
        episode.programme_version = versions.get(episode.programme_version_id)
    for episode in episodes.values():
        if episode.key_worker_id not in loads:
            continue
        load = loads[episode.key_worker_id]
        weight = episode_weight(episode)
        load.cases += 1
        load.weighted += weight
        load.parts.append((f"{episode.given_name} {episode.family_name}", weight))
    for worker_id, episode_id in sorted(shared):
        episode = episodes[episode_id]
        load = loads[worker_id]
        weight = episode_weight(episode) * CO_WORKER_SHARE
        load.co_working += 1
        load.weighted += weight
        load.parts.append((f"{episode.given_name} {episode.family_name} (co-working)", weight))
    for load in loads.values():
        load.weighted = round(load.weighted, 2)
    return loads
