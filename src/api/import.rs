//! Calls of the import page (`/api/imports`): the upload itself through an
//! `XMLHttpRequest` (fetch reports no upload progress), then the import's status and
//! report, merge decisions, the commit and the cancel as ordinary JSON calls. The
//! template and report downloads are plain links ([`url`]).

use super::{read_error, send_json, ApiError, NO_BODY};
use clientbook_domain::api::ErrorBody;
use clientbook_domain::import::{ImportKind, ImportSummary, MergeDecision, MergeDecisionRequest};
use clientbook_domain::Lang;
use gloo_net::http::Method;

/// Every URL of the import API, built here and nowhere else.
pub mod url {
    use super::super::percent_encode;
    use clientbook_domain::import::ImportKind;
    use clientbook_domain::Lang;

    /// The `lang` query value of the server's import routes.
    pub const fn lang(lang: Lang) -> &'static str {
        match lang {
            Lang::En => "en",
            Lang::ZhCn => "zh",
        }
    }

    pub fn upload(kind: ImportKind, file_name: &str, report: Lang) -> String {
        format!(
            "/api/imports?kind={}&file_name={}&lang={}",
            kind.as_str(),
            percent_encode(file_name),
            lang(report)
        )
    }

    pub fn show(id: i64, report: Lang, offset: i64, limit: i64) -> String {
        format!(
            "/api/imports/{id}?lang={}&offset={offset}&limit={limit}",
            lang(report)
        )
    }

    pub fn import(id: i64) -> String {
        format!("/api/imports/{id}")
    }

    pub fn report_csv(id: i64, report: Lang) -> String {
        format!("/api/imports/{id}/report.csv?lang={}", lang(report))
    }

    pub fn merge(id: i64, row: i64) -> String {
        format!("/api/imports/{id}/merges/{row}")
    }

    pub fn commit(id: i64) -> String {
        format!("/api/imports/{id}/commit")
    }

    /// The template of `kind` with its header row in `headers`' language.
    pub fn template(kind: ImportKind, headers: Lang) -> String {
        format!(
            "/api/imports/templates/{}?lang={}",
            kind.as_str(),
            lang(headers)
        )
    }
}

/// GET /api/imports/{id}: status, progress, counts, `limit` report lines from `offset`
/// (problems in `lang`) and the proposed merges.
pub async fn show(id: i64, lang: Lang, offset: i64, limit: i64) -> Result<ImportSummary, ApiError> {
    send_json(Method::GET, &url::show(id, lang, offset, limit), NO_BODY).await
}

/// POST /api/imports/{id}/merges/{row}: accept or reject a proposed merge.
pub async fn decide(id: i64, row: i64, decision: MergeDecision) -> Result<ImportSummary, ApiError> {
    send_json(
        Method::POST,
        &url::merge(id, row),
        Some(&MergeDecisionRequest { decision }),
    )
    .await
}

/// POST /api/imports/{id}/commit: write the valid rows (one transaction).
pub async fn commit(id: i64) -> Result<ImportSummary, ApiError> {
    send_json(Method::POST, &url::commit(id), NO_BODY).await
}

/// DELETE /api/imports/{id}: drop an import that is not committed.
pub async fn cancel(id: i64) -> Result<ImportSummary, ApiError> {
    let resp = gloo_net::http::Request::delete(&url::import(id))
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    if !resp.ok() {
        return Err(read_error(resp).await);
    }
    resp.json()
        .await
        .map_err(|e| ApiError::Server(format!("unreadable answer: {e}")))
}

/// Why an upload did not become an import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UploadError {
    /// 413: larger than the server takes.
    TooLarge,
    /// The user cancelled it.
    Aborted,
    Api(ApiError),
}

/// What the upload's answer means: 202 with the new import, or a refusal.
pub fn read_upload_answer(status: u16, text: &str) -> Result<ImportSummary, UploadError> {
    match status {
        200..=299 => serde_json::from_str(text)
            .map_err(|e| UploadError::Api(ApiError::Server(format!("unreadable answer: {e}")))),
        413 => Err(UploadError::TooLarge),
        // 0: the request never got an answer (the connection failed).
        0 => Err(UploadError::Api(ApiError::Network)),
        _ => Err(UploadError::Api(ApiError::from_status(
            status,
            serde_json::from_str::<ErrorBody>(text).ok(),
        ))),
    }
}

/// What an upload calls once, with the import or why not.
#[cfg(target_arch = "wasm32")]
type Done = Box<dyn FnOnce(Result<ImportSummary, UploadError>)>;

/// An upload under way: dropping it does not stop it, [`Upload::abort`] does.
#[cfg(target_arch = "wasm32")]
pub struct Upload {
    xhr: web_sys::XmlHttpRequest,
    // Kept alive while the request may still call them.
    _handlers: Vec<wasm_bindgen::closure::Closure<dyn FnMut(web_sys::ProgressEvent)>>,
}

#[cfg(target_arch = "wasm32")]
impl Upload {
    /// POST /api/imports with `file` as the body. `progress(sent, total)` is called as the
    /// bytes leave; `done` once, with the import or why not.
    pub fn start(
        file: &web_sys::Blob,
        kind: ImportKind,
        file_name: &str,
        report: Lang,
        progress: impl Fn(f64, f64) + 'static,
        done: impl FnOnce(Result<ImportSummary, UploadError>) + 'static,
    ) -> Result<Upload, ApiError> {
        use std::cell::RefCell;
        use std::rc::Rc;
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;

        let fail = |_| ApiError::Network;
        let xhr = web_sys::XmlHttpRequest::new().map_err(fail)?;
        xhr.open("POST", &url::upload(kind, file_name, report))
            .map_err(fail)?;
        xhr.set_request_header("Content-Type", "application/octet-stream")
            .map_err(fail)?;
        xhr.set_request_header("Accept", "application/json")
            .map_err(fail)?;
        let done: Rc<RefCell<Option<Done>>> = Rc::new(RefCell::new(Some(Box::new(done))));
        let finish = {
            let done = Rc::clone(&done);
            move |r: Result<ImportSummary, UploadError>| {
                if let Some(done) = done.borrow_mut().take() {
                    done(r);
                }
            }
        };
        let on_progress =
            Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
                if e.length_computable() {
                    progress(e.loaded(), e.total());
                }
            });
        let on_load = {
            let finish = finish.clone();
            let xhr = xhr.clone();
            Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |_| {
                let status = xhr.status().unwrap_or(0);
                let text = xhr.response_text().ok().flatten().unwrap_or_default();
                finish(read_upload_answer(status, &text));
            })
        };
        let on_error = {
            let finish = finish.clone();
            Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |_| {
                finish(Err(UploadError::Api(ApiError::Network)));
            })
        };
        let on_abort = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |_| {
            finish(Err(UploadError::Aborted));
        });
        let upload = xhr.upload().map_err(fail)?;
        upload
            .add_event_listener_with_callback("progress", on_progress.as_ref().unchecked_ref())
            .map_err(fail)?;
        xhr.add_event_listener_with_callback("load", on_load.as_ref().unchecked_ref())
            .map_err(fail)?;
        xhr.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref())
            .map_err(fail)?;
        xhr.add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref())
            .map_err(fail)?;
        xhr.send_with_opt_blob(Some(file)).map_err(fail)?;
        Ok(Upload {
            xhr,
            _handlers: vec![on_progress, on_load, on_error, on_abort],
        })
    }

    /// Stop sending; `done` is called with [`UploadError::Aborted`].
    pub fn abort(&self) {
        let _ = self.xhr.abort();
    }
}

/// Outside the browser there is no upload (native builds only compile the app's logic).
#[cfg(not(target_arch = "wasm32"))]
pub struct Upload;

#[cfg(not(target_arch = "wasm32"))]
impl Upload {
    pub fn start(
        _file: &web_sys::Blob,
        _kind: ImportKind,
        _file_name: &str,
        _report: Lang,
        _progress: impl Fn(f64, f64) + 'static,
        _done: impl FnOnce(Result<ImportSummary, UploadError>) + 'static,
    ) -> Result<Upload, ApiError> {
        Err(ApiError::Network)
    }

    pub fn abort(&self) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn the_file_name_is_encoded_into_the_upload_url() {
        assert_eq!(
            url::upload(ImportKind::Customers, "客户 1&2.csv", Lang::ZhCn),
            "/api/imports?kind=customers&file_name=%E5%AE%A2%E6%88%B7%201%262.csv&lang=zh"
        );
        assert_eq!(
            url::template(ImportKind::Holdings, Lang::En),
            "/api/imports/templates/holdings?lang=en"
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_413_is_too_large_and_a_refusal_keeps_the_servers_error() {
        assert_eq!(
            read_upload_answer(
                413,
                r#"{"code":"payload_too_large","message":"Too large."}"#
            ),
            Err(UploadError::TooLarge)
        );
        assert_eq!(
            read_upload_answer(0, ""),
            Err(UploadError::Api(ApiError::Network))
        );
        assert!(matches!(
            read_upload_answer(
                422,
                r#"{"code":"validation","message":"bad","fields":[{"field":"file_name","problem":"must be 1 to 200 characters"}]}"#
            ),
            Err(UploadError::Api(ApiError::Validation(f))) if f[0].field == "file_name"
        ));
        assert!(matches!(
            read_upload_answer(202, "{}"),
            Err(UploadError::Api(ApiError::Server(_)))
        ));
    }
}
