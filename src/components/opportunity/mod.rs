//! Opportunities (商机) where a customer is shown: the "Open opportunity" button that
//! turns a recommendation, a retention warning or a maturing deposit into an opportunity
//! (keeping the figures that made it), and the words of the pipeline.

pub mod requests;
pub mod text;

use crate::api::opportunities::open;
use crate::api::ApiError;
use crate::components::error_view::error_text;
use crate::i18n::Locale;
use crate::state::use_locale;
use clientbook_domain::opportunity::NewOpportunity;
use leptos::prelude::*;
use leptos_router::components::A;
use text::T;

/// A button that opens `request` as an opportunity, then links to the pipeline. Opening
/// twice from the same button is prevented; a refusal (suitability, scope) is shown in
/// the server's words.
#[component]
pub fn OpenOpportunityButton(
    /// What to open: customer, product, amount, source and its figures.
    request: NewOpportunity,
    /// `data-testid` of the button.
    #[prop(into)]
    testid: String,
) -> impl IntoView {
    let locale = use_locale();
    let action = Action::new_local(move |req: &NewOpportunity| {
        let req = req.clone();
        async move { open(&req).await }
    });
    let busy = action.pending();
    let result = action.value();
    view! {
        <div class="open-opportunity">
            {move || match result.get() {
                Some(Ok(o)) => {
                    view! {
                        <p class="opened" role="status" data-opportunity-id=o.id>
                            {move || T::Opened.text(locale.get())}
                            " · "
                            <A href="/pipeline">{move || T::SeePipeline.text(locale.get())}</A>
                        </p>
                    }
                        .into_any()
                }
                other => {
                    let request = request.clone();
                    view! {
                        <button
                            type="button"
                            class="btn btn-small"
                            data-testid=testid.clone()
                            prop:disabled=move || busy.get()
                            on:click=move |_| {
                                action.dispatch(request.clone());
                            }
                        >
                            {move || {
                                (if busy.get() { T::Opening } else { T::OpenOpportunity })
                                    .text(locale.get())
                            }}
                        </button>
                        {other
                            .and_then(Result::err)
                            .map(|e| {
                                view! {
                                    <p class="refusal" role="alert">
                                        {move || refusal_text(&e, locale.get())}
                                    </p>
                                }
                            })}
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

/// A refused write in words: the problems a 422 names (the suitability refusal says
/// why), the server's sentence of a 409, else the app's own sentence for the error.
pub fn refusal_text(e: &ApiError, locale: Locale) -> String {
    let detail = match e {
        ApiError::Validation(problems) => problems
            .iter()
            .map(|p| p.problem.clone())
            .collect::<Vec<_>>()
            .join(" "),
        ApiError::Server(m) => m.clone(),
        _ => String::new(),
    };
    match (locale, detail.is_empty()) {
        (_, true) => error_text(e, locale),
        (Locale::En, false) => detail,
        (Locale::ZhCn, false) => format!("{}（{detail}）", error_text(e, locale)),
    }
}
