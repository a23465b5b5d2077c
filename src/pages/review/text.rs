//! The words of the printable client review, in English and zh-CN.

crate::i18n::message_table! {
    Title => "Client review", "客户检视报告";
    PrintButton => "Print review", "打印检视报告";
    BackToCustomer => "← Back to the customer", "← 返回客户页面";
    CustomerLabel => "Customer", "客户";
    CustomerNumber => "Customer no.", "客户编号";
    PreparedBy => "Prepared by", "编制人";
    PreparedOn => "on", "日期";
    SuitabilityTitle => "Suitability statement", "适当性声明";
    AssessedLevel => "Assessed risk level", "风险承受等级";
    NotAssessed => "not assessed", "未评估";
    QuestionnaireDate => "Risk questionnaire of", "风险测评日期";
    QuestionnaireValid => "The questionnaire is valid.", "风险测评在有效期内。";
    QuestionnaireNotValid => "The questionnaire is missing or expired: only the lowest-risk (R1) products may be offered until it is renewed.", "风险测评缺失或已过期：在重新测评前仅可提供最低风险（R1）产品。";
    HighestRisk => "Highest product risk that may be offered", "可提供产品的最高风险等级";
    ProtectedNote => "Protected customer: any product above R1 is discussed with the customer before it is offered.", "受保护客户：任何高于R1的产品须先与客户沟通。";
    Disclaimer => "This review describes the customer's holdings with the bank on the date above. Wealth-management products are not deposits; investment involves risk.", "本报告反映上述日期客户在本行的持有情况。理财非存款，投资有风险。";
    RecommendationsTitle => "Suitable products", "适合的产品";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;
    use std::collections::HashSet;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn every_key_differs_between_english_and_chinese_and_no_english_repeats() {
        let mut seen = HashSet::new();
        for t in T::ALL {
            assert_ne!(t.text(Locale::En), t.text(Locale::ZhCn), "{t:?}");
            assert!(seen.insert(t.text(Locale::En)), "{t:?} repeats");
        }
    }
}
