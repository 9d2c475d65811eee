"""DfE officials who observe every notice, and every notice imported later, in one step."""

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from measures.models import DepartmentObserver
from measures.services import department_observer_add, department_observer_remove


class Command(BaseCommand):
    help = (
        "Give a DfE official an observer role on every notice, and on every notice imported later "
        "(add), take it away (remove), or list who has it (list). The account must exist: invite the "
        "official to one notice first, or make the account in the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["add", "remove", "list"])
        parser.add_argument("user", nargs="?", help="Username or e-mail address of the account.")

    def handle(self, *args, action: str, user: str | None = None, **options):
        if action == "list":
            observers = DepartmentObserver.objects.select_related("user").order_by("user__username")
            for observer in observers:
                self.stdout.write(
                    f"{observer.user.username}\t{observer.user.email}\tsince {observer.added_at:%-d %B %Y}"
                )
            if not observers:
                self.stdout.write("Nobody observes every notice.")
            return
        if not user:
            raise CommandError(f"Say whose account: department_observer {action} USERNAME-OR-EMAIL.")
        account = self._account(user)
        if action == "add":
            try:
                added = department_observer_add(user=account)
            except ValueError as error:
                raise CommandError(str(error)) from None
            self.stdout.write(
                self.style.SUCCESS(
                    f"{account.username} now observes every notice ({added} gained them) and every notice imported later."
                )
            )
        else:
            removed = department_observer_remove(user=account)
            self.stdout.write(f"{account.username} no longer observes every notice ({removed} observer roles removed).")

    def _account(self, given: str) -> User:
        matches = list(User.objects.filter(username=given)) or list(User.objects.filter(email__iexact=given))
        if not matches:
            raise CommandError(f"No account is called or has the address {given!r}.")
        if len(matches) > 1:
            raise CommandError(f"More than one account has the address {given!r}: give the username.")
        return matches[0]
