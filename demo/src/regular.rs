//! The regular reports (定期公开), computed rather than written: each branch's
//! quarterly 党费收缴使用 report (每季度至少公开一次) and the monthly,
//! quarterly and half-yearly finance reports, for the past periods whose
//! publication day has come. Amounts are made up but stable: they follow
//! from a hash of the organisation and the period, never from the run.

use gongkai::api::{Attachment, Audience, Item, ItemKind, RegularPeriod};
use gongkai::domain::calendar::WorkCalendar;
use time::{Date, Month};

use crate::content::{at, Content};
use crate::files::{FileKind, Files};
use crate::WorkingDays;

/// A past period a regular report covers.
struct Covered {
    covers: String,
    /// `2026年第三季度`
    label: String,
    /// Months of the period, first to last.
    months: Vec<(i32, Month)>,
    /// When the report comes out: a working day shortly after the period.
    published: Date,
}

fn first_of(year: i32, month: Month) -> Date {
    Date::from_calendar_date(year, month, 1).expect("the first of a month")
}

fn add_months(year: i32, month: Month, n: i32) -> (i32, Month) {
    let index = year * 12 + i32::from(u8::from(month)) - 1 + n;
    let m = Month::try_from((index.rem_euclid(12) + 1) as u8).expect("a month number");
    (index.div_euclid(12), m)
}

/// The latest `count` periods of `period` whose report is out by `today`,
/// newest first. A report comes out on the first working day from the
/// `day_after`-th of the month following the period.
fn covered(
    period: RegularPeriod,
    today: Date,
    count: u32,
    calendar: &WorkCalendar,
    day_after: u8,
) -> Vec<Covered> {
    let len = match period {
        RegularPeriod::Month => 1,
        RegularPeriod::Quarter => 3,
        RegularPeriod::HalfYear => 6,
        RegularPeriod::Year => 12,
    };
    // The period containing today, then step back.
    let month0 = (u8::from(today.month()) as i32 - 1) / len * len;
    let mut first = (
        today.year(),
        Month::try_from(month0 as u8 + 1).expect("a month number"),
    );
    let mut out = Vec::new();
    while out.len() < count as usize {
        first = add_months(first.0, first.1, -len);
        let months: Vec<(i32, Month)> = (0..len).map(|i| add_months(first.0, first.1, i)).collect();
        let after = add_months(first.0, first.1, len);
        let day = first_of(after.0, after.1)
            .replace_day(day_after)
            .expect("a day of the month");
        let published = calendar.shift(day, 0);
        if published > today {
            continue;
        }
        let (y, m) = first;
        let n = u8::from(m);
        let (covers, label) = match period {
            RegularPeriod::Month => (format!("{y}-{n:02}"), format!("{y}年{n}月")),
            RegularPeriod::Quarter => {
                let q = (n - 1) / 3 + 1;
                (
                    format!("{y}-Q{q}"),
                    format!("{y}年第{}季度", ["一", "二", "三", "四"][q as usize - 1]),
                )
            }
            RegularPeriod::HalfYear => {
                let h = (n - 1) / 6 + 1;
                (
                    format!("{y}-H{h}"),
                    format!("{y}年{}", if h == 1 { "上半年" } else { "下半年" }),
                )
            }
            RegularPeriod::Year => (format!("{y}"), format!("{y}年度")),
        };
        out.push(Covered {
            covers,
            label,
            months,
            published,
        });
    }
    out
}

/// FNV-1a: stable made-up numbers.
fn hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain([0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// A number in `lo..=hi` drawn from `parts`.
fn pick(parts: &[&str], lo: u64, hi: u64) -> u64 {
    lo + hash(parts) % (hi - lo + 1)
}

/// `12345` fen → `123.45`
fn yuan(fen: u64) -> String {
    let s = format!("{}.{:02}", fen / 100, fen % 100);
    // Thousands separators for the integer part.
    let (int, frac) = s.split_once('.').expect("a decimal point");
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{grouped}.{frac}")
}

pub fn items(
    content: &Content,
    today: Date,
    calendar: &WorkCalendar,
    files: &mut Files,
) -> Vec<Item> {
    let mut items = Vec::new();
    let hotline = content.site.hotline.clone().unwrap_or_default();
    for (n, dues) in content.dues.iter().enumerate() {
        for (i, c) in covered(RegularPeriod::Quarter, today, dues.quarters, calendar, 10)
            .into_iter()
            .enumerate()
        {
            // The latest report of the first two branches carries its detail as CSV.
            items.push(dues_item(
                content,
                dues,
                &c,
                &hotline,
                (i == 0 && n < 2).then_some(&mut *files),
            ));
        }
    }
    for spec in &content.finance {
        let day_after = match spec.period {
            RegularPeriod::Month => 5,
            _ => 15,
        };
        for c in covered(spec.period, today, spec.count, calendar, day_after) {
            items.push(finance_item(content, &spec.org, spec.period, &c, &hotline));
        }
    }
    items
}

fn dues_item(
    content: &Content,
    dues: &crate::content::DuesSpec,
    c: &Covered,
    hotline: &str,
    files: Option<&mut Files>,
) -> Item {
    let org = &dues.org;
    let org_name = content.org_name(org);
    let mut rows = String::new();
    let mut csv = vec!["月份,应缴人数,实缴人数,实缴金额（元）,备注".to_owned()];
    let (mut due_total, mut paid_total, mut fen_total) = (0, 0, 0);
    for (y, m) in &c.months {
        let key = format!("{y}-{}", u8::from(*m));
        let due = dues.members;
        let missing = pick(&[org, &key, "missing"], 0, 5).saturating_sub(3) as u32; // mostly 0
        let paid = due - missing;
        let fen =
            u64::from(paid) * dues.average_fen * pick(&[org, &key, "fen"], 9_200, 10_800) / 10_000;
        let note = if missing > 0 {
            format!("{missing}名党员外出务工，已于次月补缴")
        } else {
            "按时足额缴纳".to_owned()
        };
        rows.push_str(&format!(
            "<tr><td>{}月</td><td>{due}</td><td>{paid}</td><td>{}</td><td>{note}</td></tr>\n",
            u8::from(*m),
            yuan(fen)
        ));
        csv.push(format!(
            "{y}年{}月,{due},{paid},{},{note}",
            u8::from(*m),
            yuan(fen).replace(',', "")
        ));
        due_total += due;
        paid_total += paid;
        fen_total += fen;
    }
    csv.push(format!(
        "合计,{due_total},{paid_total},{},",
        yuan(fen_total).replace(',', "")
    ));
    let body = format!(
        "<p>根据《中国共产党章程》和《关于中国共产党党费收缴、使用和管理的规定》，现将{org_name}{label}党费收缴情况公开如下：</p>\n\
         <table>\n<caption>{label}党费收缴明细</caption>\n\
         <thead><tr><th>月份</th><th>应缴人数</th><th>实缴人数</th><th>实缴金额（元）</th><th>备注</th></tr></thead>\n\
         <tbody>\n{rows}</tbody>\n\
         <tfoot><tr><th>合计</th><td>{due_total}</td><td>{paid_total}</td><td>{total}</td><td></td></tr></tfoot>\n</table>\n\
         <h3>党费使用情况</h3>\n\
         <p>本季度收缴党费{total}元已按规定全额上缴镇党委，支部未留存、未使用党费。镇党委下拨的党员教育经费使用情况另行公开。</p>\n\
         <p>党员对本人党费缴纳基数、金额有疑问的，请向支部组织委员查询；对党费收缴使用有意见建议的，可拨打监督电话 <a href=\"tel:{tel}\">{hotline}</a>。</p>",
        label = c.label,
        total = yuan(fen_total),
        tel = hotline.replace('-', ""),
    );
    let id = format!("dues-{org}-{}", c.covers.to_lowercase());
    let attachments: Vec<Attachment> = files
        .map(|files| {
            let name = format!("{org_name}{}党费收缴明细.csv", c.label);
            vec![files.add(&format!("files/{id}.csv"), FileKind::Csv, &name, &csv)]
        })
        .unwrap_or_default();
    Item {
        id,
        org: org.clone(),
        category: "dues".into(),
        title: format!("{org_name}{}党费收缴使用情况公开", c.label),
        summary: format!(
            "{}应缴{due_total}人次，实缴{paid_total}人次，收缴党费{}元，已全额上缴镇党委。",
            c.label,
            yuan(fen_total)
        ),
        body_html: body,
        kind: ItemKind::Regular {
            period: RegularPeriod::Quarter,
            covers: Some(c.covers.clone()),
        },
        audience: Audience::Public,
        published_at: at(c.published, "10:00").expect("a valid time"),
        publicity: None,
        attachments,
        revisions: Vec::new(),
        superseded_by: None,
        objections_under_review: false,
    }
}

/// A line of a finance table: name, and the range its amount is drawn from.
type Line = (&'static str, u64, u64);

fn finance_item(
    content: &Content,
    org: &str,
    period: RegularPeriod,
    c: &Covered,
    hotline: &str,
) -> Item {
    let org_name = content.org_name(org);
    let months = c.months.len() as u64;
    let committee = content.site.root_org == org;
    let (title, income, spending, intro): (String, &[Line], &[Line], &str) = if committee {
        (
            format!("青溪镇{}党建工作经费及专项资金使用情况公开", c.label),
            &[("县委组织部下拨基层党建专项经费", 180_000, 260_000), ("镇财政安排党建工作经费", 240_000, 320_000), ("上级党组织返还党费（党员教育培训）", 30_000, 60_000)],
            &[
                ("村（社区）党组织工作经费", 150_000, 220_000),
                ("党员教育培训", 35_000, 70_000),
                ("党群服务中心运行维护", 40_000, 90_000),
                ("走访慰问困难党员、老党员", 20_000, 45_000),
                ("“两新”组织党建指导", 8_000, 22_000),
            ],
            "经镇党委会议研究（“三重一大”事项集体决策），专项资金专款专用，大额支出均经集体讨论决定。",
        )
    } else {
        (
            format!(
                "{}{}村级财务收支情况公开",
                org_name.trim_end_matches("党支部"),
                c.label
            ),
            &[
                ("上级转移支付（村级组织运转经费）", 8_000, 14_000),
                ("集体资产（厂房、店面）租赁收入", 6_000, 25_000),
                ("土地流转服务费", 1_000, 4_000),
            ],
            &[
                ("村干部基本报酬及补贴", 9_000, 13_000),
                ("办公费、水电费", 1_000, 2_500),
                ("环境卫生保洁", 2_000, 4_000),
                ("村道、沟渠日常养护", 800, 6_000),
                ("党员活动及宣传费用", 300, 1_200),
            ],
            "本期收支已经村务监督委员会审核，凭证可到村便民服务中心查阅。",
        )
    };
    let scale = if committee { 1 } else { months };
    let mut table = String::from("<table>\n<caption>收支明细</caption>\n<thead><tr><th>类别</th><th>项目</th><th>金额（元）</th></tr></thead>\n<tbody>\n");
    let mut sums = [0u64; 2];
    for (side, (label, lines)) in [("收入", income), ("支出", spending)]
        .into_iter()
        .enumerate()
    {
        for (name, lo, hi) in lines {
            // Ranges in yuan per month (villages) or per half year (committee).
            let fen = pick(&[org, &c.covers, name], *lo, *hi) * scale * 100;
            sums[side] += fen;
            table.push_str(&format!(
                "<tr><td>{label}</td><td>{name}</td><td>{}</td></tr>\n",
                yuan(fen)
            ));
        }
    }
    table.push_str(&format!(
        "</tbody>\n<tfoot><tr><th colspan=\"2\">收入合计</th><td>{}</td></tr><tr><th colspan=\"2\">支出合计</th><td>{}</td></tr></tfoot>\n</table>",
        yuan(sums[0]),
        yuan(sums[1])
    ));
    let balance = if sums[0] >= sums[1] {
        format!("本期结余{}元", yuan(sums[0] - sums[1]))
    } else {
        format!(
            "本期支出大于收入{}元，由上年结余弥补",
            yuan(sums[1] - sums[0])
        )
    };
    let body = format!(
        "<p>现将{label}收支情况公开如下，接受党员群众监督。{intro}</p>\n{table}\n<p>{balance}。</p>\n\
         <p>对公开内容有疑问的，请于公开之日起10日内向{org_name}或镇纪委反映，监督电话 <a href=\"tel:{tel}\">{hotline}</a>。</p>",
        label = c.label,
        tel = hotline.replace('-', ""),
    );
    Item {
        id: format!("finance-{org}-{}", c.covers.to_lowercase()),
        org: org.to_owned(),
        category: "finance".into(),
        title,
        summary: format!(
            "{}收入{}元，支出{}元，{balance}。",
            c.label,
            yuan(sums[0]),
            yuan(sums[1])
        ),
        body_html: body,
        kind: ItemKind::Regular {
            period,
            covers: Some(c.covers.clone()),
        },
        audience: Audience::Public,
        published_at: at(c.published, "16:00").expect("a valid time"),
        publicity: None,
        attachments: Vec::new(),
        revisions: Vec::new(),
        superseded_by: None,
        objections_under_review: false,
    }
}
