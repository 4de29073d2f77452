//! Closing the window without losing what was typed. The UI saves a little after each change, so at
//! any moment some text may be on screen only. A close request (the window's close button, Alt+F4, the
//! window manager) is therefore held: the shell tells the UI ([`CLOSE_REQUESTED`]), the UI saves what
//! is pending and then calls `close_window`, which closes for real; or, when it could not save, calls
//! `cancel_close` and says so, so the person can retry or close again knowingly. If the page does not
//! answer at all (a broken page, a hung script) the window still closes after [`FALLBACK`] (or
//! `DESK_CLOSE_WAIT_SECS` seconds: the end-to-end tests set it high, so that only the UI's answer can
//! close the window there).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tauri::{Emitter, Manager, Runtime, Window, WindowEvent};

/// The event the UI listens to: "save what is pending, then call `close_window`".
pub const CLOSE_REQUESTED: &str = "desk://close-requested";

/// How long a close request waits for the UI before the window closes anyway.
pub const FALLBACK: Duration = Duration::from_secs(5);

/// [`FALLBACK`], or `DESK_CLOSE_WAIT_SECS` when that is set to a number of seconds.
pub fn fallback() -> Duration {
    std::env::var("DESK_CLOSE_WAIT_SECS")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .map(Duration::from_secs)
        .unwrap_or(FALLBACK)
}

/// The close requests in flight; each request or cancellation starts a new generation, so only the
/// latest request's fallback can still close the window.
#[derive(Default)]
pub struct Closing {
    generation: AtomicU64,
}

impl Closing {
    /// Forgets any close request in flight (its fallback will not fire).
    pub fn cancel(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }
}

/// The window event hook: holds a close request and asks the UI to save first.
pub fn on_window_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    let WindowEvent::CloseRequested { api, .. } = event else {
        return;
    };
    let Some(closing) = window.try_state::<Closing>() else {
        return; // no state, nothing to wait for: let it close
    };
    api.prevent_close();
    let generation = closing.generation.fetch_add(1, Ordering::SeqCst) + 1;
    if window.emit(CLOSE_REQUESTED, ()).is_err() {
        let _ = window.destroy();
        return;
    }
    let window = window.clone();
    let wait = fallback();
    std::thread::spawn(move || {
        std::thread::sleep(wait);
        let still_wanted = window
            .try_state::<Closing>()
            .is_some_and(|c| c.generation.load(Ordering::SeqCst) == generation);
        if still_wanted {
            eprintln!(
                "Delegation Desk: the page did not answer the close request within {wait:?}; closing anyway"
            );
            let _ = window.destroy();
        }
    });
}
