//! Dates, sizes and labels formatted for people, in the current locale.
//! Pure functions: tested natively.

use time::{Date, OffsetDateTime};

use crate::api::{Contact, FeedbackKind, FeedbackStatus, OrgKind, Rating, RegularPeriod};
use crate::domain::clock::{china_date, in_china};
use crate::domain::contacts::ContactGroup;
use crate::domain::covers::{Covered, Span};
use crate::domain::period::PeriodStatus;
use crate::t;

/// `2026年11月22日`
pub fn format_date(d: Date) -> String {
    t!(
        date_ymd,
        y = d.year(),
        mon = month_name(d.month()),
        d = d.day()
    )
}

/// A deadline, with its day of the week: `2026年12月1日（周二）`.
pub fn format_date_weekday(d: Date) -> String {
    t!(
        date_ymd_weekday,
        y = d.year(),
        mon = month_name(d.month()),
        d = d.day(),
        w = weekday_name(d)
    )
}

/// A near deadline, without the year: `12月1日（周二）`.
pub fn format_month_day_weekday(d: Date) -> String {
    t!(
        date_md_weekday,
        mon = month_name(d.month()),
        d = d.day(),
        w = weekday_name(d)
    )
}

/// `11月` (`November` in English): a month as the dates write it.
pub fn month_name(month: time::Month) -> &'static str {
    month_number_name(u8::from(month))
}

/// [`month_name`] of a month's number (1–12); another number gives `""`.
pub fn month_number_name(month: u8) -> &'static str {
    match month {
        1 => t!(month_1),
        2 => t!(month_2),
        3 => t!(month_3),
        4 => t!(month_4),
        5 => t!(month_5),
        6 => t!(month_6),
        7 => t!(month_7),
        8 => t!(month_8),
        9 => t!(month_9),
        10 => t!(month_10),
        11 => t!(month_11),
        12 => t!(month_12),
        _ => "",
    }
}

/// `周一` … `周日`.
pub fn weekday_name(d: Date) -> &'static str {
    use time::Weekday::*;
    match d.weekday() {
        Monday => t!(weekday_1),
        Tuesday => t!(weekday_2),
        Wednesday => t!(weekday_3),
        Thursday => t!(weekday_4),
        Friday => t!(weekday_5),
        Saturday => t!(weekday_6),
        Sunday => t!(weekday_7),
    }
}

/// The date and time in China: `2026年11月22日 09:05`.
pub fn format_datetime(at: OffsetDateTime) -> String {
    let at = in_china(at);
    t!(
        datetime_ymd_hm,
        date = format_date(at.date()),
        h = format_args!("{:02}", at.hour()),
        min = format_args!("{:02}", at.minute())
    )
}

/// The date in China of an instant: `2026年11月22日`.
pub fn format_day(at: OffsetDateTime) -> String {
    format_date(china_date(at))
}

/// ISO date in China for `<time datetime>`: `2026-11-22`.
pub fn iso_day(at: OffsetDateTime) -> String {
    iso_date(china_date(at))
}

pub fn iso_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// A span of days as a notice writes it: `2026年11月27日至12月1日`, the
/// end without what it shares with the start (`2026年11月3日至7日`), one day
/// as one date. An end before the start is written out in full, as sent.
pub fn format_date_range(start: Date, end: Date) -> String {
    if start == end {
        format_date(start)
    } else if end < start || start.year() != end.year() {
        t!(
            date_range,
            start = format_date(start),
            end = format_date(end)
        )
    } else if start.month() != end.month() {
        t!(
            date_range_same_year,
            y = start.year(),
            mon1 = month_name(start.month()),
            d1 = start.day(),
            mon2 = month_name(end.month()),
            d2 = end.day()
        )
    } else {
        t!(
            date_range_same_month,
            y = start.year(),
            mon = month_name(start.month()),
            d1 = start.day(),
            d2 = end.day()
        )
    }
}

/// What 读给我听 reads for a notice: its title, its publicity period
/// (`公示期2026年11月27日至12月1日`), and its text, one after another,
/// in the words of `locale` (the notice's language).
pub fn read_aloud_text(
    locale: super::Locale,
    title: &str,
    period: Option<(Date, Date)>,
    text: &str,
) -> String {
    super::with_locale(locale, || {
        let mut parts = vec![title.trim().to_owned()];
        if let Some((start, end)) = period {
            parts.push(t!(read_aloud_period, range = format_date_range(start, end)));
        }
        parts.push(text.trim().to_owned());
        parts.retain(|p| !p.is_empty());
        parts.join("\n")
    })
}

/// One contact on one line, for print: `王建国（支部书记）：电话 0571-86121101`,
/// `便民服务中心：地址 文化礼堂一楼，时间 工作日 8:30—17:00`.
pub fn contact_line(c: &Contact) -> String {
    let who = match &c.role {
        Some(role) => t!(contact_named, name = c.name, role = role),
        None => c.name.clone(),
    };
    let details: Vec<String> = [
        (t!(contact_phone), &c.phone),
        (t!(contact_email), &c.email),
        (t!(contact_address), &c.address),
        (t!(contact_hours), &c.hours),
    ]
    .into_iter()
    .filter_map(|(label, value)| {
        let value = value.as_deref()?.trim();
        (!value.is_empty()).then(|| t!(contact_detail, label = label, value = value))
    })
    .collect();
    match details.is_empty() {
        true => who,
        false => t!(
            contact_line,
            who = who,
            details = details.join(t!(list_separator))
        ),
    }
}

/// `532 B`, `12 KB`, `1.2 MB`, `3.4 GB` (binary multiples, one decimal
/// below 10 units).
pub fn format_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    // Integer arithmetic: float formatting would add kilobytes to the bundle.
    let bytes = u128::from(bytes);
    let mut unit = 0;
    let mut divisor: u128 = 1024;
    while bytes >= divisor * 1024 && unit < UNITS.len() - 1 {
        divisor *= 1024;
        unit += 1;
    }
    let tenths = (bytes * 10 + divisor / 2) / divisor;
    if tenths < 100 {
        format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[unit])
    } else {
        format!("{} {}", (bytes + divisor / 2) / divisor, UNITS[unit])
    }
}

/// A short label for a file's type: `PDF`, `Word`, `Excel`, `图片` …, from its
/// media type or, failing that, its extension.
pub fn file_type_label(media_type: Option<&str>, name: &str) -> String {
    let mt = media_type.unwrap_or_default().to_ascii_lowercase();
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .filter(|e| !e.is_empty() && e.len() <= 5 && e.chars().all(|c| c.is_ascii_alphanumeric()))
        .unwrap_or_default();
    let label = if mt == "application/pdf" || ext == "pdf" {
        "PDF"
    } else if mt.contains("word") || ext == "doc" || ext == "docx" || ext == "wps" {
        "Word"
    } else if mt.contains("excel")
        || mt.contains("spreadsheet")
        || ext == "xls"
        || ext == "xlsx"
        || ext == "et"
    {
        "Excel"
    } else if mt.contains("powerpoint")
        || mt.contains("presentation")
        || ext == "ppt"
        || ext == "pptx"
    {
        "PPT"
    } else if mt == "application/ofd" || ext == "ofd" {
        "OFD"
    } else if mt.starts_with("image/") {
        return t!(file_image).to_owned();
    } else if mt.starts_with("text/") || ext == "txt" {
        return t!(file_text).to_owned();
    } else if mt.contains("zip")
        || mt.contains("compressed")
        || ext == "zip"
        || ext == "rar"
        || ext == "7z"
    {
        return t!(file_archive).to_owned();
    } else if !ext.is_empty() {
        return ext.to_ascii_uppercase();
    } else {
        return t!(file_other).to_owned();
    };
    label.to_owned()
}

pub fn org_kind_label(kind: OrgKind) -> &'static str {
    match kind {
        OrgKind::Committee => t!(org_kind_committee),
        OrgKind::GeneralBranch => t!(org_kind_general_branch),
        OrgKind::Branch => t!(org_kind_branch),
        OrgKind::LeadingGroup => t!(org_kind_leading_group),
        OrgKind::Other => t!(org_kind_other),
    }
}

pub fn regular_period_label(p: RegularPeriod) -> &'static str {
    match p {
        RegularPeriod::Month => t!(period_month),
        RegularPeriod::Quarter => t!(period_quarter),
        RegularPeriod::HalfYear => t!(period_half_year),
        RegularPeriod::Year => t!(period_year),
    }
}

/// The period a regular item covers, for people: `2026-Q3` → `2026年第三季度`,
/// `2026-10` → `2026年10月`, `2026-H2` → `2026年下半年`, `2026` → `2026年`.
/// Anything else is shown as given.
pub fn covers_label(covers: &str) -> String {
    let Some(Covered { year: y, span }) = Covered::parse(covers) else {
        return covers.trim().to_owned();
    };
    match span {
        Span::Year => t!(covers_year, y = y),
        Span::Quarter(q) => t!(covers_quarter, y = y, quarter = quarter_name(q)),
        Span::Half(1) => t!(covers_first_half, y = y),
        Span::Half(_) => t!(covers_second_half, y = y),
        Span::Month(m) => t!(covers_month, y = y, mon = month_number_name(m)),
    }
}

/// `第一季度` … `第四季度`: one way of writing quarters everywhere.
pub fn quarter_name(q: u8) -> &'static str {
    match q {
        1 => t!(quarter_1),
        2 => t!(quarter_2),
        3 => t!(quarter_3),
        _ => t!(quarter_4),
    }
}

/// The heading over a group of the site's contacts.
pub fn contact_group_label(group: ContactGroup) -> &'static str {
    match group {
        ContactGroup::Office => t!(contacts_office),
        ContactGroup::Supervisor => t!(contacts_supervisors),
        ContactGroup::Discipline => t!(contacts_discipline),
        ContactGroup::Other => t!(contacts_other),
    }
}

pub fn feedback_kind_label(kind: FeedbackKind) -> &'static str {
    match kind {
        FeedbackKind::Suggestion => t!(feedback_kind_suggestion),
        FeedbackKind::Opinion => t!(feedback_kind_opinion),
        FeedbackKind::Objection => t!(feedback_kind_objection),
        FeedbackKind::Inquiry => t!(feedback_kind_inquiry),
        FeedbackKind::Complaint => t!(feedback_kind_complaint),
    }
}

pub fn feedback_status_label(status: FeedbackStatus) -> &'static str {
    match status {
        FeedbackStatus::Received => t!(feedback_status_received),
        FeedbackStatus::InProgress => t!(feedback_status_in_progress),
        FeedbackStatus::Replied => t!(feedback_status_replied),
        FeedbackStatus::Closed => t!(feedback_status_closed),
    }
}

pub fn rating_label(rating: Rating) -> &'static str {
    match rating {
        Rating::Satisfied => t!(rating_satisfied),
        Rating::BasicallySatisfied => t!(rating_basically_satisfied),
        Rating::Unsatisfied => t!(rating_unsatisfied),
    }
}

/// A publicity period's status in a word (公示中 …), for its badge.
pub fn period_status_label(status: &PeriodStatus) -> &'static str {
    match status {
        PeriodStatus::Upcoming { .. } => t!(status_upcoming),
        PeriodStatus::Open { .. } => t!(status_open),
        PeriodStatus::Ended { .. } => t!(status_ended),
    }
}

/// "含今天还有 N 个工作日，至12月1日（周二）止", "今天是公示最后一天（…）",
/// "将于 … 开始公示", "已于 … 结束": dates with the weekday, never a bare
/// count.
pub fn countdown_text(status: &PeriodStatus) -> String {
    match *status {
        PeriodStatus::Open {
            last_day: true,
            ends_on,
            ..
        } => t!(countdown_last_day, date = format_month_day_weekday(ends_on)),
        PeriodStatus::Open {
            remaining_working_days,
            counts_today,
            ends_on,
            ..
        } => {
            let date = format_month_day_weekday(ends_on);
            match (remaining_working_days, counts_today) {
                // No working day left before it closes on a weekend or a
                // holiday: "0 working days left" would read as "closed".
                (0, _) => t!(countdown_until, date = date),
                (1, true) => t!(countdown_today_last_working_day, date = date),
                (n, true) => t!(countdown_remaining, n = n, date = date),
                (n, false) => t!(countdown_remaining_from_tomorrow, n = n, date = date),
            }
        }
        PeriodStatus::Upcoming { starts_on, .. } => {
            t!(countdown_starts, date = format_date_weekday(starts_on))
        }
        PeriodStatus::Ended { ended_on } => t!(countdown_ended, date = format_date(ended_on)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn dates_in_chinese() {
        assert_eq!(format_date(date!(2026 - 11 - 22)), "2026年11月22日");
        assert_eq!(format_date(date!(2026 - 01 - 05)), "2026年1月5日");
        // 16:30 UTC is the next day in Beijing.
        assert_eq!(format_day(datetime!(2026-03-31 16:30 UTC)), "2026年4月1日");
        assert_eq!(
            format_datetime(datetime!(2026-03-31 16:05 UTC)),
            "2026年4月1日 00:05"
        );
        assert_eq!(iso_day(datetime!(2026-03-31 16:30 UTC)), "2026-04-01");
    }

    #[test]
    fn date_ranges_leave_out_what_the_end_shares_with_the_start() {
        let r = |a, b| format_date_range(a, b);
        assert_eq!(
            r(date!(2026 - 11 - 27), date!(2026 - 12 - 01)),
            "2026年11月27日至12月1日"
        );
        assert_eq!(
            r(date!(2026 - 11 - 03), date!(2026 - 11 - 07)),
            "2026年11月3日至7日"
        );
        assert_eq!(
            r(date!(2026 - 12 - 29), date!(2027 - 01 - 05)),
            "2026年12月29日至2027年1月5日"
        );
        assert_eq!(
            r(date!(2026 - 11 - 27), date!(2026 - 11 - 27)),
            "2026年11月27日"
        );
        // Bad data (end before start) is shown in full, never shortened into nonsense.
        assert_eq!(
            r(date!(2026 - 11 - 20), date!(2026 - 11 - 10)),
            "2026年11月20日至2026年11月10日"
        );
    }

    #[test]
    fn contacts_on_one_line() {
        let mut c = Contact {
            name: "王建国".into(),
            role: Some("支部书记".into()),
            phone: Some("0571-86121101".into()),
            ..Contact::default()
        };
        assert_eq!(contact_line(&c), "王建国（支部书记）：电话 0571-86121101");
        c.role = None;
        c.phone = Some("  ".into());
        c.address = Some("青溪村文化礼堂一楼".into());
        c.hours = Some("工作日 8:30—17:00".into());
        assert_eq!(
            contact_line(&c),
            "王建国：地址 青溪村文化礼堂一楼，时间 工作日 8:30—17:00"
        );
        c.address = None;
        c.hours = None;
        assert_eq!(contact_line(&c), "王建国");
    }

    #[test]
    fn sizes() {
        assert_eq!(format_size(0), "0 B");
        assert_eq!(format_size(1023), "1023 B");
        assert_eq!(format_size(1024), "1.0 KB");
        assert_eq!(format_size(12 * 1024 + 300), "12 KB");
        assert_eq!(format_size(1_258_291), "1.2 MB");
        assert_eq!(format_size(10_480_000), "10.0 MB".replace("10.0", "10"));
        assert_eq!(format_size(u64::MAX), "16777216 TB");
        assert_eq!(format_size(10_188), "9.9 KB");
        assert_eq!(
            format_size(10_189),
            "10 KB",
            "9.95 KB rounds up to a whole 10"
        );
        assert_eq!(format_size(1024 * 1024 - 1), "1024 KB");
    }

    #[test]
    fn file_types() {
        assert_eq!(file_type_label(Some("application/pdf"), "a"), "PDF");
        assert_eq!(file_type_label(None, "名单.PDF"), "PDF");
        assert_eq!(
            file_type_label(
                Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                "x"
            ),
            "Word"
        );
        assert_eq!(file_type_label(None, "表.xlsx"), "Excel");
        assert_eq!(file_type_label(Some("image/png"), "a.png"), "图片");
        assert_eq!(file_type_label(None, "noext"), "其他");
        assert_eq!(file_type_label(None, "a.csv"), "CSV");
    }

    #[test]
    fn deadlines_carry_the_weekday() {
        use time::macros::date;
        assert_eq!(
            format_date_weekday(date!(2026 - 12 - 01)),
            "2026年12月1日（周二）"
        );
        assert_eq!(
            format_month_day_weekday(date!(2026 - 11 - 29)),
            "11月29日（周日）"
        );
        assert_eq!(
            format_month_day_weekday(date!(2026 - 11 - 30)),
            "11月30日（周一）"
        );
    }

    #[test]
    fn covers() {
        assert_eq!(covers_label("2026-Q3"), "2026年第三季度");
        assert_eq!(covers_label("2025-q4"), "2025年第四季度");
        assert_eq!(quarter_name(1), "第一季度");
        assert_eq!(covers_label("2026-10"), "2026年10月");
        assert_eq!(covers_label("2026-H2"), "2026年下半年");
        assert_eq!(covers_label("2026"), "2026年");
        assert_eq!(covers_label("第三季度"), "第三季度");
        assert_eq!(covers_label("2026-13"), "2026-13");
    }

    /// Each shipped language's own formats (loaded as the app loads them).
    #[test]
    fn formats_per_locale() {
        use crate::i18n::{loaded::install_all_for_tests, with_locale, Locale};
        install_all_for_tests();
        let hant = Locale::from_tag("zh-Hant").expect("zh-Hant ships");
        let en = Locale::from_tag("en").expect("en ships");
        assert_eq!(covers_label("2026-Q3"), "2026年第三季度");
        assert_eq!(
            with_locale(hant, || covers_label("2026-Q3")),
            "2026年第三季度"
        );
        assert_eq!(with_locale(en, || covers_label("2026-Q3")), "Q3 2026");
        assert_eq!(with_locale(en, || covers_label("2026-10")), "October 2026");

        fn date(y: i32, m: u8, day: u8) -> Date {
            Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), day).unwrap()
        }
        type Case = (Locale, fn() -> String, &'static str);
        let cases: [Case; 6] = [
            (en, || format_date(date(2026, 11, 3)), "3 November 2026"),
            (
                en,
                || format_date_range(date(2026, 11, 3), date(2026, 11, 7)),
                "3 to 7 November 2026",
            ),
            (
                en,
                || format_date_range(date(2026, 11, 27), date(2026, 12, 1)),
                "27 November to 1 December 2026",
            ),
            (
                en,
                || format_date_range(date(2026, 12, 29), date(2027, 1, 5)),
                "29 December 2026 to 5 January 2027",
            ),
            (
                hant,
                || format_date_range(date(2026, 11, 3), date(2026, 11, 7)),
                "2026年11月3日至7日",
            ),
            (
                en,
                || format_date_weekday(date(2026, 12, 1)),
                "Tuesday 1 December 2026",
            ),
        ];
        for (locale, format, expected) in cases {
            assert_eq!(with_locale(locale, format), expected);
        }
        // Back to the default outside with_locale.
        assert_eq!(format_date(date(2026, 11, 3)), "2026年11月3日");
    }

    #[test]
    fn read_aloud_reads_title_period_and_text_in_the_notice_language() {
        use crate::i18n::Locale;
        let d = |m, day| {
            Date::from_calendar_date(2026, time::Month::try_from(m).unwrap(), day).unwrap()
        };
        assert_eq!(
            read_aloud_text(
                Locale::default(),
                " 关于张三同志任前公示 ",
                Some((d(11, 27), d(12, 3))),
                "  正文。"
            ),
            "关于张三同志任前公示\n公示期2026年11月27日至12月3日。\n正文。"
        );
        assert_eq!(read_aloud_text(Locale::default(), "标题", None, ""), "标题");
    }
}
