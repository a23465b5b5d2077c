//! The one way to draw a form field: a label tied to its input, the input bound to a
//! signal, and the field's problem under it, named by the input's `aria-describedby` and
//! announced when it appears. Every form of the app uses it: sign-in, administration,
//! the customer forms and what-if, the audit filters, the complaints analysis month and
//! the branch's customer search (a combobox, see [`Combobox`]).

use leptos::prelude::*;

/// What an input takes, which decides its element, `type` and on-screen keyboard.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InputKind {
    #[default]
    Text,
    Password,
    Date,
    /// Digits only (a count of days, an id): numeric keyboard.
    WholeNumber,
    /// An amount ("1,000,000.50"): decimal keyboard.
    Amount,
    /// Several lines of text (a `<textarea>`).
    Multiline,
    /// A month (`YYYY-MM`).
    Month,
    /// Words to search for (a search keyboard, a clear button).
    Search,
}

impl InputKind {
    /// The `type` of the `<input>` (none for a multiline field).
    const fn input_type(self) -> &'static str {
        match self {
            InputKind::Password => "password",
            InputKind::Date => "date",
            InputKind::Month => "month",
            InputKind::Search => "search",
            InputKind::Text | InputKind::WholeNumber | InputKind::Amount | InputKind::Multiline => {
                "text"
            }
        }
    }

    /// The `inputmode` hint for touch keyboards, when the type does not imply one.
    const fn input_mode(self) -> Option<&'static str> {
        match self {
            InputKind::WholeNumber => Some("numeric"),
            InputKind::Amount => Some("decimal"),
            _ => None,
        }
    }
}

/// What the browser may fill in (`autocomplete`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Autocomplete {
    /// Nothing: a field about someone else (a new account, a policy figure).
    Off,
    Username,
    CurrentPassword,
    NewPassword,
}

impl Autocomplete {
    const fn token(self) -> &'static str {
        match self {
            Autocomplete::Off => "off",
            Autocomplete::Username => "username",
            Autocomplete::CurrentPassword => "current-password",
            Autocomplete::NewPassword => "new-password",
        }
    }
}

/// A text field that suggests matches in a list below it (the ARIA combobox pattern): the
/// input names the list, says whether it is open and which option is active, and its
/// keys (arrows, Enter, Escape) are the caller's.
#[derive(Clone, Copy)]
pub struct Combobox {
    /// The id of the list of matches.
    pub listbox: &'static str,
    /// The list is shown.
    pub expanded: Signal<bool>,
    /// The id of the active option, if any.
    pub active: Signal<Option<String>>,
    pub on_key: Callback<leptos::ev::KeyboardEvent>,
}

/// The id of the problem under the input whose id is `id`.
pub fn error_id(id: &str) -> String {
    format!("{id}-error")
}

/// A labelled text input with its inline problem.
#[component]
pub fn TextField(
    /// The input's id (unique on the page); the label points at it and the problem's id
    /// is derived from it ([`error_id`]).
    #[prop(into)]
    id: String,
    /// The visible label.
    #[prop(into)]
    label: Signal<String>,
    /// The text typed so far.
    value: RwSignal<String>,
    #[prop(optional)] kind: InputKind,
    /// The problem with this field, shown under it (none: the field has no inline problem).
    #[prop(optional, into)]
    error: Option<Signal<Option<String>>>,
    /// The field is wrong for a reason shown elsewhere (a form-level problem); the
    /// input is marked invalid without a message of its own.
    #[prop(optional, into)]
    invalid: Option<Signal<bool>>,
    /// The id of a form-level message that also describes this input.
    #[prop(optional)]
    described_by: Option<&'static str>,
    /// Words after the label in a quieter style, such as "(optional)".
    #[prop(optional, into)]
    note: MaybeProp<String>,
    /// The form cannot be sent without it (announced; the form checks it itself).
    #[prop(optional)]
    required: bool,
    #[prop(optional)] autocomplete: Option<Autocomplete>,
    /// The server's name for the field: the input's `name`, and the problem's
    /// `data-field` and test id (see [`FieldError`]).
    #[prop(optional)]
    field: Option<&'static str>,
    /// A test id for the input.
    #[prop(optional)]
    testid: Option<&'static str>,
    /// A class added to the field's box (beside `field`).
    #[prop(optional)]
    class: Option<&'static str>,
    /// Called with the text after each keystroke (the value is already set).
    #[prop(optional)]
    on_input: Option<Callback<String>>,
    /// Called with the text when the input is committed (`change`: a date or month
    /// picked, the field left).
    #[prop(optional)]
    on_change: Option<Callback<String>>,
    /// The field suggests matches (rendered by the caller as `children`).
    #[prop(optional)]
    combobox: Option<Combobox>,
    /// What follows the input inside the field (a hint, a list of matches).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let err_id = error_id(&id);
    let describedby = match (error.is_some(), described_by) {
        (true, Some(other)) => Some(format!("{err_id} {other}")),
        (true, None) => Some(err_id.clone()),
        (false, Some(other)) => Some(other.to_owned()),
        (false, None) => None,
    };
    let is_invalid =
        move || error.is_some_and(|e| e.with(Option::is_some)) || invalid.is_some_and(|i| i.get());
    let aria_invalid = move || if is_invalid() { "true" } else { "false" };
    // A username or a password is never spell-checked or capitalised.
    let literal = matches!(
        autocomplete,
        Some(Autocomplete::Username | Autocomplete::CurrentPassword | Autocomplete::NewPassword)
    );
    let typed = move |text: String| {
        value.set(text.clone());
        if let Some(f) = on_input {
            f.run(text);
        }
    };
    let committed = move |text: String| {
        if let Some(f) = on_change {
            f.run(text);
        }
    };
    let input = if kind == InputKind::Multiline {
        view! {
            <textarea
                id=id.clone()
                name=field
                rows="3"
                autocomplete=autocomplete.map(Autocomplete::token)
                aria-invalid=aria_invalid
                aria-describedby=describedby
                aria-required=required.then_some("true")
                data-testid=testid
                prop:value=move || value.get()
                on:input=move |ev| typed(event_target_value(&ev))
                on:change=move |ev| committed(event_target_value(&ev))
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                name=field
                type=kind.input_type()
                inputmode=kind.input_mode()
                autocomplete=autocomplete.map(Autocomplete::token)
                autocapitalize=literal.then_some("none")
                spellcheck=literal.then_some("false")
                aria-invalid=aria_invalid
                aria-describedby=describedby
                aria-required=required.then_some("true")
                data-testid=testid
                role=combobox.map(|_| "combobox")
                aria-autocomplete=combobox.map(|_| "list")
                aria-controls=combobox.map(|c| c.listbox)
                aria-expanded=move || combobox.map(|c| c.expanded.get().to_string())
                aria-activedescendant=move || combobox.and_then(|c| c.active.get())
                prop:value=move || value.get()
                on:input=move |ev| typed(event_target_value(&ev))
                on:change=move |ev| committed(event_target_value(&ev))
                on:keydown=move |ev| {
                    if let Some(c) = combobox {
                        c.on_key.run(ev);
                    }
                }
            />
        }
        .into_any()
    };
    let problem =
        error.map(|error| view! { <FieldError id=err_id error field=field.unwrap_or_default() /> });
    let class = match class {
        Some(more) => format!("field {more}"),
        None => "field".to_owned(),
    };
    view! {
        <div class=class>
            <label for=id>
                {move || label.get()}
                {move || note.get().map(|note| view! { " " <span class="muted">{note}</span> })}
            </label>
            {input}
            {problem}
            {children.map(|c| c())}
        </div>
    }
}

/// A field's problem under its control, empty (and hidden) while there is none; the
/// control's `aria-describedby` names `id`. [`TextField`] draws its own; a select or a
/// row of chips puts one under itself.
#[component]
pub fn FieldError(
    #[prop(into)] id: String,
    #[prop(into)] error: Signal<Option<String>>,
    /// The server's name for the field (`data-field`; test id `field-error-{field}` while
    /// there is a problem); none when empty.
    #[prop(optional)]
    field: &'static str,
) -> impl IntoView {
    let field = (!field.is_empty()).then_some(field);
    // The test id only while there is a problem: two forms of a page may share a field
    // name, and a test waits for the one problem shown.
    let testid = move || {
        field
            .filter(|_| error.with(Option::is_some))
            .map(|f| format!("field-error-{f}"))
    };
    view! {
        <p class="field-error" id=id data-field=field data-testid=testid aria-live="polite">
            {move || error.get()}
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn amounts_and_counts_bring_up_a_number_keyboard_on_a_text_input() {
        assert_eq!(InputKind::Amount.input_type(), "text");
        assert_eq!(InputKind::Amount.input_mode(), Some("decimal"));
        assert_eq!(InputKind::WholeNumber.input_mode(), Some("numeric"));
        assert_eq!(InputKind::Password.input_type(), "password");
        assert_eq!(InputKind::Date.input_mode(), None);
        assert_eq!(InputKind::Month.input_type(), "month");
        assert_eq!(InputKind::Search.input_type(), "search");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_problem_is_named_after_its_input() {
        assert_eq!(error_id("new-password"), "new-password-error");
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests {
    use super::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    async fn the_label_names_the_input_and_the_problem_describes_it() {
        let host = document().create_element("div").unwrap();
        document().body().unwrap().append_child(&host).unwrap();
        let value = RwSignal::new(String::new());
        let problem = RwSignal::new(None::<String>);
        let _mounted = leptos::mount::mount_to(host.clone().unchecked_into(), move || {
            view! {
                <TextField
                    id="t-password"
                    label="Password"
                    value
                    kind=InputKind::Password
                    error=problem
                    required=true
                    autocomplete=Autocomplete::NewPassword
                    field="password"
                />
            }
        });
        let input = host.query_selector("input").unwrap().unwrap();
        let label = host.query_selector("label").unwrap().unwrap();
        let error = host.query_selector("p.field-error").unwrap().unwrap();
        assert_eq!(label.get_attribute("for").as_deref(), Some("t-password"));
        assert_eq!(input.id(), "t-password");
        assert_eq!(input.get_attribute("type").as_deref(), Some("password"));
        assert_eq!(
            input.get_attribute("autocomplete").as_deref(),
            Some("new-password")
        );
        assert_eq!(
            input.get_attribute("aria-required").as_deref(),
            Some("true")
        );
        assert_eq!(
            input.get_attribute("aria-describedby").as_deref(),
            Some("t-password-error")
        );
        assert_eq!(error.id(), "t-password-error");
        assert_eq!(
            input.get_attribute("aria-invalid").as_deref(),
            Some("false")
        );
        assert_eq!(
            error.get_attribute("data-testid"),
            None,
            "no test id while fine"
        );

        problem.set(Some("At least 12 characters.".into()));
        leptos::task::tick().await;
        assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
        assert_eq!(
            error.text_content().as_deref(),
            Some("At least 12 characters.")
        );
        assert_eq!(
            error.get_attribute("data-testid").as_deref(),
            Some("field-error-password")
        );

        // Typing reaches the signal.
        let typed: web_sys::HtmlInputElement = input.unchecked_into();
        typed.set_value("a-long-enough-password");
        typed
            .dispatch_event(&web_sys::Event::new("input").unwrap())
            .unwrap();
        assert_eq!(value.get_untracked(), "a-long-enough-password");
        host.remove();
    }

    #[wasm_bindgen_test]
    async fn a_combobox_names_its_list_and_hands_keys_and_commits_to_the_caller() {
        let host = document().create_element("div").unwrap();
        document().body().unwrap().append_child(&host).unwrap();
        let value = RwSignal::new(String::new());
        let open = RwSignal::new(false);
        let keys = RwSignal::new(Vec::<String>::new());
        let typed = RwSignal::new(Vec::<String>::new());
        let committed = RwSignal::new(None::<String>);
        let combobox = Combobox {
            listbox: "t-matches",
            expanded: open.into(),
            active: Signal::derive(move || open.get().then(|| "t-option-1".to_owned())),
            on_key: Callback::new(move |ev: leptos::ev::KeyboardEvent| {
                keys.update(|k| k.push(ev.key()))
            }),
        };
        let _mounted = leptos::mount::mount_to(host.clone().unchecked_into(), move || {
            view! {
                <TextField
                    id="t-search"
                    label="Find"
                    value
                    kind=InputKind::Search
                    class="t-extra"
                    combobox
                    on_input=Callback::new(move |t| typed.update(|v| v.push(t)))
                    on_change=Callback::new(move |t| committed.set(Some(t)))
                >
                    <ul id="t-matches" role="listbox"></ul>
                </TextField>
            }
        });
        let field = host.query_selector("div.field.t-extra").unwrap().unwrap();
        let input = field.query_selector("input").unwrap().unwrap();
        assert!(
            field.query_selector("#t-matches").unwrap().is_some(),
            "children inside the field"
        );
        assert_eq!(input.get_attribute("type").as_deref(), Some("search"));
        assert_eq!(input.get_attribute("role").as_deref(), Some("combobox"));
        assert_eq!(
            input.get_attribute("aria-controls").as_deref(),
            Some("t-matches")
        );
        assert_eq!(
            input.get_attribute("aria-expanded").as_deref(),
            Some("false")
        );
        assert_eq!(input.get_attribute("aria-activedescendant"), None);

        open.set(true);
        leptos::task::tick().await;
        assert_eq!(
            input.get_attribute("aria-expanded").as_deref(),
            Some("true")
        );
        assert_eq!(
            input.get_attribute("aria-activedescendant").as_deref(),
            Some("t-option-1")
        );

        let typed_in: web_sys::HtmlInputElement = input.clone().unchecked_into();
        typed_in.set_value("王");
        typed_in
            .dispatch_event(&web_sys::Event::new("input").unwrap())
            .unwrap();
        assert_eq!(value.get_untracked(), "王");
        assert_eq!(typed.get_untracked(), vec!["王".to_owned()]);
        typed_in
            .dispatch_event(&web_sys::Event::new("change").unwrap())
            .unwrap();
        assert_eq!(committed.get_untracked().as_deref(), Some("王"));
        let key = web_sys::KeyboardEvent::new("keydown").unwrap();
        input.dispatch_event(&key).unwrap();
        assert_eq!(keys.get_untracked().len(), 1, "the key reached the caller");
        host.remove();
    }
}
