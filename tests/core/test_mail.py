"""Family e-mails pass the claims gate after rendering, in the family's language, before
they are sent; one that does not is not sent, and the case says why."""

from unittest import mock

import pytest
from django.core import mail
from django.template.loader import render_to_string as real_render

from cases.models import Case, TimelineEvent
from intake import services as intake_services
from tests.factories import make_intake, submit_case

PLANTED = {
    "en": "Good news: your father is eligible for the trial and has been accepted.",
    "es": "Buenas noticias: su padre es elegible y ya tiene plaza en el ensayo.",
    "zh-hans": "好消息：您父亲符合入组条件，医院已经接收了他。",
}
pytestmark = pytest.mark.django_db


def _with_planted_body(language):
    def render(name, context=None, *args, **kwargs):
        text = real_render(name, context, *args, **kwargs)
        return text + "\n\n" + PLANTED[language] if name.endswith("_body.txt") else text

    return render


@pytest.mark.parametrize("language", sorted(PLANTED))
def test_a_claim_in_a_family_email_is_not_sent_and_the_case_says_why(
    language, django_capture_on_commit_callbacks
):
    intake = make_intake()
    with mock.patch("core.mail.render_to_string", side_effect=_with_planted_body(language)):
        with django_capture_on_commit_callbacks(execute=True):
            case = submit_case(submitter={**intake.submitter, "preferred_language": language})
    assert mail.outbox == []
    case.refresh_from_db()
    assert case.confirmation_sent_at is None and case.confirmation_held_at is not None
    held = case.timeline.get(kind=TimelineEvent.Kind.EMAIL_HELD)
    assert "was not sent" in held.message
    # The sweep does not try a held confirmation again and again.
    Case.objects.filter(pk=case.pk).update(submitted_at=case.submitted_at.replace(year=2020))
    assert intake_services.confirmations_send_pending() == 0


@pytest.mark.parametrize("language", sorted(PLANTED))
def test_the_same_email_without_the_claim_is_sent(language, django_capture_on_commit_callbacks):
    intake = make_intake()
    with django_capture_on_commit_callbacks(execute=True):
        case = submit_case(submitter={**intake.submitter, "preferred_language": language})
    assert len(mail.outbox) == 1 and case.reference in mail.outbox[0].subject


def test_a_held_new_link_keeps_the_old_one_working(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = submit_case()
    token = intake_services.case_issue_status_link(case=case)
    case.refresh_from_db()
    before = case.status_token_hash
    with mock.patch("core.mail.render_to_string", side_effect=_with_planted_body("en")):
        assert intake_services.case_send_new_status_link(case=case) is False
        # Asking again within the hour neither e-mails nor adds to the timeline.
        assert intake_services.case_send_new_status_link(case=case) is False
    case.refresh_from_db()
    assert case.status_token_hash == before and token
    assert case.pending_status_token_hash is None  # the held e-mail's link never existed
    assert case.timeline.filter(kind=TimelineEvent.Kind.EMAIL_HELD).count() == 1


@pytest.mark.parametrize(
    "token",
    [
        "gE8uljyM-D1-CFZSrlRhALuFAgBntLe1C5FrPfdU9Ho",
        "yhMYApTooCb7qbg95DlB3Vio0vMJoEqFWbgfdj3r9P4",
        "9oP_qIQpWTeHlpXjAVrgd585O_yMwzaVwewNa3dJNwA",
    ],
)
def test_a_links_random_token_never_gets_an_email_held(token):
    """These tokens once made the gate's model hold a Spanish resume e-mail by chance."""
    from datetime import UTC, datetime

    from core.mail import send_family_email

    url = f"http://testserver/inquiry/resume/{token}/"
    send_family_email(
        to="li.wei@example.org",
        language="es",
        template="draft_resume",
        context={"resume_url": url, "expires_at": datetime(2027, 11, 29, tzinfo=UTC)},
    )
    assert url in mail.outbox[-1].body
