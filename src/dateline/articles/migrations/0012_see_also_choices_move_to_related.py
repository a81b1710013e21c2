# The editor's See also choices (pinned and excluded articles) moved to the related
# app; their tables stay, and related's migrations take them over
# (docs/decisions/0020-one-house-per-noun.md).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0011_picture_alt_text'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='articleseealsoexclusion',
                    name='article',
                ),
                migrations.RemoveField(
                    model_name='articleseealsoexclusion',
                    name='page',
                ),
                migrations.DeleteModel(
                    name='ArticleRelated',
                ),
                migrations.DeleteModel(
                    name='ArticleSeeAlsoExclusion',
                ),
            ],
            database_operations=[],
        ),
    ]
