//! The staff of the caller's scope (`GET /api/staff`), so screens can name an RM rather
//! than show a number: an RM sees themselves, a branch manager the RMs of their branch,
//! compliance and admins everyone. Only ids, display names and roles leave the server.
//!
//! Not audited, as `GET /api/users` is not: the audit log records reads of customer
//! data, and a list of colleagues' names is none.

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use clientbook_domain::api::{Me, Role, StaffMember, StaffResponse};
use clientbook_domain::service::UserSummary;

pub fn router() -> Router<AppState> {
    Router::new().route("/staff", get(staff))
}

/// Whether `me` may see `user` in the staff list.
fn in_scope(me: &Me, user: &UserSummary) -> bool {
    match me.role {
        Role::RelationshipManager => user.id == me.id,
        // A branch manager without a branch sees no one, as with customers.
        Role::BranchManager => {
            user.role == Role::RelationshipManager
                && me.branch_id.is_some()
                && user.branch_id == me.branch_id
        }
        Role::Compliance | Role::Admin => true,
    }
}

/// The staff of the caller's scope, by id: ids, display names and roles only.
#[utoipa::path(get, path = "/api/staff", tag = "users",
    responses(
        (status = 200, body = StaffResponse,
            description = "An RM: themselves; a branch manager: the RMs of their branch; compliance and admins: everyone"),
        (status = 401, description = "not_signed_in", body = clientbook_domain::api::ErrorBody)))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn staff(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<Json<StaffResponse>> {
    let me = &user.0;
    let staff = state
        .storage
        .users(None)
        .await?
        .into_iter()
        .filter(|u| in_scope(me, u))
        .map(|u| StaffMember {
            id: u.id,
            display_name: u.display_name,
            role: u.role,
        })
        .collect();
    Ok(Json(StaffResponse { staff }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clientbook_domain::{BranchId, UserId};

    fn user(id: i64, role: Role, branch: Option<i64>) -> UserSummary {
        UserSummary {
            id: UserId(id),
            username: format!("u{id}"),
            display_name: format!("User {id}"),
            role,
            branch_id: branch.map(BranchId),
            disabled: false,
        }
    }

    fn me(u: &UserSummary) -> Me {
        Me {
            id: u.id,
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            role: u.role,
            branch_id: u.branch_id,
            meeting_id: None,
        }
    }

    fn seen_by(who: &UserSummary, all: &[UserSummary]) -> Vec<i64> {
        all.iter()
            .filter(|u| in_scope(&me(who), u))
            .map(|u| u.id.0)
            .collect()
    }

    #[test]
    fn each_role_sees_exactly_its_scope_of_staff() {
        let all = [
            user(1, Role::RelationshipManager, Some(1)),
            user(2, Role::RelationshipManager, Some(1)),
            user(3, Role::RelationshipManager, Some(2)),
            user(4, Role::BranchManager, Some(1)),
            user(5, Role::Compliance, None),
            user(6, Role::Admin, None),
            user(7, Role::BranchManager, None),
        ];
        assert_eq!(seen_by(&all[0], &all), vec![1]);
        assert_eq!(seen_by(&all[3], &all), vec![1, 2]);
        assert_eq!(seen_by(&all[4], &all), vec![1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(seen_by(&all[5], &all), vec![1, 2, 3, 4, 5, 6, 7]);
        assert!(seen_by(&all[6], &all).is_empty());
    }
}
