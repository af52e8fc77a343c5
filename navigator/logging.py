"""Log filters: private-link tokens never reach a log line."""

import logging
import re

# /status/<token>/ and /inquiry/resume/<token>/ carry bearer tokens.
TOKEN_PATH = re.compile(r"(/status/|/inquiry/resume/)[A-Za-z0-9_\-]{8,}")


def redact(text: str) -> str:
    return TOKEN_PATH.sub(r"\1[redacted]", text)


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in args)
        # Django's request logger attaches the request; its path must not leak either.
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            record.request = None
        return True
