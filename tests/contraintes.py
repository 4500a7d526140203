"""Which database constraint refused a write: a test that claims « the database refuses X » names the constraint,
so that a NOT NULL column or another constraint tripping first cannot make it pass."""

from __future__ import annotations

import re

from django.db import IntegrityError, models


def contrainte_violee(exc: IntegrityError, modele: type[models.Model]) -> str:
    """The name of the constraint of `modele` that `exc` reports, on PostgreSQL or SQLite.

    PostgreSQL names it (`diag.constraint_name`); SQLite names a CHECK constraint but lists the columns of a
    UNIQUE one, mapped back here to the model's UniqueConstraint on those fields. Anything else (NOT NULL, a
    foreign key) is returned as the database's own message, so that the assertion shows it.
    """
    cause = exc.__cause__
    diag = getattr(cause, "diag", None)
    if diag is not None and getattr(diag, "constraint_name", None):
        return str(diag.constraint_name)
    message = str(cause or exc)
    if trouve := re.match(r"CHECK constraint failed: (\w+)", message):
        return trouve.group(1)
    if trouve := re.match(r"UNIQUE constraint failed: (.+)", message):
        colonnes = {c.strip().split(".")[-1] for c in trouve.group(1).split(",")}
        for contrainte in modele._meta.constraints:
            if isinstance(contrainte, models.UniqueConstraint):
                champs = {modele._meta.get_field(f).column for f in contrainte.fields}
                if champs == colonnes:
                    return contrainte.name
    return message
