//! The OpenAPI document describes the service work.

use crate::common::TestServer;
use crate::service::helpers::*;
use reqwest::Method;
use serde_json::Value;

crate::on_both_databases!(the_openapi_document_describes_the_service_work,);

async fn the_openapi_document_describes_the_service_work(s: TestServer) {
    let (_, doc) = send(
        &s.client(),
        &s,
        Method::GET,
        "/api/openapi.json",
        Value::Null,
    )
    .await;
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/customers/{id}/notes",
        "/api/customers/{id}/notes/{note_id}",
        "/api/customers/{id}/interactions",
        "/api/customers/{id}/next-contact",
        "/api/customers/{id}/owner",
        "/api/customers/{id}/complaints",
        "/api/complaints",
        "/api/complaints/analysis",
        "/api/complaints/{id}/transitions",
        "/api/customers/{id}/care/{kind}/done",
        "/api/customers/{id}/care/{kind}/snooze",
        "/api/care",
        "/api/customers/{id}/surveys",
        "/api/surveys/import",
        "/api/users",
        "/api/users/{id}/password",
        "/api/users/{id}/disable",
        "/api/users/{id}/enable",
    ] {
        assert!(paths.contains_key(p), "{p} missing");
    }
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for schema in [
        "BookResponse",
        "ErrorBody",
        "FieldProblem",
        "CustomerDetail",
        "Complaint",
        "NewInteraction",
        "ComplaintTransition",
        "SurveyImport",
        "NewUser",
    ] {
        assert!(schemas.contains_key(schema), "{schema} missing");
    }
    assert!(schemas["NewUser"]["required"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f == "password"));
}
