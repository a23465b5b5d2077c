//! Settings (`/settings`, relationship managers and branch managers): the meeting PIN,
//! 4–8 digits, needed to leave meeting mode (stored by the server as an argon2 hash).

use crate::api::{meeting as mapi, ApiError};
use crate::components::{Autocomplete, InputKind, TextField};
use crate::state::use_locale;
use leptos::prelude::*;

crate::i18n::message_table! {
    Title => "Settings", "设置";
    PinTitle => "Meeting PIN", "会面 PIN";
    PinIntro => "Leaving a client meeting on the tablet needs this PIN, so the client cannot open your book. Five wrong tries sign you out.", "在平板上结束客户会面需要输入此 PIN，防止客户进入您的客户名单。连续输错五次将退出登录。";
    NewPin => "New PIN (4 to 8 digits)", "新 PIN（4 至 8 位数字）";
    SavePin => "Save PIN", "保存 PIN";
    PinSaved => "PIN saved.", "PIN 已保存。";
    PinShape => "Enter 4 to 8 digits.", "请输入 4 至 8 位数字。";
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let locale = use_locale();
    let tr = move |t: T| t.text(locale.get());
    let pin = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let save = Action::new_local(|pin: &String| mapi::set_pin(pin.clone()));
    let saved = RwSignal::new(false);
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => {
            pin.set(String::new());
            saved.set(true);
        }
        Some(Err(ApiError::Validation(_))) => problem.set(Some(tr(T::PinShape).to_owned())),
        Some(Err(e)) => problem.set(Some(e.to_string())),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let p = pin.get_untracked();
        if !clientbook_domain::meeting::pin_is_well_formed(&p) {
            problem.set(Some(tr(T::PinShape).to_owned()));
            return;
        }
        problem.set(None);
        save.dispatch(p);
    };
    view! {
        <section class="page settings-page" aria-labelledby="settings-title">
            <header class="page-header">
                <h1 id="settings-title">{move || tr(T::Title)}</h1>
            </header>
            <form class="card settings-pin" on:submit=submit data-testid="pin-form">
                <h2>{move || tr(T::PinTitle)}</h2>
                <p>{move || tr(T::PinIntro)}</p>
                <TextField
                    id="settings-pin"
                    label=Signal::derive(move || tr(T::NewPin).to_owned())
                    value=pin
                    kind=InputKind::Password
                    autocomplete=Autocomplete::NewPassword
                    error=Signal::derive(move || problem.get())
                    field="pin"
                    testid="settings-pin"
                />
                <button type="submit" class="btn btn-primary" disabled=move || save.pending().get()>
                    {move || tr(T::SavePin)}
                </button>
                <p role="status" data-testid="pin-saved">
                    {move || saved.get().then(|| tr(T::PinSaved))}
                </p>
            </form>
        </section>
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
