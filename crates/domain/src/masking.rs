//! Masking of C2 personal identifiers (JR/T 0171-2020), DOMAIN.md "Data protection".
//! The server masks before sending; the browser never receives the full value unless
//! the user asked to reveal it (an audited action).

use crate::policy::{KeepEnds, MaskingPolicy};

/// Keep `keep.first` leading and `keep.last` trailing characters and replace the rest
/// with `*`, one per character so the length stays recognisable
/// (622202*********0123). A value too short to hide anything is masked entirely.
pub fn mask_keep_ends(value: &str, keep: KeepEnds) -> String {
    let chars: Vec<char> = value.chars().collect();
    let (first, last) = (keep.first as usize, keep.last as usize);
    if chars.len() <= first + last {
        return "*".repeat(chars.len());
    }
    let mut out = String::with_capacity(value.len());
    out.extend(&chars[..first]);
    out.extend(std::iter::repeat_n('*', chars.len() - first - last));
    out.extend(&chars[chars.len() - last..]);
    out
}

/// Names keep the surname: 张三丰 → 张**.
pub fn mask_name(name: &str, policy: &MaskingPolicy) -> String {
    let chars: Vec<char> = name.chars().collect();
    let keep = (policy.name_keep as usize).min(chars.len());
    let mut out: String = chars[..keep].iter().collect();
    out.extend(std::iter::repeat_n(
        '*',
        chars.len().saturating_sub(keep).max(1),
    ));
    out
}

pub fn mask_mobile(phone: &str, policy: &MaskingPolicy) -> String {
    mask_keep_ends(phone, policy.mobile)
}

pub fn mask_id_number(id: &str, policy: &MaskingPolicy) -> String {
    mask_keep_ends(id, policy.id_number)
}

pub fn mask_card(card: &str, policy: &MaskingPolicy) -> String {
    mask_keep_ends(card, policy.card)
}

pub fn mask_account(account: &str, policy: &MaskingPolicy) -> String {
    mask_keep_ends(account, policy.account)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn masks_follow_the_default_patterns_of_the_brief() {
        let p = MaskingPolicy::default();
        assert_eq!(mask_card("6222021234560123", &p), "622202******0123");
        assert_eq!(mask_mobile("13812345678", &p), "138****5678");
        assert_eq!(
            mask_id_number("110105199001011234", &p),
            "110105********1234"
        );
        assert_eq!(mask_account("1234567890", &p), "******7890");
        assert_eq!(mask_name("张三丰", &p), "张**");
        assert_eq!(mask_name("李四", &p), "李*");
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_value_too_short_to_hide_anything_is_hidden_entirely() {
        let p = MaskingPolicy::default();
        assert_eq!(mask_mobile("1234", &p), "****");
        assert_eq!(mask_name("王", &p), "王*");
    }
}
