//! Every string of the meeting screens, in English and zh-CN: written for the client,
//! in plain words. Sentences with figures are functions below.

use crate::i18n::Locale;
use clientbook_domain::kano::KanoAnswer;
use clientbook_domain::{ProductRisk, RiskLevel};

crate::i18n::message_table! {
    Title => "Your meeting", "会面";
    Sections => "Meeting sections", "会面页面";
    Portfolio => "Your portfolio", "您的资产";
    Products => "Suited to you", "适合您的产品";
    WhatIf => "What if", "假如调整";
    Survey => "Your opinion", "您的评价";
    Summary => "Summary", "会面小结";
    Leave => "Advisor", "理财经理";
    Previous => "Previous", "上一页";
    Next => "Next", "下一页";
    TotalAssets => "Your total assets", "您的总资产";
    Allocation => "How your assets are spread", "资产配置";
    AumHistory => "Your assets, month by month", "每月资产";
    Maturities => "Coming up to maturity", "即将到期";
    NoMaturities => "Nothing matures in the next 90 days.", "未来 90 天内没有到期的产品。";
    Household => "Your household together", "家庭合计";
    HouseholdMembers => "Members", "家庭成员数";
    YourLevel => "Your risk level", "您的风险等级";
    NoLevel => "No valid risk assessment: only the lowest-risk products (R1) can be offered.", "风险测评缺失或已过期：只能为您提供最低风险（R1）产品。";
    Phone => "Your phone", "您的手机";
    ShowPhone => "Show my full number", "显示完整号码";
    ProductRiskLabel => "Product risk", "产品风险";
    Interested => "I am interested", "我有兴趣";
    InterestNoted => "Interest noted", "已记录意向";
    NoRecommendations => "Nothing new to suggest today.", "今天没有新的建议。";
    AskAbout => "Asked about another product", "询问其他产品";
    ProductCode => "Product code", "产品代码";
    LookUp => "Look up", "查询";
    UnknownProduct => "There is no product with this code.", "没有这个代码的产品。";
    WithinLevel => "This product is within your risk level.", "该产品在您的风险等级之内。";
    Acknowledge => "I have read this warning", "我已阅读此风险提示";
    Acknowledged => "Warning acknowledged", "已确认风险提示";
    FromHolding => "Move from", "转出";
    IntoProduct => "Into", "转入";
    Amount => "Amount (¥)", "金额（元）";
    BadAmount => "Enter an amount such as 200,000.", "请输入金额，例如 200,000。";
    NothingToMove => "You hold nothing that can be moved.", "没有可调整的资产。";
    NoSaving => "Nothing is saved unless you say you are interested.", "除非您表示有兴趣，否则不会保存任何内容。";
    SurveyIntro => "Please answer a few questions yourself. Tap an answer.", "请您亲自回答几个问题，点选即可。";
    Recommend => "How likely are you to recommend us to a friend?", "您向朋友推荐我们的可能性有多大？";
    NotLikely => "Not at all likely", "完全不可能";
    VeryLikely => "Extremely likely", "非常可能";
    Overall => "Overall, how satisfied are you with our service?", "总体而言，您对我们的服务满意吗？";
    VeryDissatisfied => "Very dissatisfied", "非常不满意";
    VerySatisfied => "Very satisfied", "非常满意";
    HowSatisfied => "How satisfied are you with this?", "您对此满意吗？";
    HowImportant => "How important is this to you?", "这对您有多重要？";
    NotImportant => "Not important", "不重要";
    VeryImportant => "Very important", "非常重要";
    IfThere => "How would you feel if we offered this?", "如果我们提供这项服务，您觉得如何？";
    IfNotThere => "How would you feel if we did not offer this?", "如果我们不提供这项服务，您觉得如何？";
    SurveyDone => "Thank you: your answers are kept with this meeting.", "谢谢！您的回答将随本次会面保存。";
    SurveyAgain => "Answer again", "重新作答";
    Back => "Back", "返回";
    SummaryIntro => "Please read what we did together today.", "请阅读我们今天会面的内容。";
    ShownList => "Products shown to you", "向您展示的产品";
    WarningsList => "Risk warnings given", "已作的风险提示";
    InterestList => "Products you are interested in", "您有兴趣的产品";
    SurveyLine => "Your survey", "您的评价";
    NoneYet => "None", "无";
    NotAnswered => "Not answered", "未作答";
    AdvisorNote => "Advisor's note", "理财经理备注";
    ConfirmRead => "I have read this summary and it is correct.", "我已阅读本小结，内容无误。";
    SignHere => "Sign here with your finger", "请用手指在此签名";
    ClearSignature => "Clear", "清除";
    ConfirmSign => "Confirm and sign", "确认并签名";
    Signing => "Saving…", "正在保存…";
    Signed => "Signed and saved. Thank you.", "已签名并保存，谢谢！";
    RecordHash => "Record", "记录编号";
    NeedConfirmSign => "Tick the box and sign first.", "请先勾选并签名。";
    LeaveIntro => "The advisor enters the PIN to leave the meeting.", "理财经理输入 PIN 以结束会面模式。";
    Pin => "Advisor PIN", "理财经理 PIN";
    LeaveMeeting => "Leave the meeting", "退出会面";
    Leaving => "Checking…", "正在验证…";
    StartMeeting => "Start meeting", "开始会面";
    NeedPin => "Set your meeting PIN first: it is needed to leave the meeting.", "请先设置会面 PIN：结束会面时需要输入。";
    SetPin => "Set PIN", "设置 PIN";
    NotSigned => "The summary is not signed yet: leaving now keeps no signature.", "小结尚未签名：现在退出将不保存签名。";
}

/// "C3" / "R2".
pub fn level(l: RiskLevel) -> String {
    format!("{l:?}")
}

pub fn risk(r: ProductRisk) -> String {
    format!("{r:?}")
}

/// The plain-words risk warning for a product above the client's level.
pub fn risk_warning(product: &str, r: ProductRisk, max: ProductRisk, l: Locale) -> String {
    match l {
        Locale::En => format!(
            "{product} carries risk {}, above the highest risk suited to you ({}). You could lose more than you are prepared to. We cannot offer it to you, and this warning is recorded.",
            risk(r),
            risk(max)
        ),
        Locale::ZhCn => format!(
            "{product} 的风险等级为 {}，高于适合您的最高风险（{}）。您可能承受超出预期的损失。我们不能向您推荐该产品，本次风险提示将被记录。",
            risk(r),
            risk(max)
        ),
    }
}

/// The what-if in the client's words.
pub fn move_sentence(
    amount: &str,
    from: &str,
    into: &str,
    allocation: &str,
    within: Option<(bool, String)>,
    l: Locale,
) -> String {
    let risk = match (within, l) {
        (Some((true, level)), Locale::En) => format!("your risk level stays within {level}."),
        (Some((false, level)), Locale::En) => {
            format!("this would go beyond your risk level {level}: it cannot be proposed.")
        }
        (None, Locale::En) => {
            "only R1 products can be proposed without a valid risk assessment.".to_owned()
        }
        (Some((true, level)), Locale::ZhCn) => format!("您的风险仍在 {level} 之内。"),
        (Some((false, level)), Locale::ZhCn) => {
            format!("这将超出您的风险等级 {level}，不能为您推荐。")
        }
        (None, Locale::ZhCn) => "没有有效的风险测评，只能推荐 R1 产品。".to_owned(),
    };
    match l {
        Locale::En => format!(
            "Moving {amount} from {from} into {into}: your allocation becomes {allocation}; {risk}"
        ),
        Locale::ZhCn => {
            format!("将 {amount} 从{from}转入{into}：您的资产配置变为 {allocation}；{risk}")
        }
    }
}

/// "the time deposit maturing on 12 Dec 2026".
pub fn holding_name(family: &str, matures: Option<String>, l: Locale) -> String {
    match (matures, l) {
        (Some(d), Locale::En) => format!("the {} maturing on {d}", family.to_lowercase()),
        (None, Locale::En) => format!("your {}", family.to_lowercase()),
        (Some(d), Locale::ZhCn) => format!("{d}到期的{family}"),
        (None, Locale::ZhCn) => family.to_owned(),
    }
}

pub fn question_of(n: usize, total: usize, l: Locale) -> String {
    match l {
        Locale::En => format!("Question {n} of {total}"),
        Locale::ZhCn => format!("第 {n} 题，共 {total} 题"),
    }
}

pub fn survey_line(recommend: u8, overall: u8, l: Locale) -> String {
    match l {
        Locale::En => format!("Recommend: {recommend} of 10; overall satisfaction: {overall} of 5"),
        Locale::ZhCn => format!("推荐意愿：{recommend}/10；总体满意度：{overall}/5"),
    }
}

pub fn tries_left(message: &str, l: Locale) -> String {
    match l {
        Locale::En => message.to_owned(),
        Locale::ZhCn => format!("PIN 不正确（{message}）"),
    }
}

pub const fn kano_answer(a: KanoAnswer, l: Locale) -> &'static str {
    match (a, l) {
        (KanoAnswer::Like, Locale::En) => "I would like it",
        (KanoAnswer::Like, Locale::ZhCn) => "我会喜欢",
        (KanoAnswer::Expect, Locale::En) => "I expect it",
        (KanoAnswer::Expect, Locale::ZhCn) => "理应如此",
        (KanoAnswer::Neutral, Locale::En) => "I don't mind",
        (KanoAnswer::Neutral, Locale::ZhCn) => "无所谓",
        (KanoAnswer::Tolerate, Locale::En) => "I can live with it",
        (KanoAnswer::Tolerate, Locale::ZhCn) => "可以忍受",
        (KanoAnswer::Dislike, Locale::En) => "I would dislike it",
        (KanoAnswer::Dislike, Locale::ZhCn) => "我会不喜欢",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn every_text_is_translated_and_english_words_are_unique() {
        let mut seen = HashSet::new();
        for t in T::ALL {
            assert!(!t.text(Locale::En).trim().is_empty(), "{t:?}");
            assert_ne!(t.text(Locale::En), t.text(Locale::ZhCn), "{t:?}");
            assert!(seen.insert(t.text(Locale::En)), "{t:?} repeats");
        }
        for a in KanoAnswer::ALL {
            assert_ne!(kano_answer(a, Locale::En), kano_answer(a, Locale::ZhCn));
        }
    }
}
