//! Meeting mode (`/api/meeting…`), the advisor's PIN, compliance's meeting records and
//! the Kano answers of the satisfaction page.

use super::{get, send_json, ApiError, NO_BODY};
use clientbook_domain::api::{RevealField, RevealRequest, RevealResponse};
use clientbook_domain::meeting::{
    ChainCheck, EndMeeting, KanoAnswers, MeetingEnded, MeetingList, MeetingStarted, MeetingView,
    PinRequest, ProductRef, ProductShown, RiskAcknowledged, StoredMeeting,
};
use clientbook_domain::{CustomerId, ProductId};
use gloo_net::http::Method;

mod url {
    use clientbook_domain::CustomerId;

    pub const PIN: &str = "/api/me/pin";
    pub const MEETING: &str = "/api/meeting";
    pub const SHOWN: &str = "/api/meeting/shown";
    pub const WARNINGS: &str = "/api/meeting/warnings";
    pub const REVEAL: &str = "/api/meeting/reveal";
    pub const END: &str = "/api/meeting/end";
    pub const EXIT: &str = "/api/meeting/exit";
    pub const CHAIN: &str = "/api/audit/meeting-chain";
    pub const LIST: &str = "/api/audit/meetings";
    pub const KANO: &str = "/api/satisfaction/kano";

    pub fn start(id: CustomerId) -> String {
        format!("/api/customers/{id}/meeting")
    }

    pub fn stored(id: i64) -> String {
        format!("/api/audit/meetings/{id}")
    }
}

/// PUT /api/me/pin: set the advisor's meeting PIN.
pub async fn set_pin(pin: String) -> Result<(), ApiError> {
    send_json::<_, serde::de::IgnoredAny>(Method::PUT, url::PIN, Some(&PinRequest { pin }))
        .await
        .map(|_| ())
}

/// POST /api/customers/{id}/meeting: start a meeting (the session is locked to it).
pub async fn start(id: CustomerId) -> Result<MeetingStarted, ApiError> {
    send_json(Method::POST, &url::start(id), NO_BODY).await
}

/// GET /api/meeting: what the meeting screens show.
pub async fn meeting() -> Result<MeetingView, ApiError> {
    get(url::MEETING).await
}

/// POST /api/meeting/shown: a product shown to the client (recorded with the time).
pub async fn shown(product_id: ProductId) -> Result<ProductShown, ApiError> {
    send_json(Method::POST, url::SHOWN, Some(&ProductRef { product_id })).await
}

/// POST /api/meeting/warnings: a risk warning the client acknowledged.
pub async fn warning(product_id: ProductId) -> Result<RiskAcknowledged, ApiError> {
    send_json(
        Method::POST,
        url::WARNINGS,
        Some(&ProductRef { product_id }),
    )
    .await
}

/// POST /api/meeting/reveal: the client's own full phone number (audited).
pub async fn reveal_phone() -> Result<RevealResponse, ApiError> {
    let body = RevealRequest {
        field: RevealField::Phone,
    };
    send_json(Method::POST, url::REVEAL, Some(&body)).await
}

/// POST /api/meeting/end: the signed summary.
pub async fn end(body: EndMeeting) -> Result<MeetingEnded, ApiError> {
    send_json(Method::POST, url::END, Some(&body)).await
}

/// POST /api/meeting/exit: leave meeting mode with the PIN.
pub async fn exit(pin: String) -> Result<(), ApiError> {
    send_json::<_, serde::de::IgnoredAny>(Method::POST, url::EXIT, Some(&PinRequest { pin }))
        .await
        .map(|_| ())
}

/// GET /api/audit/meeting-chain: compliance's check of the signed summaries.
pub async fn chain_check() -> Result<ChainCheck, ApiError> {
    get(url::CHAIN).await
}

/// GET /api/audit/meetings: signed meetings, newest first.
pub async fn meetings() -> Result<MeetingList, ApiError> {
    get(url::LIST).await
}

/// GET /api/audit/meetings/{id}: one signed summary and its signature.
pub async fn stored(id: i64) -> Result<StoredMeeting, ApiError> {
    get(&url::stored(id)).await
}

/// GET /api/satisfaction/kano: the Kano answers of the caller's scope.
pub async fn kano() -> Result<KanoAnswers, ApiError> {
    get(url::KANO).await
}
