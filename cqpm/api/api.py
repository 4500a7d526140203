"""The JSON API: one NinjaAPI under /api/v1/, assembling each app's router."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="API du Dispositif CQPM",
    version="1",
    description="Registre national des qualifications professionnelles de la métallurgie.",
    urls_namespace="api",
    docs_url=None,
)
