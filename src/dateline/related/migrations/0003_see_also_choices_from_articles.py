# The editor's See also choices, moved here from articles with their tables as
# they are (docs/decisions/0020-one-house-per-noun.md).

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0012_see_also_choices_move_to_related'),
        ('related', '0002_drop_duplicate_feature_index'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ArticleRelated',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                        ('headline', models.CharField(blank=True, db_index=True, help_text='For a reference to an article that is not on the site yet.', max_length=255, verbose_name='headline')),
                        ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='date and time')),
                        ('article', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='related_links', to='articles.articlepage')),
                        ('page', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='articles.articlepage', verbose_name='article')),
                    ],
                    options={
                        'verbose_name': 'related article',
                        'verbose_name_plural': 'related articles',
                        'db_table': 'articles_articlerelated',
                        'ordering': ['sort_order'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='ArticleSeeAlsoExclusion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                        ('article', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='see_also_exclusions', to='articles.articlepage')),
                        ('page', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='articles.articlepage', verbose_name='article')),
                    ],
                    options={
                        'verbose_name': 'excluded article',
                        'verbose_name_plural': 'excluded articles',
                        'db_table': 'articles_articleseealsoexclusion',
                        'ordering': ['sort_order'],
                        'abstract': False,
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
