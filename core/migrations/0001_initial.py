"""Takes over CommunitySettings and PageCacheVersion from the `website` app without touching the
database: the tables keep their names (`db_table`), and the content types (which permissions and
audit-log entries point at) are renamed to this app. `website/migrations/0005` drops the models
from that app's state."""

import uuid

import django.db.models.deletion
from django.db import migrations, models

MODELS = ["communitysettings", "pagecacheversion"]


def rename_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="website", model__in=MODELS).update(app_label="core")


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="core", model__in=MODELS).update(app_label="website")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("website", "0004_communitysettings_estates"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CommunitySettings",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("community_name", models.CharField(default="花石社区", max_length=60, verbose_name="社区名称")),
                        (
                            "committee_name",
                            models.CharField(default="花石社区居民委员会", max_length=80, verbose_name="居民委员会名称"),
                        ),
                        ("street", models.CharField(blank=True, max_length=80, verbose_name="所属街道")),
                        ("address", models.CharField(blank=True, max_length=120, verbose_name="办公地址")),
                        ("phone", models.CharField(blank=True, max_length=40, verbose_name="联系电话")),
                        ("office_hours", models.CharField(blank=True, max_length=80, verbose_name="办公时间")),
                        (
                            "estates",
                            models.TextField(
                                default="花石小区\n榕溪苑\n石鼓新村\n杏林雅居",
                                help_text="辖区内的小区，一行一个；居民提议时从中选择。",
                                verbose_name="小区",
                            ),
                        ),
                        (
                            "tracking_prefix",
                            models.CharField(
                                default="YS",
                                help_text="议题查询编号的开头，如 YS-2026-0042 中的 YS。",
                                max_length=8,
                                verbose_name="议题编号前缀",
                            ),
                        ),
                        (
                            "document_prefix",
                            models.CharField(
                                blank=True,
                                help_text="公示和会议纪要文号的机关代字，如“花石社议”。",
                                max_length=20,
                                verbose_name="文号前缀",
                            ),
                        ),
                        (
                            "seal_image",
                            models.ForeignKey(
                                blank=True,
                                help_text="用于公示和会议纪要的居委会印章（透明背景 PNG）。",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="wagtailimages.image",
                                verbose_name="印章图片",
                            ),
                        ),
                        (
                            "site",
                            models.OneToOneField(
                                editable=False, on_delete=django.db.models.deletion.CASCADE, to="wagtailcore.site"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "社区信息",
                        "verbose_name_plural": "社区信息",
                        "db_table": "website_communitysettings",
                    },
                ),
                migrations.CreateModel(
                    name="PageCacheVersion",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("token", models.UUIDField(default=uuid.uuid4)),
                    ],
                    options={"verbose_name": "页面缓存版本", "db_table": "website_pagecacheversion"},
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_types, restore_content_types),
    ]
