//! Resident identity card numbers (居民身份证号码, GB 11643-1999): the 18-digit form with
//! its ISO 7064 MOD 11-2 check character, the older 15-digit form, and the standard
//! conversion of a 15-digit number to 18 digits (docs/rules.md, Import).

use chrono::NaiveDate;

/// Weights of the first 17 digits (2^(17-i) mod 11).
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// The check character for each remainder mod 11.
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// Why a resident ID number is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdCardError {
    /// Neither 15 nor 18 characters.
    Length,
    /// A character other than a digit (or a final X of an 18-digit number).
    NotDigits,
    /// The embedded birth date (YYYYMMDD, or YYMMDD of 19YY) is no day of the calendar.
    BirthDate,
    /// The 18th character is not the one the first 17 give.
    CheckDigit { expected: char },
}

/// A resident ID number that passed the checks, in its 18-digit form.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ResidentId {
    /// The 18-digit number (upper-case X); a 15-digit one converted.
    pub eighteen: String,
    /// The form the number was written in was the old 15-digit one.
    pub was_fifteen: bool,
    pub birth_date: NaiveDate,
}

/// The check character of the first 17 digits (which must be ASCII digits).
pub fn check_char(first17: &str) -> char {
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    CHECK[(sum % 11) as usize]
}

fn date_of(yyyymmdd: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(yyyymmdd, "%Y%m%d").ok()
}

/// Check a written number and give its 18-digit form. Spaces around it are the
/// caller's to trim; a lower-case x is read as X.
pub fn parse_resident_id(raw: &str) -> Result<ResidentId, IdCardError> {
    let s = raw.to_ascii_uppercase();
    match s.len() {
        15 => {
            if !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(IdCardError::NotDigits);
            }
            let birth_date = date_of(&format!("19{}", &s[6..12])).ok_or(IdCardError::BirthDate)?;
            Ok(ResidentId {
                eighteen: fifteen_to_eighteen(&s),
                was_fifteen: true,
                birth_date,
            })
        }
        18 => {
            let (body, last) = s.split_at(17);
            if !body.bytes().all(|b| b.is_ascii_digit())
                || !(last.as_bytes()[0].is_ascii_digit() || last == "X")
            {
                return Err(IdCardError::NotDigits);
            }
            let birth_date = date_of(&s[6..14]).ok_or(IdCardError::BirthDate)?;
            let expected = check_char(body);
            if !last.starts_with(expected) {
                return Err(IdCardError::CheckDigit { expected });
            }
            Ok(ResidentId {
                eighteen: s,
                was_fifteen: false,
                birth_date,
            })
        }
        _ if !s.chars().all(|c| c.is_ascii_alphanumeric()) => Err(IdCardError::NotDigits),
        _ => Err(IdCardError::Length),
    }
}

/// The standard conversion: "19" goes before the two-digit year and the check character
/// is appended. `fifteen` must be 15 ASCII digits.
pub fn fifteen_to_eighteen(fifteen: &str) -> String {
    let first17 = format!("{}19{}", &fifteen[..6], &fifteen[6..]);
    let check = check_char(&first17);
    format!("{first17}{check}")
}

/// The old 15-digit form of an 18-digit number of someone born in the 1900s (the
/// century and the check character dropped), to find a customer stored in that form.
pub fn eighteen_to_fifteen(eighteen: &str) -> Option<String> {
    (eighteen.len() == 18 && eighteen.is_ascii() && &eighteen[6..8] == "19")
        .then(|| format!("{}{}", &eighteen[..6], &eighteen[8..17]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_standard_example_number_passes_and_its_check_character_is_x() {
        // GB 11643-1999's worked example.
        let id = parse_resident_id("11010519491231002X").unwrap();
        assert_eq!(
            id.birth_date,
            NaiveDate::from_ymd_opt(1949, 12, 31).unwrap()
        );
        assert!(!id.was_fifteen);
        assert_eq!(check_char("11010519491231002"), 'X');
        assert_eq!(
            parse_resident_id("11010519491231002x").unwrap().eighteen,
            "11010519491231002X"
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_wrong_check_character_is_refused_naming_the_right_one() {
        assert_eq!(
            parse_resident_id("110105194912310021"),
            Err(IdCardError::CheckDigit { expected: 'X' })
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_fifteen_digit_number_converts_to_its_eighteen_digit_form() {
        let id = parse_resident_id("110105491231002").unwrap();
        assert!(id.was_fifteen);
        assert_eq!(id.eighteen, "11010519491231002X");
        assert_eq!(
            id.birth_date,
            NaiveDate::from_ymd_opt(1949, 12, 31).unwrap()
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn lengths_letters_and_impossible_birth_dates_are_refused() {
        assert_eq!(parse_resident_id("1234"), Err(IdCardError::Length));
        assert_eq!(
            parse_resident_id("11010519491231A02X"),
            Err(IdCardError::NotDigits)
        );
        assert_eq!(
            parse_resident_id("110105-94912310"),
            Err(IdCardError::NotDigits)
        );
        // 1949-02-30.
        assert_eq!(
            parse_resident_id("110105194902300021"),
            Err(IdCardError::BirthDate)
        );
        assert_eq!(
            parse_resident_id("110105490230002"),
            Err(IdCardError::BirthDate)
        );
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        fn any_fifteen_digit_number() -> impl Strategy<Value = String> {
            (100_000u32..999_999, 0u32..36_500, 0u32..1000).prop_map(|(area, day, seq)| {
                let birth = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap()
                    + chrono::Days::new(u64::from(day));
                let yy = birth.format("%y%m%d").to_string();
                format!("{area:06}{yy}{seq:03}")
            })
        }

        proptest! {
            #[test]
            fn every_converted_number_passes_the_eighteen_digit_check(f in any_fifteen_digit_number()) {
                let eighteen = fifteen_to_eighteen(&f);
                let id = parse_resident_id(&eighteen).unwrap();
                prop_assert_eq!(&id.eighteen, &eighteen);
                prop_assert_eq!(parse_resident_id(&f).unwrap().birth_date, id.birth_date);
            }

            #[test]
            fn changing_any_one_digit_breaks_the_check(f in any_fifteen_digit_number(), pos in 0usize..17, bump in 1u8..10) {
                let eighteen = fifteen_to_eighteen(&f);
                let mut bytes = eighteen.into_bytes();
                bytes[pos] = b'0' + (bytes[pos] - b'0' + bump) % 10;
                let changed = String::from_utf8(bytes).unwrap();
                // Either the date breaks or the check character does: never accepted.
                prop_assert!(parse_resident_id(&changed).is_err());
            }
        }
    }
}
