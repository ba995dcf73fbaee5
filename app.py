"""Entry point: `flask --app app run` or `gunicorn app:app`."""

import sys

from prep import create_app
from prep.config import ConfigError

try:
    app = create_app()
except ConfigError as problem:
    sys.exit(f"Conference prep cannot start: {problem}")
