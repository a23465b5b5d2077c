//! The audit log (`/audit`, compliance and admins): search by user, customer, action and
//! dates (`GET /api/audit`, newest first), a table of the entries, and "Export CSV", a
//! file built in the browser from the results shown. Other roles read that the view is
//! not for them.
//!
//! An export fetches the same entries again with `export=true`, so the server records the
//! export itself (who, which filters, how many rows) in the audit log.

use crate::api::admin::{audit, audit_export, AuditQuery};
use crate::components::{Autocomplete, ErrorView, InputKind, Loading, TextField};
use crate::i18n::{self, Msg};
use crate::state::{use_locale, use_session};
use clientbook_domain::api::{AuditAction, AuditEntry, Role};
use leptos::prelude::*;
use serde::Serialize;

/// Every action, in the order of the select.
pub const ACTIONS: &[AuditAction] = &[
    AuditAction::SignIn,
    AuditAction::SignInFailed,
    AuditAction::SignInLocked,
    AuditAction::AccountLocked,
    AuditAction::SignOut,
    AuditAction::ReadBook,
    AuditAction::ListCustomers,
    AuditAction::ReadCustomer,
    AuditAction::Reveal,
    AuditAction::UpdatePolicy,
    AuditAction::CreateNote,
    AuditAction::EditNote,
    AuditAction::RecordInteraction,
    AuditAction::SetNextContact,
    AuditAction::CreateComplaint,
    AuditAction::ComplaintTransition,
    AuditAction::ReadComplaints,
    AuditAction::CareDone,
    AuditAction::CareSnooze,
    AuditAction::RecordSurvey,
    AuditAction::ImportSurvey,
    AuditAction::ChangeOwner,
    AuditAction::CreateUser,
    AuditAction::ResetPassword,
    AuditAction::DisableUser,
    AuditAction::EnableUser,
    AuditAction::ExportAudit,
    AuditAction::ExportList,
    AuditAction::HouseholdAdd,
    AuditAction::HouseholdRemove,
    AuditAction::ConfirmFields,
    AuditAction::PrintReview,
    AuditAction::CreateOpportunity,
    AuditAction::MoveOpportunity,
    AuditAction::SetOpportunityNextStep,
    AuditAction::ReadOpportunities,
    AuditAction::SetMeetingPin,
    AuditAction::StartMeeting,
    AuditAction::ReadMeeting,
    AuditAction::ShowProduct,
    AuditAction::RiskWarning,
    AuditAction::SignMeeting,
    AuditAction::LeaveMeeting,
    AuditAction::MeetingPinFailed,
    AuditAction::CheckMeetingChain,
    AuditAction::ReadMeetingSummary,
    AuditAction::ImportFile,
    AuditAction::ImportCommit,
    AuditAction::ImportCancel,
    AuditAction::MergeCustomer,
    AuditAction::CreateCampaign,
    AuditAction::StartCampaign,
    AuditAction::FinishCampaign,
    AuditAction::ReadCampaignMembers,
    AuditAction::UpdateCampaignMember,
    AuditAction::RecordShown,
    AuditAction::MergeCustomers,
    AuditAction::ReadOfflineKey,
    AuditAction::RotateOfflineKey,
];

/// The wire code of a value serialised as a JSON string (`update_policy`, `Admin`).
pub fn wire_code<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let role = move || session.user().map(|me| me.role);
    view! {
        <section class="page audit-page" aria-labelledby="audit-title">
            <header class="page-header">
                <h1 id="audit-title">{locale.t(Msg::NavAudit)}</h1>
            </header>
            {move || match role() {
                None => view! { <Loading /> }.into_any(),
                Some(Role::Compliance | Role::Admin) => view! { <AuditLoaded /> }.into_any(),
                Some(_) => {
                    view! {
                        <p class="notice" role="status" data-testid="not-for-role">
                            {locale.t(Msg::NotForRoleAudit)}
                        </p>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

#[component]
fn AuditLoaded() -> impl IntoView {
    let locale = use_locale();
    let user = RwSignal::new(String::new());
    let customer = RwSignal::new(String::new());
    let action = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let customer_error = RwSignal::new(false);
    let query = RwSignal::new(AuditQuery::default());
    let results = LocalResource::new(move || {
        let q = query.get();
        async move { audit(&q).await }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let customer_text = customer.get_untracked();
        let customer_id = match customer_text.trim() {
            "" => None,
            t => match t.parse::<i64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    customer_error.set(true);
                    return;
                }
            },
        };
        customer_error.set(false);
        query.set(AuditQuery {
            user: user.get_untracked(),
            customer: customer_id,
            action: action.get_untracked(),
            from: from.get_untracked(),
            to: to.get_untracked(),
        });
    };
    let entries = move || results.get().and_then(Result::ok).map(|r| r.entries);
    let export = move |_| {
        let q = query.get_untracked();
        leptos::task::spawn_local(async move {
            match audit_export(&q).await {
                Ok(r) => download_csv(&audit_csv(&r.entries)),
                Err(e) => leptos::logging::error!("audit export failed: {e}"),
            }
        });
    };
    view! {
        <form class="admin-form audit-filters" data-testid="audit-filters" on:submit=submit novalidate=true>
            <TextField
                id="audit-user"
                label=locale.t(Msg::AuditUser)
                value=user
                autocomplete=Autocomplete::Off
                field="user"
            />
            <TextField
                id="audit-customer"
                label=locale.t(Msg::CustomerIdLabel)
                value=customer
                kind=InputKind::WholeNumber
                autocomplete=Autocomplete::Off
                field="customer"
                error=Signal::derive(move || {
                    customer_error.get().then(|| locale.t(Msg::MustBeWholeNumber)().to_owned())
                })
            />
            <div class="field">
                <label for="audit-action">{locale.t(Msg::AuditActionLabel)}</label>
                <select id="audit-action" name="action" on:change=move |ev| action.set(event_target_value(&ev))>
                    <option value="" selected=move || action.with(String::is_empty)>
                        {locale.t(Msg::AnyValue)}
                    </option>
                    {ACTIONS
                        .iter()
                        .copied()
                        .map(|a| {
                            let code = wire_code(&a);
                            let mine = code.clone();
                            view! {
                                <option value=code selected=move || action.with(|v| *v == mine)>
                                    {locale.t(Msg::audit_action(a))}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <TextField id="audit-from" label=locale.t(Msg::DateFrom) value=from kind=InputKind::Date field="from" />
            <TextField id="audit-to" label=locale.t(Msg::DateTo) value=to kind=InputKind::Date field="to" />
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" data-testid="audit-search">
                    {locale.t(Msg::AuditSearch)}
                </button>
                <button
                    type="button"
                    class="btn"
                    data-testid="audit-export"
                    disabled=move || entries().is_none_or(|e| e.is_empty())
                    on:click=export
                >
                    {locale.t(Msg::ExportCsv)}
                </button>
            </div>
        </form>
        <p class="muted audit-note">{locale.t(Msg::AuditExportNote)}</p>
        {move || match results.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => {
                view! { <ErrorView error=Signal::stored(e) on_retry=Callback::new(move |_| results.refetch()) /> }
                    .into_any()
            }
            Some(Ok(r)) if r.entries.is_empty() => {
                view! {
                    <p class="notice" role="status" data-testid="audit-empty">
                        {locale.t(Msg::AuditEmpty)}
                    </p>
                }
                    .into_any()
            }
            Some(Ok(r)) => view! { <AuditTable entries=r.entries /> }.into_any(),
        }}
        <crate::pages::audit_meetings::AuditMeetings />
    }
}

#[component]
fn AuditTable(entries: Vec<AuditEntry>) -> impl IntoView {
    let locale = use_locale();
    let count = entries.len();
    let rows = entries
        .into_iter()
        .map(|e| {
            let origin = match (&e.client_ip, &e.forwarded_for) {
                (Some(ip), Some(ff)) => format!("{ip} (X-Forwarded-For: {ff})"),
                (Some(ip), None) => ip.clone(),
                (None, Some(ff)) => format!("X-Forwarded-For: {ff}"),
                (None, None) => String::new(),
            };
            let action = e.action;
            let role = e.role;
            view! {
                <tr data-entry-id=e.id data-action=wire_code(&e.action)>
                    <td class="nowrap">
                        <time datetime=e.at.to_rfc3339()>{crate::state::use_clock().format_seconds(e.at)}</time>
                    </td>
                    <td>{e.username.clone()}</td>
                    <td>{move || role.map(|r| Msg::role(r).text(locale.get())).unwrap_or("")}</td>
                    <td data-testid="audit-action">{locale.t(Msg::audit_action(action))}</td>
                    <td class="num">{e.customer_id.map(|c| c.0.to_string())}</td>
                    <td>{e.fields.join(", ")}</td>
                    <td title=e.user_agent.clone()>{origin}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="muted" data-testid="audit-count">{move || i18n::entry_count(count, locale.get())}</p>
        <div class="table-scroll">
            <table class="figures audit-table" data-testid="audit-table">
                <caption class="visually-hidden">{locale.t(Msg::AuditTableLabel)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{locale.t(Msg::ColTime)}</th>
                        <th scope="col">{locale.t(Msg::ColUser)}</th>
                        <th scope="col">{locale.t(Msg::ColRole)}</th>
                        <th scope="col">{locale.t(Msg::AuditActionLabel)}</th>
                        <th scope="col" class="num">{locale.t(Msg::ColCustomer)}</th>
                        <th scope="col">{locale.t(Msg::ColFields)}</th>
                        <th scope="col">{locale.t(Msg::ColOrigin)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// One CSV cell: quoted when needed, and defused when a spreadsheet would read it as a
/// formula (a leading `=`, `+`, `-`, `@`, tab or carriage return).
fn csv_cell(value: &str) -> String {
    let defused = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if defused.contains([',', '"', '\n', '\r']) || defused != defused.trim() {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

/// The entries as CSV (RFC 4180, CRLF line ends), with a header row and wire codes.
pub fn audit_csv(entries: &[AuditEntry]) -> String {
    let mut out = String::from(
        "time,user,role,action,customer,fields,detail,client_ip,forwarded_for,user_agent\r\n",
    );
    for e in entries {
        let cells = [
            e.at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            e.username.clone(),
            e.role.map(|r| wire_code(&r)).unwrap_or_default(),
            wire_code(&e.action),
            e.customer_id.map(|c| c.0.to_string()).unwrap_or_default(),
            e.fields.join(";"),
            e.detail.clone().unwrap_or_default(),
            e.client_ip.clone().unwrap_or_default(),
            e.forwarded_for.clone().unwrap_or_default(),
            e.user_agent.clone().unwrap_or_default(),
        ];
        let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Save `text` as `clientbook-audit-YYYY-MM-DD.csv` (today, UTC): a Blob, an object URL and a click on a detached
/// `<a download>`; the URL is released a little later.
#[cfg(target_arch = "wasm32")]
fn download_csv(text: &str) {
    use wasm_bindgen::{JsCast, JsValue};
    let run = || -> Result<(), JsValue> {
        let today = String::from(js_sys::Date::new_0().to_iso_string());
        let name = format!(
            "clientbook-audit-{}.csv",
            today.get(..10).unwrap_or("export")
        );
        let parts = js_sys::Array::of1(&JsValue::from_str(text));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("text/csv;charset=utf-8");
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
        let url = web_sys::Url::create_object_url_with_blob(&blob)?;
        let document = web_sys::window()
            .and_then(|w| w.document())
            .ok_or_else(|| JsValue::from_str("no document"))?;
        let a: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
        a.set_href(&url);
        a.set_download(&name);
        a.click();
        set_timeout(
            move || {
                let _ = web_sys::Url::revoke_object_url(&url);
            },
            std::time::Duration::from_secs(10),
        );
        Ok(())
    };
    if let Err(e) = run() {
        leptos::logging::error!("CSV export failed: {e:?}");
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn download_csv(_text: &str) {}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use clientbook_domain::{CustomerId, UserId};
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn actions_use_their_wire_codes() {
        assert_eq!(wire_code(&AuditAction::UpdatePolicy), "update_policy");
        assert_eq!(wire_code(&Role::Compliance), "Compliance");
        let codes: std::collections::HashSet<String> = ACTIONS.iter().map(wire_code).collect();
        assert_eq!(codes.len(), ACTIONS.len());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn csv_quotes_and_defuses_cells() {
        let e = AuditEntry {
            id: 1,
            at: Utc.with_ymd_and_hms(2026, 3, 5, 8, 0, 0).unwrap(),
            user_id: Some(UserId(7)),
            username: "admin".into(),
            role: Some(Role::Admin),
            action: AuditAction::Reveal,
            customer_id: Some(CustomerId(42)),
            fields: vec!["name".into(), "phone".into()],
            detail: Some("said \"hi\", then =SUM(A1)".into()),
            client_ip: Some("127.0.0.1".into()),
            forwarded_for: None,
            user_agent: Some("=cmd".into()),
        };
        let csv = audit_csv(&[e]);
        let mut lines = csv.split("\r\n");
        assert!(lines.next().unwrap().starts_with("time,user,role,action"));
        assert_eq!(
            lines.next().unwrap(),
            "2026-03-05T08:00:00.000Z,admin,Admin,reveal,42,name;phone,\"said \"\"hi\"\", then =SUM(A1)\",127.0.0.1,,'=cmd"
        );
    }
}
