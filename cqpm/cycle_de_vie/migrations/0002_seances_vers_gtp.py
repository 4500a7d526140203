"""The séances and their agenda are `gtp`'s from now on (its 0001 took over the tables): this app's state lets them
go, and its decisions point at `gtp`'s agenda items. Nothing changes in the database."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cycle_de_vie", "0001_initial"),
        ("gtp", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="decision",
                    name="point",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT, related_name="decision", to="gtp.pointordredujour"
                    ),
                ),
                migrations.DeleteModel(name="PointOrdreDuJour"),
                migrations.DeleteModel(name="Seance"),
            ],
        ),
    ]
