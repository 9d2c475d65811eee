from django.core.management.base import BaseCommand, CommandError

from bench.generate import Refused, generate


class Command(BaseCommand):
    help = (
        "Fill this database with the benchmark data set at scale N (N=1: 5 notices, 2,000 actions, 20,000 updates, "
        "20,000 evidence items, 60 indicators x 60 months, 300 Board meetings, 200 users). Use a database of its own."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Multiplies every count but the five notices (default 1)."
        )
        parser.add_argument(
            "--reset", action="store_true", help="Empty the database first (only if it holds benchmark data alone)."
        )
        parser.add_argument(
            "--force", action="store_true", help="Add the data even though the database holds other data."
        )

    def handle(self, *args, scale: float, reset: bool, force: bool, **options):
        try:
            generate(scale=scale, reset=reset, force=force, say=self._say)
        except Refused as refusal:
            raise CommandError(f"{refusal} Nothing was written.") from refusal

    def _say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
