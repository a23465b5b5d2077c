//! The first stage: the kind of file, its templates (English and Chinese headers), the
//! file itself (picked, or dropped on the zone), and the upload that starts it all.

use super::text::{self, T};
use super::{use_flow, Notice, Stage};
use crate::api::import::{url, Upload, UploadError};
use crate::state::use_locale;
use clientbook_domain::import::ImportKind;
use clientbook_domain::Lang;
use leptos::prelude::*;

/// The endings of the files the server reads (CSV text, also saved as .txt or .tsv, and
/// XLSX workbooks).
const ENDINGS: [&str; 4] = [".csv", ".txt", ".tsv", ".xlsx"];

/// Why a chosen file is not sent.
pub fn refuse(name: &str, size: f64) -> Option<T> {
    let lower = name.to_lowercase();
    if !ENDINGS.iter().any(|e| lower.ends_with(e)) {
        Some(T::WrongType)
    } else if size <= 0.0 {
        Some(T::EmptyFile)
    } else {
        None
    }
}

#[component]
pub fn ChooseFile() -> impl IntoView {
    let locale = use_locale();
    let flow = use_flow();
    let kind = RwSignal::new(ImportKind::Customers);
    let chosen = StoredValue::new_local(None::<web_sys::File>);
    let name = RwSignal::new(None::<String>);
    let dragging = RwSignal::new(false);
    let tr = move |t: T| move || t.text(locale.get());

    let take = move |file: Option<web_sys::File>| {
        let Some(file) = file else { return };
        flow.notice.set(None);
        if let Some(problem) = refuse(&file.name(), file.size()) {
            chosen.set_value(None);
            name.set(None);
            flow.say(Notice::Problem(problem));
            return;
        }
        name.set(Some(file.name()));
        chosen.set_value(Some(file));
    };
    let on_change = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        take(input.files().and_then(|f| f.get(0)));
        // Cleared so that choosing the same file again, after fixing it, reads it again.
        input.set_value("");
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        take(
            ev.data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0)),
        );
    };
    let on_upload = move |_| {
        let Some(file) = chosen.get_value() else {
            flow.say(Notice::Problem(T::NoFile));
            return;
        };
        flow.notice.set(None);
        flow.sent.set((0.0, file.size()));
        let lang = locale.get_untracked().lang();
        let started = Upload::start(
            &file,
            kind.get_untracked(),
            &file.name(),
            lang,
            move |sent, total| {
                flow.sent.try_set((sent, total));
            },
            move |answer| {
                flow.upload.try_set_value(None);
                match answer {
                    Ok(summary) => flow.go(Stage::Checking(summary.id)),
                    Err(e) => {
                        flow.go(Stage::Choose);
                        match e {
                            UploadError::TooLarge => flow.say(Notice::Problem(T::TooLarge)),
                            UploadError::Aborted => flow.say(Notice::Said(T::UploadAborted)),
                            UploadError::Api(e) => flow.failed(e),
                        }
                    }
                }
            },
        );
        match started {
            Ok(upload) => {
                flow.upload.set_value(Some(upload));
                flow.go(Stage::Uploading);
            }
            Err(e) => flow.failed(e),
        }
    };

    let kinds = ImportKind::ALL.map(|k| {
        let id = format!("imp-kind-{}", k.as_str());
        let for_id = id.clone();
        view! {
            <label class="imp-choice" for=for_id>
                <input
                    type="radio"
                    name="imp-kind"
                    id=id
                    value=k.as_str()
                    prop:checked=move || kind.get() == k
                    on:change=move |_| kind.set(k)
                    data-testid=format!("import-kind-{}", k.as_str())
                />
                <span>{move || text::kind(k).text(locale.get())}</span>
            </label>
        }
    });

    view! {
        <div class="imp-choose" data-testid="import-choose">
            <fieldset class="imp-kinds">
                <legend>{tr(T::KindLabel)}</legend>
                {kinds.into_iter().collect_view()}
            </fieldset>
            <div class="imp-templates">
                <h2>{tr(T::TemplatesTitle)}</h2>
                <p class="muted">{tr(T::TemplatesNote)}</p>
                <div class="imp-actions">
                    <a
                        class="btn"
                        href=move || url::template(kind.get(), Lang::En)
                        download=""
                        data-testid="import-template-en"
                    >
                        {tr(T::TemplateEn)}
                    </a>
                    <a
                        class="btn"
                        href=move || url::template(kind.get(), Lang::ZhCn)
                        download=""
                        data-testid="import-template-zh"
                    >
                        {tr(T::TemplateZh)}
                    </a>
                </div>
            </div>
            <div
                class="imp-drop"
                class:imp-drop-active=move || dragging.get()
                on:dragover=move |ev: leptos::ev::DragEvent| {
                    ev.prevent_default();
                    dragging.set(true);
                }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
                data-testid="import-drop"
            >
                <label for="imp-file">{tr(T::FileLabel)}</label>
                <input
                    type="file"
                    id="imp-file"
                    accept=".csv,.txt,.tsv,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    on:change=on_change
                    data-testid="import-file"
                />
                <p class="muted">{tr(T::DropHere)}</p>
                {move || {
                    name.get()
                        .map(|n| {
                            view! {
                                <p data-testid="import-chosen">
                                    {tr(T::Chosen)} " " <strong>{n}</strong>
                                </p>
                            }
                        })
                }}
            </div>
            <div class="imp-actions">
                <button
                    type="button"
                    class="btn btn-primary"
                    on:click=on_upload
                    disabled=move || name.get().is_none()
                    data-testid="import-upload"
                >
                    {tr(T::Upload)}
                </button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn only_csv_and_xlsx_files_with_bytes_are_sent() {
        assert_eq!(refuse("客户.CSV", 10.0), None);
        assert_eq!(refuse("book.xlsx", 10.0), None);
        assert_eq!(refuse("photo.png", 10.0), Some(T::WrongType));
        assert_eq!(refuse("old.xls", 10.0), Some(T::WrongType));
        assert_eq!(refuse("empty.csv", 0.0), Some(T::EmptyFile));
    }
}
