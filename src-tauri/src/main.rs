// Prevents an extra console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // First, before any thread exists: GTK and WebKit read these variables once, when they start.
    delegation_desk_lib::display::prepare();
    delegation_desk_lib::run();
}
