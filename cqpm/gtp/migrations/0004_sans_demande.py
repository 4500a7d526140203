"""The old `demande_id` column and its constraint give way to the generic subject's; the tables take this app's
name."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("gtp", "0003_sujet_depuis_demande")]

    operations = [
        migrations.RemoveConstraint(model_name="pointordredujour", name="demande_sur_un_seul_ordre_du_jour"),
        migrations.RemoveField(model_name="pointordredujour", name="demande"),
        migrations.AddIndex(
            model_name="pointordredujour",
            index=models.Index(fields=["sujet_type", "sujet_id"], name="point_sujet_idx"),
        ),
        migrations.AddConstraint(
            model_name="pointordredujour",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("sujet_type__isnull", True), ("sujet_id__isnull", True), ("nature", "")),
                    models.Q(
                        ("sujet_type__isnull", False), ("sujet_id__isnull", False), models.Q(("nature", ""), _negated=True)
                    ),
                    _connector="OR",
                ),
                name="point_sujet_complet",
                violation_error_message=(
                    "Un point porte un sujet entier (sa nature, son type, son identifiant) ou aucun."
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="pointordredujour",
            constraint=models.UniqueConstraint(
                condition=models.Q(("issue", "a_examiner")),
                fields=("sujet_type", "sujet_id"),
                name="sujet_sur_un_seul_ordre_du_jour",
                violation_error_message="Ce sujet est déjà inscrit à l'ordre du jour d'une séance.",
            ),
        ),
        migrations.AlterModelTable(name="seance", table=None),
        migrations.AlterModelTable(name="pointordredujour", table=None),
    ]
