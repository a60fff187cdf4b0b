//! Mounts the Yew app; nothing else.

fn main() {
    #[cfg(target_arch = "wasm32")]
    yew::Renderer::<mi_token_inspector::ui::App>::new().render();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("This binary is the web app's entry point; build it with `scripts/serve`. For a terminal, use mi-inspect.");
}
