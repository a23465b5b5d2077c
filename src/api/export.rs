//! Downloads of `GET /api/exports/{what}`: the customer list, the complaint lists and
//! analysis, and the satisfaction figures as CSV or XLSX files, fetched whole so that a
//! refusal comes back as a readable error rather than a file.

use super::{read_error, ApiError};
use clientbook_domain::{Lang, Money, RiskLevel, UserId};
use gloo_net::http::Request;

/// The file's format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 2] = [ExportFormat::Csv, ExportFormat::Xlsx];

    pub const fn code(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
        }
    }
}

/// Which complaints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComplaintList {
    Open,
    Nearing,
    Overdue,
}

/// What to export, with the filters the server applies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportRequest {
    /// As `GET /api/customers`: the search, risk level, AUM bounds and order.
    Customers {
        search: String,
        risk_level: Option<RiskLevel>,
        min_aum: Option<Money>,
        below_aum: Option<Money>,
        aum_desc: bool,
        /// Only this RM's customers (the paged list of a big scope).
        rm: Option<UserId>,
    },
    Complaints(ComplaintList),
    /// `YYYY-MM`, or the server's current month.
    ComplaintAnalysis(Option<String>),
    Satisfaction,
}

/// A downloaded file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportFile {
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

pub(crate) mod url {
    use super::{ComplaintList, ExportFormat, ExportRequest};
    use clientbook_domain::Lang;

    /// Percent-encodes all but RFC 3986's unreserved characters.
    pub fn encode(s: &str) -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    }

    /// The query parameters `GET /api/customers` and its export share.
    pub fn customer_filters(req: &ExportRequest) -> Vec<String> {
        let mut q = vec![];
        if let ExportRequest::Customers {
            search,
            risk_level,
            min_aum,
            below_aum,
            aum_desc,
            rm,
        } = req
        {
            if !search.trim().is_empty() {
                q.push(format!("q={}", encode(search.trim())));
            }
            if let Some(r) = risk_level {
                q.push(format!("risk_level={}", clientbook_domain_code(r)));
            }
            if let Some(m) = min_aum {
                q.push(format!("min_aum={}", m.fen()));
            }
            if let Some(m) = below_aum {
                q.push(format!("below_aum={}", m.fen()));
            }
            if let Some(rm) = rm {
                q.push(format!("rm={}", rm.0));
            }
            q.push(format!(
                "sort={}",
                if *aum_desc { "aum_desc" } else { "id" }
            ));
        }
        q
    }

    pub fn export(req: &ExportRequest, format: ExportFormat, lang: Lang) -> String {
        let lang = match lang {
            Lang::En => "en",
            Lang::ZhCn => "zh",
        };
        let mut q = vec![format!("format={}", format.code()), format!("lang={lang}")];
        let path = match req {
            ExportRequest::Customers { .. } => {
                q.extend(customer_filters(req));
                "customers"
            }
            ExportRequest::Complaints(list) => {
                let list = match list {
                    ComplaintList::Open => "open",
                    ComplaintList::Nearing => "nearing",
                    ComplaintList::Overdue => "overdue",
                };
                q.push(format!("list={list}"));
                "complaints"
            }
            ExportRequest::ComplaintAnalysis(month) => {
                // Only digits and a dash reach the query string.
                if let Some(m) = month
                    .as_deref()
                    .filter(|m| !m.is_empty() && m.chars().all(|c| c.is_ascii_digit() || c == '-'))
                {
                    q.push(format!("month={m}"));
                }
                "complaint-analysis"
            }
            ExportRequest::Satisfaction => "satisfaction",
        };
        format!("/api/exports/{path}?{}", q.join("&"))
    }

    /// A risk level's wire code (`C3`).
    fn clientbook_domain_code(r: &clientbook_domain::RiskLevel) -> String {
        match serde_json::to_value(r) {
            Ok(serde_json::Value::String(s)) => s,
            _ => String::new(),
        }
    }
}

/// The name the server gave the file (`attachment; filename="customers-2026-06-15.csv"`).
fn file_name(disposition: Option<&str>, format: ExportFormat) -> String {
    disposition
        .and_then(|d| d.split("filename=\"").nth(1))
        .and_then(|rest| rest.split('"').next())
        .filter(|n| !n.is_empty() && !n.contains(['/', '\\']))
        .map_or_else(
            || format!("clientbook-export.{}", format.code()),
            str::to_owned,
        )
}

/// GET /api/exports/{what}: the whole file, or why not.
pub async fn download(
    req: &ExportRequest,
    format: ExportFormat,
    lang: Lang,
) -> Result<ExportFile, ApiError> {
    let resp = Request::get(&url::export(req, format, lang))
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    if !resp.ok() {
        return Err(read_error(resp).await);
    }
    let name = file_name(resp.headers().get("content-disposition").as_deref(), format);
    let content_type = resp
        .headers()
        .get("content-type")
        .unwrap_or_else(|| "application/octet-stream".to_owned());
    let bytes = resp.binary().await.map_err(|_| ApiError::Network)?;
    Ok(ExportFile {
        name,
        content_type,
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn a_customer_export_carries_the_views_filters_encoded() {
        let req = ExportRequest::Customers {
            search: " 王 &x ".into(),
            risk_level: Some(RiskLevel::C3),
            min_aum: Some(Money::from_fen(5_000_000)),
            below_aum: None,
            aum_desc: true,
            rm: None,
        };
        assert_eq!(
            url::export(&req, ExportFormat::Xlsx, Lang::ZhCn),
            "/api/exports/customers?format=xlsx&lang=zh&q=%E7%8E%8B%20%26x&risk_level=C3\
             &min_aum=5000000&sort=aum_desc"
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn only_a_month_reaches_the_analysis_query() {
        let url = |m: Option<&str>| {
            url::export(
                &ExportRequest::ComplaintAnalysis(m.map(str::to_owned)),
                ExportFormat::Csv,
                Lang::En,
            )
        };
        assert_eq!(
            url(Some("2026-05")),
            "/api/exports/complaint-analysis?format=csv&lang=en&month=2026-05"
        );
        assert_eq!(
            url(Some("5&x=1")),
            "/api/exports/complaint-analysis?format=csv&lang=en"
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_file_name_is_the_servers_unless_it_names_a_path() {
        assert_eq!(
            file_name(
                Some("attachment; filename=\"customers-2026-06-15.csv\""),
                ExportFormat::Csv
            ),
            "customers-2026-06-15.csv"
        );
        assert_eq!(
            file_name(Some("attachment; filename=\"../x\""), ExportFormat::Xlsx),
            "clientbook-export.xlsx"
        );
        assert_eq!(file_name(None, ExportFormat::Csv), "clientbook-export.csv");
    }
}
