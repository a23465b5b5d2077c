//! The errors every operation can answer, written into the OpenAPI document in one place
//! rather than in each handler's annotation: they come from the shared extractors and
//! layers (session, JSON body, path ids, query strings), so they are the same everywhere,
//! and every one of them carries an [`ErrorBody`] (a 409 a [`ConflictBody`], except an
//! `already_exists` one, documented by its handler, which names the taken field).
//!
//! [`ConflictBody`]: clientbook_domain::api::ConflictBody

use crate::auth::SESSION_COOKIE;
use clientbook_domain::api::ErrorBody;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::schema::{Object, ObjectBuilder, Schema, Type};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{Content, OpenApi, Ref, RefOr, Response};
use utoipa::{Modify, PartialSchema, ToSchema};

/// Operations that answer without a session; every other one needs the session cookie.
pub const PUBLIC: &[(&str, &str)] = &[
    ("get", "/api/health"),
    ("get", "/api/openapi.json"),
    ("post", "/api/session"),
    ("delete", "/api/session"),
];

/// The name of the security scheme (the session cookie) in the document.
pub const SESSION_SCHEME: &str = "session";

const CONFLICT_SCHEMA: &str = "ConflictBody";

pub struct ErrorResponses;

impl Modify for ErrorResponses {
    fn modify(&self, doc: &mut OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components
            .schemas
            .entry(ErrorBody::name().into_owned())
            .or_insert_with(ErrorBody::schema);
        components
            .schemas
            .insert(CONFLICT_SCHEMA.to_owned(), conflict_schema());
        components.security_schemes.insert(
            SESSION_SCHEME.to_owned(),
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                SESSION_COOKIE,
                "Set by `POST /api/session`; HttpOnly, SameSite=Strict.",
            ))),
        );
        for (path, item) in doc.paths.paths.iter_mut() {
            let methods = [
                ("get", &mut item.get),
                ("put", &mut item.put),
                ("post", &mut item.post),
                ("delete", &mut item.delete),
                ("patch", &mut item.patch),
            ];
            for (method, op) in methods {
                if let Some(op) = op {
                    let public = PUBLIC.contains(&(method, path.as_str()));
                    if method != "get" {
                        // From the same-origin check and the role gates, before the body.
                        add(
                            op,
                            403,
                            "cross_site_write: sent by a page of another site; or forbidden / \
                             read_only: this role may not send it",
                        );
                    }
                    document_errors(op, public);
                }
            }
        }
    }
}

fn document_errors(op: &mut Operation, public: bool) {
    if !public {
        op.security = Some(vec![SecurityRequirement::new(
            SESSION_SCHEME,
            Vec::<String>::new(),
        )]);
        add(op, 401, "not_signed_in: no session, or it has ended");
    }
    let params = op.parameters.as_deref().unwrap_or_default();
    let in_path = params
        .iter()
        .any(|p| matches!(p.parameter_in, ParameterIn::Path));
    let in_query = params
        .iter()
        .any(|p| matches!(p.parameter_in, ParameterIn::Query));
    if in_path {
        // A path id that is not a positive number, or a record outside the caller's
        // scope, does not exist for the caller.
        add(op, 404, "not_found");
    }
    if in_query {
        add(op, 400, "bad_request: a query parameter of the wrong type");
    }
    if op.request_body.is_some() {
        add(op, 400, "bad_request: the body is not valid JSON");
        add(op, 408, "request_timeout: the body stopped arriving");
        add(op, 413, "payload_too_large: over 1 MiB");
        add(op, 415, "unsupported_media_type: send application/json");
        add(
            op,
            422,
            "validation: every wrong field, each with its problem",
        );
    }
    // Whatever a handler's annotation says, an error answer has our error body.
    for (status, response) in op.responses.responses.iter_mut() {
        let RefOr::T(response) = response else {
            continue;
        };
        let is_error = status.starts_with('4') || status.starts_with('5');
        if is_error && response.content.is_empty() {
            let schema = if status == "409" {
                CONFLICT_SCHEMA.to_owned()
            } else {
                ErrorBody::name().into_owned()
            };
            response.content.insert(
                "application/json".to_owned(),
                Content::new(Some(Ref::from_schema_name(schema))),
            );
        }
    }
}

/// Document `status` unless the handler already does.
fn add(op: &mut Operation, status: u16, description: &str) {
    op.responses
        .responses
        .entry(status.to_string())
        .or_insert_with(|| RefOr::T(Response::new(description)));
}

/// A 409: the error's code and message, and the record as it is now.
fn conflict_schema() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(
            "`stale_version` or `illegal_transition`, with the record as it is now in `current`.",
        ))
        .property("code", Object::with_type(Type::String))
        .property("message", Object::with_type(Type::String))
        .property(
            "current",
            ObjectBuilder::new()
                .schema_type(Type::Object)
                .description(Some(
                    "The record as it is now (the same type the operation answers with).",
                ))
                .build(),
        )
        .required("code")
        .required("message")
        .required("current")
        .into()
}
