"""The generic subject of an agenda item (its nature, type and identifier), empty until 0003 fills it."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("cycle_de_vie", "0002_seances_vers_gtp"),
        ("gtp", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="pointordredujour",
            name="nature",
            field=models.CharField(
                blank=True,
                choices=[("demande", "Demande sur un référentiel"), ("attributions", "Validation des attributions")],
                max_length=20,
                verbose_name="nature",
            ),
        ),
        migrations.AddField(
            model_name="pointordredujour",
            name="sujet_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contenttypes.contenttype",
                verbose_name="type du sujet",
            ),
        ),
        migrations.AddField(
            model_name="pointordredujour",
            name="sujet_id",
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name="identifiant du sujet"),
        ),
    ]
