"""Settings for the test suite: fast hashing, media in a temporary folder, immediate tasks."""

import tempfile

from .base import *  # noqa: F401,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="linli-test-media-"))  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_AUTOREFRESH = True

# SMS through the console whatever the environment says, and retries without waiting; the tests
# of the cloud backends (tests/core/sms/) set the rest against a local server.
SMS = {
    "BACKEND": "console",
    "SIGN_NAME": "邻里议事",
    "ACCESS_KEY_ID": "",
    "ACCESS_KEY_SECRET": "",
    "TENCENT_APP_ID": "",
    "REGION": "",
    "ENDPOINT": "",
    "TEMPLATES": {},
    "TIMEOUT": 5,
    "MAX_ATTEMPTS": 3,
    "RETRY_DELAYS": [0],
    "INLINE_RETRY_DELAYS": [0],
}
# Tasks run inside the test that enqueues them (the suite starts no worker).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
