//! `app(state)` called directly, without a socket (tower's `oneshot`).

use axum::body::Body;
use axum::http::{Request, StatusCode};
use clientbook_server::config::Config;
use http_body_util::BodyExt;
use tower::ServiceExt;

#[tokio::test]
async fn the_router_answers_without_a_socket() {
    let dir = std::env::temp_dir().join(format!("cb_oneshot_{}", std::process::id()));
    let mut config = Config::for_database(&format!("sqlite://{}/cb.sqlite", dir.display()));
    config.demo_customers = 20;
    config.dist = dir.join("no-dist");
    let state = clientbook_server::prepare(&config).await.unwrap();
    let app = clientbook_server::app(state);

    let r = app
        .clone()
        .oneshot(Request::get("/api/health").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);

    let r = app
        .oneshot(Request::get("/api/book").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let body = r.into_body().collect().await.unwrap().to_bytes();
    let err: clientbook_domain::api::ErrorBody = serde_json::from_slice(&body).unwrap();
    assert_eq!(err.code, "not_signed_in");
    let _ = std::fs::remove_dir_all(dir);
}
