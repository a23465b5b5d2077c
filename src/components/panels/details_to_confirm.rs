//! Home's count of customers with contact details to confirm (docs/rules.md, Stale
//! fields), from `GET /api/stale-fields/summary`: the server counts the whole scope with
//! the domain's rule; the book does not carry the confirmation dates.

use crate::api::household::stale_summary;
use crate::api::ApiError;
use crate::components::{BoundaryErrors, Loading};
use crate::i18n::{self, Msg};
use crate::state::use_locale;
use leptos::prelude::*;
use std::future::IntoFuture;

#[component]
pub fn DetailsToConfirm() -> impl IntoView {
    let locale = use_locale();
    let data = LocalResource::new(stale_summary);
    let retry = Callback::new(move |()| data.refetch());
    view! {
        <section class="panel details-to-confirm" aria-labelledby="confirm-title" data-testid="details-to-confirm">
            <h2 id="confirm-title">{locale.t(Msg::DetailsToConfirm)}</h2>
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=move |errors| view! { <BoundaryErrors errors on_retry=retry /> }>
                    {move || Suspend::new({ let data = data.into_future(); async move {
                        let s = data.await?;
                        Ok::<_, ApiError>(view! {
                            <p>
                                <strong data-testid="details-to-confirm-count">
                                    {move || i18n::customer_count(s.customers as usize, locale.get())}
                                </strong>
                                " · "
                                {move || i18n::fields_to_confirm(s.fields as usize, locale.get())}
                            </p>
                            <p class="muted">{locale.t(Msg::DetailsToConfirmHint)}</p>
                        })
                    }})}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}
