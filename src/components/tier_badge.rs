//! The asset-tier badge (按资产分层) shown wherever a customer appears.

use crate::i18n::Msg;
use crate::state::use_locale;
use clientbook_domain::Tier;
use leptos::prelude::*;

/// The stable, language-independent name of a tier, for `data-tier` and CSS.
pub const fn tier_code(tier: Tier) -> &'static str {
    match tier {
        Tier::PrivateBanking => "PrivateBanking",
        Tier::Diamond => "Diamond",
        Tier::Platinum => "Platinum",
        Tier::Gold => "Gold",
        Tier::Standard => "Standard",
    }
}

pub const fn tier_class(tier: Tier) -> &'static str {
    match tier {
        Tier::PrivateBanking => "tier-badge tier-private",
        Tier::Diamond => "tier-badge tier-diamond",
        Tier::Platinum => "tier-badge tier-platinum",
        Tier::Gold => "tier-badge tier-gold",
        Tier::Standard => "tier-badge tier-standard",
    }
}

/// A coloured badge naming the tier in the current language.
#[component]
pub fn TierBadge(
    /// The tier to show.
    #[prop(into)]
    tier: Signal<Tier>,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <span
            class=move || tier_class(tier.get())
            data-tier=move || tier_code(tier.get())
        >
            {move || Msg::tier(tier.get()).text(locale.get())}
        </span>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::state::provide_locale_context;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn a_badge_carries_its_tier_for_tests_and_styles() {
        let host = document().create_element("div").unwrap();
        document().body().unwrap().append_child(&host).unwrap();
        let tier = RwSignal::new(Tier::Gold);
        let _mounted = leptos::mount::mount_to(host.clone().unchecked_into(), move || {
            provide_locale_context();
            view! { <TierBadge tier /> }
        });
        let badge = host.query_selector("[data-tier]").unwrap().unwrap();
        assert_eq!(badge.get_attribute("data-tier").as_deref(), Some("Gold"));
        assert!(badge.class_name().contains("tier-gold"));
        assert!(!badge.text_content().unwrap_or_default().is_empty());
        host.remove();
    }

    #[wasm_bindgen_test]
    fn every_tier_has_its_own_code_and_class() {
        let codes: std::collections::HashSet<_> = Tier::ALL.into_iter().map(tier_code).collect();
        let classes: std::collections::HashSet<_> = Tier::ALL.into_iter().map(tier_class).collect();
        assert_eq!(codes.len(), Tier::ALL.len());
        assert_eq!(classes.len(), Tier::ALL.len());
    }
}
