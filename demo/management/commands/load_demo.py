from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import notices as demo
from demo.indicators import load_indicators
from demo.snapshots import NORTHBRIDGE_OFFICER


class Command(BaseCommand):
    help = "Load the Medway notice and realistic demo data (June 2014 – February 2015); safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-debug-off",
            action="store_true",
            help="load the demo on a server with DEBUG off (tests, a demo server); never allowed in production",
        )

    def handle(self, *args, **options):
        # The demo makes a superuser whose password is printed here and in the README.
        if settings.PRODUCTION:
            raise CommandError("load_demo refuses to run with production settings (DJANGO_ENV=production).")
        if not settings.DEBUG and not options["allow_debug_off"]:
            raise CommandError(
                "load_demo creates accounts with a published password, and DEBUG is off here: this looks like "
                "a real server. Run it with DEBUG=true (make run does), or pass --allow-debug-off for a demo server."
            )
        notice = demo.import_medway_notice()
        context = demo.load_people(notice)
        for line in demo_loaders_run(context):
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready for {notice}."))
        self.stdout.write(f"\nDemo sign-ins (password for all: {demo.DEMO_PASSWORD}):")
        for username, first, last, role, org in demo.PEOPLE:
            label = demo.Role(role).label
            self.stdout.write(f"  {username:<20} {first} {last}, {label}{f' ({org})' if org else ''}")
        username, first, last = NORTHBRIDGE_OFFICER
        self.stdout.write(f"  {username:<20} {first} {last}, Officer on the Northbridge notice only")
        self.stdout.write("\nOpen http://127.0.0.1:8000/ and sign in.")


def demo_loaders_run(context) -> list[str]:
    """Each app that has demo data adds its loader here, in dependency order."""
    from demo.duties import load_duties  # after evidence: each duty done is proved by an item
    from demo.evidence import load_evidence  # after actions: evidence links to them
    from demo.judgements import load_judgements
    from demo.meetings import load_meetings  # after actions: meetings name actions arising
    from demo.plan import load_actions
    from demo.reports import load_reports  # after everything: the reports are built from it all
    from demo.snapshots import load_snapshots  # last: snapshots roll up everything above

    loaders = [
        load_indicators,
        load_actions,
        load_evidence,
        load_meetings,
        load_judgements,
        load_duties,
        load_snapshots,
        load_reports,
    ]
    for loader in loaders:
        loader(context)
    return context.log
