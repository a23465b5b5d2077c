//! Every user-visible string of the app, in one typed table.
//!
//! A message is a [`Msg`] key; [`Msg::text`] gives its words in a [`Locale`]. The table is
//! written with one macro so that adding a key without both translations does not compile.
//! Counts and other strings with figures have their own small functions below.

use clientbook_domain::Tier;

/// The languages of the UI.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    #[default]
    En,
    ZhCn,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::ZhCn];

    /// The BCP 47 tag for `<html lang>` and for storage.
    pub const fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhCn => "zh-CN",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Locale> {
        Self::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(tag.trim()))
    }

    /// The other language, for the header's switch.
    pub const fn other(self) -> Locale {
        match self {
            Locale::En => Locale::ZhCn,
            Locale::ZhCn => Locale::En,
        }
    }

    /// The name of this language, written in itself ("中文", "English").
    pub const fn endonym(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::ZhCn => "中文",
        }
    }
}

macro_rules! messages {
    ($($(#[$m:meta])* $key:ident => $en:literal, $zh:literal;)+) => {
        /// A key of the message table.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Msg {
            $($(#[$m])* $key,)+
        }

        impl Msg {
            /// Every key, for completeness tests.
            pub const ALL: &'static [Msg] = &[$(Msg::$key,)+];

            /// The words of this message in `locale`.
            pub const fn text(self, locale: Locale) -> &'static str {
                match locale {
                    Locale::En => match self { $(Msg::$key => $en,)+ },
                    Locale::ZhCn => match self { $(Msg::$key => $zh,)+ },
                }
            }
        }
    };
}

messages! {
    AppName => "Clientbook", "Clientbook";
    SkipToContent => "Skip to content", "跳到主要内容";
    // Sign-in
    SignInTitle => "Sign in to Clientbook", "登录 Clientbook";
    SignInIntro => "Use your staff account.", "请使用员工账号登录。";
    Username => "Username", "用户名";
    Password => "Password", "密码";
    SignIn => "Sign in", "登录";
    SigningIn => "Signing in…", "正在登录…";
    WrongCredentials => "Wrong username or password.", "用户名或密码错误。";
    AccountLocked => "This account is locked.", "该账号已被锁定。";
    FillBothFields => "Enter your username and password.", "请输入用户名和密码。";
    SignOut => "Sign out", "退出登录";
    SignedInAs => "Signed in as", "当前用户";
    SwitchLanguage => "Switch language", "切换语言";
    // Book
    MyBook => "My book", "我的客户";
    DataAsOf => "Data as of", "数据日期";
    Search => "Search", "搜索";
    SearchPlaceholder => "Name or last digits of phone", "姓名或手机尾号";
    ColName => "Name", "姓名";
    ColTier => "Tier", "等级";
    ColAum => "AUM", "资产(AUM)";
    ColLastContact => "Last contact", "最近联系";
    ColRisk => "Risk level", "风险等级";
    SortBy => "Sort by", "排序";
    NeverContacted => "Never", "从未联系";
    NotAssessed => "Not assessed", "未评估";
    EmptyBook => "Your book has no customers yet.", "您名下暂无客户。";
    NoMatch => "No customer matches this search.", "没有符合搜索条件的客户。";
    BookTableLabel => "Customers of my book", "我的客户列表";
    // Tiers
    TierPrivateBanking => "Private banking", "私人银行";
    TierDiamond => "Diamond", "钻石";
    TierPlatinum => "Platinum", "白金";
    TierGold => "Gold", "金卡";
    TierStandard => "Standard", "普通";
    // States and errors
    Loading => "Loading…", "加载中…";
    TryAgain => "Try again", "重试";
    ErrorTitle => "Something went wrong", "出现问题";
    ErrorNetwork => "The server could not be reached. Check your connection and try again.", "无法连接服务器，请检查网络后重试。";
    ErrorServer => "The server could not complete the request.", "服务器未能完成请求。";
    ErrorSessionExpired => "Your session has ended. Please sign in again.", "登录已失效，请重新登录。";
    ErrorForbidden => "You are not allowed to see this.", "您无权查看此内容。";
    ErrorValidation => "Some fields need attention.", "部分内容需要修改。";
    NotFoundTitle => "Page not found", "页面不存在";
    NotFoundBody => "There is no page at this address.", "此地址没有对应的页面。";
    BackToBook => "Back to my book", "返回我的客户";
}

impl Msg {
    /// The label of an asset tier.
    pub const fn tier(tier: Tier) -> Msg {
        match tier {
            Tier::PrivateBanking => Msg::TierPrivateBanking,
            Tier::Diamond => Msg::TierDiamond,
            Tier::Platinum => Msg::TierPlatinum,
            Tier::Gold => Msg::TierGold,
            Tier::Standard => Msg::TierStandard,
        }
    }
}

/// "1 customer", "250 customers", "250 位客户".
pub fn customer_count(n: usize, locale: Locale) -> String {
    match locale {
        Locale::En if n == 1 => "1 customer".to_owned(),
        Locale::En => format!("{n} customers"),
        Locale::ZhCn => format!("{n} 位客户"),
    }
}

/// "Showing 12 of 250", shown while a search narrows the book.
pub fn showing_of(shown: usize, total: usize, locale: Locale) -> String {
    match locale {
        Locale::En => format!("Showing {shown} of {total}"),
        Locale::ZhCn => format!("显示 {shown} / {total}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn every_message_has_words_in_every_locale() {
        for locale in Locale::ALL {
            for msg in Msg::ALL {
                assert!(!msg.text(locale).trim().is_empty(), "{msg:?} in {locale:?}");
            }
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn chinese_differs_from_english_except_for_the_product_name() {
        for msg in Msg::ALL {
            if *msg != Msg::AppName {
                assert_ne!(msg.text(Locale::En), msg.text(Locale::ZhCn), "{msg:?}");
            }
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn no_two_keys_share_english_words() {
        let mut seen = HashSet::new();
        for msg in Msg::ALL {
            assert!(seen.insert(msg.text(Locale::En)), "{msg:?} repeats");
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn locale_tags_round_trip() {
        for locale in Locale::ALL {
            assert_eq!(Locale::from_tag(locale.tag()), Some(locale));
        }
        assert_eq!(Locale::from_tag("fr"), None);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn counts_read_naturally() {
        assert_eq!(customer_count(1, Locale::En), "1 customer");
        assert_eq!(customer_count(250, Locale::En), "250 customers");
        assert_eq!(customer_count(250, Locale::ZhCn), "250 位客户");
    }
}
