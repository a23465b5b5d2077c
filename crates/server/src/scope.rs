//! Which customers a user may see, enforced in every query: an RM their own book, a
//! branch manager their branch, compliance everything (read-only), an admin no customer
//! data (they manage users and the policy). Out of scope reads as "does not exist".

use clientbook_domain::api::{Me, Role};
use clientbook_domain::{BranchId, UserId};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Rm(UserId),
    Branch(BranchId),
    All,
    Nothing,
}

impl Scope {
    pub fn of(me: &Me) -> Scope {
        match (me.role, me.branch_id) {
            (Role::RelationshipManager, _) => Scope::Rm(me.id),
            (Role::BranchManager, Some(branch)) => Scope::Branch(branch),
            // A branch manager without a branch sees nothing rather than everything.
            (Role::BranchManager, None) => Scope::Nothing,
            (Role::Compliance, _) => Scope::All,
            (Role::Admin, _) => Scope::Nothing,
        }
    }

    /// A SQL condition on the customers table aliased `c`, using placeholder `$n` for
    /// its parameter when it has one.
    pub fn condition(&self, n: usize) -> (String, Option<i64>) {
        match self {
            // A customer merged into another (retired) is in no one's scope.
            Scope::Rm(rm) => (
                format!("(c.rm_id = ${n} AND c.merged_into IS NULL)"),
                Some(rm.0),
            ),
            Scope::Branch(b) => (
                format!("(c.branch_id = ${n} AND c.merged_into IS NULL)"),
                Some(b.0),
            ),
            Scope::All => ("c.merged_into IS NULL".to_owned(), None),
            Scope::Nothing => ("1 = 0".to_owned(), None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn me(role: Role, branch: Option<i64>) -> Me {
        Me {
            id: UserId(7),
            username: "x".into(),
            display_name: "x".into(),
            role,
            branch_id: branch.map(BranchId),
            meeting_id: None,
        }
    }

    #[test]
    fn each_role_gets_its_scope() {
        assert_eq!(
            Scope::of(&me(Role::RelationshipManager, Some(1))),
            Scope::Rm(UserId(7))
        );
        assert_eq!(
            Scope::of(&me(Role::BranchManager, Some(1))),
            Scope::Branch(BranchId(1))
        );
        assert_eq!(Scope::of(&me(Role::BranchManager, None)), Scope::Nothing);
        assert_eq!(Scope::of(&me(Role::Compliance, None)), Scope::All);
        assert_eq!(Scope::of(&me(Role::Admin, None)), Scope::Nothing);
    }
}
