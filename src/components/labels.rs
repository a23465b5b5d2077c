//! The words of the domain's enums (value classes, families, channels, complaint states,
//! care kinds …) and of the policy's care occasions, in English and zh-CN. Each is an
//! exhaustive match, so a new variant needs its words. Shared by the customer page, the
//! complaints screen and the dashboard panels (a component must not import from a page).

use crate::i18n::Locale;
use clientbook_domain::allocation::AssetClass;
use clientbook_domain::customer::{
    Channel, ComplaintSeverity, ComplaintStatus, ProductFamily, ServiceAttribute,
};
use clientbook_domain::lifecycle::Lifecycle;
use clientbook_domain::service::{
    CareKind, ComplaintChannel, ComplaintContentType, InteractionKind, InteractionOutcome,
};
use clientbook_domain::value_class::ValueClass;
use clientbook_domain::ScoringPolicy;

/// A value class in words.
pub const fn value_class(v: ValueClass, l: Locale) -> &'static str {
    use ValueClass::*;
    match (v, l) {
        (Dormant, Locale::En) => "Dormant",
        (Dormant, Locale::ZhCn) => "睡眠客户",
        (LowValue, Locale::En) => "Low value",
        (LowValue, Locale::ZhCn) => "低价值客户",
        (Valuable, Locale::En) => "Valuable",
        (Valuable, Locale::ZhCn) => "有价值客户",
        (HighValueAdded, Locale::En) => "High value added",
        (HighValueAdded, Locale::ZhCn) => "高附加值客户",
    }
}

pub const fn lifecycle(v: Lifecycle, l: Locale) -> &'static str {
    use Lifecycle::*;
    match (v, l) {
        (New, Locale::En) => "New",
        (New, Locale::ZhCn) => "新客户",
        (Growing, Locale::En) => "Growing",
        (Growing, Locale::ZhCn) => "成长期",
        (Mature, Locale::En) => "Mature",
        (Mature, Locale::ZhCn) => "成熟期",
        (Declining, Locale::En) => "Declining",
        (Declining, Locale::ZhCn) => "衰退期",
        (Lost, Locale::En) => "Lost",
        (Lost, Locale::ZhCn) => "流失",
    }
}

pub const fn family(v: ProductFamily, l: Locale) -> &'static str {
    use ProductFamily::*;
    match (v, l) {
        (DemandDeposit, Locale::En) => "Demand deposit",
        (DemandDeposit, Locale::ZhCn) => "活期存款",
        (TimeDeposit, Locale::En) => "Time deposit",
        (TimeDeposit, Locale::ZhCn) => "定期存款",
        (WealthManagement, Locale::En) => "Wealth management",
        (WealthManagement, Locale::ZhCn) => "理财产品",
        (Fund, Locale::En) => "Fund",
        (Fund, Locale::ZhCn) => "基金",
        (Bond, Locale::En) => "Bond",
        (Bond, Locale::ZhCn) => "债券",
        (Insurance, Locale::En) => "Insurance",
        (Insurance, Locale::ZhCn) => "保险",
        (Loan, Locale::En) => "Loan",
        (Loan, Locale::ZhCn) => "贷款",
        (CreditCard, Locale::En) => "Credit card",
        (CreditCard, Locale::ZhCn) => "信用卡",
    }
}

pub const fn asset_class(v: AssetClass, l: Locale) -> &'static str {
    use AssetClass::*;
    match (v, l) {
        (Deposits, Locale::En) => "Deposits",
        (Deposits, Locale::ZhCn) => "存款",
        (FixedIncome, Locale::En) => "Fixed income",
        (FixedIncome, Locale::ZhCn) => "固定收益",
        (Equity, Locale::En) => "Equity funds",
        (Equity, Locale::ZhCn) => "权益基金",
        (Insurance, Locale::En) => "Insurance",
        (Insurance, Locale::ZhCn) => "保险",
    }
}

pub const fn interaction_kind(v: InteractionKind, l: Locale) -> &'static str {
    use InteractionKind::*;
    match (v, l) {
        (Visit, Locale::En) => "Visit",
        (Visit, Locale::ZhCn) => "拜访",
        (Call, Locale::En) => "Call",
        (Call, Locale::ZhCn) => "电话",
        (Message, Locale::En) => "Message",
        (Message, Locale::ZhCn) => "消息",
        (Event, Locale::En) => "Event",
        (Event, Locale::ZhCn) => "活动",
    }
}

pub const fn channel(v: Channel, l: Locale) -> &'static str {
    use Channel::*;
    match (v, l) {
        (Branch, Locale::En) => "Branch",
        (Branch, Locale::ZhCn) => "网点",
        (Phone, Locale::En) => "Phone",
        (Phone, Locale::ZhCn) => "电话",
        (Message, Locale::En) => "Message",
        (Message, Locale::ZhCn) => "短信/微信",
        (App, Locale::En) => "App",
        (App, Locale::ZhCn) => "手机银行",
        (Email, Locale::En) => "Email",
        (Email, Locale::ZhCn) => "邮件",
        (Visit, Locale::En) => "Visit",
        (Visit, Locale::ZhCn) => "上门",
        (Event, Locale::En) => "Event",
        (Event, Locale::ZhCn) => "活动",
    }
}

pub const fn outcome(v: InteractionOutcome, l: Locale) -> &'static str {
    use InteractionOutcome::*;
    match (v, l) {
        (Interested, Locale::En) => "Interested",
        (Interested, Locale::ZhCn) => "有意向",
        (NotInterested, Locale::En) => "Not interested",
        (NotInterested, Locale::ZhCn) => "无意向",
        (FollowUpScheduled, Locale::En) => "Follow-up scheduled",
        (FollowUpScheduled, Locale::ZhCn) => "已约跟进",
        (ProductPurchased, Locale::En) => "Product purchased",
        (ProductPurchased, Locale::ZhCn) => "已购买产品",
        (NoAnswer, Locale::En) => "No answer",
        (NoAnswer, Locale::ZhCn) => "未接通",
        (ServiceRequest, Locale::En) => "Service request",
        (ServiceRequest, Locale::ZhCn) => "服务请求",
        (CareDelivered, Locale::En) => "Care delivered",
        (CareDelivered, Locale::ZhCn) => "关怀已送达",
    }
}

pub const fn complaint_channel(v: ComplaintChannel, l: Locale) -> &'static str {
    use ComplaintChannel::*;
    match (v, l) {
        (Phone, Locale::En) => "Phone",
        (Phone, Locale::ZhCn) => "电话",
        (BranchCounter, Locale::En) => "Branch counter",
        (BranchCounter, Locale::ZhCn) => "网点柜台",
        (Online, Locale::En) => "Online",
        (Online, Locale::ZhCn) => "网上",
        (Email, Locale::En) => "Email",
        (Email, Locale::ZhCn) => "邮件",
        (App, Locale::En) => "App",
        (App, Locale::ZhCn) => "手机银行",
    }
}

pub const fn content_type(v: ComplaintContentType, l: Locale) -> &'static str {
    use ComplaintContentType::*;
    match (v, l) {
        (Service, Locale::En) => "Service",
        (Service, Locale::ZhCn) => "服务",
        (Product, Locale::En) => "Product",
        (Product, Locale::ZhCn) => "产品",
        (Operation, Locale::En) => "Operation",
        (Operation, Locale::ZhCn) => "业务操作",
        (Policy, Locale::En) => "Policy",
        (Policy, Locale::ZhCn) => "政策制度",
    }
}

pub const fn severity(v: ComplaintSeverity, l: Locale) -> &'static str {
    use ComplaintSeverity::*;
    match (v, l) {
        (General, Locale::En) => "General",
        (General, Locale::ZhCn) => "一般",
        (Major, Locale::En) => "Major",
        (Major, Locale::ZhCn) => "重大",
        (Urgent, Locale::En) => "Urgent",
        (Urgent, Locale::ZhCn) => "紧急",
    }
}

pub const fn status(v: ComplaintStatus, l: Locale) -> &'static str {
    use ComplaintStatus::*;
    match (v, l) {
        (Received, Locale::En) => "Received",
        (Received, Locale::ZhCn) => "已受理",
        (Investigating, Locale::En) => "Investigating",
        (Investigating, Locale::ZhCn) => "调查中",
        (Resolved, Locale::En) => "Resolved",
        (Resolved, Locale::ZhCn) => "已处理",
        (CustomerInformed, Locale::En) => "Customer informed",
        (CustomerInformed, Locale::ZhCn) => "已告知客户",
        (Closed, Locale::En) => "Closed",
        (Closed, Locale::ZhCn) => "已结案",
    }
}

pub const fn attribute(v: ServiceAttribute, l: Locale) -> &'static str {
    use ServiceAttribute::*;
    match (v, l) {
        (WaitingTime, Locale::En) => "Waiting time",
        (WaitingTime, Locale::ZhCn) => "等候时间",
        (StaffAttitude, Locale::En) => "Staff attitude",
        (StaffAttitude, Locale::ZhCn) => "服务态度",
        (Expertise, Locale::En) => "Expertise",
        (Expertise, Locale::ZhCn) => "专业能力",
        (ProductRange, Locale::En) => "Product range",
        (ProductRange, Locale::ZhCn) => "产品种类",
        (DigitalChannels, Locale::En) => "Digital channels",
        (DigitalChannels, Locale::ZhCn) => "电子渠道",
        (Fees, Locale::En) => "Fees",
        (Fees, Locale::ZhCn) => "收费",
        (BranchEnvironment, Locale::En) => "Branch environment",
        (BranchEnvironment, Locale::ZhCn) => "网点环境",
    }
}

pub const fn care_kind(v: CareKind, l: Locale) -> &'static str {
    use CareKind::*;
    match (v, l) {
        (Birthday, Locale::En) => "Birthday",
        (Birthday, Locale::ZhCn) => "生日",
        (Maturity, Locale::En) => "Maturity",
        (Maturity, Locale::ZhCn) => "产品到期",
        (QuestionnaireExpiry, Locale::En) => "Questionnaire",
        (QuestionnaireExpiry, Locale::ZhCn) => "风险测评",
        (Holiday, Locale::En) => "Holiday",
        (Holiday, Locale::ZhCn) => "节日",
    }
}

/// An occasion's name in `l`, in the bank's own words from the policy's
/// `care.occasions` (`occasion` is its position there); `None` if the policy no longer
/// has it.
pub fn occasion_name(policy: &ScoringPolicy, occasion: u32, l: Locale) -> Option<&str> {
    let o = policy.care.occasions.get(occasion as usize)?;
    Some(match l {
        Locale::En => o.name_en.as_str(),
        Locale::ZhCn => o.name_zh.as_str(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn every_family_and_state_has_distinct_words() {
        for l in Locale::ALL {
            let f: HashSet<_> = ProductFamily::ALL.iter().map(|v| family(*v, l)).collect();
            assert_eq!(f.len(), ProductFamily::ALL.len());
            let a: HashSet<_> = ServiceAttribute::ALL
                .iter()
                .map(|v| attribute(*v, l))
                .collect();
            assert_eq!(a.len(), ServiceAttribute::ALL.len());
        }
    }
}
