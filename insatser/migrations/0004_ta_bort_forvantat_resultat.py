from django.db import migrations


class Migration(migrations.Migration):
    """ForvantatResultat is replaced by Mal (0003 copied its rows)."""

    dependencies = [
        ("insatser", "0003_mal_fran_forvantat_resultat"),
    ]

    operations = [
        migrations.DeleteModel(name="ForvantatResultat"),
    ]
