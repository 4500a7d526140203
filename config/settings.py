"""Settings: everything comes from the environment, with defaults for the embedded (SQLite) case.

Production sets DJANGO_ENV=production, SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS, EMAIL_URL and, when the task
queue outgrows one machine, REDIS_URL (tasks then go through django-tasks-rq instead of the database worker).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))

ENV = os.environ.get("DJANGO_ENV", "development")
PRODUCTION = ENV == "production"
DEBUG = os.environ.get("DEBUG", "0" if PRODUCTION else "1") == "1"

SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else "dev-insecure-key-only-for-the-embedded-demo")
if PRODUCTION and not SECRET_KEY:
    raise RuntimeError("SECRET_KEY doit être défini en production.")

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "" if PRODUCTION else "*").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "cqpm.comptes.config_admin.AdministrationConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "csp",
    "django_otp",
    "cqpm.comptes.config_admin.DoubleAuthentificationConfig",  # django_otp.plugins.otp_totp
    "cqpm.comptes.config_admin.VerrouillageConfig",  # axes
    "django_tasks",
    "django_tasks_db",
    "cqpm.core",
    "cqpm.audit",
    "cqpm.organisations",
    "cqpm.comptes",
    "cqpm.referentiels",
    "cqpm.gtp",
    "cqpm.cycle_de_vie",
    "cqpm.documents",
    "cqpm.candidats",
    "cqpm.portail",
    "cqpm.vae",
    "cqpm.evaluations",
    "cqpm.jurys",
    "cqpm.attributions",
    "cqpm.archives",
    "cqpm.api",
    "cqpm.demo",  # `manage.py charger_demo` and the synthetic data; refused in production
    "ninja",  # only for its static Swagger UI files, served by us (no CDN) on /api/docs
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "csp.middleware.CSPMiddleware",
]

# Content-Security-Policy on every response (django-csp 4): everything from our own origin, nothing inline — no
# inline script or style (htmx's indicator style is in cqpm.css, `htmx-config` turns its injection off), no plugin,
# no framing. Swagger UI (/api/docs) runs from our static files; its icons are data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cqpm.core.navigation.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'cqpm.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers wait for each other instead of failing: the web server and the task worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests run on a file too (not the shared-cache in-memory database, whose table locks ignore the busy
    # timeout), so they exercise the same locking as the embedded deployment.
    if DATABASES["default"]["NAME"] != ":memory:":
        nom = Path(DATABASES["default"]["NAME"])
        nom.parent.mkdir(parents=True, exist_ok=True)  # a fresh checkout has no var/ yet
        DATABASES["default"]["TEST"] = {"NAME": str(nom.with_name(f"test_{nom.name}"))}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "comptes.Utilisateur"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Model permissions come from habilitations: the OTP-verified secretariat administers (cqpm.comptes.backends).
    "cqpm.comptes.backends.HabilitationsBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "comptes:connexion"
LOGIN_REDIRECT_URL = "core:a_traiter"
LOGOUT_REDIRECT_URL = "referentiels:accueil"

# Repeated failed logins lock the (username, IP) pair for an hour (django-axes).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1
# Keyed on the pair: an attacker locks a username only from his own address, never from everywhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Reverse proxies in front of the application (TLS proxy in production): the client's address is read from
# X-Forwarded-For, as many entries from the right (cqpm/comptes/adresse_client.py). 0: REMOTE_ADDR.
PROXIES_DE_CONFIANCE = int(os.environ.get("PROXIES_DE_CONFIANCE", "0"))
AXES_CLIENT_IP_CALLABLE = "cqpm.comptes.adresse_client.adresse_client"
AXES_LOCKOUT_TEMPLATE = "comptes/verrouille.html"
AXES_RESET_ON_SUCCESS = True

OTP_TOTP_ISSUER = "CQPM Dispositif"

LANGUAGE_CODE = "fr-fr"
# French only: the admin and Django's own messages must not follow an English-speaking browser.
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}


def _racine_stockage(url: str) -> Path:
    """STORAGE_URL: where uploaded and generated documents live. Only local/mounted disks (file://) for now."""
    parsed = urlparse(url)
    if parsed.scheme != "file" or not parsed.path:
        raise RuntimeError(f"STORAGE_URL non pris en charge : {url!r} (attendu : file:///chemin/absolu).")
    return Path(unquote(parsed.path))


MEDIA_ROOT = _racine_stockage(os.environ.get("STORAGE_URL", (VAR_DIR / "media").as_uri()))
MEDIA_URL = "media/"
# Attachments of lifecycle requests (cqpm/cycle_de_vie): size cap in bytes, 20 Mo by default.
PIECE_JOINTE_TAILLE_MAX = int(os.environ.get("PIECE_JOINTE_TAILLE_MAX", str(20 * 1000 * 1000)))
WHITENOISE_USE_FINDERS = not PRODUCTION


def _email_settings(url: str) -> dict[str, object]:
    """EMAIL_URL: smtp://user:pass@host:port?tls=1, console://, or locmem:// (tests)."""
    parsed = urlparse(url)
    backends = {
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
    }
    options = parse_qs(parsed.query)
    return {
        "EMAIL_BACKEND": backends[parsed.scheme],
        "EMAIL_HOST": parsed.hostname or "localhost",
        "EMAIL_PORT": parsed.port or 25,
        "EMAIL_HOST_USER": unquote(parsed.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
        "EMAIL_USE_TLS": options.get("tls", ["0"])[0] == "1",
    }


globals().update(_email_settings(os.environ.get("EMAIL_URL", "console://")))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Secrétariat GTP Qualifications <gtp@cqpm.example>")
# Where the notice of a bloc creation goes (R-LC-CRE-05): the CNCP (France Compétences) updates the RNCP.
CNCP_EMAIL = os.environ.get("CNCP_EMAIL", "certification@francecompetences.example")


def _derniere_sequence_mq(valeur: str) -> int:
    """MQ_DERNIERE_SEQUENCE: a whole number from 0 to 9999 (the sequence is written on 4 digits, R-ID-01)."""
    texte = valeur.strip() or "0"
    if not texte.isdigit() or int(texte) > 9999:
        raise RuntimeError(f"MQ_DERNIERE_SEQUENCE invalide : {valeur!r} (attendu : un entier de 0 à 9999).")
    return int(texte)


def _retroactivite_jours(valeur: str) -> int:
    """RETROACTIVITE_JOURS: how many days before its recording date a registration may be dated (0 or more)."""
    texte = valeur.strip() or "30"
    if not texte.isdigit():
        raise RuntimeError(f"RETROACTIVITE_JOURS invalide : {valeur!r} (attendu : un nombre de jours, 0 ou plus).")
    return int(texte)


# A registration recorded late may carry the date it was really made, with a reason, within this many days before
# the day it is recorded (cqpm/candidats/rules.py, verifier_retroactivite): beyond, R-REG-02 and R-REG-03 would be
# counted from a date nobody can check.
RETROACTIVITE_JOURS = _retroactivite_jours(os.environ.get("RETROACTIVITE_JOURS", "30"))

# The MQ national sequence (R-ID-01) continues the paper register: MQ_DERNIERE_SEQUENCE is the last sequence
# attributed before the product. The first CQPM created through the product takes the next one after both this
# and the highest sequence already in the register (cqpm/cycle_de_vie/effets.py, allouer_sequence_mq).
MQ_DERNIERE_SEQUENCE = _derniere_sequence_mq(os.environ.get("MQ_DERNIERE_SEQUENCE", "0"))

# RNCP open-data import (cqpm/referentiels/rncp.py): our certifier on France Compétences' fiches. A certifier is
# ours when its SIRET is in RNCP_SIRETS_CERTIFICATEUR (comma-separated; empty by default, as no SIRET is verified
# here) or, when it has no SIRET or no list is set, when its name (lower case, no accents, punctuation as spaces)
# matches the regular expression RNCP_NOM_CERTIFICATEUR: the CPNE(FP) of the metallurgy or the UIMM itself.
RNCP_SIRETS_CERTIFICATEUR = [
    s for s in (p.replace(" ", "") for p in os.environ.get("RNCP_SIRETS_CERTIFICATEUR", "").split(",")) if s
]
RNCP_NOM_CERTIFICATEUR = os.environ.get(
    "RNCP_NOM_CERTIFICATEUR",
    r"\bcpne(fp)?\b.*\bmetallurgie\b|\bcommission paritaire nationale de l emploi\b.*\bmetallurgie\b"
    r"|^union des industries et (des )?metiers de la metallurgie( uimm)?$|^uimm$",
)


# The second signature of every certificate (R-CERT-04): the President of the UIMM, or by delegation the president
# of the chambre syndicale territoriale.
CERTIFICAT_SIGNATAIRE_UIMM = os.environ.get("CERTIFICAT_SIGNATAIRE_UIMM", "Le Président de l'UIMM")

# Where the partial-acquisition letter says a model of passeport orientation et formation can be downloaded
# (R-LET-03); comma-separated. Default: the public competence passport of Mon Compte Formation.
SITES_PASSEPORT_ORIENTATION = [
    s.strip()
    for s in os.environ.get("SITES_PASSEPORT_ORIENTATION", "https://www.moncompteformation.gouv.fr").split(",")
    if s.strip()
]


def _reglages_taches(redis_url: str) -> dict[str, object]:
    """REDIS_URL: empty, tasks wait in the database (`db_worker`); else in Redis, run by `rqworker` (django-rq)."""
    if not redis_url:
        return {"TASKS": {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}}
    return {
        "TASKS": {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
        "RQ_QUEUES": {"default": {"URL": redis_url}},
    }


REDIS_URL = os.environ.get("REDIS_URL", "")
globals().update(_reglages_taches(REDIS_URL))
if REDIS_URL:
    INSTALLED_APPS.append("django_rq")  # its `rqworker` command is the Redis worker

if PRODUCTION:
    SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
