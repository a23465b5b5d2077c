//! Masking of C2 personal identifiers (JR/T 0171-2020), docs/rules.md, Masking.
//! The server masks before sending; the browser never receives the full value unless
//! the user asked to reveal it (an audited action).

use crate::policy::{AddressMask, BirthDateMask, KeepEnds, MaskingPolicy};
use chrono::{Datelike, NaiveDate};

/// What stands for the hidden part of an address: a fixed four stars, so the masked
/// value does not tell how long the street part is.
const HIDDEN: &str = "****";

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

/// Names keep the surname: 张三丰 → 张**, 李四 → 李*, 欧阳娜娜 → 欧阳** (a compound
/// surname of the policy's list is kept whole when a given name follows it). One star
/// per hidden character; at least one star, so a one-character value is never shown.
pub fn mask_name(name: &str, policy: &MaskingPolicy) -> String {
    let chars: Vec<char> = name.chars().collect();
    let compound = policy.compound_surnames.iter().find_map(|s| {
        let n = s.chars().count();
        (n > 0 && n < chars.len() && s.chars().eq(chars[..n].iter().copied())).then_some(n)
    });
    let keep = compound
        .unwrap_or(policy.name_keep as usize)
        .min(chars.len());
    let mut out: String = chars[..keep].iter().collect();
    out.extend(std::iter::repeat_n(
        '*',
        chars.len().saturating_sub(keep).max(1),
    ));
    out
}

/// Chinese district-level units (区, 县 and the Inner Mongolian 旗, autonomous ones
/// included, since 自治县 ends in 县). A 区 closing a province-level name (自治区,
/// 特别行政区) is not a district.
const DISTRICT_UNITS: [char; 3] = ['区', '县', '旗'];
const PROVINCE_LEVEL_REGIONS: [&str; 2] = ["自治区", "特别行政区"];

/// An address masked to its district (北京市朝阳区建国路1号 → 北京市朝阳区****) or
/// hidden whole, as the policy says. An address in Chinese keeps the text up to and
/// including its first district-level unit; without one, up to its first city (市); with
/// neither, nothing. Text without Chinese characters keeps what precedes its first comma
/// (nothing without a comma). An empty address stays empty.
pub fn mask_address(address: &str, policy: &MaskingPolicy) -> String {
    let address = address.trim();
    if address.is_empty() {
        return String::new();
    }
    let kept = match policy.address {
        AddressMask::Hidden => None,
        AddressMask::District if address.chars().any(is_chinese) => chinese_district(address),
        AddressMask::District => address
            .split_once(',')
            .map(|(first, _)| first.trim_end())
            .filter(|first| !first.is_empty()),
    };
    format!("{}{HIDDEN}", kept.unwrap_or(""))
}

/// The text of a Chinese address up to and including its district, else its city.
fn chinese_district(address: &str) -> Option<&str> {
    let end_of = |(i, c): (usize, char)| i + c.len_utf8();
    let district = address
        .char_indices()
        .filter(|&(i, c)| i > 0 && DISTRICT_UNITS.contains(&c))
        .map(end_of)
        .find(|&end| {
            !PROVINCE_LEVEL_REGIONS
                .iter()
                .any(|r| address[..end].ends_with(r))
        });
    let city = || {
        address
            .char_indices()
            .find(|&(i, c)| i > 0 && c == '市')
            .map(end_of)
    };
    district.or_else(city).map(|end| &address[..end])
}

fn is_chinese(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// A birth date masked to its year (1958-**-**) or hidden whole (****-**-**).
pub fn mask_birth_date(date: NaiveDate, policy: &MaskingPolicy) -> String {
    match policy.birth_date {
        BirthDateMask::Year => format!("{:04}-**-**", date.year()),
        BirthDateMask::Hidden => "****-**-**".to_owned(),
    }
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
    fn masks_follow_the_default_patterns() {
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

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_compound_surname_is_kept_whole() {
        let p = MaskingPolicy::default();
        assert_eq!(mask_name("欧阳娜娜", &p), "欧阳**");
        assert_eq!(mask_name("欧阳修", &p), "欧阳*");
        assert_eq!(mask_name("诸葛亮", &p), "诸葛*");
        assert_eq!(mask_name("司马相如", &p), "司马**");
        // Two characters: a plain surname and its given name, not a surname alone.
        assert_eq!(mask_name("欧阳", &p), "欧*");
        // 欧 alone is a plain surname too.
        assert_eq!(mask_name("欧明", &p), "欧*");
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_compound_surnames_are_the_policys_list() {
        let mut p = MaskingPolicy::default();
        p.compound_surnames.clear();
        assert_eq!(mask_name("欧阳娜娜", &p), "欧***");
        p.compound_surnames.push("张三".into());
        assert_eq!(mask_name("张三丰", &p), "张三*");
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn an_address_keeps_its_district() {
        let p = MaskingPolicy::default();
        let cases = [
            ("北京市朝阳区建国路88号1201室", "北京市朝阳区****"),
            ("上海市浦东新区世纪大道100号", "上海市浦东新区****"),
            ("青岛市市南区香港中路9号", "青岛市市南区****"),
            ("浙江省嘉兴市嘉善县罗星街道1号", "浙江省嘉兴市嘉善县****"),
            (
                "广西壮族自治区南宁市青秀区民族大道1号",
                "广西壮族自治区南宁市青秀区****",
            ),
            (
                "内蒙古自治区鄂尔多斯市伊金霍洛旗阿勒腾席热镇",
                "内蒙古自治区鄂尔多斯市伊金霍洛旗****",
            ),
            ("香港特别行政区湾仔区港湾道1号", "香港特别行政区湾仔区****"),
            ("江苏省苏州市昆山市玉山镇1号", "江苏省苏州市****"),
            ("某某路1号", "****"),
            ("  ", ""),
        ];
        for (address, masked) in cases {
            assert_eq!(mask_address(address, &p), masked, "{address}");
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn an_address_without_chinese_keeps_what_precedes_its_first_comma() {
        let p = MaskingPolicy::default();
        assert_eq!(
            mask_address("Chaoyang District, 88 Jianguo Road", &p),
            "Chaoyang District****"
        );
        assert_eq!(mask_address("88 Jianguo Road", &p), "****");
        assert_eq!(mask_address(", Beijing", &p), "****");
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_hidden_address_shows_nothing() {
        let p = MaskingPolicy {
            address: AddressMask::Hidden,
            ..MaskingPolicy::default()
        };
        assert_eq!(mask_address("北京市朝阳区建国路88号", &p), "****");
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_birth_date_keeps_its_year_or_nothing() {
        let d = NaiveDate::from_ymd_opt(1958, 3, 7).unwrap();
        let mut p = MaskingPolicy::default();
        assert_eq!(mask_birth_date(d, &p), "1958-**-**");
        p.birth_date = BirthDateMask::Hidden;
        assert_eq!(mask_birth_date(d, &p), "****-**-**");
    }
}
