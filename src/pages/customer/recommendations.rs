//! Recommended products, each with its reason and its suitability statement; a protected
//! customer's product beyond R1 asks the advisor to confirm the flag was discussed.

use super::text::{lang, T};
use super::{product_name, tr, Loaded};
use crate::components::opportunity::{requests, OpenOpportunityButton};
use crate::components::MoneyAmount;
use crate::i18n::Locale;
use crate::state::{use_locale, use_session};
use clientbook_domain::api::Role;
use clientbook_domain::measures::{ReasonKind, ShownBatch, ShownRecommendation};
use clientbook_domain::recommend::Recommendation;
use clientbook_domain::suitability::{Protection, SuitabilityStatement};
use clientbook_domain::{CustomerId, Money, Product};
use leptos::prelude::*;
use std::sync::Arc;

/// The suitability statement in words: levels, questionnaire and protection.
pub fn suitability_words(s: &SuitabilityStatement, locale: Locale) -> String {
    let level = s.customer_level.map(|l| l.code()).unwrap_or("—");
    let mut parts = vec![format!(
        "{} {level} · {} {}",
        T::CustomerLevel.text(locale),
        T::ProductRiskWord.text(locale),
        s.product_risk.code()
    )];
    if let Some(on) = s.assessed_on {
        parts.push(format!("{} {on}", T::QuestionnaireOn.text(locale)));
    }
    parts.push(
        if s.questionnaire_valid {
            T::SuitabilityOk
        } else {
            T::SuitabilityExpired
        }
        .text(locale)
        .to_owned(),
    );
    match s.protection {
        Some(Protection::Age { .. }) => parts.push(T::ProtectedAge.text(locale).to_owned()),
        Some(Protection::LowestSubcategory) => {
            parts.push(T::ProtectedLowest.text(locale).to_owned())
        }
        None => {}
    }
    parts.join(" · ")
}

#[component]
pub fn RecommendationsSection(loaded: Arc<Loaded>) -> impl IntoView {
    record_shown(&loaded);
    let recs = Signal::stored(loaded.scores.recommendations.to_vec());
    let shelf = Arc::clone(&loaded.shelf);
    view! {
        <section class="cv-card" id="cv-recs" aria-labelledby="cv-recs-title">
            <h2 id="cv-recs-title">{tr(T::Recommendations)}</h2>
            <RecommendationList
                recs
                shelf
                testid="recommendations"
                confirm=true
                customer=loaded.detail.customer.id
            />
        </section>
    }
}

/// Tell the server which recommendations were shown (docs/rules.md, Measuring the
/// rules): once per page view, deduplicated there per customer, product and day. Only
/// roles that work customers record; a failure costs the figures one view, never the page.
fn record_shown(loaded: &Loaded) {
    let writes = use_session()
        .user()
        .is_some_and(|me| matches!(me.role, Role::RelationshipManager | Role::BranchManager));
    if !writes || loaded.scores.recommendations.is_empty() {
        return;
    }
    let customer_id = loaded.scores.id;
    let batch = ShownBatch {
        recommendations: loaded
            .scores
            .recommendations
            .iter()
            .map(|r| ShownRecommendation {
                customer_id,
                product_id: r.product_id,
                family: r.family,
                reason: ReasonKind::of(&r.reason),
            })
            .collect(),
        retention: Vec::new(),
    };
    let send = Action::new_local(|b: &ShownBatch| {
        let b = b.clone();
        async move { crate::api::campaigns::record_shown(&b).await }
    });
    send.dispatch(batch);
}

/// A list of recommendations (the page's, or the what-if's).
#[component]
pub fn RecommendationList(
    #[prop(into)] recs: Signal<Vec<Recommendation>>,
    shelf: Arc<Vec<Product>>,
    /// Offer the advisor's confirmation checkbox where required.
    confirm: bool,
    #[prop(into)] testid: String,
    /// Offer "Open opportunity" for this customer (the page's own list).
    #[prop(optional)]
    customer: Option<CustomerId>,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <Show
            when=move || recs.with(|r| !r.is_empty())
            fallback=|| view! { <p class="muted">{tr(T::NoRecommendations)}</p> }
        >
            <ol class="cv-recs" data-testid=testid.clone()>
                {
                    let shelf = Arc::clone(&shelf);
                    move || {
                        recs.get()
                            .into_iter()
                            .map(|r| {
                                let shelf = Arc::clone(&shelf);
                                view! { <RecItem rec=r shelf confirm locale customer /> }
                            })
                            .collect_view()
                    }
                }
            </ol>
        </Show>
    }
}

#[component]
fn RecItem(
    rec: Recommendation,
    shelf: Arc<Vec<Product>>,
    confirm: bool,
    locale: crate::state::LocaleContext,
    customer: Option<CustomerId>,
) -> impl IntoView {
    let min = shelf
        .iter()
        .find(|p| p.id == rec.product_id)
        .map(|p| p.min_amount)
        .unwrap_or(Money::ZERO);
    let name = {
        let shelf = Arc::clone(&shelf);
        move || product_name(&shelf, rec.product_id, locale.get())
    };
    let confirmed = RwSignal::new(false);
    let box_id = format!("cv-confirm-{}", rec.product_id);
    let needs = rec.advisor_confirmation_required;
    view! {
        <li class="cv-rec" data-product=rec.product_id.to_string()>
            <div class="cv-rec-head">
                <strong>{name}</strong>
                <span class="cv-chip">{rec.risk.code()}</span>
                <span class="muted cv-small">
                    {tr(T::MinAmount)} " " <MoneyAmount amount=Signal::stored(min) />
                </span>
            </div>
            <p>
                <span class="cv-label">{tr(T::Reason)} ": "</span>
                {move || rec.reason.sentence(lang(locale.get()))}
            </p>
            <p class="cv-suitability">
                <span class="cv-label">{tr(T::Suitability)} ": "</span>
                {move || suitability_words(&rec.suitability, locale.get())}
            </p>
            {(needs && confirm)
                .then(|| {
                    view! {
                        <div class="cv-confirm" class:cv-confirmed=move || confirmed.get()>
                            <input
                                type="checkbox"
                                id=box_id.clone()
                                prop:checked=move || confirmed.get()
                                on:change=move |ev| confirmed.set(event_target_checked(&ev))
                            />
                            <label for=box_id.clone()>{tr(T::ConfirmDiscussed)}</label>
                        </div>
                    }
                })}
            {(needs && !confirm).then(|| view! { <p class="cv-warning">{tr(T::ConfirmNeeded)}</p> })}
            {customer
                .map(|c| {
                    let request = requests::from_recommendation(c, &rec, min);
                    view! { <OpenOpportunityButton request testid="open-opportunity" /> }
                })}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clientbook_domain::{ProductRisk, RiskLevel};

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_statement_names_both_levels_and_the_protection() {
        let s = SuitabilityStatement {
            customer_level: Some(RiskLevel::C3),
            product_risk: ProductRisk::R2,
            assessed_on: None,
            questionnaire_valid: true,
            protection: Some(Protection::Age { age: 70 }),
            advisor_confirmation_required: true,
        };
        let en = suitability_words(&s, Locale::En);
        assert!(en.contains("C3") && en.contains("R2") && en.contains("65"));
        let zh = suitability_words(&s, Locale::ZhCn);
        assert!(zh.contains("受保护"));
    }
}
