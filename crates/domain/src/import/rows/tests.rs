use super::*;
use crate::import::columns::{match_header, template_header, HeaderLang};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()
}

fn customers_header() -> HeaderMatch {
    match_header(
        ImportKind::Customers,
        &template_header(ImportKind::Customers, HeaderLang::En),
    )
}

/// A good customer row in the template's order, with `changes` applied (column, value).
fn customer(changes: &[(usize, &'static str)]) -> Vec<&'static str> {
    let mut row = vec![
        "C0001",
        "张三丰",
        "",
        "11010519491231002X",
        "13800138000",
        "男",
        "1949-12-31",
        "rm01",
        "",
        "北京市朝阳区建国路1号",
        "教师",
        "200k-500k",
        "C3",
        "2025-03-01",
        "2010-05-06",
    ];
    for (c, v) in changes {
        row[*c] = v;
    }
    row
}

fn problems_of(row: &[&str]) -> Vec<(Option<usize>, Problem)> {
    check_customer(&customers_header(), row, today())
        .unwrap_err()
        .into_iter()
        .map(|p| (p.column, p.problem))
        .collect()
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_good_customer_row_becomes_typed_values() {
    let row = check_customer(&customers_header(), &customer(&[]), today()).unwrap();
    assert_eq!(row.id_type, IdType::ResidentIdCard);
    assert_eq!(row.gender, Gender::Male);
    assert_eq!(row.risk_level, Some(RiskLevel::C3));
    assert_eq!(row.income_band, IncomeBand::From200kTo500k);
    assert_eq!(row.email, None);
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_fifteen_digit_id_is_stored_in_its_eighteen_digit_form_and_remembered() {
    let row = check_customer(
        &customers_header(),
        &customer(&[(3, "110105491231002")]),
        today(),
    )
    .unwrap();
    assert_eq!(row.id_number, "11010519491231002X");
    assert!(row.id_was_fifteen);
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn every_bad_cell_of_a_row_is_reported_not_only_the_first() {
    let got = problems_of(&customer(&[
        (3, "110105194912310021"),
        (4, "1380013800O"),
        (6, "2024-02-30"),
        (9, "=HYPERLINK(\"http://evil\")"),
        (11, "rich"),
    ]));
    assert_eq!(
        got,
        vec![
            (Some(4), Problem::PhoneHasLetters),
            (Some(6), Problem::DateNotInCalendar),
            (Some(3), Problem::IdCheckDigit),
            (Some(9), Problem::FormulaLike),
            (Some(11), Problem::UnknownValue),
        ]
    );
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_birth_date_that_is_not_the_id_numbers_is_named() {
    assert_eq!(
        problems_of(&customer(&[(6, "1950-01-01")])),
        vec![(Some(6), Problem::IdBirthDateMismatch)]
    );
    assert_eq!(
        problems_of(&customer(&[(6, "1800-01-01")])),
        vec![(Some(6), Problem::DateTooEarly)]
    );
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_row_of_the_wrong_width_is_reported_whole() {
    let mut long = customer(&[]);
    long.push("extra");
    assert_eq!(problems_of(&long), vec![(None, Problem::TooManyFields)]);
    assert_eq!(
        problems_of(&customer(&[])[..5]),
        vec![(None, Problem::TooFewFields)]
    );
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_risk_level_needs_its_assessment_date() {
    assert_eq!(
        problems_of(&customer(&[(13, "")])),
        vec![(Some(13), Problem::Required)]
    );
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn holdings_check_amounts_and_dates() {
    let header = match_header(
        ImportKind::Holdings,
        &template_header(ImportKind::Holdings, HeaderLang::Zh),
    );
    let good = [
        "A1",
        "C0001",
        "TD-3M",
        "5000.00",
        "2026-01-10",
        "2026-04-10",
    ];
    let row = check_holding(&header, &good, today()).unwrap();
    assert_eq!(row.balance, Money::from_fen(500_000));
    let bad = [
        "A1",
        "C0001",
        "TD-3M",
        "1,000.00元",
        "2026-01-10",
        "2025-04-10",
    ];
    let got: Vec<_> = check_holding(&header, &bad, today())
        .unwrap_err()
        .into_iter()
        .map(|p| (p.column, p.problem))
        .collect();
    assert_eq!(
        got,
        vec![
            (Some(3), Problem::AmountThousandsSeparator),
            (Some(5), Problem::MaturityBeforeOpening)
        ]
    );
}
