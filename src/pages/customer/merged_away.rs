//! What the customer page shows at the address of a customer retired by a merge
//! (docs/rules.md, Merging customers): where it went, with a link there. The server names
//! the survivor only when the user may see it; otherwise the page says "not found".

use super::text::T;
use super::tr;
use clientbook_domain::customer_merge::MergedInto;
use leptos::prelude::*;
use leptos_router::components::A;

/// "Survivor's masked name (customer number)", or the name alone.
fn survivor_label(into: &MergedInto) -> String {
    match &into.customer_no {
        Some(no) => format!("{} ({no})", into.name),
        None => into.name.clone(),
    }
}

#[component]
pub fn MergedAway(into: MergedInto) -> impl IntoView {
    let href = format!("/customers/{}", into.id);
    view! {
        <div class="cv-not-found cv-merged" data-testid="customer-merged" data-survivor=into.id>
            <h1 id="cv-title">{tr(T::MergedTitle)}</h1>
            <p data-testid="customer-merged-into">
                {tr(T::MergedInto)} " " <strong>{survivor_label(&into)}</strong>
            </p>
            <p>{tr(T::MergedHistory)}</p>
            <p>
                <A href=href attr:data-testid="customer-merged-link">{tr(T::OpenSurvivor)}</A>
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_survivor_is_named_by_masked_name_and_customer_number() {
        let mut into = MergedInto {
            id: 7,
            customer_no: Some("C001".into()),
            name: "张*".into(),
        };
        assert_eq!(survivor_label(&into), "张* (C001)");
        into.customer_no = None;
        assert_eq!(survivor_label(&into), "张*");
    }
}
