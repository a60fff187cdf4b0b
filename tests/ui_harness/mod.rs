//! What the browser tests share: each test mounts its own component in its own container, reads
//! only that container, and waits for what it expects with a deadline instead of sleeping for a
//! fixed time (so a busy machine makes a test slower, never red).
#![allow(dead_code)]

use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, HtmlSelectElement, HtmlTextAreaElement};

/// How long a test waits for the page to show what it expects before it fails.
const DEADLINE_MS: f64 = 15_000.0;
/// How often it looks again meanwhile.
const POLL_MS: u32 = 5;

pub fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Calls `probe` until it returns `Some`, or fails the test naming `what` after the deadline.
pub async fn wait_for<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let start = js_sys::Date::now();
    loop {
        if let Some(found) = probe() {
            return found;
        }
        if js_sys::Date::now() - start > DEADLINE_MS {
            panic!("gave up after {DEADLINE_MS} ms waiting for {what}");
        }
        TimeoutFuture::new(POLL_MS).await;
    }
}

/// A component mounted in a container of its own, removed again when dropped.
pub struct Mounted<C: yew::BaseComponent> {
    pub root: Element,
    handle: Option<yew::AppHandle<C>>,
}

impl<C: yew::BaseComponent> Drop for Mounted<C> {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            h.destroy();
        }
        self.root.remove();
    }
}

/// Mounts `C` with `props` in a new container and waits until `ready` (a selector) is in it.
pub async fn mount_with<C: yew::BaseComponent>(props: C::Properties, ready: &str) -> Mounted<C> {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let handle = yew::Renderer::<C>::with_root_and_props(root.clone(), props).render();
    let mounted = Mounted {
        root,
        handle: Some(handle),
    };
    mounted.wait(ready).await;
    mounted
}

impl<C: yew::BaseComponent> Mounted<C> {
    /// The first element in this container matching `selector`.
    pub fn query(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).unwrap()
    }

    /// Every element in this container matching `selector`.
    pub fn query_all(&self, selector: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(selector).unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i)?.dyn_into().ok())
            .collect()
    }

    /// Waits until an element matches `selector` and returns it.
    pub async fn wait(&self, selector: &str) -> Element {
        wait_for(selector, || self.query(selector)).await
    }

    /// Waits until no element matches `selector`.
    pub async fn wait_gone(&self, selector: &str) {
        wait_for(&format!("{selector} to go"), || {
            self.query(selector).is_none().then_some(())
        })
        .await
    }

    /// Waits until the element `selector` has a text for which `ok` holds, and returns that text.
    pub async fn wait_text(&self, selector: &str, ok: impl Fn(&str) -> bool) -> String {
        wait_for(&format!("the text of {selector}"), || {
            let text = self.query(selector)?.text_content().unwrap_or_default();
            ok(&text).then_some(text)
        })
        .await
    }

    /// The text of the first element matching `selector` (empty when there is none).
    pub fn text(&self, selector: &str) -> String {
        self.query(selector)
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    }

    /// Sets the textarea `#id`'s value and fires the `input` event a keystroke or paste would.
    pub fn type_into(&self, id: &str, text: &str) {
        let area: HtmlTextAreaElement = self
            .query(&format!("#{id}"))
            .unwrap_or_else(|| panic!("no #{id}"))
            .dyn_into()
            .unwrap();
        area.set_value(text);
        let init = web_sys::InputEventInit::new();
        init.set_bubbles(true);
        area.dispatch_event(
            &web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap(),
        )
        .unwrap();
    }

    /// Picks `value` in the select `#id` and fires `change`.
    pub fn choose(&self, id: &str, value: &str) {
        let select: HtmlSelectElement = self
            .query(&format!("#{id}"))
            .unwrap_or_else(|| panic!("no #{id}"))
            .dyn_into()
            .unwrap();
        select.set_value(value);
        select
            .dispatch_event(&web_sys::Event::new("change").unwrap())
            .unwrap();
    }

    /// Clicks the element matching `selector`.
    pub fn click(&self, selector: &str) {
        self.query(selector)
            .unwrap_or_else(|| panic!("nothing to click at {selector}"))
            .dyn_into::<HtmlElement>()
            .unwrap()
            .click();
    }

    /// Fires a `keydown` of `key` (e.g. "ArrowRight") at the element matching `selector`.
    pub fn press(&self, selector: &str, key: &str) {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(key);
        init.set_bubbles(true);
        self.query(selector)
            .unwrap_or_else(|| panic!("no {selector}"))
            .dispatch_event(
                &web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
                    .unwrap(),
            )
            .unwrap();
    }
}
