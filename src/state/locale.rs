//! The UI language: chosen from the header at any time, remembered in localStorage,
//! mirrored into `<html lang>`.

use crate::i18n::{Locale, Msg};
use leptos::prelude::*;

const STORAGE_KEY: &str = "clientbook.locale";

/// The current language and the way to change it.
#[derive(Clone, Copy, Debug)]
pub struct LocaleContext(RwSignal<Locale>);

impl LocaleContext {
    /// The current language (tracked).
    pub fn get(self) -> Locale {
        self.0.get()
    }

    /// The current language, untracked: for event handlers.
    pub fn get_untracked(self) -> Locale {
        self.0.get_untracked()
    }

    pub fn set(self, locale: Locale) {
        self.0.set(locale);
    }

    /// Switch to the other language.
    pub fn toggle(self) {
        self.0.update(|l| *l = l.other());
    }

    /// A reactive closure giving `msg` in the current language, for use in views.
    pub fn t(self, msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || msg.text(self.0.get())
    }

    /// `msg` in the current language, untracked: for one-off strings in event handlers.
    pub fn text_now(self, msg: Msg) -> &'static str {
        msg.text(self.0.get_untracked())
    }
}

/// Reads the remembered language (else the browser's), provides it, and keeps storage
/// and `<html lang>` in step with it.
pub fn provide_locale_context() -> LocaleContext {
    let initial = stored_locale().or_else(browser_locale).unwrap_or_default();
    let ctx = LocaleContext(RwSignal::new(initial));
    Effect::new(move |_| {
        let locale = ctx.get();
        remember(locale);
        set_document_lang(locale);
    });
    provide_context(ctx);
    APP_LOCALE.with(|app| app.set(Some(ctx)));
    ctx
}

thread_local! {
    /// The one language of the app, for code that runs after its owner was disposed.
    static APP_LOCALE: std::cell::Cell<Option<LocaleContext>> = const { std::cell::Cell::new(None) };
}

/// The app's language. From the context where there is one; else the app's own (a view
/// finishing after its page was left, e.g. while signing out, has no owner to ask and
/// panicked with "expected context of type LocaleContext" under load).
pub fn use_locale() -> LocaleContext {
    use_context::<LocaleContext>()
        .or_else(|| APP_LOCALE.with(std::cell::Cell::get))
        .expect("the locale is provided at the app's root")
}

fn stored_locale() -> Option<Locale> {
    let storage = window().local_storage().ok().flatten()?;
    let tag = storage.get_item(STORAGE_KEY).ok().flatten()?;
    Locale::from_tag(&tag)
}

/// Chinese when the browser prefers it, else none (English is the default).
fn browser_locale() -> Option<Locale> {
    let lang = window().navigator().language()?;
    lang.to_ascii_lowercase()
        .starts_with("zh")
        .then_some(Locale::ZhCn)
}

fn remember(locale: Locale) {
    if let Some(storage) = window().local_storage().ok().flatten() {
        // Storage may be full or disabled (private mode): the choice then lasts the visit.
        let _ = storage.set_item(STORAGE_KEY, locale.tag());
    }
}

fn set_document_lang(locale: Locale) {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", locale.tag());
    }
    document().set_title(Msg::AppName.text(locale));
}
