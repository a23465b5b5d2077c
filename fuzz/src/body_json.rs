//! `body_json`: arbitrary bytes as a request body through the server's JSON body checker
//! (`crates/server/src/body_schema.rs`, included below by path: the server crate itself
//! drags sqlx, axum and argon2 into a sanitizer build, the checker needs none of them).
//! Never a panic; the cheap NUL pre-test never misses a NUL the parser finds; every
//! problem names a field once; a body a request type reads has no unknown field in its
//! own written form.

#[allow(dead_code, clippy::all)]
#[path = "../../crates/server/src/body_schema.rs"]
mod body_schema;

use clientbook_domain::api::LoginRequest;
use clientbook_domain::service::{
    ChangeOwner, ComplaintTransition, EditNote, NewComplaint, NewInteraction, NewNote,
    SetNextContact, SurveyImport,
};
use clientbook_domain::users::NewUser;
use clientbook_domain::ScoringPolicy;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;
use std::collections::HashSet;
use utoipa::ToSchema;

fn against<T: ToSchema + DeserializeOwned + Serialize + 'static>(body: &Value) {
    let problems = body_schema::problems::<T>(body);
    let mut fields = HashSet::new();
    for p in &problems {
        assert!(!p.field.is_empty() && !p.problem.is_empty(), "{p:?}");
        assert!(fields.insert(p.field.clone()), "{} named twice", p.field);
    }
    if let Ok(read) = serde_json::from_value::<T>(body.clone()) {
        let written = serde_json::to_value(&read).expect("a read body writes");
        assert!(body_schema::unknown_fields(&written, &written).is_empty());
        let _ = body_schema::unknown_fields(body, &written);
    }
}

pub fn check(data: &[u8]) {
    let escape = body_schema::has_nul_escape(data);
    let Ok(body) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let nul = body_schema::nul_characters(&body);
    if !escape {
        assert!(nul.is_empty(), "a NUL the pre-test missed: {nul:?}");
    }
    match data.first().copied().unwrap_or(0) % 11 {
        0 => against::<NewInteraction>(&body),
        1 => against::<NewNote>(&body),
        2 => against::<EditNote>(&body),
        3 => against::<SetNextContact>(&body),
        4 => against::<NewComplaint>(&body),
        5 => against::<ComplaintTransition>(&body),
        6 => against::<SurveyImport>(&body),
        7 => against::<ChangeOwner>(&body),
        8 => against::<NewUser>(&body),
        9 => against::<LoginRequest>(&body),
        _ => against::<ScoringPolicy>(&body),
    }
}
