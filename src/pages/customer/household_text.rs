//! The words of the customer page's household (家庭) and stale-field sections, in
//! English and zh-CN (one macro: a key without both translations does not compile).

use clientbook_domain::api::HouseholdRole;
use clientbook_domain::stale::ContactField;

crate::i18n::message_table! {
    // Household
    Title => "Household", "家庭";
    NoHousehold => "Not in a household yet.", "尚未加入家庭。";
    MembersLabel => "Members", "成员";
    ThisCustomer => "this customer", "本客户";
    OtherMember => "Another member (not in your book)", "另一位成员（不在您的客户名下）";
    CombinedAum => "Combined AUM", "家庭合计资产";
    HouseholdTier => "Household tier", "家庭等级";
    OwnTier => "Own tier", "个人等级";
    CombinedAllocation => "Combined allocation", "家庭合计资产配置";
    OthersNotCounted => "Combined figures count only the members in your book; other members' assets are not shown.", "合计数只包含您名下的成员，其他成员的资产不予显示。";
    RemoveMember => "Remove", "移出";
    ShowInList => "Show this household in the customer list", "在客户列表中查看此家庭";
    AddMember => "Add a member", "添加成员";
    FindCustomer => "Find a customer in your book (phone or ID digits, or name)", "在您的客户中查找（手机号或证件号尾数，或姓名）";
    RoleLabel => "Role", "关系";
    AddButton => "Add", "添加";
    NoMatches => "No customer of your book outside a household matches.", "您名下没有符合条件且未加入家庭的客户。";
    Refused => "This customer cannot be added: they may be in another household already.", "无法添加该客户：其可能已属于其他家庭。";
    ChangedMeanwhile => "Someone changed this household meanwhile: here it is as it is now. Try again.", "此家庭已被他人修改，已显示最新情况，请重试。";
    MemberAdded => "Member added to the household.", "已添加家庭成员。";
    MemberRemoved => "Member removed from the household.", "已移出家庭成员。";
    RoleHead => "Head", "户主";
    RoleSpouse => "Spouse", "配偶";
    RoleParent => "Parent", "父母";
    RoleChild => "Child", "子女";
    RoleOther => "Other relative", "其他亲属";
    // Stale fields
    StaleTitle => "Details to confirm", "待确认资料";
    StaleNone => "All contact details were confirmed recently.", "联系资料均已近期确认。";
    StaleIntro => "Not confirmed within the bank's period: confirm each as it is, or update it.", "以下资料超过银行规定期限未确认：请逐项确认或更新。";
    LastConfirmed => "last confirmed", "上次确认";
    Confirm => "Confirm", "确认";
    ConfirmAll => "Confirm all", "全部确认";
    Confirmed => "Details confirmed.", "资料已确认。";
    FieldPhone => "Mobile number", "手机号码";
    FieldAddress => "Home address", "家庭住址";
    FieldOccupation => "Occupation", "职业";
    FieldEmployer => "Employer", "工作单位";
    FieldIncomeBand => "Income band", "收入区间";
    FieldEmail => "Email address", "电子邮箱";
}

pub const fn role(r: HouseholdRole) -> T {
    match r {
        HouseholdRole::Head => T::RoleHead,
        HouseholdRole::Spouse => T::RoleSpouse,
        HouseholdRole::Parent => T::RoleParent,
        HouseholdRole::Child => T::RoleChild,
        HouseholdRole::Other => T::RoleOther,
    }
}

pub const fn field(f: ContactField) -> T {
    match f {
        ContactField::Phone => T::FieldPhone,
        ContactField::Address => T::FieldAddress,
        ContactField::Occupation => T::FieldOccupation,
        ContactField::Employer => T::FieldEmployer,
        ContactField::IncomeBand => T::FieldIncomeBand,
        ContactField::Email => T::FieldEmail,
    }
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
