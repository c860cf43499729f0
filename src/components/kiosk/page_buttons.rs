//! 上一页 / 下一页: paged reading for people who cannot swipe-scroll
//! precisely. Each press moves the reading area by most of its height
//! (a line or two stays in view, so the reader keeps their place); touch
//! scrolling works as well. A button is disabled at its end.

use leptos::html;
use leptos::prelude::*;

use crate::tk;

/// How much of the area one page moves: the rest stays in view.
const PAGE_FRACTION: f64 = 0.85;

#[component]
pub fn PageButtons(
    /// The scrolling reading area.
    target: NodeRef<html::Div>,
    /// Anything that may change the area's content or size (the route, the
    /// clock's tick): the buttons' state is looked at again when it does.
    #[prop(into)]
    recheck: Signal<String>,
) -> impl IntoView {
    let at_top = RwSignal::new(true);
    let at_bottom = RwSignal::new(true);
    let check = move || {
        if let Some(area) = target.get_untracked() {
            let top = area.scroll_top();
            at_top.set(top <= 1);
            at_bottom.set(top + area.client_height() >= area.scroll_height() - 1);
        }
    };
    Effect::new(move |_| {
        recheck.track();
        target.track();
        check();
    });
    let page = move |down: bool| {
        if let Some(area) = target.get_untracked() {
            let step = (f64::from(area.client_height()) * PAGE_FRACTION).max(1.0);
            let options = web_sys::ScrollToOptions::new();
            options.set_top(if down { step } else { -step });
            options.set_behavior(web_sys::ScrollBehavior::Instant);
            area.scroll_by_with_scroll_to_options(&options);
        }
        check();
    };

    view! {
        <div class="gk-kiosk-pager" role="group" aria-label=tk!(kiosk_page_down)>
            <button type="button" class="gk-kiosk-button gk-kiosk-pager__up"
                disabled=move || at_top.get()
                on:click=move |_| page(false)>
                <span aria-hidden="true">"▲ "</span>{tk!(kiosk_page_up)}
            </button>
            <button type="button" class="gk-kiosk-button gk-kiosk-pager__down"
                disabled=move || at_bottom.get()
                on:click=move |_| page(true)>
                <span aria-hidden="true">"▼ "</span>{tk!(kiosk_page_down)}
            </button>
        </div>
        <ScrollWatch target=target on_scroll=Callback::new(move |()| check())/>
    }
}

/// Calls `on_scroll` whenever `target` scrolls, or its content changes size
/// (a page that has loaded, text made larger), until the view goes.
#[component]
fn ScrollWatch(target: NodeRef<html::Div>, on_scroll: Callback<()>) -> impl IntoView {
    use wasm_bindgen::prelude::*;
    Effect::new(move |_| {
        let Some(area) = target.get() else { return };
        let closure = Closure::<dyn Fn()>::new(move || on_scroll.run(()));
        let _ = area.add_event_listener_with_callback("scroll", closure.as_ref().unchecked_ref());
        let observer = web_sys::ResizeObserver::new(closure.as_ref().unchecked_ref()).ok();
        if let Some(observer) = &observer {
            observer.observe(&area);
            if let Some(content) = area.first_element_child() {
                observer.observe(&content);
            }
        }
        // Each person's session has a reading area of its own: let go of
        // it with the session.
        let watch = send_wrapper::SendWrapper::new((area, closure, observer));
        on_cleanup(move || {
            let (area, closure, observer) = watch.take();
            let _ = area
                .remove_event_listener_with_callback("scroll", closure.as_ref().unchecked_ref());
            if let Some(observer) = observer {
                observer.disconnect();
            }
        });
    });
}
