"""Test settings: the real settings, with a throw-away key and a fast password hasher."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
SECURE_SSL_REDIRECT = False
THIDUA_CITY_NAME = "Đà Nẵng"      # whatever the environment says: the documents tests read are the city's

# Uploaded files (signed scans) go to a throw-away folder, never into the working tree.
import tempfile  # noqa: E402

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="thidua-test-media-"))  # noqa: F405

# SQLite: the test database is a file, not Django's shared in-memory database. In memory, the live server's
# request threads, a worker run by a test and the test itself all use one connection object at once, which
# neither SQLite nor Django's transaction state is made for (a CI run hung there once). A file gives every
# thread its own connection with WAL and the busy timeout, exactly as `make run` works.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"thidua-test-{os.getpid()}.sqlite3"),  # noqa: F405
    }
