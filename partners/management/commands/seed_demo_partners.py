"""Demo partner organisations: fictional hospitals, departments and trial teams in
several countries and languages, one without a data-sharing agreement (so `make run`
shows the directory and a refused referral). Never real institutions; idempotent."""

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from partners.models import Contact, Organisation, Trial

# name, kind, parent name, country, city, languages, areas, conditions, therapies,
# agreement signed on, contacts [(name, role, e-mail, language)], trials [(title, id, therapies)]
DEMO_PARTNERS = [
    (
        "Hospital Universitario del Sol (demo)",
        "hospital",
        None,
        "ES",
        "Madrid",
        ["es", "en"],
        ["blood"],
        [],
        ["allo_car_t", "auto_car_t", "dli", "allo_sct"],
        date(2025, 3, 1),
        [("Dra. Elena Ruiz", "International patient office", "ipo@sol.example.org", "es")],
        [],
    ),
    (
        "Haematology and cell therapy unit",
        "department",
        "Hospital Universitario del Sol (demo)",
        "ES",
        "Madrid",
        ["es", "en"],
        ["blood"],
        ["all", "aml", "dlbcl"],
        ["allo_car_t", "dli", "allo_sct"],
        None,  # covered by the hospital's agreement
        [("Dr. Pablo Serrano", "Transplant coordinator", "haem@sol.example.org", "es")],
        [],
    ),
    (
        "Allogeneic CAR-T trial team",
        "trial_team",
        "Hospital Universitario del Sol (demo)",
        "ES",
        "Madrid",
        ["es", "en"],
        ["blood"],
        ["all", "lymphoma_other", "dlbcl"],
        ["allo_car_t"],
        None,
        [("Marta Gil", "Trial nurse coordinator", "cart-trial@sol.example.org", "en")],
        [
            (
                "Donor-derived CD19 CAR-T in relapsed B-cell disease (demo)",
                "DEMO-NCT-0001",
                ["allo_car_t"],
            )
        ],
    ),
    (
        "East River Cell Therapy Hospital (demo)",
        "hospital",
        None,
        "CN",
        "Beijing",
        ["zh-hans", "en"],
        ["blood"],
        [],
        ["allo_car_t", "dli", "allo_sct"],
        date(2025, 6, 15),
        [
            (
                "Dr. Zhang Min",
                "International medical services",
                "intl@eastriver.example.org",
                "zh-hans",
            )
        ],
        [],
    ),
    (
        "Leukaemia trials office",
        "trial_team",
        "East River Cell Therapy Hospital (demo)",
        "CN",
        "Beijing",
        ["zh-hans"],
        ["blood"],
        ["all", "aml"],
        ["allo_car_t", "dli"],
        None,
        [("Li Qiang", "Clinical research coordinator", "trials@eastriver.example.org", "zh-hans")],
        [("Donor lymphocyte infusion after relapse (demo)", "DEMO-ChiCTR-0002", ["dli"])],
    ),
    (
        "St Columba Cancer Centre (demo)",
        "hospital",
        None,
        "GB",
        "London",
        ["en"],
        ["blood", "solid"],
        [],
        ["auto_car_t", "allo_sct", "other"],
        date(2024, 11, 1),
        [("Sarah Whitfield", "Referrals manager", "referrals@stcolumba.example.org", "en")],
        [],
    ),
    (
        "Clinique du Lac (demo)",
        "hospital",
        None,
        "FR",
        "Lyon",
        ["fr", "en"],
        ["autoimmune", "blood"],
        [],
        ["auto_car_t"],
        None,  # no data-sharing agreement yet: referrals there are refused
        [
            (
                "Dr. Claire Martin",
                "Service des patients internationaux",
                "intl@dulac.example.org",
                "fr",
            )
        ],
        [],
    ),
]


class Command(BaseCommand):
    help = "Create fictional demo partner organisations (demo only: refuses with DEBUG off)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="run even with DEBUG off")

    @transaction.atomic
    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo_partners makes fake partners; it refuses with DEBUG off.")
        created = 0
        by_name: dict[str, Organisation] = {}
        for (
            name,
            kind,
            parent,
            country,
            city,
            languages,
            areas,
            conditions,
            therapies,
            signed_on,
            contacts,
            trials,
        ) in DEMO_PARTNERS:
            organisation, made = Organisation.objects.get_or_create(
                name=name,
                defaults={
                    "kind": kind,
                    "parent": by_name.get(parent),
                    "country": country,
                    "city": city,
                    "languages": languages,
                    "condition_areas": areas,
                    "conditions": conditions,
                    "therapies": therapies,
                    "agreement_signed_on": signed_on,
                    "agreement_reference": f"DSA-DEMO-{len(by_name) + 1:03d}" if signed_on else "",
                    "notes": "Fictional demo partner.",
                },
            )
            by_name[name] = organisation
            created += made
            for contact_name, role, email, language in contacts:
                Contact.objects.get_or_create(
                    organisation=organisation,
                    email=email,
                    defaults={"name": contact_name, "role": role, "language": language},
                )
            for title, registry_id, trial_therapies in trials:
                Trial.objects.get_or_create(
                    organisation=organisation,
                    registry_id=registry_id,
                    defaults={
                        "title": title,
                        "therapies": trial_therapies,
                        "conditions": conditions,
                    },
                )
        self.stdout.write(f"Demo partners: {created} created, {len(by_name) - created} present.")
