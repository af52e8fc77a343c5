"""Demo casework for `make run`: on a few demo cases, a message from the coordinator and
the family's answer, a records request, and an appointment shared with the family, so the
conversation, the checklist, My tasks and My day have something to show. Idempotent:
once any demo case has messages, it does nothing. Refuses to run with DEBUG off."""

import uuid
from datetime import time, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from cases.models import Case
from conversations import services as conversations
from logistics import services as logistics
from logistics.models import CaseTask
from records import services as records

# What a coordinator might write, per family language (never a verdict on the patient).
OPENING = {
    "en": "Hello, I am your coordinator. I have read your inquiry and will keep you posted.",
    "zh-hans": "您好，我是您的协调员。我已阅读您的咨询，会随时告诉您进展。",
    "es": "Hola, soy su coordinadora. He leído su consulta y le mantendré al tanto.",
    "ar": "مرحبًا، أنا منسّقتك. قرأت استفسارك وسأبقيك على اطلاع.",
    "ru": "Здравствуйте, я ваш координатор. Я прочитала ваш запрос и буду держать вас в курсе.",
    "fr": "Bonjour, je suis votre coordinatrice. J'ai lu votre demande ; je vous tiens informés.",
}
FAMILY_ANSWER = "Thank you. We will send the pathology report this week."


class Command(BaseCommand):
    help = "Adds demo messages, a records request and a shared appointment to demo cases."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=6)
        parser.add_argument("--force", action="store_true", help="run even with DEBUG off")

    def handle(self, *args, cases: int, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo_contact makes fake casework; DEBUG is off.")
        demo = Case.objects.filter(help_details__startswith="[demo]")
        if demo.filter(conversation_messages__isnull=False).exists():
            self.stdout.write("Demo casework already present.")
            return
        chosen = (
            demo.open()
            .filter(coordinator__isnull=False)
            .select_related("coordinator")
            .order_by("pk")[:cases]
        )
        made = 0
        for case in chosen:
            with transaction.atomic():
                self.casework(case)
            made += 1
        self.stdout.write(f"Demo casework added to {made} case(s).")

    def casework(self, case: Case) -> None:
        by = case.coordinator
        conversations.message_from_staff(
            case=case,
            by=by,
            body=OPENING.get(case.language, OPENING["en"]),
            idempotency_key=uuid.uuid4(),
        )
        conversations.message_from_family(
            case=case, body=FAMILY_ANSWER, idempotency_key=uuid.uuid4()
        )
        records.records_request_create(
            case=case,
            by=by,
            kinds=["pathology", "hla"],
            due_on=timezone.localdate() + timedelta(days=7),
        )
        task = logistics.task_create(
            case=case,
            by=by,
            kind=CaseTask.Kind.APPOINTMENT,
            fields=logistics.TaskFields(
                title="Video call with the family",
                due_date=timezone.localdate() + timedelta(days=3),
                due_time=time(10, 0),
                assignee=by,
                place="Video call (link sent by e-mail)",
            ),
        )
        logistics.task_share(task=task, by=by, family_title="Video call with your coordinator")
