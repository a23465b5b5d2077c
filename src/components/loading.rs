//! The visible loading state of anything fetched.

use crate::i18n::Msg;
use crate::state::use_locale;
use leptos::prelude::*;

#[component]
pub fn Loading() -> impl IntoView {
    let locale = use_locale();
    view! {
        <div class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            <span>{locale.t(Msg::Loading)}</span>
        </div>
    }
}
