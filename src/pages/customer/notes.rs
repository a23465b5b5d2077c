//! Notes: add one, edit one (the earlier texts stay as its history). Text is always
//! rendered as text, never as markup.

use super::form_model::note_problems;
use super::forms::{FormFeedback, FormStatus, Submit, TextField};
use super::text::T;
use super::{tr, use_page, Loaded};
use crate::api::customer as capi;
use crate::state::{use_clock, use_locale};
use chrono::{DateTime, Utc};
use clientbook_domain::service::{EditNote, NewNote, Note};
use clientbook_domain::CustomerId;
use leptos::prelude::*;
use std::sync::Arc;

/// In the bank's time zone.
fn when(t: DateTime<Utc>) -> String {
    use_clock().format(t)
}

#[component]
pub fn NotesSection(loaded: Arc<Loaded>) -> impl IntoView {
    let id = loaded.id();
    let notes = loaded.detail.notes.clone();
    let empty = notes.is_empty();
    view! {
        <section class="cv-card" id="cv-notes" aria-labelledby="cv-notes-title">
            <h2 id="cv-notes-title">{tr(T::NotesTitle)}</h2>
            <NewNoteForm id />
            {empty.then(|| view! { <p class="muted">{tr(T::NoNotes)}</p> })}
            <ul class="cv-notes" data-testid="notes">
                {notes.into_iter().map(|n| view! { <NoteItem id note=n /> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn NewNoteForm(id: CustomerId) -> impl IntoView {
    let locale = use_locale();
    let page = use_page();
    let status = FormStatus::new();
    let text = RwSignal::new(String::new());
    let save = Action::new_local(move |req: &NewNote| {
        let req = req.clone();
        async move { capi::create_note(id, &req).await }
    });
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            if status.answer(r, locale.get_untracked()).is_some() {
                page.saved(T::NoteSaved);
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let t = text.get_untracked();
        match note_problems(&t, locale.get_untracked()) {
            Err(p) => status.invalid(p),
            Ok(()) => {
                status.clear();
                save.dispatch(NewNote {
                    text: t.trim().to_owned(),
                });
            }
        }
    };
    view! {
        <form class="cv-form" novalidate on:submit=submit data-testid="note-form" aria-label=tr(T::NewNote)>
            <TextField value=text status field="text" id="note-new" caption=T::NewNote multiline=true />
            <FormFeedback status />
            <Submit pending=save.pending().into() caption=T::AddNote testid="note-submit" />
        </form>
    }
}

/// After someone else saved the note first: their text beside the user's draft, and the
/// two ways forward besides reloading (taking theirs): save the draft over theirs, or put
/// both texts in the box to edit into one before saving.
#[component]
fn NoteMerge(
    now: Note,
    draft: RwSignal<String>,
    version: RwSignal<i64>,
    status: FormStatus,
    save: Action<EditNote, Result<capi::Written<Note>, crate::api::ApiError>>,
) -> impl IntoView {
    let combined = RwSignal::new(false);
    let (their_text, their_version) = (now.text.clone(), now.version);
    let keep_mine = move |_| {
        version.set(their_version);
        status.clear();
        save.dispatch(EditNote {
            text: draft.get_untracked().trim().to_owned(),
            version: their_version,
        });
    };
    let combine = {
        let their_text = their_text.clone();
        move |_| {
            let mine = draft.get_untracked();
            draft.set(format!("{}\n\n{}", their_text.trim(), mine.trim()));
            version.set(their_version);
            combined.set(true);
        }
    };
    view! {
        <div class="cv-merge" data-testid="merge">
            <p class="muted cv-small">
                {tr(T::MergeTheirs)} " " {now.edited_by_name.clone()} " · " {when(now.edited_at)}
            </p>
            <p class="cv-text cv-merge-theirs" data-testid="merge-theirs">{their_text}</p>
            <Show
                when=move || combined.get()
                fallback=move || {
                    let combine = combine.clone();
                    view! {
                        <div class="cv-actions">
                            <button type="button" class="btn" data-testid="merge-keep-mine" on:click=keep_mine>
                                {tr(T::MergeKeepMine)}
                            </button>
                            <button type="button" class="btn" data-testid="merge-combine" on:click=combine>
                                {tr(T::MergeCombine)}
                            </button>
                        </div>
                    }
                }
            >
                <p class="muted" role="status" data-testid="merge-combined">{tr(T::MergeCombined)}</p>
            </Show>
        </div>
    }
}

#[component]
fn NoteItem(id: CustomerId, note: Note) -> impl IntoView {
    let locale = use_locale();
    let page = use_page();
    let status = FormStatus::new();
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(note.text.clone());
    let note_id = note.id;
    // The version the edit is based on: after a conflict, the one saved meanwhile, once
    // the user has chosen to keep or combine their text with it.
    let version = RwSignal::new(note.version);
    let theirs = status.stale_current::<Note>();
    let save = Action::new_local(move |req: &EditNote| {
        let req = req.clone();
        async move { capi::edit_note(id, note_id, &req).await }
    });
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            if status.answer(r, locale.get_untracked()).is_some() {
                page.saved(T::NoteSaved);
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let t = draft.get_untracked();
        match note_problems(&t, locale.get_untracked()) {
            Err(p) => status.invalid(p),
            Ok(()) => {
                status.clear();
                save.dispatch(EditNote {
                    text: t.trim().to_owned(),
                    version: version.get_untracked(),
                });
            }
        }
    };
    let edited = note.version > 1;
    let byline = format!("{} · {}", when(note.written_at), note.author_name);
    let edit_line = edited.then(|| format!("{} · {}", note.edited_by_name, when(note.edited_at)));
    let revisions = note.revisions.clone();
    let text = note.text.clone();
    let field_id = format!("note-{note_id}-text");
    view! {
        <li class="cv-note" data-testid=format!("note-{note_id}")>
            <Show
                when=move || editing.get()
                fallback={
                    let text = text.clone();
                    move || view! { <p class="cv-text" data-testid="note-text">{text.clone()}</p> }
                }
            >
                <form class="cv-form" novalidate on:submit=submit aria-label=tr(T::Edit)>
                    <TextField value=draft status field="text" id=field_id.clone() caption=T::NoteText multiline=true />
                    <FormFeedback status />
                    {move || theirs.get().map(|now| view! { <NoteMerge now draft version status save /> })}
                    <div class="cv-actions">
                        <Submit pending=save.pending().into() caption=T::SaveEdit testid="note-save" />
                        <button type="button" class="btn btn-quiet" on:click=move |_| editing.set(false)>
                            {tr(T::Cancel)}
                        </button>
                    </div>
                </form>
            </Show>
            <p class="muted cv-small">
                {byline}
                {edit_line.map(|e| view! { " · " {tr(T::EditedBy)} " " {e} })}
            </p>
            <Show when=move || !editing.get()>
                <button type="button" class="btn btn-small" on:click=move |_| editing.set(true) data-testid="note-edit">
                    {tr(T::Edit)}
                </button>
            </Show>
            {(!revisions.is_empty())
                .then(|| {
                    view! {
                        <details class="cv-history">
                            <summary>{tr(T::Earlier)} " (" {revisions.len()} ")"</summary>
                            <ol>
                                {revisions
                                    .iter()
                                    .map(|r| {
                                        view! {
                                            <li>
                                                <p class="cv-text">{r.text.clone()}</p>
                                                <p class="muted cv-small">
                                                    {format!("v{} · {} · {}", r.version, when(r.written_at), r.written_by_name)}
                                                </p>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ol>
                        </details>
                    }
                })}
        </li>
    }
}
