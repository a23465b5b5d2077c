//! Every string of the customer page and its forms, in English and zh-CN.
//!
//! [`T`] is a key; [`T::text`] gives its words in a [`Locale`]. The table is written with
//! one macro so a key without both translations does not compile. Labels of domain enums
//! (families, channels, complaint states …) have their own functions below, each an
//! exhaustive match so a new variant needs its words.

// The words of domain enums are shared with other screens and components, so they live
// in `crate::components::labels`; re-exported here for the page's parts.
pub use crate::components::labels::*;
use crate::i18n::Locale;
use clientbook_domain::api::RevealField;
use clientbook_domain::Lang;

/// The domain crate's language for a UI locale.
pub const fn lang(locale: Locale) -> Lang {
    match locale {
        Locale::En => Lang::En,
        Locale::ZhCn => Lang::ZhCn,
    }
}

crate::i18n::message_table! {
    // Page
    PageTitle => "Customer", "客户";
    BackToBook => "← My book", "← 我的客户";
    NotFoundTitle => "Customer not found", "未找到该客户";
    NotFoundBody => "There is no such customer in your book. It may belong to another relationship manager.", "您的客户中没有此客户，可能属于其他客户经理。";
    Sections => "Sections", "页面导航";
    // Header
    ValueClassLabel => "Value class", "价值分类";
    LifecycleLabel => "Lifecycle", "生命周期";
    RiskLevelLabel => "Risk level", "风险等级";
    QuestionnaireOn => "Questionnaire", "风险测评日期";
    QuestionnaireExpired => "Questionnaire expired: only R1 products may be recommended", "风险测评已过期：仅可推荐R1产品";
    QuestionnaireExpiring => "Questionnaire expires soon", "风险测评即将到期";
    QuestionnaireMissing => "No risk questionnaire on file", "尚未完成风险测评";
    NameLabel => "Name", "姓名";
    PhoneLabel => "Mobile", "手机号";
    IdNumberLabel => "ID number", "证件号码";
    AddressLabel => "Address", "地址";
    BirthDateLabel => "Birth date", "出生日期";
    Reveal => "Reveal", "查看完整";
    Revealing => "Revealing…", "正在获取…";
    HideNow => "Hide", "隐藏";
    RevealedFor => "Shown in full, masked again in", "完整显示中，自动隐藏倒计时";
    Seconds => "s", "秒";
    RevealLogged => "Every reveal is recorded in the audit log.", "每次查看完整信息都会记入审计日志。";
    Since => "Customer since", "开户日期";
    LastContact => "Last contact", "最近联系";
    NextContact => "Next contact due", "下次联系";
    Overdue => "overdue", "已逾期";
    Never => "never", "从未";
    AumLabel => "AUM", "资产(AUM)";
    Occupation => "Occupation", "职业";
    Household => "Household", "家庭成员";
    // Portfolio
    Portfolio => "Portfolio", "资产组合";
    ByFamily => "Allocation by product family", "按产品类别分布";
    ByRisk => "Allocation by risk level", "按风险等级分布";
    Holdings => "Holdings", "持仓明细";
    Product => "Product", "产品";
    Family => "Family", "类别";
    Risk => "Risk", "风险";
    Balance => "Balance", "余额";
    Opened => "Opened", "起始日";
    Matures => "Matures", "到期日";
    OpenEnded => "open-ended", "无固定期限";
    AumHistory => "AUM over 24 months", "近24个月资产变化";
    NoHoldings => "No holdings.", "暂无持仓。";
    ChartOf => "Chart:", "图表：";
    // Churn, CLV
    ChurnTitle => "Churn risk", "流失风险";
    ChurnBand => "Band", "风险级别";
    ChurnNoFactors => "No warning signs.", "暂无预警信号。";
    SuggestedAction => "Suggested action", "建议关怀行动";
    ClvTitle => "Customer lifetime value", "客户终身价值";
    AnnualMargin => "Annual contribution", "年贡献度";
    Retention => "Yearly retention", "年留存概率";
    ClvNote => "Discounted sum of expected yearly margin, each year weighted by the chance the customer stays.", "按每年留存概率加权、折现后的预期年贡献总和。";
    // Recommendations
    Recommendations => "Recommended products", "推荐产品";
    NoRecommendations => "No product can be recommended now.", "目前没有可推荐的产品。";
    Reason => "Why", "推荐理由";
    Suitability => "Suitability", "适当性";
    SuitabilityOk => "Within the customer's risk level", "在客户风险承受范围内";
    SuitabilityExpired => "Questionnaire not valid: R1 only", "风险测评无效：仅限R1";
    ProtectedAge => "Protected customer (aged 65 or over)", "受保护客户（65岁及以上）";
    ProtectedLowest => "Protected customer (lowest sub-category of C1)", "受保护客户（C1最低类别）";
    ConfirmDiscussed => "I confirm I discussed the protection flag with the customer", "我确认已与客户沟通其受保护身份";
    ConfirmNeeded => "Advisor confirmation required before selling", "销售前须由理财经理确认";
    Confirmed => "Confirmed", "已确认";
    CustomerLevel => "Customer", "客户";
    ProductRiskWord => "product", "产品";
    MinAmount => "Minimum", "起购金额";
    // Allocation drift
    DriftTitle => "Allocation vs target", "资产配置偏离";
    Current => "Current", "当前";
    Target => "Target", "目标";
    Drift => "Drift", "偏离";
    WithinTolerance => "Every class is within tolerance.", "各类资产均在容忍范围内。";
    SuggestedMoves => "Suggested moves", "建议调整";
    MoveFromTo => "→", "→";
    TargetLevelNote => "Target of level", "目标配置等级";
    NotAssessedTarget => "(questionnaire not valid: the C1 target applies)", "（风险测评无效，按C1目标）";
    // Satisfaction
    SatisfactionTitle => "Satisfaction", "满意度";
    NoSurveys => "No survey yet.", "暂无满意度调查。";
    LatestSurvey => "Latest survey", "最近一次调查";
    Recommend => "Would recommend (0–10)", "推荐意愿（0–10）";
    Overall => "Overall (1–5)", "总体满意度（1–5）";
    Attribute => "Service attribute", "服务要素";
    SatisfactionWord => "Satisfaction", "满意度";
    ImportanceWord => "Importance", "重要性";
    SatisfactionChart => "Survey answers over time", "历次调查结果";
    // Timeline
    TimelineTitle => "Timeline", "客户动态";
    TimelineEmpty => "Nothing recorded yet.", "暂无记录。";
    TlContact => "Contact", "联系";
    TlComplaint => "Complaint", "投诉";
    TlSurvey => "Survey", "满意度调查";
    TlCare => "Care", "关怀";
    TlProductOpened => "Product opened", "新增产品";
    TlProductMatured => "Product matured", "产品到期";
    TlCareDone => "Care done", "关怀已完成";
    TlCareSnoozed => "Care snoozed", "关怀已推迟";
    ShowAll => "Show all", "显示全部";
    // Complaints
    ComplaintsTitle => "Complaints", "投诉";
    NoComplaints => "No complaints.", "暂无投诉。";
    ReceivedOn => "Received", "受理日期";
    InternalDeadline => "Internal deadline", "内部时限";
    RegulatoryDeadline => "Regulatory deadline", "监管时限";
    CustomerRequest => "Customer's request", "客户诉求";
    Resolution => "Resolution", "处理结果";
    Feedback => "Customer's feedback", "客户反馈";
    NoFeedbackReason => "Reason there is no feedback", "无反馈原因";
    MoveTo => "Move to", "推进至";
    StepNote => "Note (optional)", "备注（可选）";
    History => "History", "处理记录";
    ClosedState => "Closed: no further steps.", "已结案，无后续步骤。";
    // Notes
    NotesTitle => "Notes", "备注";
    NoNotes => "No notes yet.", "暂无备注。";
    NewNote => "New note", "新增备注";
    AddNote => "Add note", "添加备注";
    Edit => "Edit", "编辑";
    SaveEdit => "Save changes", "保存修改";
    Cancel => "Cancel", "取消";
    EditedBy => "edited by", "修改人";
    WrittenBy => "by", "作者";
    Earlier => "Earlier versions", "历史版本";
    NoteText => "Text", "内容";
    // What-if
    WhatIfTitle => "What-if", "模拟调整";
    WhatIfIntro => "Try a change: nothing is saved and nothing is sent.", "试算调整方案：不会保存，也不会发送到服务器。";
    MoveAmount => "Move an amount", "调拨金额";
    FromHolding => "From", "从";
    ToHolding => "To", "到";
    Amount => "Amount (CNY)", "金额（元）";
    ApplyMove => "Apply move", "模拟调拨";
    AddProduct => "Add a product", "新增产品";
    ShelfProduct => "Product", "产品";
    FundFrom => "Funded from", "资金来源";
    NewMoney => "New money", "新增资金";
    ApplyAdd => "Add to portfolio", "模拟购买";
    Reset => "Reset", "重置";
    Edits => "Changes tried", "已模拟的调整";
    NoEdits => "No change yet: the figures are the customer's own.", "尚未调整：以下为客户当前数据。";
    Before => "Now", "当前";
    After => "What-if", "模拟后";
    TierWord => "Tier", "等级";
    Concentration => "Largest family share", "最大类别占比";
    TopHolding => "Largest holding share", "最大单一持仓占比";
    RiskExposure => "Above the customer's level", "超出客户风险等级的资产";
    RiskMix => "Risk mix", "风险分布";
    WhatIfRecs => "Recommendations", "推荐产品";
    ErrAmountEmpty => "Enter an amount.", "请输入金额。";
    ErrAmountNotNumber => "Enter an amount such as 12000 or 12,000.50.", "请输入金额，例如 12000 或 12,000.50。";
    ErrAmountPrecision => "At most two decimal places.", "最多两位小数。";
    ErrAmountTooLarge => "This amount is too large.", "金额过大。";
    ErrAmountPositive => "The amount must be more than zero.", "金额必须大于零。";
    ErrAmountOverBalance => "More than the holding's balance.", "超过该持仓余额。";
    ErrSameHolding => "Choose two different holdings.", "请选择两个不同的持仓。";
    ErrBelowMinimum => "Below the product's minimum amount.", "低于产品起购金额。";
    ErrChoose => "Choose one.", "请选择。";
    // Forms (shared)
    Save => "Save", "保存";
    Saving => "Saving…", "正在保存…";
    Saved => "Saved.", "已保存。";
    Reload => "Reload the customer", "重新加载客户";
    MergeTheirs => "Saved meanwhile by", "期间已由他人保存：";
    MergeKeepMine => "Keep mine over theirs", "以我的内容覆盖";
    MergeCombine => "Put both together", "合并两者";
    MergeCombined => "Both texts are in the box: check them and save.", "两段内容已放入输入框，请核对后保存。";
    MergeTheirDate => "They set the next contact to", "对方已将下次联系日期设为";
    MergeNoDate => "no date", "不设日期";
    MergeYourDate => "you chose", "您选择的是";
    ConflictTitle => "Someone changed this record first", "该记录已被他人修改";
    FixFields => "Some fields need attention.", "部分内容需要修改。";
    Optional => "(optional)", "（可选）";
    ServiceWork => "Service work", "客户服务";
    // Contact form
    LogContact => "Log a contact", "记录联系";
    ContactKind => "Kind", "方式";
    ChannelLabel => "Channel", "渠道";
    DateLabel => "Date", "日期";
    OutcomeLabel => "Outcome", "结果";
    NextStep => "Next step", "下一步";
    ContactNote => "Note", "备注";
    NextContactOn => "Next contact date", "下次联系日期";
    ContactLogged => "Contact logged.", "联系已记录。";
    // Next contact form
    SetNextContact => "Set the next contact date", "设置下次联系日期";
    ClearDate => "Clear the date", "清除日期";
    NextContactSaved => "Next contact date saved.", "下次联系日期已保存。";
    // Complaint form
    RecordComplaint => "Record a complaint", "登记投诉";
    ContentType => "Content", "投诉类别";
    Severity => "Severity", "严重程度";
    Description => "What happened", "投诉内容";
    ComplaintRecorded => "Complaint recorded.", "投诉已登记。";
    ComplaintMoved => "Complaint updated.", "投诉已更新。";
    // Survey form
    EnterSurvey => "Enter a survey", "录入满意度调查";
    AnsweredOn => "Answered on", "调查日期";
    SurveySaved => "Survey saved.", "满意度调查已保存。";
    NotRated => "–", "–";
    // Care
    CareTitle => "Care reminders", "关怀提醒";
    NoCare => "Nothing to do now.", "目前没有待办关怀。";
    MarkDone => "Done", "已完成";
    Snooze => "Snooze 7 days", "推迟7天";
    CareDoneSaved => "Care marked done.", "关怀已标记完成。";
    CareSnoozed => "Care snoozed.", "关怀已推迟。";
    BirthdayOn => "Birthday on", "生日";
    MaturesOn => "matures on", "到期日";
    QuestionnaireRenew => "Risk questionnaire to renew", "风险测评需更新";
    NoteSaved => "Note saved.", "备注已保存。";
    ErrRequired => "Required.", "必填。";
    ErrTooLong => "Too long.", "内容过长。";
    ErrFuture => "Must not be in the future.", "不能晚于今天。";
    ErrNextAfter => "Must be after the contact date.", "必须晚于联系日期。";
    ErrNotPast => "Must not be in the past.", "不能早于今天。";
    ErrDate => "Enter a date.", "请输入日期。";
    MergedTitle => "Customer merged", "客户已合并";
    MergedInto => "This customer was merged into", "该客户已合并至";
    MergedHistory => "Its contacts, notes and the rest of its history are on that customer's page now.", "其联系记录、备注及其他历史现已在该客户的页面上。";
    OpenSurvivor => "Open the customer it was merged into", "打开合并后的客户";
    MergeSaved => "Merged: the duplicate's history is this customer's now.", "已合并：重复记录的历史已并入本客户。";
}

pub const fn reveal_label(v: RevealField) -> T {
    match v {
        RevealField::Name => T::NameLabel,
        RevealField::Phone => T::PhoneLabel,
        RevealField::IdNumber => T::IdNumberLabel,
        RevealField::Address => T::AddressLabel,
        RevealField::BirthDate => T::BirthDateLabel,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn every_text_has_words_in_both_languages() {
        for locale in Locale::ALL {
            for t in T::ALL {
                assert!(!t.text(locale).trim().is_empty(), "{t:?} in {locale:?}");
            }
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn chinese_is_a_translation_not_a_copy() {
        let same: HashSet<T> = [T::MoveFromTo, T::NotRated].into_iter().collect();
        for t in T::ALL.iter().filter(|t| !same.contains(t)) {
            assert_ne!(t.text(Locale::En), t.text(Locale::ZhCn), "{t:?}");
        }
    }
}
