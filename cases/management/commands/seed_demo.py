"""Synthetic demo cases for a local run. Never real people; refuses to run in production."""

import random
from datetime import date, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cases import drafts, services
from cases.conditions import CONDITION_GROUPS
from cases.models import Case

FIRST_NAMES = ["Ana", "Wei", "Maria", "Omar", "Olga", "Luc", "Mei", "Carlos", "Fatima", "Ivan"]
FAMILY_NAMES = ["Garcia", "Li", "Petrova", "Haddad", "Martin", "Chen", "Lopez", "Smirnov"]
COUNTRIES = ["ES", "CN", "MX", "EG", "RU", "FR", "AR", "SA", "GB", "US"]
LANGUAGES = [code for code, _name in settings.LANGUAGES]
STATUSES = [status for status, _label in Case.Status.choices]


class Command(BaseCommand):
    help = "Create synthetic demo cases (demo only: refuses to run with DEBUG off)."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=25)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--force", action="store_true", help="run even with DEBUG off (never in production)"
        )

    def handle(self, *args, cases: int, seed: int, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo makes fake data; it refuses to run with DEBUG off.")
        if Case.objects.filter(help_details__startswith="[demo]").count() >= cases:
            self.stdout.write("Demo cases already present; nothing to do.")
            return
        rng = random.Random(seed)
        conditions = [code for _area, items in CONDITION_GROUPS for code, _label in items]
        for number in range(cases):
            with transaction.atomic():
                case = services.case_submit(
                    draft=drafts.draft_create(data={}), intake=_demo_intake(rng, conditions)
                )
                case.status = rng.choice(STATUSES)
                case.confirmation_sent_at = case.submitted_at  # no e-mails for fake people
                case.save(update_fields=["status", "confirmation_sent_at"])
            if number % 50 == 0:
                self.stdout.write(f"  {number + 1}/{cases}")
        self.stdout.write(self.style.SUCCESS(f"Created {cases} demo cases."))


def _demo_intake(rng: random.Random, conditions: list[str]) -> services.Intake:
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(FAMILY_NAMES)}"
    patient = f"{rng.choice(FIRST_NAMES)} {name.split()[1]}"
    country = rng.choice(COUNTRIES)
    condition = rng.choice(conditions)
    born = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 70))
    return services.Intake(
        submitter={
            "role": rng.choice(["patient", "family", "caregiver", "clinician"]),
            "full_name": name,
            "email": f"{name.lower().replace(' ', '.')}@example.org",
            "phone": "+34612345678",
            "country": country,
            "preferred_language": rng.choice(LANGUAGES),
            "contact_method": "email",
            "time_zone": "Europe/Madrid",
        },
        patient={
            "full_name": patient,
            "date_of_birth": born,
            "sex": rng.choice(["female", "male"]),
            "country_of_residence": country,
            "current_location": "At home",
        },
        diagnosis={
            "condition": condition,
            "condition_other": "Demo condition" if condition == "other" else "",
            "diagnosed_on": date(2024, 1, 1) + timedelta(days=rng.randrange(0, 600)),
            "stage_or_status": "Relapsed",
            "relapsed_or_refractory": rng.choice(["yes", "no", "unknown"]),
            "biomarkers": "",
            "ecog": rng.choice(["0", "1", "2", "unknown"]),
        },
        urgency=rng.choice(["routine", "soon", "urgent"]),
        treatments=[],
        help_topics=["clinical_trials"],
        help_details="[demo] synthetic case",
        consents=["data_processing", "no_guarantee"],
    )
