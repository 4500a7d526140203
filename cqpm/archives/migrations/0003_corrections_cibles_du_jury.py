"""Guard the tables added since 0002 — the jury's decision per target (R-ARCH-03), the corrections, copies produced
and public checks of certificates (R-ARCH-02) — and install again, on SQLite, the triggers of the tables that
attributions 0002 rebuilt (a rebuilt SQLite table loses its triggers)."""

from django.db import migrations

from cqpm.archives import declencheurs

NOUVELLES = [
    ("jurys_ciblejury", "R-ARCH-03", ""),
    ("attributions_demandecorrection", "R-ARCH-02", ""),
    ("attributions_tiragecertificat", "R-ARCH-02", ""),
    ("attributions_controleverification", "R-ARCH-02", ""),
]
RECONSTRUITES = [
    ("attributions_certificat", "R-ARCH-02", ""),
    ("attributions_cibleattribution", "R-ARCH-03", ""),
]


def creer(apps, schema_editor):
    declencheurs.installer(schema_editor, NOUVELLES + RECONSTRUITES)


def supprimer(apps, schema_editor):
    declencheurs.retirer(schema_editor, NOUVELLES)


class Migration(migrations.Migration):
    dependencies = [
        ("archives", "0002_conservation_indefinie"),
        ("attributions", "0002_corrections_tirages_verifications"),
        ("jurys", "0002_cibles_du_jury"),
    ]
    operations = [migrations.RunPython(creer, supprimer)]
