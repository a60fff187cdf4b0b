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
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
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
