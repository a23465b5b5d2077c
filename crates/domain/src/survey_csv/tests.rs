//! The survey file parser: the example and the template, headers, bad cells, limits,
//! the checks against the book, and the server's answers mapped back to the file.

use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Problems as (row, column, problem), for short assertions.
fn found(p: &Parsed) -> Vec<(Option<usize>, Option<&str>, &Problem)> {
    p.problems
        .iter()
        .map(|p| (p.row, p.column.as_deref(), &p.problem))
        .collect()
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_documented_example_reads_without_a_problem() {
    let p = parse(EXAMPLE);
    assert_eq!(found(&p), vec![]);
    assert!(p.ready());
    assert_eq!(p.rows.len(), 2);
    let first = &p.rows[0];
    assert_eq!(first.row, 2);
    assert_eq!(first.survey.customer_id, CustomerId(1024));
    assert_eq!(first.survey.answered_on, day(2026, 6, 10));
    assert_eq!((first.survey.recommend, first.survey.overall), (9, 4));
    assert_eq!(
        first.survey.ratings,
        vec![RatingInput {
            attribute: ServiceAttribute::WaitingTime,
            satisfaction: 3,
            importance: 5
        }]
    );
    assert!(p.rows[1].survey.ratings.is_empty(), "blank pair: not rated");
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_template_names_every_column_and_is_a_valid_header() {
    let t = template();
    assert!(t.starts_with("customer_id,answered_on,recommend,overall,"));
    assert!(t.contains("branch_environment_importance"));
    assert_eq!(
        t.trim_end().split(',').count(),
        4 + 2 * ServiceAttribute::ALL.len()
    );
    assert!(template_href().ends_with("branch_environment_importance%0D%0A"));
    // A header alone: nothing to import, but no header problem.
    assert_eq!(found(&parse(&t)), vec![(None, None, &Problem::NoSurveys)]);
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_header_may_come_in_any_order_with_any_case_and_a_byte_order_mark() {
    let text = "\u{feff}Overall,Recommend,\"Answered On\",fees_importance,FEES_SATISFACTION,Customer ID\r\n\
                4,10,2026/6/9,5,2,77\r\n\r\n";
    let p = parse(text);
    assert_eq!(found(&p), vec![]);
    let s = &p.rows[0].survey;
    assert_eq!(s.customer_id, CustomerId(77));
    assert_eq!(s.answered_on, day(2026, 6, 9));
    assert_eq!((s.recommend, s.overall), (10, 4));
    assert_eq!(
        s.ratings,
        vec![RatingInput {
            attribute: ServiceAttribute::Fees,
            satisfaction: 2,
            importance: 5
        }]
    );
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn unknown_repeated_and_missing_columns_are_named_and_rows_are_not_checked() {
    let p = parse("customer_id,recommend,mood,recommend,fees_satisfaction\n1,x,y,z,9\n");
    assert_eq!(
        found(&p),
        vec![
            (Some(1), Some("mood"), &Problem::UnknownColumn),
            (Some(1), Some("recommend"), &Problem::RepeatedColumn),
            (Some(1), Some("answered_on"), &Problem::MissingColumn),
            (Some(1), Some("overall"), &Problem::MissingColumn),
            (Some(1), Some("fees_importance"), &Problem::MissingColumn),
        ]
    );
    assert!(!p.ready());
    assert_eq!(p.data_rows, 1);
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn every_bad_cell_is_named_by_row_and_column() {
    let text =
        "customer_id,answered_on,recommend,overall,expertise_satisfaction,expertise_importance
1,2026-06-10,9,4,,
abc,2026-13-01,11,0,3,
\n\
3,2026-06-10,9.5,,6,2
4,2026-06-10,9
";
    let p = parse(text);
    assert_eq!(
        found(&p),
        vec![
            (Some(3), Some("customer_id"), &Problem::NotCustomerId),
            (Some(3), Some("answered_on"), &Problem::NotDate),
            (
                Some(3),
                Some("recommend"),
                &Problem::OutOfRange { lo: 0, hi: 10 }
            ),
            (
                Some(3),
                Some("overall"),
                &Problem::OutOfRange { lo: 1, hi: 5 }
            ),
            (Some(3), Some("expertise_importance"), &Problem::HalfRated),
            (Some(5), Some("recommend"), &Problem::NotWholeNumber),
            (Some(5), Some("overall"), &Problem::Required),
            (
                Some(5),
                Some("expertise_satisfaction"),
                &Problem::OutOfRange { lo: 1, hi: 5 }
            ),
            (
                Some(6),
                None,
                &Problem::CellCount {
                    found: 3,
                    expected: 6
                }
            ),
        ]
    );
    assert_eq!(p.rows.len(), 1, "only the good row becomes a survey");
    assert_eq!(p.data_rows, 4);
    assert!(!p.ready());
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn scores_are_whole_numbers_in_range_and_leading_zeros_are_fine() {
    assert_eq!(score("0", 0, 10), Ok(0));
    assert_eq!(score("00", 0, 10), Ok(0));
    assert_eq!(score("010", 0, 10), Ok(10));
    assert_eq!(score("0", 1, 5), Err(Problem::OutOfRange { lo: 1, hi: 5 }));
    assert_eq!(
        score("300", 0, 10),
        Err(Problem::OutOfRange { lo: 0, hi: 10 })
    );
    assert_eq!(
        score("99999999999", 1, 5),
        Err(Problem::OutOfRange { lo: 1, hi: 5 })
    );
    assert_eq!(score("-1", 0, 10), Err(Problem::NotWholeNumber));
    assert_eq!(score("", 0, 10), Err(Problem::Required));
    assert_eq!(customer_id("0"), Err(Problem::NotCustomerId));
    assert_eq!(customer_id("+5"), Err(Problem::NotCustomerId));
    assert_eq!(customer_id("42"), Ok(CustomerId(42)));
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn an_empty_file_or_a_broken_quote_is_explained() {
    assert_eq!(found(&parse("")), vec![(None, None, &Problem::NoSurveys)]);
    assert_eq!(
        found(&parse("\n\n")),
        vec![(None, None, &Problem::NoSurveys)]
    );
    let p = parse("customer_id,answered_on,recommend,overall\n1,2026-06-10,\"9,4\n");
    assert_eq!(found(&p), vec![(Some(2), None, &Problem::UnclosedQuote)]);
    let p = parse("customer_id,answered_on,recommend,overall\n1,2026-06-10,\"9\"x,4\n");
    assert_eq!(
        found(&p)[0],
        (Some(2), Some("recommend"), &Problem::TextAfterQuote)
    );
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn more_rows_than_one_import_takes_are_refused() {
    let mut text = String::from("customer_id,answered_on,recommend,overall\n");
    for _ in 0..=IMPORT_MAX_ROWS {
        text.push_str("1,2026-06-10,9,4\n");
    }
    let p = parse(&text);
    assert_eq!(
        found(&p),
        vec![(
            None,
            None,
            &Problem::TooManyRows {
                found: IMPORT_MAX_ROWS + 1,
                max: IMPORT_MAX_ROWS
            }
        )]
    );
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn customers_outside_the_book_and_dates_outside_the_relationship_are_caught_before_sending() {
    let text = "customer_id,answered_on,recommend,overall
1,2026-06-10,9,4
2,2026-06-10,9,4
1,2026-07-01,9,4
1,2019-12-31,9,4
";
    let mut p = parse(text);
    let since = day(2020, 1, 1);
    check_against_book(
        &mut p,
        |id| (id == CustomerId(1)).then_some(since),
        day(2026, 6, 30),
    );
    assert_eq!(
        found(&p),
        vec![
            (Some(3), Some("customer_id"), &Problem::NotInBook),
            (
                Some(4),
                Some("answered_on"),
                &Problem::InFuture {
                    today: day(2026, 6, 30)
                }
            ),
            (
                Some(5),
                Some("answered_on"),
                &Problem::BeforeRelationship { since }
            ),
        ]
    );
    assert!(!p.ready());
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_servers_field_names_map_back_to_rows_and_columns() {
    let text = "customer_id,answered_on,recommend,overall,fees_satisfaction,fees_importance,expertise_satisfaction,expertise_importance
1,2026-06-10,9,4,,,3,5

2,2026-06-10,9,4,2,2,3,5
";
    let p = parse(text);
    assert!(p.ready());
    let at = |field: &str| {
        let r = locate(field, "bad", &p.rows);
        (r.row, r.column)
    };
    assert_eq!(
        at("surveys[0].recommend"),
        (Some(2), Some("recommend".into()))
    );
    assert_eq!(
        at("surveys[1].customer_id"),
        (Some(4), Some("customer_id".into()))
    );
    // Row 1 rated expertise only: its rating 0 is expertise.
    assert_eq!(
        at("surveys[0].ratings[0].importance"),
        (Some(2), Some("expertise_importance".into()))
    );
    // Row 4 rated both: ratings are sent in the attributes' order, expertise first.
    assert_eq!(
        at("surveys[1].ratings[0].satisfaction"),
        (Some(4), Some("expertise_satisfaction".into()))
    );
    assert_eq!(
        at("surveys[1].ratings[1].importance"),
        (Some(4), Some("fees_importance".into()))
    );
    assert_eq!(at("surveys[1]"), (Some(4), None));
    assert_eq!(at("surveys"), (None, None));
    assert_eq!(at("surveys[9].overall"), (None, None));
    assert_eq!(
        locate("surveys", "bad", &p.rows).problem,
        Problem::Server("bad".into())
    );
}
