"""App configs of third-party apps as this project installs them (config/settings.py names them).

`AdministrationConfig`: django.contrib.admin with our site as `admin.site` (secretariat + OTP only). The others
only give French headings. In their own module: apps.py may hold only the app's own AppConfig, or Django could
pick one of these for comptes.
"""

from axes.apps import AppConfig as AxesConfig
from django.contrib.admin.apps import AdminConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig


class AdministrationConfig(AdminConfig):
    default_site = "cqpm.comptes.site_admin.SiteAdministration"


class DoubleAuthentificationConfig(DefaultConfig):
    """django-otp's TOTP devices, under a French heading in the admin."""

    verbose_name = "Double authentification (TOTP)"


class VerrouillageConfig(AxesConfig):
    """django-axes' login attempts, under a French heading in the admin."""

    verbose_name = "Tentatives de connexion et verrouillages"
