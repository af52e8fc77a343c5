"""Log filters: private-link tokens never reach a log line."""

import logging
import re
from collections.abc import Mapping

# /status/<token>/ and /inquiry/resume/<token>/ carry bearer tokens.
TOKEN_PATH = re.compile(r"(/status/|/inquiry/resume/)[A-Za-z0-9_\-]{8,}")


def redact(text: str) -> str:
    return TOKEN_PATH.sub(r"\1[redacted]", text)


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, Mapping):  # "%(name)s"-style messages (Celery uses them)
            record.args = {
                k: redact(v) if isinstance(v, str) else v for k, v in record.args.items()
            }
        elif isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        # Django's request logger attaches the request; its path must not leak either.
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            record.request = None
        return True
