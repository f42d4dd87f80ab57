"""Settings shared by every environment; the environment modules override what differs."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "linli-insecure-development-key-change-me")
# The key of phone-number fingerprints (core/phones.py): one rating per number holds only while it
# stays the same, so it is a setting of its own, kept with the database's backups. Upgrading from
# a version that keyed them with SECRET_KEY: set it to that SECRET_KEY's value.
PHONE_FINGERPRINT_KEY = os.environ.get("PHONE_FINGERPRINT_KEY", "linli-insecure-development-key-change-me")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h]

INSTALLED_APPS = [
    "website",
    "news",
    "consultation",
    "core",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django_ratelimit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Serves anonymous visitors from the page cache before the rest of the stack runs.
    "website.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "website.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "website.context_processors.language_switch",
                "website.context_processors.site_navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "website.wsgi.application"

# SQLite by default so that `make run` needs nothing else; DATABASE_URL selects PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{os.environ.get('SQLITE_PATH', BASE_DIR / 'db.sqlite3')}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes write to the one file (the server, the task worker, the scheduler): each
    # transaction takes the write lock when it begins and waits its turn for up to 20 s, instead of
    # failing with "database is locked" when a read turns into a write; WAL lets reads go on meanwhile.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Pages are cached in local memory by default; "shared" holds what every server process must see
# alike (rate-limit counters, verification throttles): the database cache table by default
# (`createcachetable`, core/cache.py), Redis for both when REDIS_URL is set.
if os.environ.get("REDIS_URL"):
    _redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "linli"),
    }
    CACHES = {"default": _redis, "shared": {**_redis, "KEY_PREFIX": _redis["KEY_PREFIX"] + ":shared"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "linli",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
        "shared": {
            "BACKEND": "core.cache.AtomicDatabaseCache",
            "LOCATION": "linli_shared_cache",
            # Culling would throw counters away early: keep far more than one hour of keys.
            "OPTIONS": {"MAX_ENTRIES": 200_000, "CULL_FREQUENCY": 10},
        },
    }
# Seconds a cached public page may live; publishing anything invalidates it at once anyway.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Chinese first; English is available under /en/ for the site's own strings.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Background work (frozen PDFs, text messages) is queued in the database and run by
# `manage.py db_worker` (started by `make run`; its own processes in production).
# LINLI_TASKS=immediate runs each task inside the request that enqueues it instead (no worker).
if os.environ.get("LINLI_TASKS", "database") == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# PDFs (consultation/pdf/): the standard of the archived copies of approved minutes and published
# notices, and extra folders to look for CJK fonts in (besides the system's and pip's).
PDF_ARCHIVE_VARIANT = os.environ.get("LINLI_PDF_ARCHIVE_VARIANT", "pdf/a-2u")
PDF_FONT_DIRS = [d for d in os.environ.get("LINLI_PDF_FONT_DIRS", "").split(os.pathsep) if d]

# Wagtail
WAGTAIL_SITE_NAME = _("邻里议事")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Wagtail's database backend with Chinese bigram queries (website/search_backend.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "website.search_backend"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Gravatar is unreachable from mainland China and leaks editors' e-mail hashes: use initials/uploads.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILEMBEDS_RESPONSIVE_HTML = True

NEWS_PAGE_SIZE = 12
CONSULTATION_PAGE_SIZE = 15
# Anonymous posts per client (IP address) and hour, counted in the shared cache.
CONSULTATION_RATE_LIMITS = {"propose": "5/h", "rating": "10/h", "objection": "10/h"}
RATELIMIT_USE_CACHE = "shared"
RATELIMIT_IP_META_KEY = "core.clients.client_ip"
# How many reverse proxies in front of the site append to X-Forwarded-For (core/clients.py).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
SILENCED_SYSTEM_CHECKS = [
    # django_ratelimit knows only memcached and django-redis by name; Django's own Redis backend
    # increments atomically (INCR), and core.cache.AtomicDatabaseCache was written to.
    "django_ratelimit.W001",
]

# Phone verification by one-time code (core/verification.py).
PHONE_VERIFICATION = {
    "CODE_SECONDS": 5 * 60,  # a code is valid this long
    "MAX_TRIES": 5,  # wrong codes before it is spent
    "RESEND_SECONDS": 60,  # at most one code per number this often
    "SENDS_PER_NUMBER": "5/h",
    "SENDS_PER_CLIENT": "10/h",
    "CHECKS_PER_CLIENT": "30/h",
    "REMEMBER_SECONDS": 2 * 60 * 60,  # a verified number counts for this long in the same visit
}
SEARCH_PAGE_SIZE = 10
SEARCH_QUERY_MAX_LENGTH = 100

# The SMS gateway (core/sms/): which provider carries the messages, its keys, the signature (签名)
# and the provider's code of each logical template (SMS_TEMPLATE_VERIFICATION_CODE for
# verification_code, …). A cloud backend with something missing fails `manage.py check`.
SMS = {
    "BACKEND": os.environ.get("SMS_BACKEND", "console"),  # console | aliyun | tencent
    "SIGN_NAME": os.environ.get("SMS_SIGN_NAME", "邻里议事"),
    "ACCESS_KEY_ID": os.environ.get("SMS_ACCESS_KEY_ID", ""),  # Alibaba AccessKey ID / Tencent SecretId
    "ACCESS_KEY_SECRET": os.environ.get("SMS_ACCESS_KEY_SECRET", ""),  # AccessKey Secret / SecretKey
    "TENCENT_APP_ID": os.environ.get("SMS_TENCENT_APP_ID", ""),  # Tencent's SmsSdkAppId
    "REGION": os.environ.get("SMS_REGION", ""),  # default cn-hangzhou (Alibaba), ap-guangzhou (Tencent)
    "ENDPOINT": os.environ.get("SMS_ENDPOINT", ""),  # e.g. http://127.0.0.1:8001; default the provider's
    "TEMPLATES": {
        key.removeprefix("SMS_TEMPLATE_").lower(): value
        for key, value in os.environ.items()
        if key.startswith("SMS_TEMPLATE_") and value
    },
    "TIMEOUT": int(os.environ.get("SMS_TIMEOUT", "10")),  # seconds to connect, and to wait for the answer
    "MAX_ATTEMPTS": int(os.environ.get("SMS_MAX_ATTEMPTS", "3")),  # outages are retried up to this
    # Seconds before the 2nd, 3rd, … attempt: with a task worker (run_after), and in the same process
    # with the immediate task backend (the request waits, so keep these short).
    "RETRY_DELAYS": [float(s) for s in os.environ.get("SMS_RETRY_DELAYS", "30,120").split(",") if s],
    "INLINE_RETRY_DELAYS": [float(s) for s in os.environ.get("SMS_INLINE_RETRY_DELAYS", "1,2").split(",") if s],
}
