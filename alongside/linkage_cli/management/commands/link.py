from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alongside.core.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Link parents across care-applications extracts (CSV, Excel, Parquet) and write "
        "DIR/persons.csv, links with explanations, and the recurrence report."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--input",
            action="append",
            required=True,
            type=Path,
            help="An applications extract (repeat for several).",
        )
        parser.add_argument("--out", required=True, type=Path, help="Folder for the results.")
        parser.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
        parser.add_argument(
            "--mapping", type=Path, help="YAML column mapping (default: the shipped template)."
        )
        parser.add_argument(
            "--bookings", type=Path, help="Midwifery bookings extract (early-help list)."
        )
        parser.add_argument("--care-leavers", type=Path, help="Care-leaver list (early-help list).")
        parser.add_argument(
            "--threshold", type=float, default=None, help="Match probability to link at."
        )
        parser.add_argument(
            "--model", type=Path, help="A trained model (model.json) to use instead of training."
        )
        parser.add_argument("--no-report", action="store_true", help="Skip the recurrence report.")
        parser.add_argument(
            "--labels",
            type=Path,
            help="Clerical labels from a review (CSV): the run is checked against them.",
        )
        parser.add_argument(
            "--train-from-labels",
            action="store_true",
            help=(
                "Estimate the m values from the pairs labelled the same person (needs --labels; "
                "trains a new model, so not with --model)."
            ),
        )

    def handle(self, *args, **options):
        from alongside.linkage import InputError, link_applications
        from alongside.linkage.model import DEFAULT_THRESHOLD

        bars: dict[str, ProgressBar] = {}

        def progress(stage: str, done: int, total: int) -> None:
            bar = bars.get(stage)
            if bar is None:
                bar = bars[stage] = ProgressBar(f"{stage:<10}", total, stream=self.stderr._out)
            bar.update(done)
            if done >= total:
                bar.finish()

        try:
            result = link_applications(
                options["input"],
                options["out"],
                engine=options["engine"],
                mapping=options["mapping"],
                threshold=options["threshold"]
                if options["threshold"] is not None
                else DEFAULT_THRESHOLD,
                model=options["model"],
                progress=progress,
                report=not options["no_report"],
                bookings=options["bookings"],
                care_leavers=options["care_leavers"],
                labels=options["labels"],
                train_from_labels=options["train_from_labels"],
            )
        except InputError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(result.summary())
        if "early_help_candidates" in result.files:
            self.stdout.write(
                "WARNING: early_help_candidates.csv is IDENTIFIABLE. Share it only with roles "
                "allowed to see identifiable records."
            )
