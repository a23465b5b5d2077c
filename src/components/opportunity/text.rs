//! Every string of opportunities (商机) and the pipeline, in English and zh-CN: the
//! button that opens one, the pipeline page and the home panel. Stages, lost reasons and
//! sources have exhaustive functions, so a new variant needs its words.

use crate::i18n::Locale;
use clientbook_domain::opportunity::{LostReason, OpportunitySource, OpportunityStage};

crate::i18n::message_table! {
    OpenOpportunity => "Open opportunity", "创建商机";
    Opening => "Opening…", "正在创建…";
    Opened => "Opportunity opened", "商机已创建";
    SeePipeline => "See the pipeline", "查看商机管道";
    PipelineTitle => "Pipeline", "商机管道";
    PipelineIntro => "Opportunities by stage, with the expected amounts.", "按阶段查看商机及预计金额。";
    BranchIntro => "The branch's opportunities, per relationship manager.", "本行商机，按客户经理汇总。";
    NotForRole => "The pipeline holds customer data; administrators do not see it.", "商机管道包含客户数据，系统管理员不可查看。";
    FilterFamily => "Product family", "产品类别";
    FilterTier => "Tier", "客户层级";
    FilterRm => "Relationship manager", "客户经理";
    Any => "All", "全部";
    Count => "Opportunities", "商机数";
    Expected => "Expected", "预计金额";
    Won => "Won amount", "成交金额";
    OpenAmount => "Open, expected", "进行中预计金额";
    NextStep => "Next step", "下一步";
    NextStepOverdue => "Overdue", "已逾期";
    MoveTo => "Move to", "推进到";
    MarkLost => "Mark lost", "标记为失败";
    LostReasonLabel => "Why it was lost", "失败原因";
    ConfirmProtection => "I confirm the investor protection (65+ or lowest C1) was talked through with the customer.", "我确认已与客户充分沟通投资者保护事项（65岁以上或C1最低类别）。";
    ConfirmAndMove => "Confirm and move", "确认并推进";
    Source => "Source", "来源";
    NoOpportunities => "No opportunities match.", "没有符合条件的商机。";
    OverdueTitle => "Overdue next steps", "逾期的商机跟进";
    OverdueNone => "No next step is overdue.", "没有逾期的跟进事项。";
    PerRm => "Per relationship manager", "按客户经理";
    ColRm => "RM", "客户经理姓名";
    ColOpen => "Open", "进行中";
    ColWonCount => "Won", "成交数";
    ColLostCount => "Lost", "失败数";
    BoardLabel => "Opportunities by stage", "各阶段商机";
    Cancel => "Cancel", "取消";
}

pub const fn stage(s: OpportunityStage, l: Locale) -> &'static str {
    use OpportunityStage::*;
    match (s, l) {
        (Identified, Locale::En) => "Identified",
        (Identified, Locale::ZhCn) => "已识别",
        (Proposed, Locale::En) => "Proposed",
        (Proposed, Locale::ZhCn) => "已推荐",
        (Interested, Locale::En) => "Customer interested",
        (Interested, Locale::ZhCn) => "客户有意向",
        (Won, Locale::En) => "Won",
        (Won, Locale::ZhCn) => "已成交",
        (Lost, Locale::En) => "Lost",
        (Lost, Locale::ZhCn) => "已失败",
    }
}

/// The stable name of a stage, for `data-stage` and CSS.
pub const fn stage_code(s: OpportunityStage) -> &'static str {
    use OpportunityStage::*;
    match s {
        Identified => "identified",
        Proposed => "proposed",
        Interested => "interested",
        Won => "won",
        Lost => "lost",
    }
}

pub const fn lost_reason(r: LostReason, l: Locale) -> &'static str {
    use LostReason::*;
    match (r, l) {
        (NotInterested, Locale::En) => "Not interested",
        (NotInterested, Locale::ZhCn) => "客户无兴趣",
        (ChoseCompetitor, Locale::En) => "Chose a competitor",
        (ChoseCompetitor, Locale::ZhCn) => "选择了他行产品",
        (RateNotCompetitive, Locale::En) => "Rate not competitive",
        (RateNotCompetitive, Locale::ZhCn) => "收益率缺乏竞争力",
        (NoFunds, Locale::En) => "No funds now",
        (NoFunds, Locale::ZhCn) => "暂无资金",
        (NotSuitable, Locale::En) => "Not suitable",
        (NotSuitable, Locale::ZhCn) => "产品不适合",
        (Unreachable, Locale::En) => "Could not be reached",
        (Unreachable, Locale::ZhCn) => "无法联系客户",
        (CustomerLeft, Locale::En) => "Customer left",
        (CustomerLeft, Locale::ZhCn) => "客户已流失",
        (Other, Locale::En) => "Other",
        (Other, Locale::ZhCn) => "其他原因",
    }
}

pub const fn source(s: OpportunitySource, l: Locale) -> &'static str {
    use OpportunitySource::*;
    match (s, l) {
        (Recommendation, Locale::En) => "Recommendation",
        (Recommendation, Locale::ZhCn) => "产品推荐",
        (Retention, Locale::En) => "Retention warning",
        (Retention, Locale::ZhCn) => "流失预警",
        (Maturity, Locale::En) => "Maturing deposit",
        (Maturity, Locale::ZhCn) => "存款到期",
        (Campaign, Locale::En) => "Campaign",
        (Campaign, Locale::ZhCn) => "营销活动",
        (Manual, Locale::En) => "By hand",
        (Manual, Locale::ZhCn) => "手动创建",
        (Meeting, Locale::En) => "Client meeting",
        (Meeting, Locale::ZhCn) => "客户会面",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn every_text_differs_between_the_languages_and_is_unique_in_english() {
        let mut seen = HashSet::new();
        for t in T::ALL {
            assert_ne!(t.text(Locale::En), t.text(Locale::ZhCn), "{t:?}");
            assert!(seen.insert(t.text(Locale::En)), "{t:?} repeats");
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn every_stage_reason_and_source_has_distinct_words() {
        for l in Locale::ALL {
            let s: HashSet<_> = OpportunityStage::ALL.iter().map(|v| stage(*v, l)).collect();
            assert_eq!(s.len(), OpportunityStage::ALL.len());
            let r: HashSet<_> = LostReason::ALL.iter().map(|v| lost_reason(*v, l)).collect();
            assert_eq!(r.len(), LostReason::ALL.len());
            let o: HashSet<_> = OpportunitySource::ALL
                .iter()
                .map(|v| source(*v, l))
                .collect();
            assert_eq!(o.len(), OpportunitySource::ALL.len());
        }
    }
}
