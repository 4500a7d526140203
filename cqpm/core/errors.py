"""The one exception a business rule raises when a user's action breaks it.

Views show `message` to the user, the API answers `{code, rule, message}`; neither re-words it, so the French
sentence written next to the rule is the one every channel shows.
"""

from __future__ import annotations

from typing import Any


class RegleViolee(Exception):
    """A rule of the Dispositif (or of the product) refused an action."""

    status_code = 422

    def __init__(
        self,
        rule: str,
        message: str,
        *,
        code: str = "regle_violee",
        champ: str | None = None,
        details: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.code = code
        self.champ = champ
        self.details = details or []

    def __str__(self) -> str:
        return self.message

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code, "rule": self.rule, "message": self.message}
        if self.champ:
            data["champ"] = self.champ
        if self.details:
            data["details"] = self.details
        return data


class AccesRefuse(RegleViolee):
    """The acting user's role or scope does not allow the action (rule ACCES: roles and scoping)."""

    status_code = 403

    def __init__(self, message: str, *, rule: str = "ACCES") -> None:
        super().__init__(rule, message, code="acces_refuse")


class Introuvable(RegleViolee):
    status_code = 404

    def __init__(self, message: str) -> None:
        super().__init__("ACCES", message, code="introuvable")
