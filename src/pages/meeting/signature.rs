//! A signature pad: the client signs with a finger. Pointer events on an SVG surface
//! record strokes of points (in the pad's pixels), drawn back as polylines; the strokes
//! are what is stored and hashed with the summary.

use leptos::prelude::*;

/// Width and height of the pad, in its own pixels (scaled by CSS).
pub const PAD: (u32, u32) = (600, 200);

#[component]
pub fn SignaturePad(
    /// The strokes drawn so far.
    strokes: RwSignal<Vec<Vec<[i32; 2]>>>,
    /// The pad's accessible name.
    #[prop(into)]
    label: Signal<String>,
) -> impl IntoView {
    let drawing = StoredValue::new(false);
    // The pad is scaled by CSS: map the event's offset to the pad's own pixels.
    let point = move |ev: &leptos::ev::PointerEvent| -> [i32; 2] {
        let (w, h) = ev
            .current_target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .map(|e| (e.client_width().max(1), e.client_height().max(1)))
            .unwrap_or((PAD.0 as i32, PAD.1 as i32));
        [
            ev.offset_x() * PAD.0 as i32 / w,
            ev.offset_y() * PAD.1 as i32 / h,
        ]
    };
    let down = move |ev: leptos::ev::PointerEvent| {
        ev.prevent_default();
        drawing.set_value(true);
        let p = point(&ev);
        strokes.update(|s| s.push(vec![p]));
    };
    let moved = move |ev: leptos::ev::PointerEvent| {
        if drawing.get_value() {
            let p = point(&ev);
            strokes.update(|s| {
                if let Some(last) = s.last_mut() {
                    last.push(p);
                }
            });
        }
    };
    let up = move |_: leptos::ev::PointerEvent| drawing.set_value(false);
    view! {
        <svg
            class="mt-signature"
            role="img"
            aria-label=label
            data-testid="mt-signature"
            viewBox=format!("0 0 {} {}", PAD.0, PAD.1)
            on:pointerdown=down
            on:pointermove=moved
            on:pointerup=up
            on:pointerleave=up
        >
            {move || {
                strokes
                    .get()
                    .into_iter()
                    .map(|s| {
                        let points = s
                            .iter()
                            .map(|[x, y]| format!("{x},{y}"))
                            .collect::<Vec<_>>()
                            .join(" ");
                        view! { <polyline points=points /> }
                    })
                    .collect_view()
            }}
        </svg>
    }
}
