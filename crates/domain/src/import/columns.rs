//! The documented column sets of each kind of import file, each column with an English
//! and a Chinese header (both accepted, order free), and the header row matched against
//! them (docs/rules.md, Import).

use super::{ImportKind, Problem};
use serde::{Deserialize, Serialize};

/// How a column's value is shown in a report: personal data masked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    Plain,
    Name,
    IdNumber,
    Mobile,
    /// Email and address: hidden but for their first character.
    Hidden,
}

/// One documented column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    /// The English header, also the column's name in reports.
    pub en: &'static str,
    pub zh: &'static str,
    pub required: bool,
    pub shown: Shown,
    /// What the column holds, for the template's documentation.
    pub note: &'static str,
}

const fn col(
    en: &'static str,
    zh: &'static str,
    required: bool,
    shown: Shown,
    note: &'static str,
) -> Column {
    Column {
        en,
        zh,
        required,
        shown,
        note,
    }
}

/// Customers, keyed by the bank's customer number.
pub const CUSTOMER_COLUMNS: &[Column] = &[
    col("customer_no", "客户号", true, Shown::Plain, "the bank's customer number (the key)"),
    col("name", "姓名", true, Shown::Name, "full name"),
    col("id_type", "证件类型", false, Shown::Plain, "resident_id_card (default) / passport / hk_macao_permit / taiwan_permit / foreign_permanent_resident_card, or 身份证/护照/港澳通行证/台湾通行证/外国人永久居留证"),
    col("id_number", "证件号码", true, Shown::IdNumber, "18-digit resident ID (check character verified) or the old 15-digit form"),
    col("phone", "手机号", true, Shown::Mobile, "mainland mobile, 11 digits"),
    col("gender", "性别", false, Shown::Plain, "female/male or 女/男 (default unspecified)"),
    col("birth_date", "出生日期", true, Shown::Hidden, "YYYY-MM-DD"),
    col("rm_username", "客户经理", true, Shown::Plain, "the relationship manager's username"),
    col("email", "电子邮箱", false, Shown::Hidden, "optional"),
    col("address", "地址", false, Shown::Hidden, "home address"),
    col("occupation", "职业", false, Shown::Plain, "free text"),
    col("income_band", "年收入", false, Shown::Plain, "<100k / 100k-200k / 200k-500k / 500k-1m / >1m (default <100k)"),
    col("risk_level", "风险等级", false, Shown::Plain, "C1..C5 (empty: not assessed)"),
    col("risk_assessed_on", "风险测评日期", false, Shown::Plain, "YYYY-MM-DD, required with a risk level"),
    col("since", "开户日期", false, Shown::Plain, "YYYY-MM-DD (default: the import's date)"),
];

/// Holdings, keyed by the bank's account number.
pub const HOLDING_COLUMNS: &[Column] = &[
    col(
        "account_no",
        "账号",
        true,
        Shown::Plain,
        "the bank's account or contract number (the key)",
    ),
    col(
        "customer_no",
        "客户号",
        true,
        Shown::Plain,
        "the holder's customer number",
    ),
    col(
        "product_code",
        "产品代码",
        true,
        Shown::Plain,
        "a product code of the shelf",
    ),
    col(
        "balance",
        "余额",
        true,
        Shown::Plain,
        "yuan, digits with at most two decimals",
    ),
    col("opened_on", "开立日期", true, Shown::Plain, "YYYY-MM-DD"),
    col(
        "matures_on",
        "到期日",
        false,
        Shown::Plain,
        "YYYY-MM-DD, empty when open-ended",
    ),
];

/// Monthly transaction aggregates, keyed by customer number + month (what the bank's
/// `monthly_history` holds: the activity, flow, AUM and contribution rules read it).
pub const MONTHLY_COLUMNS: &[Column] = &[
    col(
        "customer_no",
        "客户号",
        true,
        Shown::Plain,
        "the customer's number (part of the key)",
    ),
    col(
        "month",
        "月份",
        true,
        Shown::Plain,
        "YYYY-MM (part of the key)",
    ),
    col(
        "transactions",
        "交易笔数",
        true,
        Shown::Plain,
        "customer-initiated transactions in the month, a whole number",
    ),
    col(
        "logins",
        "登录次数",
        false,
        Shown::Plain,
        "online and app logins in the month (default 0)",
    ),
    col(
        "inflow",
        "流入金额",
        true,
        Shown::Plain,
        "yuan flowing in during the month",
    ),
    col(
        "outflow",
        "流出金额",
        true,
        Shown::Plain,
        "yuan flowing out during the month",
    ),
    col(
        "aum_end",
        "月末资产",
        true,
        Shown::Plain,
        "assets under management at the month's end, yuan",
    ),
    col(
        "margin",
        "贡献",
        false,
        Shown::Plain,
        "the bank's margin on the customer that month, yuan (default 0)",
    ),
];

/// Contacts (联系记录), keyed by customer number + contact date + channel.
pub const CONTACT_COLUMNS: &[Column] = &[
    col("customer_no", "客户号", true, Shown::Plain, "the customer's number (part of the key)"),
    col("occurred_on", "联系日期", true, Shown::Plain, "YYYY-MM-DD (part of the key)"),
    col("channel", "渠道", true, Shown::Plain, "branch / phone / message / app / email / visit / event, or 网点/电话/短信/手机银行/邮件/上门/活动 (part of the key)"),
    col("kind", "联系方式", true, Shown::Plain, "visit / call / message / event, or 拜访/电话/短信/活动"),
    col("outcome", "结果", true, Shown::Plain, "interested / not_interested / follow_up_scheduled / product_purchased / no_answer / service_request / care_delivered, or 有意向/无意向/已约跟进/已购买/未接通/服务请求/关怀已送达"),
    col("rm_username", "客户经理", false, Shown::Plain, "who made the contact (default: the customer's RM)"),
    col("note", "备注", false, Shown::Hidden, "what was said, free text"),
];

/// Satisfaction surveys, keyed by customer number + answer date. The rating columns are
/// the browser's survey file's (`crate::survey_csv`), by the same names.
pub const SURVEY_COLUMNS: &[Column] = &[
    col(
        "customer_no",
        "客户号",
        true,
        Shown::Plain,
        "the customer's number (part of the key)",
    ),
    col(
        "answered_on",
        "答卷日期",
        true,
        Shown::Plain,
        "YYYY-MM-DD (part of the key)",
    ),
    col(
        "recommend",
        "推荐意愿",
        true,
        Shown::Plain,
        "would recommend us, 0–10",
    ),
    col(
        "overall",
        "总体满意度",
        true,
        Shown::Plain,
        "overall satisfaction, 1–5",
    ),
    col(
        "waiting_time_satisfaction",
        "等候时间满意度",
        false,
        Shown::Plain,
        "1–5, with its importance or neither",
    ),
    col(
        "waiting_time_importance",
        "等候时间重要性",
        false,
        Shown::Plain,
        "1–5",
    ),
    col(
        "staff_attitude_satisfaction",
        "服务态度满意度",
        false,
        Shown::Plain,
        "1–5",
    ),
    col(
        "staff_attitude_importance",
        "服务态度重要性",
        false,
        Shown::Plain,
        "1–5",
    ),
    col(
        "expertise_satisfaction",
        "专业能力满意度",
        false,
        Shown::Plain,
        "1–5",
    ),
    col(
        "expertise_importance",
        "专业能力重要性",
        false,
        Shown::Plain,
        "1–5",
    ),
    col(
        "product_range_satisfaction",
        "产品种类满意度",
        false,
        Shown::Plain,
        "1–5",
    ),
    col(
        "product_range_importance",
        "产品种类重要性",
        false,
        Shown::Plain,
        "1–5",
    ),
    col(
        "digital_channels_satisfaction",
        "电子渠道满意度",
        false,
        Shown::Plain,
        "1–5",
    ),
    col(
        "digital_channels_importance",
        "电子渠道重要性",
        false,
        Shown::Plain,
        "1–5",
    ),
    col(
        "fees_satisfaction",
        "收费满意度",
        false,
        Shown::Plain,
        "1–5",
    ),
    col("fees_importance", "收费重要性", false, Shown::Plain, "1–5"),
    col(
        "branch_environment_satisfaction",
        "网点环境满意度",
        false,
        Shown::Plain,
        "1–5",
    ),
    col(
        "branch_environment_importance",
        "网点环境重要性",
        false,
        Shown::Plain,
        "1–5",
    ),
];

pub fn columns_of(kind: ImportKind) -> &'static [Column] {
    match kind {
        ImportKind::Customers => CUSTOMER_COLUMNS,
        ImportKind::Holdings => HOLDING_COLUMNS,
        ImportKind::MonthlyFlows => MONTHLY_COLUMNS,
        ImportKind::Contacts => CONTACT_COLUMNS,
        ImportKind::Surveys => SURVEY_COLUMNS,
    }
}

/// The language of a template's header row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HeaderLang {
    En,
    Zh,
}

/// The template's header row.
pub fn template_header(kind: ImportKind, lang: HeaderLang) -> Vec<&'static str> {
    columns_of(kind)
        .iter()
        .map(|c| match lang {
            HeaderLang::En => c.en,
            HeaderLang::Zh => c.zh,
        })
        .collect()
}

/// Where each documented column is in the file, and what the header got wrong.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HeaderMatch {
    /// For each documented column (in order), its position in the file's rows.
    pub positions: Vec<Option<usize>>,
    /// Header cells that name no column, as written.
    pub unknown: Vec<String>,
    /// Required columns absent (English names).
    pub missing: Vec<&'static str>,
    /// Columns named twice (English names).
    pub duplicated: Vec<&'static str>,
    /// Fields a row must have: the header's length.
    pub width: usize,
}

impl HeaderMatch {
    /// Whether rows can be read with this header.
    pub fn is_usable(&self) -> bool {
        self.missing.is_empty() && self.duplicated.is_empty()
    }

    /// The problems of the header: row 0, the column's name as detail.
    pub fn problems(&self) -> Vec<(Problem, String)> {
        let mut out = vec![];
        out.extend(
            self.missing
                .iter()
                .map(|c| (Problem::MissingColumn, (*c).to_owned())),
        );
        out.extend(
            self.duplicated
                .iter()
                .map(|c| (Problem::DuplicateColumn, (*c).to_owned())),
        );
        out.extend(
            self.unknown
                .iter()
                .map(|c| (Problem::UnknownColumn, c.clone())),
        );
        out
    }
}

/// Match a header row: each cell trimmed (a BOM too), English names case-insensitive.
pub fn match_header(kind: ImportKind, header: &[&str]) -> HeaderMatch {
    let columns = columns_of(kind);
    let mut m = HeaderMatch {
        positions: vec![None; columns.len()],
        width: header.len(),
        ..HeaderMatch::default()
    };
    for (i, raw) in header.iter().enumerate() {
        let cell = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if cell.is_empty() {
            continue;
        }
        match columns
            .iter()
            .position(|c| c.en.eq_ignore_ascii_case(cell) || c.zh == cell)
        {
            Some(c) if m.positions[c].is_some() => {
                if !m.duplicated.contains(&columns[c].en) {
                    m.duplicated.push(columns[c].en);
                }
            }
            Some(c) => m.positions[c] = Some(i),
            None => m.unknown.push(cell.to_owned()),
        }
    }
    m.missing = columns
        .iter()
        .zip(&m.positions)
        .filter(|(c, p)| c.required && p.is_none())
        .map(|(c, _)| c.en)
        .collect();
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn english_and_chinese_headers_match_in_any_order_and_unknown_ones_are_named() {
        let m = match_header(
            ImportKind::Holdings,
            &[
                "余额",
                "\u{feff}Account_No",
                "客户号",
                "product_code",
                "opened_on",
                "branch",
            ],
        );
        assert!(m.is_usable());
        assert_eq!(
            m.positions,
            vec![Some(1), Some(2), Some(3), Some(0), Some(4), None]
        );
        assert_eq!(m.unknown, vec!["branch".to_owned()]);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_missing_required_column_and_a_repeated_one_are_named() {
        let m = match_header(ImportKind::Holdings, &["account_no", "账号", "customer_no"]);
        assert!(!m.is_usable());
        assert_eq!(m.duplicated, vec!["account_no"]);
        assert_eq!(m.missing, vec!["product_code", "balance", "opened_on"]);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_survey_rating_columns_are_the_browser_survey_files_own() {
        let browser: Vec<String> = crate::survey_csv::Column::all()
            .into_iter()
            .map(crate::survey_csv::Column::name)
            .collect();
        let ours: Vec<&str> = SURVEY_COLUMNS.iter().map(|c| c.en).collect();
        assert_eq!(browser[0], "customer_id");
        assert_eq!(&ours[0], &"customer_no");
        assert_eq!(browser[1..], ours[1..]);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn every_templates_header_matches_itself_in_both_languages() {
        for kind in ImportKind::ALL {
            for lang in [HeaderLang::En, HeaderLang::Zh] {
                let header = template_header(kind, lang);
                let m = match_header(kind, &header);
                assert!(m.is_usable() && m.unknown.is_empty(), "{kind:?} {lang:?}");
                assert!(m.positions.iter().all(Option::is_some));
            }
        }
    }
}
