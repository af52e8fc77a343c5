"""Log filters: private-link tokens, and the row values PostgreSQL quotes in its errors,
never reach a log line.

Our own log calls name ids, references, kinds and outcomes only. But an exception's text is
not ours to choose: PostgreSQL explains a refused row with a DETAIL line that repeats its
values ("Failing row contains (..., 'what the family typed', ...)", "Key (x)=(...)"), and
Django's 500 log and Celery's task-failure log both print exception texts. The filter cuts
those lines from messages, their arguments and tracebacks.
"""

import logging
import re
from collections.abc import Mapping

# /status/<token>/ and /inquiry/resume/<token>/ carry bearer tokens.
TOKEN_PATH = re.compile(r"(/status/|/inquiry/resume/)[A-Za-z0-9_\-]{8,}")
# PostgreSQL's DETAIL line, which quotes the values of the row it refused.
ROW_DETAIL = re.compile(r"DETAIL:[^\n]*")


def redact(text: str) -> str:
    return ROW_DETAIL.sub("DETAIL: [redacted]", TOKEN_PATH.sub(r"\1[redacted]", text))


def _redact_value(value):
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, BaseException):  # formatted with %s later: redact its text now
        return redact(str(value))
    return value


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, Mapping):  # "%(name)s"-style messages (Celery uses them)
            record.args = {k: _redact_value(v) for k, v in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(_redact_value(a) for a in record.args)
        if record.exc_info:
            # Formatted once here, redacted, and kept as text: formatters print exc_text
            # (the JSON one would format exc_info again, unredacted, if it were kept).
            record.exc_text = redact(
                record.exc_text or logging.Formatter().formatException(record.exc_info)
            )
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        # Django's request logger attaches the request; its path must not leak either.
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            record.request = None
        return True
