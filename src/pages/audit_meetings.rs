//! Signed client meetings on the audit screen (compliance and admins): "Check the
//! meeting records" recomputes every signed summary's hash chain on the server and names
//! any record changed since it was signed; each signed meeting can be opened (audited)
//! with its summary and signature.

use crate::api::meeting as mapi;
use crate::components::{ErrorView, Loading};
use crate::state::{use_clock, use_locale};
use clientbook_domain::meeting::{ChainCheck, StoredMeeting};
use leptos::prelude::*;

crate::i18n::message_table! {
    Title => "Client meetings", "客户会面记录";
    Intro => "Each signed meeting summary is hashed into a chain recorded in the audit log: a later change to a summary or a signature breaks it.", "每份已签署的会面小结都以哈希链记入审计日志：之后对小结或签名的任何修改都会使链断开。";
    Check => "Check the meeting records", "校验会面记录";
    Checking => "Checking…", "正在校验…";
    Intact => "All signed meeting records are intact", "所有已签署的会面记录完好";
    Broken => "Changed after signing", "签署后被修改";
    Records => "Records checked", "已校验记录";
    Meeting => "Meeting", "会面";
    Customer => "Customer", "客户";
    Advisor => "Advisor", "理财经理";
    Signed => "Signed", "签署时间";
    Open => "Open", "查看";
    NoMeetings => "No signed meetings yet.", "暂无已签署的会面。";
    Shown => "Products shown (id, time)", "展示的产品（编号、时间）";
    Warnings => "Risk warnings (id, risk, limit)", "风险提示（编号、风险、上限）";
    Interest => "Interest (product ids)", "意向（产品编号）";
    Survey => "Survey (recommend / overall)", "评价（推荐 / 总体）";
    Note => "Note", "备注";
    Hash => "Record hash", "记录哈希";
    Signature => "Client's signature", "客户签名";
}

#[component]
pub fn AuditMeetings() -> impl IntoView {
    let locale = use_locale();
    let clock = use_clock();
    let tr = move |t: T| t.text(locale.get());
    let check = Action::new_local(|_: &()| mapi::chain_check());
    let list = LocalResource::new(mapi::meetings);
    let open = Action::new_local(|id: &i64| mapi::stored(*id));
    view! {
        <section class="card meeting-records" aria-labelledby="mr-title" data-testid="meeting-records">
            <h2 id="mr-title">{move || tr(T::Title)}</h2>
            <p class="muted">{move || tr(T::Intro)}</p>
            <button
                type="button"
                class="btn btn-primary"
                data-testid="chain-check"
                disabled=move || check.pending().get()
                on:click=move |_| {
                    check.dispatch(());
                }
            >
                {move || if check.pending().get() { tr(T::Checking) } else { tr(T::Check) }}
            </button>
            <div role="status" data-testid="chain-result">
                {move || match check.value().get() {
                    None => ().into_any(),
                    Some(Err(e)) => view! { <ErrorView error=Signal::stored(e) /> }.into_any(),
                    Some(Ok(c)) => view! { <ChainResult check=c /> }.into_any(),
                }}
            </div>
            {move || match list.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=Signal::stored(e) /> }.into_any(),
                Some(Ok(l)) if l.meetings.is_empty() => view! { <p>{move || tr(T::NoMeetings)}</p> }.into_any(),
                Some(Ok(l)) => {
                    view! {
                        <table class="data-table">
                            <thead>
                                <tr>
                                    <th scope="col">{move || tr(T::Meeting)}</th>
                                    <th scope="col">{move || tr(T::Customer)}</th>
                                    <th scope="col">{move || tr(T::Advisor)}</th>
                                    <th scope="col">{move || tr(T::Signed)}</th>
                                    <th scope="col"><span class="visually-hidden">{move || tr(T::Open)}</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                {l.meetings
                                    .into_iter()
                                    .map(|m| {
                                        let id = m.meeting_id;
                                        view! {
                                            <tr>
                                                <td>{id}</td>
                                                <td>{m.customer_id.0}</td>
                                                <td>{m.advisor}</td>
                                                <td>{clock.format(m.ended_at)}</td>
                                                <td>
                                                    <button
                                                        type="button"
                                                        class="btn"
                                                        data-testid="open-meeting"
                                                        on:click=move |_| {
                                                            open.dispatch(id);
                                                        }
                                                    >
                                                        {move || tr(T::Open)}
                                                    </button>
                                                </td>
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
            {move || match open.value().get() {
                None => ().into_any(),
                Some(Err(e)) => view! { <ErrorView error=Signal::stored(e) /> }.into_any(),
                Some(Ok(s)) => view! { <StoredSummary stored=s /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn ChainResult(check: ChainCheck) -> impl IntoView {
    let locale = use_locale();
    let tr = move |t: T| t.text(locale.get());
    view! {
        <p data-testid="chain-records">{move || tr(T::Records)} ": " {check.records}</p>
        {if check.intact {
            view! { <p class="notice" data-testid="chain-intact">{move || tr(T::Intact)}</p> }.into_any()
        } else {
            view! {
                <div class="notice notice-error" data-testid="chain-broken">
                    <p>{move || tr(T::Broken)}</p>
                    <ul>
                        {check
                            .breaks
                            .into_iter()
                            .map(|b| view! { <li>{format!("#{}: {}", b.meeting_id, b.problem)}</li> })
                            .collect_view()}
                    </ul>
                </div>
            }
                .into_any()
        }}
    }
}

#[component]
fn StoredSummary(stored: StoredMeeting) -> impl IntoView {
    let locale = use_locale();
    let clock = use_clock();
    let tr = move |t: T| t.text(locale.get());
    let s = stored.summary;
    let sig = stored.signature;
    let shown = s
        .shown
        .iter()
        .map(|p| format!("#{} {}", p.product_id, clock.format(p.shown_at)))
        .collect::<Vec<_>>()
        .join("; ");
    let warnings = s
        .warnings
        .iter()
        .map(|w| format!("#{} {:?} > {:?}", w.product_id, w.product_risk, w.max_risk))
        .collect::<Vec<_>>()
        .join("; ");
    let interest = s
        .interest
        .iter()
        .map(|p| format!("#{p}"))
        .collect::<Vec<_>>()
        .join(", ");
    let survey = s
        .survey
        .as_ref()
        .map(|v| format!("{} / {}", v.recommend, v.overall))
        .unwrap_or_else(|| "—".to_owned());
    view! {
        <article class="card" data-testid="stored-meeting">
            <h3>{move || tr(T::Meeting)} " #" {s.meeting_id}</h3>
            <dl class="stored-meeting">
                <dt>{move || tr(T::Shown)}</dt>
                <dd>{shown}</dd>
                <dt>{move || tr(T::Warnings)}</dt>
                <dd>{warnings}</dd>
                <dt>{move || tr(T::Interest)}</dt>
                <dd>{interest}</dd>
                <dt>{move || tr(T::Survey)}</dt>
                <dd>{survey}</dd>
                <dt>{move || tr(T::Note)}</dt>
                <dd>{s.note}</dd>
                <dt>{move || tr(T::Hash)}</dt>
                <dd><code>{stored.record_hash}</code></dd>
            </dl>
            <svg
                class="mt-signature"
                role="img"
                aria-label=move || tr(T::Signature)
                viewBox=format!("0 0 {} {}", sig.width, sig.height)
            >
                {sig
                    .strokes
                    .iter()
                    .map(|st| {
                        let points = st.iter().map(|[x, y]| format!("{x},{y}")).collect::<Vec<_>>().join(" ");
                        view! { <polyline points=points /> }
                    })
                    .collect_view()}
            </svg>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn every_text_is_translated() {
        for t in T::ALL {
            assert_ne!(t.text(Locale::En), t.text(Locale::ZhCn), "{t:?}");
        }
    }
}
