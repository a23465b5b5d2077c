use super::*;
use crate::columns::BookColumns;
use crate::synth::generate_book;
use chrono::NaiveDate;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 15).expect("date")
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_generated_book_comes_back_exactly() {
    let book = generate_book(400, 11, today());
    let bytes = encode(today(), &book.customers).expect("even");
    let back = decode(&bytes).expect("valid");
    assert_eq!(back.as_of, today());
    assert_eq!(back.customers, book.customers);
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_book_read_part_by_part_is_the_decoded_book() {
    let book = generate_book(300, 5, today());
    let bytes = encode(today(), &book.customers).expect("even");
    let mut decoder = Decoder::new(&bytes).expect("a header");
    let mut parts = 1;
    while !decoder.step().expect("valid") {
        parts += 1;
    }
    // Who, profile, holdings, three history parts, the rest (whose step answers `true`).
    assert_eq!(parts, 7);
    assert!(decoder.step().expect("done stays done"));
    assert_eq!(
        decoder.finish().expect("whole"),
        decode(&bytes).expect("valid")
    );
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_decoder_not_stepped_to_the_end_has_no_book() {
    let book = generate_book(3, 5, today());
    let bytes = encode(today(), &book.customers).expect("even");
    let mut decoder = Decoder::new(&bytes).expect("a header");
    assert!(!decoder.step().expect("valid"));
    assert!(decoder.finish().is_err());
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn an_empty_book_round_trips() {
    let back = decode(&encode(today(), &[]).expect("empty")).expect("valid");
    assert_eq!(back.as_of, today());
    assert!(back.customers.is_empty());
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_same_book_is_the_same_bytes() {
    // The ETag is the hash of the body: an unchanged book must encode identically.
    let book = generate_book(50, 5, today());
    assert_eq!(
        encode(today(), &book.customers),
        encode(today(), &book.customers)
    );
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_compact_book_is_under_a_third_of_the_json_columns() {
    let book = generate_book(600, 3, today());
    let json =
        serde_json::to_vec(&BookColumns::from_customers(today(), &book.customers).expect("even"))
            .expect("json");
    let compact = encode(today(), &book.customers).expect("even");
    assert!(
        compact.len() * 3 < json.len(),
        "{} vs {}",
        compact.len(),
        json.len()
    );
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn every_truncation_and_a_trailing_byte_are_refused_by_name() {
    let book = generate_book(12, 9, today());
    let bytes = encode(today(), &book.customers).expect("even");
    for len in 0..bytes.len() {
        assert!(decode(&bytes[..len]).is_err(), "accepted {len} bytes");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(decode(&longer), Err(WireError::TrailingBytes { count: 1 }));
    // A book of the first layout (or of one not made yet) is refused by its version,
    // never read as garbage: the app then asks again.
    for version in [1, VERSION + 1] {
        let mut other = bytes.clone();
        other[4] = version;
        assert_eq!(decode(&other), Err(WireError::Version(version)));
    }
    assert_eq!(decode(b"{\"as_of\":1}"), Err(WireError::Magic));
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_forged_count_is_refused_before_anything_is_allocated() {
    // Header, as-of 0, first month 0, 0 months, then 2^62 customers.
    let mut bytes = MAGIC.to_vec();
    bytes.extend([VERSION, 0, 0, 0]);
    bytes.extend([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40]);
    assert!(matches!(
        decode(&bytes),
        Err(WireError::Count {
            column: "customers",
            ..
        })
    ));
    // A ten-byte varint past 64 bits.
    let mut bytes = MAGIC.to_vec();
    bytes.push(VERSION);
    bytes.extend([0xff; 10]);
    assert!(matches!(decode(&bytes), Err(WireError::Overflow { .. })));
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_history_that_follows_its_aum_is_sent_as_predictions_and_comes_back_exactly() {
    use crate::Money;
    // Flows as a bank's books have them: AUM moves by the net flow, ends at what the
    // holdings add up to, and margin is a share of AUM (amounts in fen, not whole yuan).
    let mut book = generate_book(200, 4, today());
    for (i, c) in book.customers.iter_mut().enumerate() {
        let held = c.aum().fen();
        let h = &mut c.history;
        let months = h.aum_end.len();
        let aum = |k: usize| held + (months - 1 - k) as i64 * 1_000_003 * (1 + k as i64 % 2);
        for k in 0..months {
            let delta = if k == 0 { 0 } else { aum(k) - aum(k - 1) };
            h.aum_end[k] = Money::from_fen(aum(k));
            h.margin[k] = Money::from_fen(aum(k) / 1_500 + k as i64 % 2);
            h.inflow[k] = Money::from_fen(delta.max(0) + 5_001 + k as i64 + i as i64);
            h.outflow[k] = Money::from_fen(h.inflow[k].fen() - delta + k as i64 % 3 - 1);
        }
    }
    let bytes = encode(today(), &book.customers).expect("even");
    assert_eq!(decode(&bytes).expect("valid").customers, book.customers);
    let mode = |name: &str| {
        let parts = sections(today(), &book.customers).expect("even");
        parts.iter().find(|(n, _)| *n == name).expect("a section").1[0]
    };
    // Backwards from the holdings, inflow as turnover, outflow from inflow and AUM,
    // margin from last month's share of AUM.
    assert_eq!(
        [
            mode("history.aum_end"),
            mode("history.inflow"),
            mode("history.outflow"),
            mode("history.margin")
        ],
        [1, 1, 1, 2]
    );
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_term_is_whole_months_whatever_the_leap_years() {
    use super::predict::{maturity, term};
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).expect("date");
    assert_eq!(term(d(2023, 3, 1), d(2026, 3, 1)), Some((36, 0)));
    assert_eq!(term(d(2024, 1, 31), d(2024, 2, 29)), Some((1, 0)));
    assert_eq!(term(d(2024, 1, 31), d(2024, 3, 2)), Some((1, 2)));
    assert_eq!(term(d(2024, 1, 31), d(2024, 1, 30)), None);
    for (opened, matures) in [
        (d(2024, 1, 31), d(2024, 3, 2)),
        (d(2023, 8, 31), d(2024, 2, 29)),
        (d(2020, 2, 29), d(2021, 2, 28)),
    ] {
        let (months, days) = term(opened, matures).expect("a term");
        assert_eq!(maturity(opened, months, days), Some(matures));
    }
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_masked_value_is_cut_after_its_last_star() {
    use super::predict::split_mask;
    assert_eq!(split_mask("138****5845"), ("138****", "5845"));
    assert_eq!(split_mask("330106********123X"), ("330106********", "123X"));
    assert_eq!(split_mask("张*"), ("张*", ""));
    assert_eq!(split_mask("王磊"), ("", "王磊"));
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_history_outside_the_books_window_is_refused() {
    let mut book = generate_book(3, 1, today());
    book.customers[2].history.margin.pop();
    assert_eq!(
        encode(today(), &book.customers),
        Err(WireError::UnevenHistory {
            customer: book.customers[2].id.0
        })
    );
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use crate::customer::{
        AttributeRating, BookCustomer, Channel, ComplaintSeverity, ComplaintStatus,
        ComplaintSummary, Gender, Holding, MonthlyHistory, Need, ProductFamily, ServiceAttribute,
        Survey,
    };
    use crate::risk::{ProductRisk, RiskLevel};
    use crate::{BranchId, CustomerId, HouseholdId, Money, ProductId, UserId};
    use chrono::Days;
    use proptest::collection::vec;
    use proptest::prelude::*;
    use proptest::sample::select;

    fn day() -> impl Strategy<Value = NaiveDate> {
        // Most of chrono's range, either side of the epoch.
        (-90_000_000i32..90_000_000)
            .prop_map(|d| crate::columns::from_epoch_day(d).expect("within chrono's range"))
    }

    fn money() -> impl Strategy<Value = Money> {
        prop_oneof![
            any::<i64>(),
            (-1_000_000_000i64..1_000_000_000).prop_map(|y| y * 100),
            -1000i64..1000,
        ]
        .prop_map(Money::from_fen)
    }

    fn holding() -> impl Strategy<Value = Holding> {
        (
            0i64..6,
            select(ProductFamily::ALL.to_vec()),
            select(vec![ProductRisk::R1, ProductRisk::R3, ProductRisk::R5]),
            money(),
            day(),
            proptest::option::of(day()),
        )
            .prop_map(
                |(p, family, risk, balance, opened_on, matures_on)| Holding {
                    product_id: ProductId(p),
                    family,
                    risk,
                    balance,
                    opened_on,
                    matures_on,
                },
            )
    }

    fn survey() -> impl Strategy<Value = Survey> {
        let rating = (
            select(ServiceAttribute::ALL.to_vec()),
            any::<u8>(),
            any::<u8>(),
        )
            .prop_map(|(attribute, satisfaction, importance)| AttributeRating {
                attribute,
                satisfaction,
                importance,
            });
        (day(), any::<u8>(), any::<u8>(), vec(rating, 0..3)).prop_map(
            |(answered_on, recommend, overall, ratings)| Survey {
                answered_on,
                recommend,
                overall,
                ratings,
            },
        )
    }

    fn complaint() -> impl Strategy<Value = ComplaintSummary> {
        (
            day(),
            select(vec![
                ComplaintSeverity::General,
                ComplaintSeverity::Major,
                ComplaintSeverity::Urgent,
            ]),
            select(vec![
                ComplaintStatus::Received,
                ComplaintStatus::Investigating,
                ComplaintStatus::Resolved,
                ComplaintStatus::CustomerInformed,
                ComplaintStatus::Closed,
            ]),
        )
            .prop_map(|(received_on, severity, status)| ComplaintSummary {
                received_on,
                severity,
                status,
            })
    }

    fn customer(first_month: NaiveDate, months: usize) -> impl Strategy<Value = BookCustomer> {
        let who = (
            any::<i64>(),
            prop_oneof![0i64..3, any::<i64>()],
            0i64..4,
            prop_oneof![Just("张**".to_owned()), any::<String>()],
            "[0-9*]{0,11}",
            any::<String>(),
            select(vec![Gender::Female, Gender::Male, Gender::Unspecified]),
            day(),
        );
        let risk = (
            proptest::option::of(select(RiskLevel::ALL.to_vec())),
            proptest::option::of(day()),
            any::<bool>(),
            day(),
            day(),
            proptest::option::of(any::<i64>()),
            select(vec![Channel::Branch, Channel::App, Channel::Event]),
            vec(
                select(vec![
                    Need::Investment,
                    Need::ConsumerCredit,
                    Need::AssetPreservation,
                ]),
                0..4,
            ),
        );
        let month = |s: BoxedStrategy<u32>| vec(s, months);
        let history = (
            month(any::<u32>().boxed()),
            month((0u32..50).boxed()),
            vec(money(), months),
            vec(money(), months),
            vec(money(), months),
            vec(money(), months),
        );
        let rest = (
            vec(holding(), 0..4),
            proptest::option::of(day()),
            proptest::option::of(day()),
            vec(survey(), 0..2),
            vec(complaint(), 0..2),
            any::<i64>(),
        );
        (who, risk, history, rest).prop_map(
            move |(
                (id, rm, branch, name, phone, id_number, gender, birth_date),
                (
                    risk_level,
                    risk_assessed_on,
                    lowest,
                    kyc,
                    since,
                    household,
                    preferred_channel,
                    stated_needs,
                ),
                (transactions, logins, inflow, outflow, aum_end, margin),
                (holdings, last_contact_on, next_contact_on, surveys, complaints, version),
            )| BookCustomer {
                id: CustomerId(id),
                rm_id: UserId(rm),
                branch_id: BranchId(branch),
                name,
                phone,
                id_number,
                gender,
                birth_date,
                risk_level,
                risk_assessed_on,
                lowest_risk_subcategory: lowest,
                kyc_reviewed_on: kyc,
                since,
                household_id: household.map(HouseholdId),
                preferred_channel,
                stated_needs,
                holdings,
                history: MonthlyHistory {
                    first_month,
                    transactions,
                    logins,
                    inflow,
                    outflow,
                    aum_end,
                    margin,
                },
                last_contact_on,
                next_contact_on,
                surveys,
                complaints,
                version,
            },
        )
    }

    fn book() -> impl Strategy<Value = (NaiveDate, Vec<BookCustomer>)> {
        (day(), day(), 0usize..4).prop_flat_map(|(as_of, first_month, months)| {
            (Just(as_of), vec(customer(first_month, months), 0..12))
        })
    }

    proptest! {
        #[test]
        fn any_book_round_trips((as_of, customers) in book()) {
            let bytes = encode(as_of, &customers).expect("even");
            let back = decode(&bytes).expect("valid");
            prop_assert_eq!(back.as_of, as_of);
            prop_assert_eq!(back.customers, customers);
        }

        #[test]
        fn any_generated_book_round_trips(n in 0usize..80, seed in any::<u64>(), offset in 0u64..4000) {
            let day = NaiveDate::from_ymd_opt(2015, 1, 1).expect("date") + Days::new(offset);
            let book = generate_book(n, seed, day);
            let back = decode(&encode(day, &book.customers).expect("even")).expect("valid");
            prop_assert_eq!(back.customers, book.customers);
        }

        #[test]
        fn arbitrary_bytes_are_an_error_or_a_book_never_a_panic(
            bytes in vec(any::<u8>(), 0..200),
            header in any::<bool>(),
        ) {
            let mut input = if header { [&MAGIC[..], &[VERSION]].concat() } else { vec![] };
            input.extend(bytes);
            if let Ok(book) = decode(&input) {
                let again = encode(book.as_of, &book.customers).expect("decoded books are even");
                prop_assert_eq!(decode(&again).expect("valid"), book);
            }
        }

        #[test]
        fn a_flipped_byte_is_an_error_or_a_book_never_a_panic(
            seed in any::<u64>(),
            at in any::<proptest::sample::Index>(),
            value in any::<u8>(),
        ) {
            let book = generate_book(8, seed, today());
            let mut bytes = encode(today(), &book.customers).expect("even");
            let i = at.index(bytes.len());
            bytes[i] = value;
            let _ = decode(&bytes);
        }
    }
}
