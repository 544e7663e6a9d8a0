from django.db import migrations, models


class Migration(migrations.Migration):
    # Its own migration: PostgreSQL refuses to alter a table with the data migration's
    # deferred foreign-key checks still pending in the same transaction.

    dependencies = [
        ("deltagare", "0008_uppfoljningsutfall_data"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='uppfoljning',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('utford_datum__isnull', True), ('utfall__isnull', True), ('ej_genomford_orsak__isnull', True)), models.Q(('utford_datum__isnull', False), ('utfall__isnull', False), ('ej_genomford_orsak__isnull', True)), models.Q(('utford_datum__isnull', False), ('utfall__isnull', True), ('ej_genomford_orsak__isnull', False)), _connector='OR'), name='uppfoljning_utfall_eller_orsak', violation_error_message='En gjord uppföljning har datum och antingen ett utfall eller en orsak till att den inte kunde genomföras.'),
        ),
    ]
