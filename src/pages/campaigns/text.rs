//! Every string of the campaign screens (营销活动) and the rule measures, in English and
//! zh-CN; the words for the campaign enums and segment reasons.

use crate::components::labels::family;
use crate::i18n::{self, Locale, Msg};
use clientbook_domain::campaign::{CampaignKind, CampaignStatus, MemberResponse, SegmentReason};
use clientbook_domain::measures::ReasonKind;

crate::i18n::message_table! {
    Title => "Campaigns", "营销活动列表";
    Intro => "Campaigns run on a segment of the book, frozen when they start.", "营销活动面向客户群体开展，活动启动时锁定名单。";
    NewTitle => "New campaign", "新建营销活动";
    Name => "Name", "活动名称";
    Kind => "Kind", "活动类型";
    Goal => "Goal", "活动目标";
    Offer => "Offer", "活动权益";
    StartsOn => "Starts on", "开始日期";
    EndsOn => "Ends on", "结束日期";
    EventOn => "Event date", "活动举办日期";
    SegmentTitle => "Segment", "目标客群";
    TierAtLeast => "Tier at least", "最低客户等级";
    HoldsFamily => "Holds a product of", "持有产品类别";
    MaturingWithin => "Time deposit maturing within (days)", "定期存款到期天数以内";
    Activity => "Activity", "活跃度";
    ChurnBand => "Churn risk", "流失风险";
    ValueClass => "Value class", "价值分类";
    InvitedTo => "Invited to campaign", "曾受邀参加的活动";
    Any => "Any", "不限";
    PreviewCount => "Customers in the segment now", "当前符合条件的客户数";
    PreviewOptOut => "Customers who opted out of marketing are left out, and counted, when it starts.", "拒绝营销的客户将在启动时排除并计数。";
    PreviewUnavailable => "The count is computed when the campaign starts (your role holds no book).", "启动活动时计算名单（您的角色没有客户名单）。";
    Create => "Save the draft", "保存草稿";
    Created => "Draft saved.", "草稿已保存。";
    Start => "Start: freeze the segment", "启动：锁定名单";
    Finish => "Finish the campaign", "结束活动";
    Results => "Results", "活动效果";
    OpenCampaign => "Open", "打开";
    Status => "Status", "状态";
    Dates => "Dates", "日期";
    Members => "Customers", "客户数";
    LeftOut => "Left out (opted out of marketing)", "已排除（拒绝营销）";
    NoCampaigns => "No campaign yet.", "暂无营销活动。";
    MembersTitle => "Customers of the campaign", "活动客户";
    NoMembers => "No customer of yours is in this campaign.", "此活动中没有您名下的客户。";
    Why => "Why", "入选原因";
    Response => "Response", "反馈";
    Contacted => "Contacted", "已联系";
    LogContact => "Log contact", "记录联系";
    OpenOpportunity => "Open opportunity", "创建商机";
    ColRm => "RM", "客户经理";
    CampaignTitle => "Campaign", "营销活动";
    ResultsTitle => "Campaign results", "营销活动效果";
    Total => "Whole campaign", "活动合计";
    Reached => "Reached", "已触达";
    NotReached => "Not reached (same segment)", "未触达（同一客群）";
    Invited => "Invited", "已邀约";
    Accepted => "Accepted", "已接受";
    Attended => "Attended", "已参加";
    Declined => "Declined", "已谢绝";
    Responses => "Responses", "反馈数";
    Customers => "Customers in the group", "组内客户";
    WithOpportunity => "With an opportunity", "产生商机的客户";
    Opportunities => "Opportunities", "商机数";
    WonCustomers => "Won", "成交客户";
    WonAmount => "Won amount", "成交金额";
    OpportunityRate => "Opportunity rate", "商机转化率";
    WonRate => "Won rate", "成交率";
    PerRm => "Per RM", "按客户经理";
    Comparison => "Reached vs not reached", "已触达与未触达对比";
    HomePanelTitle => "Campaign work", "营销活动待办";
    HomePanelEmpty => "No campaign customer is waiting for you.", "暂无待跟进的活动客户。";
    ToContact => "to contact", "位待联系";
    MeasuresTitle => "How the rules work (last 3 months)", "规则效果（近3个月）";
    Reason => "Reason", "推荐原因";
    Shown => "Shown", "已展示";
    RetentionListed => "On the retention list", "在挽留名单中";
    RetentionSimilar => "Nearest below the list", "名单外相近客户";
    Left => "Left", "已流失";
    LeftRate => "Rate of leaving", "流失率";
    NoFigures => "No figures yet.", "暂无数据。";
    KindSeminar => "Wealth seminar (理财沙龙)", "理财沙龙";
    KindMaturityDrive => "Maturity drive", "到期续作";
    KindReactivation => "Reactivation", "沉睡客户唤醒";
    KindOther => "Other", "其他";
    StatusDraft => "Draft", "草稿";
    StatusRunning => "Running", "进行中";
    StatusFinished => "Finished", "已结束";
    RespNone => "Not invited", "未邀约";
    ReasonReinvest => "Reinvest a maturing holding", "到期续作";
    ReasonIdle => "Idle balance", "闲置资金";
    ReasonNeed => "Stated need", "客户需求";
    ReasonPeer => "Peer gap", "同层级差距";
    Refused => "The server refused this:", "服务器拒绝了此操作：";
}

pub fn kind(k: CampaignKind) -> T {
    match k {
        CampaignKind::Seminar => T::KindSeminar,
        CampaignKind::MaturityDrive => T::KindMaturityDrive,
        CampaignKind::Reactivation => T::KindReactivation,
        CampaignKind::Other => T::KindOther,
    }
}

pub fn status(s: CampaignStatus) -> T {
    match s {
        CampaignStatus::Draft => T::StatusDraft,
        CampaignStatus::Running => T::StatusRunning,
        CampaignStatus::Finished => T::StatusFinished,
    }
}

pub fn response(r: MemberResponse) -> T {
    match r {
        MemberResponse::None => T::RespNone,
        MemberResponse::Invited => T::Invited,
        MemberResponse::Accepted => T::Accepted,
        MemberResponse::Attended => T::Attended,
        MemberResponse::Declined => T::Declined,
    }
}

pub fn reason_kind(r: ReasonKind) -> T {
    match r {
        ReasonKind::ReinvestMaturing => T::ReasonReinvest,
        ReasonKind::IdleBalance => T::ReasonIdle,
        ReasonKind::StatedNeed => T::ReasonNeed,
        ReasonKind::PeerGap => T::ReasonPeer,
    }
}

/// A frozen reason in words, with the customer's own figure.
pub fn segment_reason(r: &SegmentReason, l: Locale) -> String {
    match *r {
        SegmentReason::Tier(t) => Msg::tier(t).text(l).to_owned(),
        SegmentReason::HoldsFamily(f) => family(f, l).to_owned(),
        SegmentReason::DepositMatures { amount, on } => match l {
            Locale::En => format!("{amount} matures on {}", i18n::date(on, l)),
            Locale::ZhCn => format!("{amount}将于{}到期", i18n::date(on, l)),
        },
        SegmentReason::Activity(a) => Msg::activity(a).text(l).to_owned(),
        SegmentReason::ChurnBand(b) => {
            format!("{} {}", T::ChurnBand.text(l), Msg::churn_band(b).text(l))
        }
        SegmentReason::ValueClass(v) => Msg::value_class(v).text(l).to_owned(),
        SegmentReason::InvitedTo(c) => match l {
            Locale::En => format!("Invited to campaign #{c}"),
            Locale::ZhCn => format!("曾受邀参加活动 #{c}"),
        },
    }
}

/// A rate in basis points as a percent with one decimal ("–" for no one).
pub fn rate(bp: Option<u32>) -> String {
    bp.map_or_else(
        || "–".to_owned(),
        |bp| format!("{}.{}%", bp / 100, bp % 100 / 10),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn every_campaign_message_differs_between_languages_and_english_is_unique() {
        let mut seen = HashSet::new();
        for t in T::ALL {
            assert_ne!(t.text(Locale::En), t.text(Locale::ZhCn), "{t:?}");
            assert!(seen.insert(t.text(Locale::En)), "{t:?} repeats");
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn rates_read_as_percent_rounded_down() {
        assert_eq!(rate(Some(3_333)), "33.3%");
        assert_eq!(rate(Some(10_000)), "100.0%");
        assert_eq!(rate(None), "–");
    }
}
