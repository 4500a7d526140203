"""One process of the multi-process counter test: `python -m tests.core.allocations NOM N DEPART` allocates N
numbers of counter NOM, one transaction each, starting at the Unix time DEPART so that every process races, and
prints them as JSON. DATABASE_URL names the test database."""

from __future__ import annotations

import json
import sys
import time

import django


def main() -> None:
    nom, nombre, depart = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    django.setup()
    from django.db import transaction

    from cqpm.core.sequences import allouer

    time.sleep(max(0.0, depart - time.time()))
    valeurs = []
    for _ in range(nombre):
        with transaction.atomic():
            valeurs.append(allouer(nom))
    print(json.dumps(valeurs))


if __name__ == "__main__":
    main()
