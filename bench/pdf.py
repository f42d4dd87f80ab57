"""The minutes PDF: render time against a naive WeasyPrint render, serving time, file size.

Seeds the demo community into a database of its own (bench/.work/), adds one held 议事日 with ten
agenda items (long Chinese texts, votes, resolutions, tasks with units and deadlines, thirteen
participants, names with rare characters such as 䶮 and 𠮷), approves its minutes through
consultation.records (which freezes them as PDF/A) and prints:

- cold render: median time of consultation.pdf.render.html_to_pdf on the minutes' HTML, the
  font cache of the process cleared before each run (font files reopened, HarfBuzz faces rebuilt);
- naive render: the same HTML through stock WeasyPrint with the full system Noto Serif CJK SC,
  measured in the same run: on WeasyPrint's fontTools subsetting (its path on a fresh machine,
  where libharfbuzz-subset is missing: the budget's baseline; skipped with --no-fonttools), and
  with whatever subsetter this machine gives it; the ratio cold / naive for each;
- serving the unchanged frozen PDF again (/consultation/sessions/<pk>/minutes.pdf) through
  Django's test client and, unless --no-http, over HTTP from gunicorn;
- the size of the frozen copy and of the draft, with what takes the room (fonts, images, ...).

Budgets: ratio ≤ 0.15, serving median ≤ 20 ms, size ≤ 300 KB.

    python bench/pdf.py [--runs 5] [--naive-runs 3] [--requests 50] [--no-http] [--no-fonttools]
"""

import argparse
import datetime
import hashlib
import io
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
BASE_DB = WORK / "pdf-base.sqlite3"  # migrated + demo community, reused between runs
RUN_DB = WORK / "pdf.sqlite3"  # a fresh copy of it each run, with the benchmark's 议事日
MEDIA = WORK / "pdf-media"
OUT = WORK / "pdf-out"  # the PDFs of the last run, for a look
sys.path.insert(0, str(ROOT))

from bench.pages import WORKERS, fetch, gunicorn, p95  # noqa: E402
from bench.pages import environment as pages_environment  # noqa: E402

RATIO_BUDGET = 0.15
SERVE_BUDGET_MS = 20
SIZE_BUDGET_KB = 300
NAIVE_FAMILY = "Noto Serif CJK SC"
NAIVE_CSS = f'html {{ font-family: "{NAIVE_FAMILY}" }} @page {{ font-family: "{NAIVE_FAMILY}" }}'
KB = 1024

SESSION = {
    "title": "花石社区2026年民生实事专题议事日",
    "venue": "花石社区党群服务中心二楼议事厅",
    "host": "陈喆",
    "recorder": "郑昇",
    "start": datetime.time(9, 0),
    "end": datetime.time(12, 10),
    "summary": (
        "本次议事日共商议十项议题，涉及老旧小区改造、电动自行车充电、老年助餐、学校周边交通秩序和社区医疗等居民普遍关心的事项。"
        "会前，社区通过线上征集、入户走访和议事厅开放日收集居民意见一百二十余条，议题材料提前三天在各小区公示栏公示。\n\n"
        "居务监督委员会成员全程监督，物业服务企业、社区卫生服务中心等责任单位派员列席并现场答复居民提问。"
    ),
}
# (name, role, organisation, present): 9 voting members (8 present), 2 supervisors, 2 observers.
PARTICIPANTS = [
    ("陈喆", "member", "", True),
    ("游振堃", "member", "", True),
    ("林美玲", "member", "", True),
    ("郑昇", "member", "", True),
    ("欧阳晓明", "member", "", True),
    ("刘䶮", "representative", "", True),
    ("吉𠮷", "representative", "", True),
    ("王秀英", "representative", "", True),
    ("黄德垚", "representative", "", False),
    ("李桂芬", "supervisor", "", True),
    ("施美华", "supervisor", "", True),
    ("严立新", "observer", "花石物业服务有限公司", True),
    ("何丽萍", "observer", "榕溪街道社区卫生服务中心", True),
]
# Each item: proposal fields, the opinions, the vote (for, against, abstain) or "defer" with a
# reason, the resolution and the tasks (unit name, description, person, days to the deadline).
ITEMS = [
    {
        "title": "石鼓新村老旧小区雨污分流改造",
        "category": "living",
        "estate": "石鼓新村",
        "building": "6号楼",
        "proposer": "游子䶮",
        "description": "石鼓新村建于上世纪九十年代，雨水和生活污水共用一条管道。每逢台风暴雨，6号楼至9号楼之间的路面积水深达三十厘米，"
        "化粪池污水倒灌进一楼住户的卫生间，去年台风期间有十一户人家被淹，家具电器损失不小。\n\n"
        "我们希望社区协调有关部门对小区管网进行雨污分流改造，同时清理堵塞的窨井，在低洼处增设排水沟和截水篦子，"
        "并在改造期间合理安排施工时段，减少对老人和学生出行的影响。",
        "opinions": "居民代表认为积水问题已持续多年，改造越早越好；一楼住户希望同步加装防倒灌止回阀。物业公司表示管网资料缺失，需先做管道检测。"
        "居务监督委员会提出施工费用和招标过程应向全体居民公示，施工期间每周通报进度。列席的街道城建办同志介绍，改造可申请老旧小区改造专项资金。",
        "vote": (8, 0, 0),
        "resolution": "同意实施石鼓新村雨污分流改造。由物业公司先行完成管网检测并提出改造方案，社区向街道申报老旧小区改造专项资金；"
        "施工方案和费用在小区公示栏公示不少于七天，施工期间每周通报一次进度。",
        "tasks": [("花石物业服务有限公司", "完成6至9号楼地下管网检测，提交雨污分流改造方案", "严立新", 30)],
    },
    {
        "title": "杏林雅居增设电动自行车集中充电棚",
        "category": "services",
        "estate": "杏林雅居",
        "building": "2号楼",
        "proposer": "陈淑贞",
        "description": "杏林雅居共有电动自行车四百多辆，但小区只有一处充电点、二十个插座，晚上经常排队。不少住户把电瓶拎回家充电，"
        "或者从楼上拉电线下来“飞线充电”，楼道里还停着好几辆车，消防检查时多次被点名。上个月邻近小区发生电瓶起火，大家都很担心。\n\n"
        "建议在2号楼和5号楼之间的空地建设带智能断电和烟感报警的集中充电棚，按次或按月收费，并清理楼道内停放的车辆。",
        "opinions": "多数代表支持建设充电棚，认为这是消除火灾隐患的根本办法。5号楼低层住户担心充电棚离窗户太近、夜间有噪声和灯光干扰，"
        "建议向北侧移三米并加种绿篱。供电服务中心表示现有变压器容量可以满足，需单独接一路电源。"
        "派出所提醒，充电棚建成后应同步开展楼道停车和飞线充电的集中整治。",
        "vote": (7, 1, 0),
        "resolution": "同意在杏林雅居2号楼与5号楼之间北侧空地建设电动自行车集中充电棚，设置六十个智能充电端口及烟感报警装置，"
        "收费标准经业主代表协商后公示。充电棚投入使用后一个月内完成楼道停车和飞线充电集中整治。",
        "tasks": [
            ("国网福州晋安供电服务中心", "完成充电棚独立电源接入和用电安全检测", "林志峰", 45),
            ("花石物业服务有限公司", "建设集中充电棚并制定收费和管理办法", "严立新", 60),
        ],
    },
    {
        "title": "花石小区开设老年助餐点",
        "category": "elderly",
        "estate": "花石小区",
        "building": "11号楼",
        "proposer": "林宝英",
        "description": "花石小区六十岁以上的老人有一千三百多位，其中独居和空巢老人约两百人。很多老人腿脚不便，买菜做饭困难，"
        "经常一碗面条对付一顿，子女在外地上班也不放心。听说其他街道已经有社区长者食堂，一餐十来块钱，荤素搭配。\n\n"
        "希望社区利用党群服务中心一楼闲置的房间开设老年助餐点，提供午餐和晚餐，对八十岁以上和低保老人给予补贴，"
        "行动不便的老人可以由志愿者送餐上门。",
        "opinions": "代表们普遍赞成，认为助餐是老人最迫切的需求。有代表担心饭菜口味和食品安全，建议引入有资质的餐饮企业并请老人试吃评议。"
        "社会工作服务中心愿意组织志愿者送餐，并对独居老人开展每日探访。居务监督委员会建议每月公开补贴发放名单和资金使用情况，接受居民监督。",
        "vote": (8, 0, 0),
        "resolution": "同意在花石社区党群服务中心一楼开设老年助餐点，由社区通过公开比选引入有资质的餐饮服务企业，"
        "八十周岁以上及低保老人按规定享受就餐补贴；社会工作服务中心组织志愿者为行动不便的老人送餐，补贴发放情况每月公示。",
        "tasks": [
            ("晋安区榕溪颐康社会工作服务中心", "招募送餐志愿者并建立独居老人每日探访台账", "蔡宛如", 30),
            ("榕溪街道社区卫生服务中心", "对助餐点开展食品安全和营养配餐指导", "何丽萍", 40),
        ],
    },
    {
        "title": "榕溪苑地下车库照明和通风改善",
        "category": "living",
        "estate": "榕溪苑",
        "building": "地下车库",
        "proposer": "张建国",
        "description": "榕溪苑地下车库约有三百个车位，照明灯一半以上不亮，B区和C区的通道几乎是黑的，晚上老人和孩子下车库拿东西很害怕，"
        "上个月还发生了一起车辆剐蹭后找不到肇事者的事情。车库排风机长期不开，夏天闷热潮湿，墙面发霉，有汽车尾气味。\n\n"
        "希望物业尽快更换损坏的灯具，改为感应式节能灯，修复排风系统并定时开启，在出入口和主要通道加装监控摄像头。",
        "opinions": "代表们一致认为车库照明属于物业服务合同的基本内容，应由物业公司限期整改。物业公司解释排风机电机老化，"
        "维修需动用专项维修资金，须经业主表决。派出所建议监控接入小区安防平台，录像保存期限不少于三十天。"
        "有代表提出整改完成后请居民代表参与验收。",
        "vote": (8, 0, 0),
        "resolution": "物业公司在一个月内完成地下车库全部损坏灯具的更换并改为感应式节能灯具；排风系统维修方案报业主委员会按程序申请使用专项维修资金；"
        "在车库出入口及主要通道加装监控并接入小区安防平台。整改完成后由居民代表参与验收。",
        "tasks": [
            ("花石物业服务有限公司", "更换车库损坏灯具，提出排风系统维修方案", "严立新", 30),
            ("榕溪派出所", "指导车库监控点位设置和安防平台接入", "王堃", 45),
        ],
    },
    {
        "title": "晋安区第二实验小学南门上下学交通秩序",
        "category": "children",
        "estate": "花石小区",
        "building": "南门",
        "proposer": "何子喆",
        "description": "学校南门正对花石路，早上七点半到八点、下午四点半到五点半，接送孩子的电动车、私家车把路口堵得水泄不通，"
        "还有车辆逆行、在人行道上停车。学校门口没有护学岗，也没有接送等候区，孩子们从车流中穿过去非常危险。\n\n"
        "希望社区联合学校和派出所在上下学时段设置护学岗，在南门外规划临时停车和等候区，增设减速带、人行横道和“学校区域”警示标志，"
        "并组织家长志愿者轮流值守。",
        "opinions": "家长代表反映堵车问题已经持续两个学期，支持尽快设置护学岗。派出所表示可以在上下学高峰时段安排警力，但需要家长志愿者配合。"
        "学校同意开放操场边门分流低年级学生，错峰放学十五分钟。沿街商户代表担心临时停车区影响经营，建议只在上下学时段使用。",
        "vote": (8, 0, 0),
        "resolution": "同意设立晋安区第二实验小学南门护学岗，由派出所、学校和家长志愿者在上下学时段共同值守；学校实行低年级错峰放学；"
        "在南门外划设限时使用的接送等候区，增设减速带和警示标志。实施一个月后评估效果。",
        "tasks": [
            ("榕溪派出所", "上下学高峰时段安排警力并指导护学岗值守", "王堃", 20),
            ("晋安区第二实验小学", "组织家长志愿者排班并实行低年级错峰放学", "方晓雯", 20),
        ],
    },
    {
        "title": "花石小区3号楼至7号楼外墙空鼓脱落隐患排查",
        "category": "living",
        "estate": "花石小区",
        "building": "5号楼",
        "proposer": "郑美玉",
        "description": "今年三月，5号楼外墙有一块约半平方米的瓷砖从六楼掉下来，砸坏了楼下停着的电动车，所幸当时没有人经过。"
        "我们请人看过，3号楼到7号楼的外墙都有不同程度的空鼓和裂缝，靠马路一侧尤其严重。\n\n"
        "这几栋楼都有二十多年楼龄，楼下是居民出入的必经之路，还有小朋友玩耍的空地。希望社区组织专业机构对外墙进行全面检测，"
        "先在危险区域拉设警戒线和防护网，再研究维修方案和资金来源。",
        "opinions": "代表们认为外墙脱落直接威胁生命安全，应当先排险后维修。物业公司已在5号楼下设置临时围挡，表示可以先行垫付检测费用。"
        "有代表提出维修费用较大，应区分住宅专项维修资金和保险理赔。居务监督委员会要求检测报告和维修预算向相关楼栋全体业主公开。",
        "vote": (8, 0, 0),
        "resolution": "同意委托有资质的检测机构对花石小区3号楼至7号楼外墙进行全面检测，检测前在危险区域设置警戒线和防护网。"
        "维修方案和预算根据检测报告制定，按规定申请使用住宅专项维修资金，并向相关楼栋业主公示。",
        "tasks": [("花石物业服务有限公司", "设置防护网并委托检测机构完成外墙检测", "严立新", 25)],
    },
    {
        "title": "区图书馆花石分馆延长周末和晚间开放时间",
        "category": "services",
        "estate": "榕溪苑",
        "building": "",
        "proposer": "欧阳晓明",
        "description": "区图书馆花石分馆目前周一至周五九点到五点开放，周末和节假日闭馆。上班族和学生只有周末有时间，去了却常常吃闭门羹。"
        "分馆的自习座位平时空着，周末孩子们却只能挤在快餐店写作业。\n\n"
        "建议分馆调整开放时间，周末和寒暑假开放，晚上延长到八点半，同时增加少儿绘本和老年大字版图书，"
        "定期举办亲子阅读和读书分享活动。人手不够的话可以招募居民志愿者。",
        "opinions": "大家都支持周末开放，认为这样能让更多居民用上分馆资源。分馆负责人表示馆员只有两名，周末开放需要志愿者协助借还和秩序维护。"
        "学校愿意组织高年级学生参加志愿服务。有代表建议开放时间调整后先试行三个月，根据到馆人数再作调整。",
        "vote": (7, 0, 1),
        "resolution": "同意区图书馆花石分馆自下月起周六、周日开放，工作日晚间延长至二十点三十分，试行三个月。社区招募阅读志愿者协助管理，"
        "分馆增补少儿绘本和大字版图书，每月举办一次亲子阅读活动。",
        "tasks": [
            ("区图书馆花石分馆", "调整开放时间并增补少儿绘本和大字版图书", "郑雅琴", 30),
            ("晋安区第二实验小学", "组织高年级学生志愿者参加周末服务", "方晓雯", 30),
        ],
    },
    {
        "title": "社区家庭医生坐诊和老年慢病随访",
        "category": "health",
        "estate": "杏林雅居",
        "building": "8号楼",
        "proposer": "吉小𠮷",
        "description": "我和老伴都有高血压和糖尿病，每个月要到榕溪街道社区卫生服务中心排队开药，来回坐公交要一个多小时，排队抽血常常一上午。"
        "听说可以签约家庭医生，但不知道怎么办理，也不清楚签约之后有什么服务。\n\n"
        "希望卫生服务中心每周安排医生到社区党群服务中心坐诊一次，提供量血压、测血糖和慢病开药服务，为行动不便的老人上门随访，"
        "并在小区宣传栏公布家庭医生团队的联系方式。",
        "opinions": "代表们认为慢病老人就医难是普遍问题，支持每周设立社区坐诊点。卫生服务中心表示可以派出家庭医生团队，"
        "但社区需要提供固定场地和基本的诊疗设备。有代表建议优先为八十岁以上和失能老人提供上门服务。"
        "社会工作服务中心可以协助摸排需要随访的老人名单。",
        "vote": (8, 0, 0),
        "resolution": "同意由榕溪街道社区卫生服务中心每周三上午在花石社区党群服务中心设立家庭医生坐诊点，开展慢病随访、健康咨询和签约服务；"
        "社区提供场地，社会工作服务中心协助建立高龄和失能老人随访名单。",
        "tasks": [
            ("榕溪街道社区卫生服务中心", "每周三派出家庭医生团队坐诊并开展上门随访", "何丽萍", 30),
            ("晋安区榕溪颐康社会工作服务中心", "摸排高龄和失能老人并建立随访名单", "蔡宛如", 20),
        ],
    },
    {
        "title": "花石小区中心广场改建为收费停车场",
        "category": "living",
        "estate": "花石小区",
        "building": "中心广场",
        "proposer": "周明亮",
        "description": "小区车位严重不足，每天晚上七点以后就找不到地方停车，消防通道、绿化带边上都停满了车，救护车有一次都开不进来。"
        "中心广场白天人少，平时只有晚上有阿姨跳广场舞。\n\n"
        "建议把中心广场改建为收费停车场，大约可以增加四十个车位，收费用于小区公共设施维护。广场舞可以换到小区北门空地，"
        "儿童游乐设施可以搬到东侧绿地。",
        "opinions": "部分代表认同停车难的问题，但多数代表认为中心广场是小区唯一的公共活动空间，老人和孩子每天都在使用，改为停车场会影响居民休闲和安全。"
        "居务监督委员会指出改变公共场地用途须经业主大会依法表决。有代表建议另行研究错时共享停车和周边路段夜间停车方案。",
        "vote": (2, 5, 1),
        "resolution": "",
        "tasks": [],
    },
    {
        "title": "榕溪苑引入垃圾分类智能回收设备",
        "category": "other",
        "estate": "榕溪苑",
        "building": "",
        "proposer": "刘子䶮",
        "description": "榕溪苑目前的垃圾分类投放点只有四处，设置在小区边缘，住在中间几栋楼的老人要走很远。投放点的桶经常满溢，"
        "厨余垃圾和其他垃圾混在一起，夏天气味很大。\n\n"
        "建议引入带积分奖励的智能回收设备，居民刷卡或扫码投放可回收物换取积分，积分可以兑换生活用品，"
        "同时在楼栋之间增设两处定时定点投放点，安排督导员在早晚高峰值守。",
        "opinions": "代表们赞成改善垃圾分类投放条件，但对智能设备的采购和运营费用存在不同意见。物业公司表示设备需要每天清运和维护，目前没有预算。"
        "有代表提出可先与再生资源企业洽谈免费投放合作，待方案成熟后再提交议事。",
        "vote": "defer",
        "reason": "智能回收设备的运营费用和合作方式尚不明确，请物业公司与再生资源企业洽谈后形成具体方案，提交下次议事日继续商议。",
        "resolution": "",
        "tasks": [],
    },
]


def environment():
    return {
        **pages_environment(0),
        "SQLITE_PATH": str(RUN_DB),
        "MEDIA_ROOT": str(MEDIA),
        "LOG_LEVEL": "WARNING",
    }


def seed_base(env):
    """The demo community in BASE_DB (idempotent), then a fresh copy of it as RUN_DB."""
    base_env = {**env, "SQLITE_PATH": str(BASE_DB)}
    for args in (["migrate", "--noinput", "-v0"], ["load_demo", "--no-progress"]):
        subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=base_env, check=True, stdout=subprocess.DEVNULL
        )
    RUN_DB.unlink(missing_ok=True)
    source, target = sqlite3.connect(BASE_DB), sqlite3.connect(RUN_DB)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


def seed_session():
    """One held 议事日 with ITEMS on its agenda, carried out through the real workflow."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from wagtail.models import Site

    from consultation import deliberation, implementation, workflow
    from consultation.models import Participant, PartnerUnit, Proposal, Session

    site = Site.objects.get(is_default_site=True)
    secretary = get_user_model().objects.get(username="mishu")
    units = {u.name: u for u in PartnerUnit.objects.all()}
    fallback = list(units.values())
    today = timezone.localdate()
    session = Session.objects.create(
        site=site,
        title=SESSION["title"],
        date=today,
        start_time=SESSION["start"],
        end_time=SESSION["end"],
        venue=SESSION["venue"],
        host=SESSION["host"],
        recorder=SESSION["recorder"],
        summary=SESSION["summary"],
    )
    for order, (name, role, organisation, present) in enumerate(PARTICIPANTS):
        Participant.objects.create(
            session=session, sort_order=order, name=name, role=role, organisation=organisation, present=present
        )
    for n, entry in enumerate(ITEMS):
        proposal = Proposal.objects.create(
            site=site,
            title=entry["title"],
            description=entry["description"],
            category=entry["category"],
            estate=entry["estate"],
            building=entry["building"],
            proposer_name=entry["proposer"],
            proposer_phone=f"1390591{n:04d}",
            submitted_at=timezone.now() - datetime.timedelta(days=40 - n),
        )
        workflow.record_submission(proposal)
        workflow.perform(proposal, "accept", secretary)
        workflow.perform(proposal, "schedule", secretary, session=session)
    items = session.agenda_items.select_related("proposal").order_by("sort_order", "pk")
    for entry, item in zip(ITEMS, items, strict=True):
        deliberation.record_opinions(item, secretary, entry["opinions"])
        if entry["vote"] == "defer":
            workflow.perform(item.proposal, "defer", secretary, entry["reason"])
            continue
        deliberation.record_vote(item, secretary, *entry["vote"], entry["resolution"])
        for i, (unit, description, person, days) in enumerate(entry["tasks"]):
            implementation.assign_task(
                item.proposal,
                secretary,
                units.get(unit) or fallback[i % len(fallback)],
                description,
                person,
                today + datetime.timedelta(days=days),
            )
    session.refresh_from_db()
    return session, secretary


# -- PDF inspection (what pdffonts and a look at the objects would tell) ---------------------------------------------


def stream_size(obj):
    """Bytes of a stream as stored in the file (still compressed)."""
    data = getattr(obj, "_data", None)
    return len(data) if data is not None else len(obj.get_data())


def glyph_count(data):
    from fontTools.cffLib import CFFFontSet
    from fontTools.ttLib import TTFont

    try:
        if data[:4] in (b"OTTO", b"\x00\x01\x00\x00", b"true"):
            return TTFont(io.BytesIO(data), lazy=True)["maxp"].numGlyphs
        cff = CFFFontSet()
        cff.decompile(io.BytesIO(data), None)
        return len(cff[cff.fontNames[0]].charset)
    except Exception:  # an unusual font program: the count is only informative
        return None


def inspect_pdf(content):
    """Pages, the fonts (name, embedded bytes, glyphs, sha256 of the font program) and the bytes
    taken by font programs, ToUnicode maps, images, page content and the rest."""
    from pypdf import PdfReader
    from pypdf.generic import IndirectObject

    reader = PdfReader(io.BytesIO(content))
    seen, fonts = set(), []
    parts = {"font programs": 0, "ToUnicode maps": 0, "images": 0, "page content": 0}
    counted = set()

    def count(part, ref):
        if isinstance(ref, IndirectObject) and ref.idnum not in counted:
            counted.add(ref.idnum)
            parts[part] += stream_size(ref.get_object())

    def walk_resources(resources):
        resources = resources.get_object() if resources is not None else {}
        for ref in (resources.get("/Font") or {}).values():
            if isinstance(ref, IndirectObject) and ref.idnum in seen:
                continue
            seen.add(getattr(ref, "idnum", id(ref)))
            font = ref.get_object()
            if "/ToUnicode" in font:
                count("ToUnicode maps", font.raw_get("/ToUnicode"))
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            key = next((k for k in ("/FontFile3", "/FontFile2", "/FontFile") if k in descriptor), None)
            program = descriptor.raw_get(key) if key else None
            data = program.get_object().get_data() if program is not None else b""
            if program is not None:
                count("font programs", program)
            fonts.append(
                {
                    "name": str(font.get("/BaseFont", "?")).lstrip("/"),
                    "subtype": str(descendant.get("/Subtype", "")).lstrip("/"),
                    "embedded": program is not None,
                    "bytes": stream_size(program.get_object()) if program is not None else 0,
                    "glyphs": glyph_count(data) if data else None,
                    "sha256": hashlib.sha256(data).hexdigest() if data else "",
                }
            )
        for ref in (resources.get("/XObject") or {}).values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Image":
                count("images", ref)
                if "/SMask" in xobject:
                    count("images", xobject.raw_get("/SMask"))
            elif xobject.get("/Subtype") == "/Form":
                count("page content", ref)
                walk_resources(xobject.get("/Resources"))

    for page in reader.pages:
        walk_resources(page.get("/Resources"))
        if "/Contents" in page:
            contents = page.raw_get("/Contents")
            resolved = contents.get_object()
            for ref in resolved if isinstance(resolved, list) else [contents]:
                count("page content", ref)
    parts["rest (structure, widths, metadata)"] = len(content) - sum(parts.values())
    return {"pages": len(reader.pages), "fonts": fonts, "parts": parts, "size": len(content)}


def subset_hashes(html):
    """sha256 of each per-document font subset consultation.pdf.fonts makes for `html`."""
    from consultation.pdf import fonts

    return {hashlib.sha256(data).hexdigest() for data in fonts.for_document(html).files.values()}


# -- measurements ---------------------------------------------------------------------------------------------------


def timed(fn, runs, before=None):
    times, result = [], None
    for _ in range(runs):
        if before:
            before()
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return times, result


def naive_render(html):
    from weasyprint import CSS, HTML

    return HTML(string=html).write_pdf(stylesheets=[CSS(string=NAIVE_CSS)])


def naive_render_fonttools(html):
    """The naive render on WeasyPrint's fallback path, fontTools subsetting the full face: what
    stock WeasyPrint does where libharfbuzz-subset (≥ 4.1) is missing."""
    import logging
    from unittest import mock

    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.ERROR)  # its "Using fontTools instead of HarfBuzz-Subset" warning, once per font
    try:
        with mock.patch("weasyprint.pdf.fonts.harfbuzz_subset", None):
            return naive_render(html)
    finally:
        logger.setLevel(level)


def client_get(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    response.close()
    return body


def serve_over_http(env, url, requests, sha256):
    """(latencies in ms, all bodies matched) of `url` from gunicorn, one connection per request."""
    with gunicorn(env) as port:
        for _ in range(WORKERS * 4):  # every worker has opened the database and loaded the view
            fetch(port, url)
        results = [fetch(port, url) for _ in range(requests)]
    return [elapsed * 1000 for elapsed, _ in results], all(
        hashlib.sha256(body).hexdigest() == sha256 for _, body in results
    )


def verdict(ok):
    return "PASS" if ok else "FAIL"


def print_fonts(label, info):
    print(f"  {label}: {info['pages']} pages, {info['size'] / KB:.1f} KB")
    for font in info["fonts"]:
        glyphs = font["glyphs"] if font["glyphs"] is not None else "?"
        print(
            f"    {font['name']:<40} {font['subtype']:<13} embedded {'yes' if font['embedded'] else 'NO '} "
            f"{font['bytes'] / KB:>7.1f} KB  {glyphs:>5} glyphs"
        )
    print("    " + ", ".join(f"{part} {size / KB:.1f} KB" for part, size in info["parts"].items()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="cold renders (the median is reported)")
    parser.add_argument("--naive-runs", type=int, default=3, help="naive full-font renders (the median is reported)")
    parser.add_argument("--requests", type=int, default=50, help="requests of the frozen PDF, per way of serving")
    parser.add_argument("--no-http", action="store_true", help="skip serving over HTTP from gunicorn")
    parser.add_argument(
        "--no-fonttools",
        action="store_true",
        help="skip the reference naive render on WeasyPrint's fontTools subsetting (about 20 s a run)",
    )
    args = parser.parse_args()

    WORK.mkdir(parents=True, exist_ok=True)
    Path(pages_environment(0)["STATIC_ROOT"]).mkdir(exist_ok=True)  # WhiteNoise warns when it is missing
    OUT.mkdir(parents=True, exist_ok=True)
    env = environment()
    print("seeding: demo community (idempotent) + one 议事日 with 10 agenda items …", flush=True)
    seed_base(env)
    for key in (
        "DJANGO_SETTINGS_MODULE",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "SECURE_SSL_REDIRECT",
        "SQLITE_PATH",
        "MEDIA_ROOT",
        "STATIC_ROOT",
        "DATABASE_URL",
        "LOG_LEVEL",
    ):
        if env[key]:
            os.environ[key] = env[key]
        else:
            os.environ.pop(key, None)
    import django

    django.setup()
    import weasyprint
    from django.template.loader import render_to_string
    from django.test import Client
    from django.urls import reverse

    from consultation import records
    from consultation.pdf import documents, fonts, render

    session, secretary = seed_session()
    url = reverse("consultation:minutes", args=(session.pk,))
    client = Client(HTTP_HOST="127.0.0.1")

    # The draft, as the public page serves it before approval: rendered afresh (the page cache
    # emptied before each request), then again as anonymous visitors get it (from the page cache).
    from django.core.cache import cache

    draft_times, draft = timed(lambda: client_get(client, url), 3, before=cache.clear)
    client_get(client, url)
    draft_again_times, _ = timed(lambda: client_get(client, url), 10)
    (OUT / "draft.pdf").write_bytes(draft)

    # Approval: the minutes become a record, frozen (PDF/A) by the immediate task backend.
    fonts.faces.cache_clear()
    started = time.perf_counter()
    records.approve_minutes(session, secretary)
    approve_time = time.perf_counter() - started
    session.refresh_from_db()
    version = records.latest(session)
    if version is None:
        raise RuntimeError("approving the minutes made no frozen version (is TASKS the immediate backend?)")
    frozen = version.file.open("rb").read()
    version.file.close()
    (OUT / "frozen.pdf").write_bytes(frozen)

    try:
        # The HTML of the frozen copy, rendered again and again.
        html = render_to_string(documents.MINUTES_TEMPLATE, documents.minutes_context(session, version=version.number))
        subset_times, _ = timed(lambda: fonts.for_document(html), args.runs, before=fonts.faces.cache_clear)
        cold_times, fast = timed(lambda: render.html_to_pdf(html), args.runs, before=fonts.faces.cache_clear)
        warm_times, _ = timed(lambda: render.html_to_pdf(html), args.runs)
        naive_times, naive = timed(lambda: naive_render(html), args.naive_runs)
        fonttools_times, naive_fonttools = (
            ([], None) if args.no_fonttools else timed(lambda: naive_render_fonttools(html), args.naive_runs)
        )
        (OUT / "fast.pdf").write_bytes(fast.content)
        (OUT / "naive.pdf").write_bytes(naive)
        if naive_fonttools:
            (OUT / "naive-fonttools.pdf").write_bytes(naive_fonttools)

        # Serving the unchanged frozen copy again.
        client_get(client, url)
        served_times, bodies = [], set()
        for _ in range(args.requests):
            started = time.perf_counter()
            body = client_get(client, url)
            served_times.append((time.perf_counter() - started) * 1000)
            bodies.add(hashlib.sha256(body).hexdigest())
        served_ok = bodies == {version.sha256} and hashlib.sha256(frozen).hexdigest() == version.sha256
        http_times = http_ok = None
        if not args.no_http:
            http_times, http_ok = serve_over_http(env, url, args.requests, version.sha256)

        info = {
            name: inspect_pdf(content)
            for name, content in (
                ("frozen", frozen),
                ("draft", draft),
                ("fast", fast.content),
                ("naive", naive),
                ("naive-fonttools", naive_fonttools),
            )
            if content
        }
        hashes = subset_hashes(html)
    finally:
        # The database copy is thrown away next run; its stored file goes with it.
        version.file.delete(save=False)

    cold, naive_median = statistics.median(cold_times), statistics.median(naive_times)
    serve_median = statistics.median(served_times)
    frozen_kb, draft_kb = len(frozen) / KB, len(draft) / KB
    fast_fonts, naive_fonts = info["fast"]["fonts"], info["naive"]["fonts"]
    fast_is_subset = bool(fast_fonts) and all(f["sha256"] in hashes for f in fast_fonts if f["embedded"])
    naive_is_system = bool(naive_fonts) and all(NAIVE_FAMILY.replace(" ", "-") in f["name"] for f in naive_fonts)
    from weasyprint.text.ffi import harfbuzz_subset as hb_subset

    faces = fonts.faces(fonts.REGULAR) + fonts.faces(fonts.BOLD)
    text = re.sub(r"<[^>]+>", "", html)
    rare = "".join(c for c in "喆堃昇䶮𠮷垚" if c in text)

    print(
        f"\n{session.display_title}: {session.agenda_items.count()} agenda items, {session.participants.count()} participants, "
        f"{len(set(text))} distinct characters, rare ones in the text: {rare}"
    )
    print(
        "fonts: "
        + "; ".join(f"{f.name} ({Path(f.path).name} #{f.index})" for f in faces)
        + f"; WeasyPrint {weasyprint.__version__} (subsets with {'libharfbuzz-subset' if hb_subset else 'fontTools'}); "
        f"frozen copy {version.pdf_variant or 'plain PDF'}"
    )
    if fast.missing_glyphs:
        print(f"characters without a glyph: {''.join(sorted(fast.missing_glyphs))}")
    print(f"\n{'figure':<56}{'median':>10}{'min':>10}{'max':>10}  runs")
    rows = [
        ("cold render, html_to_pdf (font cache cleared)", cold_times),
        ("  of which fonts.for_document (subsets, cold)", subset_times),
        ("warm render, html_to_pdf (same process)", warm_times),
        (f"naive render, stock WeasyPrint, full {NAIVE_FAMILY}", naive_times),
        ("  the same on WeasyPrint's fontTools subsetting", fonttools_times),
        ("approve_minutes + freeze (PDF/A, cold)", [approve_time]),
        ("draft served, rendered afresh (test client)", draft_times),
        ("draft served again (test client, page cache)", draft_again_times),
    ]
    for label, times in rows:
        if not times:
            continue
        print(
            f"{label:<56}{statistics.median(times) * 1000:>8.0f}ms{min(times) * 1000:>8.0f}ms{max(times) * 1000:>8.0f}ms  {len(times)}"
        )
    print(f"\n{'serving the unchanged frozen PDF again':<56}{'median':>10}{'p95':>10}  requests")
    print(
        f"{'  test client (streamed body read fully)':<56}{serve_median:>8.2f}ms{p95(served_times):>8.2f}ms  {len(served_times)}"
        f"   sha256 = RecordVersion.sha256: {'yes' if served_ok else 'NO'}"
    )
    if http_times:
        print(
            f"{f'  HTTP, gunicorn {WORKERS} workers, 1 connection':<56}{statistics.median(http_times):>8.2f}ms{p95(http_times):>8.2f}ms"
            f"  {len(http_times)}   sha256 = RecordVersion.sha256: {'yes' if http_ok else 'NO'}"
        )

    print("\nPDFs (pypdf):")
    print_fonts("frozen copy (PDF/A)", info["frozen"])
    print_fonts("draft", info["draft"])
    print_fonts("cold render", info["fast"])
    print_fonts(f"naive render ({'libharfbuzz-subset' if hb_subset else 'fontTools'} subsetting)", info["naive"])
    if "naive-fonttools" in info:
        print_fonts("naive render, fontTools subsetting", info["naive-fonttools"])
    print(
        f"  cold render embeds the per-document subsets of consultation.pdf.fonts unchanged: {'yes' if fast_is_subset else 'NO'}"
    )
    print(
        f"  naive render embeds {NAIVE_FAMILY} (WeasyPrint's subset of the full face): {'yes' if naive_is_system else 'NO'}"
    )
    if info["fast"]["pages"] != info["naive"]["pages"]:
        print(f"  note: page counts differ (cold {info['fast']['pages']}, naive {info['naive']['pages']})")

    print("\nbudgets:")
    # The budget's baseline is the naive render as the issue measured it (about 4 s for 7 pages,
    # almost all of it font subsetting): stock WeasyPrint subsetting the full face with fontTools,
    # which is what it does on a fresh machine of this kind (libharfbuzz-subset0 is not part of the
    # image and the project does not need it). Where the system has libharfbuzz-subset (Chromium
    # pulls it in), stock WeasyPrint subsets in C too; that ratio is printed beside it.
    if fonttools_times:
        fonttools_median = statistics.median(fonttools_times)
        ratio = cold / fonttools_median
        print(
            f"  cold / naive (stock WeasyPrint, fontTools subsetting) = {cold * 1000:.0f} / {fonttools_median * 1000:.0f} ms"
            f" = {ratio:.3f} (≤ {RATIO_BUDGET}): {verdict(ratio <= RATIO_BUDGET)}"
        )
    print(
        f"  cold / naive (stock WeasyPrint, {'libharfbuzz-subset' if hb_subset else 'fontTools'} subsetting) = "
        f"{cold * 1000:.0f} / {naive_median * 1000:.0f} ms = {cold / naive_median:.3f}"
        + ("" if fonttools_times else f" (≤ {RATIO_BUDGET}): {verdict(cold / naive_median <= RATIO_BUDGET)}")
    )
    print(
        f"  serving the unchanged PDF, median {serve_median:.2f} ms (≤ {SERVE_BUDGET_MS} ms): {verdict(serve_median <= SERVE_BUDGET_MS)}"
    )
    print(
        f"  size, frozen copy ({info['frozen']['pages']} pages) {frozen_kb:.1f} KB (≤ {SIZE_BUDGET_KB} KB): "
        f"{verdict(frozen_kb <= SIZE_BUDGET_KB)}"
    )
    print(
        f"  size, draft ({info['draft']['pages']} pages) {draft_kb:.1f} KB (≤ {SIZE_BUDGET_KB} KB): {verdict(draft_kb <= SIZE_BUDGET_KB)}"
    )
    print(
        f"\nPDFs of this run in {OUT.relative_to(ROOT)}/. Reproduce: .venv/bin/python bench/pdf.py "
        f"--runs {args.runs} --naive-runs {args.naive_runs} --requests {args.requests}"
        f"{' --no-http' if args.no_http else ''}{' --no-fonttools' if args.no_fonttools else ''}"
    )


if __name__ == "__main__":
    main()
