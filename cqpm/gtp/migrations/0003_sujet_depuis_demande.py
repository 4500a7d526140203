"""Each item on a request gets it as its generic subject; alone in its migration, so that PostgreSQL has checked
the new foreign keys before 0004 alters the table."""

from typing import Any

from django.db import migrations
from django.db.models import F


def demande_vers_sujet(apps: Any, schema_editor: Any) -> None:
    Point = apps.get_model("gtp", "PointOrdreDuJour")
    points = Point.objects.using(schema_editor.connection.alias).filter(demande__isnull=False)
    if not points.exists():
        return
    ContentType = apps.get_model("contenttypes", "ContentType")
    type_demande, _ = ContentType.objects.using(schema_editor.connection.alias).get_or_create(
        app_label="cycle_de_vie", model="demande"
    )
    points.update(nature="demande", sujet_type=type_demande, sujet_id=F("demande_id"))


def sujet_vers_demande(apps: Any, schema_editor: Any) -> None:
    Point = apps.get_model("gtp", "PointOrdreDuJour")
    Point.objects.using(schema_editor.connection.alias).filter(nature="demande").update(demande_id=F("sujet_id"))


class Migration(migrations.Migration):
    dependencies = [("gtp", "0002_sujet")]

    operations = [migrations.RunPython(demande_vers_sujet, sujet_vers_demande)]
