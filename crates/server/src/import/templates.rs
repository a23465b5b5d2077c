//! The downloadable templates: each kind's header row in English or Chinese and one
//! example row that passes every check (docs/rules.md, Import).

use clientbook_domain::import::columns::{template_header, HeaderLang};
use clientbook_domain::import::ImportKind;

/// The example row of each kind, in the template's column order.
pub fn example(kind: ImportKind) -> &'static [&'static str] {
    match kind {
        ImportKind::Customers => &[
            "C0000001",
            "张三丰",
            "resident_id_card",
            "11010519491231002X",
            "13800138000",
            "男",
            "1949-12-31",
            "rm01",
            "zhang@example.com",
            "北京市朝阳区建国路1号",
            "教师",
            "200k-500k",
            "C3",
            "2025-03-01",
            "2010-05-06",
        ],
        ImportKind::Holdings => &[
            "A0000001",
            "C0000001",
            "TD-01Y",
            "50000.00",
            "2025-01-10",
            "2026-01-10",
        ],
        ImportKind::MonthlyFlows => &[
            "C0000001",
            "2025-05",
            "14",
            "30",
            "20000.00",
            "5000.00",
            "350000.00",
            "120.50",
        ],
        ImportKind::Contacts => &[
            "C0000001",
            "2025-05-20",
            "phone",
            "call",
            "interested",
            "rm01",
            "谈了定期到期后的安排",
        ],
        ImportKind::Surveys => &[
            "C0000001",
            "2025-05-20",
            "9",
            "4",
            "4",
            "3",
            "5",
            "5",
            "4",
            "5",
            "3",
            "4",
            "4",
            "3",
            "3",
            "4",
            "5",
            "2",
        ],
    }
}

/// The template as UTF-8 CSV with a BOM.
pub fn csv(kind: ImportKind, lang: HeaderLang) -> Vec<u8> {
    let mut buf = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut buf);
        // Writing to a Vec cannot fail.
        let _ = w.write_record(template_header(kind, lang));
        let _ = w.write_record(example(kind));
        let _ = w.flush();
    }
    buf
}

#[cfg(test)]
mod tests {
    use super::*;
    use clientbook_domain::import::columns::match_header;
    use clientbook_domain::import::rows::check_row;

    #[test]
    fn every_templates_example_row_passes_its_own_checks() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();
        for kind in ImportKind::ALL {
            for lang in [HeaderLang::En, HeaderLang::Zh] {
                let header = match_header(kind, &template_header(kind, lang));
                assert_eq!(header.width, example(kind).len());
                check_row(kind, &header, example(kind), today)
                    .unwrap_or_else(|p| panic!("{kind:?}: {p:?}"));
            }
        }
    }
}
