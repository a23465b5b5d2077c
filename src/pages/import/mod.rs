//! `/import`: a bank's own customers and holdings from a file (admins and branch
//! managers; the server scopes a branch manager's import to their branch). The page
//! walks through the import's stages: choose the kind and the file ([`choose`]), watch it
//! upload and then being checked, with a Cancel that works in both ([`progress`]), read
//! the report and decide the proposed merges ([`report`], [`merges`]), then commit or
//! cancel; after a commit a summary links to the book ([`done`]).

mod choose;
mod done;
pub mod field_text;
mod merges;
mod progress;
mod report;
pub mod text;

use crate::api::import::Upload;
use crate::api::ApiError;
use crate::components::error_view::error_text;
use crate::state::{use_locale, use_session};
use clientbook_domain::api::Role;
use clientbook_domain::import::ImportSummary;
use leptos::prelude::*;
use text::T;

/// Where the import stands.
#[derive(Clone, Debug, PartialEq)]
enum Stage {
    Choose,
    /// The file is being sent ([`Flow::sent`] says how far).
    Uploading,
    /// Received; the server is reading and checking it.
    Checking(i64),
    /// Checked (or failed, or cancelled elsewhere): the report.
    Report(i64),
    Committed(Box<ImportSummary>),
}

/// A sentence above the stage: what just happened, or went wrong.
#[derive(Clone, Debug, PartialEq)]
enum Notice {
    Said(T),
    Problem(T),
    Failed(ApiError),
}

/// The page's shared state, given to its parts by context.
#[derive(Clone, Copy)]
struct Flow {
    stage: RwSignal<Stage>,
    notice: RwSignal<Option<Notice>>,
    /// Bytes sent of the file's total, while uploading.
    sent: RwSignal<(f64, f64)>,
    session: crate::state::SessionContext,
    /// The upload under way, to abort it.
    upload: StoredValue<Option<Upload>, LocalStorage>,
}

impl Flow {
    fn go(self, stage: Stage) {
        self.stage.set(stage);
    }

    fn say(self, notice: Notice) {
        self.notice.set(Some(notice));
    }

    fn failed(self, e: ApiError) {
        if e == ApiError::Unauthorized {
            self.session.session_expired();
        }
        self.say(Notice::Failed(e));
    }
}

fn use_flow() -> Flow {
    expect_context::<Flow>()
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let may_import = move || {
        session
            .user()
            .is_some_and(|me| matches!(me.role, Role::Admin | Role::BranchManager))
    };
    view! {
        <section class="page imp-page" aria-labelledby="imp-title" data-testid="import-page">
            <h1 id="imp-title">{move || T::Title.text(locale.get())}</h1>
            <Show
                when=may_import
                fallback=move || view! { <p class="form-error" role="alert">{move || T::NotForRole.text(locale.get())}</p> }
            >
                <ImportFlow />
            </Show>
        </section>
    }
}

#[component]
fn ImportFlow() -> impl IntoView {
    let locale = use_locale();
    let flow = Flow {
        stage: RwSignal::new(Stage::Choose),
        notice: RwSignal::new(None),
        sent: RwSignal::new((0.0, 0.0)),
        session: use_session(),
        upload: StoredValue::new_local(None),
    };
    provide_context(flow);
    on_cleanup(move || {
        // Leaving the page stops an upload still under way.
        flow.upload.try_with_value(|u| {
            if let Some(u) = u {
                u.abort();
            }
        });
    });
    let notice = move || {
        let l = locale.get();
        flow.notice.get().map(|n| match n {
            Notice::Said(t) => {
                view! { <p class="notice" role="status" data-testid="import-notice">{t.text(l)}</p> }.into_any()
            }
            Notice::Problem(t) => {
                view! { <p class="form-error" role="alert" data-testid="import-error">{t.text(l)}</p> }.into_any()
            }
            Notice::Failed(e) => {
                let words = match &e {
                    // The server's own sentence says which rule refused (a 409's reason).
                    ApiError::Server(m) if !m.is_empty() && l == crate::i18n::Locale::En => m.clone(),
                    ApiError::Server(m) if !m.is_empty() => format!("{}（{m}）", error_text(&e, l)),
                    ApiError::Validation(fields) => {
                        let list: Vec<String> =
                            fields.iter().map(|f| format!("{}: {}", f.field, f.problem)).collect();
                        format!("{} ({})", error_text(&e, l), list.join("; "))
                    }
                    _ => error_text(&e, l),
                };
                view! { <p class="form-error" role="alert" data-testid="import-error">{words}</p> }.into_any()
            }
        })
    };
    view! {
        <p class="muted">{move || T::Intro.text(locale.get())}</p>
        <div aria-live="polite">{notice}</div>
        {move || match flow.stage.get() {
            Stage::Choose => view! { <choose::ChooseFile /> }.into_any(),
            Stage::Uploading => view! { <progress::UploadProgress /> }.into_any(),
            Stage::Checking(id) => view! { <progress::CheckingProgress id /> }.into_any(),
            Stage::Report(id) => view! { <report::ImportReport id /> }.into_any(),
            Stage::Committed(summary) => view! { <done::Committed summary=*summary /> }.into_any(),
        }}
    }
}
