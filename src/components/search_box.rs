//! A labelled search field; the caller filters on every keystroke.

use crate::i18n::Msg;
use crate::state::use_locale;
use leptos::prelude::*;

#[component]
pub fn SearchBox(
    /// The text typed so far.
    query: RwSignal<String>,
    /// The input's id, which its label points at.
    #[prop(into)]
    id: Oco<'static, str>,
    /// The label (visible) and the hint inside the empty field.
    label: Msg,
    placeholder: Msg,
) -> impl IntoView {
    let locale = use_locale();
    let for_id = id.clone();
    view! {
        <div class="search-box">
            <label for=for_id>{locale.t(label)}</label>
            <input
                id=id
                type="search"
                autocomplete="off"
                spellcheck="false"
                placeholder=locale.t(placeholder)
                bind:value=query
            />
        </div>
    }
}
