//! The fields of a customer as the proposed merges name them, in the reader's language
//! (the file's column keys, such as `birth_date`, are the template's, not words).

use crate::i18n::Locale;

crate::i18n::message_table! {
    CustomerNo => "Customer number", "客户号";
    Name => "Name", "姓名";
    IdType => "ID type", "证件类型";
    IdNumber => "ID number", "证件号码";
    Phone => "Mobile", "手机号";
    Gender => "Gender", "性别";
    BirthDate => "Birth date", "出生日期";
    Rm => "Relationship manager", "客户经理";
    Email => "Email", "电子邮箱";
    Address => "Address", "地址";
    Occupation => "Occupation", "职业";
    IncomeBand => "Income band", "年收入";
    RiskLevel => "Risk level", "风险等级";
    RiskAssessedOn => "Risk assessed on", "风险测评日期";
    Since => "Customer since", "开户日期";
}

/// A customer column's name in `locale`; a column this table does not know as it is.
pub fn field_name(column: &str, locale: Locale) -> String {
    let t = match column {
        "customer_no" => T::CustomerNo,
        "name" => T::Name,
        "id_type" => T::IdType,
        "id_number" => T::IdNumber,
        "phone" => T::Phone,
        "gender" => T::Gender,
        "birth_date" => T::BirthDate,
        "rm_username" => T::Rm,
        "email" => T::Email,
        "address" => T::Address,
        "occupation" => T::Occupation,
        "income_band" => T::IncomeBand,
        "risk_level" => T::RiskLevel,
        "risk_assessed_on" => T::RiskAssessedOn,
        "since" => T::Since,
        other => return other.to_owned(),
    };
    t.text(locale).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clientbook_domain::import::columns::CUSTOMER_COLUMNS;
    use std::collections::HashSet;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn every_field_has_words_in_both_languages_and_english_is_unique() {
        let mut seen = HashSet::new();
        for t in T::ALL {
            assert_ne!(t.text(Locale::En), t.text(Locale::ZhCn), "{t:?}");
            assert!(seen.insert(t.text(Locale::En)), "{t:?} repeats");
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn every_customer_column_has_a_name_not_its_key() {
        for c in CUSTOMER_COLUMNS {
            for l in Locale::ALL {
                let name = field_name(c.en, l);
                assert_ne!(name, c.en, "{} in {l:?}", c.en);
                assert!(!name.contains('_'), "{name}");
            }
        }
        assert_eq!(field_name("birth_date", Locale::En), "Birth date");
        assert_eq!(field_name("birth_date", Locale::ZhCn), "出生日期");
    }
}
