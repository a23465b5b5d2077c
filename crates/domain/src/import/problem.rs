//! What can be wrong with an import file or one of its cells, as codes (never free
//! strings), rendered to words in the reader's language on demand.

use crate::Lang;
use serde::{Deserialize, Serialize};

/// One problem of an import: of the whole file (row 0) or of one cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    // The file.
    /// Neither CSV text nor an XLSX workbook.
    NotCsvOrXlsx,
    EmptyFile,
    /// A header row and no data.
    HeaderOnly,
    /// A required column is not in the header (`detail`: its English name).
    MissingColumn,
    /// Two header cells name the same column.
    DuplicateColumn,
    /// A header this kind of file does not have: named, and its cells ignored. Not an error.
    UnknownColumn,
    /// Neither UTF-8 nor GB18030 (GBK) text.
    WrongEncoding,
    /// Every row is already in the bank exactly as the file has it: nothing to do. Not an error.
    NothingToChange,
    // A row.
    TooManyFields,
    TooFewFields,
    // A cell.
    Required,
    /// A line break inside a cell: a quote opened and not closed where it should be.
    LineBreak,
    /// Starts with = + - @ or a tab: a spreadsheet would run it.
    FormulaLike,
    TooLong,
    AmountNegative,
    AmountThousandsSeparator,
    AmountCurrency,
    AmountExponent,
    AmountTooPrecise,
    AmountNotANumber,
    AmountTooLarge,
    DateFormat,
    DateNotInCalendar,
    DateTooEarly,
    DateInFuture,
    PhoneHasLetters,
    PhoneNotMobile,
    IdLength,
    IdNotDigits,
    IdBirthDate,
    /// `detail`: the check character the first 17 digits give.
    IdCheckDigit,
    /// The birth date column differs from the one in the ID number.
    IdBirthDateMismatch,
    EmailInvalid,
    /// Not one of the column's values (`detail`: the accepted ones).
    UnknownValue,
    /// No relationship manager with this username.
    UnknownRm,
    /// The RM is not of the importing branch manager's branch.
    RmOutsideBranch,
    UnknownBranch,
    UnknownProduct,
    /// A holding of a customer number that is neither in the bank nor in an earlier
    /// committed import.
    UnknownCustomer,
    /// The customer is outside the importing branch manager's branch.
    CustomerOutsideBranch,
    /// The same key as an earlier row of the file (`detail`: that row).
    DuplicateInFile,
    MaturityBeforeOpening,
    /// The ID number is another customer number's in the bank: proposed as a merge.
    SameIdAsExisting,
    /// The customer number is one customer's and the ID number another's: two
    /// existing customers would have to be merged, which an import does not do.
    IdOfAnotherCustomer,
    /// Same name, birth date and phone as a customer whose ID number is the other
    /// (15- or 18-digit) form of this one: flagged for review, never merged silently.
    NearDuplicate,
    /// A count or score that is not a whole number written in digits.
    NotWholeNumber,
    /// A whole number outside its range (`detail`: the range, e.g. `0–10`).
    OutOfRange,
    /// One half of a survey attribute's pair (satisfaction, importance) is given, the
    /// other blank.
    HalfRated,
    /// The customer number (or ID number) is a record merged into another customer
    /// (`detail`: "retired → surviving"): the row updates the surviving customer, whose
    /// own customer number and ID stay. Not an error.
    MergedCustomer,
    /// An XLSX file over the size read from XLSX (`detail`: the limit); save it as CSV.
    XlsxTooLarge,
}

impl Problem {
    /// Whether the row (or, at row 0, the file) cannot be imported as it is. Notes
    /// (unknown columns, nothing to change) and proposed merges do not block.
    pub fn is_error(self) -> bool {
        !matches!(
            self,
            Self::UnknownColumn
                | Self::NothingToChange
                | Self::SameIdAsExisting
                | Self::NearDuplicate
                | Self::MergedCustomer
        )
    }

    /// The problem in words; `detail` is the figure it names, if any.
    pub fn message(self, lang: Lang, detail: Option<&str>) -> String {
        let d = detail.unwrap_or("");
        let (en, zh): (String, String) = match self {
            Self::NotCsvOrXlsx => ("The file is neither CSV text nor an XLSX workbook.".into(), "文件既不是 CSV 文本也不是 XLSX 工作簿。".into()),
            Self::EmptyFile => ("The file is empty.".into(), "文件为空。".into()),
            Self::HeaderOnly => ("The file has a header row and no data.".into(), "文件只有表头，没有数据。".into()),
            Self::MissingColumn => (format!("The required column {d} is missing from the header."), format!("表头缺少必填列 {d}。")),
            Self::DuplicateColumn => (format!("The column {d} appears twice in the header."), format!("表头中 {d} 列出现了两次。")),
            Self::UnknownColumn => (format!("The column {d} is not one of this file's: it is ignored."), format!("{d} 不是此类文件的列，已忽略。")),
            Self::WrongEncoding => ("The file is neither UTF-8 nor GBK/GB18030 text: save it again as UTF-8 CSV.".into(), "文件既不是 UTF-8 也不是 GBK/GB18030 编码：请另存为 UTF-8 CSV。".into()),
            Self::NothingToChange => ("Every row is already in the bank as the file has it: nothing to change.".into(), "所有行均已按文件内容存在：无需更改。".into()),
            Self::TooManyFields => (format!("The row has more fields than the header ({d})."), format!("此行字段多于表头（{d}）。")),
            Self::TooFewFields => (format!("The row has fewer fields than the header ({d})."), format!("此行字段少于表头（{d}）。")),
            Self::Required => ("A value is required.".into(), "此项必填。".into()),
            Self::LineBreak => ("A line break inside the value: a quote is opened and not closed.".into(), "值中有换行：引号未闭合。".into()),
            Self::FormulaLike => ("The value starts with = + - @ or a tab, as a spreadsheet formula does: it is refused.".into(), "值以 = + - @ 或制表符开头，形同电子表格公式，已拒绝。".into()),
            Self::TooLong => ("The value is longer than 200 characters.".into(), "值超过 200 个字符。".into()),
            Self::AmountNegative => ("An amount cannot be negative.".into(), "金额不能为负数。".into()),
            Self::AmountThousandsSeparator => ("Write the amount without thousands separators, e.g. 1000.00.".into(), "金额请勿使用千位分隔符，例如 1000.00。".into()),
            Self::AmountCurrency => ("Write the amount in yuan as digits only, without 元 or ¥.".into(), "金额请只写数字（单位：元），不要加“元”或“¥”。".into()),
            Self::AmountExponent => ("Write the amount as digits, not in exponent form such as 1e5.".into(), "金额请写成数字，不要用 1e5 这样的科学计数法。".into()),
            Self::AmountTooPrecise => ("An amount has at most two decimals (fen).".into(), "金额最多两位小数（分）。".into()),
            Self::AmountNotANumber => ("The amount is not a number such as 1000.50.".into(), "金额不是 1000.50 这样的数字。".into()),
            Self::AmountTooLarge => ("The amount is too large.".into(), "金额过大。".into()),
            Self::DateFormat => ("Write the date as YYYY-MM-DD.".into(), "日期请写成 YYYY-MM-DD。".into()),
            Self::DateNotInCalendar => ("This day does not exist in the calendar.".into(), "日历中没有这一天。".into()),
            Self::DateTooEarly => ("The date is before 1900-01-01.".into(), "日期早于 1900-01-01。".into()),
            Self::DateInFuture => ("The date is in the future.".into(), "日期在未来。".into()),
            Self::PhoneHasLetters => ("The phone number contains letters.".into(), "手机号含有字母。".into()),
            Self::PhoneNotMobile => ("Not a mainland mobile number (11 digits starting 13–19).".into(), "不是内地手机号（以 13–19 开头的 11 位数字）。".into()),
            Self::IdLength => ("A resident ID number has 18 (or the old 15) characters.".into(), "居民身份证号码应为 18 位（或旧版 15 位）。".into()),
            Self::IdNotDigits => ("A resident ID number is digits, with an X only as its last character.".into(), "居民身份证号码应为数字，仅最后一位可为 X。".into()),
            Self::IdBirthDate => ("The birth date inside the ID number is not a day of the calendar.".into(), "身份证号码中的出生日期无效。".into()),
            Self::IdCheckDigit => (format!("The check character is wrong: the first 17 digits give {d}."), format!("校验码错误：前 17 位对应的校验码为 {d}。")),
            Self::IdBirthDateMismatch => ("The birth date differs from the one in the ID number.".into(), "出生日期与身份证号码中的不一致。".into()),
            Self::EmailInvalid => ("Not an email address.".into(), "不是有效的电子邮箱。".into()),
            Self::UnknownValue => (format!("Not one of the accepted values: {d}."), format!("不是可接受的值：{d}。")),
            Self::UnknownRm => ("No relationship manager has this username.".into(), "没有使用此用户名的客户经理。".into()),
            Self::RmOutsideBranch => ("This relationship manager is not of your branch.".into(), "该客户经理不属于您的网点。".into()),
            Self::UnknownBranch => ("No branch has this code.".into(), "没有此代码的网点。".into()),
            Self::UnknownProduct => ("No product on the shelf has this code.".into(), "产品货架上没有此代码的产品。".into()),
            Self::UnknownCustomer => ("No customer has this customer number.".into(), "没有此客户号的客户。".into()),
            Self::CustomerOutsideBranch => ("This customer is not of your branch.".into(), "该客户不属于您的网点。".into()),
            Self::DuplicateInFile => (format!("The same key as row {d} of this file."), format!("与本文件第 {d} 行的键重复。")),
            Self::MaturityBeforeOpening => ("The maturity date is before the opening date.".into(), "到期日早于开立日。".into()),
            Self::SameIdAsExisting => (format!("The same ID number as customer {d}: proposed merge, accept or reject it."), format!("与客户 {d} 证件号码相同：建议合并，请接受或拒绝。")),
            Self::IdOfAnotherCustomer => (format!("This ID number is customer {d}'s, another customer than this customer number's: resolve it in the core system first."), format!("此证件号码属于客户 {d}，与此客户号不是同一客户：请先在核心系统中处理。")),
            Self::NotWholeNumber => ("Write a whole number in digits, e.g. 12.".into(), "请写成整数，例如 12。".into()),
            Self::OutOfRange => (format!("The number is outside its range {d}."), format!("数值超出范围 {d}。")),
            Self::HalfRated => ("Give both the satisfaction and the importance of this attribute, or neither.".into(), "此项满意度与重要性须同时填写或同时留空。".into()),
            Self::NearDuplicate => (format!("Same name, birth date and phone as customer {d} under the other form of the ID number: review it."), format!("与客户 {d} 姓名、出生日期、手机号相同，证件号为 15/18 位的另一形式：请复核。")),
            Self::MergedCustomer => (format!("This customer was merged into another ({d}): the row updates the surviving customer, whose customer number and ID number stay."), format!("该客户已合并至另一客户（{d}）：本行将更新保留的客户，其客户号与证件号码不变。")),
            Self::XlsxTooLarge => (format!("This XLSX file is larger than {d}, the most read from XLSX: save it as CSV (read as it streams, any size up to the upload limit) or split it."), format!("此 XLSX 文件超过 {d}（XLSX 可读取的上限）：请另存为 CSV（流式读取，不超过上传上限即可）或拆分文件。")),
        };
        match lang {
            Lang::En => en,
            Lang::ZhCn => zh,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: &[Problem] = &[
        Problem::NotCsvOrXlsx,
        Problem::EmptyFile,
        Problem::HeaderOnly,
        Problem::MissingColumn,
        Problem::DuplicateColumn,
        Problem::UnknownColumn,
        Problem::WrongEncoding,
        Problem::NothingToChange,
        Problem::TooManyFields,
        Problem::TooFewFields,
        Problem::Required,
        Problem::LineBreak,
        Problem::FormulaLike,
        Problem::TooLong,
        Problem::AmountNegative,
        Problem::AmountThousandsSeparator,
        Problem::AmountCurrency,
        Problem::AmountExponent,
        Problem::AmountTooPrecise,
        Problem::AmountNotANumber,
        Problem::AmountTooLarge,
        Problem::DateFormat,
        Problem::DateNotInCalendar,
        Problem::DateTooEarly,
        Problem::DateInFuture,
        Problem::PhoneHasLetters,
        Problem::PhoneNotMobile,
        Problem::IdLength,
        Problem::IdNotDigits,
        Problem::IdBirthDate,
        Problem::IdCheckDigit,
        Problem::IdBirthDateMismatch,
        Problem::EmailInvalid,
        Problem::UnknownValue,
        Problem::UnknownRm,
        Problem::RmOutsideBranch,
        Problem::UnknownBranch,
        Problem::UnknownProduct,
        Problem::UnknownCustomer,
        Problem::CustomerOutsideBranch,
        Problem::DuplicateInFile,
        Problem::MaturityBeforeOpening,
        Problem::SameIdAsExisting,
        Problem::NearDuplicate,
        Problem::NotWholeNumber,
        Problem::OutOfRange,
        Problem::HalfRated,
        Problem::MergedCustomer,
        Problem::XlsxTooLarge,
    ];

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn every_problem_has_distinct_english_and_chinese_words() {
        let mut seen = std::collections::HashSet::new();
        for p in ALL {
            let en = p.message(Lang::En, Some("X"));
            let zh = p.message(Lang::ZhCn, Some("X"));
            assert_ne!(en, zh, "{p:?}");
            assert!(seen.insert(en), "{p:?} repeats another problem's words");
        }
    }
}
