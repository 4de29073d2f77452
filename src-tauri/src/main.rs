// Prevents an extra console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    use_webkit_legacy_renderer_unless_asked();
    delegation_desk_lib::run();
}

/// WebKitGTK's DMA-BUF renderer (its default since 2.42) presents a frame only every 80-100 ms on a
/// laptop without a usable GPU driver (software GL: measured on the project's machine, where each view
/// then waited a frame or two of that length after it was ready; with the legacy renderer frames came
/// every 16 ms and a view is on screen one frame after it is ready, see docs/benchmarks.md). It also
/// leaves the window blank on some NVIDIA and Wayland set-ups, which Tauri's maintainers and WebKitGTK's
/// answer with this same variable. So the app asks for the legacy renderer, unless the person starting
/// it already set the variable (`WEBKIT_DISABLE_DMABUF_RENDERER=0` keeps the DMA-BUF renderer).
/// Called first in `main`, before any thread exists, as setting the environment requires.
fn use_webkit_legacy_renderer_unless_asked() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_none() {
        std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
    }
}
