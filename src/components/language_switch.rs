//! The header's language switch: a button naming the other language in itself.

use crate::i18n::Msg;
use crate::state::use_locale;
use leptos::prelude::*;

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let locale = use_locale();
    view! {
        <button
            type="button"
            class="btn btn-quiet lang-switch"
            title=locale.t(Msg::SwitchLanguage)
            lang=move || locale.get().other().tag()
            on:click=move |_| locale.toggle()
        >
            {move || locale.get().other().endonym()}
        </button>
    }
}
