//! The caller's book (whole, for scoring in the browser, or a page at a time) and the
//! product shelf.

use crate::audit::{filter_value, Origin};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::masking::mask_customer;
use crate::routes::book_tag::{audit_not_modified, BookBasis};
use crate::routes::policy::load_policy;
use crate::scope::Scope;
use crate::storage::{Cursor, CustomerListFilter};
use crate::web::{if_none_match_hits, revalidated, revalidated_as};
use crate::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use clientbook_domain::api::{
    AuditAction, BookResponse, CustomerListItem, CustomerPage, CustomerSort, FieldProblem,
    ProductsResponse,
};
use clientbook_domain::book_wire;
use clientbook_domain::columns::BookColumns;
use clientbook_domain::masking::{mask_mobile, mask_name};
use clientbook_domain::risk::RiskLevel;
use clientbook_domain::tier::tier_for_aum;
use clientbook_domain::{BookCustomer, BranchId, Money, ScoringPolicy, UserId};
use serde::Deserialize;

/// Months of history in the book (the record page gets 24).
pub const BOOK_MONTHS: u32 = 12;

/// Rows per page of `GET /api/customers` unless asked otherwise, and the most one may ask.
const PAGE_DEFAULT: u32 = 50;
const PAGE_MAX: u32 = 500;
/// The longest search: a name or the tail of a number, never a paragraph.
const SEARCH_MAX_CHARS: usize = 40;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/book", get(book))
        .route("/book/columns", get(book_columns))
        .route("/customers", get(list_customers))
        .route("/products", get(products))
}

/// The caller's whole book, masked, audited as one read with its size.
async fn load_book(
    state: &AppState,
    user: &CurrentUser,
    origin: &Origin,
    policy: &ScoringPolicy,
) -> AppResult<Vec<BookCustomer>> {
    let me = &user.0;
    let as_of = state.settings.today();
    let mut customers = state
        .storage
        .book(Scope::of(me), as_of, BOOK_MONTHS)
        .await?;
    for c in &mut customers {
        mask_customer(c, &policy.masking);
    }
    let mut entry = origin.entry(me, AuditAction::ReadBook);
    entry.detail = Some(format!("count={}", customers.len()));
    state.storage.audit(&entry).await?;
    Ok(customers)
}

/// Every customer in the caller's scope, masked, with 12 months of history, one object
/// per customer. `GET /api/book/columns` carries the same data in about half the bytes.
/// Both answer with a strong ETag and 304 to a matching `If-None-Match` (audited all the
/// same: the browser shows the book again), known before the book is read
/// ([`book_tag`]): an unchanged book costs one small query, not the scope's reading.
#[utoipa::path(get, path = "/api/book", tag = "customers",
    responses((status = 200, body = BookResponse, headers(("ETag" = String, description = "a SHA-256 of what the body is made from (scope, business date, data version, masking policy, format), or of the body itself when a write came while it was made"))),
        (status = 304, description = "not modified: the If-None-Match tag is the book's ETag"),
        (status = 401, description = "not_signed_in", body = clientbook_domain::api::ErrorBody)))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn book(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    request: HeaderMap,
) -> AppResult<Response> {
    let policy = load_policy(&state.storage).await?;
    let basis = BookBasis::new(&state, &user.0, &policy, "json")?;
    let tag = basis.tag_now(&state, &user.0).await?;
    if if_none_match_hits(&request, &tag) {
        audit_not_modified(&state, &user.0, &origin).await?;
        return Ok(revalidated_as(vec![], "application/json", &request, tag));
    }
    let _turn = crate::serve::big_answer_turn().await?;
    let customers = load_book(&state, &user, &origin, &policy).await?;
    let book = BookResponse {
        as_of: state.settings.today(),
        customers,
    };
    let body = serde_json::to_vec(&book).map_err(AppError::internal)?;
    drop(book);
    tagged(
        &state,
        &user,
        &basis,
        tag,
        body,
        "application/json",
        &request,
    )
    .await
}

/// The whole book's answer: under the basis tag when the data version did not move
/// while the body was made, else under the SHA-256 of the body ([`book_tag`]).
async fn tagged(
    state: &AppState,
    user: &CurrentUser,
    basis: &BookBasis,
    tag: String,
    body: Vec<u8>,
    media_type: &'static str,
    request: &HeaderMap,
) -> AppResult<Response> {
    Ok(if basis.tag_now(state, &user.0).await? == tag {
        revalidated_as(body, media_type, request, tag)
    } else {
        revalidated(body, media_type, request)
    })
}

/// How the whole book is sent: JSON columns (the default) or the compact book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BookFormat {
    Json,
    Compact,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct BookColumnsQuery {
    /// `json` or `compact`; overrides the `Accept` header (for links and tools that cannot
    /// set it).
    #[param(value_type = Option<String>)]
    pub format: Option<BookFormat>,
}

/// The compact book (`application/x-clientbook-book`): binary, the layout in
/// ARCHITECTURE.md, "The compact book on the wire" (`clientbook_domain::book_wire`).
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct CompactBook(#[allow(dead_code)] Vec<u8>);

/// The compact book when the query asks for it, or else when `Accept` names its media
/// type; JSON otherwise.
fn wants_compact(format: Option<BookFormat>, request: &HeaderMap) -> bool {
    match format {
        Some(f) => f == BookFormat::Compact,
        None => request
            .get_all(header::ACCEPT)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|t| {
                t.split(';')
                    .next()
                    .is_some_and(|m| m.trim().eq_ignore_ascii_case(book_wire::MEDIA_TYPE))
            }),
    }
}

/// The same book as `GET /api/book`, laid out as parallel arrays (dates as days since
/// 1970-01-01, holdings flattened, one history window); or, with
/// `Accept: application/x-clientbook-book` or `format=compact`, the compact book (what
/// the app loads, about a quarter of the bytes). Each has its own ETag; both are read,
/// masked and audited alike.
#[utoipa::path(get, path = "/api/book/columns", tag = "customers", params(BookColumnsQuery),
    responses((status = 200, description = "the book, as JSON columns or as the compact book (binary; its layout is in ARCHITECTURE.md, \"The compact book on the wire\")",
            content((BookColumns = "application/json"), (CompactBook = "application/x-clientbook-book")),
            headers(("ETag" = String, description = "a SHA-256 of what the body is made from (scope, business date, data version, masking policy, format), or of the body itself when a write came while it was made"), ("Vary" = String, description = "accept, accept-encoding"))),
        (status = 304, description = "not modified: the If-None-Match tag is the book's ETag"),
        (status = 400, description = "an unknown parameter or format", body = clientbook_domain::api::ErrorBody),
        (status = 401, description = "not_signed_in", body = clientbook_domain::api::ErrorBody)))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn book_columns(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    query: Result<Query<BookColumnsQuery>, QueryRejection>,
    request: HeaderMap,
) -> AppResult<Response> {
    let Query(q) = query.map_err(|e| AppError::BadRequest {
        message: e.body_text(),
        field: Some("format".to_owned()),
    })?;
    let compact = wants_compact(q.format, &request);
    let (format, media_type) = if compact {
        ("compact", book_wire::MEDIA_TYPE)
    } else {
        ("columns", "application/json")
    };
    let policy = load_policy(&state.storage).await?;
    let basis = BookBasis::new(&state, &user.0, &policy, format)?;
    let tag = basis.tag_now(&state, &user.0).await?;
    let mut res = if if_none_match_hits(&request, &tag) {
        audit_not_modified(&state, &user.0, &origin).await?;
        revalidated_as(vec![], media_type, &request, tag)
    } else {
        let _turn = crate::serve::big_answer_turn().await?;
        let customers = load_book(&state, &user, &origin, &policy).await?;
        let as_of = state.settings.today();
        let body = if compact {
            book_wire::encode(as_of, &customers).map_err(AppError::internal)?
        } else {
            let columns =
                BookColumns::from_customers(as_of, &customers).map_err(AppError::internal)?;
            // The rows are in the columns now: not held while the body is encoded.
            drop(customers);
            serde_json::to_vec(&columns).map_err(AppError::internal)?
        };
        tagged(&state, &user, &basis, tag, body, media_type, &request).await?
    };
    // The body depends on Accept too: a cache must not answer one format for the other.
    res.headers_mut()
        .append(header::VARY, HeaderValue::from_static("accept"));
    Ok(res)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CustomerListQuery {
    /// Part of the name, or the last digits of the mobile or ID number (1–40 characters).
    pub q: Option<String>,
    /// Only this RM's customers (a branch manager's or compliance's filter).
    pub rm: Option<i64>,
    /// Only this branch's customers (compliance's filter over the bank).
    pub branch: Option<i64>,
    /// `C1` … `C5`.
    #[param(value_type = Option<String>)]
    pub risk_level: Option<RiskLevel>,
    /// AUM at least this many fen.
    pub min_aum: Option<i64>,
    /// AUM below this many fen.
    pub below_aum: Option<i64>,
    /// `id` (default) or `aum_desc`.
    #[param(value_type = Option<String>)]
    pub sort: Option<CustomerSort>,
    /// Rows per page, 1–500 (default 50).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page, with the same `sort` and filters. Opaque:
    /// the position after the last row in the sort order (keyset paging) and the `total`
    /// counted on the first page (later pages repeat it rather than count the scope
    /// again), so a page costs the same on the first and the thousandth page and whatever
    /// the scope; a cursor from another sort order is refused (422).
    pub cursor: Option<String>,
}

fn problem(field: &str, problem: &str) -> FieldProblem {
    FieldProblem {
        field: field.to_owned(),
        problem: problem.to_owned(),
    }
}

/// Checks every parameter and names each one that is wrong.
pub(crate) fn list_filter(q: CustomerListQuery) -> Result<CustomerListFilter, AppError> {
    let mut problems = vec![];
    let sort = q.sort.unwrap_or_default();
    let search = q.q.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    if search
        .as_ref()
        .is_some_and(|s| s.chars().count() > SEARCH_MAX_CHARS)
    {
        problems.push(problem("q", "at most 40 characters"));
    }
    if search
        .as_ref()
        .is_some_and(|s| s.chars().any(char::is_control))
    {
        problems.push(problem("q", "must not contain control characters"));
    }
    let limit = q.limit.unwrap_or(i64::from(PAGE_DEFAULT));
    if !(1..=i64::from(PAGE_MAX)).contains(&limit) {
        problems.push(problem("limit", "must be between 1 and 500"));
    }
    for (field, v) in [("min_aum", q.min_aum), ("below_aum", q.below_aum)] {
        if v.is_some_and(|v| v < 0) {
            problems.push(problem(field, "must not be negative"));
        }
    }
    if let (Some(a), Some(b)) = (q.min_aum, q.below_aum) {
        if a >= b {
            problems.push(problem("below_aum", "must be greater than min_aum"));
        }
    }
    let (after, known_total) = match q.cursor.as_deref() {
        None | Some("") => (None, None),
        Some(text) => {
            let c = Cursor::decode_with_total(text, sort);
            if c.is_none() {
                problems.push(problem(
                    "cursor",
                    "not a cursor of this list in this sort order",
                ));
            }
            (c.map(|c| c.0), c.and_then(|c| c.1))
        }
    };
    if !problems.is_empty() {
        return Err(AppError::Validation(problems));
    }
    Ok(CustomerListFilter {
        search,
        rm: q.rm.map(UserId),
        branch: q.branch.map(BranchId),
        risk_level: q.risk_level,
        min_aum: q.min_aum.map(Money::from_fen),
        below_aum: q.below_aum.map(Money::from_fen),
        sort,
        after,
        known_total,
        limit: u32::try_from(limit).unwrap_or(PAGE_DEFAULT),
    })
}

/// A page of the customers in the caller's scope, masked, filtered and ordered by the
/// server (for lists and searches that should not load a whole book). Each page read is
/// audited with its filters and row count.
#[utoipa::path(get, path = "/api/customers", tag = "customers", params(CustomerListQuery),
    responses((status = 200, body = CustomerPage),
        (status = 400, description = "unknown parameter or malformed value", body = clientbook_domain::api::ErrorBody),
        (status = 401, description = "not_signed_in", body = clientbook_domain::api::ErrorBody),
        (status = 422, description = "a parameter out of range, naming it", body = clientbook_domain::api::ErrorBody)))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn list_customers(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    query: Result<Query<CustomerListQuery>, QueryRejection>,
) -> AppResult<Json<CustomerPage>> {
    let Query(q) = query.map_err(|e| AppError::BadRequest {
        message: e.body_text(),
        field: None,
    })?;
    let filter = list_filter(q)?;
    let me = &user.0;
    let policy = load_policy(&state.storage).await?;
    let (rows, total) = state.storage.customer_page(Scope::of(me), &filter).await?;
    let next_cursor = (rows.len() == filter.limit as usize)
        .then(|| rows.last())
        .flatten()
        .map(|last| match filter.sort {
            CustomerSort::Id => Cursor::Id(last.id.0),
            CustomerSort::AumDesc => Cursor::AumDesc {
                aum: last.aum.fen(),
                id: last.id.0,
            },
        })
        .map(|c| c.encode_with_total(total));
    let items: Vec<CustomerListItem> = rows
        .into_iter()
        .map(|r| CustomerListItem {
            id: r.id,
            rm_id: r.rm_id,
            branch_id: r.branch_id,
            name: mask_name(&r.name, &policy.masking),
            phone: mask_mobile(&r.phone, &policy.masking),
            risk_level: r.risk_level,
            aum: r.aum,
            tier: tier_for_aum(r.aum, &policy.tiers),
            since: r.since,
            version: r.version,
        })
        .collect();
    let mut entry = origin.entry(me, AuditAction::ListCustomers);
    entry.detail = Some(format!(
        "q={} rm={} branch={} risk={} min_aum={} below_aum={} sort={:?} count={}",
        filter_value(filter.search.as_deref()),
        filter_value(filter.rm.map(|r| r.0)),
        filter_value(filter.branch.map(|b| b.0)),
        filter_value(filter.risk_level.map(|r| crate::storage::enum_code(&r))),
        filter_value(filter.min_aum.map(|m| m.fen())),
        filter_value(filter.below_aum.map(|m| m.fen())),
        filter.sort,
        items.len()
    ));
    state.storage.audit(&entry).await?;
    Ok(Json(CustomerPage {
        items,
        total,
        next_cursor,
    }))
}

/// The bank's product shelf.
#[utoipa::path(get, path = "/api/products", tag = "customers",
    responses((status = 200, body = ProductsResponse)))]
#[tracing::instrument(skip_all, fields(user = %_user.0.username))]
pub async fn products(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> AppResult<Json<ProductsResponse>> {
    Ok(Json(ProductsResponse {
        products: state.storage.products().await?,
    }))
}
