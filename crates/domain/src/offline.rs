//! Wire types of offline work on a tablet (docs/rules.md, Offline): the per-user secret
//! the browser derives its encryption key from, and the header that makes a queued write
//! happen exactly once.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The request header naming a write so that a repeat of it writes nothing again.
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";

/// The answer header set on a stored answer given again for a repeated key.
pub const IDEMPOTENT_REPLAY_HEADER: &str = "Idempotent-Replayed";

/// The longest idempotency key accepted (a UUID is 36).
pub const IDEMPOTENCY_KEY_MAX_CHARS: usize = 100;

/// Whether `key` may be an idempotency key: 8 to 100 visible ASCII characters.
pub fn is_valid_idempotency_key(key: &str) -> bool {
    (8..=IDEMPOTENCY_KEY_MAX_CHARS).contains(&key.len())
        && key.bytes().all(|b| b.is_ascii_graphic())
}

/// `GET /api/offline/key`: the signed-in user's offline secret (32 random bytes as hex).
/// The browser derives an AES-GCM key from it and keeps neither in the clear.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfflineSecret {
    /// 64 hex digits.
    pub secret: String,
    /// When this secret was made; a rotation makes a new one.
    pub created_at: DateTime<Utc>,
}

/// Never printed: a log line must not carry the secret.
impl std::fmt::Debug for OfflineSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OfflineSecret")
            .field("secret", &"<redacted>")
            .field("created_at", &self.created_at)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_uuid_is_a_key_and_blank_or_spaced_text_is_not() {
        assert!(is_valid_idempotency_key(
            "3f2b6c1e-8d4a-4b5e-9c7d-0a1b2c3d4e5f"
        ));
        assert!(!is_valid_idempotency_key(""));
        assert!(!is_valid_idempotency_key("short"));
        assert!(!is_valid_idempotency_key("has a space in it"));
        assert!(!is_valid_idempotency_key(&"x".repeat(101)));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_secret_is_never_printed() {
        let s = OfflineSecret {
            secret: "ab".repeat(32),
            created_at: DateTime::from_timestamp(0, 0).unwrap(),
        };
        assert!(!format!("{s:?}").contains("abab"));
    }
}
