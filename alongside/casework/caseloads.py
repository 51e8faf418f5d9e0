"""Weighted caseloads: each open case a worker holds counts for its phase's intensity.

- A case on a pathway weighs its phase's `weight` (programme YAML, default 1).
- A case not yet on a pathway weighs 1.
- A co-worker carries half the case's weight (the key worker carries all of it).
- The cap is the service programme's `caseload: cap` (default 8) per full-time worker; a worker's
  own cap is that times their hours (a 0.6 WTE worker on a cap of 8 has 4.8). Going over it is
  allowed with a reason: the manager is warned, not blocked.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from alongside.accounts.models import User
from alongside.programmes.models import Programme
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
    """Each worker's weighted load from the open cases they hold or co-work."""
    full_time_cap = float(caseload_rules(organisation_id).cap)
    worker_ids = list(worker_ids)
    hours = dict(User.objects.filter(pk__in=worker_ids).values_list("pk", "hours_wte"))
    loads = {
        pk: WorkerLoad(cap=round(full_time_cap * float(hours.get(pk, 1)), 2)) for pk in worker_ids
    }
    open_ = ~Q(status=Episode.Status.CLOSED)
    held = Episode.objects.filter(
        open_, organisation_id=organisation_id, key_worker_id__in=worker_ids
    ).select_related("programme_version", "parent")
    for episode in held:
        load = loads[episode.key_worker_id]
        weight = episode_weight(episode)
        load.cases += 1
        load.weighted += weight
        load.parts.append((episode.parent.full_name, weight))
    shared = CoWorker.objects.filter(
        ended_on__isnull=True,
        worker_id__in=worker_ids,
        episode__organisation_id=organisation_id,
        episode__in=Episode.objects.filter(open_),
    ).select_related("episode__programme_version", "episode__parent")
    for co in shared:
        load = loads[co.worker_id]
        weight = episode_weight(co.episode) * CO_WORKER_SHARE
        load.co_working += 1
        load.weighted += weight
        load.parts.append((f"{co.episode.parent.full_name} (co-working)", weight))
    for load in loads.values():
        load.weighted = round(load.weighted, 2)
    return loads
