//! Users and their roles: who may sign in and what each role may do, with the request
//! and response types of user administration (`/api/users`). The server enforces the
//! scope each role implies (docs/rules.md, Reveal and audit).

use crate::customer::{BranchId, UserId};
use serde::{Deserialize, Serialize};

/// Shortest password an admin may set.
pub const PASSWORD_MIN_CHARS: usize = 12;

/// What a signed-in user may do (scoping is enforced by the server).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Role {
    /// 客户经理: their own book only.
    RelationshipManager,
    /// 支行行长: every book of their branch.
    BranchManager,
    /// 合规: reads everything, changes nothing.
    Compliance,
    /// Manages users and the policy.
    Admin,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserSummary {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub branch_id: Option<BranchId>,
    pub disabled: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsersResponse {
    pub users: Vec<UserSummary>,
}

/// `POST /api/users`. RMs and branch managers need a branch; compliance and admins have none.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    /// 3–32 of a–z, 0–9, `.`, `_`, `-`.
    pub username: String,
    pub display_name: String,
    pub role: Role,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub branch_id: Option<BranchId>,
    /// At least [`PASSWORD_MIN_CHARS`] characters.
    pub password: String,
}

impl std::fmt::Debug for NewUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewUser")
            .field("username", &self.username)
            .field("display_name", &self.display_name)
            .field("role", &self.role)
            .field("branch_id", &self.branch_id)
            .field("password", &"***")
            .finish()
    }
}

/// `POST /api/users/{id}/password`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordReset {
    pub password: String,
}

impl std::fmt::Debug for PasswordReset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordReset { password: \"***\" }")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn passwords_never_print() {
        let u = NewUser {
            username: "a".into(),
            display_name: "A".into(),
            role: Role::Admin,
            branch_id: None,
            password: "correct horse battery".into(),
        };
        assert!(!format!("{u:?}").contains("horse"));
        let p = PasswordReset {
            password: "correct horse battery".into(),
        };
        assert!(!format!("{p:?}").contains("horse"));
    }
}
