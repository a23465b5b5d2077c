//! Every string of the import page, in English and zh-CN: [`T`] for fixed words (a key
//! without both translations does not compile), functions below for sentences with
//! figures. The problems of the report come in words from the server, in the language
//! asked for.

use crate::i18n::{count, Locale};
use clientbook_domain::import::ImportKind;

crate::i18n::message_table! {
    Title => "Import customers and holdings", "导入客户与持仓";
    Intro => "Upload a file exported from your core system. Every row is checked before anything is written; you then commit the valid rows or cancel.", "上传从核心系统导出的文件。写入前会逐行检查；检查后您可以提交有效行或取消导入。";
    NotForRole => "Only admins and branch managers import files.", "只有管理员和支行行长可以导入文件。";
    KindLabel => "What the file holds", "文件内容";
    KindCustomers => "Customers", "客户";
    KindHoldings => "Holdings", "持仓";
    KindMonthlyFlows => "Monthly transaction totals", "月度交易汇总";
    KindContacts => "Contacts", "联系记录";
    KindSurveys => "Satisfaction surveys", "满意度调查";
    TemplatesTitle => "Templates", "模板";
    TemplatesNote => "A header row and one example row. Columns may come in any order; English or Chinese headers are both read.", "包含表头和一行示例。列的顺序不限；英文或中文表头均可识别。";
    TemplateEn => "Template with English headers (CSV)", "英文表头模板（CSV）";
    TemplateZh => "Template with Chinese headers (CSV)", "中文表头模板（CSV）";
    FileLabel => "File (CSV or XLSX; UTF-8 or GBK)", "文件（CSV 或 XLSX；UTF-8 或 GBK 编码）";
    DropHere => "…or drop the file here", "…或将文件拖放到此处";
    Chosen => "Chosen file:", "已选择文件：";
    WrongType => "This is not a CSV or XLSX file: choose a file ending in .csv, .txt or .xlsx.", "这不是 CSV 或 XLSX 文件：请选择扩展名为 .csv、.txt 或 .xlsx 的文件。";
    EmptyFile => "The chosen file is empty.", "所选文件为空。";
    NoFile => "Choose a file first.", "请先选择文件。";
    Upload => "Upload and check", "上传并检查";
    Uploading => "Uploading the file", "正在上传文件";
    Processing => "Checking the rows", "正在检查各行";
    Cancel => "Cancel", "取消";
    Cancelling => "Cancelling…", "正在取消…";
    Cancelled => "The import was cancelled: nothing was written.", "导入已取消：未写入任何数据。";
    UploadAborted => "The upload was stopped: nothing was sent.", "上传已停止：未发送任何数据。";
    TooLarge => "The file is larger than the server accepts (413): split it into smaller files.", "文件超过服务器允许的大小（413）：请拆分为较小的文件。";
    ReportTitle => "Validation report", "检查报告";
    Failed => "The file as a whole cannot be imported: see the report.", "整个文件无法导入：请查看报告。";
    CountValid => "Valid rows", "有效行";
    CountInvalid => "Rows with problems", "有问题的行";
    CountMerges => "Proposed merges", "建议合并";
    CountNear => "Near-duplicates", "疑似重复";
    CountUnknown => "Unknown columns", "未知列";
    CountUnchanged => "Valid rows already in the bank as written", "有效但与现有数据相同的行";
    NoProblems => "No problems: every row can be imported.", "没有问题：所有行均可导入。";
    ReportTable => "Problems by row and column", "按行和列列出的问题";
    ColRow => "Row", "行";
    ColColumn => "Column", "列";
    ColValue => "Value", "值";
    ColProblem => "Problem", "问题";
    WholeFile => "whole file", "整个文件";
    Note => "note", "提示";
    Previous => "Previous page", "上一页";
    Next => "Next page", "下一页";
    DownloadReport => "Download report (CSV)", "下载报告（CSV）";
    MergesTitle => "Proposed merges, side by side", "建议合并（逐项对比）";
    MergesIntro => "These rows are customers the bank already has under another customer number. Accepting keeps both records' history; where the file has a value, it wins.", "以下各行是银行已有但客户号不同的客户。接受合并会保留两条记录的历史；文件中有值的字段以文件为准。";
    Field => "Field", "字段";
    InBank => "In the bank", "银行现有";
    InFile => "In the file", "文件中";
    Kept => "Kept", "保留";
    FromFile => "file", "文件";
    FromBank => "bank", "银行";
    Differs => "differs", "不同";
    Accept => "Accept merge", "接受合并";
    Reject => "Reject merge", "拒绝合并";
    Accepted => "Accepted", "已接受";
    Rejected => "Rejected", "已拒绝";
    Undecided => "Undecided", "待决定";
    NearDuplicateFlag => "Near-duplicate: review it, it is never merged without your decision.", "疑似重复：请复核，未经您决定绝不合并。";
    MergesUndecided => "Decide every proposed merge (accept or reject) before committing.", "提交前请对每一项建议合并作出决定（接受或拒绝）。";
    NothingValid => "No valid row to commit.", "没有可提交的有效行。";
    NotReady => "The import is not ready to commit.", "该导入尚不能提交。";
    Committing => "Committing…", "正在提交…";
    CancelImport => "Cancel import", "取消导入";
    DoneTitle => "Import committed", "导入已提交";
    OpenCustomers => "Open the customer list", "打开客户列表";
    OpenHome => "Open the book", "打开客户名册";
    ImportAnother => "Import another file", "导入其他文件";
}

/// The kind's name.
pub fn kind(kind: ImportKind) -> T {
    match kind {
        ImportKind::Customers => T::KindCustomers,
        ImportKind::Holdings => T::KindHoldings,
        ImportKind::MonthlyFlows => T::KindMonthlyFlows,
        ImportKind::Contacts => T::KindContacts,
        ImportKind::Surveys => T::KindSurveys,
    }
}

/// A size in bytes, readably.
pub fn bytes(n: f64) -> String {
    if n >= 1024.0 * 1024.0 {
        format!("{:.1} MB", n / (1024.0 * 1024.0))
    } else if n >= 1024.0 {
        format!("{:.0} KB", n / 1024.0)
    } else {
        format!("{n:.0} B")
    }
}

/// "1.2 MB of 3.4 MB sent (35%)".
pub fn sent(loaded: f64, total: f64, locale: Locale) -> String {
    let pct = if total > 0.0 {
        (loaded / total * 100.0).round()
    } else {
        0.0
    };
    match locale {
        Locale::En => format!("{} of {} sent ({pct}%)", bytes(loaded), bytes(total)),
        Locale::ZhCn => format!("已发送 {} / {}（{pct}%）", bytes(loaded), bytes(total)),
    }
}

/// "12,345 rows read so far".
pub fn rows_read(n: i64, locale: Locale) -> String {
    let n = count(n.max(0) as u64);
    match locale {
        Locale::En => format!("{n} rows read so far"),
        Locale::ZhCn => format!("已读取 {n} 行"),
    }
}

/// The commit button: "Commit 3 valid rows".
pub fn commit_button(n: i64, locale: Locale) -> String {
    let c = count(n.max(0) as u64);
    match (locale, n) {
        (Locale::En, 1) => "Commit 1 valid row".to_owned(),
        (Locale::En, _) => format!("Commit {c} valid rows"),
        (Locale::ZhCn, _) => format!("提交 {c} 行有效数据"),
    }
}

/// "Row 3" (the file's row, header = 1).
pub fn row(row: i64, locale: Locale) -> String {
    match locale {
        Locale::En => format!("Row {row}"),
        Locale::ZhCn => format!("第 {row} 行"),
    }
}

/// "Lines 51–100 of 230".
pub fn lines_shown(from: i64, to: i64, total: i64, locale: Locale) -> String {
    let total = count(total.max(0) as u64);
    match locale {
        Locale::En => format!("Lines {from}–{to} of {total}"),
        Locale::ZhCn => format!("第 {from}–{to} 条，共 {total} 条"),
    }
}

/// After the commit: "3 rows of customers.csv committed by 王经理."
pub fn committed(rows: i64, file: &str, by: &str, locale: Locale) -> String {
    let n = count(rows.max(0) as u64);
    match locale {
        Locale::En => format!("{n} rows of {file} committed by {by}."),
        Locale::ZhCn => format!("{file} 的 {n} 行已由 {by} 提交。"),
    }
}

/// The merge's heading: "Row 7 → customer 1234".
pub fn merge_heading(row_no: i64, customer: i64, locale: Locale) -> String {
    match locale {
        Locale::En => format!("Row {row_no} → customer {customer}"),
        Locale::ZhCn => format!("第 {row_no} 行 → 客户 {customer}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn every_text_has_words_in_both_languages_and_english_is_unique() {
        let mut seen = HashSet::new();
        for t in T::ALL {
            for l in Locale::ALL {
                assert!(!t.text(l).trim().is_empty(), "{t:?} in {l:?}");
            }
            assert_ne!(t.text(Locale::En), t.text(Locale::ZhCn), "{t:?}");
            assert!(seen.insert(t.text(Locale::En)), "{t:?} repeats");
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn figures_read_naturally() {
        assert_eq!(commit_button(1, Locale::En), "Commit 1 valid row");
        assert_eq!(commit_button(1200, Locale::En), "Commit 1,200 valid rows");
        assert_eq!(commit_button(3, Locale::ZhCn), "提交 3 行有效数据");
        assert_eq!(
            sent(512.0 * 1024.0, 2.0 * 1024.0 * 1024.0, Locale::En),
            "512 KB of 2.0 MB sent (25%)"
        );
        assert_eq!(rows_read(12345, Locale::En), "12,345 rows read so far");
        assert_eq!(
            lines_shown(51, 100, 230, Locale::ZhCn),
            "第 51–100 条，共 230 条"
        );
        assert_eq!(row(3, Locale::ZhCn), "第 3 行");
    }
}
