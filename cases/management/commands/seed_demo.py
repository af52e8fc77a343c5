"""Demo staff and synthetic cases. Never real people; refuses to run with DEBUG off.

Cases are written with bulk inserts (100,000 in well under two minutes on PostgreSQL),
with a realistic spread across statuses, languages, conditions, urgency and age.
"""

import json
import os
import random
import secrets
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.groups import CONTENT_EDITORS, COORDINATORS, MEDICAL_REVIEWERS, SUPERVISORS
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
BATCH = 5000
OPEN_STATUSES = [status for status in STATUS_WEIGHTS if status != Case.Status.CLOSED]
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
        else:
            self.stdout.write(f"{existing} demo cases already present.")
        # By name: cases may not import partners (they sit side by side in the layers).
        call_command("seed_demo_partners", force=True, stdout=self.stdout)
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

    @transaction.atomic
    def create_cases(self, count: int, rng: random.Random) -> None:
        now = timezone.now()
        year = now.year
        coordinators = list(
            CoordinatorProfile.objects.select_related("user").values_list("user_id", "languages")
        )
        conditions = [code for _area, items in CONDITION_GROUPS for code, _label in items]
        statuses = list(STATUS_WEIGHTS)
        weights = list(STATUS_WEIGHTS.values())
        ReferenceCounter.objects.bulk_create([ReferenceCounter(year=year)], ignore_conflicts=True)
        counter = ReferenceCounter.objects.select_for_update().get(year=year)
        start_number = max(counter.last_number, self._highest_number(year))

        # Every coordinator starts with open cases in their own language: the first cases
        # go round the team, two each.
        first_round = [(uid, langs[0]) for uid, langs in coordinators for _ in range(2)]
        for offset in range(0, count, BATCH):
            size = min(BATCH, count - offset)
            batch, chosen = [], []
            for index in range(size):
                number = start_number + offset + index + 1
                language = rng.choice(list(COUNTRY_BY_LANGUAGE))
                status = rng.choices(statuses, weights)[0]
                owner = None
                if start_number == 0 and offset + index < len(first_round):
                    owner, language = first_round[offset + index]
                    status = rng.choice(OPEN_STATUSES[1:])  # being worked, not new
                urgency = rng.choice(["routine", "routine", "soon", "urgent"])
                age = timedelta(days=rng.randint(0, 700), minutes=rng.randint(0, 1439))
                submitted = now - age
                # A coordinator whose first language it is, else anyone who speaks it.
                natives = [uid for uid, langs in coordinators if langs[0] == language]
                speakers = natives or [uid for uid, langs in coordinators if language in langs]
                coordinator_id = owner or (
                    rng.choice(speakers)
                    if speakers and (status != Case.Status.NEW or rng.random() < 0.5)
                    else None
                )
                condition = rng.choice(conditions)
                chosen.append(condition)
                batch.append(
                    Case(
                        reference=f"NAV-{year}-{number:06d}",
                        status=status,
                        close_reason="information_provided" if status == Case.Status.CLOSED else "",
                        condition_area=condition_area(condition),
                        language=language,
                        country=rng.choice(COUNTRY_BY_LANGUAGE[language]),
                        urgency=urgency,
                        priority=PRIORITY_BY_URGENCY[urgency],
                        help_topics=["clinical_trials"],
                        help_details="[demo] synthetic case",
                        submitted_at=submitted,
                        coordinator_id=coordinator_id,
                        assigned_at=submitted if coordinator_id else None,
                        routed_at=submitted,
                        first_contact_due_at=submitted + timedelta(days=1),
                        first_contacted_at=None
                        if status == Case.Status.NEW
                        else submitted + timedelta(hours=rng.randint(1, 40)),
                        confirmation_sent_at=submitted,
                    )
                )
            Case.objects.bulk_create(batch)
            self._bulk_details(batch, chosen, rng)
            self.stdout.write(f"  {offset + size}/{count}")
        counter.last_number = start_number + count
        counter.save()

    def _highest_number(self, year: int) -> int:
        last = (
            Case.objects.filter(reference__startswith=f"NAV-{year}-")
            .order_by("-reference")
            .values_list("reference", flat=True)
            .first()
        )
        return int(last.rsplit("-", 1)[1]) if last else 0

    def _bulk_details(self, batch: list[Case], conditions: list[str], rng: random.Random) -> None:
        submitters, patients, diagnoses, events = [], [], [], []
        for case, condition in zip(batch, conditions, strict=True):
            family = rng.choice(LAST)
            submitters.append(
                Submitter(
                    case=case,
                    role=rng.choice(["patient", "family", "caregiver", "clinician"]),
                    full_name=f"{rng.choice(FIRST)} {family}",
                    email=f"family{case.pk}@example.org",
                    phone="+34612345678",
                    country=case.country,
                    preferred_language=case.language,
                    contact_method="email",
                    time_zone="Europe/Madrid",
                )
            )
            patients.append(
                Patient(
                    case=case,
                    full_name=f"{rng.choice(FIRST)} {family}",
                    date_of_birth=date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 75)),
                    sex=rng.choice(["female", "male"]),
                    country_of_residence=case.country,
                    current_location="At home",
                )
            )
            diagnoses.append(
                Diagnosis(
                    case=case,
                    condition=condition,
                    condition_other="Demo condition" if condition == "other" else "",
                    stage_or_status="Relapsed",
                    relapsed_or_refractory=rng.choice(["yes", "no", "unknown"]),
                    ecog=rng.choice(["0", "1", "2", "3", "unknown"]),
                )
            )
            events.append(
                TimelineEvent(case=case, kind="submitted", message="Demo inquiry submitted")
            )
        Submitter.objects.bulk_create(submitters)
        Patient.objects.bulk_create(patients)
        Diagnosis.objects.bulk_create(diagnoses)
        TimelineEvent.objects.bulk_create(events)
