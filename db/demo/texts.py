"""Chinese wording of the seeded petitions: summaries, full texts, replies, notes.

Templates per topic with slots ({v} village/community, {c} cluster, {t} town, {n} a number,
{firm} a company, {road} a road), filled from the seeded generator so summaries vary.
"""

from __future__ import annotations

import random

from core.vocab import Topic

SUMMARIES: dict[Topic, tuple[str, ...]] = {
    Topic.LAND: (
        "反映{v}土地被征用后征地补偿款未足额兑现，请求核实发放",
        "反映{c}房屋征收安置房迟迟未交付，过渡费停发{n}个月",
        "反映{v}征地农转非人员社保安置未落实，请求按政策办理",
        "反映{t}某项目占用{c}集体土地未办理征地手续",
        "反映{v}宅基地确权面积与实际不符，请求重新测量",
        "咨询{v}土地征收补偿标准及青苗补偿费发放时间",
    ),
    Topic.LABOUR: (
        "反映{firm}拖欠{n}名农民工工资，请求协调支付",
        "反映{firm}未依法缴纳社会保险，请求责令补缴",
        "反映在{firm}工作受伤后工伤认定迟迟未办结",
        "咨询灵活就业人员养老保险缴费及退休待遇核定",
        "反映{firm}解除劳动合同未支付经济补偿",
        "反映被征地人员养老保险待遇未按时发放",
    ),
    Topic.CONSTRUCTION: (
        "反映{c}电梯频繁故障，物业未及时维修",
        "反映{c}开发商逾期未办理不动产权证",
        "反映{c}外墙渗水、楼顶漏水，维修资金申请困难",
        "反映{road}施工夜间噪声扰民，请求限制作业时间",
        "反映{c}老旧小区改造进度缓慢，请求加快实施",
        "反映{c}小区附近水电气缴费点撤销，老年人缴费不便",
        "反映{c}物业服务质量差、收费不透明",
        "反映{road}路段占道经营、违章搭建影响通行",
    ),
    Topic.ENVIRONMENT: (
        "反映{c}附近餐饮油烟扰民",
        "反映{firm}夜间偷排废水污染{v}河沟",
        "反映{road}沿线渣土车遗撒扬尘严重",
        "反映{v}养殖场异味影响周边居民生活",
        "反映{c}垃圾中转站臭味大、清运不及时",
    ),
    Topic.AGRICULTURE: (
        "反映{v}农田灌溉渠道损毁，请求修复",
        "反映{v}耕地地力保护补贴未发放到户",
        "反映{v}村集体经济收益分配不公开",
        "反映{v}土地流转租金拖欠{n}个月",
        "咨询{v}高标准农田建设项目实施范围",
        "反映{v}山坪塘年久失修存在安全隐患",
    ),
    Topic.CIVIL_AFFAIRS: (
        "申请最低生活保障，反映家庭困难情况",
        "反映{v}低保评定不公开、不公平",
        "反映高龄老人补贴未按时发放",
        "请求解决{c}社区养老服务站日间照料问题",
        "反映退役军人优抚待遇落实问题",
        "请求临时救助，家庭成员突发重病",
    ),
    Topic.HEALTH: (
        "反映{c}附近诊所违规行医",
        "反映在某医院就医时收费不合理",
        "咨询城乡居民医保异地就医备案办理流程",
        "反映{v}卫生室服务时间短，村民就医不便",
        "反映医疗费用报销迟迟未到账",
    ),
    Topic.EDUCATION: (
        "反映{c}适龄儿童就近入学划片不合理",
        "反映某培训机构收费后停业，预付学费难退",
        "反映{t}学校周边交通安全隐患",
        "咨询随迁子女入学政策及所需材料",
        "反映校外托管机构无证经营",
    ),
    Topic.LAW_RELATED: (
        "不服法院民事判决，请求重新审理",
        "反映借款纠纷案件执行难，请求督促执行",
        "反映邻里纠纷调解协议未履行",
        "反映{c}车位买卖合同纠纷",
        "反映派出所对报警处理不及时",
    ),
    Topic.ENTERPRISE: (
        "反映原{firm}改制时职工身份置换补偿未兑现",
        "反映原国有企业改制后退休职工医保待遇问题",
        "反映{firm}破产清算中职工债权未清偿",
        "反映{firm}改制中集资款未退还",
    ),
    Topic.OTHER: (
        "建议在{c}附近增设公交站点",
        "反映{road}路灯损坏多日未修复",
        "建议{t}增设便民服务点",
        "反映{c}周边共享单车乱停放",
        "反映{road}井盖缺失存在安全隐患",
        "举报{v}有人违规经营小作坊",
    ),
}

ROADS = (
    "杨九路",
    "西郊路",
    "谢家湾正街",
    "黄桷坪正街",
    "石杨路",
    "渝州路",
    "科园四路",
    "二郎路",
    "华福大道",
    "九龙大道",
    "含谷大道",
    "白市驿正街",
    "西彭大道",
    "铜罐驿正街",
    "陶家正街",
    "金凤大道",
    "走马正街",
    "石板大道",
    "巴福大道",
    "华岩大道",
    "彩云大道",
    "歇台子街",
)
FIRM_HEADS = ("渝西", "九龙", "鑫达", "恒泰", "华诚", "腾跃", "嘉源", "宏盛", "利民", "兴旺")
FIRM_TAILS = (
    "建筑劳务有限公司",
    "机械制造有限公司",
    "物流有限公司",
    "建材有限公司",
    "食品有限公司",
    "物业管理有限公司",
    "汽车配件厂",
    "纺织有限公司",
    "装饰工程有限公司",
)

REPLIES: dict[str, tuple[str, ...]] = {
    "default": (
        "经调查核实，您反映的问题基本属实。我单位已责成相关责任方于{n}日内整改，并将跟踪落实。",
        "经调查核实，您反映的情况部分属实。已依据相关政策作出处理，具体情况已当面向您说明。",
        "您反映的问题已转相关职能科室办理，现已解决。"
        "如有异议，可在收到本意见书之日起30日内申请复查。",
        "经核查，相关政策已向您作出解释，诉求不符合现行规定。"
        "如不服，可在30日内向上一级机关申请复查。",
    ),
}

REDIRECTS = {
    "other_channel": (
        ("已进入诉讼程序，属人民法院处理范围", "九龙坡区人民法院（依法通过诉讼、申诉程序解决）"),
        ("属劳动争议，应通过劳动仲裁解决", "九龙坡区劳动人事争议仲裁委员会"),
        ("属行政复议范围", "九龙坡区人民政府行政复议机构"),
        ("涉法涉诉事项，引导依法按程序解决", "区委政法委涉法涉诉信访受理窗口"),
    ),
    "concluded_or_unreasonable": (
        "该事项已于此前依法作出处理意见并经复查、复核终结，不再受理",
        "诉求缺乏政策和法律依据，已向信访人做好解释说明",
        "同一事项已办结且信访人未提出新的事实和理由，不予受理",
    ),
}

EXTENSION_REASONS = (
    "涉及多个部门协调及现场测量，需延期办理",
    "需调取历史档案并组织专家论证，申请延期",
    "情况复杂，需进一步调查核实，申请延期办理",
)
SUPERVISION_TEXTS = (
    "该信访事项已超过办理期限未答复，请于{d}前报送办理情况。",
    "请高度重视，落实包案领导，于{d}前办结并书面回复。",
    "信访人多次重复反映，请加快办理，于{d}前反馈。",
)
SUPERVISION_ANSWERS = (
    "已成立工作专班开展调查，预计近期办结并答复信访人。",
    "已约谈相关责任方，整改方案已制定，正在组织实施。",
)
WITHDRAW_REASONS = ("信访人与相关方自行协商解决，申请撤回", "问题已得到解决，信访人主动撤回")


def summary(rng: random.Random, topic: Topic, town: str, village: str, cluster: str) -> str:
    text = rng.choice(SUMMARIES[topic]).format(
        t=town,
        v=village,
        c=cluster,
        n=rng.randint(2, 40),
        road=rng.choice(ROADS),
        firm=rng.choice(FIRM_HEADS) + rng.choice(FIRM_TAILS),
    )
    return text[:200]


def full_text(rng: random.Random, summary_text: str, petitioner: str, headcount: int) -> str:
    who = f"{petitioner}等{headcount}人" if headcount > 1 else petitioner
    ask = rng.choice(
        ("请求有关部门尽快调查处理", "希望依法依规妥善解决", "请求给予答复", "恳请领导重视")
    )
    return f"信访人{who}{summary_text}。{ask}。"


def reply(rng: random.Random) -> str:
    return rng.choice(REPLIES["default"]).format(n=rng.choice((7, 10, 15, 20)))
