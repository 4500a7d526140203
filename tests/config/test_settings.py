"""Configuration comes from the environment: each URL form yields the expected Django settings."""

import pytest

from config.settings import _derniere_sequence_mq, _email_settings, _racine_stockage, _reglages_taches


def test_smtp_url_with_credentials_and_tls():
    reglages = _email_settings("smtp://gtp%40uimm.fr:s%C3%A9cret@smtp.example:587?tls=1")
    assert reglages == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "gtp@uimm.fr",
        "EMAIL_HOST_PASSWORD": "sécret",
        "EMAIL_USE_TLS": True,
    }


def test_console_url_is_the_embedded_default():
    assert _email_settings("console://")["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_storage_url_names_the_documents_folder():
    assert str(_racine_stockage("file:///srv/cqpm/m%C3%A9dias")) == "/srv/cqpm/médias"


@pytest.mark.parametrize("url", ["s3://bucket/cqpm", "file://", "/srv/cqpm"])
def test_unsupported_storage_url_is_refused_at_start_up(url):
    with pytest.raises(RuntimeError, match="STORAGE_URL non pris en charge"):
        _racine_stockage(url)


def test_tasks_go_to_the_database_without_redis_url_and_to_redis_with_it():
    assert _reglages_taches("") == {"TASKS": {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}}
    assert _reglages_taches("redis://cache:6379/0") == {
        "TASKS": {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
        "RQ_QUEUES": {"default": {"URL": "redis://cache:6379/0"}},
    }


@pytest.mark.parametrize(("valeur", "attendue"), [("", 0), ("0", 0), (" 244 ", 244), ("9999", 9999)])
def test_last_paper_mq_sequence_is_a_four_digit_number_R_ID_01(valeur, attendue):
    """The sequence of `MQ AAAA MM DD NNNN` (R-ID-01) is written on four digits: 9999 is the last one on paper."""
    assert _derniere_sequence_mq(valeur) == attendue


@pytest.mark.parametrize("valeur", ["10000", "-1", "0198a", "9 000"])
def test_an_invalid_last_paper_mq_sequence_is_refused_at_start_up_R_ID_01(valeur):
    """10000 has five digits: no paper register reached it (R-ID-01)."""
    with pytest.raises(RuntimeError, match="MQ_DERNIERE_SEQUENCE invalide"):
        _derniere_sequence_mq(valeur)
