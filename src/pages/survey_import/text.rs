//! Every string of the survey import panel, in English and zh-CN.
//!
//! [`T`] is a key; [`T::text`] gives its words in a [`Locale`]. The table is written with
//! one macro so a key without both translations does not compile. Sentences with figures
//! and the words of each [`Problem`] have their own functions below.

use super::parse::Problem;
use crate::i18n::{self, Locale};

crate::i18n::message_table! {
    Title => "Import surveys", "导入满意度调查";
    Intro => "Add a batch of answered surveys from a CSV file. All or nothing: if any row has a problem, nothing is stored.", "从 CSV 文件批量添加已完成的调查。全部成功才会保存：任何一行有问题，都不会保存任何数据。";
    FormatTitle => "File format and template", "文件格式与模板";
    FormatIntro => "One survey per row. The first row names the columns, in any order (case does not matter):", "每行一份调查。第一行为列名，顺序不限（不区分大小写）：";
    ColumnCol => "Column", "列";
    MeaningCol => "Meaning", "含义";
    ColCustomerId => "Customer id, as in your book (required)", "客户编号，与客户名单一致（必填）";
    ColAnsweredOn => "Date answered, YYYY-MM-DD (required); not in the future, not before the relationship began", "填写日期，格式 YYYY-MM-DD（必填）；不得晚于今天，不得早于建立关系日期";
    ColRecommend => "Would recommend us, 0–10 (required)", "推荐意愿，0–10（必填）";
    ColOverall => "Overall satisfaction, 1–5 (required)", "总体满意度，1–5（必填）";
    ColAttribute => "satisfaction and importance, 1–5 each (optional column pair; leave both cells blank when not rated)", "满意度与重要性，各 1–5（可选的一对列；未评价时两格均留空）";
    FormatNotes => "Comma-separated, UTF-8 (tab-separated text pasted from a spreadsheet works too). Cells may be quoted. Rows are numbered as in a spreadsheet: the header is row 1.", "逗号分隔、UTF-8 编码（从电子表格复制的制表符分隔文本也可以）。单元格可加引号。行号与电子表格一致：标题行为第 1 行。";
    Example => "Example", "示例";
    DownloadTemplate => "Download the template (CSV)", "下载模板（CSV）";
    ChooseFile => "CSV file", "CSV 文件";
    PasteLabel => "…or paste the CSV here", "…或在此粘贴 CSV 内容";
    ReadingFile => "Reading the file…", "正在读取文件…";
    ReadFrom => "Read from", "已读取";
    FileUnreadable => "The file could not be read. Save it as CSV (UTF-8) and try again.", "无法读取该文件。请另存为 CSV（UTF-8）后重试。";
    FileTooLarge => "The file is too large for one import. Split it into smaller files.", "文件过大，无法一次导入。请拆分为较小的文件。";
    PreviewTitle => "Preview", "预览";
    NothingYet => "Choose a file or paste CSV text to see a preview.", "选择文件或粘贴 CSV 内容后即可预览。";
    RowCol => "Row", "行";
    ProblemCol => "Problem", "问题";
    WholeFile => "whole file", "整个文件";
    WholeRow => "whole row", "整行";
    Import => "Import", "导入";
    Importing => "Importing…", "正在导入…";
    Clear => "Clear", "清空";
    RefusedIntro => "The server refused the import; nothing was stored. Fix these rows and send again.", "服务器拒绝了本次导入，未保存任何数据。请修正以下各行后重新提交。";
    TooLarge => "The import is too large to send at once; nothing was stored. Split the file into smaller files.", "导入内容过大，无法一次提交，未保存任何数据。请将文件拆分为较小的文件。";
}

/// "2 surveys ready to import (5 rows read)." — every row is good.
pub fn ready(surveys: usize, locale: Locale) -> String {
    let n = i18n::count(surveys as u64);
    match (locale, surveys) {
        (Locale::En, 1) => "1 survey ready to import.".to_owned(),
        (Locale::En, _) => format!("{n} surveys ready to import."),
        (Locale::ZhCn, _) => format!("{n} 份调查可以导入。"),
    }
}

/// "3 problems in 12 rows: fix them and the import can be sent."
pub fn problems_found(problems: usize, rows: usize, locale: Locale) -> String {
    let (p, r) = (i18n::count(problems as u64), i18n::count(rows as u64));
    match locale {
        Locale::En => {
            let ps = if problems == 1 { "problem" } else { "problems" };
            let rs = if rows == 1 { "row" } else { "rows" };
            format!("{p} {ps} in {r} {rs}: fix them and the import can be sent.")
        }
        Locale::ZhCn => format!("共 {r} 行，发现 {p} 个问题：修正后才能导入。"),
    }
}

/// "… and 12 more problems."
pub fn more_problems(n: usize, locale: Locale) -> String {
    let c = i18n::count(n as u64);
    match locale {
        Locale::En => format!("… and {c} more."),
        Locale::ZhCn => format!("……另有 {c} 个问题。"),
    }
}

/// The send button: "Import 2 surveys".
pub fn import_button(surveys: usize, locale: Locale) -> String {
    let n = i18n::count(surveys as u64);
    match (locale, surveys) {
        (l, 0) => T::Import.text(l).to_owned(),
        (Locale::En, 1) => "Import 1 survey".to_owned(),
        (Locale::En, _) => format!("Import {n} surveys"),
        (Locale::ZhCn, _) => format!("导入 {n} 份调查"),
    }
}

/// After a successful import.
pub fn imported(surveys: usize, locale: Locale) -> String {
    let n = i18n::count(surveys as u64);
    match (locale, surveys) {
        (Locale::En, 1) => {
            "Imported 1 survey. NPS, CSAT, CSI and the matrix now include it.".to_owned()
        }
        (Locale::En, _) => {
            format!("Imported {n} surveys. NPS, CSAT, CSI and the matrix now include them.")
        }
        (Locale::ZhCn, _) => format!("已导入 {n} 份调查，NPS、CSAT、CSI 和四象限已随之更新。"),
    }
}

/// "Row 3" / "第 3 行"; the whole file when there is no row.
pub fn row(row: Option<usize>, locale: Locale) -> String {
    match (row, locale) {
        (None, l) => T::WholeFile.text(l).to_owned(),
        (Some(r), Locale::En) => r.to_string(),
        (Some(r), Locale::ZhCn) => format!("第 {r} 行"),
    }
}

/// The words of a problem.
pub fn problem(p: &Problem, locale: Locale) -> String {
    let en = locale == Locale::En;
    let pick = |e: &str, z: &str| if en { e.to_owned() } else { z.to_owned() };
    match p {
        Problem::NoSurveys => pick(
            "No surveys: the file needs the header row and at least one row below it.",
            "没有调查数据：文件需要标题行，并且下方至少有一行数据。",
        ),
        Problem::TooManyRows { found, max } => {
            let (f, m) = (i18n::count(*found as u64), i18n::count(*max as u64));
            if en {
                format!("{f} rows: one import takes at most {m}. Split the file.")
            } else {
                format!("共 {f} 行：每次最多导入 {m} 行，请拆分文件。")
            }
        }
        Problem::UnknownColumn => pick(
            "Unknown column: rename or remove it (see the format).",
            "未知的列：请改名或删除（参见文件格式）。",
        ),
        Problem::RepeatedColumn => pick("This column appears twice.", "该列重复出现。"),
        Problem::MissingColumn => pick("This column is missing.", "缺少该列。"),
        Problem::UnclosedQuote => pick(
            "A quote opened on this row is never closed.",
            "此行开始的引号没有闭合。",
        ),
        Problem::TextAfterQuote => pick(
            "Text after the closing quote of a cell.",
            "单元格的结束引号后还有其他文字。",
        ),
        Problem::CellCount { found, expected } => {
            if en {
                format!("{found} cells, but the header has {expected} columns.")
            } else {
                format!("有 {found} 个单元格，但标题行有 {expected} 列。")
            }
        }
        Problem::Required => pick("Required.", "必填。"),
        Problem::NotCustomerId => pick(
            "Not a customer id (a whole number).",
            "不是有效的客户编号（应为整数）。",
        ),
        Problem::NotWholeNumber => pick("Not a whole number.", "不是整数。"),
        Problem::OutOfRange { lo, hi } => {
            if en {
                format!("Must be {lo} to {hi}.")
            } else {
                format!("必须在 {lo} 到 {hi} 之间。")
            }
        }
        Problem::NotDate => pick(
            "Not a date: write it as YYYY-MM-DD.",
            "不是有效日期：请写成 YYYY-MM-DD。",
        ),
        Problem::HalfRated => pick(
            "Give both satisfaction and importance, or leave both blank.",
            "满意度与重要性须同时填写，或同时留空。",
        ),
        Problem::NotInBook => pick(
            "No such customer in your book.",
            "您的客户名单中没有此客户。",
        ),
        Problem::InFuture { today } => {
            if en {
                format!("Must not be in the future (today is {today}).")
            } else {
                format!("不得晚于今天（{today}）。")
            }
        }
        Problem::BeforeRelationship { since } => {
            if en {
                format!("Must not be before the relationship began ({since}).")
            } else {
                format!("不得早于建立关系日期（{since}）。")
            }
        }
        // The server's sentences are English; in Chinese they follow our own words.
        Problem::Server(m) => {
            if en {
                m.clone()
            } else {
                format!("服务器拒绝：{m}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use std::collections::HashSet;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn every_text_has_words_in_both_languages_and_chinese_is_a_translation() {
        for t in T::ALL {
            for l in Locale::ALL {
                assert!(!t.text(l).trim().is_empty(), "{t:?} in {l:?}");
            }
            assert_ne!(t.text(Locale::En), t.text(Locale::ZhCn), "{t:?}");
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn every_problem_has_distinct_words_in_each_language() {
        let day = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        let all = [
            Problem::NoSurveys,
            Problem::TooManyRows {
                found: 6000,
                max: 5000,
            },
            Problem::UnknownColumn,
            Problem::RepeatedColumn,
            Problem::MissingColumn,
            Problem::UnclosedQuote,
            Problem::TextAfterQuote,
            Problem::CellCount {
                found: 3,
                expected: 6,
            },
            Problem::Required,
            Problem::NotCustomerId,
            Problem::NotWholeNumber,
            Problem::OutOfRange { lo: 1, hi: 5 },
            Problem::NotDate,
            Problem::HalfRated,
            Problem::NotInBook,
            Problem::InFuture { today: day },
            Problem::BeforeRelationship { since: day },
            Problem::Server("no such customer".into()),
        ];
        for l in Locale::ALL {
            let words: HashSet<String> = all.iter().map(|p| problem(p, l)).collect();
            assert_eq!(words.len(), all.len(), "{l:?}");
        }
        assert_eq!(
            problem(
                &Problem::TooManyRows {
                    found: 6000,
                    max: 5000
                },
                Locale::En
            ),
            "6,000 rows: one import takes at most 5,000. Split the file."
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn counts_read_naturally() {
        assert_eq!(import_button(0, Locale::En), "Import");
        assert_eq!(import_button(1, Locale::En), "Import 1 survey");
        assert_eq!(import_button(1200, Locale::En), "Import 1,200 surveys");
        assert_eq!(import_button(2, Locale::ZhCn), "导入 2 份调查");
        assert_eq!(
            problems_found(1, 2, Locale::En),
            "1 problem in 2 rows: fix them and the import can be sent."
        );
        assert_eq!(row(Some(3), Locale::ZhCn), "第 3 行");
        assert_eq!(row(None, Locale::En), "whole file");
    }
}
