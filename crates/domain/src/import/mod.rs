//! Importing a bank's own data (docs/rules.md, Import): the documented column sets, the
//! pure checks of every cell (ID numbers, mobiles, amounts as fen, dates), the problems
//! as codes rendered to words on demand, and the wire types of an import's report. The
//! server reads the file and the database; nothing here does I/O.

pub mod columns;
pub mod id_card;
pub mod problem;
pub mod rows;
pub mod values;

pub use problem::Problem;

use serde::{Deserialize, Serialize};

/// What a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    Customers,
    Holdings,
    /// Monthly transaction aggregates (交易月度汇总), keyed by customer number + month.
    MonthlyFlows,
    /// Contacts (联系记录), keyed by customer number + contact date + channel.
    Contacts,
    /// Satisfaction surveys, keyed by customer number + answer date.
    Surveys,
}

impl ImportKind {
    pub const ALL: [ImportKind; 5] = [
        Self::Customers,
        Self::Holdings,
        Self::MonthlyFlows,
        Self::Contacts,
        Self::Surveys,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Customers => "customers",
            Self::Holdings => "holdings",
            Self::MonthlyFlows => "monthly_flows",
            Self::Contacts => "contacts",
            Self::Surveys => "surveys",
        }
    }

    /// Whether rows of this kind hang off customers already in the bank (a customer
    /// number that is not there is reported per row).
    pub fn is_customer_history(self) -> bool {
        matches!(self, Self::MonthlyFlows | Self::Contacts | Self::Surveys)
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Where an import is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportStatus {
    /// The file is being read and checked (`rows_read` says how far).
    Validating,
    /// Checked: the report is complete; commit or cancel.
    Ready,
    /// The file as a whole cannot be read (see the report's row 0).
    Failed,
    Committed,
    Cancelled,
}

impl ImportStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Validating => "validating",
            Self::Ready => "ready",
            Self::Failed => "failed",
            Self::Committed => "committed",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Validating,
            Self::Ready,
            Self::Failed,
            Self::Committed,
            Self::Cancelled,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// The text encoding a CSV file was read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FileEncoding {
    Utf8,
    Utf8Bom,
    Gb18030,
    /// An XLSX workbook (its text is Unicode by construction).
    Xlsx,
}

/// One line of an import's report: row 0 is the file (its header).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportLine {
    /// The row in the file, counting the header as row 1 (what a spreadsheet shows);
    /// 0 for the file as a whole.
    pub row: i64,
    /// The column's English name, if the problem is of one cell.
    pub column: Option<String>,
    /// The value as written, masked where it is personal data.
    pub value: Option<String>,
    pub problem: Problem,
    /// The figure the problem names (the expected check character, the other row).
    pub detail: Option<String>,
    /// The problem in the reader's language.
    pub message: String,
    /// Whether it keeps the row (or the file) out of the commit.
    pub error: bool,
}

/// Whether a proposed merge is taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MergeDecision {
    Pending,
    Accepted,
    Rejected,
}

impl MergeDecision {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Pending, Self::Accepted, Self::Rejected]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// One field of a proposed merge, side by side (masked where personal).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MergeField {
    pub column: String,
    pub existing: Option<String>,
    pub incoming: Option<String>,
    pub differs: bool,
    /// The file's (newer) value wins when the merge is accepted; an empty cell keeps
    /// the existing value.
    pub file_wins: bool,
}

/// A row that is a customer the bank already has under another customer number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposedMerge {
    pub row: i64,
    /// The customer in the bank.
    pub customer_id: i64,
    /// `same_id_as_existing` or `near_duplicate` (the 15- vs 18-digit form).
    pub reason: Problem,
    pub decision: MergeDecision,
    pub fields: Vec<MergeField>,
}

/// An import batch as `GET /api/imports/{id}` shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportSummary {
    pub id: i64,
    pub kind: ImportKind,
    pub file_name: String,
    pub status: ImportStatus,
    pub encoding: Option<FileEncoding>,
    /// Data rows read so far (the header not counted).
    pub rows_read: i64,
    pub rows_valid: i64,
    pub rows_invalid: i64,
    /// Valid rows that would change nothing (already in the bank as written).
    pub rows_unchanged: i64,
    pub created_by: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub committed_by: Option<String>,
    /// All report lines (problems and notes), first `report_limit` of them.
    pub report: Vec<ReportLine>,
    pub report_total: i64,
    pub merges: Vec<ProposedMerge>,
}

/// The body of `POST /api/imports/{id}/merges/{row}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MergeDecisionRequest {
    pub decision: MergeDecision,
}
