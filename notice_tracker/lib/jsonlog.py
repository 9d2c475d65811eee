"""One JSON object a line for each log record (LOG_FORMAT=json), for log shippers.

The standard fields, the message with its arguments filled in, the exception if any, and any
`extra={...}` the caller gave (the security events log who and what this way).
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        entry |= {key: value for key, value in vars(record).items() if key not in _STANDARD}
        return json.dumps(entry, default=str, ensure_ascii=False)
