//! The "Export" menu (CSV / XLSX) of a list: fetches the file from `GET /api/exports/…`
//! (audited and masked by the server), shows that it is working while it does, and a
//! readable sentence when the server refuses. `CustomerExportMenu` turns the customer
//! list's view into the server's filters and says which parts of the view the file
//! cannot carry (filters on scores the browser computes).

use crate::api::export::{download, ExportFile, ExportFormat, ExportRequest};
use crate::api::ApiError;
use crate::book_index::{Direction, SortKey};
use crate::components::error_view::error_text;
use crate::i18n::{Locale, Msg};
use crate::state::customer_view::{CustomerView, RiskFilter};
use crate::state::use_locale;
use clientbook_domain::policy::TierPolicy;
use clientbook_domain::Tier;
use leptos::prelude::*;

/// Where the last export stands.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Progress {
    Idle,
    Working(ExportFormat),
    Done(String),
    Failed(ApiError),
}

/// The readable sentence of a refused export, with the fields the server named.
fn failure_text(e: &ApiError, locale: Locale) -> String {
    match e {
        ApiError::Validation(problems) => {
            let list: Vec<String> = problems
                .iter()
                .map(|p| format!("{}: {}", p.field, p.problem))
                .collect();
            format!("{} ({})", error_text(e, locale), list.join("; "))
        }
        _ => error_text(e, locale),
    }
}

#[component]
pub fn ExportMenu(
    /// What to export, with the current filters.
    #[prop(into)]
    request: Signal<ExportRequest>,
    /// Tells apart several menus on one page (`data-testid="export-{name}-csv"`).
    name: &'static str,
    /// Said under the menu when the file cannot carry the whole view.
    #[prop(optional, into)]
    note: Signal<Option<Msg>>,
) -> impl IntoView {
    let locale = use_locale();
    let progress = RwSignal::new(Progress::Idle);
    let run = Action::new_local(move |format: &ExportFormat| {
        let format = *format;
        let req = request.get_untracked();
        let lang = locale.get_untracked().lang();
        async move { (format, download(&req, format, lang).await) }
    });
    Effect::new(move |_| {
        if let Some((_, result)) = run.value().get() {
            progress.set(match result {
                Ok(file) => {
                    save(&file);
                    Progress::Done(file.name)
                }
                Err(e) => Progress::Failed(e),
            });
        }
    });
    let busy = move || matches!(progress.get(), Progress::Working(_));
    let start = move |format: ExportFormat| {
        if !busy() {
            progress.set(Progress::Working(format));
            run.dispatch(format);
        }
    };
    view! {
        <div class="export-menu" role="group" aria-label=move || locale.t(Msg::ExportMenu)>
            <span class="export-menu-label">{move || locale.t(Msg::ExportMenu)}</span>
            {ExportFormat::ALL
                .into_iter()
                .map(|format| {
                    let caption = match format {
                        ExportFormat::Csv => Msg::ExportCsvFile,
                        ExportFormat::Xlsx => Msg::ExportXlsxFile,
                    };
                    view! {
                        <button
                            type="button"
                            class="btn btn-small"
                            data-testid=format!("export-{name}-{}", format.code())
                            disabled=busy
                            aria-busy=move || (progress.get() == Progress::Working(format)).to_string()
                            on:click=move |_| start(format)
                        >
                            {move || locale.t(caption)}
                        </button>
                    }
                })
                .collect_view()}
            <span class="export-status" role="status" aria-live="polite" data-testid=format!("export-{name}-status")>
                {move || match progress.get() {
                    Progress::Working(_) => {
                        view! { <span class="spinner" aria-hidden="true"></span> {locale.t(Msg::ExportPreparing)} }
                            .into_any()
                    }
                    Progress::Done(file) => format!("{} {file}", Msg::ExportDone.text(locale.get())).into_any(),
                    _ => ().into_any(),
                }}
            </span>
            {move || match progress.get() {
                Progress::Failed(e) => Some(view! {
                    <p class="form-error" role="alert" data-testid=format!("export-{name}-error")>
                        {failure_text(&e, locale.get())}
                    </p>
                }),
                _ => None,
            }}
            {move || note.get().map(|msg| view! { <p class="muted export-note">{locale.t(msg)}</p> })}
        </div>
    }
}

/// The AUM bounds of a tier under `tiers` (lower inclusive, upper exclusive), as the
/// server's `min_aum` / `below_aum`.
pub fn tier_bounds(
    tier: Tier,
    tiers: &TierPolicy,
) -> (
    Option<clientbook_domain::Money>,
    Option<clientbook_domain::Money>,
) {
    match tier {
        Tier::Standard => (None, Some(tiers.gold)),
        Tier::Gold => (Some(tiers.gold), Some(tiers.platinum)),
        Tier::Platinum => (Some(tiers.platinum), Some(tiers.diamond)),
        Tier::Diamond => (Some(tiers.diamond), Some(tiers.private_banking)),
        Tier::PrivateBanking => (Some(tiers.private_banking), None),
    }
}

/// The server's filters for a view of the customer list, and whether the view has more
/// than they carry (filters on scores, or an order other than AUM or the list's own).
pub fn customer_export(view: &CustomerView, tiers: &TierPolicy) -> (ExportRequest, bool) {
    let f = &view.filter;
    let (min_aum, below_aum) = f.tier.map_or((None, None), |t| tier_bounds(t, tiers));
    let risk_level = match f.risk {
        Some(RiskFilter::Level(l)) => Some(l),
        _ => None,
    };
    let aum_desc = view.sort.key == SortKey::Aum;
    let partial = f.activity.is_some()
        || f.value.is_some()
        || f.lifecycle.is_some()
        || f.churn.is_some()
        || f.risk == Some(RiskFilter::NotAssessed)
        || f.overdue
        || f.maturing
        || f.household.is_some()
        || (aum_desc && view.sort.direction == Direction::Ascending)
        || !aum_desc;
    (
        ExportRequest::Customers {
            search: f.query.clone(),
            risk_level,
            min_aum,
            below_aum,
            aum_desc,
            rm: None,
        },
        partial,
    )
}

/// The export menu of the customer list, following its view.
#[component]
pub fn CustomerExportMenu(
    /// The list's view (search, filters, sort).
    #[prop(into)]
    view: Signal<CustomerView>,
    /// The tier thresholds, to turn a tier filter into AUM bounds.
    tiers: TierPolicy,
) -> impl IntoView {
    let tiers = StoredValue::new(tiers);
    let both = Memo::new(move |_| view.with(|v| tiers.with_value(|t| customer_export(v, t))));
    let request = Signal::derive(move || both.get().0);
    let note = Signal::derive(move || both.get().1.then_some(Msg::ExportScreenOnly));
    view! { <ExportMenu request name="customers" note /> }
}

/// Hand the file to the browser: a Blob, an object URL and a click on a detached
/// `<a download>`; the URL is released a little later.
#[cfg(target_arch = "wasm32")]
fn save(file: &ExportFile) {
    use wasm_bindgen::{JsCast, JsValue};
    let run = || -> Result<(), JsValue> {
        let bytes = js_sys::Uint8Array::from(file.bytes.as_slice());
        let parts = js_sys::Array::of1(&bytes);
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(&file.content_type);
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
        let url = web_sys::Url::create_object_url_with_blob(&blob)?;
        let document = web_sys::window()
            .and_then(|w| w.document())
            .ok_or_else(|| JsValue::from_str("no document"))?;
        let a: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
        a.set_href(&url);
        a.set_download(&file.name);
        a.click();
        set_timeout(
            move || {
                let _ = web_sys::Url::revoke_object_url(&url);
            },
            std::time::Duration::from_secs(30),
        );
        Ok(())
    };
    if let Err(e) = run() {
        leptos::logging::error!("saving the export failed: {e:?}");
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn save(_file: &ExportFile) {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book_index::SortOrder;
    use crate::state::customer_view::CustomerFilter;
    use clientbook_domain::{Money, RiskLevel};
    use wasm_bindgen_test::wasm_bindgen_test;

    fn view(filter: CustomerFilter, key: SortKey) -> CustomerView {
        CustomerView {
            filter,
            sort: SortOrder {
                key,
                direction: Direction::Descending,
            },
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_tier_becomes_its_aum_bounds_and_aum_order_is_kept() {
        let tiers = TierPolicy::default();
        let v = view(
            CustomerFilter {
                query: "王".into(),
                tier: Some(Tier::Gold),
                risk: Some(RiskFilter::Level(RiskLevel::C2)),
                ..CustomerFilter::default()
            },
            SortKey::Aum,
        );
        let (req, partial) = customer_export(&v, &tiers);
        assert_eq!(
            req,
            ExportRequest::Customers {
                search: "王".into(),
                risk_level: Some(RiskLevel::C2),
                min_aum: Some(tiers.gold),
                below_aum: Some(tiers.platinum),
                aum_desc: true,
                rm: None,
            }
        );
        assert!(!partial);
        assert_eq!(
            tier_bounds(Tier::PrivateBanking, &tiers),
            (Some(tiers.private_banking), None)
        );
        assert_eq!(tier_bounds(Tier::Standard, &tiers).0, None::<Money>);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_view_on_scores_or_another_order_is_said_to_be_partial() {
        let tiers = TierPolicy::default();
        let churn = CustomerFilter {
            churn: Some(clientbook_domain::churn::ChurnBand::High),
            ..CustomerFilter::default()
        };
        assert!(customer_export(&view(churn, SortKey::Aum), &tiers).1);
        assert!(customer_export(&view(CustomerFilter::default(), SortKey::Name), &tiers).1);
    }
}
