//! Strings with figures in them, in the locale: dates, months, counts, scores and the
//! sentences built around a number.

use super::Locale;
use chrono::{Datelike, NaiveDate};

/// A date in the locale: "23 Nov 2026", "2026年11月23日".
pub fn date(d: NaiveDate, locale: Locale) -> String {
    match locale {
        Locale::En => d.format("%-d %b %Y").to_string(),
        Locale::ZhCn => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
    }
}

/// A month in the locale: "Nov 2026", "2026年11月".
pub fn month(d: NaiveDate, locale: Locale) -> String {
    match locale {
        Locale::En => d.format("%b %Y").to_string(),
        Locale::ZhCn => format!("{}年{}月", d.year(), d.month()),
    }
}

/// A short month for chart axes: "Nov", "11月".
pub fn month_short(d: NaiveDate, locale: Locale) -> String {
    match locale {
        Locale::En => d.format("%b").to_string(),
        Locale::ZhCn => format!("{}月", d.month()),
    }
}

/// A count with thousands separators: 100000 -> "100,000".
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A score with one decimal, or a dash when there were no answers.
pub fn score(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format!("{v:.1}"))
}

/// "+1,234.00 vs last month", "较上月 +1,234.00".
pub fn vs_last_month(change: &str, locale: Locale) -> String {
    match locale {
        Locale::En => format!("{change} vs last month"),
        Locale::ZhCn => format!("较上月 {change}"),
    }
}

/// "12 days overdue", "逾期 12 天".
pub fn days_overdue(days: u32, locale: Locale) -> String {
    match locale {
        Locale::En if days == 1 => "1 day overdue".to_owned(),
        Locale::En => format!("{days} days overdue"),
        Locale::ZhCn => format!("逾期 {days} 天"),
    }
}

/// An overdue follow-up of a customer no contact was ever logged with.
pub fn never_contacted(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "never contacted",
        Locale::ZhCn => "从未联系",
    }
}

/// "and 12 more", "另有 12 项".
pub fn and_more(n: usize, locale: Locale) -> String {
    match locale {
        Locale::En => format!("and {n} more"),
        Locale::ZhCn => format!("另有 {n} 项"),
    }
}

/// "Top 10% of customers hold 85.2% of deposits".
pub fn top_share(percent: u32, share_bp: u32, locale: Locale) -> String {
    let share = f64::from(share_bp) / 100.0;
    match locale {
        Locale::En => format!("Top {percent}% of customers hold {share:.1}% of deposits"),
        Locale::ZhCn => format!("前 {percent}% 的客户持有 {share:.1}% 的存款"),
    }
}

/// An RM without a known name: "RM #3", "客户经理 #3".
pub fn rm_label(id: i64, locale: Locale) -> String {
    match locale {
        Locale::En => format!("RM #{id}"),
        Locale::ZhCn => format!("客户经理 #{id}"),
    }
}

/// "Churn risk 82 of 100", for screen readers beside a bare figure.
pub fn churn_score(score: u8, locale: Locale) -> String {
    match locale {
        Locale::En => format!("Churn risk {score} of 100"),
        Locale::ZhCn => format!("流失风险 {score} 分（满分100）"),
    }
}

/// "1 customer", "250 customers", "250 位客户".
pub fn customer_count(n: usize, locale: Locale) -> String {
    match locale {
        Locale::En if n == 1 => "1 customer".to_owned(),
        Locale::En => format!("{} customers", count(n as u64)),
        Locale::ZhCn => format!("{} 位客户", count(n as u64)),
    }
}

/// "1 field to confirm", "12 fields to confirm", "12 项资料".
pub fn fields_to_confirm(n: usize, locale: Locale) -> String {
    match locale {
        Locale::En if n == 1 => "1 field to confirm".to_owned(),
        Locale::En => format!("{} fields to confirm", count(n as u64)),
        Locale::ZhCn => format!("{} 项资料待确认", count(n as u64)),
    }
}

/// "1 entry", "200 entries", "200 条记录": the size of an audit search.
pub fn entry_count(n: usize, locale: Locale) -> String {
    match locale {
        Locale::En if n == 1 => "1 entry".to_owned(),
        Locale::En => format!("{} entries", count(n as u64)),
        Locale::ZhCn => format!("{} 条记录", count(n as u64)),
    }
}

/// "1 complaint", "12 complaints", "12 条投诉".
pub fn complaint_count(n: usize, locale: Locale) -> String {
    match locale {
        Locale::En if n == 1 => "1 complaint".to_owned(),
        Locale::En => format!("{} complaints", count(n as u64)),
        Locale::ZhCn => format!("{} 条投诉", count(n as u64)),
    }
}

/// A share 0–1 as a percentage with one decimal ("87.5%"), or a dash when there is none.
pub fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "—".to_owned(), |v| format!("{:.1}%", v * 100.0))
}

/// "Showing 12 of 250", shown while a search narrows the book.
pub fn showing_of(shown: usize, total: usize, locale: Locale) -> String {
    match locale {
        Locale::En => format!("Showing {} of {}", count(shown as u64), count(total as u64)),
        Locale::ZhCn => format!("显示 {} / {}", count(shown as u64), count(total as u64)),
    }
}

/// "Customers 51–100 of 12,345", "第 51–100 位，共 12,345 位客户".
pub fn rows_of(first: usize, last: usize, total: usize, locale: Locale) -> String {
    let (first, last, total) = (count(first as u64), count(last as u64), count(total as u64));
    match locale {
        Locale::En => format!("Customers {first}–{last} of {total}"),
        Locale::ZhCn => format!("第 {first}–{last} 位，共 {total} 位客户"),
    }
}

/// "Page 3", "第 3 页".
pub fn page_number(n: usize, locale: Locale) -> String {
    match locale {
        Locale::En => format!("Page {n}"),
        Locale::ZhCn => format!("第 {n} 页"),
    }
}

/// "Figures as of 14:05, being updated": a big scope's figures computed before the
/// latest change, shown while the server computes new ones (docs/rules.md, Big scopes).
pub fn figures_as_of(when: &str, locale: Locale) -> String {
    match locale {
        Locale::En => format!("Figures as of {when}, being updated"),
        Locale::ZhCn => format!("数据截至 {when}，正在更新"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn counts_read_naturally() {
        assert_eq!(customer_count(1, Locale::En), "1 customer");
        assert_eq!(customer_count(250, Locale::En), "250 customers");
        assert_eq!(customer_count(250, Locale::ZhCn), "250 位客户");
        assert_eq!(customer_count(100_000, Locale::En), "100,000 customers");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn dates_follow_the_locale() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        assert_eq!(date(d, Locale::En), "5 Mar 2026");
        assert_eq!(date(d, Locale::ZhCn), "2026年3月5日");
        assert_eq!(month(d, Locale::ZhCn), "2026年3月");
    }
}
