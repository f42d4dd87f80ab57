"""Builds the demo community idempotently: running it again changes nothing and duplicates nothing.

The consultation year ends on the day it is built (consultation/demo.py); `refresh` builds it
again for a later day, keeping the news, pages, images and accounts."""

import datetime
import json
import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from tqdm import tqdm
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from consultation.demo import ConsultationDemo, seed_synthetic_proposals
from core.media import collection_named
from core.models import CommunitySettings
from news.models import NewsCategory, NewsIndexPage, NewsPage
from website.demo.images import draw_scene, draw_seal
from website.demo.synthetic import synthetic_article
from website.models import HomePage

DATA_FILE = Path(__file__).resolve().parent.parent / "demo_data" / "articles.json"
COLLECTION_NAME = "演示内容"
PUBLICATION_TIME = datetime.time(9, 0)
PASSWORD_ENV = "LINLI_DEMO_PASSWORD"
DEFAULT_PASSWORD = "linli-demo-2026"
# (username, display name, group or None for the superuser)
ACCOUNTS = [
    ("admin", "系统管理员", None),
    ("bianji", "新闻编辑 陈晓岚", "新闻编辑"),
    ("shenhe", "新闻审核 林振堃", "新闻审核"),
    ("mishu", "议事秘书 郑昇", "议事秘书"),
    ("weiyuan", "议事委员 林美玲", "议事委员"),
    ("jianhui", "居监会 刘喆", "居务监督委员会"),
    ("wuye", "物业 黄建新", "责任单位"),
]
# Demo unit accounts → the key of their partner unit in consultation.json.
UNIT_ACCOUNTS = {"wuye": "property"}
COMMUNITY = {
    "community_name": "花石社区",
    "committee_name": "花石社区居民委员会",
    "street": "福州市晋安区榕溪街道",
    "address": "福州市晋安区榕溪街道花石路88号",
    "phone": "0591-8765 4321",
    "office_hours": "工作日 8:30—12:00，14:30—17:30",
    "document_prefix": "花石社议",
}
HOME = {
    "title": "花石社区",
    "slug": "home",
    "intro": "居民身边事，大家商量着办。",
    "body": (
        "<p>花石社区位于福州市晋安区榕溪街道，辖花石小区、榕溪苑、石鼓新村、杏林雅居四个小区，"
        "常住居民约一万一千人。社区每月第一个工作日举行议事日，欢迎居民走进党群服务中心参与协商。</p>"
    ),
}
SEAL_TITLE = "花石社区居民委员会印章（演示）"
NEWS_INDEX = {"title": "社区新闻", "slug": "news", "intro": "社区动态、通知公告与议事协商进展。"}


def demo_data():
    with open(DATA_FILE, encoding="utf-8") as handle:
        return json.load(handle)


def demo_password():
    return os.environ.get(PASSWORD_ENV, DEFAULT_PASSWORD)


class DemoLoader:
    def __init__(self, out=None, today=None):
        self.out = out
        self.today = today
        self.consultation = None
        self.created = {"proposals": 0, "articles": 0, "synthetic": 0, "images": 0, "documents": 0, "accounts": 0}

    def say(self, message):
        if self.out:
            self.out.write(message)

    # -- site structure -------------------------------------------------------------------------

    def ensure_home(self):
        site = Site.objects.get(is_default_site=True)
        if isinstance(site.root_page.specific, HomePage):
            return site, site.root_page.specific
        placeholder = site.root_page
        root = Page.get_first_root_node()
        placeholder.slug = f"{placeholder.slug}-replaced"
        placeholder.save(update_fields=["slug"])
        home = root.add_child(instance=HomePage(**HOME))
        home.save_revision().publish()
        site.root_page = home
        site.site_name = COMMUNITY["community_name"]
        site.save()
        placeholder.delete()
        return site, home

    def ensure_settings(self, site, collection):
        if CommunitySettings.objects.filter(site=site).exists():
            return
        seal = self.image(collection, SEAL_TITLE, SEAL_TITLE, "seal.png", draw_seal)
        CommunitySettings.objects.create(site=site, seal_image=seal, **COMMUNITY)

    def ensure_categories(self, categories):
        return {
            item["slug"]: NewsCategory.objects.get_or_create(
                slug=item["slug"],
                defaults={"name": item["name"], "description": item.get("description", ""), "sort_order": order},
            )[0]
            for order, item in enumerate(categories)
        }

    def ensure_news_index(self, home):
        index = NewsIndexPage.objects.child_of(home).first()
        if index is None:
            index = home.add_child(instance=NewsIndexPage(show_in_menus=True, **NEWS_INDEX))
            index.save_revision().publish()
        return index

    def ensure_collection(self):
        return collection_named(COLLECTION_NAME)

    def ensure_accounts(self):
        User = get_user_model()
        for username, name, group in ACCOUNTS:
            if User.objects.filter(username=username).exists():
                continue
            user = User.objects.create_user(
                username=username,
                password=demo_password(),
                first_name=name,
                email=f"{username}@huashi.example",
                is_superuser=group is None,
                is_staff=group is None,
            )
            if group:
                user.groups.add(Group.objects.get(name=group))
            self.created["accounts"] += 1

    # -- media ----------------------------------------------------------------------------------

    def image(self, collection, title, alt, filename, draw):
        """The demo image called `title`, drawn by `draw()` (bytes) the first time only."""
        Image = get_image_model()
        existing = Image.objects.filter(collection=collection, title=title).first()
        if existing:
            return existing
        self.created["images"] += 1
        return Image.objects.create(
            title=title,
            description=alt,
            collection=collection,
            file=ContentFile(draw(), name=filename),
        )

    def document(self, collection, title, slug):
        Document = get_document_model()
        existing = Document.objects.filter(collection=collection, title=title).first()
        if existing:
            return existing
        self.created["documents"] += 1
        rows = ["序号,姓名,所在小区及楼栋,联系电话,备注"] + [f"{n},,,," for n in range(1, 21)]
        # A byte-order mark so that spreadsheet programs open the Chinese headers correctly.
        content = ("\ufeff" + "\r\n".join(rows) + "\r\n").encode("utf-8")
        return Document.objects.create(
            title=title, collection=collection, file=ContentFile(content, name=f"{slug}.csv")
        )

    # -- articles -------------------------------------------------------------------------------

    def body(self, entry, collection):
        blocks = []
        for block in entry["body"]:
            kind = block["type"]
            if kind == "paragraph":
                value = f"<p>{escape(block['text'])}</p>"
            elif kind == "heading":
                value = block["text"]
            elif kind == "quote":
                value = {"text": block["text"], "attribution": block.get("attribution", "")}
            elif kind == "image":
                seed = f"{entry['slug']}-body"
                picture = self.image(
                    collection,
                    block["caption"],
                    block.get("alt", block["caption"]),
                    f"{seed}.jpg",
                    lambda seed=seed: draw_scene(seed, entry["category"]),
                )
                value = {"image": picture.pk, "caption": block["caption"]}
            elif kind == "table":
                value = {
                    "data": [block["header"], *block["rows"]],
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_caption": block.get("caption", ""),
                }
            elif kind == "document":
                doc = self.document(collection, block["title"], entry["slug"])
                value = {"document": doc.pk, "title": block["title"]}
            else:
                raise ValueError(f"未知的正文块类型：{kind}")
            blocks.append({"type": kind, "value": value})
        return json.dumps(blocks, ensure_ascii=False)

    def article(self, index, entry, categories, collection, with_revision):
        date = datetime.date.fromisoformat(entry["date"])
        published = timezone.make_aware(datetime.datetime.combine(date, PUBLICATION_TIME))
        image = None
        if entry.get("image_alt"):
            image = self.image(
                collection,
                entry["title"],
                entry["image_alt"],
                f"{entry['slug']}.jpg",
                lambda: draw_scene(entry["slug"], entry["category"]),
            )
        page = NewsPage(
            title=entry["title"],
            slug=entry["slug"],
            date=date,
            category=categories[entry["category"]],
            author=entry.get("author", ""),
            source=entry.get("source", ""),
            intro=entry["intro"],
            image=image,
            body=self.body(entry, collection),
            first_published_at=published,
            live=not with_revision,
        )
        page.tags.add(*entry.get("tags", []))
        index.add_child(instance=page)
        if with_revision:
            page.save_revision().publish()
        NewsPage.objects.filter(pk=page.pk).update(first_published_at=published, last_published_at=published)
        return page

    def load(self, synthetic=0, proposals=0, progress=True, refresh=False):
        data = demo_data()
        with transaction.atomic():
            site, home = self.ensure_home()
            collection = self.ensure_collection()
            self.ensure_settings(site, collection)
            categories = self.ensure_categories(data["categories"])
            index = self.ensure_news_index(home)
            existing = set(NewsPage.objects.values_list("slug", flat=True))
            for entry in data["articles"]:
                if entry["slug"] not in existing:
                    self.article(index, entry, categories, collection, with_revision=True)
                    self.created["articles"] += 1
            self.ensure_accounts()
            self.consultation = ConsultationDemo(site, today=self.today)
            self.created["proposals"] = self.consultation.load(UNIT_ACCOUNTS, refresh=refresh)
        if synthetic:
            self.load_synthetic(index, categories, collection, synthetic, progress)
        if proposals:
            with tqdm(total=proposals, desc="合成议题", unit="个", disable=not progress) as bar:
                self.created["synthetic_proposals"] = seed_synthetic_proposals(
                    site, proposals, lambda n: bar.update(n - bar.n)
                )
        return self.created

    def load_synthetic(self, index, categories, collection, count, progress):
        existing = set(NewsPage.objects.filter(slug__startswith="synthetic-").values_list("slug", flat=True))
        missing = [n for n in range(1, count + 1) if f"synthetic-{n:05d}" not in existing]
        slugs = sorted(categories)
        bar = tqdm(total=len(missing), desc="合成新闻", unit="篇", disable=not progress or not missing)
        for start in range(0, len(missing), 250):
            with transaction.atomic():
                for number in missing[start : start + 250]:
                    self.article(index, synthetic_article(number, slugs), categories, collection, with_revision=False)
                    self.created["synthetic"] += 1
                    bar.update(1)
        bar.close()
