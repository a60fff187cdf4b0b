//! Mounts the Yew app; nothing else.

fn main() {
    #[cfg(target_arch = "wasm32")]
    mi_token_inspector::ui::start();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("This binary is the web app's entry point; build it with `scripts/serve`. For a terminal, use mi-inspect.");
}
