//! Kano categories per service attribute (docs/rules.md, Kano), beside the
//! importance–satisfaction matrix on the satisfaction page: the Kano pairs answered in
//! surveys of the caller's scope (`GET /api/satisfaction/kano`), categorised in the
//! browser by the domain crate's evaluation table.

use crate::api::meeting as mapi;
use crate::components::{ErrorView, Loading};
use crate::i18n::Locale;
use crate::i18n::Msg;
use crate::state::use_locale;
use clientbook_domain::kano::{tally, KanoCategory};
use leptos::prelude::*;

crate::i18n::message_table! {
    Title => "Kano categories", "KANO 分类";
    Intro => "From the paired questions \"if we offered it / if we did not\" in surveys.", "来自问卷中“提供时 / 不提供时”的成对问题。";
    Attribute => "Service attribute", "服务属性";
    Category => "Category", "类别";
    Answers => "Answers", "回答数";
    NoPairs => "No survey has Kano questions yet.", "暂无包含 KANO 问题的问卷。";
}

#[component]
pub fn KanoPanel() -> impl IntoView {
    let locale = use_locale();
    let tr = move |t: T| t.text(locale.get());
    let data = LocalResource::new(mapi::kano);
    view! {
        <section class="panel" aria-labelledby="kano-title" data-testid="kano-panel">
            <h2 id="kano-title">{move || tr(T::Title)}</h2>
            <p class="muted">{move || tr(T::Intro)}</p>
            {move || match data.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => {
                    view! { <ErrorView error=Signal::stored(e) on_retry=Callback::new(move |_| data.refetch()) /> }
                        .into_any()
                }
                Some(Ok(k)) => {
                    let rows = tally(&k.pairs);
                    if rows.is_empty() {
                        return view! { <p class="muted">{move || tr(T::NoPairs)}</p> }.into_any();
                    }
                    view! {
                        <table class="data-table kano-table">
                            <thead>
                                <tr>
                                    <th scope="col">{move || tr(T::Attribute)}</th>
                                    <th scope="col">{move || tr(T::Category)}</th>
                                    <th scope="col">{move || tr(T::Answers)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows
                                    .into_iter()
                                    .map(|(a, t)| {
                                        let c = t.category().unwrap_or(KanoCategory::Indifferent);
                                        view! {
                                            <tr data-testid="kano-row">
                                                <td>{move || Msg::attribute(a).text(locale.get())}</td>
                                                <td>{move || kano_category(c, locale.get())}</td>
                                                <td>{t.total()}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// A Kano category's name.
pub const fn kano_category(c: KanoCategory, l: Locale) -> &'static str {
    match (c, l) {
        (KanoCategory::MustBe, Locale::En) => "Must-be",
        (KanoCategory::MustBe, Locale::ZhCn) => "必备型",
        (KanoCategory::OneDimensional, Locale::En) => "One-dimensional",
        (KanoCategory::OneDimensional, Locale::ZhCn) => "期望型",
        (KanoCategory::Attractive, Locale::En) => "Attractive",
        (KanoCategory::Attractive, Locale::ZhCn) => "魅力型",
        (KanoCategory::Indifferent, Locale::En) => "Indifferent",
        (KanoCategory::Indifferent, Locale::ZhCn) => "无差异型",
        (KanoCategory::Reverse, Locale::En) => "Reverse",
        (KanoCategory::Reverse, Locale::ZhCn) => "反向型",
        (KanoCategory::Questionable, Locale::En) => "Questionable",
        (KanoCategory::Questionable, Locale::ZhCn) => "可疑",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn every_text_is_translated() {
        for t in T::ALL {
            assert_ne!(t.text(Locale::En), t.text(Locale::ZhCn), "{t:?}");
        }
        for c in KanoCategory::ALL {
            assert_ne!(kano_category(c, Locale::En), kano_category(c, Locale::ZhCn));
        }
    }
}
