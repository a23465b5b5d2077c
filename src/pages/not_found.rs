//! Any address the router does not know.

use crate::i18n::Msg;
use crate::state::use_locale;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let locale = use_locale();
    view! {
        <section class="page narrow-page" aria-labelledby="not-found-title">
            <h1 id="not-found-title">{locale.t(Msg::NotFoundTitle)}</h1>
            <p>{locale.t(Msg::NotFoundBody)}</p>
            <p>
                <A href="/" attr:class="btn">
                    {locale.t(Msg::BackToBook)}
                </A>
            </p>
        </section>
    }
}
