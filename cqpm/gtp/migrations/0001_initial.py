"""The séances and their agenda move from `cycle_de_vie` to `gtp` without touching the database: this app's state
takes over the two existing tables (still named `cycle_de_vie_*`, still holding `demande_id`); `cycle_de_vie`
0002 then drops them from its own state. 0002-0004 add the generic subject, copy `demande_id` into it, drop the
old column and rename the tables."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

ISSUES = [
    ("a_examiner", "À examiner"),
    ("decide", "Décidé"),
    ("reporte", "Reporté"),
    ("retire", "Retiré (demande retirée)"),
]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cycle_de_vie", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Seance",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("date", models.DateField(verbose_name="date")),
                        ("lieu", models.CharField(max_length=200, verbose_name="lieu")),
                        (
                            "intitule",
                            models.CharField(
                                default="Séance du GTP « Qualifications »", max_length=200, verbose_name="intitulé"
                            ),
                        ),
                        (
                            "statut",
                            models.CharField(
                                choices=[("planifiee", "Planifiée"), ("tenue", "Tenue")],
                                default="planifiee",
                                max_length=10,
                                verbose_name="statut",
                            ),
                        ),
                        ("creee_le", models.DateTimeField(default=django.utils.timezone.now, verbose_name="créée le")),
                        (
                            "creee_par",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="créée par",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "séance du GTP",
                        "verbose_name_plural": "séances du GTP",
                        "ordering": ["-date", "-pk"],
                        "db_table": "cycle_de_vie_seance",
                    },
                ),
                migrations.CreateModel(
                    name="PointOrdreDuJour",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("ordre", models.PositiveSmallIntegerField(verbose_name="ordre")),
                        ("intitule", models.CharField(max_length=300, verbose_name="intitulé")),
                        (
                            "issue",
                            models.CharField(choices=ISSUES, default="a_examiner", max_length=12, verbose_name="issue"),
                        ),
                        (
                            "inscrit_le",
                            models.DateTimeField(default=django.utils.timezone.now, verbose_name="inscrit le"),
                        ),
                        (
                            "demande",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="cycle_de_vie.demande",
                                verbose_name="demande sur un référentiel",
                            ),
                        ),
                        (
                            "inscrit_par",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="inscrit par",
                            ),
                        ),
                        (
                            "seance",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT, related_name="points", to="gtp.seance"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "point de l'ordre du jour",
                        "verbose_name_plural": "points de l'ordre du jour",
                        "ordering": ["seance", "ordre"],
                        "db_table": "cycle_de_vie_pointordredujour",
                        "constraints": [
                            models.UniqueConstraint(fields=("seance", "ordre"), name="point_ordre_unique"),
                            models.UniqueConstraint(
                                condition=models.Q(("issue", "a_examiner")),
                                fields=("demande",),
                                name="demande_sur_un_seul_ordre_du_jour",
                                violation_error_message="Cette demande est déjà inscrite à l'ordre du jour d'une séance.",
                            ),
                        ],
                    },
                ),
            ],
        ),
    ]
