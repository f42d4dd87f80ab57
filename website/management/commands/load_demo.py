"""`manage.py load_demo`: the Chinese demo community, and synthetic articles for benchmarks."""

from django.core.management.base import BaseCommand

from website.demo.loader import ACCOUNTS, DemoLoader, demo_password


class Command(BaseCommand):
    help = "载入花石社区演示数据（可重复执行，不会重复创建）；--articles N 另外生成 N 篇合成新闻用于性能测试。"

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=0, help="合成新闻的总篇数（用于性能测试）")
        parser.add_argument("--proposals", type=int, default=0, help="合成议题的总数（用于性能测试）")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args, articles, proposals, no_progress, **options):
        if articles < 0 or proposals < 0:
            self.stderr.write("--articles 和 --proposals 不能是负数。")
            return
        loader = DemoLoader(out=self.stdout)
        created = loader.load(synthetic=articles, proposals=proposals, progress=not no_progress)
        self.stdout.write(
            "演示数据已就绪：新建议题 {proposals} 个，新建文章 {articles} 篇，合成文章 {synthetic} 篇，"
            "图片 {images} 张，附件 {documents} 个，账号 {accounts} 个。".format(**created)
        )
        self.stdout.write(f"后台 http://127.0.0.1:8000/admin/ 账号（密码均为 {demo_password()}）：")
        for username, name, _group in ACCOUNTS:
            self.stdout.write(f"  {username:8} {name}")
