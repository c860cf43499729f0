//! A large backend for benchmarks and scale tests, made at test time (never
//! committed): `demo-data --scale N DIR` writes N items of about fifty
//! organisations of the fictional 青溪镇 as a static backend folder, the
//! same layout as the demo's. Deterministic: the same N and day give the
//! same files.
//!
//! One 党支部 (`scale-big-branch`, 青溪村第一党支部) holds a tenth of the
//! items (10 000 of 100 000), as a village archive of many years would; the
//! rest are spread over the other organisations. Titles, summaries and
//! bodies are built from phrases of every catalogue category; one item in
//! 97 is written in Traditional characters and one in 89 carries Latin
//! words (Office 365, WiFi, PPT), so search can be tried on both.

use gongkai::api::{Item, Organisation};
use serde_json::json;
use time::{Date, Duration, OffsetDateTime, Time};

use crate::Demo;

/// The organisation that holds a tenth of the items.
pub const BIG_BRANCH: &str = "scale-big-branch";

/// A small deterministic generator (xorshift64*), so that a run can be
/// repeated exactly.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
}

const VILLAGES: &[&str] = &[
    "青溪", "桃源", "石桥", "柳塘", "杨家", "竹林", "枫岭", "梅坞", "东山", "西湾", "南坪", "北岸",
    "白沙", "红星", "新塘", "长丰",
];

const NAMES: &[&str] = &[
    "王某某",
    "李某某",
    "张某某",
    "刘某某",
    "陈某某",
    "杨某某",
    "赵某某",
    "黄某某",
    "周某某",
    "吴某某",
];

/// The organisations: the committee, four general branches, and branches
/// under them, 50 in all.
fn organisations() -> Vec<Organisation> {
    let mut orgs = vec![json!({
        "id": "qingxi-committee", "name": "中共青溪镇委员会", "short_name": "镇党委",
        "kind": "committee", "description": "青溪镇党委，领导全镇各级党组织。"
    })];
    let generals = ["villages-east", "villages-west", "enterprises", "community"];
    let general_names = [
        "东片村级党总支",
        "西片村级党总支",
        "非公企业党总支",
        "社区党总支",
    ];
    for (id, name) in generals.iter().zip(general_names) {
        orgs.push(json!({
            "id": id, "name": format!("中共青溪镇{name}委员会"), "short_name": name,
            "kind": "general_branch", "parent": "qingxi-committee"
        }));
    }
    orgs.push(json!({
        "id": BIG_BRANCH, "name": "中共青溪镇青溪村第一支部委员会", "short_name": "青溪村第一党支部",
        "kind": "branch", "parent": "villages-east"
    }));
    for i in 0..44 {
        let village = VILLAGES[i % VILLAGES.len()];
        let n = i / VILLAGES.len() + 1;
        let parent = generals[i % generals.len()];
        let short = match parent {
            "enterprises" => format!("{village}工业园区第{n}联合党支部"),
            "community" => format!("{village}社区第{n}网格党支部"),
            _ => format!("{village}村第{n}党支部"),
        };
        orgs.push(json!({
            "id": format!("scale-branch-{:02}", i + 1),
            "name": format!("中共青溪镇{short}"), "short_name": short,
            "kind": "branch", "parent": parent
        }));
    }
    orgs.into_iter()
        .map(|o| serde_json::from_value(o).expect("an organisation"))
        .collect()
}

/// The catalogue's categories, with the words of their titles.
const CATEGORIES: &[(&str, &[&str])] = &[
    (
        "decisions",
        &["关于{topic}的决定", "支部委员会会议决定事项公开（{topic}）"],
    ),
    (
        "organisation",
        &["关于{org}换届选举工作的公告", "{org}换届选举结果公告"],
    ),
    ("cadre", &["关于{name}同志拟任职务的任前公示"]),
    (
        "recruitment",
        &[
            "关于拟接收{name}等同志为预备党员的公示",
            "关于{name}同志预备党员转正的公示",
        ],
    ),
    ("dues", &["{org}{period}党费收缴使用情况公开"]),
    (
        "evaluation",
        &[
            "{org}{year}年度民主评议党员结果公示",
            "{org}组织生活会查摆问题整改落实情况",
        ],
    ),
    (
        "integrity",
        &["关于{topic}的廉洁提醒", "{year}年党风廉政建设工作要点"],
    ),
    (
        "finance",
        &["{org}{period}财务收支公开", "“三重一大”事项公开：{topic}"],
    ),
    ("practical", &["“我为群众办实事”项目进展：{topic}"]),
    (
        "aid",
        &[
            "{year}年困难党员帮扶救助对象公示",
            "关于{topic}帮扶资金发放情况的公开",
        ],
    ),
    ("rules", &["{org}党员发展工作流程", "关于{topic}的办事指南"]),
    ("hot_issues", &["关于群众关心的{topic}问题的回应"]),
];

const TOPICS: &[&str] = &[
    "村道硬化工程",
    "农村饮水安全提升",
    "垃圾分类收集点建设",
    "文化礼堂改造",
    "老年食堂运营",
    "村集体经济合作社分红",
    "河道清淤整治",
    "路灯安装维修",
    "农房安全排查",
    "防汛物资储备",
    "村级工程招投标",
    "集体资产出租",
    "困难家庭临时救助",
    "党员活动室改造",
    "便民服务窗口",
];

const SENTENCES: &[&str] = &[
    "经支部委员会研究，现将有关情况予以公开，接受党员群众监督。",
    "本次工作严格按照党章和有关规定的程序进行，做到公开、公平、公正。",
    "如对公开内容有异议，请在公示期内向镇党建工作办公室反映。",
    "党员群众可通过来信、来电、来访等方式反映意见和建议。",
    "支部将认真梳理群众意见，及时答复并抓好整改落实。",
    "相关资金全部纳入村级财务统一管理，专款专用。",
    "全体党员按时足额缴纳党费，未发现欠缴情况。",
    "会议应到党员四十二名，实到三十九名，符合规定人数。",
    "下一步将继续巩固成果，推动各项工作落到实处。",
    "联系电话：0571-86120345，联系人：镇党建工作办公室。",
];

/// Some text in Traditional characters (from the Simplified phrases of a
/// Hong Kong or Taiwan resident's letter, say).
const TRADITIONAL: &str = "黨務公開試點工作報告：黨支部換屆選舉結果已經公佈，請廣大黨員群眾監督。";

const LATIN: &[&str] = &[
    "会议材料以PPT形式发放，并在Office 365共享",
    "村委会办公区已覆盖免费WiFi，党员可扫码签到",
    "线上答疑通过QQ群和WeChat公众号进行",
];

fn quarter_label(d: Date) -> (String, String) {
    let q = (u8::from(d.month()) - 1) / 3 + 1;
    (
        format!(
            "{}年第{}季度",
            d.year(),
            ["一", "二", "三", "四"][q as usize - 1]
        ),
        format!("{}-Q{q}", d.year()),
    )
}

/// `count` items for `orgs`, newest first, published over the years before
/// `today`.
fn items(count: usize, orgs: &[Organisation], today: Date) -> Vec<Item> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let branches: Vec<&Organisation> = orgs.iter().filter(|o| o.id != BIG_BRANCH).collect();
    let big = orgs
        .iter()
        .find(|o| o.id == BIG_BRANCH)
        .expect("the big branch");
    let newest = today.with_time(Time::from_hms(9, 0, 0).expect("9:00"));
    let mut items = Vec::with_capacity(count);
    for n in 0..count {
        // Every tenth item is the big branch's; the others go round.
        let org = if n % 10 == 0 {
            big
        } else {
            branches[rng.below(branches.len())]
        };
        let short = org.short_name.as_deref().unwrap_or(&org.name);
        // One item every ~40 minutes back from today: 100 000 span 7 years.
        let published = newest - Duration::minutes(40 * n as i64 + rng.below(30) as i64);
        let published = published.assume_offset(gongkai::domain::clock::CHINA_OFFSET);
        let day = published.date();
        let (category, titles) = CATEGORIES[rng.below(CATEGORIES.len())];
        let (period_label, covers) = quarter_label(day);
        let topic = rng.pick(TOPICS);
        let name = rng.pick(NAMES);
        let title = rng
            .pick(titles)
            .replace("{topic}", topic)
            .replace("{org}", short)
            .replace("{name}", name)
            .replace("{period}", &period_label)
            .replace("{year}", &day.year().to_string());
        let summary = format!(
            "{short}{}。{}",
            rng.pick(SENTENCES).trim_end_matches('。'),
            rng.pick(SENTENCES)
        );
        let mut body = String::new();
        for _ in 0..3 + rng.below(3) {
            body.push_str("<p>");
            for _ in 0..2 + rng.below(2) {
                body.push_str(rng.pick(SENTENCES));
            }
            body.push_str("</p>");
        }
        let mut title = title;
        if n % 97 == 5 {
            title = format!(
                "{short}{}",
                &TRADITIONAL[..TRADITIONAL.find('：').unwrap_or(0)]
            );
            body.push_str(&format!("<p>{TRADITIONAL}</p>"));
        }
        if n % 89 == 7 {
            body.push_str(&format!("<p>{}。</p>", rng.pick(LATIN)));
        }
        let kind = match category {
            "dues" => json!({"type": "regular", "period": "quarter", "covers": covers}),
            "finance" if title.contains("财务收支") => {
                json!({"type": "regular", "period": "quarter", "covers": covers})
            }
            "organisation" => json!({"type": "staged", "stages": [
                {"name": "提出换届申请", "state": "done"},
                {"name": "选举大会", "state": "done"},
                {"name": "结果公告", "state": "current"}
            ]}),
            _ => json!({"type": "ad_hoc"}),
        };
        let mut item = json!({
            "id": format!("scale-{n:06}"),
            "org": org.id,
            "category": category,
            "title": title,
            "summary": summary,
            "body_html": body,
            "kind": kind,
            "audience": "public",
            "published_at": rfc3339(published),
        });
        if matches!(category, "cadre" | "recruitment") {
            let start = published;
            let end = (day + Duration::days(6))
                .with_time(Time::from_hms(17, 30, 0).expect("17:30"))
                .assume_offset(gongkai::domain::clock::CHINA_OFFSET);
            item["publicity"] = json!({"start": rfc3339(start), "end": rfc3339(end)});
        }
        items.push(serde_json::from_value::<Item>(item).expect("an item"));
    }
    items
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .expect("a date-time")
}

/// The demo's site, calendars and catalogue with `count` generated items of
/// fifty organisations instead of its own.
pub fn build(count: usize, today: Date) -> Result<Demo, String> {
    let mut demo = Demo::build(today)?;
    demo.site.title = "青溪镇党务公开（大规模测试）".into();
    demo.orgs.organisations = organisations();
    demo.items = items(count, &demo.orgs.organisations, today);
    demo.files.clear();
    Ok(demo)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scale_backend_is_deterministic_and_spread_as_promised() {
        let today = crate::parse_date("2026-11-30").unwrap();
        let a = build(1000, today).unwrap();
        let b = build(1000, today).unwrap();
        assert_eq!(a.items, b.items);
        assert_eq!(a.orgs.organisations.len(), 50);
        assert_eq!(a.items.len(), 1000);
        let big = a.items.iter().filter(|i| i.org == BIG_BRANCH).count();
        assert_eq!(big, 100);
        // Newest first, ids unique, every org known, every category in the catalogue.
        assert!(a
            .items
            .windows(2)
            .all(|w| w[0].published_at >= w[1].published_at));
        let ids: std::collections::BTreeSet<_> = a.items.iter().map(|i| &i.id).collect();
        assert_eq!(ids.len(), 1000);
        for item in &a.items {
            assert!(a.orgs.organisations.iter().any(|o| o.id == item.org));
            assert!(a.site.catalogue.iter().any(|c| c.id == item.category));
        }
        assert!(a.items.iter().any(|i| i.title.contains("黨務公開")));
        assert!(a.items.iter().any(|i| i.body_html.contains("Office 365")));
        let categories: std::collections::BTreeSet<_> =
            a.items.iter().map(|i| i.category.as_str()).collect();
        assert_eq!(categories.len(), 12);
    }
}
