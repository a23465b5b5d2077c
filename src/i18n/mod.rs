//! Every user-visible string of the app, in typed tables.
//!
//! A message is a [`Msg`] key; [`Msg::text`] gives its words in a [`Locale`]. The table
//! (`messages.rs`) is written with one macro so that adding a key without both
//! translations does not compile; `labels.rs` names the domain's enums with keys of it;
//! counts, dates and other strings with figures are functions in `figures.rs`. A screen
//! with many words of its own keeps them in its own table ([`message_table!`]).

mod figures;
mod labels;
mod messages;

pub use figures::*;
pub use messages::Msg;

use clientbook_domain::Lang;

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

impl Locale {
    /// The domain crate's language for sentences it renders (churn factors, actions).
    pub const fn lang(self) -> Lang {
        match self {
            Locale::En => Lang::En,
            Locale::ZhCn => Lang::ZhCn,
        }
    }
}

/// A screen's own message table: `message_table! { Key => "English", "中文"; … }` makes an
/// enum `T` of the keys with `T::ALL` and `T::text(locale)`. One line per key holds both
/// languages, so a key without its translation does not compile.
macro_rules! message_table {
    ($($key:ident => $en:literal, $zh:literal;)+) => {
        /// A key of this screen's message table.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum T {
            $($key,)+
        }

        impl T {
            /// Every key, for completeness tests.
            pub const ALL: &'static [T] = &[$(T::$key,)+];

            /// The words of this message in `locale`.
            pub const fn text(self, locale: $crate::i18n::Locale) -> &'static str {
                match locale {
                    $crate::i18n::Locale::En => match self { $(T::$key => $en,)+ },
                    $crate::i18n::Locale::ZhCn => match self { $(T::$key => $zh,)+ },
                }
            }
        }
    };
}
pub(crate) use message_table;

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn locale_tags_round_trip() {
        for locale in Locale::ALL {
            assert_eq!(Locale::from_tag(locale.tag()), Some(locale));
        }
        assert_eq!(Locale::from_tag("fr"), None);
    }
}
