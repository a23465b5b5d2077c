//! The "Import surveys" panel of the satisfaction page: a CSV file (chosen or pasted) is
//! read and checked in the browser, every problem is shown by row and column before
//! anything is sent, and the good file goes to `POST /api/surveys/import`, which stores
//! it whole or not at all. After an import the shared book is fetched again, so NPS,
//! CSAT, CSI and the matrix above include the new surveys without a reload.
//!
//! Only relationship managers and branch managers may import (the server refuses
//! compliance, and an admin has no customers), so only they see the panel.

pub use clientbook_domain::survey_csv as parse;
pub mod text;

use crate::api::surveys::{self as sapi, ImportAnswer};
use crate::api::ApiError;
use crate::components::error_view::error_text;
use crate::i18n::{Locale, Msg};
use crate::state::{use_book, use_locale, use_session};
use clientbook_domain::api::Role;
use clientbook_domain::customer::ServiceAttribute;
use clientbook_domain::service::SurveyImport;
use leptos::prelude::*;
use parse::{check_against_book, locate, Column, ParsedRow, RowProblem};
use text::T;

/// Larger files cannot hold one import's worth of rows; they are not read at all.
const MAX_FILE_BYTES: f64 = 8.0 * 1024.0 * 1024.0;

/// Problems listed at once; the count says how many more there are.
const PROBLEMS_SHOWN: usize = 100;

/// Reading the chosen file.
#[derive(Clone, Debug, PartialEq, Eq)]
enum FileState {
    Idle,
    Reading,
    Read(String),
    Unreadable,
    TooLarge,
}

/// The last answer to a send.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    None,
    Imported(usize),
    /// The server's problems, mapped to rows and columns of the file.
    Refused(Vec<RowProblem>),
    TooLarge,
    Failed(ApiError),
}

/// The panel, for the roles that may import.
#[component]
pub fn SurveyImportPanel() -> impl IntoView {
    let session = use_session();
    let may_import = move || {
        session
            .user()
            .is_some_and(|me| matches!(me.role, Role::RelationshipManager | Role::BranchManager))
    };
    view! {
        <Show when=may_import>
            <ImportForm />
        </Show>
    }
}

#[component]
fn ImportForm() -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let book = use_book();
    let text = RwSignal::new(String::new());
    let file = RwSignal::new(FileState::Idle);
    let outcome = RwSignal::new(Outcome::None);
    let sent = StoredValue::new(Vec::<ParsedRow>::new());

    // Read and checked on every change, against the book as it is now.
    let parsed = Memo::new(move |_| {
        let mut p = text.with(|t| (!t.trim().is_empty()).then(|| parse::parse(t)))?;
        if let Some(ix) = book.index() {
            check_against_book(
                &mut p,
                |id| ix.position(id).map(|at| ix.customer(at).since),
                ix.as_of(),
            );
        }
        Some(p)
    });

    let send = Action::new_local(move |req: &SurveyImport| {
        let req = req.clone();
        async move { sapi::import(&req).await }
    });
    Effect::new(move |_| {
        let Some(answer) = send.value().get() else {
            return;
        };
        outcome.set(match answer {
            Ok(ImportAnswer::Imported(created)) => {
                text.set(String::new());
                file.set(FileState::Idle);
                book.refetch();
                Outcome::Imported(created.ids.len())
            }
            Ok(ImportAnswer::Refused(fields)) => {
                let rows = sent.get_value();
                Outcome::Refused(
                    fields
                        .iter()
                        .map(|f| locate(&f.field, &f.problem, &rows))
                        .collect(),
                )
            }
            Ok(ImportAnswer::TooLarge) => Outcome::TooLarge,
            Err(ApiError::Unauthorized) => {
                session.session_expired();
                Outcome::None
            }
            Err(e) => Outcome::Failed(e),
        });
    });

    let ready = move || {
        parsed.with(|p| p.as_ref().is_some_and(parse::Parsed::ready))
            && !matches!(outcome.get(), Outcome::Refused(_))
            && !send.pending().get()
    };
    let on_send = move |_| {
        let Some(p) = parsed.get_untracked().filter(parse::Parsed::ready) else {
            return;
        };
        outcome.set(Outcome::None);
        let surveys = p.surveys();
        sent.set_value(p.rows);
        send.dispatch(SurveyImport { surveys });
    };
    let on_paste = move |ev: leptos::ev::Event| {
        text.set(event_target_value(&ev));
        file.set(FileState::Idle);
        outcome.set(Outcome::None);
    };
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let chosen = files::first(&input);
        // Cleared so that choosing the same file again, after fixing it, reads it again.
        input.set_value("");
        let Some((name, blob)) = chosen else {
            return;
        };
        outcome.set(Outcome::None);
        if blob.size() > MAX_FILE_BYTES {
            file.set(FileState::TooLarge);
            return;
        }
        file.set(FileState::Reading);
        leptos::task::spawn_local(async move {
            match files::text(&blob).await {
                Some(t) => {
                    text.set(t);
                    file.set(FileState::Read(name));
                }
                None => file.set(FileState::Unreadable),
            }
        });
    };
    let on_clear = move |_| {
        text.set(String::new());
        file.set(FileState::Idle);
        outcome.set(Outcome::None);
    };
    let tr = move |t: T| move || t.text(locale.get());

    view! {
        <section class="panel survey-import" aria-labelledby="import-title" data-testid="survey-import">
            <h2 id="import-title">{tr(T::Title)}</h2>
            <p>{tr(T::Intro)}</p>
            <FormatHelp />
            <div class="import-inputs">
                <div class="field">
                    <label for="import-file">{tr(T::ChooseFile)}</label>
                    <input
                        type="file"
                        id="import-file"
                        class="import-file"
                        accept=".csv,.txt,text/csv,text/plain"
                        on:change=on_file
                        data-testid="import-file"
                    />
                    {move || {
                        let l = locale.get();
                        match file.get() {
                            FileState::Idle => None,
                            FileState::Reading => {
                                Some(view! { <p class="muted" role="status">{T::ReadingFile.text(l)}</p> }.into_any())
                            }
                            FileState::Read(name) => {
                                Some(view! { <p class="muted">{T::ReadFrom.text(l)} " " <strong>{name}</strong></p> }.into_any())
                            }
                            FileState::Unreadable => {
                                Some(view! { <p class="form-error" role="alert">{T::FileUnreadable.text(l)}</p> }.into_any())
                            }
                            FileState::TooLarge => {
                                Some(view! { <p class="form-error" role="alert">{T::FileTooLarge.text(l)}</p> }.into_any())
                            }
                        }
                    }}
                </div>
                <div class="field">
                    <label for="import-text">{tr(T::PasteLabel)}</label>
                    <textarea
                        id="import-text"
                        class="import-text"
                        rows="6"
                        spellcheck="false"
                        autocomplete="off"
                        prop:value=move || text.get()
                        on:input=on_paste
                        data-testid="import-text"
                    ></textarea>
                </div>
            </div>
            <div class="import-preview" data-testid="import-preview">
                <h3>{tr(T::PreviewTitle)}</h3>
                // Only the one-line summary is announced, not the whole table.
                <div aria-live="polite">
                    {move || {
                        let l = locale.get();
                        parsed
                            .with(|p| match p {
                                None => view! { <p class="muted">{T::NothingYet.text(l)}</p> }.into_any(),
                                Some(p) if p.problems.is_empty() => {
                                    view! {
                                        <p class="import-ready" data-testid="import-ready">
                                            {text::ready(p.rows.len(), l)}
                                        </p>
                                    }
                                        .into_any()
                                }
                                Some(p) => {
                                    view! {
                                        <p class="form-error" data-testid="import-problems-summary">
                                            {text::problems_found(p.problems.len(), p.data_rows, l)}
                                        </p>
                                    }
                                        .into_any()
                                }
                            })
                    }}
                </div>
                {move || {
                    parsed
                        .with(|p| {
                            p.as_ref()
                                .filter(|p| !p.problems.is_empty())
                                .map(|p| view! { <ProblemTable problems=p.problems.clone() /> })
                        })
                }}
            </div>
            <div class="import-outcome" aria-live="polite">
            {move || {
                let l = locale.get();
                match outcome.get() {
                    Outcome::None => None,
                    Outcome::Imported(n) => {
                        Some(view! { <p class="notice" role="status" data-testid="import-done">{text::imported(n, l)}</p> }.into_any())
                    }
                    Outcome::Refused(problems) => {
                        Some(view! {
                            <div class="import-refused" data-testid="import-refused">
                                <p class="form-error" role="alert">{T::RefusedIntro.text(l)}</p>
                                <ProblemTable problems />
                            </div>
                        }.into_any())
                    }
                    Outcome::TooLarge => {
                        Some(view! { <p class="form-error" role="alert" data-testid="import-error">{T::TooLarge.text(l)}</p> }.into_any())
                    }
                    Outcome::Failed(e) => {
                        Some(view! { <p class="form-error" role="alert" data-testid="import-error">{error_text(&e, l)}</p> }.into_any())
                    }
                }
            }}
            </div>
            <div class="import-actions">
                <button
                    type="button"
                    class="btn btn-primary"
                    disabled=move || !ready()
                    on:click=on_send
                    data-testid="import-send"
                >
                    {move || {
                        let l = locale.get();
                        if send.pending().get() {
                            T::Importing.text(l).to_owned()
                        } else {
                            let n = parsed.with(|p| p.as_ref().map_or(0, |p| p.rows.len()));
                            text::import_button(n, l)
                        }
                    }}
                </button>
                <button type="button" class="btn btn-quiet" on:click=on_clear data-testid="import-clear">
                    {tr(T::Clear)}
                </button>
            </div>
        </section>
    }
}

/// Each problem on a line: row, column, words. The first [`PROBLEMS_SHOWN`] only.
#[component]
fn ProblemTable(problems: Vec<RowProblem>) -> impl IntoView {
    let locale = use_locale();
    let more = problems.len().saturating_sub(PROBLEMS_SHOWN);
    let rows = problems
        .into_iter()
        .take(PROBLEMS_SHOWN)
        .map(|p| {
            let row_attr = p.row.map(|r| r.to_string()).unwrap_or_default();
            let column_attr = p.column.clone().unwrap_or_default();
            let RowProblem {
                row,
                column,
                problem,
            } = p;
            view! {
                <tr data-testid="import-problem" data-row=row_attr data-column=column_attr>
                    <td class="num">{move || text::row(row, locale.get())}</td>
                    <td>
                        {match column {
                            Some(c) => view! { <code>{c}</code> }.into_any(),
                            None => view! { <span class="muted">{move || T::WholeRow.text(locale.get())}</span> }.into_any(),
                        }}
                    </td>
                    <td>{move || text::problem(&problem, locale.get())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="import-problems">
            <table class="figures">
                <thead>
                    <tr>
                        <th scope="col" class="num">{move || T::RowCol.text(locale.get())}</th>
                        <th scope="col">{move || T::ColumnCol.text(locale.get())}</th>
                        <th scope="col">{move || T::ProblemCol.text(locale.get())}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            {(more > 0).then(|| view! { <p class="muted">{move || text::more_problems(more, locale.get())}</p> })}
        </div>
    }
}

/// The documented format: every column, an example and the template to download.
#[component]
fn FormatHelp() -> impl IntoView {
    let locale = use_locale();
    let tr = move |t: T| move || t.text(locale.get());
    let required = [
        (Column::CustomerId, T::ColCustomerId),
        (Column::AnsweredOn, T::ColAnsweredOn),
        (Column::Recommend, T::ColRecommend),
        (Column::Overall, T::ColOverall),
    ]
    .map(|(c, t)| {
        view! {
            <tr>
                <th scope="row"><code>{c.name()}</code></th>
                <td>{tr(t)}</td>
            </tr>
        }
    });
    let attributes = ServiceAttribute::ALL.map(|a| {
        view! {
            <tr>
                <th scope="row">
                    <code>{Column::Satisfaction(a).name()}</code>
                    <br />
                    <code>{Column::Importance(a).name()}</code>
                </th>
                <td>
                    {move || {
                        let l = locale.get();
                        let colon = if l == Locale::ZhCn { "：" } else { ": " };
                        format!("{}{colon}{}", Msg::attribute(a).text(l), T::ColAttribute.text(l))
                    }}
                </td>
            </tr>
        }
    });
    view! {
        <details class="import-format">
            <summary>{tr(T::FormatTitle)}</summary>
            <p>{tr(T::FormatIntro)}</p>
            <div class="import-columns">
                <table class="figures">
                    <thead>
                        <tr>
                            <th scope="col">{tr(T::ColumnCol)}</th>
                            <th scope="col">{tr(T::MeaningCol)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {required.into_iter().collect_view()}
                        {attributes.into_iter().collect_view()}
                    </tbody>
                </table>
            </div>
            <p class="muted">{tr(T::FormatNotes)}</p>
            <p><strong>{tr(T::Example)}</strong></p>
            <pre class="import-example" data-testid="import-example"><code>{parse::EXAMPLE}</code></pre>
            <p>
                <a
                    class="btn"
                    href=parse::template_href()
                    download="clientbook-surveys-template.csv"
                    data-testid="import-template"
                >
                    {tr(T::DownloadTemplate)}
                </a>
            </p>
        </details>
    }
}

/// Reading a chosen file without more browser bindings than the app already has: the
/// file list through `Reflect`, the text through the `Blob.text()` promise.
mod files {
    use futures::channel::oneshot;
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};

    /// The first chosen file: its name and contents.
    pub fn first(input: &web_sys::HtmlInputElement) -> Option<(String, web_sys::Blob)> {
        let files = js_sys::Reflect::get(input, &JsValue::from_str("files")).ok()?;
        let file = js_sys::Reflect::get(&files, &JsValue::from_f64(0.0)).ok()?;
        let name = js_sys::Reflect::get(&file, &JsValue::from_str("name"))
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_default();
        file.dyn_into::<web_sys::Blob>().ok().map(|b| (name, b))
    }

    /// The file's text (UTF-8); `None` when it cannot be read.
    pub async fn text(blob: &web_sys::Blob) -> Option<String> {
        let (tx, rx) = oneshot::channel::<Option<String>>();
        let tx = Rc::new(RefCell::new(Some(tx)));
        let answer = |tx: Rc<RefCell<Option<oneshot::Sender<Option<String>>>>>, ok: bool| {
            Closure::<dyn FnMut(JsValue)>::new(move |v: JsValue| {
                if let Some(tx) = tx.borrow_mut().take() {
                    let _ = tx.send(if ok { v.as_string() } else { None });
                }
            })
        };
        let (resolved, rejected) = (answer(Rc::clone(&tx), true), answer(tx, false));
        let _ = blob.text().then2(&resolved, &rejected);
        let out = rx.await.ok().flatten();
        // The closures live until the promise has settled, then are freed.
        drop((resolved, rejected));
        out
    }
}
