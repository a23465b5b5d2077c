//! What suits the client: the recommendations within their level, each with its reason
//! in plain words and the product's risk beside the client's level. Every product on
//! this screen is recorded as shown (the server's time). A product the client asks
//! about that is above their level gets the risk warning, whose acknowledgement is
//! recorded; it is never offered.

use super::text::{self, T};
use super::{product_label, tr, use_meeting, Meeting};
use crate::api::meeting as mapi;
use crate::components::{labels, TextField};
use crate::i18n::Locale;
use crate::state::use_locale;
use clientbook_domain::recommend::{need_label, RecommendationReason};
use clientbook_domain::{Product, ProductId};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The reason in the client's words (no tier, no score).
pub fn reason_words(r: RecommendationReason, l: Locale) -> String {
    match (r, l) {
        (
            RecommendationReason::ReinvestMaturing {
                amount, matures_on, ..
            },
            Locale::En,
        ) => {
            format!("{amount} of yours matures on {matures_on}: this keeps it working.")
        }
        (
            RecommendationReason::ReinvestMaturing {
                amount, matures_on, ..
            },
            Locale::ZhCn,
        ) => {
            format!("您有 {amount} 将于 {matures_on} 到期，可继续增值。")
        }
        (RecommendationReason::IdleBalance { amount }, Locale::En) => {
            format!("{amount} is sitting in your current account earning little.")
        }
        (RecommendationReason::IdleBalance { amount }, Locale::ZhCn) => {
            format!("您的活期账户中有 {amount} 收益较低。")
        }
        (RecommendationReason::StatedNeed { need }, Locale::En) => {
            format!(
                "You told us you are looking for {}.",
                need_label(need, clientbook_domain::Lang::En)
            )
        }
        (RecommendationReason::StatedNeed { need }, Locale::ZhCn) => {
            format!(
                "您告诉我们您需要{}。",
                need_label(need, clientbook_domain::Lang::ZhCn)
            )
        }
        (RecommendationReason::PeerGap { .. }, Locale::En) => {
            "Many clients with assets like yours hold this kind of product.".to_owned()
        }
        (RecommendationReason::PeerGap { .. }, Locale::ZhCn) => {
            "与您资产相近的许多客户持有此类产品。".to_owned()
        }
    }
}

/// Record `id` as shown, once per meeting.
fn record_shown(m: &Meeting, id: ProductId) {
    if m.shown
        .with_untracked(|s| s.iter().any(|p| p.product_id == id))
    {
        return;
    }
    let shown = m.shown;
    spawn_local(async move {
        if let Ok(s) = mapi::shown(id).await {
            shown.update(|v| v.push(s));
        }
    });
}

#[component]
pub fn ProductsScreen() -> impl IntoView {
    let m = use_meeting();
    for r in m.recommendations.iter() {
        record_shown(&m, r.product_id);
    }
    let recs = m.recommendations.clone();
    view! {
        <div class="mt-grid" data-testid="mt-products">
            {if recs.is_empty() {
                view! { <p class="mt-card">{tr(T::NoRecommendations)}</p> }.into_any()
            } else {
                recs.iter()
                    .filter_map(|r| m.product(r.product_id).cloned().map(|p| (p, Some(r.reason))))
                    .map(|(p, reason)| view! { <ProductCard product=p reason /> })
                    .collect_view()
                    .into_any()
            }}
            <AskAbout />
        </div>
    }
}

#[component]
fn ProductCard(product: Product, reason: Option<RecommendationReason>) -> impl IntoView {
    let m = use_meeting();
    let locale = use_locale();
    let id = product.id;
    let interest = m.interest;
    let level = m
        .profile
        .questionnaire
        .is_valid()
        .then_some(m.profile.level)
        .flatten();
    let m2 = m.clone();
    let p = product.clone();
    view! {
        <article class="mt-card mt-product" data-testid="mt-product">
            <h2>{move || product_label(&p, locale.get())}</h2>
            <p class="mt-family">{move || labels::family(product.family, locale.get())}</p>
            {reason.map(|r| view! { <p>{move || reason_words(r, locale.get())}</p> })}
            <p class="mt-risks">
                <span class="mt-risk">{tr(T::ProductRiskLabel)} ": " <strong>{text::risk(product.risk)}</strong></span>
                <span class="mt-risk">
                    {tr(T::YourLevel)} ": "
                    <strong>{level.map(text::level).unwrap_or_else(|| "—".to_owned())}</strong>
                </span>
            </p>
            <button
                type="button"
                class="btn mt-touch"
                class:btn-primary=move || interest.with(|v| !v.contains(&id))
                aria-pressed=move || interest.with(|v| v.contains(&id)).to_string()
                on:click=move |_| m2.toggle_interest(id)
            >
                {move || {
                    if interest.with(|v| v.contains(&id)) {
                        tr(T::InterestNoted)()
                    } else {
                        tr(T::Interested)()
                    }
                }}
            </button>
        </article>
    }
}

/// The client asks about a product by its code.
#[component]
fn AskAbout() -> impl IntoView {
    let m = use_meeting();
    let locale = use_locale();
    let code = RwSignal::new(String::new());
    let found = RwSignal::new(None::<Result<Product, ()>>);
    let look_up = {
        let m = m.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let c = code.get_untracked();
            let p = m
                .view
                .shelf
                .iter()
                .find(|p| p.code.eq_ignore_ascii_case(c.trim()))
                .cloned();
            if let Some(p) = &p {
                if m.profile.allows(p.risk) {
                    record_shown(&m, p.id);
                }
            }
            found.set(Some(p.ok_or(())));
        }
    };
    let warnings = m.warnings;
    let warn = Action::new_local(|id: &ProductId| mapi::warning(*id));
    Effect::new(move |_| {
        if let Some(Ok(a)) = warn.value().get() {
            warnings.update(|v| v.push(a));
        }
    });
    let profile = m.profile;
    view! {
        <section class="mt-card mt-ask">
            <h2>{tr(T::AskAbout)}</h2>
            <form class="mt-ask-form" on:submit=look_up>
                <TextField id="mt-code" label=Signal::derive(move || tr(T::ProductCode)().to_owned()) value=code />
                <button type="submit" class="btn mt-touch">{tr(T::LookUp)}</button>
            </form>
            {move || match found.get() {
                None => ().into_any(),
                Some(Err(())) => view! { <p role="alert">{tr(T::UnknownProduct)}</p> }.into_any(),
                Some(Ok(p)) if profile.allows(p.risk) => {
                    view! {
                        <p>{tr(T::WithinLevel)}</p>
                        <ProductCard product=p reason=None />
                    }
                        .into_any()
                }
                Some(Ok(p)) => {
                    let id = p.id;
                    let done = move || warnings.with(|w| w.iter().any(|a| a.product_id == id));
                    view! {
                        <div class="mt-warning" role="alert" data-testid="mt-warning">
                            <p>
                                {move || text::risk_warning(
                                    &product_label(&p, locale.get()),
                                    p.risk,
                                    profile.max_risk,
                                    locale.get(),
                                )}
                            </p>
                            <button
                                type="button"
                                class="btn btn-primary mt-touch"
                                disabled=move || done() || warn.pending().get()
                                on:click=move |_| {
                                    warn.dispatch(id);
                                }
                            >
                                {move || if done() { tr(T::Acknowledged)() } else { tr(T::Acknowledge)() }}
                            </button>
                        </div>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
