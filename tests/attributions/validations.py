"""One process of the multi-process validation test: `python -m tests.attributions.validations CIBLE DEPART ANNULER`
validates target CIBLE at the Unix time DEPART (so that every process races) and prints its certificate's sequence.
With ANNULER=1 it first validates once with a failure after the allocation: the number it took must come back."""

from __future__ import annotations

import contextlib
import json
import sys
import time

import django


class Echec(Exception):
    pass


def main() -> None:
    cible_id, depart, annuler = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3] == "1"
    django.setup()
    from cqpm.attributions import services
    from cqpm.attributions.models import CibleAttribution
    from cqpm.core.acteurs import SYSTEME

    cible = CibleAttribution.objects.get(pk=cible_id)
    time.sleep(max(0.0, depart - time.time()))
    if annuler:
        delivrer = services._delivrer

        def delivrer_puis_echouer(*args: object) -> None:
            delivrer(*args)  # type: ignore[arg-type]
            raise Echec  # after the number was allocated: the whole validation rolls back

        services._delivrer = delivrer_puis_echouer  # type: ignore[assignment]
        with contextlib.suppress(Echec):
            services.decider(cible, valider=True, acteur=SYSTEME)
        services._delivrer = delivrer
    services.decider(cible, valider=True, acteur=SYSTEME)
    print(json.dumps(CibleAttribution.objects.get(pk=cible_id).certificat.sequence))


if __name__ == "__main__":
    main()
