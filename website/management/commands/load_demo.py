"""`manage.py load_demo`: the Chinese demo community, and synthetic articles for benchmarks."""

import datetime
import os

from django.core.management.base import BaseCommand, CommandError

from core.formatting import cn_date
from website.demo.loader import ACCOUNTS, DemoLoader, demo_password

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = "8000"


def admin_address(host, port):
    """The admin's address for a server listening on host:port (0.0.0.0 and :: are every
    interface, reached from this machine as 127.0.0.1 and [::1])."""
    host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": DEFAULT_HOST}.get(host, host)
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}/admin/"


def iso_date(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"--today 须为 YYYY-MM-DD 格式的日期，例如 2026-12-02，而不是 {text!r}。") from error


class Command(BaseCommand):
    help = (
        "载入花石社区演示数据：议事协商以运行当天为准，含过去十二个月的议事日和下一次议事日"
        "（可重复执行，同一天再运行不会改变任何数据）；--refresh 按今天重新生成议事数据；"
        "--articles N 另外生成 N 篇合成新闻用于性能测试。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=0, help="合成新闻的总篇数（用于性能测试）")
        parser.add_argument("--proposals", type=int, default=0, help="合成议题的总数（用于性能测试）")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="删除演示的议事日、议题和公示，按今天（或 --today）重新生成；新闻、页面和账号保持不变",
        )
        parser.add_argument(
            "--today", type=iso_date, default=None, help="以这一天为“今天”生成议事数据（YYYY-MM-DD，用于测试）"
        )
        parser.add_argument(
            "--host", default=os.environ.get("HOST") or DEFAULT_HOST, help="服务器地址，用于显示后台网址（默认 $HOST）"
        )
        parser.add_argument(
            "--port", default=os.environ.get("PORT") or DEFAULT_PORT, help="服务器端口，用于显示后台网址（默认 $PORT）"
        )

    def handle(self, *args, articles, proposals, no_progress, refresh, today, host, port, **options):
        if articles < 0 or proposals < 0:
            self.stderr.write("--articles 和 --proposals 不能是负数。")
            return
        loader = DemoLoader(out=self.stdout, today=today)
        created = loader.load(synthetic=articles, proposals=proposals, progress=not no_progress, refresh=refresh)
        self.stdout.write(
            "演示数据已就绪：新建议题 {proposals} 个，新建文章 {articles} 篇，合成文章 {synthetic} 篇，"
            "图片 {images} 张，附件 {documents} 个，账号 {accounts} 个。".format(**created)
        )
        demo = loader.consultation
        upcoming = demo.next_session()
        if demo.skipped and (upcoming is None or upcoming < demo.today):
            self.stdout.write(
                f"议事演示数据是按更早的日期生成的（下一次议事日 {cn_date(upcoming) or '无'} 已过）；"
                "运行 load_demo --refresh 按今天重新生成。"
            )
        elif upcoming:
            self.stdout.write(f"下一次议事日：{cn_date(upcoming)}。")
        self.stdout.write(f"后台 {admin_address(host, port)} 账号（密码均为 {demo_password()}）：")
        for username, name, _group in ACCOUNTS:
            self.stdout.write(f"  {username:8} {name}")
