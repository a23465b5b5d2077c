//! A member's response (docs/rules.md, Campaigns): none → invited → accepted →
//! attended, or declined from invited or accepted. It moves one way; attended and
//! declined are final.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum MemberResponse {
    /// Not invited yet.
    None,
    Invited,
    Accepted,
    Attended,
    Declined,
}

impl MemberResponse {
    pub const ALL: [MemberResponse; 5] = [
        Self::None,
        Self::Invited,
        Self::Accepted,
        Self::Attended,
        Self::Declined,
    ];

    /// The responses this one may move to.
    pub fn next(self) -> &'static [MemberResponse] {
        use MemberResponse::*;
        match self {
            None => &[Invited],
            Invited => &[Accepted, Declined],
            Accepted => &[Attended, Declined],
            Attended | Declined => &[],
        }
    }

    pub fn can_move_to(self, to: MemberResponse) -> bool {
        self.next().contains(&to)
    }

    /// The customer answered (accepted, attended or declined).
    pub fn responded(self) -> bool {
        matches!(self, Self::Accepted | Self::Attended | Self::Declined)
    }

    /// Once invited the customer has been reached.
    pub fn reached(self) -> bool {
        self != Self::None
    }

    pub fn is_final(self) -> bool {
        self.next().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::MemberResponse::{self, *};

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_response_moves_one_way_along_the_chain() {
        assert!(None.can_move_to(Invited));
        assert!(Invited.can_move_to(Accepted));
        assert!(Invited.can_move_to(Declined));
        assert!(Accepted.can_move_to(Attended));
        assert!(Accepted.can_move_to(Declined));
        assert!(
            !None.can_move_to(Attended),
            "not attended without an invitation"
        );
        assert!(!Accepted.can_move_to(Invited), "never back");
        assert!(!Attended.can_move_to(Declined), "attended is final");
        assert!(!Declined.can_move_to(Accepted), "declined is final");
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn no_response_moves_to_itself_and_every_path_ends() {
        for r in MemberResponse::ALL {
            assert!(!r.can_move_to(r));
            // Following any path reaches a final response in at most three moves.
            let mut at = r;
            for _ in 0..3 {
                if let Some(n) = at.next().first() {
                    at = *n;
                }
            }
            assert!(at.is_final(), "{r:?} ends at {at:?}");
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn reached_and_responded_follow_the_state() {
        assert!(!None.reached());
        assert!(Invited.reached() && !Invited.responded());
        assert!(Declined.reached() && Declined.responded());
    }
}
