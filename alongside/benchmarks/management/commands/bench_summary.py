"""`alongside bench-summary`: how long the family summary's PDF takes for a family with 2,000
timeline items (contacts, the team's entries and meetings, goal progress, measures and a
child's status changes), every one of them in the summary: read, laid out and written, as the
background job does it (`workbook.summary`). Target: under 3 seconds.

Beside it, measured in the same run on the same family: the subject access letter's PDF (the
same PDF library, `core.pdf`), the baseline."""

import random
import statistics
import time
from dataclasses import asdict
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from alongside.benchmarks.seed import seed_bench_service
from alongside.casework.models import Episode
from alongside.casework.selectors import timeline_for
from alongside.measures.models import MeasureResponse
from alongside.people.models import Child, ChildStatusChange, Parent
from alongside.plans.models import Goal, GoalProgress, Plan
from alongside.sharing.letter import letter_pdf, subject_access_letter
from alongside.workbook.models import FamilySummary, Meeting, TeamEntry
from alongside.workbook.summary import build_summary, summary_pdf

STATUSES = ["at_home_cin", "at_home_cp", "in_proceedings", "foster_care", "kinship"]
OUTCOMES = ["progressing", "stuck", "progressing", "progressing"]


def _seed_family(*, items: int, seed: int) -> Parent:
    """One parent whose timeline holds `items` items, about 85% of them contacts."""
    # Synthetic data, not secrets.
    rng = random.Random(seed)  # noqa: S311  # nosec B311
    today = timezone.localdate()
    contacts = int(items * 0.85)
    service = seed_bench_service(parents=1, workers=10, contacts=contacts, seed=seed)
    episode = Episode.objects.select_related("parent", "key_worker").get(
        organisation=service.organisation
    )
    parent, worker = episode.parent, episode.key_worker
    left = items - contacts
    entries, meetings, progress, measures = left // 4, left // 10, left // 4, left // 5
    changes = left - entries - meetings - progress - measures
    with transaction.atomic():
        TeamEntry.objects.bulk_create(
            TeamEntry(
                parent=parent,
                kind="observation",
                happened_on=today - timedelta(days=rng.randint(0, 380)),
                text="Seen at the family centre; the visit went well and she stayed to the end.",
                organisation=service.organisation,
                author=worker,
                significant=True,
            )
            for _ in range(entries)
        )
        Meeting.objects.bulk_create(
            Meeting(
                parent=parent,
                kind="core_group",
                held_on=today - timedelta(days=rng.randint(0, 380)),
                attended="Parent, key worker, social worker, health visitor",
                decisions="Keep the plan as it is; review in six weeks.",
                organisation=service.organisation,
                recorded_by=worker,
                significant=True,
            )
            for _ in range(meetings)
        )
        plan = Plan.objects.create(
            episode=episode,
            agreed_on=today - timedelta(days=380),
            attended="Parent and key worker",
            next_review_on=today + timedelta(days=30),
            created_by=worker,
        )
        goals = Goal.objects.bulk_create(
            Goal(
                plan=plan,
                family_member="parent",
                area=area,
                in_parents_words=f"My goal about {area.replace('_', ' ')}",
                created_by=worker,
            )
            for area in ("housing", "money", "parenting", "mental_health", "family_time")
        )
        GoalProgress.objects.bulk_create(
            GoalProgress(
                goal=goals[n % len(goals)],
                recorded_on=today - timedelta(days=rng.randint(0, 380)),
                outcome=rng.choice(OUTCOMES),
                recorded_by=worker,
            )
            for n in range(progress)
        )
        MeasureResponse.objects.bulk_create(
            MeasureResponse(
                episode=episode,
                parent=parent,
                instrument=code,
                instrument_name=name,
                completed_on=today - timedelta(days=rng.randint(0, 380)),
                answers_text="{}",
                complete=True,
                scores_text="{}",
                total=rng.randint(0, 21),
                recorded_by=worker,
            )
            for n in range(measures)
            for code, name in [(("phq9", "PHQ-9"), ("gad7", "GAD-7"))[n % 2]]
        )
        child = Child.objects.create(
            parent=parent,
            given_name="Bench",
            date_of_birth=today - timedelta(days=800),
            legal_status="kinship",
        )
        ChildStatusChange.objects.bulk_create(
            ChildStatusChange(
                child=child,
                status=STATUSES[n % len(STATUSES)],
                order_sought="care_order"
                if STATUSES[n % len(STATUSES)] == "in_proceedings"
                else "",
                on=today - timedelta(days=rng.randint(0, 380)),
                source="social_care",
                recorded_by=worker,
            )
            for n in range(changes)
        )
    return parent


class Command(BaseCommand):
    help = "Time the family summary's PDF for a family with 2,000 timeline items (`make bench`)."

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, default=2000)
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument("--seed", type=int, default=16)

    def handle(self, *args, items: int, runs: int, seed: int, **options):
        if Parent.objects.exists():
            raise CommandError("bench-summary needs an empty, migrated database.")
        started = time.perf_counter()
        parent = _seed_family(items=items, seed=seed)
        on_timeline = len(timeline_for(parent))
        self.stdout.write(
            f"Seeded one family with {on_timeline:,} timeline items in "
            f"{time.perf_counter() - started:.1f} s"
        )
        today = timezone.localdate()
        episode = Episode.objects.select_related("key_worker").get(parent=parent)
        summary = FamilySummary(
            parent=parent,
            recipient=FamilySummary.Recipient.NEW_WORKER,
            recipient_name="A new key worker",
            starts_on=today - timedelta(days=400),
            ends_on=today,
            every_contact=True,
            services_view="The service's view, a few paragraphs long. " * 20,
            created_by=episode.key_worker,
        )
        baseline, reading, whole, pages, held = [], [], [], 0, 0
        for _ in range(runs):
            t0 = time.perf_counter()
            letter_pdf(subject_access_letter(parent))
            baseline.append(time.perf_counter() - t0)

            t0 = time.perf_counter()
            content = asdict(build_summary(summary))
            t1 = time.perf_counter()
            pdf = summary_pdf(content)
            t2 = time.perf_counter()
            reading.append(t1 - t0)
            whole.append(t2 - t0)
            pages = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page")
            held = content["items"]
        median = statistics.median(whole)
        self.stdout.write(
            f"Family summary PDF, {on_timeline:,} timeline items ({held:,} rows and entries in "
            f"the summary, about {pages} pages), {runs} runs: median {median:.2f} s, slowest "
            f"{max(whole):.2f} s (reading the record {statistics.median(reading):.2f} s); "
            f"target under 3 s: {'met' if max(whole) < 3 else 'NOT met'}"
        )
        self.stdout.write(
            f"Baseline, same run and family: the subject access letter's PDF, median "
            f"{statistics.median(baseline):.2f} s"
        )
