"""seed_demo: demo staff a newcomer can sign in as, each coordinator with cases to open."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cases.management.commands import seed_demo
from cases.models import Case, CoordinatorProfile, ReferenceCounter
from core.conditions import condition_area

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _passwords_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setattr(seed_demo, "PASSWORDS_FILE", tmp_path / "demo-passwords.json")


def run(*args) -> str:
    out = StringIO()
    call_command("seed_demo", "--force", *args, stdout=out)
    return out.getvalue()


def passwords(output: str) -> dict[str, str]:
    lines = [line.split() for line in output.splitlines() if line.startswith("  ")]
    return {parts[0]: parts[1] for parts in lines if len(parts) == 2}


def test_every_demo_coordinator_starts_with_open_cases_in_their_language():
    run("--cases", "25")
    for profile in CoordinatorProfile.objects.select_related("user"):
        mine = Case.objects.filter(coordinator=profile.user).open()
        assert mine.count() >= 2, profile.user.username
        assert mine.filter(language=profile.languages[0]).exists(), profile.user.username


def test_passwords_stay_the_same_across_runs_unless_asked():
    first = passwords(run("--cases", "0"))
    assert first and first == passwords(run("--cases", "0"))
    renewed = passwords(run("--cases", "0", "--new-passwords"))
    assert renewed.keys() == first.keys()
    assert all(renewed[name] != first[name] for name in first)


def test_it_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses"):
        call_command("seed_demo", "--cases", "1")


def test_the_demo_comes_with_partners_so_the_directory_is_not_empty():
    from partners.models import Organisation

    run("--cases", "0")
    assert Organisation.objects.filter(name__endswith="(demo)").count() == 4
    assert Organisation.objects.filter(parent__name__endswith="(demo)").count() == 3


def test_cases_come_whole_in_batches_and_a_second_run_continues_the_numbering(monkeypatch):
    monkeypatch.setattr(seed_demo, "BATCH", 7)  # several batches (COPY on PostgreSQL)
    run("--cases", "20")
    run("--cases", "25")
    cases = Case.objects.filter(help_details__startswith="[demo]")
    assert cases.count() == 25
    references = cases.values_list("reference", flat=True)
    numbers = sorted(int(reference.rsplit("-", 1)[1]) for reference in references)
    assert numbers == list(range(1, 26))
    assert ReferenceCounter.objects.get().last_number == 25
    # A few cases then get demo casework (seed_demo_contact); the rest are as submitted.
    untouched = cases.filter(conversation_messages__isnull=True)
    assert untouched.count() >= 19
    for case in untouched.select_related("submitter", "patient", "diagnosis"):
        assert case.submitter.email == f"family{case.pk}@example.org"
        assert case.patient.full_name and case.diagnosis.condition
        assert case.condition_area == condition_area(case.diagnosis.condition)
        assert list(case.timeline.values_list("kind", flat=True)) == ["submitted"]
        assert case.help_topics == ["clinical_trials"] and case.version == 1


def test_the_demo_comes_with_casework_to_show_once():
    from conversations.models import Message
    from logistics.models import CaseTask
    from records.models import RecordsRequest

    output = run("--cases", "12")
    assert "Demo casework added to 6 case(s)." in output
    with_messages = Case.objects.filter(conversation_messages__isnull=False).distinct()
    assert with_messages.count() == 6
    # The family's answer leaves the case waiting for the coordinator's reply.
    assert all(case.reply_due_at is not None for case in with_messages)
    assert RecordsRequest.objects.count() == 6
    assert CaseTask.objects.filter(shared_with_family=True).count() == 6
    messages = Message.objects.count()
    assert "Demo casework already present." in run("--cases", "12")
    assert Message.objects.count() == messages


class _Terminal(StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_shows_on_a_terminal(monkeypatch):
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    run("--cases", "30")
    shown = terminal.getvalue()
    assert "100%" in shown and "30.0/30.0" in shown and "case/s" in shown, shown


def test_the_planner_knows_the_new_rows_after_seeding(postgres):
    """Without ANALYZE after the bulk COPY the planner guessed at a million cases."""
    from django.db import connection

    run("--cases", "30")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname IN "
            "('cases_case', 'cases_patient', 'cases_submitter')"
        )
        known = dict(cursor.fetchall())
    assert known == {"cases_case": 30, "cases_patient": 30, "cases_submitter": 30}, known
