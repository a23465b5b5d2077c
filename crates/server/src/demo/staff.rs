//! The demo bank's two sub-branches and its staff: eight relationship managers (four per
//! branch), a branch manager, a compliance officer and an admin.

use super::{DemoBranch, DemoUser};
use crate::demo_data::STAFF;
use clientbook_domain::api::Role;

pub(super) fn branches() -> Vec<DemoBranch> {
    vec![
        DemoBranch {
            id: 1,
            code: "BR001".into(),
            name_en: "Lujiazui Sub-branch".into(),
            name_zh: "陆家嘴支行".into(),
        },
        DemoBranch {
            id: 2,
            code: "BR002".into(),
            name_en: "Xujiahui Sub-branch".into(),
            name_zh: "徐家汇支行".into(),
        },
    ]
}

pub(super) fn users() -> Vec<DemoUser> {
    STAFF
        .iter()
        .enumerate()
        .map(|(i, (username, name))| {
            let id = i as i64 + 1;
            let (role, branch_id) = match *username {
                "manager01" => (Role::BranchManager, Some(1)),
                "compliance01" => (Role::Compliance, None),
                "admin" => (Role::Admin, None),
                _ => (Role::RelationshipManager, Some(if id <= 4 { 1 } else { 2 })),
            };
            DemoUser {
                id,
                username: (*username).to_owned(),
                display_name: (*name).to_owned(),
                role,
                branch_id,
            }
        })
        .collect()
}
