"""Demo staff and synthetic cases. Never real people; refuses to run with DEBUG off.

Cases are written in batches with PostgreSQL's COPY (core.bulk_copy; a million cases in a
few minutes) or, on SQLite, with bulk inserts, with a realistic spread across statuses,
languages, conditions, urgency and age. A progress bar shows on a terminal.
"""

import json
import os
import random
import secrets
import sys
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from accounts.groups import CONTENT_EDITORS, COORDINATORS, MEDICAL_REVIEWERS, SUPERVISORS
from cases import sla
from cases.models import (
    PRIORITY_BY_URGENCY,
    Case,
    CoordinatorProfile,
    Diagnosis,
    Patient,
    ReferenceCounter,
    Submitter,
    TimelineEvent,
)
from core import bulk_copy
from core.conditions import CONDITION_GROUPS, condition_area

FIRST = ["Ana", "Wei", "Maria", "Omar", "Olga", "Luc", "Mei", "Carlos", "Fatima", "Ivan", "Lina"]
LAST = ["Garcia", "Li", "Petrova", "Haddad", "Martin", "Chen", "Lopez", "Smirnov", "Dubois"]
COUNTRY_BY_LANGUAGE = {
    "en": ["GB", "US", "IE", "AU"],
    "zh-hans": ["CN", "SG"],
    "es": ["ES", "MX", "AR", "CO"],
    "ar": ["EG", "SA", "AE", "JO"],
    "ru": ["RU", "KZ"],
    "fr": ["FR", "BE", "MA"],
}
# How often each status occurs: most demo cases are finished, as in a real service.
STATUS_WEIGHTS = {
    Case.Status.NEW: 6,
    Case.Status.IN_REVIEW: 8,
    Case.Status.RECORDS_REQUESTED: 6,
    Case.Status.RECORDS_COMPLETE: 4,
    Case.Status.SHARED_WITH_HOSPITALS: 5,
    Case.Status.AWAITING_HOSPITAL: 5,
    Case.Status.INFORMATION_SHARED: 4,
    Case.Status.ON_HOLD: 2,
    Case.Status.CLOSED: 60,
}
DEMO_STAFF = [
    # username, group, languages, areas
    ("supervisor", SUPERVISORS, [], []),
    ("coord.en", COORDINATORS, ["en"], ["solid", "other"]),
    ("coord.zh", COORDINATORS, ["zh-hans", "en"], ["blood"]),
    ("coord.es", COORDINATORS, ["es", "en"], ["blood", "autoimmune"]),
    ("coord.ar", COORDINATORS, ["ar", "en", "fr"], ["solid"]),
    ("coord.ru", COORDINATORS, ["ru", "en"], ["blood", "solid"]),
    ("editor.one", CONTENT_EDITORS, [], []),
    ("editor.two", CONTENT_EDITORS, [], []),
    ("medical.reviewer", MEDICAL_REVIEWERS, [], []),
]
BATCH = 10_000
OPEN_STATUSES = [status for status in STATUS_WEIGHTS if status != Case.Status.CLOSED]
# Statuses a case reaches only after its records were complete (or may have, if closed).
RECORDS_DONE = {
    Case.Status.RECORDS_COMPLETE,
    Case.Status.SHARED_WITH_HOSPITALS,
    Case.Status.AWAITING_HOSPITAL,
    Case.Status.INFORMATION_SHARED,
    Case.Status.CLOSED,
}
WORKING_DAYS = frozenset(settings.NAVIGATOR_WORKING_DAYS)
# Demo passwords are kept here (readable by this account only), so a second `make run`
# prints the same ones; --new-passwords makes new ones.
PASSWORDS_FILE = Path(settings.BASE_DIR) / "var" / "demo-passwords.json"


class Command(BaseCommand):
    help = "Create demo staff and N synthetic cases (demo only: refuses to run with DEBUG off)."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=25)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--force", action="store_true", help="run even with DEBUG off (never in production)"
        )
        parser.add_argument(
            "--new-passwords", action="store_true", help="give the demo staff new passwords"
        )

    def handle(self, *args, cases: int, seed: int, force: bool, new_passwords: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo makes fake people; it refuses to run with DEBUG off.")
        passwords = self.create_staff(self.demo_passwords(renew=new_passwords))
        existing = Case.objects.filter(help_details__startswith="[demo]").count()
        to_make = max(0, cases - existing)
        if to_make:
            started = timezone.now()
            self.create_cases(to_make, random.Random(seed + existing))
            seconds = (timezone.now() - started).total_seconds()
            self.stdout.write(f"Created {to_make} demo cases in {seconds:.1f} s.")
            started = timezone.now()
            bulk_copy.refresh_statistics(Case, Submitter, Patient, Diagnosis, TimelineEvent)
            seconds = (timezone.now() - started).total_seconds()
            self.stdout.write(f"Refreshed the planner's statistics in {seconds:.1f} s.")
        else:
            self.stdout.write(f"{existing} demo cases already present.")
        # By name: cases may not import partners (they sit side by side in the layers).
        call_command("seed_demo_partners", force=True, stdout=self.stdout)
        # Messages, a checklist and an appointment on a few cases (the desk app's command).
        call_command("seed_demo_contact", force=True, stdout=self.stdout)
        self.stdout.write(
            self.style.WARNING(
                "Demo staff (demo only; the same passwords each run, new ones with "
                "`manage.py seed_demo --new-passwords`):"
            )
        )
        for username, password in passwords:
            self.stdout.write(f"  {username:<16} {password}")
        self.stdout.write("Sign in at /staff/login/.")

    def demo_passwords(self, *, renew: bool) -> dict[str, str]:
        """The demo staff's passwords: kept from the last run unless `renew`."""
        known = {}
        if PASSWORDS_FILE.exists() and not renew:
            known = json.loads(PASSWORDS_FILE.read_text())
        passwords = {name: known.get(name) or secrets.token_urlsafe(9) for name, *_ in DEMO_STAFF}
        PASSWORDS_FILE.parent.mkdir(parents=True, exist_ok=True)
        PASSWORDS_FILE.write_text(json.dumps(passwords, indent=2))
        os.chmod(PASSWORDS_FILE, 0o600)
        return passwords

    def create_staff(self, passwords: dict[str, str]) -> list[tuple[str, str]]:
        users = get_user_model()
        printed = []
        for username, group_name, languages, areas in DEMO_STAFF:
            user, _created = users.objects.get_or_create(
                username=username, defaults={"email": f"{username}@navigator.invalid"}
            )
            password = passwords[username]
            user.set_password(password)
            # They use the admin.
            user.is_staff = group_name in (SUPERVISORS, CONTENT_EDITORS, MEDICAL_REVIEWERS)
            user.save()
            user.groups.add(Group.objects.get(name=group_name))
            if group_name == COORDINATORS:
                CoordinatorProfile.objects.update_or_create(
                    user=user,
                    defaults={
                        "languages": languages,
                        "condition_areas": areas,
                        "capacity": 40,
                        "regions": [c for lang in languages for c in COUNTRY_BY_LANGUAGE[lang]][:4],
                    },
                )
            printed.append((username, password))
        return printed

    def create_cases(self, count: int, rng: random.Random) -> None:
        """`count` new cases, a batch per transaction: each batch is whole (cases with
        their details and the reference counter moved on), so an interrupted run keeps
        what it finished and the next run makes the rest."""
        now = timezone.now()
        year = now.year
        coordinators = list(
            CoordinatorProfile.objects.select_related("user").values_list("user_id", "languages")
        )
        ReferenceCounter.objects.bulk_create([ReferenceCounter(year=year)], ignore_conflicts=True)
        make = None
        # A progress bar on a terminal only (tqdm turns itself off elsewhere: logs, tests).
        with tqdm(
            total=count, unit="case", unit_scale=True, file=sys.stderr, disable=None
        ) as progress:
            for offset in range(0, count, BATCH):
                size = min(BATCH, count - offset)
                with transaction.atomic():
                    counter = ReferenceCounter.objects.select_for_update().get(year=year)
                    first = max(counter.last_number, self._highest_number(year)) + 1
                    if make is None:
                        make = DemoCases(rng, coordinators, now=now, fresh=first == 1)
                    self._write_batch(make, range(first, first + size), year, offset)
                    counter.last_number = first + size - 1
                    counter.save()
                progress.update(size)

    def _write_batch(self, make: "DemoCases", numbers: range, year: int, offset: int) -> None:
        made = [make.case(number, year, offset + n) for n, number in enumerate(numbers)]
        cases = [case for case, _condition in made]
        if bulk_copy.uses_copy():
            for case, pk in zip(cases, bulk_copy.reserve_ids(Case, len(cases)), strict=True):
                case["id"] = pk
            bulk_copy.copy_rows(Case, cases, now=make.now)
        else:
            saved = Case.objects.bulk_create(Case(**case) for case in cases)
            for case, row in zip(cases, saved, strict=True):
                case["id"] = row.pk
        for model, rows in make.details(made).items():
            if bulk_copy.uses_copy():
                bulk_copy.copy_rows(model, rows, now=make.now)
            else:
                model.objects.bulk_create(model(**row) for row in rows)

    def _highest_number(self, year: int) -> int:
        last = (
            Case.objects.filter(reference__startswith=f"NAV-{year}-")
            .order_by("-reference")
            .values_list("reference", flat=True)
            .first()
        )
        return int(last.rsplit("-", 1)[1]) if last else 0


class DemoCases:
    """Synthetic cases as plain rows (column to value), for COPY or bulk_create alike."""

    def __init__(self, rng: random.Random, coordinators, *, now, fresh: bool):
        self.rng = rng
        self.now = now
        self.coordinators = coordinators
        self.conditions = [code for _area, items in CONDITION_GROUPS for code, _label in items]
        self.statuses = list(STATUS_WEIGHTS)
        self.weights = list(STATUS_WEIGHTS.values())
        self.languages = list(COUNTRY_BY_LANGUAGE)
        # Every coordinator starts with open cases in their own language: the first cases
        # of an empty database go round the team, two each.
        self.first_round = (
            [(uid, langs[0]) for uid, langs in coordinators for _ in range(2)] if fresh else []
        )
        # A coordinator whose first language it is, else anyone who speaks it.
        self.speakers = {}
        for language in self.languages:
            natives = [uid for uid, langs in coordinators if langs[0] == language]
            self.speakers[language] = natives or [
                uid for uid, langs in coordinators if language in langs
            ]

    def case(self, number: int, year: int, index: int) -> tuple[dict, str]:
        """A case's row, and the patient's condition (for details())."""
        rng = self.rng
        language = rng.choice(self.languages)
        status = rng.choices(self.statuses, self.weights)[0]
        owner = None
        if index < len(self.first_round):
            owner, language = self.first_round[index]
            status = rng.choice(OPEN_STATUSES[1:])  # being worked, not new
        urgency = rng.choice(["routine", "routine", "soon", "urgent"])
        age = timedelta(days=rng.randint(0, 700), minutes=rng.randint(0, 1439))
        submitted = self.now - age
        speakers = self.speakers[language]
        coordinator_id = owner or (
            rng.choice(speakers)
            if speakers and (status != Case.Status.NEW or rng.random() < 0.5)
            else None
        )
        condition = rng.choice(self.conditions)
        row = {
            "reference": f"NAV-{year}-{number:06d}",
            "status": status,
            "close_reason": "information_provided" if status == Case.Status.CLOSED else "",
            "condition_area": condition_area(condition),
            "language": language,
            "country": rng.choice(COUNTRY_BY_LANGUAGE[language]),
            "urgency": urgency,
            "priority": PRIORITY_BY_URGENCY[urgency],
            "help_topics": ["clinical_trials"],
            "help_details": "[demo] synthetic case",
            "submitted_at": submitted,
            "coordinator_id": coordinator_id,
            "assigned_at": submitted if coordinator_id else None,
            "routed_at": submitted,
            "first_contact_due_at": submitted + timedelta(days=1),
            "first_contacted_at": None
            if status == Case.Status.NEW
            else submitted + timedelta(hours=rng.randint(1, 40)),
            "confirmation_sent_at": submitted,
        }
        # What the dashboard aggregates, as the services would have stored it.
        if row["first_contacted_at"]:
            row["first_contact_working_hours"] = sla.working_hours_between(
                submitted, row["first_contacted_at"], working_days=WORKING_DAYS
            )
        if status in RECORDS_DONE:
            row["records_completed_at"] = submitted + timedelta(days=rng.randint(2, 30))
        return row, condition

    def details(self, made: list[tuple[dict, str]]) -> dict[type, list[dict]]:
        """The submitter, patient, diagnosis and first timeline entry of each case (whose
        row has its id by now)."""
        rng = self.rng
        rows = {Submitter: [], Patient: [], Diagnosis: [], TimelineEvent: []}
        for case, condition in made:
            family = rng.choice(LAST)
            rows[Submitter].append(
                {
                    "case_id": case["id"],
                    "role": rng.choice(["patient", "family", "caregiver", "clinician"]),
                    "full_name": f"{rng.choice(FIRST)} {family}",
                    "email": f"family{case['id']}@example.org",
                    "phone": "+34612345678",
                    "country": case["country"],
                    "preferred_language": case["language"],
                    "contact_method": "email",
                    "time_zone": "Europe/Madrid",
                }
            )
            rows[Patient].append(
                {
                    "case_id": case["id"],
                    "full_name": f"{rng.choice(FIRST)} {family}",
                    "date_of_birth": date(1940, 1, 1) + timedelta(days=rng.randrange(365 * 75)),
                    "sex": rng.choice(["female", "male"]),
                    "country_of_residence": case["country"],
                    "current_location": "At home",
                }
            )
            rows[Diagnosis].append(
                {
                    "case_id": case["id"],
                    "condition": condition,
                    "condition_other": "Demo condition" if condition == "other" else "",
                    "stage_or_status": "Relapsed",
                    "relapsed_or_refractory": rng.choice(["yes", "no", "unknown"]),
                    "ecog": rng.choice(["0", "1", "2", "3", "unknown"]),
                }
            )
            rows[TimelineEvent].append(
                {"case_id": case["id"], "kind": "submitted", "message": "Demo inquiry submitted"}
            )
        return rows
