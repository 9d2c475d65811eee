from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from measures.importer.parser import NoticeParseError, parse_notice, read_notice
from measures.models import Membership
from measures.services import ImportSummary, invitation_send, notice_import


class Command(BaseCommand):
    help = "Import an Improvement Notice from its PDF or a plain-text copy: its measures, requirements and duties."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The notice: the PDF DfE published, or plain UTF-8 text.")
        parser.add_argument("--dry-run", action="store_true", help="Show what would be imported; write nothing.")
        parser.add_argument(
            "--administrator",
            metavar="EMAIL",
            help="Invite whoever reads this address to be the notice's first administrator (they then invite the rest).",
        )
        parser.add_argument(
            "--administrator-name",
            metavar="NAME",
            help="Their name, as the invitation greets them (default: the address).",
        )

    def handle(self, *args, file: Path, dry_run: bool, administrator=None, administrator_name=None, **options):
        if administrator:
            try:
                validate_email(administrator)
            except ValidationError:
                raise CommandError(
                    f"--administrator {administrator!r} is not an e-mail address. Nothing was imported."
                ) from None
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror or error}") from error
        try:
            source = read_notice(data, source_name=file.name)
            parsed = parse_notice(source.text)
        except NoticeParseError as error:
            raise CommandError(f"{file}: {str(error).rstrip('.')}. Nothing was imported.") from error
        parsed.guesses[:0] = source.notes
        summary = notice_import(parsed=parsed, source_text=source.text, dry_run=dry_run)
        self._report(parsed, summary)
        if administrator:
            self._invite(summary, administrator, administrator_name or administrator)

    def _invite(self, summary: ImportSummary, email: str, name: str) -> None:
        if summary.dry_run or summary.notice is None:
            self.stdout.write(f"  Would invite {email} to be the notice's administrator.")
            return
        invitation_send(
            notice=summary.notice, name=name, email=email, role=Membership.Role.ADMINISTRATOR, organisation=None
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"  Invited {email} to be the notice's administrator: the e-mailed link works for "
                f"{settings.INVITATION_DAYS} days. From the notice's People page they invite everyone else."
            )
        )

    def _report(self, parsed, summary: ImportSummary) -> None:
        out = self.stdout
        prefix = "Dry run – nothing written. Would import" if summary.dry_run else "Imported"
        out.write(f"{prefix}: {parsed.title} to {parsed.authority_name}, issued {parsed.issued_on:%-d %B %Y}.")
        requirement_count = sum(len(m.requirements) for m in parsed.measures)
        out.write(
            f"  {len(parsed.measures)} measures, {requirement_count} requirements, {len(parsed.duties)} duties, "
            f"{len(parsed.source_reports)} source reports."
        )
        for measure in parsed.measures:
            out.write(
                f"    {measure.reference:>4}  {len(measure.requirements):>2} requirements  {measure.heading[:70]}"
            )
        for duty in parsed.duties:
            if duty.cadence_months or duty.cadence_weeks:
                every = f"{duty.cadence_months} month(s)" if duty.cadence_months else f"{duty.cadence_weeks} weeks"
                when = f"every {every} from {duty.starts_on:%-d %B %Y}"
            else:
                when = f"due {duty.due_on:%-d %B %Y}" if duty.due_on else "no date set"
            out.write(f"    duty: {duty.title} (section {duty.section}), {when}")
        labels = {"created": "Would create", "updated": "Would update"} if summary.dry_run else {}
        for outcome in ("created", "updated", "unchanged"):
            counts = getattr(summary, outcome)
            if counts:
                label = labels.get(outcome, outcome.capitalize())
                out.write(f"  {label}: " + ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())))
        if not summary.changed_anything:
            out.write(self.style.SUCCESS("  Already up to date: nothing changed."))
        for kept in summary.kept_not_in_text:
            out.write(self.style.WARNING(f"  Kept {kept}: it is in the database but not in this text."))
        if parsed.questions:
            out.write(self.style.WARNING(f"  Questions for the administrator ({len(parsed.questions)}):"))
            for question in parsed.questions:
                out.write(self.style.WARNING(f"    ? {question}"))
        if parsed.guesses:
            out.write(f"  Guesses made while reading the text ({len(parsed.guesses)}):")
            for guess in parsed.guesses:
                out.write(f"    - {guess}")
