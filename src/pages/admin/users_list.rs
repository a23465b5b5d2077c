//! The staff accounts: who they are, their role and branch, and whether they may sign
//! in; each row disables or enables its account.

use super::{form_error, UsersResult};
use crate::api::admin::set_disabled;
use crate::components::{ErrorView, Loading};
use crate::i18n::Msg;
use crate::state::use_locale;
use clientbook_domain::service::UserSummary;
use clientbook_domain::UserId;
use leptos::prelude::*;

#[component]
pub(super) fn UsersPanel(
    list: LocalResource<UsersResult>,
    version: RwSignal<u32>,
) -> impl IntoView {
    let locale = use_locale();
    let toggle = Action::new_local(|(id, disabled): &(UserId, bool)| {
        let (id, disabled) = (*id, *disabled);
        async move { set_disabled(id, disabled).await }
    });
    let pending = toggle.pending();
    Effect::new(move |_| {
        if let Some(Ok(_)) = toggle.value().get() {
            version.update(|v| *v += 1);
        }
    });
    let row = move |u: UserSummary| {
        let id = u.id;
        let disabled = u.disabled;
        view! {
            <tr data-username=u.username.clone() data-user-id=u.id.0>
                <th scope="row">{u.username.clone()}</th>
                <td>{u.display_name.clone()}</td>
                <td data-testid="user-role">{locale.t(Msg::role(u.role))}</td>
                <td class="num">
                    {match u.branch_id {
                        Some(b) => b.0.to_string().into_any(),
                        None => locale.t(Msg::NoBranch).into_any(),
                    }}
                </td>
                <td data-testid="user-state">
                    <span class="user-state" class:user-disabled=disabled>
                        {locale.t(if disabled { Msg::UserDisabled } else { Msg::UserActive })}
                    </span>
                </td>
                <td>
                    <button
                        type="button"
                        class="btn btn-quiet"
                        data-testid="toggle-user"
                        disabled=move || pending.get()
                        on:click=move |_| {
                            toggle.dispatch((id, !disabled));
                        }
                    >
                        {locale.t(if disabled { Msg::EnableUser } else { Msg::DisableUser })}
                    </button>
                </td>
            </tr>
        }
    };
    view! {
        <section class="panel admin-panel" aria-labelledby="users-title">
            <h2 id="users-title">{locale.t(Msg::UsersTitle)}</h2>
            {move || match list.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => {
                    view! { <ErrorView error=Signal::stored(e) on_retry=Callback::new(move |_| version.update(|v| *v += 1)) /> }
                        .into_any()
                }
                Some(Ok(r)) => {
                    view! {
                        <div class="table-scroll">
                            <table class="figures users-table" data-testid="users-table">
                                <caption class="visually-hidden">
                                    {locale.t(Msg::UsersTableLabel)}
                                </caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{locale.t(Msg::Username)}</th>
                                        <th scope="col">{locale.t(Msg::ColDisplayName)}</th>
                                        <th scope="col">{locale.t(Msg::ColRole)}</th>
                                        <th scope="col" class="num">{locale.t(Msg::ColBranch)}</th>
                                        <th scope="col">{locale.t(Msg::ColState)}</th>
                                        <th scope="col">{locale.t(Msg::ColActions)}</th>
                                    </tr>
                                </thead>
                                <tbody>{r.users.into_iter().map(row).collect_view()}</tbody>
                            </table>
                        </div>
                    }
                        .into_any()
                }
            }}
            {move || match toggle.value().get() {
                Some(Ok(_)) if !pending.get() => {
                    view! {
                        <p class="notice" role="status" data-testid="user-state-changed">
                            {locale.t(Msg::UserStateChanged)}
                        </p>
                    }
                        .into_any()
                }
                Some(Err(e)) if !pending.get() => {
                    let text = form_error(&e, &[], locale.get()).unwrap_or_default();
                    view! {
                        <p class="form-error" role="alert" data-testid="user-state-error">
                            {text}
                        </p>
                    }
                        .into_any()
                }
                _ => ().into_any(),
            }}
        </section>
    }
}
