//! The few browser services the UI needs: the clock, the time zone offset, the clipboard and text
//! selection.
//! Kept here so that components stay plain and the rest of the crate never touches the browser.

/// Now, in Unix seconds. (Natively, where the components are rendered to HTML in tests, the
/// system clock.)
pub fn now() -> i64 {
    #[cfg(target_arch = "wasm32")]
    return (js_sys::Date::now() / 1000.0).floor() as i64;
    #[cfg(not(target_arch = "wasm32"))]
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The viewer's offset from UTC in minutes east (UTC+01:00 is 60); natively UTC.
pub fn utc_offset_minutes() -> i32 {
    #[cfg(target_arch = "wasm32")]
    return -(js_sys::Date::new_0().get_timezone_offset() as i32);
    #[cfg(not(target_arch = "wasm32"))]
    0
}

/// Copies `text` to the clipboard; resolves to whether it worked.
pub async fn copy(text: String) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let promise = window.navigator().clipboard().write_text(&text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// Whether the system asks for dark colours.
pub fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Sets (or with `None` removes) the page's theme attribute, which the style sheet follows.
pub fn set_theme(theme: Option<&str>) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = match theme {
        Some(t) => root.set_attribute("data-theme", t),
        None => root.remove_attribute("data-theme"),
    };
}

/// Selects the text inside `element`, so it can be copied by hand when the Clipboard API fails.
pub fn select_contents(element: &web_sys::Element) {
    if let Some(selection) = web_sys::window().and_then(|w| w.get_selection().ok().flatten()) {
        let _ = selection.select_all_children(element);
    }
}

/// Moves keyboard focus to the element with `id`, when there is one.
pub fn focus_by_id(id: &str) {
    if let Some(el) = html_element_by_id(id) {
        let _ = el.focus();
    }
}

/// Moves keyboard focus to the element with `id` without scrolling it into view: for an element
/// at the top of a page that has just started, where scrolling would only make the browser lay
/// the page out there and then (measured: most of the 7.5 ms the app's first focus took).
pub fn focus_in_place_by_id(id: &str) {
    if let Some(el) = html_element_by_id(id) {
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = el.focus_with_options(&options);
    }
}

fn html_element_by_id(id: &str) -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    web_sys::window()?
        .document()?
        .get_element_by_id(id)?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()
}

/// The text pasted into the loading shell before the app started, removing the shell (empty
/// when there is none, as in tests).
pub fn take_shell_input() -> String {
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return String::new();
    };
    let text = document
        .get_element_by_id("shell-input")
        .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        .map(|t| t.value())
        .unwrap_or_default();
    if let Some(shell) = document.get_element_by_id("shell") {
        shell.remove();
    }
    text
}

/// Calls `on_text` with what is pasted anywhere on the page outside a text field, so Ctrl+V
/// works without first clicking the paste area. The returned guard removes the listener.
pub fn on_paste_outside_fields(on_text: impl Fn(String) + 'static) -> Option<PasteListener> {
    use wasm_bindgen::prelude::Closure;
    use wasm_bindgen::JsCast;
    let document = web_sys::window()?.document()?;
    let closure =
        Closure::<dyn Fn(web_sys::ClipboardEvent)>::new(move |e: web_sys::ClipboardEvent| {
            let in_field = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|el| {
                    matches!(el.tag_name().as_str(), "TEXTAREA" | "INPUT" | "SELECT")
                });
            if in_field {
                return;
            }
            if let Some(text) = e
                .clipboard_data()
                .and_then(|d| d.get_data("text/plain").ok())
            {
                e.prevent_default();
                on_text(text);
            }
        });
    document
        .add_event_listener_with_callback("paste", closure.as_ref().unchecked_ref())
        .ok()?;
    Some(PasteListener { document, closure })
}

/// Removes the page-wide paste listener when dropped.
pub struct PasteListener {
    document: web_sys::Document,
    closure: wasm_bindgen::prelude::Closure<dyn Fn(web_sys::ClipboardEvent)>,
}

impl Drop for PasteListener {
    fn drop(&mut self) {
        use wasm_bindgen::JsCast;
        let _ = self
            .document
            .remove_event_listener_with_callback("paste", self.closure.as_ref().unchecked_ref());
    }
}

/// Scrolls the element `id` to the top of the viewport when the window is narrower than
/// `max_width` CSS pixels (where the page is one column and it would be off screen).
pub fn scroll_into_view_when_narrow(id: &str, max_width: f64) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let narrow = window
        .inner_width()
        .ok()
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w < max_width);
    if !narrow {
        return;
    }
    if let Some(el) = window.document().and_then(|d| d.get_element_by_id(id)) {
        el.scroll_into_view();
    }
}

/// The page's clock in milliseconds (`performance.now()`), for timing work; 0 without one.
pub fn clock_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

thread_local! {
    /// What [`in_next_task`] was asked to run, in order.
    static WAITING: std::cell::RefCell<std::collections::VecDeque<Box<dyn FnOnce()>>> =
        const { std::cell::RefCell::new(std::collections::VecDeque::new()) };
    /// The channel the page posts itself a message on, and its listener (one for every call).
    static CHANNEL: Option<(web_sys::MessageChannel, wasm_bindgen::prelude::Closure<dyn FnMut()>)> = {
        use wasm_bindgen::JsCast;
        let channel = web_sys::MessageChannel::new().ok()?;
        let listener = wasm_bindgen::prelude::Closure::<dyn FnMut()>::new(run_waiting);
        channel.port1().set_onmessage(Some(listener.as_ref().unchecked_ref()));
        Some((channel, listener))
    };
}

/// Runs `then` in a task of its own, once the browser has handled what waits (input, a frame
/// that is due): a message the page posts to itself, which, unlike `setTimeout(0)`, is not held
/// back 4 ms when one follows another.
pub fn in_next_task(then: impl FnOnce() + 'static) {
    WAITING.with(|w| w.borrow_mut().push_back(Box::new(then)));
    let posted = CHANNEL.with(|c| {
        c.as_ref().is_some_and(|(channel, _)| {
            channel
                .port2()
                .post_message(&wasm_bindgen::JsValue::NULL)
                .is_ok()
        })
    });
    if !posted {
        gloo_timers::callback::Timeout::new(0, run_waiting).forget();
    }
}

/// Runs the first thing [`in_next_task`] was asked to run.
fn run_waiting() {
    let next = WAITING.with(|w| w.borrow_mut().pop_front());
    if let Some(then) = next {
        then();
    }
}
