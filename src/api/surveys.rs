//! API calls for surveys entered in bulk: `POST /api/surveys/import`, stored whole or not
//! at all.

use super::{exchange, Answer, ApiError};
use clientbook_domain::api::{ErrorBody, FieldProblem};
use clientbook_domain::service::{SurveyImport, SurveysCreated};
use gloo_net::http::Method;

mod url {
    pub const IMPORT: &str = "/api/surveys/import";
}

/// How the server answered an import it read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportAnswer {
    /// Every survey was stored; the new ids in the order sent.
    Imported(SurveysCreated),
    /// Nothing was stored; the server named each bad field (`surveys[3].recommend`),
    /// including rows naming a customer outside the caller's scope (a 404 with fields).
    Refused(Vec<FieldProblem>),
    /// The request was larger than the server accepts (413): nothing was stored.
    TooLarge,
}

/// POST /api/surveys/import.
pub async fn import(body: &SurveyImport) -> Result<ImportAnswer, ApiError> {
    match exchange(Method::POST, url::IMPORT, Some(body)).await? {
        Answer::Ok(created) => Ok(ImportAnswer::Imported(created)),
        Answer::Refused { status, body } => answer(status, body.error()),
    }
}

/// The answer to a refused import: field problems (422, or 404 naming rows out of scope)
/// and "too large" are answers the panel shows beside the file; anything else is an error.
fn answer(status: u16, error: Option<ErrorBody>) -> Result<ImportAnswer, ApiError> {
    match (status, error) {
        (413, _) => Ok(ImportAnswer::TooLarge),
        (400 | 404 | 422, Some(e)) if !e.fields.is_empty() => Ok(ImportAnswer::Refused(e.fields)),
        (status, error) => Err(ApiError::from_status(status, error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clientbook_domain::error_code::ErrorCode;

    fn body(code: ErrorCode, fields: &[&str]) -> Option<ErrorBody> {
        Some(ErrorBody {
            code,
            message: "refused".into(),
            fields: fields
                .iter()
                .map(|f| FieldProblem {
                    field: (*f).into(),
                    problem: "bad".into(),
                })
                .collect(),
        })
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn rows_named_by_a_422_or_a_404_are_shown_beside_the_file() {
        for status in [404, 422] {
            assert!(matches!(
                answer(status, body(ErrorCode::Validation, &["surveys[2].customer_id"])),
                Ok(ImportAnswer::Refused(f)) if f[0].field == "surveys[2].customer_id"
            ));
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_too_large_import_and_other_refusals_are_told_apart() {
        assert_eq!(
            answer(413, body(ErrorCode::PayloadTooLarge, &[])),
            Ok(ImportAnswer::TooLarge)
        );
        assert_eq!(answer(413, None), Ok(ImportAnswer::TooLarge));
        assert!(matches!(
            answer(403, body(ErrorCode::ReadOnly, &[])),
            Err(ApiError::Forbidden(_))
        ));
        assert_eq!(answer(401, None), Err(ApiError::Unauthorized));
        assert!(matches!(
            answer(404, body(ErrorCode::NotFound, &[])),
            Err(ApiError::Server(_))
        ));
    }
}
